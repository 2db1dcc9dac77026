/**
 * The performance targets of issue 4 that are deterministic: how many calls, which ones, and in what
 * order. No timing is asserted (that is `npm run bench`'s job); where the fake's latency is turned up,
 * it is only to make the order of calls visible in the call log.
 */
import { describe, expect, it } from '@jest/globals'
import type { FakeAws, FakeCall } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'

function channelYaml(id: string): string {
  return `  - id: ${id}
    endpoints:
      - id: ${id}-hls
        hls: { segment-duration-seconds: 6 }
      - id: ${id}-dash
        dash: { segment-duration-seconds: 2 }
`
}

function manifest(...ids: string[]): string {
  return writeManifest(`version: 1\nregion: us-west-2\nchannels:\n${ids.map(channelYaml).join('')}`)
}

const channelIds = (n: number) => Array.from({ length: n }, (_, i) => `ch${i}`)

function countByOperation(calls: readonly FakeCall[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1
  return counts
}

/** The most calls in flight at once (intervals from the fake's call log). */
function maxInFlight(calls: readonly FakeCall[]): number {
  return Math.max(0, ...calls.map((at) => calls.filter((call) => call.start <= at.start && at.start < call.end).length))
}

/** Creates what the manifest says, then clears the call log: the next run is a converged rerun. */
async function converge(fake: FakeAws, path: string): Promise<void> {
  const setup = await runReconcile(fake, path)
  expect(setup.error).toBeUndefined()
  expect(setup.execution.result?.failures).toEqual([])
  fake.resetCalls()
}

describe('performance: calls and round trips (issue 4)', () => {
  it('a converged rerun of one channel is exactly 4 calls, none of them mutating', async () => {
    await withFake({}, async (fake) => {
      const path = manifest('news')
      await converge(fake, path)
      const run = await runReconcile(fake, path)
      expect(run.error).toBeUndefined()
      expect(run.outputs.changed).toBe('false')
      expect(fake.calls.map((call) => call.operation).sort()).toEqual(['DescribeChannel', 'GetDistribution', 'GetResources', 'ListOriginEndpoints'])
      expect(mutatingCalls(fake)).toEqual([])
    })
  })

  it('a converged rerun is two waves of calls: DescribeChannel ‖ ListOriginEndpoints ‖ GetResources, then GetDistribution', async () => {
    // The latency only spreads the calls out in time so that their order shows in the log.
    await withFake({ latencyMs: 150 }, async (fake) => {
      const path = manifest('news')
      await converge(fake, path)
      await runReconcile(fake, path)
      const first = fake.calls.filter((call) => call.operation !== 'GetDistribution')
      const second = fake.calls.filter((call) => call.operation === 'GetDistribution')
      expect(first.map((call) => call.operation).sort()).toEqual(['DescribeChannel', 'GetResources', 'ListOriginEndpoints'])
      expect(second).toHaveLength(1)
      // Wave 1: every call of it was sent before any of them was answered, so all three were in flight together.
      expect(Math.max(...first.map((call) => call.start))).toBeLessThan(Math.min(...first.map((call) => call.end)))
      expect(maxInFlight(first)).toBe(3)
      // Wave 2: GetDistribution is sent only once all of wave 1 is answered.
      expect(second[0]!.start).toBeGreaterThanOrEqual(Math.max(...first.map((call) => call.end)))
    })
  })

  it('ten converged channels: one GetResources for the whole manifest, one DescribeChannel, ListOriginEndpoints and GetDistribution each', async () => {
    await withFake({}, async (fake) => {
      const path = manifest(...channelIds(10))
      await converge(fake, path)
      const run = await runReconcile(fake, path, { 'max-concurrency': '10' })
      expect(run.error).toBeUndefined()
      expect(countByOperation(fake.calls)).toEqual({ GetResources: 1, DescribeChannel: 10, ListOriginEndpoints: 10, GetDistribution: 10 })
      expect(mutatingCalls(fake)).toEqual([])
    })
  })

  it('ten channels from scratch still look distributions up once', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, manifest(...channelIds(10)))
      expect(run.error).toBeUndefined()
      expect(run.execution.result?.failures).toEqual([])
      expect(countByOperation(fake.calls).GetResources).toBe(1)
      expect(fake.state.distributions.size).toBe(10)
    })
  })

  it('makes the same calls in an account with 500 other distributions as in an empty one', async () => {
    const rerunCalls = async (others: number) =>
      withFake({}, async (fake) => {
        fake.seedDistributions(others)
        const path = manifest('news', 'sports')
        await converge(fake, path)
        const run = await runReconcile(fake, path)
        expect(run.error).toBeUndefined()
        expect(fake.state.distributions.size).toBe(others + 2)
        return countByOperation(fake.calls)
      })
    const empty = await rerunCalls(0)
    expect(await rerunCalls(500)).toEqual(empty)
    expect(empty).toEqual({ GetResources: 1, DescribeChannel: 2, ListOriginEndpoints: 2, GetDistribution: 2 })
  })

  it('where tag:GetResources is denied, scans ListDistributions + ListTagsForResource, warns once and still converges', async () => {
    await withFake({}, async (fake) => {
      fake.seedDistributions(5)
      const path = manifest('news', 'sports', 'weather')
      await converge(fake, path)
      fake.faults.add({ service: 'tagging', operation: 'GetResources', error: 'access-denied' })
      const run = await runReconcile(fake, path)
      expect(run.error).toBeUndefined()
      expect(run.execution.result?.failures).toEqual([])
      expect(run.outputs.changed).toBe('false')
      expect(mutatingCalls(fake)).toEqual([])
      expect(fake.state.distributions.size).toBe(8)
      expect(run.log.warnings).toHaveLength(1)
      expect(run.log.warnings[0]).toContain('tag:GetResources')
      const counts = countByOperation(fake.calls)
      expect(counts.GetResources).toBe(1)
      expect(counts.ListDistributions).toBeGreaterThanOrEqual(1)
      // Every distribution's tags are read once, for the whole manifest.
      expect(counts.ListTagsForResource).toBe(fake.state.distributions.size)
      expect(counts.GetDistribution).toBe(3)
    })
  })

  it('reconciles at most max-concurrency channels at once', async () => {
    // The latency keeps each channel's calls in flight long enough for overlaps to show in the log.
    await withFake({ latencyMs: 40 }, async (fake) => {
      const ids = channelIds(6)
      const run = await runReconcile(fake, manifest(...ids), { 'max-concurrency': '2' })
      expect(run.error).toBeUndefined()
      expect(run.execution.result?.failures).toEqual([])
      const describes = fake.calls.filter((call) => call.operation === 'DescribeChannel')
      expect(describes).toHaveLength(6)
      // Two channels at once: never three, and the bound is used (not one at a time).
      expect(maxInFlight(describes)).toBe(2)
      expect(fake.state.channels.size).toBe(6)
    })
  })

  it('does not hold a concurrency slot while waiting for Deployed: every distribution deploys at once', async () => {
    await withFake({ deployDelayMs: 1500 }, async (fake) => {
      const run = await runReconcile(fake, manifest(...channelIds(4)), { 'max-concurrency': '2' })
      expect(run.execution.result?.failures).toEqual([])
      const creates = fake.calls.filter((call) => call.operation === 'CreateDistributionWithTags')
      expect(creates).toHaveLength(4)
      // Channels 3 and 4 start while 1 and 2 wait: all four are created before the first one is Deployed.
      const firstDeployedAt = Math.min(...creates.map((call) => call.end)) + 1500
      expect(Math.max(...creates.map((call) => call.start))).toBeLessThan(firstDeployedAt)
    })
  })

  it('retiring a Deployed channel with two endpoints costs 12 calls: the viewer guard reads ride with GetDistribution', async () => {
    await withFake({}, async (fake) => {
      await converge(fake, manifest('news'))
      const retired = writeManifest('version: 1\nregion: us-west-2\nchannels:\n  - id: news\n    state: absent\n')
      const run = await runReconcile(fake, retired, { 'allow-delete': 'true' })
      expect(run.execution.result?.failures).toEqual([])
      // Observe (3) and GetDistribution with one GetMetricData per Region (3); disable, a fresh read, delete; the endpoints; the channel.
      expect(countByOperation(fake.calls)).toEqual({
        DescribeChannel: 1,
        ListOriginEndpoints: 1,
        GetResources: 1,
        GetDistribution: 2,
        GetMetricData: 2,
        UpdateDistribution: 1,
        DeleteDistribution: 1,
        DeleteOriginEndpoint: 2,
        DeleteChannel: 1
      })
    })
  })

  describe('waits only when something changed or the distribution is not yet Deployed', () => {
    it('a converged rerun of a Deployed distribution reads it once and never polls', async () => {
      await withFake({ deployDelayMs: 100 }, async (fake) => {
        const path = manifest('news', 'sports')
        const first = await runReconcile(fake, path)
        expect(first.error).toBeUndefined()
        // The create waited for Deployed: more GetDistribution calls than channels.
        expect(countByOperation(fake.calls).GetDistribution).toBeGreaterThan(2)
        expect(first.outputs['distribution-status']).toBe('Deployed')
        fake.resetCalls()
        const rerun = await runReconcile(fake, path)
        expect(rerun.error).toBeUndefined()
        expect(countByOperation(fake.calls).GetDistribution).toBe(2)
      })
    })

    it("a converged rerun polls while someone else's change is still deploying, without writing", async () => {
      await withFake({}, async (fake) => {
        const path = manifest('news')
        await converge(fake, path)
        const distribution = [...fake.state.distributions.values()][0]!
        distribution.inProgressUntil = Date.now() + 150
        const run = await runReconcile(fake, path)
        expect(run.error).toBeUndefined()
        expect(mutatingCalls(fake)).toEqual([])
        expect(countByOperation(fake.calls).GetDistribution).toBeGreaterThan(1)
        expect(run.outputs['distribution-status']).toBe('Deployed')
      })
    })

    it('with wait: false a create never polls', async () => {
      await withFake({ deployDelayMs: 60_000 }, async (fake) => {
        const run = await runReconcile(fake, manifest('news'), { wait: 'false' })
        expect(run.error).toBeUndefined()
        expect(countByOperation(fake.calls).GetDistribution).toBeUndefined()
        expect(fake.state.distributions.size).toBe(1)
      })
    })
  })
})
