import { describe, expect, it } from '@jest/globals'
import { DEFAULT_POLL, formatDuration, pollDelay, waitForDeployed, type WaitClock } from '../../../src/workflow/wait.js'

/** A clock that only moves when the code under test sleeps: no real waiting. */
function fakeClock(random = 0.5): WaitClock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return {
    now: () => now,
    sleep: (ms) => {
      slept.push(ms)
      now += ms
      return Promise.resolve()
    },
    random: () => random,
    slept
  }
}

describe('waiting for Deployed', () => {
  it('polls soon, then backs off, never beyond the 4.5 s ceiling whatever the jitter', () => {
    const delays = Array.from({ length: 12 }, (_, attempt) => pollDelay(DEFAULT_POLL, attempt, () => 1))
    expect(delays[0]).toBeLessThanOrEqual(1000)
    expect(Math.max(...delays)).toBeLessThanOrEqual(4500)
    expect(delays.slice(6)).toEqual(Array(6).fill(4500))
    expect(pollDelay(DEFAULT_POLL, 20, () => 0)).toBe(3600) // jitter takes up to 20 % off, never adds
  })

  it('returns within 5 s of the distribution becoming Deployed, for any deployment time', async () => {
    for (const deployedAt of [3_000, 20_000, 61_000, 15 * 60_000]) {
      const clock = fakeClock(1)
      const outcome = await waitForDeployed('InProgress', () => Promise.resolve(clock.now() >= deployedAt ? 'Deployed' : 'InProgress'), 30 * 60_000, clock)
      expect(outcome.deployed).toBe(true)
      expect(outcome.waitedMs - deployedAt).toBeLessThan(5000)
    }
  })

  it('stops at the timeout with the last status, without sleeping past it', async () => {
    const clock = fakeClock()
    const seen: string[] = []
    const outcome = await waitForDeployed(
      'InProgress',
      () => Promise.resolve('InProgress'),
      10_000,
      clock,
      DEFAULT_POLL,
      (status) => seen.push(status)
    )
    expect(outcome).toEqual({ status: 'InProgress', deployed: false, waitedMs: 10_000 })
    expect(seen.length).toBeGreaterThan(2)
  })

  it('does not poll a distribution that is already Deployed', async () => {
    const clock = fakeClock()
    const outcome = await waitForDeployed('Deployed', () => Promise.resolve('InProgress'), 10_000, clock)
    expect(outcome).toEqual({ status: 'Deployed', deployed: true, waitedMs: 0 })
    expect(clock.slept).toEqual([])
  })

  it('says durations the way a person reads them', () => {
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(65_000)).toBe('1 min 05 s')
  })
})
