/**
 * A viewer request through a fake CloudFront edge to the fake MediaPackage: which behavior matches,
 * which origin (or origin group member) is asked, with which custom headers, and what MediaPackage
 * answers under its CDN authorization rules (v1) or origin access control and endpoint policy (v2,
 * mediapackagev2-playback.ts). No HTTP is involved; the answer is a status per attempt.
 */
import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig, Origin } from '@aws-sdk/client-cloudfront'
import { egressDomain, type EndpointRecord } from './mediapackage-model.js'
import { mediaPackageV2OriginResponse } from './mediapackagev2-playback.js'
import { ServiceError } from './service-error.js'
import type { Edge, FakeState } from './state.js'
import { recordEgressRequest, recordViewerRequest } from './viewer-metrics.js'

/** The header CloudFront sends as an origin custom header when MediaPackage CDN authorization is on. */
export const CDN_IDENTIFIER_HEADER = 'X-MediaPackage-CDNIdentifier'
/** The key of the secret's JSON SecretString that holds the CDN identifier. */
export const CDN_IDENTIFIER_KEY = 'MediaPackageCDNIdentifier'
/** The domain the MediaPackage console puts on a distribution's placeholder origin. */
export const PLACEHOLDER_DOMAIN = 'mediapackage.amazonaws.com'

export interface PlaybackAttempt {
  /** The origin asked (a member of the origin group, when the behavior targets one). */
  originId: string
  /** What it answered. */
  status: number
}

export interface PlaybackResult {
  /** What the viewer gets. */
  status: number
  /** The id of the origin that answered (the last one asked); '' when no origin was asked. */
  origin: string
  /** Every origin request, in order: one, or two when an origin group failed over. */
  attempts: PlaybackAttempt[]
}

/**
 * CloudFront's path pattern match: `*` matches any run of characters (including `/` and none), `?`
 * exactly one, everything else itself, case-sensitively, against the whole path. A leading `/` is
 * optional on both sides (CloudFront treats `/images/*` and `images/*` alike). The query string is
 * not part of the path.
 */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const strip = (s: string) => (s.startsWith('/') ? s.slice(1) : s)
  const source = [...strip(pattern)].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')
  return new RegExp(`^${source}$`, 's').test(strip(withoutQuery(path)))
}

function withoutQuery(path: string): string {
  const at = path.indexOf('?')
  return at < 0 ? path : path.slice(0, at)
}

/** The behavior CloudFront picks: the first CacheBehavior whose PathPattern matches, else the default. */
export function matchBehavior(config: DistributionConfig, path: string): CacheBehavior | DefaultCacheBehavior | undefined {
  return (config.CacheBehaviors?.Items ?? []).find((b) => pathPatternMatches(b.PathPattern ?? '', path)) ?? config.DefaultCacheBehavior
}

/** The CDN identifier in a secret version's SecretString, if it is JSON with that key as a string. */
function identifierOf(secretString: string | undefined): string | undefined {
  if (secretString === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(secretString)
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const value = (parsed as Record<string, unknown>)[CDN_IDENTIFIER_KEY]
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** The endpoint serving `path` on the egress host: its URL (or a CMAF manifest URL) has the same `/out/v1/<hash>/` prefix. */
function endpointServing(state: FakeState, path: string): EndpointRecord | undefined {
  for (const e of state.endpoints.values()) {
    const urls = [e.Url, ...(e.CmafPackage?.HlsManifests ?? []).map((m) => m.Url)].filter((u): u is string => u !== undefined)
    for (const url of urls) {
      const prefix = /^\/out\/v1\/[^/]+\//.exec(new URL(url).pathname)?.[0]
      // Objects live right under the endpoint's prefix; a second `/out/v1/` (an Origin Path applied
      // twice) names nothing MediaPackage serves.
      if (prefix !== undefined && path.startsWith(prefix) && !path.slice(prefix.length).includes('out/v1/')) return e
    }
  }
  return undefined
}

/**
 * What MediaPackage answers an origin request for `path` on its egress host, with the request's
 * headers (names case-insensitive). CDN authorization rules (MediaPackage user guide):
 * - no endpoint serves the path → 404;
 * - endpoint with Authorization: no `X-MediaPackage-CDNIdentifier` → 403; a value equal to the
 *   `MediaPackageCDNIdentifier` of the secret's AWSCURRENT or AWSPREVIOUS version → 200; anything else
 *   (another value, a missing secret, a SecretString without that key) → 403;
 * - endpoint without Authorization: the header present → 404, absent → 200.
 * The secret is read on every request (MediaPackage caches it for some minutes; the fake does not).
 * A request an endpoint answers counts in its EgressRequestCount metric (`viewer-metrics.ts`).
 */
export function mediaPackageOriginResponse(state: FakeState, path: string, headers: Readonly<Record<string, string>>, now = Date.now()): number {
  const endpoint = endpointServing(state, withoutQuery(path))
  if (!endpoint) return 404
  const status = cdnAuthorization(state, endpoint, headers)
  recordEgressRequest(state, endpoint, status, now)
  return status
}

function cdnAuthorization(state: FakeState, endpoint: EndpointRecord, headers: Readonly<Record<string, string>>): number {
  const wanted = CDN_IDENTIFIER_HEADER.toLowerCase()
  const sent = Object.entries(headers).find(([name]) => name.toLowerCase() === wanted)?.[1]
  const auth = endpoint.Authorization
  if (!auth) return sent === undefined ? 200 : 404
  if (sent === undefined) return 403
  const secret = auth.CdnIdentifierSecret ? state.secret(auth.CdnIdentifierSecret) : undefined
  const accepted = (secret?.versions ?? [])
    .filter((v) => v.stages.includes('AWSCURRENT') || v.stages.includes('AWSPREVIOUS'))
    .map((v) => identifierOf(v.SecretString))
  return accepted.includes(sent) ? 200 : 403
}

/**
 * One origin request: OriginPath + path, with the origin's custom headers. The fake MediaPackage egress
 * host answers as `mediaPackageOriginResponse`; a MediaPackage v2 channel group's egress domain as
 * `mediaPackageV2OriginResponse` (origin access control and the endpoint policy); the console's
 * placeholder domain answers 404; any other domain is not reachable from the fake and answers 502.
 */
function originRequest(state: FakeState, origin: Origin, path: string, now: number, distributionArn: string): number {
  const domain = (origin.DomainName ?? '').toLowerCase()
  if (domain === PLACEHOLDER_DOMAIN) return 404
  const v2Group = state.mediaPackageV2.groupByEgressDomain(domain)
  if (v2Group) {
    const oacId = origin.OriginAccessControlId ?? ''
    return mediaPackageV2OriginResponse({
      group: v2Group,
      path: `${origin.OriginPath ?? ''}${path}`,
      originAccessControl: oacId === '' ? undefined : state.originAccessControls.get(oacId),
      distributionArn,
      accountId: state.accountId
    })
  }
  if (domain !== egressDomain(state.mediaPackage).toLowerCase()) return 502
  const headers: Record<string, string> = {}
  for (const h of origin.CustomHeaders?.Items ?? []) if (h.HeaderName !== undefined) headers[h.HeaderName] = h.HeaderValue ?? ''
  return mediaPackageOriginResponse(state, `${origin.OriginPath ?? ''}${path}`, headers, now)
}

/**
 * A viewer's GET of `path` (e.g. `/out/v1/<hash>/index.m3u8`) through an edge of the distribution.
 * The edge serves `state.edgeConfig(d, edge)`; an 'old' edge of a distribution that was never Deployed
 * has no config yet and answers 503 without asking any origin. The behavior is the first CacheBehavior
 * whose PathPattern matches, else the default. Its target is an origin, or an origin group: the primary
 * member is asked first and, when it answers a status in FailoverCriteria, the failover member. The
 * viewer gets the last answer. Nothing is cached, CustomErrorResponses are not applied, and the viewer's
 * own headers are not forwarded. A request an edge with a config answers counts in the distribution's
 * CloudFront Requests metric (`viewer-metrics.ts`).
 */
export function playback(state: FakeState, distributionId: string, path: string, edge: Edge, now = Date.now()): PlaybackResult {
  const d = state.distributions.get(distributionId)
  if (!d) throw new ServiceError('NoSuchDistribution', 404, `The specified distribution does not exist. (${distributionId})`)
  const config = state.edgeConfig(d, edge, now)
  if (!config) return { status: 503, origin: '', attempts: [] }
  recordViewerRequest(state, d.Id, now)
  const viewerPath = path.startsWith('/') ? path : `/${path}`
  const target = matchBehavior(config, viewerPath)?.TargetOriginId ?? ''
  const origins = config.Origins?.Items ?? []
  const originById = (id: string) => origins.find((o) => o.Id === id)
  const attempts: PlaybackAttempt[] = []
  const ask = (originId: string): number => {
    const origin = originById(originId)
    const status = origin ? originRequest(state, origin, viewerPath, now, d.ARN) : 502
    attempts.push({ originId, status })
    return status
  }
  const group = (config.OriginGroups?.Items ?? []).find((g) => g.Id === target)
  if (group) {
    const [primary, failover] = (group.Members?.Items ?? []).map((m) => m.OriginId ?? '')
    const codes = group.FailoverCriteria?.StatusCodes?.Items ?? []
    let status = ask(primary ?? '')
    if (codes.includes(status) && failover !== undefined) status = ask(failover)
    return { status, origin: attempts[attempts.length - 1]?.originId ?? '', attempts }
  }
  return { status: ask(target), origin: target, attempts }
}
