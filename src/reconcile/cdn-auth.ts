import type { Authorization, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import type { Origin } from '@aws-sdk/client-cloudfront'
import type { CdnIdentifier } from '../aws/secrets.js'
import { PLACEHOLDER_DOMAIN } from '../distribution/constants.js'
import { UserError } from '../errors.js'
import type { ChannelSpec } from '../manifest/definition.js'
import { authorizationRequest, sameAuthorization } from './endpoint-diff.js'
import type { Change, ChannelObservation } from './model.js'
import type { Runtime } from './runtime.js'

/**
 * MediaPackage accepts the secret's current value and the one before; it takes up to 10 minutes to
 * notice a new version (user guide, "Rotating CDN authorization"). Until then the old header stays.
 */
export const ROTATION_GRACE_MS = 10 * 60_000

/** What the channel's endpoints must carry, and the identifier's value (apply mode only). */
export interface CdnAuth {
  /** undefined: CDN authorization is off for this channel (the manifest names none). */
  authorization?: Authorization | undefined
  identifier?: CdnIdentifier | undefined
  /** Plan mode: the secret apply would create. */
  secretToCreate?: string | undefined
  /** Apply mode: the secret this run created. */
  created?: Change | undefined
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
  const config = spec['cdn-authorization']
  if (!config) return {}
  if (!observed.secret && !config['create-secret']) throw missingSecret(spec, config.secret)
  const arn = observed.secret?.arn ?? `${config.secret} (created by apply)`
  return { authorization: { CdnIdentifierSecret: arn, SecretsRoleArn: config['role-arn'] }, secretToCreate: observed.secret ? undefined : config.secret }
}

/** Apply mode: the secret's current value, creating the secret first when the manifest allows it. */
export async function resolveCdnAuth(rt: Runtime, spec: ChannelSpec, observed: ChannelObservation): Promise<CdnAuth> {
  const config = spec['cdn-authorization']
  if (!config) return {}
  let identifier = observed.secret?.current
  let created: Change | undefined
  if (!identifier) {
    if (!config['create-secret']) throw missingSecret(spec, config.secret)
    if (config.secret.startsWith('arn:')) {
      throw new UserError(`Channel ${spec.id}: create-secret needs a secret name, not an ARN (${config.secret}): a new secret's ARN is chosen by AWS.`)
    }
    identifier = await rt.services.secrets.create(config.secret)
    created = { resource: 'secret', id: config.secret, action: 'create', details: ['random UUID as MediaPackageCDNIdentifier'] }
  }
  return { authorization: { CdnIdentifierSecret: identifier.arn, SecretsRoleArn: config['role-arn'] }, identifier, created }
}

/**
 * The header value the origin should send. A new secret version replaces the header only once it is
 * old enough for MediaPackage to accept it; before that the old header, still accepted as the previous
 * version, stays, and `lines` says when a rerun finishes the rotation.
 */
export async function chooseHeader(rt: Runtime, secretId: string, identifier: CdnIdentifier, currentHeader: string | undefined, lines: string[]): Promise<string> {
  if (currentHeader === undefined || currentHeader === identifier.value) return identifier.value
  const readyAt = identifier.createdAt.getTime() + ROTATION_GRACE_MS
  if (rt.now() >= readyAt) return identifier.value
  const previous = await rt.services.secrets.readIdentifier(secretId, 'AWSPREVIOUS')
  // The header is neither version: viewers fail already, so waiting would only prolong it.
  if (previous?.value !== currentHeader) return identifier.value
  lines.push(
    `CDN identifier rotation pending: the secret's new version is younger than 10 minutes; the header keeps the previous ` +
      `value (still accepted) and a run after ${new Date(readyAt).toISOString()} switches it`
  )
  return currentHeader
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
export async function applyAuthorization(rt: Runtime, pending: readonly Change[], endpoints: OriginEndpoint[], authorization: Authorization | undefined): Promise<OriginEndpoint[]> {
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
