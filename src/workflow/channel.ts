import type { TaggedDistribution, VersionedDistribution } from '../aws/cloudfront.js'
import type { Slots } from './slots.js'
import { cdnHeaderOf } from '../cloudfront/bridge.js'
import type { DistributionIntent } from '../cloudfront/intent.js'
import { findMediaPackageOrigin } from '../cloudfront/origin.js'
import type { ChannelSpec } from '../manifest/definition.js'
import { ensureChannel, ensureDistribution, ensureEndpoints } from '../providers/mediapackage-v1/apply.js'
import {
  applyAuthorization,
  chooseHeader,
  needsBridge,
  planCdnAuth,
  resolveCdnAuth,
  THREE_PHASES,
  type CdnAuth
} from '../providers/mediapackage-v1/cdn-auth.js'
import { changed, type Change, type ChannelObservation, type ChannelResult } from './model.js'
import { observeChannel } from '../providers/mediapackage-v1/observe.js'
import { channelResult } from '../providers/mediapackage-v1/outputs.js'
import { distributionIntent, planChannel, planDistribution, type ChannelPlan } from '../providers/mediapackage-v1/plan.js'
import type { RetryPolicy } from './retry.js'
import type { ReconcileOptions, Runtime } from './runtime.js'
import { formatDuration, waitForDeployed, type WaitOutcome } from './wait.js'

function describe(change: Change): string {
  const details = change.details.length > 0 ? `: ${change.details.join('; ')}` : ''
  return `${change.action} ${change.resource} ${change.id}${details}`
}

function phase(change: Change, text: string): Change {
  return { ...change, details: [text, ...change.details] }
}

/** Observe → plan → (apply → wait) for one channel. Lines for the log are collected in `lines`. */
export async function reconcileChannel(
  rt: Runtime,
  options: ReconcileOptions,
  spec: ChannelSpec,
  index: number,
  tagged: Promise<TaggedDistribution[]>,
  lines: string[],
  slots: Slots,
  done: Change[]
): Promise<ChannelResult> {
  const observed = await observeChannel(rt.services, spec, tagged, rt.log, options.mode)
  const path = `channels[${index}]`
  if (options.mode === 'plan') {
    const auth = planCdnAuth(spec, observed)
    const result = planOnly(spec, observed, planChannel(spec, observed, path, auth), auth)
    done.push(...result.changes)
    lines.push(...result.changes.map(describe))
    return result
  }
  // What has been written so far goes into `done` as it happens, so a failure still reports it.
  const changes = done
  const auth = await resolveCdnAuth(rt, spec, observed)
  if (auth.created) changes.push(auth.created)
  const plan = planChannel(spec, observed, path, auth)
  const policy: RetryPolicy = { attempts: 6, baseMs: options.retryBaseMs ?? 500, sleep: rt.sleep }
  const channel = await ensureChannel(rt, spec, plan, observed)
  changes.push(plan.channel)
  let endpoints = await ensureEndpoints(rt, policy, spec.id, plan.endpoints, observed.endpoints, changes)
  lines.push(...changes.map(describe))

  const intent = distributionIntent(spec, channel.Arn!, endpoints)
  const origin = observed.distribution?.distribution.DistributionConfig
    ? findMediaPackageOrigin(observed.distribution.distribution.DistributionConfig, intent)
    : undefined
  const currentHeader = cdnHeaderOf(origin)
  // Unmanaged: the header stays as it is (undefined); off: none (null); on: the secret's value.
  const header = auth.managed && auth.identifier ? await chooseHeader(rt, auth.secretId!, auth.identifier, currentHeader) : undefined
  const finalHeader = !auth.managed ? undefined : header ? header.value : null
  let distribution = observed.distribution

  if (auth.managed && needsBridge(origin, plan.authorization, auth.authorization !== undefined, currentHeader)) {
    // Phase 1: the bridge, deployed everywhere before any endpoint changes.
    const bridgeHeader = auth.authorization ? finalHeader : (currentHeader ?? null)
    const bridged = await ensureDistribution(rt, policy, { ...intent, originHeader: bridgeHeader, bridge: true }, distribution)
    const first = phase(bridged.change, `CDN authorization ${auth.authorization ? 'on' : 'off'} for a live channel, in ${THREE_PHASES}. Phase 1`)
    if (!options.wait) first.details.push('wait is false, so the transition stops here: run again once the distribution is Deployed to finish it')
    changes.push(first)
    lines.push(describe(first))
    const result = channelResult(spec, channel, endpoints, bridged.distribution.distribution, changes)
    if (!options.wait) return result
    const outcome = await slots.without(() => waitUntilDeployed(rt, options, spec, bridged.distribution, lines))
    if (!outcome.deployed) return withWaitOutcome(result, bridged.distribution, outcome)
    // Phase 2: every edge now tries both origins, so the endpoints can change without a failed request.
    endpoints = await applyAuthorization(rt, plan.authorization, endpoints, auth.authorization)
    const second = plan.authorization.map((change) => phase(change, 'Phase 2'))
    changes.push(...second)
    lines.push(...second.map(describe))
    distribution = bridged.distribution
  } else {
    endpoints = await applyAuthorization(rt, plan.authorization, endpoints, auth.authorization)
    changes.push(...plan.authorization)
    lines.push(...plan.authorization.map(describe))
  }

  // Phase 3 (or the only phase): the single origin the console would make.
  const final = await ensureDistribution(rt, policy, { ...intent, originHeader: finalHeader, bridge: auth.managed ? false : undefined }, distribution)
  if (header?.pending) final.change.details.push(header.pending)
  changes.push(final.change)
  lines.push(describe(final.change))
  const result = channelResult(spec, channel, endpoints, final.distribution.distribution, changes)
  const status = final.distribution.distribution.Status ?? 'InProgress'
  // Only wait when this run changed something or the distribution is still deploying someone else's change.
  if (options.wait && (changed(changes) || status !== 'Deployed')) {
    return withWaitOutcome(result, final.distribution, await slots.without(() => waitUntilDeployed(rt, options, spec, final.distribution, lines)))
  }
  return result
}

async function waitUntilDeployed(
  rt: Runtime,
  options: ReconcileOptions,
  spec: ChannelSpec,
  distribution: VersionedDistribution,
  lines: string[]
): Promise<WaitOutcome> {
  const id = distribution.distribution.Id!
  const outcome = await waitForDeployed(
    distribution.distribution.Status ?? 'InProgress',
    async () => (await rt.services.cloudfront.getDistribution(id, { waiting: true }))?.distribution.Status ?? 'missing',
    options.waitTimeoutMs,
    rt,
    options.poll,
    (seen, waitedMs) => rt.log.info(`${spec.id}: distribution ${id} is ${seen} after ${formatDuration(waitedMs)}`)
  )
  lines.push(`distribution ${id} ${outcome.status} after waiting ${formatDuration(outcome.waitedMs)}`)
  return outcome
}

function withWaitOutcome(result: ChannelResult, distribution: VersionedDistribution, outcome: WaitOutcome): ChannelResult {
  result.distributionStatus = outcome.status
  result.waitedMs = outcome.waitedMs
  if (!outcome.deployed) {
    // The changes are made and the outputs are good; only the wait fell short, so report rather than throw.
    result.error =
      `Distribution ${distribution.distribution.Id} is still ${outcome.status} after waiting ${formatDuration(outcome.waitedMs)} ` +
      '(wait-timeout-minutes). Its changes are made; CloudFront is still deploying them. Raise wait-timeout-minutes or set wait: false.'
  }
  return result
}

/** Plan mode: what apply would do, from reads alone. What only apply can learn (new ARNs, hosts) is said to be known after apply. */
function planOnly(spec: ChannelSpec, observed: ChannelObservation, plan: ChannelPlan, auth: CdnAuth): ChannelResult {
  const changes: Change[] = []
  if (auth.secretToCreate)
    changes.push({ resource: 'secret', id: auth.secretToCreate, action: 'create', details: ['random UUID as MediaPackageCDNIdentifier'] })
  changes.push(plan.channel, ...plan.endpoints.map((step) => step.change))
  const arn = observed.channel?.Arn
  let distributionChange: Change
  if (!arn) {
    distributionChange = { resource: 'distribution', id: `for ${spec.id}`, action: 'create', details: ['after the channel (its ARN is known after apply)'] }
  } else {
    const base = distributionIntent(spec, arn, observed.endpoints)
    const config = observed.distribution?.distribution.DistributionConfig
    const origin = config ? findMediaPackageOrigin(config, base) : undefined
    const currentHeader = cdnHeaderOf(origin)
    // The secret's value is not read in plan mode: keep whatever header is there, so only adding or removing one shows.
    const header = !auth.managed ? undefined : auth.authorization ? (currentHeader ?? 'value read by apply') : null
    const intent: DistributionIntent = { ...base, originHeader: header, bridge: auth.managed ? false : undefined }
    distributionChange = planDistribution(intent, observed.distribution).change
    if (auth.managed && needsBridge(origin, plan.authorization, auth.authorization !== undefined, currentHeader)) {
      distributionChange = phase(distributionChange, `CDN authorization ${auth.authorization ? 'on' : 'off'} for a live channel, in ${THREE_PHASES}`)
      distributionChange.action = 'update'
    }
    if (base.origin.kind === 'placeholder' && plan.endpoints.some((step) => step.create)) {
      distributionChange.details.push("origin → the new endpoints' host (known after apply), with their behaviors")
      if (distributionChange.action === 'unchanged') distributionChange.action = 'update'
    }
  }
  changes.push(...plan.authorization, distributionChange)
  return channelResult(spec, observed.channel, observed.endpoints, observed.distribution?.distribution, changes)
}
