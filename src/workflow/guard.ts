import type { Change } from '../change.js'
import { UserError } from '../errors.js'
import type { ViewerProbe } from './provider.js'
import type { Runtime } from './runtime.js'
import { quietStep, type Step } from './steps.js'

/**
 * The viewer guard: before a channel's resources are deleted, CloudWatch must show no viewer request
 * to any of them in the last N minutes. Any request refuses all of the channel's deletes, and so does a
 * CloudWatch that cannot be read (the guard fails closed); viewer-guard-minutes 0 turns it off.
 * The points arrive in CloudWatch a few minutes late, which the window (15 minutes by default) absorbs.
 */
export type GuardVerdict =
  | { kind: 'off' }
  | { kind: 'read'; minutes: number; counts: ReadonlyMap<string, number>; probes: readonly ViewerProbe[] }
  | { kind: 'unreadable'; minutes: number; error: unknown; probes: readonly ViewerProbe[] }

function keyOf(resource: string, id: string | undefined): string {
  return `${resource} ${id ?? ''}`
}

/** `endpoint news-live-hls` */
function nameOf(probe: ViewerProbe): string {
  return `${probe.resource} ${probe.id}`
}

/** A minute past now as well: the points of the minute under way belong to the window. */
const CURRENT_MINUTE_MS = 60_000

/**
 * Reads every probe's requests over the window: one GetMetricData per Region, all at once, so the
 * guard costs one round trip. Undefined when the run deletes nothing.
 */
export async function readGuard(options: { channel: string; probes: readonly ViewerProbe[]; minutes: number; rt: Runtime }): Promise<GuardVerdict | undefined> {
  const { channel, probes, minutes, rt } = options
  if (probes.length === 0) return undefined
  if (minutes === 0) return { kind: 'off' }
  const now = rt.now()
  const window = { start: new Date(now - minutes * 60_000), end: new Date(now + CURRENT_MINUTE_MS) }
  const regions = [...new Set(probes.map((probe) => probe.region))]
  // Settled, not raced: a failed Region must not leave the other's request running past the guard.
  const sums = await Promise.allSettled(
    regions.map(async (region) => {
      const here = probes.filter((probe) => probe.region === region)
      const totals = await rt.services.metrics.sums(
        region,
        here.map((probe) => probe.series),
        window,
        `viewer metrics of channel ${channel}`
      )
      return here.map((probe, index) => [keyOf(probe.resource, probe.id), totals[index] ?? 0] as const)
    })
  )
  const failed = sums.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
  if (failed) return { kind: 'unreadable', minutes, error: failed.reason, probes }
  return { kind: 'read', minutes, counts: new Map(sums.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []))), probes }
}

function watched(verdict: Extract<GuardVerdict, { kind: 'read' }>): { probe: ViewerProbe; count: number }[] {
  return verdict.probes.map((probe) => ({ probe, count: verdict.counts.get(keyOf(probe.resource, probe.id)) ?? 0 })).filter(({ count }) => count > 0)
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function requests(count: number): string {
  return `${count} viewer request${count === 1 ? '' : 's'}`
}

/** Why the guard refuses the channel's deletes, or undefined when it lets them go. */
export function refusal(verdict: GuardVerdict | undefined, channel: string): string | undefined {
  if (!verdict || verdict.kind === 'off') return undefined
  const untouched = `Nothing of channel ${channel} was deleted or changed.`
  const skip = 'or set viewer-guard-minutes: 0 to skip the check.'
  if (verdict.kind === 'unreadable') {
    return (
      `Channel ${channel}: the viewer guard could not read CloudWatch (${describeError(verdict.error)}), so it refuses the channel's deletes: ` +
      `it fails closed. ${untouched} Allow cloudwatch:GetMetricData (README, "Permissions"), ${skip}`
    )
  }
  const hits = watched(verdict)
  if (hits.length === 0) return undefined
  const list = hits.map(({ probe, count }) => `${nameOf(probe)} had ${requests(count)} (${probe.series.namespace} ${probe.series.metricName})`)
  return (
    `Channel ${channel}: the viewer guard refuses its deletes: ${list.join(', ')} in the last ${verdict.minutes} minutes. ${untouched} ` +
    `Run again once no one has watched for ${verdict.minutes} minutes, ${skip}`
  )
}

/** The first step of a channel that deletes: in apply, the guard's refusal stops the channel before any write. */
export function guardStep(verdict: GuardVerdict, channel: string): Step {
  return quietStep(() => {
    const reason = refusal(verdict, channel)
    return reason ? Promise.reject(new UserError(reason)) : Promise.resolve()
  })
}

/** What the guard found for the resource a delete change names, as a note on that change. */
export function guardNote(verdict: GuardVerdict | undefined, change: Change): string | undefined {
  if (!verdict || change.action !== 'delete') return undefined
  if (verdict.kind === 'off') return 'viewer guard off (viewer-guard-minutes: 0)'
  const probe = verdict.probes.find((candidate) => keyOf(candidate.resource, candidate.id) === keyOf(change.resource, change.id))
  if (!probe) return undefined
  const metric = `CloudWatch ${probe.series.namespace} ${probe.series.metricName}`
  if (verdict.kind === 'unreadable') return `viewer guard: ${metric} could not be read, so apply refuses the channel's deletes`
  const count = verdict.counts.get(keyOf(probe.resource, probe.id)) ?? 0
  if (count === 0) return `no viewer requests in the last ${verdict.minutes} min (${metric})`
  return `${requests(count)} in the last ${verdict.minutes} min (${metric}): the viewer guard refuses the channel's deletes`
}
