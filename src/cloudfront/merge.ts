import type { CacheBehavior, DistributionConfig } from '@aws-sdk/client-cloudfront'
import type { FieldChange } from '../change.js'
import { UserError } from '../errors.js'
import { LIMITS } from './constants.js'
import { Draft } from './draft.js'
import type { BehaviorPattern, DistributionIntent } from './intent.js'
import { ensureOrigin } from './origin.js'
import { newCacheBehavior } from './parts.js'
import { applyOwnedSettings } from './settings.js'

export interface MergedConfig {
  config: DistributionConfig
  /** One per field that changes; empty when the existing config already matches. */
  fields: FieldChange[]
}

/**
 * The existing config with what the action owns brought in line with the intent, and nothing else
 * touched. UpdateDistribution replaces the whole config, so this starts from what CloudFront has.
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html
 */
export function mergeDistributionConfig(existing: DistributionConfig, intent: DistributionIntent): MergedConfig {
  const config = structuredClone(existing)
  const draft = new Draft()
  const originId = ensureOrigin(config, intent, draft)
  if (intent.origin.kind !== 'placeholder') ensureBehaviors(config, intent, originId ?? '', draft)
  applyOwnedSettings(config, intent, draft)
  return { config, fields: draft.fields }
}

/**
 * Adds a behavior for each pattern the origin needs. A behavior already on that pattern is left as it
 * is, even if a person pointed it elsewhere or changed its policies: CloudFront allows one behavior per
 * pattern, and the person's choice wins.
 */
function ensureBehaviors(config: DistributionConfig, intent: DistributionIntent, originId: string, draft: Draft): void {
  const current: CacheBehavior[] = config.CacheBehaviors?.Items ?? []
  const missing: BehaviorPattern[] = intent.patterns.filter((wanted) => !current.some((behavior) => behavior.PathPattern === wanted.pattern))
  if (missing.length === 0) return
  const items = [...current, ...missing.map((pattern) => newCacheBehavior(pattern, originId, intent.cachePolicyId))]
  if (items.length > LIMITS.cacheBehaviors) {
    throw new UserError(
      `Channel ${intent.channel}: the distribution would need ${items.length} cache behaviors; CloudFront allows ${LIMITS.cacheBehaviors}. ` +
        'Remove unused behaviors in the CloudFront console or ask AWS to raise the quota.'
    )
  }
  draft.set(config, 'CacheBehaviors', { Quantity: items.length, Items: items }, { field: 'behaviors', to: `+ ${missing.map((p) => p.pattern).join(', ')}` })
}
