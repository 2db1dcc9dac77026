import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { isHole, KNOWN_AFTER_APPLY, newChange, type Change } from '../change.js'
import type { VersionedDistribution } from '../aws/cloudfront.js'
import type { BridgeDecision, DistributionIntent } from '../cloudfront/intent.js'
import { mergeDistributionConfig } from '../cloudfront/merge.js'
import { newDistributionConfig } from '../cloudfront/new-config.js'
import { callerReferenceFor } from '../cloudfront/parts.js'
import { UserError } from '../errors.js'
import type { DistributionSpec } from '../manifest/definition.js'
import type { ChannelWork, DistributionSide } from './provider.js'
import { untilDefined, type RetryPolicy } from './retry.js'
import type { Runtime } from './runtime.js'
import type { Step } from './steps.js'

/** How many times an update is re-read and re-applied after 412 PreconditionFailed before giving up. */
const STALE_RETRIES = 5

/** The channel's distribution as the run knows it: read (apply) or predicted by the plan. */
export interface DistributionState {
  current?: VersionedDistribution | undefined
  /** Plan mode: the config the earlier distribution steps of this plan would leave. */
  predicted?: DistributionConfig | undefined
}

export function intentOf(channel: string, spec: DistributionSpec | undefined, side: DistributionSide, bridge: BridgeDecision): DistributionIntent {
  const link = side.link.value
  return {
    channel,
    callerReference: isHole(link) ? '' : callerReferenceFor(side.callerReferencePrefix, link),
    defaultComment: side.defaultComment,
    spec: spec ?? {},
    origin: side.origin,
    placeholder: side.placeholder,
    patterns: side.patterns,
    // Plan mode may not know a policy an earlier step creates: its predicted behaviors carry a stand-in.
    cachePolicyId: isHole(side.cachePolicyId) ? KNOWN_AFTER_APPLY : side.cachePolicyId,
    originReadTimeout: side.originReadTimeout,
    header: side.access.kind === 'header' ? { name: side.access.name, decision: side.header ?? { kind: 'keep' } } : undefined,
    bridge
  }
}

export interface DistributionStepOptions {
  channel: string
  spec: DistributionSpec | undefined
  work: ChannelWork
  state: DistributionState
  bridge: BridgeDecision
  /** Notes this phase adds to its change (the transition's phase). */
  notes: readonly string[]
  rt: Runtime
  retry: RetryPolicy
}

function distributionChange(options: DistributionStepOptions, id: string | undefined): Change {
  const change = newChange('distribution', id, `distribution of ${options.channel}`)
  change.notes.push(...options.notes, ...(options.work.distribution().notes ?? []))
  return change
}

/** Creates the channel's distribution or brings it in line with the intent. */
export function distributionStep(options: DistributionStepOptions): Step {
  const { state } = options
  return {
    plan() {
      const intent = intentOf(options.channel, options.spec, options.work.distribution(), options.bridge)
      const base = state.predicted ?? state.current?.distribution.DistributionConfig
      const change = distributionChange(options, state.current?.distribution.Id)
      if (!base) {
        const created = newDistributionConfig(intent)
        state.predicted = created.config
        return { ...change, action: 'create', fields: created.fields }
      }
      const merged = mergeDistributionConfig(base, intent)
      state.predicted = merged.config
      return { ...change, action: merged.fields.length > 0 ? 'update' : 'unchanged', fields: merged.fields }
    },
    async apply() {
      const side = options.work.distribution()
      if (isHole(side.link.value) || side.origin.kind === 'pending' || isHole(side.cachePolicyId)) {
        throw new Error(`${options.channel}: the distribution step ran before the steps that make what it needs`)
      }
      const intent = intentOf(options.channel, options.spec, side, options.bridge)
      if (!state.current) return create(options, intent, side.link as { key: string; value: string })
      return update(options, intent)
    }
  }
}

async function create(options: DistributionStepOptions, intent: DistributionIntent, link: { key: string; value: string }): Promise<Change> {
  const { rt, state } = options
  const built = newDistributionConfig(intent)
  const created = await rt.services.cloudfront.createDistribution(
    built.config,
    [{ Key: link.key, Value: link.value }],
    `distribution of channel ${options.channel}`
  )
  if (created.kind === 'created') {
    state.current = created.distribution
    return { ...distributionChange(options, created.distribution.distribution.Id), action: 'create', fields: built.fields }
  }
  // CloudFront names the distribution that holds the CallerReference: ours, made by a run that was
  // cut off or raced us, whose tag may be missing. Adopt it and put the tag back.
  const holder = created.id ? await rt.services.cloudfront.getDistribution(created.id) : undefined
  if (holder && holder.distribution.DistributionConfig?.CallerReference === intent.callerReference) {
    await rt.services.cloudfront.tagDistribution(holder.distribution.ARN!, [{ Key: link.key, Value: link.value }])
    state.current = holder
  } else {
    state.current = await findCreatedElsewhere(options, link)
  }
  const change = await update(options, intent)
  change.notes.unshift('created earlier (its CallerReference is this channel’s); adopted, link tag in place')
  return change
}

/** Brings the distribution in line, with optimistic concurrency: a 412 means someone changed it since we read it, so read, merge and try again. */
async function update(options: DistributionStepOptions, intent: DistributionIntent): Promise<Change> {
  const { rt, state } = options
  const cloudfront = rt.services.cloudfront
  for (let attempt = 1; ; attempt++) {
    const current = state.current!
    const id = current.distribution.Id!
    const existing = current.distribution.DistributionConfig
    if (!existing) throw new Error(`GetDistribution ${id} returned no DistributionConfig`)
    const merged = mergeDistributionConfig(existing, intent)
    const change = distributionChange(options, id)
    if (merged.fields.length === 0) return change
    const updated = await cloudfront.updateDistribution(id, merged.config, current.etag)
    if (updated.kind === 'updated') {
      state.current = updated.distribution
      return { ...change, action: 'update', fields: merged.fields }
    }
    if (attempt >= STALE_RETRIES) {
      throw new UserError(`Distribution ${id} changed under us ${attempt} times in a row (412 PreconditionFailed). Run again when no one else is editing it.`)
    }
    rt.log.info(`${options.channel}: distribution ${id} changed since it was read (412); reading it again`)
    const fresh = await cloudfront.getDistribution(id)
    if (!fresh) throw new UserError(`Distribution ${id} disappeared while it was being updated. Run again.`)
    state.current = fresh
  }
}

/** CreateDistributionWithTags said the CallerReference is taken: find that distribution by its tag (the Tagging API may lag a little). */
async function findCreatedElsewhere(options: DistributionStepOptions, link: { key: string; value: string }): Promise<VersionedDistribution> {
  const { rt } = options
  const found = await untilDefined(options.retry, async () => {
    const match = pickTagged(await rt.services.findTagged(link.key, true), options.channel, link)
    return match ? rt.services.cloudfront.getDistribution(match.id) : undefined
  })
  if (!found) {
    throw new UserError(
      `A distribution was already created for channel ${options.channel} (its CallerReference is derived from ${link.value}), ` +
        `but no distribution carries the tag ${link.key}=${link.value}. Restore that tag on it in the CloudFront console, then run again.`
    )
  }
  return found
}

/** The one distribution tagged with this channel's link; more than one is a conflict a person must settle. */
export function pickTagged(tagged: readonly { id: string; tagValue: string }[], channel: string, link: { key: string; value: string }) {
  const matches = tagged.filter((entry) => entry.tagValue === link.value)
  if (matches.length > 1) {
    throw new UserError(
      `Channel ${channel}: ${matches.length} distributions carry the tag ${link.key}=${link.value} ` +
        `(${matches.map((entry) => entry.id).join(', ')}). The action manages exactly one and will not guess: ` +
        'remove the tag from all but the one to keep.'
    )
  }
  return matches[0]
}
