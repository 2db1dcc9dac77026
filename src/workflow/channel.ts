import { hole, isChanged, isHole, type Change } from '../change.js'
import { findOrigin } from '../cloudfront/origin.js'
import { headerValueOf } from '../cloudfront/bridge.js'
import { isPlaceholder } from '../cloudfront/intent.js'
import { CLOUDFRONT_METRICS_REGION, requestsMetric } from '../cloudfront/teardown.js'
import type { DistributionSpec, ResourceState } from '../manifest/definition.js'
import { distributionStep, pickTagged, type DistributionState } from './distribution.js'
import { isDestructive } from './gate.js'
import { guardNote, guardStep, readGuard, type GuardVerdict } from './guard.js'
import { Journal, type Timing } from './journal.js'
import { cdnHost, playbackUrl } from './playback.js'
import type { ChannelWork, EndpointReport, IngestReport, OriginProvider, PlanContext, ProviderReport, ViewerProbe } from './provider.js'
import { UserError } from '../errors.js'
import { findLostDistribution, restoreLinkStep } from './relink.js'
import type { RetryPolicy } from './retry.js'
import type { ReconcileOptions, Runtime } from './runtime.js'
import type { Step, StepGroup } from './steps.js'
import { distributionTeardown } from './teardown.js'
import { formatDuration, waitForDeployed, type WaitOutcome } from './wait.js'

export const THREE_PHASES =
  'three phases so no viewer request fails: 1) behaviors go through an origin group that tries the origin with the ' +
  'CDN header and fails over (403/404) to the same origin without it, then wait for Deployed; 2) the endpoints change; ' +
  '3) back to the single origin, then wait for Deployed'

/** One channel of the manifest, whatever its origin type, with everything its run needs. */
export interface ChannelRun<Spec = unknown, Seen = unknown> {
  id: string
  /** Where it is in the manifest, e.g. `channels[0]`. */
  path: string
  spec: Spec
  /** `absent`: the channel is retired (its distribution, endpoints and the channel go). */
  state: ResourceState
  distributionSpec: DistributionSpec | undefined
  provider: OriginProvider<Spec, Seen>
  rt: Runtime
  options: ReconcileOptions
  /** Runs `work` without holding a concurrency slot (waiting is not work). The scheduler provides it. */
  idle<T>(work: () => Promise<T>): Promise<T>
  /**
   * Without allow-delete: reports the planned changes and waits until every channel has planned;
   * rejects, before any write, when any plan deletes or disables (gate.ts). Unset: no gate.
   */
  admit?: ((planned: readonly (Change | undefined)[]) => Promise<void>) | undefined
}

/** How a channel's run ended, as reported: ok, failed, or still deploying once its changes were made. */
export type Outcome = 'ok' | 'failed' | 'still-deploying'

export interface EndpointResult extends EndpointReport {
  /** The same URLs through the CDN. */
  playbackUrls: string[]
}

/** Everything a run reports about one channel: outputs, summary and logs are rendered from this. */
export interface ChannelResult {
  id: string
  provider: string
  /** `absent` for a retired channel: it has no CDN URL. */
  state: ResourceState
  outcome: Outcome
  /** The failure, when it failed (a user error or a bug). */
  error?: unknown
  /** What a person should read when it did not end ok. */
  message?: string | undefined
  arn?: string | undefined
  distributionId?: string | undefined
  distributionDomain?: string | undefined
  distributionStatus?: string | undefined
  cdnUrl?: string | undefined
  endpoints: EndpointResult[]
  ingest: IngestReport[]
  changes: Change[]
  /** How long the run waited for Deployed, when it waited. */
  waitedMs?: number | undefined
  timings: Timing[]
}

interface RunState {
  journal: Journal
  distribution: DistributionState
  wait?: WaitOutcome | undefined
  /** Set when the run stops early on purpose (a transition that must not go on without waiting). */
  stop?: string | undefined
  work?: ChannelWork | undefined
  /** What the channel reports, from the work planned (a retired channel's too). */
  report?: (() => ProviderReport) | undefined
  /** What the viewer guard read, when the run deletes something. */
  guard?: GuardVerdict | undefined
  /** What a stopped run leaves for the next one. */
  left?: Change[] | undefined
}

/**
 * One channel: observe → plan → (plan mode) describe the steps, or (apply) make them. Both drivers walk
 * the same list, so plan mode cannot disagree with apply. What the run learned is kept as it goes, so a
 * failure still reports the channel's ARN, distribution and URLs.
 */
export async function runChannel<Spec, Seen>(run: ChannelRun<Spec, Seen>): Promise<ChannelResult> {
  const state: RunState = { journal: new Journal(run.id, run.rt.log, run.rt.now), distribution: {} }
  try {
    const seen = await state.journal.phase('observe', () => observe(run, state))
    const steps = await planSteps(run, seen, state)
    if (run.options.mode === 'plan') {
      for (const group of steps) for (const step of members(group)) state.journal.record(planned(run, step.plan()))
    } else {
      const admit = run.admit
      if (admit) await run.idle(() => admit(steps.flatMap((group) => members(group).map((step) => step.plan()))))
      await state.journal.phase('apply', () => applySteps(steps, state))
    }
    return result(run, state, state.wait && !state.wait.deployed ? 'still-deploying' : 'ok')
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    state.journal.line(`failed: ${message}`)
    return { ...result(run, state, 'failed'), error, message }
  }
}

async function observe<Spec, Seen>(run: ChannelRun<Spec, Seen>, state: RunState): Promise<Seen> {
  // The shared tag look-up runs beside the provider's reads: a converged channel costs two round trips.
  const key = run.provider.linkKey
  const tagged = run.rt.services.findTagged(key)
  const seen = await run.provider.observe(run.spec, run.rt, run.options.mode)
  const value = run.provider.linkValue(seen)
  const match = value !== undefined ? pickTagged(await tagged, run.id, { key, value }) : undefined
  // The viewer guard's reads go beside GetDistribution: a run that deletes costs no extra round trip.
  const [current, guard] = await Promise.all([
    match ? run.rt.services.cloudfront.getDistribution(match.id) : undefined,
    readGuard({ channel: run.id, probes: viewerProbes(run, seen, match?.id), minutes: run.options.viewerGuardMinutes, rt: run.rt })
  ])
  state.distribution.current = current
  state.guard = guard
  return seen
}

/** What the run would delete, with its viewer metric: the provider's resources, and a retired channel's distribution. */
function viewerProbes<Spec, Seen>(run: ChannelRun<Spec, Seen>, seen: Seen, distributionId: string | undefined): ViewerProbe[] {
  const probes = run.provider.viewerProbes?.(run.spec, seen) ?? []
  if (run.state === 'absent' && distributionId) {
    probes.push({ resource: 'distribution', id: distributionId, region: CLOUDFRONT_METRICS_REGION, series: requestsMetric(distributionId) })
  }
  return probes
}

const NEEDS_ALLOW_DELETE = 'apply needs allow-delete: true'

/** Plan mode: a delete or disable says when apply would refuse it for want of allow-delete. */
function planned(run: ChannelRun, change: Change | undefined): Change | undefined {
  if (!isDestructive(change)) return change
  return { ...change, notes: [...change.notes, ...(run.options.allowDelete ? [] : [NEEDS_ALLOW_DELETE])] }
}

/** A delete's change carries what the viewer guard found for its resource, in plan and apply alike. */
function withGuardNote(step: Step, state: RunState): Step {
  const add = (change: Change | undefined) => {
    const note = change ? guardNote(state.guard, change) : undefined
    return change && note ? { ...change, notes: [...change.notes, note] } : change
  }
  return { plan: () => add(step.plan()), apply: async () => add(await step.apply()) }
}

function members(group: StepGroup): readonly Step[] {
  return isGroup(group) ? group : [group]
}

function isGroup(group: StepGroup): group is readonly Step[] {
  return Array.isArray(group)
}

async function applySteps(steps: readonly StepGroup[], state: RunState): Promise<void> {
  for (const [index, group] of steps.entries()) {
    if (state.stop) {
      state.left = steps
        .slice(index)
        .flatMap((rest) => members(rest).map((step) => step.plan()))
        .filter((change): change is Change => change !== undefined)
      return
    }
    const parts = members(group)
    // Independent steps (a channel's endpoints) go at once; each that succeeded is recorded even if another fails.
    const settled = await Promise.allSettled(parts.map((step) => step.apply()))
    for (const outcome of settled) if (outcome.status === 'fulfilled') state.journal.record(outcome.value)
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    if (failed) throw failed.reason
  }
}

/** The channel's steps in order: the origin side, the distribution (through the transition when a live audience needs it), what needs the distribution, the wait. */
async function planSteps<Spec, Seen>(run: ChannelRun<Spec, Seen>, seen: Seen, state: RunState): Promise<StepGroup[]> {
  const steps = run.state === 'absent' ? retireSteps(run, seen, state) : await presentSteps(run, seen, state)
  if (!state.guard) return steps
  // The guard goes first: a refusal stops the channel before any write.
  return [
    guardStep(state.guard, run.id),
    ...steps.map((group) => (isGroup(group) ? group.map((step) => withGuardNote(step, state)) : withGuardNote(group, state)))
  ]
}

/**
 * A retired channel: its distribution first (disable, wait for Deployed, delete; or only disable with
 * retain-on-delete), then the provider's deletes: every endpoint, then the channel.
 */
function retireSteps<Spec, Seen>(run: ChannelRun<Spec, Seen>, seen: Seen, state: RunState): StepGroup[] {
  if (!run.provider.retire) throw new UserError(`Channel ${run.id}: retiring a ${run.provider.name} channel is not supported yet.`)
  const work = run.provider.retire(run.spec, seen, planContext(run, state))
  state.report = () => work.report()
  const teardown = distributionTeardown({
    channel: run.id,
    distribution: state.distribution,
    retain: run.distributionSpec?.['retain-on-delete'] === true,
    wait: run.options.wait,
    rt: run.rt,
    retry: { attempts: 6, baseMs: run.options.retryBaseMs ?? 500, sleep: run.rt.sleep },
    waitForDeployed: async (id, status) => {
      const outcome = await run.idle(() => state.journal.phase('wait for Deployed', () => waitUntilDeployed(run, id, status)))
      state.wait = { ...outcome, waitedMs: (state.wait?.waitedMs ?? 0) + outcome.waitedMs }
      return outcome
    },
    stop: (reason) => {
      state.stop = reason
    }
  })
  return [...teardown, ...work.steps]
}

async function presentSteps<Spec, Seen>(run: ChannelRun<Spec, Seen>, seen: Seen, state: RunState): Promise<StepGroup[]> {
  const work = run.provider.plan(run.spec, seen, planContext(run, state))
  const relink = await relinkLost(run, work, state)
  state.work = work
  state.report = () => work.report()
  const retry: RetryPolicy = { attempts: 6, baseMs: run.options.retryBaseMs ?? 500, sleep: run.rt.sleep }
  const distribution = (bridge: 'keep' | 'up' | 'down', notes: string[] = []) =>
    distributionStep({ channel: run.id, spec: run.distributionSpec, work, state: state.distribution, bridge, notes, rt: run.rt, retry })
  const side = work.distribution()
  const managedHeader = side.access.kind === 'header' && side.header !== undefined && side.header.kind !== 'keep'
  const steps: StepGroup[] = [...work.origin, ...(relink ? [relink] : [])]
  if (managedHeader && needsBridge(run, work, state)) {
    const turning = side.header?.kind === 'value' ? 'on' : 'off'
    const phase1 = [`CDN authorization ${turning} for a live channel, in ${THREE_PHASES}. Phase 1`]
    if (!run.options.wait) phase1.push('wait is false, so the transition stops here: run again once the distribution is Deployed to finish it')
    const phase = (step: Step, name: string) => timed(step, `CDN authorization phase ${name}`, state.journal)
    steps.push(phase(distribution('up', phase1), '1'))
    steps.push(phase(waitStep(run, state, { always: true, stopUnlessDeployed: true }), '1'))
    steps.push(...work.access.map((step) => phase(withNote(step, 'Phase 2'), '2')))
    steps.push(phase(distribution('down', ['Phase 3']), '3'))
  } else {
    steps.push(...work.access, distribution(managedHeader ? 'down' : 'keep'))
  }
  steps.push(...work.after, waitStep(run, state, { always: false }))
  return steps
}

function planContext(run: ChannelRun, state: RunState): PlanContext {
  return {
    path: run.path,
    rt: run.rt,
    distribution: state.distribution.current,
    distributionArn: () => state.distribution.current?.distribution.ARN ?? hole(`the ARN of the new distribution of ${run.id}`)
  }
}

/** A channel that exists without a linked distribution: find one that is its own before making another. */
async function relinkLost(run: ChannelRun, work: ChannelWork, state: RunState): Promise<Step | undefined> {
  if (state.distribution.current) return undefined
  const side = work.distribution()
  if (isHole(side.link.value)) return undefined
  const found = await findLostDistribution({ rt: run.rt, channel: run.id, side, hasEndpoints: side.origin.kind === 'host' })
  if (!found) return undefined
  state.distribution.current = found
  return restoreLinkStep({ rt: run.rt, channel: run.id, side: () => work.distribution(), distribution: found })
}

/**
 * The bridge is needed only when viewers may be watching: the distribution serves a real origin whose
 * endpoints' access must change. New channels and endpoints change directly.
 */
function needsBridge(run: ChannelRun, work: ChannelWork, state: RunState): boolean {
  const config = state.distribution.current?.distribution.DistributionConfig
  if (!config || work.access.length === 0) return false
  const side = work.distribution()
  const origin = findOrigin(config, side)
  if (!origin || isPlaceholder(origin, side.placeholder)) return false
  const name = side.access.kind === 'header' ? side.access.name : ''
  // Turning off while the origin sends no header: the endpoints already refuse every request, nothing to protect.
  return side.header?.kind === 'value' || headerValueOf(origin, name) !== undefined
}

/** The step's apply counted in the journal's timing for `name` (the summary shows it per phase). */
function timed(step: Step, name: string, journal: Journal): Step {
  return { plan: () => step.plan(), apply: () => journal.phase(name, () => step.apply()) }
}

function withNote(step: Step, note: string): Step {
  const add = (change: Change | undefined) => (change ? { ...change, notes: [note, ...change.notes] } : undefined)
  return { plan: () => add(step.plan()), apply: async () => add(await step.apply()) }
}

/**
 * Waits for Deployed when the run changed something or the distribution is still deploying someone
 * else's change; `always` waits after a transition's first phase. Waiting holds no concurrency slot.
 */
function waitStep(run: ChannelRun, state: RunState, when: { always: boolean; stopUnlessDeployed?: boolean }): Step {
  return {
    plan: () => undefined,
    async apply() {
      const current = state.distribution.current
      if (!current) return undefined
      if (!run.options.wait) {
        if (when.stopUnlessDeployed) state.stop = 'wait is false'
        return undefined
      }
      const status = current.distribution.Status ?? 'InProgress'
      if (!when.always && !isChanged(state.journal.changes) && status === 'Deployed') return undefined
      const outcome = await run.idle(() => state.journal.phase('wait for Deployed', () => waitUntilDeployed(run, current.distribution.Id!, status)))
      state.wait = { ...outcome, waitedMs: (state.wait?.waitedMs ?? 0) + outcome.waitedMs }
      if (current.distribution.Status !== outcome.status)
        state.distribution.current = { ...current, distribution: { ...current.distribution, Status: outcome.status } }
      if (!outcome.deployed) state.stop = 'still deploying'
      return undefined
    }
  }
}

async function waitUntilDeployed(run: ChannelRun, id: string, initialStatus: string): Promise<WaitOutcome> {
  const journal = (line: string) => run.rt.log.info(`${run.id}: ${line}`)
  journal(`waiting for distribution ${id} to be Deployed (it is ${initialStatus})`)
  let lastStatus = initialStatus
  let lastLine = run.rt.now()
  const outcome = await waitForDeployed(
    initialStatus,
    async () => (await run.rt.services.cloudfront.getDistribution(id, { waiting: true }))?.distribution.Status ?? 'missing',
    run.options.waitTimeoutMs,
    run.rt,
    run.options.poll,
    (seen, waitedMs) => {
      // Once per status change or per minute, not every poll.
      if (seen === lastStatus && run.rt.now() - lastLine < 60_000) return
      lastStatus = seen
      lastLine = run.rt.now()
      journal(`distribution ${id} is ${seen} after ${formatDuration(waitedMs)}`)
    }
  )
  journal(`distribution ${id} ${outcome.status} after waiting ${formatDuration(outcome.waitedMs)}`)
  return outcome
}

/** What a teardown that stopped early (wait timed out, or wait: false) leaves for the next run. */
function teardownLeft(run: ChannelRun, state: RunState): string | undefined {
  const distribution = state.distribution.current?.distribution
  if (run.state !== 'absent' || !state.left || !distribution) return undefined
  const left = state.left.filter(isDestructive).map((change) => `${change.resource} ${change.id ?? change.name}`)
  const why =
    state.wait && !state.wait.deployed
      ? `Distribution ${distribution.Id} is disabled but still ${state.wait.status} after waiting ${formatDuration(state.wait.waitedMs)} (wait-timeout-minutes), ` +
        'so the teardown stopped there.'
      : `The teardown stopped after disabling distribution ${distribution.Id} (wait is false).`
  return `${why} Left: ${left.join(', ') || 'nothing'}. Run again to finish the teardown: the next run waits for Deployed, then deletes what is left.`
}

function result(run: ChannelRun, state: RunState, outcome: Outcome): ChannelResult {
  const distribution = state.distribution.current?.distribution
  const report = state.report ? state.report() : { endpoints: [], ingest: [] }
  // A retired channel names no CDN URL, even while its distribution is still there.
  const host = run.state === 'absent' ? undefined : cdnHost(run.distributionSpec, distribution)
  let message = teardownLeft(run, state)
  if (!message && outcome === 'still-deploying' && state.wait && distribution) {
    message =
      `Distribution ${distribution.Id} is still ${state.wait.status} after waiting ${formatDuration(state.wait.waitedMs)} ` +
      '(wait-timeout-minutes). Its changes are made; CloudFront is still deploying them. Raise wait-timeout-minutes or set wait: false.'
  }
  return {
    id: run.id,
    provider: run.provider.name,
    state: run.state,
    outcome,
    message,
    arn: report.arn,
    distributionId: distribution?.Id,
    distributionDomain: distribution?.DomainName,
    distributionStatus: distribution?.Status,
    cdnUrl: host ? `https://${host}` : undefined,
    endpoints: report.endpoints.map((endpoint) => ({
      ...endpoint,
      playbackUrls: host ? endpoint.originUrls.map((url) => playbackUrl(url, host, distribution)) : []
    })),
    ingest: report.ingest,
    changes: state.journal.changes,
    waitedMs: state.wait?.waitedMs,
    timings: state.journal.timings
  }
}
