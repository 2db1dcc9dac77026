/**
 * What a MediaPackage v2 egress host answers CloudFront: the endpoint the path names, and whether
 * the endpoint's resource policy lets this request through. With origin access control CloudFront
 * signs as the service principal `cloudfront.amazonaws.com`, and the policy grants it
 * `mediapackagev2:GetObject` on the endpoint for one distribution (`aws:SourceArn`):
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-mediapackage.html
 * Without a policy, or without a statement that allows the request, access is implicitly denied
 * (https://docs.aws.amazon.com/mediapackage/latest/userguide/policies-permissions.html).
 */
import type { OriginAccessControlRecord } from './cloudfront-oac.js'
import type { ChannelGroupRecord, OriginEndpointRecord } from './mediapackagev2-model.js'

export const CLOUDFRONT_SERVICE_PRINCIPAL = 'cloudfront.amazonaws.com'
export const GET_OBJECT_ACTION = 'mediapackagev2:GetObject'

export interface V2OriginRequest {
  /** The channel group whose egress domain the origin points at. */
  group: ChannelGroupRecord
  /** OriginPath + the viewer's path; a query string is ignored. */
  path: string
  /** The origin's OAC, if it has one. */
  originAccessControl: OriginAccessControlRecord | undefined
  /** The distribution the request comes through (`aws:SourceArn` of a signed request). */
  distributionArn: string
  accountId: string
}

/** Who is asking: CloudFront signing as its service principal, or nobody (an unsigned request). */
interface RequestContext {
  service: string | undefined
  action: string
  resource: string
  /** Condition keys, lower-cased as IAM compares them. */
  keys: Record<string, string>
}

/**
 * Does OAC sign this origin request for MediaPackage v2? `always` signs; `no-override` signs when the
 * viewer sent no Authorization header, and the fake forwards no viewer headers; `never` doesn't.
 * An OAC of another origin type signs for another service, which MediaPackage v2 doesn't accept.
 */
function signedForMediaPackageV2(oac: OriginAccessControlRecord | undefined): boolean {
  if (!oac || oac.config.OriginAccessControlOriginType !== 'mediapackagev2') return false
  return oac.config.SigningBehavior === 'always' || oac.config.SigningBehavior === 'no-override'
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v])

/** IAM's wildcard match (`*`, `?`), case-sensitive unless told otherwise. */
function globMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(value)
}

function principalMatches(principal: unknown, ctx: RequestContext): boolean {
  if (principal === '*') return true
  if (typeof principal !== 'object' || principal === null) return false
  const p = principal as Record<string, unknown>
  if (asList(p.AWS).includes('*')) return true
  return ctx.service !== undefined && asList(p.Service).includes(ctx.service)
}

const POSITIVE: Record<string, (pattern: string, value: string) => boolean> = {
  stringequals: (p, v) => p === v,
  arnequals: (p, v) => p === v,
  stringlike: (p, v) => globMatches(p, v),
  arnlike: (p, v) => globMatches(p, v)
}
const NEGATIVE: Record<string, (pattern: string, value: string) => boolean> = {
  stringnotequals: (p, v) => p === v,
  arnnotequals: (p, v) => p === v,
  stringnotlike: (p, v) => globMatches(p, v),
  arnnotlike: (p, v) => globMatches(p, v)
}

/**
 * The string and ARN condition operators. Any other operator (IpAddress, Bool, …) needs request
 * facts the fake doesn't have, so a statement that uses one never applies.
 */
function conditionsHold(condition: unknown, ctx: RequestContext): boolean {
  if (condition === undefined) return true
  if (typeof condition !== 'object' || condition === null) return false
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    const op = operator.toLowerCase()
    const positive = POSITIVE[op]
    const negative = NEGATIVE[op]
    if ((!positive && !negative) || typeof block !== 'object' || block === null) return false
    for (const [key, expected] of Object.entries(block as Record<string, unknown>)) {
      const actual = ctx.keys[key.toLowerCase()]
      const patterns = asList(expected).filter((x): x is string => typeof x === 'string')
      if (positive && (actual === undefined || !patterns.some((p) => positive(p, actual)))) return false
      if (negative && actual !== undefined && patterns.some((p) => negative(p, actual))) return false
    }
  }
  return true
}

function statementApplies(s: Record<string, unknown>, ctx: RequestContext): boolean {
  if (s.NotPrincipal !== undefined || s.NotResource !== undefined) return false
  if (!principalMatches(s.Principal, ctx)) return false
  const actionMatches = (list: unknown) => asList(list).some((a) => typeof a === 'string' && globMatches(a, ctx.action, true))
  if (s.Action !== undefined ? !actionMatches(s.Action) : actionMatches(s.NotAction)) return false
  // MediaPackage allows no wildcards in a resource-based policy's resource ARN: it must be the endpoint's.
  if (!asList(s.Resource).includes(ctx.resource)) return false
  return conditionsHold(s.Condition, ctx)
}

/** IAM's rule for one resource policy: an explicit Deny wins, else an Allow grants, else denied. */
export function policyAllows(policy: string | undefined, ctx: RequestContext): boolean {
  if (policy === undefined) return false
  let statements: unknown[]
  try {
    statements = asList((JSON.parse(policy) as { Statement?: unknown }).Statement)
  } catch {
    return false
  }
  const applying = statements.filter(
    (s): s is Record<string, unknown> => typeof s === 'object' && s !== null && statementApplies(s as Record<string, unknown>, ctx)
  )
  if (applying.some((s) => s.Effect === 'Deny')) return false
  return applying.some((s) => s.Effect === 'Allow')
}

/**
 * The files an endpoint serves: each manifest at its URL, and child playlists and segments, which
 * the fake takes to be any file whose name starts with a manifest's, child manifest's or the
 * segment's name followed by `_` or `-` (MediaPackage's UNDERSCORE and HYPHEN URI separators).
 */
function servesFile(endpoint: OriginEndpointRecord, file: string): boolean {
  const hls = [...endpoint.HlsManifests, ...endpoint.LowLatencyHlsManifests]
  const exact = [
    ...hls.map((m) => `${m.ManifestName}.m3u8`),
    ...endpoint.DashManifests.map((m) => `${m.ManifestName}.mpd`),
    ...endpoint.MssManifests.map((m) => `${m.ManifestName}.ism/Manifest`)
  ]
  if (exact.includes(file)) return true
  const stems = [
    ...hls.flatMap((m) => [m.ManifestName, m.ChildManifestName]),
    ...endpoint.DashManifests.map((m) => m.ManifestName),
    ...endpoint.MssManifests.map((m) => m.ManifestName),
    endpoint.Segment.SegmentName
  ].filter((s): s is string => typeof s === 'string' && s !== '')
  return stems.some((stem) => file.length > stem.length + 1 && file.startsWith(stem) && '_-'.includes(file.charAt(stem.length)))
}

/**
 * The status MediaPackage v2 answers: 404 when the path names no endpoint of this group, 403 when
 * the endpoint's policy doesn't let this request through, 404 for a file the endpoint doesn't
 * serve, else 200.
 */
export function mediaPackageV2OriginResponse(request: V2OriginRequest): number {
  const path = request.path.split('?')[0] ?? ''
  const match = /^\/out\/v1\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(path)
  if (!match) return 404
  const [, groupName, channelName, endpointName, file] = match
  if (groupName !== request.group.ChannelGroupName) return 404
  const endpoint = request.group.channels.get(channelName ?? '')?.endpoints.get(endpointName ?? '')
  if (!endpoint) return 404
  const signed = signedForMediaPackageV2(request.originAccessControl)
  const ctx: RequestContext = {
    service: signed ? CLOUDFRONT_SERVICE_PRINCIPAL : undefined,
    action: GET_OBJECT_ACTION,
    resource: endpoint.Arn,
    keys: signed ? { 'aws:sourcearn': request.distributionArn, 'aws:sourceaccount': request.accountId } : {}
  }
  if (!policyAllows(endpoint.policy, ctx)) return 403
  return servesFile(endpoint, file ?? '') ? 200 : 404
}
