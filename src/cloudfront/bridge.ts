import type { DistributionConfig, Origin, OriginGroup } from '@aws-sdk/client-cloudfront'
import type { Draft } from './draft.js'

/**
 * The bridge that lets a secret origin header (MediaPackage CDN authorization) change under a live
 * audience. The origin answers 403 to a request without the header when it requires it, and 404 to a
 * request with the header when it does not; an origin group that tries the origin with the header and
 * fails over on 403/404 to the same origin without it gets a 200 in either state, and from every edge
 * whether it has the old config or the new one.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
 */
export const FAILOVER_STATUS_CODES = [403, 404]

export function bridgeOriginId(originId: string): string {
  return `${originId}-no-cdn-auth`
}

export function bridgeGroupId(originId: string): string {
  return `${originId}-cdn-auth-transition`
}

function isHeader(name: string) {
  return (header: { HeaderName?: string | undefined }) => header.HeaderName?.toLowerCase() === name.toLowerCase()
}

export function withoutHeader(origin: Origin, name: string): Origin {
  const items = (origin.CustomHeaders?.Items ?? []).filter((header) => !isHeader(name)(header))
  return { ...structuredClone(origin), CustomHeaders: { Quantity: items.length, Items: items } }
}

function retarget(config: DistributionConfig, from: string, to: string): boolean {
  let moved = false
  const move = (behavior: { TargetOriginId?: string | undefined }): void => {
    if (behavior.TargetOriginId !== from) return
    behavior.TargetOriginId = to
    moved = true
  }
  if (config.DefaultCacheBehavior) move(config.DefaultCacheBehavior)
  for (const behavior of config.CacheBehaviors?.Items ?? []) move(behavior)
  return moved
}

/** Puts the bridge in place (origin without the header, origin group, behaviors through the group). */
export function ensureBridge(config: DistributionConfig, origin: Origin, headerName: string, draft: Draft): void {
  const originId = origin.Id!
  const groupId = bridgeGroupId(originId)
  const fallbackId = bridgeOriginId(originId)
  const origins = (config.Origins?.Items ?? []).filter((candidate) => candidate.Id !== fallbackId)
  const fallback = { ...withoutHeader(origin, headerName), Id: fallbackId }
  const existing = config.Origins?.Items?.find((candidate) => candidate.Id === fallbackId)
  const originItems = [...origins, existing ? { ...existing, ...fallback } : fallback]
  draft.set(config, 'Origins', { Quantity: originItems.length, Items: originItems }, { field: 'transition.origin', to: `${fallbackId} (no CDN header)` })

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
    { field: 'transition.origin-group', to: `${groupId}: ${originId}, failover on 403/404 to ${fallbackId}` }
  )
  if (retarget(config, originId, groupId)) draft.record({ field: 'behaviors.target', from: originId, to: groupId })
}

/** Takes the bridge down: behaviors back on the single origin, the group and the header-less origin gone. */
export function removeBridge(config: DistributionConfig, originId: string, draft: Draft): void {
  const groupId = bridgeGroupId(originId)
  const fallbackId = bridgeOriginId(originId)
  if (retarget(config, groupId, originId)) draft.record({ field: 'behaviors.target', from: groupId, to: originId })
  const groups = config.OriginGroups?.Items ?? []
  if (groups.some((group) => group.Id === groupId)) {
    const kept = groups.filter((group) => group.Id !== groupId)
    draft.set(
      config,
      'OriginGroups',
      { Quantity: kept.length, Items: kept },
      { field: 'transition.origin-group', from: groupId, to: 'removed (transition over)' }
    )
  }
  const origins = config.Origins?.Items ?? []
  if (origins.some((origin) => origin.Id === fallbackId)) {
    const kept = origins.filter((origin) => origin.Id !== fallbackId)
    draft.set(config, 'Origins', { Quantity: kept.length, Items: kept }, { field: 'transition.origin', from: fallbackId, to: 'removed (transition over)' })
  }
}

/** The value of the secret header the origin sends now, if any (read only to compare; never logged). */
export function headerValueOf(origin: Origin | undefined, name: string): string | undefined {
  return origin?.CustomHeaders?.Items?.find(isHeader(name))?.HeaderValue
}

/** Sets, changes or removes the secret header, keeping any other header. Field changes never show the value. */
export function ensureHeader(origin: Origin, name: string, value: string | null, draft: Draft): void {
  const current = headerValueOf(origin, name) ?? null
  if (current === value) return
  const others = (origin.CustomHeaders?.Items ?? []).filter((header) => !isHeader(name)(header))
  const items = value === null ? others : [...others, { HeaderName: name, HeaderValue: value }]
  origin.CustomHeaders = { Quantity: items.length, Items: items }
  const to = value === null ? 'removed' : current === null ? 'added' : 'changed (rotation)'
  draft.record({ field: `origin.${name}`, to })
}
