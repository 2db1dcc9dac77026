import type { TaggedDistribution } from '../aws/cloudfront.js'
import type { ChannelSpec } from '../manifest/definition.js'
import { ensureChannel, ensureDistribution, ensureEndpoints } from './apply.js'
import { changed, type Change, type ChannelObservation, type ChannelResult } from './model.js'
import { observeChannel } from './observe.js'
import { channelResult } from './outputs.js'
import { distributionIntent, planChannel, planDistribution, type ChannelPlan } from './plan.js'
import type { RetryPolicy } from './retry.js'
import type { ReconcileOptions, Runtime } from './runtime.js'
import { formatDuration, waitForDeployed } from './wait.js'

function describe(change: Change): string {
  const details = change.details.length > 0 ? `: ${change.details.join('; ')}` : ''
  return `${change.action} ${change.resource} ${change.id}${details}`
}

/** Observe → plan → (apply → wait) for one channel. Lines for the log are collected in `lines`. */
export async function reconcileChannel(
  rt: Runtime,
  options: ReconcileOptions,
  spec: ChannelSpec,
  index: number,
  tagged: Promise<TaggedDistribution[]>,
  lines: string[]
): Promise<ChannelResult> {
  const observed = await observeChannel(rt.services, spec, tagged, rt.log)
  const plan = planChannel(spec, observed, `channels[${index}]`)
  if (options.mode === 'plan') {
    const result = planOnly(spec, observed, plan)
    lines.push(...result.changes.map(describe))
    return result
  }
  const policy: RetryPolicy = { attempts: 6, baseMs: options.retryBaseMs ?? 500, sleep: rt.sleep }
  const channel = await ensureChannel(rt, spec, plan, observed)
  const endpoints = await ensureEndpoints(rt, policy, spec.id, plan.endpoints, observed.endpoints)
  const intent = distributionIntent(spec, channel.Arn!, endpoints)
  const { distribution, change } = await ensureDistribution(rt, policy, intent, observed.distribution)
  const changes = [plan.channel, ...plan.endpoints.map((step) => step.change), change]
  lines.push(...changes.map(describe))
  const result = channelResult(spec, channel, endpoints, distribution.distribution, changes)
  const status = distribution.distribution.Status ?? 'InProgress'
  // Only wait when this run changed something or the distribution is still deploying someone else's change.
  if (options.wait && (changed(changes) || status !== 'Deployed')) {
    const id = distribution.distribution.Id!
    const outcome = await waitForDeployed(
      status,
      async () => (await rt.services.cloudfront.getDistribution(id))?.distribution.Status ?? 'missing',
      options.waitTimeoutMs,
      rt,
      options.poll,
      (seen, waitedMs) => rt.log.info(`${spec.id}: distribution ${id} is ${seen} after ${formatDuration(waitedMs)}`)
    )
    result.distributionStatus = outcome.status
    result.waitedMs = outcome.waitedMs
    lines.push(`distribution ${id} ${outcome.status} after waiting ${formatDuration(outcome.waitedMs)}`)
    if (!outcome.deployed) {
      // The changes are made and the outputs are good; only the wait fell short, so report rather than throw.
      result.error =
        `Distribution ${id} is still ${outcome.status} after waiting ${formatDuration(outcome.waitedMs)} ` +
        '(wait-timeout-minutes). Its changes are made; CloudFront is still deploying them. Raise wait-timeout-minutes or set wait: false.'
    }
  }
  return result
}

/** Plan mode: what apply would do, from reads alone. What only apply can learn (new ARNs, hosts) is said to be known after apply. */
function planOnly(spec: ChannelSpec, observed: ChannelObservation, plan: ChannelPlan): ChannelResult {
  const changes = [plan.channel, ...plan.endpoints.map((step) => step.change)]
  const arn = observed.channel?.Arn
  let distributionChange: Change
  if (!arn) {
    distributionChange = { resource: 'distribution', id: `for ${spec.id}`, action: 'create', details: ['after the channel (its ARN is known after apply)'] }
  } else {
    const intent = distributionIntent(spec, arn, observed.endpoints)
    distributionChange = planDistribution(intent, observed.distribution).change
    const newEndpoints = plan.endpoints.some((step) => step.create)
    if (intent.origin.kind === 'placeholder' && newEndpoints) {
      distributionChange.details.push('origin → the new endpoints\' host (known after apply), with their behaviors')
      if (distributionChange.action === 'unchanged') distributionChange.action = 'update'
    }
  }
  changes.push(distributionChange)
  return channelResult(spec, observed.channel, observed.endpoints, observed.distribution?.distribution, changes)
}
