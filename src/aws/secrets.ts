import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { randomUUID } from 'node:crypto'
import { UserError } from '../errors.js'
import { AwsCaller } from './call.js'

/** The key MediaPackage reads in the secret's JSON (user guide, "CDN authorization"). */
export const CDN_IDENTIFIER_KEY = 'MediaPackageCDNIdentifier'

/** One version of the CDN identifier: the value is a credential, masked the moment it is read. */
export interface CdnIdentifier {
  arn: string
  value: string
  versionId: string
  createdAt: Date
}

function parseIdentifier(secretId: string, text: string | undefined): string {
  let value: unknown
  try {
    value = (JSON.parse(text ?? '') as Record<string, unknown>)[CDN_IDENTIFIER_KEY]
  } catch {
    value = undefined
  }
  if (typeof value !== 'string' || value.length < 8 || value.length > 128) {
    throw new UserError(`Secret ${secretId} must be JSON with a "${CDN_IDENTIFIER_KEY}" key whose value is 8 to 128 characters (a UUID is recommended).`)
  }
  return value
}

/** Exactly the Secrets Manager calls CDN authorization needs. */
export class Secrets {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly mask: (value: string) => void,
    private readonly aws: AwsCaller = new AwsCaller('secretsmanager')
  ) {}

  /** The identifier at a stage (AWSCURRENT, AWSPREVIOUS), or undefined when the secret or that stage does not exist. */
  async readIdentifier(secretId: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS' = 'AWSCURRENT'): Promise<CdnIdentifier | undefined> {
    const out = await this.aws.call({
      operation: 'GetSecretValue',
      resource: `secret ${secretId}`,
      send: () => this.client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage })),
      expected: ['ResourceNotFoundException']
    })
    if (!out) return undefined
    const value = parseIdentifier(secretId, out.SecretString)
    this.mask(value)
    return { arn: out.ARN ?? secretId, value, versionId: out.VersionId ?? '', createdAt: out.CreatedDate ?? new Date(0) }
  }

  /** The secret's ARN without reading its value (plan mode), or undefined when it does not exist. */
  async describe(secretId: string): Promise<{ arn: string } | undefined> {
    const out = await this.aws.call({
      operation: 'DescribeSecret',
      resource: `secret ${secretId}`,
      send: () => this.client.send(new DescribeSecretCommand({ SecretId: secretId })),
      expected: ['ResourceNotFoundException']
    })
    return out && { arn: out.ARN ?? secretId }
  }

  /** Creates the secret with a random UUIDv4, as AWS recommends. */
  async create(name: string): Promise<CdnIdentifier> {
    const value = randomUUID()
    this.mask(value)
    const out = await this.aws.call({
      operation: 'CreateSecret',
      resource: `secret ${name}`,
      send: () =>
        this.client.send(
          new CreateSecretCommand({
            Name: name,
            Description: 'MediaPackage CDN authorization identifier (X-MediaPackage-CDNIdentifier), made by mediapackage-cloudfront-action',
            SecretString: JSON.stringify({ [CDN_IDENTIFIER_KEY]: value })
          })
        )
    })
    return { arn: out.ARN ?? name, value, versionId: out.VersionId ?? '', createdAt: new Date() }
  }
}
