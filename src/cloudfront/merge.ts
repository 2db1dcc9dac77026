import type { CacheBehavior, DistributionConfig } from '@aws-sdk/client-cloudfront'
import { UserError } from '../errors.js'
import { MAX_CACHE_BEHAVIORS } from './constants.js'
import { newCacheBehavior } from './parts.js'
import { Draft } from './draft.js'
import type { DistributionIntent } from './intent.js'
import { ensureMediaPackageOrigin } from './origin.js'
import { applyOwnedSettings } from './settings.js'

export interface MergedConfig {
  config: DistributionConfig
  /** One line per field that changes; empty when the existing config already matches. */
  notes: string[]
}

/**
 * The existing config with what the action owns brought in line with the intent, and nothing else
 * touched. UpdateDistribution replaces the whole config, so this must start from what CloudFront has
 * (aws-facts §3.3) rather than from a fresh one.
 */
export function mergeDistributionConfig(existing: DistributionConfig, intent: DistributionIntent): MergedConfig {
  const config = structuredClone(existing)
  const draft = new Draft()
  const originId = ensureMediaPackageOrigin(config, intent, draft)
  if (intent.origin.kind === 'mediapackage') ensureBehaviors(config, intent.patterns, originId, draft)
  applyOwnedSettings(config, intent, draft)
  return { config, notes: draft.notes }
}

/**
 * Adds a behavior for each pattern the endpoints need. A behavior already on that pattern is left as it
 * is, even if a person pointed it elsewhere or changed its policies: CloudFront allows one behavior per
 * pattern, and the person's choice wins.
 */
function ensureBehaviors(config: DistributionConfig, patterns: readonly string[], originId: string, draft: Draft): void {
  const current: CacheBehavior[] = config.CacheBehaviors?.Items ?? []
  const missing = patterns.filter((pattern) => !current.some((behavior) => behavior.PathPattern === pattern))
  if (missing.length === 0) return
  const items = [...current, ...missing.map((pattern) => newCacheBehavior(pattern, originId))]
  if (items.length > MAX_CACHE_BEHAVIORS) {
    throw new UserError(
      `The distribution would need ${items.length} cache behaviors; CloudFront allows ${MAX_CACHE_BEHAVIORS}. ` +
        'Remove unused behaviors in the CloudFront console or ask AWS to raise the quota.'
    )
  }
  draft.set(config, 'CacheBehaviors', { Quantity: items.length, Items: items }, `behaviors + ${missing.join(', ')}`)
}
