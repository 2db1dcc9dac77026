import type { Authorization, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import type { Origin } from '@aws-sdk/client-cloudfront'
import type { CdnIdentifier } from '../../aws/secrets.js'
import { PLACEHOLDER_DOMAIN } from '../../cloudfront/constants.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import { authorizationRequest, sameAuthorization } from './endpoint-diff.js'
import type { Change, ChannelObservation } from '../../workflow/model.js'
import type { Runtime } from '../../workflow/runtime.js'

/**
 * MediaPackage accepts the secret's current value and the one before; it takes up to 10 minutes to
 * notice a new version (user guide, "Rotating CDN authorization"). Until then the old header stays.
 */
export const ROTATION_GRACE_MS = 10 * 60_000

/** What the channel's endpoints must carry, and the identifier's value (apply mode only). */
export interface CdnAuth {
  /**
   * false when the manifest does not name `cdn-authorization`: it stays as it is (endpoints, header).
   * New endpoints then follow what the channel's endpoints already have, or they would be cut off.
   */
  managed: boolean
  /** The Authorization endpoints get; undefined: none (off, or unmanaged on a channel without it). */
  authorization?: Authorization | undefined
  identifier?: CdnIdentifier | undefined
  /** The secret, as the manifest names it. */
  secretId?: string | undefined
  /** Plan mode: the secret apply would create. */
  secretToCreate?: string | undefined
  /** Apply mode: the secret this run created. */
  created?: Change | undefined
}

interface Wanted {
  secret: string
  roleArn: string
  create: boolean
}

/** On (with its secret and role), off, or not the manifest's business. The manifest was validated: on has both. */
function wanted(spec: ChannelSpec): Wanted | 'off' | undefined {
  const config = spec['cdn-authorization']
  if (!config) return undefined
  if (config.enabled === false) return 'off'
  return { secret: config.secret!, roleArn: config['role-arn']!, create: config['create-secret'] === true }
}

/** The Authorization every existing endpoint shares, if they all share one. */
function inherited(endpoints: readonly OriginEndpoint[]): Authorization | undefined {
  const first = endpoints[0]?.Authorization
  return first && endpoints.every((endpoint) => sameAuthorization(endpoint.Authorization, first)) ? first : undefined
}

export const THREE_PHASES =
  'three phases so no viewer request fails: 1) behaviors go through an origin group that tries the origin with the ' +
  'CDN header and fails over (403/404) to the same origin without it, then wait for Deployed; 2) the endpoints change; ' +
  '3) back to the single origin, then wait for Deployed'

function missingSecret(spec: ChannelSpec, secretId: string): UserError {
  return new UserError(
    `Channel ${spec.id}: the CDN authorization secret ${secretId} does not exist in the channel's account and Region. ` +
      'Create it (JSON {"MediaPackageCDNIdentifier": "<uuid>"}) or set cdn-authorization.create-secret: true.'
  )
}

/** Plan mode: the secret's ARN is known (or will be created); its value is never read. */
export function planCdnAuth(spec: ChannelSpec, observed: ChannelObservation): CdnAuth {
  const want = wanted(spec)
  if (want === undefined) return { managed: false, authorization: inherited(observed.endpoints) }
  if (want === 'off') return { managed: true }
  if (!observed.secret && !want.create) throw missingSecret(spec, want.secret)
  const arn = observed.secret?.arn ?? `${want.secret} (created by apply)`
  return {
    managed: true,
    authorization: { CdnIdentifierSecret: arn, SecretsRoleArn: want.roleArn },
    secretId: want.secret,
    secretToCreate: observed.secret ? undefined : want.secret
  }
}

/** Apply mode: the secret's current value, creating the secret first when the manifest allows it. */
export async function resolveCdnAuth(rt: Runtime, spec: ChannelSpec, observed: ChannelObservation): Promise<CdnAuth> {
  const want = wanted(spec)
  if (want === undefined) return { managed: false, authorization: inherited(observed.endpoints) }
  if (want === 'off') return { managed: true }
  let identifier = observed.secret?.current
  let created: Change | undefined
  if (!identifier) {
    if (!want.create) throw missingSecret(spec, want.secret)
    if (want.secret.startsWith('arn:')) {
      throw new UserError(`Channel ${spec.id}: create-secret needs a secret name, not an ARN (${want.secret}): a new secret's ARN is chosen by AWS.`)
    }
    identifier = await rt.services.secrets.create(want.secret)
    created = { resource: 'secret', id: want.secret, action: 'create', details: ['random UUID as MediaPackageCDNIdentifier'] }
  }
  return {
    managed: true,
    authorization: { CdnIdentifierSecret: identifier.arn, SecretsRoleArn: want.roleArn },
    identifier,
    secretId: want.secret,
    created
  }
}

export interface HeaderChoice {
  value: string
  /** Set while a rotation waits: when a rerun will complete it (for the log and the summary). */
  pending?: string | undefined
}

/**
 * The header value the origin should send. A new secret version replaces the header only once it is
 * old enough for MediaPackage to accept it; before that the old header, still accepted as the previous
 * version, stays, and `pending` says when a rerun finishes the rotation.
 */
export async function chooseHeader(rt: Runtime, secretId: string, identifier: CdnIdentifier, currentHeader: string | undefined): Promise<HeaderChoice> {
  if (currentHeader === undefined || currentHeader === identifier.value) return { value: identifier.value }
  const readyAt = identifier.createdAt.getTime() + ROTATION_GRACE_MS
  if (rt.now() >= readyAt) return { value: identifier.value }
  const previous = await rt.services.secrets.readIdentifier(secretId, 'AWSPREVIOUS')
  // The header is neither version: viewers fail already, so waiting would only prolong it.
  if (previous?.value !== currentHeader) return { value: identifier.value }
  const pending =
    `CDN identifier rotation pending: the secret's new version is younger than 10 minutes, so the header keeps the ` +
    `previous value (still accepted); a run after ${new Date(readyAt).toISOString()} completes the rotation`
  return { value: currentHeader, pending }
}

export function isPlaceholder(origin: Origin | undefined): boolean {
  return origin?.DomainName === PLACEHOLDER_DOMAIN
}

/**
 * A transition needs the bridge only when viewers may be watching: the distribution serves real
 * endpoints whose authorization must change. New channels and endpoints change directly.
 */
export function needsBridge(origin: Origin | undefined, pending: readonly Change[], turningOn: boolean, currentHeader: string | undefined): boolean {
  if (!origin || isPlaceholder(origin) || pending.length === 0) return false
  // Turning off while the origin sends no header: the endpoints already refuse every request, nothing to protect.
  return turningOn || currentHeader !== undefined
}

/**
 * Phase 2: sets or removes Authorization on each endpoint in `pending`, then checks MediaPackage's
 * answer. If an endpoint did not take the change, stop here: the bridge keeps serving either way.
 */
export async function applyAuthorization(
  rt: Runtime,
  pending: readonly Change[],
  endpoints: OriginEndpoint[],
  authorization: Authorization | undefined
): Promise<OriginEndpoint[]> {
  const updated = await Promise.all(
    endpoints.map(async (endpoint) => {
      if (!pending.some((change) => change.id === endpoint.Id)) return endpoint
      const answer = await rt.services.mediapackage.updateEndpoint(authorizationRequest(endpoint, authorization))
      if (!sameAuthorization(answer.Authorization, authorization)) {
        throw new UserError(
          `Endpoint ${endpoint.Id}: MediaPackage did not ${authorization ? 'enable' : 'disable'} CDN authorization. The distribution keeps ` +
            'the transition origin group, which serves viewers either way; check the role and secret, then run again.'
        )
      }
      return answer
    })
  )
  return updated
}
