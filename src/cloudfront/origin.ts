import type { DistributionConfig, Origin, OriginShield } from '@aws-sdk/client-cloudfront'
import { PLACEHOLDER_DOMAIN, PLACEHOLDER_ORIGIN_ID } from './constants.js'
import { newOrigin, originIdOf } from './parts.js'
import { bridgeOriginId, ensureBridge, ensureCdnHeader, removeBridge } from './bridge.js'
import type { Draft } from './draft.js'
import type { DistributionIntent } from './intent.js'

function isPlaceholder(origin: Origin): boolean {
  return origin.Id === PLACEHOLDER_ORIGIN_ID || origin.DomainName === PLACEHOLDER_DOMAIN
}

/**
 * Finds the distribution's one MediaPackage origin, as the console would: the origin on the endpoints'
 * host, else the placeholder (which the first endpoint turns into the real origin). Other origins are a
 * person's and are never touched.
 */
export function findMediaPackageOrigin(config: DistributionConfig, intent: DistributionIntent): Origin | undefined {
  // The bridge's header-less twin shares the host; it is never the origin itself.
  const origins = (config.Origins?.Items ?? []).filter((origin) => !isBridgeOrigin(origin, config))
  if (intent.origin.kind === 'mediapackage') {
    const host = intent.origin.host
    const onHost = origins.find((origin) => origin.DomainName === host)
    if (onHost) return onHost
  }
  return origins.find(isPlaceholder)
}

/**
 * Makes the MediaPackage origin match the intent and returns its id. Edits happen in place, so the
 * origin's other settings (timeouts, headers a person added) survive.
 */
export function ensureMediaPackageOrigin(config: DistributionConfig, intent: DistributionIntent, draft: Draft): string {
  let found = findMediaPackageOrigin(config, intent)
  if (!found) {
    found = newOrigin(intent)
    const items = [...(config.Origins?.Items ?? []), found]
    draft.set(config, 'Origins', { Quantity: items.length, Items: items }, `origin ${found.Id} added (${found.DomainName})`)
  } else if (intent.origin.kind === 'mediapackage' && isPlaceholder(found)) {
    replacePlaceholder(config, found, intent, draft)
  }
  ensureHttpsOnly(found, draft)
  ensureOriginShield(found, intent, draft)
  if (intent.originHeader !== undefined) ensureCdnHeader(found, intent.originHeader, draft)
  if (intent.bridge === true) ensureBridge(config, found, draft)
  else if (intent.bridge === false) removeBridge(config, found.Id!, draft)
  return found.Id!
}

function isBridgeOrigin(origin: Origin, config: DistributionConfig): boolean {
  return (config.Origins?.Items ?? []).some((other) => other !== origin && origin.Id === bridgeOriginId(other.Id ?? ''))
}

/** The first endpoint arrived: the placeholder becomes the real origin and every behavior follows it. */
function replacePlaceholder(config: DistributionConfig, origin: Origin, intent: DistributionIntent, draft: Draft): void {
  const oldId = origin.Id
  const newId = originIdOf(intent)
  const host = intent.origin.kind === 'mediapackage' ? intent.origin.host : PLACEHOLDER_DOMAIN
  draft.set(origin, 'DomainName', host, `origin ${newId}: placeholder → ${host}`)
  if (oldId === newId) return
  origin.Id = newId
  const retarget = (behavior: { TargetOriginId?: string | undefined }): void => {
    if (behavior.TargetOriginId === oldId) behavior.TargetOriginId = newId
  }
  if (config.DefaultCacheBehavior) retarget(config.DefaultCacheBehavior)
  for (const behavior of config.CacheBehaviors?.Items ?? []) retarget(behavior)
  for (const group of config.OriginGroups?.Items ?? []) {
    for (const member of group.Members?.Items ?? []) if (member.OriginId === oldId) member.OriginId = newId
  }
}

/** MediaPackage serves HTTPS; CloudFront's guidance for MediaPackage origins is https-only. */
function ensureHttpsOnly(origin: Origin, draft: Draft): void {
  const custom = origin.CustomOriginConfig
  if (!custom) return
  draft.set(custom, 'OriginProtocolPolicy', 'https-only', `origin ${origin.Id}: protocol → https-only`)
}

/** Origin Shield follows the manifest both ways: on with `origin-shield-region`, off without it. */
function ensureOriginShield(origin: Origin, intent: DistributionIntent, draft: Draft): void {
  const region = intent.spec['origin-shield-region']
  const wanted: OriginShield = region ? { Enabled: true, OriginShieldRegion: region } : { Enabled: false }
  const current = origin.OriginShield
  const same = region ? current?.Enabled === true && current.OriginShieldRegion === region : current?.Enabled !== true
  if (same) return
  draft.set(origin, 'OriginShield', wanted, region ? `origin ${origin.Id}: Origin Shield → ${region}` : `origin ${origin.Id}: Origin Shield off`)
}
