import type { Authorization, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import { hole, isHole, type Known } from '../../change.js'
import type { CdnIdentifier, Secrets } from '../../aws/secrets.js'
import type { HeaderDecision } from '../../cloudfront/intent.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import { ROTATION_GRACE_MS } from './console.js'
import { sameAuthorization } from './endpoint-diff.js'
import type { V1Seen } from './observe.js'

/**
 * CDN authorization as the manifest asks for it:
 * - `unmanaged`: the manifest leaves `cdn-authorization` out; endpoints and header stay as they are, and
 *   new endpoints follow what the channel's endpoints already have, or they would be cut off;
 * - `off`: no endpoint requires the header, the origin sends none;
 * - `on`: every endpoint requires the header, whose value is the secret's (known after apply in plan mode).
 */
export type CdnAuth =
  | { kind: 'unmanaged'; inherited?: Authorization | undefined }
  | { kind: 'off' }
  | { kind: 'on'; secretId: string; roleArn: string; secretArn: Known<string>; value: Known<CdnIdentifier>; createSecret: boolean }

/** The Authorization every existing endpoint shares, if they all share one. */
function inherited(endpoints: readonly OriginEndpoint[]): Authorization | undefined {
  const first = endpoints[0]?.Authorization
  return first && endpoints.every((endpoint) => sameAuthorization(endpoint.Authorization, first)) ? first : undefined
}

function missingSecret(spec: ChannelSpec, secretId: string): UserError {
  return new UserError(
    `Channel ${spec.id}: the CDN authorization secret ${secretId} does not exist in the channel's account and Region. ` +
      'Create it (JSON {"MediaPackageCDNIdentifier": "<uuid>"}) or set cdn-authorization.create-secret: true.'
  )
}

/** The decision, from the manifest and what was read. The manifest was validated: `on` has a secret and a role. */
export function decideCdnAuth(spec: ChannelSpec, seen: V1Seen): CdnAuth {
  const config = spec['cdn-authorization']
  if (!config) return { kind: 'unmanaged', inherited: inherited(seen.endpoints) }
  if (config.enabled === false) return { kind: 'off' }
  const secretId = config.secret!
  const createSecret = config['create-secret'] === true
  if (!seen.secret) {
    if (!createSecret) throw missingSecret(spec, secretId)
    if (secretId.startsWith('arn:')) {
      throw new UserError(`Channel ${spec.id}: create-secret needs a secret name, not an ARN (${secretId}): a new secret's ARN is chosen by AWS.`)
    }
  }
  return {
    kind: 'on',
    secretId,
    roleArn: config['role-arn']!,
    secretArn: seen.secret?.arn ?? hole(`the ARN of the new secret ${secretId}`),
    value: seen.secret?.current ?? hole('the secret value (plan mode never reads it)'),
    createSecret: !seen.secret
  }
}

/** The Authorization endpoints get: none when off, inherited when unmanaged. */
export function authorizationOf(auth: CdnAuth): Known<Authorization> | undefined {
  if (auth.kind === 'unmanaged') return auth.inherited
  if (auth.kind === 'off') return undefined
  return isHole(auth.secretArn) ? auth.secretArn : { CdnIdentifierSecret: auth.secretArn, SecretsRoleArn: auth.roleArn }
}

/**
 * The header the origin should send. A new secret version replaces the header only once it is old
 * enough for MediaPackage to accept it; before that the old header, still accepted as the previous
 * version, stays, and `pending` says when a rerun finishes the rotation.
 */
export async function chooseHeader(options: {
  auth: CdnAuth
  currentHeader: string | undefined
  secrets: Secrets
  now: number
}): Promise<{ decision: HeaderDecision; pending?: string | undefined }> {
  const { auth, currentHeader } = options
  if (auth.kind === 'unmanaged') return { decision: { kind: 'keep' } }
  if (auth.kind === 'off') return { decision: { kind: 'none' } }
  if (isHole(auth.value)) return { decision: { kind: 'value', value: auth.value } }
  const identifier = auth.value
  if (currentHeader === undefined || currentHeader === identifier.value) return { decision: { kind: 'value', value: identifier.value } }
  const readyAt = identifier.createdAt.getTime() + ROTATION_GRACE_MS
  if (options.now >= readyAt) return { decision: { kind: 'value', value: identifier.value } }
  const previous = await options.secrets.readIdentifier(auth.secretId, 'AWSPREVIOUS')
  // The header is neither version: viewers fail already, so waiting would only prolong it.
  if (previous?.value !== currentHeader) return { decision: { kind: 'value', value: identifier.value } }
  const pending =
    `CDN identifier rotation pending: the secret's new version is younger than 10 minutes, so the header keeps the ` +
    `previous value (still accepted); a run after ${new Date(readyAt).toISOString()} completes the rotation`
  return { decision: { kind: 'value', value: currentHeader }, pending }
}

/** The decision before any secret is read: what plan mode shows, and apply's starting point. */
export function plannedHeader(auth: CdnAuth): HeaderDecision {
  if (auth.kind === 'unmanaged') return { kind: 'keep' }
  if (auth.kind === 'off') return { kind: 'none' }
  return { kind: 'value', value: isHole(auth.value) ? auth.value : auth.value.value }
}
