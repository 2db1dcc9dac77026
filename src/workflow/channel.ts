import { hole, isChanged, isHole, type Change } from '../change.js'
import { findOrigin } from '../cloudfront/origin.js'
import { headerValueOf } from '../cloudfront/bridge.js'
import { isPlaceholder } from '../cloudfront/intent.js'
import type { DistributionSpec } from '../manifest/definition.js'
import { distributionStep, pickTagged, type DistributionState } from './distribution.js'
import { Journal, type Timing } from './journal.js'
import { cdnHost, playbackUrl } from './playback.js'
import { findLostDistribution, restoreLinkStep } from './relink.js'
import type { ChannelWork, EndpointReport, IngestReport, OriginProvider } from './provider.js'
import type { RetryPolicy } from './retry.js'
import type { ReconcileOptions, Runtime } from './runtime.js'
import type { Step, StepGroup } from './steps.js'
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
  distributionSpec: DistributionSpec | undefined
  provider: OriginProvider<Spec, Seen>
  rt: Runtime
  options: ReconcileOptions
  /** Runs `work` without holding a concurrency slot (waiting is not work). The scheduler provides it. */
  idle<T>(work: () => Promise<T>): Promise<T>
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
    const work = run.provider.plan(run.spec, seen, {
      path: run.path,
      rt: run.rt,
      distribution: state.distribution.current,
      distributionArn: () => state.distribution.current?.distribution.ARN ?? hole(`the ARN of the new distribution of ${run.id}`)
    })
    const relink = await relinkLost(run, work, state)
    const steps = planSteps(run, work, state, relink)
    if (run.options.mode === 'plan') {
      for (const group of steps) for (const step of members(group)) state.journal.record(step.plan())
    } else {
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
  if (value !== undefined) {
    const match = pickTagged(await tagged, run.id, { key, value })
    if (match) state.distribution.current = await run.rt.services.cloudfront.getDistribution(match.id)
  }
  return seen
}

function members(group: StepGroup): readonly Step[] {
  return isGroup(group) ? group : [group]
}

function isGroup(group: StepGroup): group is readonly Step[] {
  return Array.isArray(group)
}

async function applySteps(steps: readonly StepGroup[], state: RunState): Promise<void> {
  for (const group of steps) {
    if (state.stop) return
    const parts = members(group)
    // Independent steps (a channel's endpoints) go at once; each that succeeded is recorded even if another fails.
    const settled = await Promise.allSettled(parts.map((step) => step.apply()))
    for (const outcome of settled) if (outcome.status === 'fulfilled') state.journal.record(outcome.value)
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
    if (failed) throw failed.reason
  }
}

/** The channel's steps in order: the origin side, the distribution (through the transition when a live audience needs it), what needs the distribution, the wait. */
function planSteps(run: ChannelRun, work: ChannelWork, state: RunState, relink: Step | undefined): StepGroup[] {
  state.work = work
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
    steps.push(distribution('up', phase1))
    steps.push(waitStep(run, state, { always: true, stopUnlessDeployed: true }))
    steps.push(...work.access.map((step) => withNote(step, 'Phase 2')))
    steps.push(distribution('down', ['Phase 3']))
  } else {
    steps.push(...work.access, distribution(managedHeader ? 'down' : 'keep'))
  }
  steps.push(...work.after, waitStep(run, state, { always: false }))
  return steps
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

function result(run: ChannelRun, state: RunState, outcome: Outcome): ChannelResult {
  const distribution = state.distribution.current?.distribution
  const report = state.work ? state.work.report() : { endpoints: [], ingest: [] }
  const host = cdnHost(run.distributionSpec, distribution)
  let message: string | undefined
  if (outcome === 'still-deploying' && state.wait && distribution) {
    message =
      `Distribution ${distribution.Id} is still ${state.wait.status} after waiting ${formatDuration(state.wait.waitedMs)} ` +
      '(wait-timeout-minutes). Its changes are made; CloudFront is still deploying them. Raise wait-timeout-minutes or set wait: false.'
  }
  return {
    id: run.id,
    provider: run.provider.name,
    outcome,
    message,
    arn: report.arn,
    distributionId: distribution?.Id,
    distributionDomain: distribution?.DomainName,
    distributionStatus: distribution?.Status,
    cdnUrl: host ? `https://${host}` : undefined,
    endpoints: report.endpoints.map((endpoint) => ({ ...endpoint, playbackUrls: host ? endpoint.originUrls.map((url) => playbackUrl(url, host)) : [] })),
    ingest: report.ingest,
    changes: state.journal.changes,
    waitedMs: state.wait?.waitedMs,
    timings: state.journal.timings
  }
}
