/**
 * How late a poller notices Deployed, from its schedule alone (no fake, no waiting): many random
 * draws of the jitter and, optionally, of when the deployment finishes. As in the fake, a poll reads
 * the status one round trip after it is sent and the answer is back at that moment.
 *
 * - the action: src/workflow/wait.ts (pollDelay over DEFAULT_POLL);
 * - the stock SDK waiter: @smithy/core util-waiter (first check at once; attempt n ≥ 1 sleeps
 *   random(minDelay, min(maxDelay, minDelay·2ⁿ⁻¹)), maxDelay past log2(max/min)+1 attempts),
 *   with CloudFront's minDelay 60 s, maxDelay 2100 s.
 */
import { DEFAULT_POLL, pollDelay, type PollSchedule } from '../src/workflow/wait.js'
import { median } from './support.js'

export type Schedule = (attempt: number, random: () => number) => number

export const actionSchedule =
  (schedule: PollSchedule = DEFAULT_POLL): Schedule =>
  (attempt, random) =>
    pollDelay(schedule, attempt, random)

export function stockSchedule(minDelayMs = 60_000, maxDelayMs = 2_100_000): Schedule {
  const ceiling = Math.log(maxDelayMs / minDelayMs) / Math.log(2) + 1
  return (attempt, random) => {
    const n = attempt + 1 // the stock waiter's attempt number for the sleep before check n
    if (n > ceiling) return maxDelayMs
    const capped = Math.min(minDelayMs * 2 ** (n - 1), maxDelayMs)
    return minDelayMs + random() * (capped - minDelayMs)
  }
}

/** When the poller returns, for a deployment that finishes `deployedAfterMs` after the wait starts. */
export function noticedAt(schedule: Schedule, deployedAfterMs: number, rttMs: number, random: () => number, checkFirst: boolean): number {
  let t = 0
  if (checkFirst) {
    t += rttMs
    if (t >= deployedAfterMs) return t
  }
  for (let attempt = 0; ; attempt++) {
    t += schedule(attempt, random) + rttMs
    if (t >= deployedAfterMs) return t
  }
}

export interface DelayStats {
  median: number
  p95: number
  max: number
}

export function delayStats(delays: number[]): DelayStats {
  const sorted = [...delays].sort((a, b) => a - b)
  return { median: median(sorted), p95: sorted[Math.floor(sorted.length * 0.95)]!, max: sorted[sorted.length - 1]! }
}

/** Deployed → return over `draws` draws; `deployedAfter` picks the deployment time per draw. */
export function simulate(schedule: Schedule, checkFirst: boolean, deployedAfter: (random: () => number) => number, rttMs: number, draws = 20_000): DelayStats {
  const delays: number[] = []
  for (let i = 0; i < draws; i++) {
    const at = deployedAfter(Math.random)
    delays.push(noticedAt(schedule, at, rttMs, Math.random, checkFirst) - at)
  }
  return delayStats(delays)
}
