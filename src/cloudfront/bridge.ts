import type { DistributionConfig, Origin, OriginGroup } from '@aws-sdk/client-cloudfront'
import { CDN_IDENTIFIER_HEADER } from './constants.js'
import type { Draft } from './draft.js'

/**
 * The bridge that lets CDN authorization change under a live audience. MediaPackage answers 403 to a
 * request without the header when the endpoint requires it, and 404 to a request with the header when
 * it does not; an origin group that tries the origin with the header and fails over on 403/404 to the
 * same origin without it gets a 200 from every endpoint in either state, and from every edge whether it
 * has the old config or the new one.
 */
export const FAILOVER_STATUS_CODES = [403, 404]

export function bridgeOriginId(originId: string): string {
  return `${originId}-no-cdn-auth`
}

export function bridgeGroupId(originId: string): string {
  return `${originId}-cdn-auth-transition`
}

export function withoutCdnHeader(origin: Origin): Origin {
  const items = (origin.CustomHeaders?.Items ?? []).filter((header) => header.HeaderName?.toLowerCase() !== CDN_IDENTIFIER_HEADER.toLowerCase())
  return { ...structuredClone(origin), CustomHeaders: { Quantity: items.length, Items: items } }
}

function retarget(config: DistributionConfig, from: string, to: string): void {
  if (config.DefaultCacheBehavior?.TargetOriginId === from) config.DefaultCacheBehavior.TargetOriginId = to
  for (const behavior of config.CacheBehaviors?.Items ?? []) if (behavior.TargetOriginId === from) behavior.TargetOriginId = to
}

/** Puts the bridge in place (origin without the header, origin group, behaviors through the group). */
export function ensureBridge(config: DistributionConfig, origin: Origin, draft: Draft): void {
  const originId = origin.Id!
  const groupId = bridgeGroupId(originId)
  const fallbackId = bridgeOriginId(originId)
  const origins = (config.Origins?.Items ?? []).filter((candidate) => candidate.Id !== fallbackId)
  const fallback = { ...withoutCdnHeader(origin), Id: fallbackId }
  const existing = config.Origins?.Items?.find((candidate) => candidate.Id === fallbackId)
  const originItems = [...origins, existing ? { ...existing, ...fallback } : fallback]
  draft.set(config, 'Origins', { Quantity: originItems.length, Items: originItems }, `origin ${fallbackId} (no CDN header) for the transition`)

  const group: OriginGroup = {
    Id: groupId,
    FailoverCriteria: { StatusCodes: { Quantity: FAILOVER_STATUS_CODES.length, Items: FAILOVER_STATUS_CODES } },
    Members: { Quantity: 2, Items: [{ OriginId: originId }, { OriginId: fallbackId }] }
  }
  const groups = (config.OriginGroups?.Items ?? []).filter((candidate) => candidate.Id !== groupId)
  const current = config.OriginGroups?.Items?.find((candidate) => candidate.Id === groupId)
  const groupItems = [...groups, current ? { ...current, ...group } : group]
  draft.set(
    config,
    'OriginGroups',
    { Quantity: groupItems.length, Items: groupItems },
    `origin group ${groupId}: ${originId}, failover on 403/404 to ${fallbackId}`
  )

  const before = JSON.stringify([config.DefaultCacheBehavior, config.CacheBehaviors])
  retarget(config, originId, groupId)
  if (JSON.stringify([config.DefaultCacheBehavior, config.CacheBehaviors]) !== before) draft.note(`behaviors → origin group ${groupId}`)
}

/** Takes the bridge down: behaviors back on the single origin, the group and the header-less origin gone. */
export function removeBridge(config: DistributionConfig, originId: string, draft: Draft): void {
  const groupId = bridgeGroupId(originId)
  const fallbackId = bridgeOriginId(originId)
  const before = JSON.stringify([config.DefaultCacheBehavior, config.CacheBehaviors])
  retarget(config, groupId, originId)
  if (JSON.stringify([config.DefaultCacheBehavior, config.CacheBehaviors]) !== before) draft.note(`behaviors → origin ${originId}`)
  const groups = config.OriginGroups?.Items ?? []
  if (groups.some((group) => group.Id === groupId)) {
    const kept = groups.filter((group) => group.Id !== groupId)
    draft.set(config, 'OriginGroups', { Quantity: kept.length, Items: kept }, `origin group ${groupId} removed (transition over)`)
  }
  const origins = config.Origins?.Items ?? []
  if (origins.some((origin) => origin.Id === fallbackId)) {
    const kept = origins.filter((origin) => origin.Id !== fallbackId)
    draft.set(config, 'Origins', { Quantity: kept.length, Items: kept }, `origin ${fallbackId} removed (transition over)`)
  }
}

/** The CDN identifier the origin sends now, if any (read only to compare; never logged). */
export function cdnHeaderOf(origin: Origin | undefined): string | undefined {
  return origin?.CustomHeaders?.Items?.find((header) => header.HeaderName?.toLowerCase() === CDN_IDENTIFIER_HEADER.toLowerCase())?.HeaderValue
}

/** Sets, changes or removes the CDN identifier header on the origin, keeping any other header. Notes never show the value. */
export function ensureCdnHeader(origin: Origin, value: string | null, draft: Draft): void {
  const current = cdnHeaderOf(origin) ?? null
  if (current === value) return
  const others = (origin.CustomHeaders?.Items ?? []).filter((header) => header.HeaderName?.toLowerCase() !== CDN_IDENTIFIER_HEADER.toLowerCase())
  const items = value === null ? others : [...others, { HeaderName: CDN_IDENTIFIER_HEADER, HeaderValue: value }]
  origin.CustomHeaders = { Quantity: items.length, Items: items }
  const what = value === null ? 'removed' : current === null ? 'added' : 'changed (rotation)'
  draft.note(`origin ${origin.Id}: ${CDN_IDENTIFIER_HEADER} header ${what}`)
}
