import type { Known } from '../change.js'
import type { DistributionSpec } from '../manifest/definition.js'

/**
 * Where the distribution's origin points, as the origin provider says. CloudFront code sees hosts,
 * ids and path patterns only, never the provider's own types.
 * - `placeholder`: the origin exists before anything can serve (MediaPackage v1's console makes one).
 * - `pending`: the host is known only after an earlier step (the channel's first endpoints).
 * - `host`: a real origin.
 */
export type OriginTarget =
  | { kind: 'placeholder'; id: string; host: string }
  | { kind: 'pending'; what: string }
  | { kind: 'host'; id: string; host: string; accessControlId?: Known<string> | undefined }

/** How CloudFront is allowed in: a secret header (with the time the origin needs to notice a new value), origin access control, or nothing. */
export type AccessMode = { kind: 'none' } | { kind: 'header'; name: string; graceMs: number } | { kind: 'oac' }

/** The secret header the origin sends: leave it as it is, none, or this value (a credential, never logged). */
export type HeaderDecision = { kind: 'keep' } | { kind: 'none' } | { kind: 'value'; value: Known<string> }

/**
 * The transition origin group that lets the header change under a live audience (bridge.ts): put it
 * up, take it down, or leave it as it is.
 */
export type BridgeDecision = 'keep' | 'up' | 'down'

export interface BehaviorPattern {
  pattern: string
  smoothStreaming?: boolean | undefined
}

/**
 * Everything the action wants of one channel's distribution. Pure data: the builders turn it into
 * CloudFront's shape, merged with what a person set by hand.
 */
export interface DistributionIntent {
  /** The channel, for messages. */
  channel: string
  callerReference: string
  /** Comment of a new distribution when the manifest names none (at most 128 characters). */
  defaultComment: string
  spec: DistributionSpec
  origin: OriginTarget
  /** Origins the provider once used and may find again, e.g. the console's placeholder. */
  placeholder?: { id: string; host: string } | undefined
  patterns: readonly BehaviorPattern[]
  cachePolicyId: string
  /** Origin read timeout the origin needs (low-latency HLS holds requests), when more than CloudFront's 30 s default. */
  originReadTimeout?: number | undefined
  header?: { name: string; decision: HeaderDecision } | undefined
  bridge: BridgeDecision
}

/** The one test for "this origin is the provider's placeholder". */
export function isPlaceholder(
  origin: { Id?: string | undefined; DomainName?: string | undefined } | undefined,
  placeholder: DistributionIntent['placeholder']
): boolean {
  if (!origin || !placeholder) return false
  return origin.Id === placeholder.id || origin.DomainName === placeholder.host
}
