import type { DistributionConfig, Origin, OriginShield } from '@aws-sdk/client-cloudfront'
import { isHole, KNOWN_AFTER_APPLY } from '../change.js'
import { bridgeOriginId, ensureBridge, ensureHeader, headerValueOf, removeBridge } from './bridge.js'
import { LIMITS } from './constants.js'
import type { Draft } from './draft.js'
import { isPlaceholder, type DistributionIntent } from './intent.js'
import { newOrigin } from './parts.js'

function isBridgeOrigin(origin: Origin, config: DistributionConfig): boolean {
  return (config.Origins?.Items ?? []).some((other) => other !== origin && origin.Id === bridgeOriginId(other.Id ?? ''))
}

/**
 * Finds the provider's one origin, as the MediaPackage console would: a path-less origin on the
 * target host, else the placeholder (which the first endpoint turns into the real origin). An origin
 * with an Origin Path (one per endpoint, as CloudFront's live-streaming guide builds them) serves only
 * its own endpoint's paths, so it is not ours to target. Other origins are a person's and stay as
 * they are.
 */
export function findOrigin(config: DistributionConfig, intent: Pick<DistributionIntent, 'origin' | 'placeholder'>): Origin | undefined {
  // The bridge's header-less twin shares the host; it is never the origin itself.
  const origins = (config.Origins?.Items ?? []).filter((origin) => !isBridgeOrigin(origin, config))
  if (intent.origin.kind === 'host') {
    const host = intent.origin.host
    const onHost = origins.find((origin) => origin.DomainName === host && (origin.OriginPath ?? '') === '')
    if (onHost) return onHost
  }
  return origins.find((origin) => isPlaceholder(origin, intent.placeholder))
}

/**
 * An origin id nobody uses yet: the provider's own, or the same with a number after it. A person may
 * have pointed the action's origin elsewhere by hand while keeping its id; CloudFront refuses two
 * origins with one id, so the action leaves theirs alone and takes the next free id.
 */
export function freeOriginId(config: DistributionConfig, wanted: string): string {
  const taken = new Set([...(config.Origins?.Items ?? []).map((origin) => origin.Id), ...(config.OriginGroups?.Items ?? []).map((group) => group.Id)])
  if (!taken.has(wanted)) return wanted
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = `${wanted.slice(0, LIMITS.originId - suffix.length)}${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}

/**
 * Makes the provider's origin match the intent and returns its id (undefined while the host is known
 * only after apply). Edits happen in place, so the origin's other settings (timeouts, headers a person
 * added) survive.
 */
export function ensureOrigin(config: DistributionConfig, intent: DistributionIntent, draft: Draft): string | undefined {
  const target = intent.origin
  let found = findOrigin(config, intent)
  if (target.kind === 'pending') {
    // Plan mode before the first endpoint exists: the host is a hole; the rest of the origin is still planned.
    draft.record({ field: 'origin', from: found?.DomainName, to: KNOWN_AFTER_APPLY, pending: true })
    if (!found) return undefined
    ensureHttpsOnly(found, draft)
  } else if (!found) {
    const id = freeOriginId(config, target.id)
    found = newOrigin(id, target.host, intent)
    const items = [...(config.Origins?.Items ?? []), found]
    const reason = id === target.id ? '' : ` (id ${target.id} is taken by an origin a person changed)`
    draft.set(config, 'Origins', { Quantity: items.length, Items: items }, { field: 'origin', to: `${id} on ${target.host} added${reason}` })
  } else if (target.kind === 'host' && isPlaceholder(found, intent.placeholder)) {
    replacePlaceholder(config, found, target, draft)
  }
  if (target.kind === 'host') {
    ensureHttpsOnly(found, draft)
    ensureAccessControl(found, target.accessControlId, draft)
    ensureReadTimeout(found, intent.originReadTimeout, draft)
  }
  ensureOriginShield(found, intent, draft)
  const header = intent.header
  // While the bridge goes up to turn the header off, the endpoints still require it: the origin keeps
  // sending it, and only the header-less twin answers without it until the endpoints have changed.
  const decision = header && intent.bridge === 'up' && header.decision.kind === 'none' ? { kind: 'keep' as const } : header?.decision
  if (header && decision && decision.kind !== 'keep') {
    const value = decision.kind === 'none' ? null : decision.value
    // Plan mode never reads the secret: an origin that sends the header keeps it; one that does not gets
    // it, and the plan's own copy of the config carries a stand-in so later steps of the plan see it there.
    if (!isHole(value)) ensureHeader(found, header.name, value, draft)
    else if (headerValueOf(found, header.name) === undefined) ensureHeader(found, header.name, KNOWN_AFTER_APPLY, draft)
  }
  if (header && intent.bridge === 'up') ensureBridge(config, found, header.name, draft)
  else if (intent.bridge === 'down') removeBridge(config, found.Id!, draft)
  return target.kind === 'pending' ? undefined : found.Id!
}

/** The first endpoint arrived: the placeholder becomes the real origin and everything that targets it follows. */
function replacePlaceholder(config: DistributionConfig, origin: Origin, target: { id: string; host: string }, draft: Draft): void {
  const oldId = origin.Id
  draft.set(origin, 'DomainName', target.host, { field: 'origin', from: origin.DomainName, to: target.host })
  if (oldId === target.id) return
  const newId = freeOriginId(config, target.id)
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

/** Media origins serve HTTPS; CloudFront's guidance for MediaPackage origins is https-only. */
function ensureHttpsOnly(origin: Origin, draft: Draft): void {
  const custom = origin.CustomOriginConfig
  if (!custom) return
  draft.set(custom, 'OriginProtocolPolicy', 'https-only', { field: 'origin.protocol', from: custom.OriginProtocolPolicy, to: 'https-only' })
}

function ensureAccessControl(origin: Origin, id: string | { hole: string } | undefined, draft: Draft): void {
  if (id === undefined) return
  if (isHole(id)) {
    if (!origin.OriginAccessControlId) draft.record({ field: 'origin.access-control', to: KNOWN_AFTER_APPLY, pending: true })
    return
  }
  draft.set(origin, 'OriginAccessControlId', id, { field: 'origin.access-control', from: origin.OriginAccessControlId || undefined, to: id })
}

/** Low-latency HLS holds a request until the part exists: the read timeout must outlast it. Never lowered. */
function ensureReadTimeout(origin: Origin, wanted: number | undefined, draft: Draft): void {
  const custom = origin.CustomOriginConfig
  if (!custom || wanted === undefined) return
  const current = custom.OriginReadTimeout ?? 30
  if (current >= wanted) return
  draft.set(custom, 'OriginReadTimeout', wanted, { field: 'origin.read-timeout', from: `${current} s`, to: `${wanted} s` })
}

/**
 * Origin Shield is the manifest's only when it names it: a region turns it on there, `none` turns it
 * off, and left out it stays as a person set it (a no-op run must not redeploy a live distribution).
 */
function ensureOriginShield(origin: Origin, intent: DistributionIntent, draft: Draft): void {
  const region = intent.spec['origin-shield-region']
  if (region === undefined) return
  const current = origin.OriginShield
  const from = current?.Enabled === true ? (current.OriginShieldRegion ?? 'on') : 'none'
  if (region === 'none') {
    if (current?.Enabled !== true) return
    draft.set(origin, 'OriginShield', { Enabled: false } satisfies OriginShield, { field: 'origin-shield-region', from, to: 'none' })
    return
  }
  if (current?.Enabled === true && current.OriginShieldRegion === region) return
  draft.set(origin, 'OriginShield', { Enabled: true, OriginShieldRegion: region } satisfies OriginShield, { field: 'origin-shield-region', from, to: region })
}
