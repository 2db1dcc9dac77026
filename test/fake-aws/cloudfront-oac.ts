/**
 * CloudFront origin access controls (OACs): what CreateOriginAccessControl and
 * UpdateOriginAccessControl accept, and the account's OACs with their ETags.
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html
 */
import type { OriginAccessControlConfig } from '@aws-sdk/client-cloudfront'
import type { IdSource } from './random.js'
import { ServiceError } from './service-error.js'

export interface OriginAccessControlRecord {
  Id: string
  ETag: string
  /** As returned: Description is '' when none was given. */
  config: OriginAccessControlConfig
}

export const OAC_NAME_MAX = 64
/** "Origin access controls per AWS account" (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html). */
export const MAX_ORIGIN_ACCESS_CONTROLS = 100
export const OAC_SIGNING_PROTOCOLS = ['sigv4'] as const
export const OAC_SIGNING_BEHAVIORS = ['always', 'never', 'no-override'] as const
export const OAC_ORIGIN_TYPES = ['s3', 'mediastore', 'mediapackagev2', 'lambda'] as const

const invalid = (message: string) => new ServiceError('InvalidArgument', 400, message)
const malformed = (member: string) => new ServiceError('MalformedXML', 400, `1 validation error detected: OriginAccessControlConfig.${member} is required`)

export const noSuchOriginAccessControl = (id: string) => new ServiceError('NoSuchOriginAccessControl', 404, `The origin access control does not exist. (${id})`)

function checkConfig(config: OriginAccessControlConfig): OriginAccessControlConfig {
  for (const member of ['Name', 'SigningProtocol', 'SigningBehavior', 'OriginAccessControlOriginType'] as const) {
    if (config[member] === undefined) throw malformed(member)
  }
  const name = config.Name ?? ''
  if (name.length < 1 || name.length > OAC_NAME_MAX) throw invalid(`The parameter Name must be 1 to ${OAC_NAME_MAX} characters long. ("${name}")`)
  const oneOf = (member: keyof OriginAccessControlConfig, allowed: readonly string[]) => {
    const v = String(config[member])
    if (!allowed.includes(v)) throw invalid(`The parameter ${member} has an invalid value: ${v}. Allowed: ${allowed.join(', ')}.`)
  }
  oneOf('SigningProtocol', OAC_SIGNING_PROTOCOLS)
  oneOf('SigningBehavior', OAC_SIGNING_BEHAVIORS)
  oneOf('OriginAccessControlOriginType', OAC_ORIGIN_TYPES)
  return { ...config, Description: config.Description ?? '' }
}

const alreadyExists = (name: string) =>
  new ServiceError('OriginAccessControlAlreadyExists', 409, `An origin access control with the specified parameters already exists. (Name "${name}")`)

export class OriginAccessControls {
  /** By Id, in creation order (the List order). */
  readonly byId = new Map<string, OriginAccessControlRecord>()

  constructor(private readonly ids: IdSource) {}

  private newETag(): string {
    return `E${this.ids.upperAlnum(13)}`
  }

  get(id: string): OriginAccessControlRecord | undefined {
    return this.byId.get(id)
  }

  require(id: string): OriginAccessControlRecord {
    const oac = this.byId.get(id)
    if (!oac) throw noSuchOriginAccessControl(id)
    return oac
  }

  private nameTaken(name: string, except?: string): boolean {
    return [...this.byId.values()].some((o) => o.Id !== except && o.config.Name === name)
  }

  create(input: OriginAccessControlConfig): OriginAccessControlRecord {
    const config = checkConfig(input)
    if (this.nameTaken(config.Name ?? '')) throw alreadyExists(config.Name ?? '')
    if (this.byId.size >= MAX_ORIGIN_ACCESS_CONTROLS) {
      throw new ServiceError(
        'TooManyOriginAccessControls',
        400,
        `The account already has ${MAX_ORIGIN_ACCESS_CONTROLS} origin access controls, the most allowed.`
      )
    }
    const record = { Id: `E${this.ids.upperAlnum(13)}`, ETag: this.newETag(), config }
    this.byId.set(record.Id, record)
    return record
  }

  /** If-Match checks as UpdateDistribution's: missing → InvalidIfMatchVersion, stale → PreconditionFailed. */
  private checkIfMatch(oac: OriginAccessControlRecord, ifMatch: string | undefined): void {
    if (!ifMatch) throw new ServiceError('InvalidIfMatchVersion', 400, 'The If-Match version is missing or not valid for the resource.')
    if (ifMatch !== oac.ETag) {
      throw new ServiceError('PreconditionFailed', 412, 'The precondition given in one or more of the request-header fields evaluated to false.')
    }
  }

  update(id: string, ifMatch: string | undefined, input: OriginAccessControlConfig): OriginAccessControlRecord {
    const oac = this.require(id)
    this.checkIfMatch(oac, ifMatch)
    const config = checkConfig(input)
    if (this.nameTaken(config.Name ?? '', id)) throw alreadyExists(config.Name ?? '')
    oac.config = config
    oac.ETag = this.newETag()
    return oac
  }

  /** Refused while `usedBy` names a distribution whose origins use it. */
  delete(id: string, ifMatch: string | undefined, usedBy: string | undefined): void {
    const oac = this.require(id)
    this.checkIfMatch(oac, ifMatch)
    if (usedBy !== undefined) {
      throw new ServiceError(
        'OriginAccessControlInUse',
        409,
        `Cannot delete the origin access control because it's in use by one or more distributions. (${usedBy})`
      )
    }
    this.byId.delete(id)
  }
}
