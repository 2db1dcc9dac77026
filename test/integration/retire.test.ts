/**
 * Retiring on purpose (`state: absent`), in-process against the fake AWS: the allow-delete gate, the
 * viewer guard, the teardown's waits and retries, and what a rerun finds. test/e2e/retire.test.ts runs
 * the headline scenarios through the bundle.
 */
import { describe, expect, it } from '@jest/globals'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import { ServiceError, type FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import { CHANNEL, TWO_ENDPOINTS, callsOf, census, expectSucceeded, failureMessages, userVisible } from '../support/scenarios.js'
import { NEWS_RETIRED } from '../support/manifests.js'

const ALLOW = { 'allow-delete': 'true' }

/** The channel with its two endpoints and its distribution, Deployed. */
async function deployed(fake: FakeAws): Promise<{ distributionId: string; channelArn: string }> {
  const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
  expectSucceeded(run)
  const distribution = [...fake.state.distributions.values()][0]!
  distribution.inProgressUntil = 0
  fake.resetCalls()
  return { distributionId: distribution.Id, channelArn: fake.state.channels.get(CHANNEL)!.Arn }
}

const guid = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)

describe('the allow-delete gate', () => {
  it('without allow-delete, a plan that deletes stops every channel before any write, naming the deletes', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      // A second channel that would be created: it is not written either.
      const manifest = `${NEWS_RETIRED}  - id: sports-live\n`
      const run = await runReconcile(fake, writeManifest(manifest))
      expect(mutatingCalls(fake)).toEqual([])
      expect(fake.state.channels.has('sports-live')).toBe(false)
      const messages = failureMessages(run)
      expect(messages).toEqual([
        `Channel news-live: apply would disable distribution ${distributionId}, delete distribution ${distributionId}, delete endpoint news-live-hls, ` +
          'delete endpoint news-live-dash, delete channel news-live, and the allow-delete input is false, so this run wrote nothing, in any channel. ' +
          'Check the plan (mode: plan lists every delete), then run again with allow-delete: true.',
        expect.stringContaining('Channel sports-live: this run wrote nothing: the plan of news-live deletes or disables resources')
      ])
      expect(run.outputs.changed).toBe('false')
    })
  })

  it('plan mode shows every delete, what it costs and that apply needs allow-delete, and writes nothing', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), { mode: 'plan' })
      expect(mutatingCalls(fake)).toEqual([])
      expectSucceeded(run)
      const changes = JSON.parse(run.outputs.changes!) as { resource: string; id: string; action: string; details: string[] }[]
      expect(changes.map((change) => `${change.action} ${change.resource} ${change.id}`)).toEqual([
        `disable distribution ${distributionId}`,
        `delete distribution ${distributionId}`,
        'delete endpoint news-live-hls',
        'delete endpoint news-live-dash',
        'delete channel news-live'
      ])
      expect(changes[0]!.details).toContain('a distribution takes minutes to disable: CloudFront deploys the change to every edge location')
      for (const change of changes) expect(change.details).toContain('apply needs allow-delete: true')
      expect(run.outputs.changed).toBe('true')
      // A retired channel names no CDN URL, even while its distribution is still there.
      expect(run.outputs['cdn-url']).toBe('')
      expect(run.outputs['playback-urls']).toBe('{}')
      expect(run.summary).toContain(`| news-live | 🗑️ to retire | 4 to delete | [${distributionId}](`)
    })
  })

  it('does not hold the other channels when one fails before planning, even with one slot', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      fake.faults.add({ service: 'mediapackage', operation: 'DescribeChannel', error: 'access-denied', times: 1 })
      const manifest = `${TWO_ENDPOINTS}  - id: sports-live\n  - id: weather-live\n`
      const run = await runReconcile(fake, writeManifest(manifest), { 'max-concurrency': '1' })
      // One channel failed on its read; the other two went on and were created.
      expect(run.execution.result!.failures.map((failure) => failure.channelId)).toHaveLength(1)
      expect(fake.state.channels.size).toBe(3)
    })
  })
})

describe('the viewer guard', () => {
  it('reads one GetMetricData per Region, beside GetDistribution, so a teardown costs no extra round trip', async () => {
    await withFake({ latencyMs: 40 }, async (fake) => {
      await deployed(fake)
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), { mode: 'plan' })
      expectSucceeded(run)
      const metrics = fake.calls.filter((call) => call.operation === 'GetMetricData')
      expect(metrics.map((call) => call.region).sort()).toEqual(['us-east-1', 'us-west-2'])
      const get = fake.calls.find((call) => call.operation === 'GetDistribution')!
      for (const call of metrics) expect(call.start).toBeLessThan(get.end)
    })
  })

  it('refuses every delete of a channel whose endpoint had viewers, naming it, the count and the window', async () => {
    await withFake({}, async (fake) => {
      const { channelArn } = await deployed(fake)
      const hls = fake.state.endpoints.get('news-live-hls')!
      fake.state.putMetric({
        region: 'us-west-2',
        namespace: 'AWS/MediaPackage',
        metricName: 'EgressRequestCount',
        dimensions: { Channel: guid(channelArn), OriginEndpoint: guid(hls.Arn) },
        timestamp: Date.now() - 5 * 60_000,
        value: 42,
        unit: 'Count'
      })
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expect(mutatingCalls(fake)).toEqual([])
      expect(failureMessages(run)).toEqual([
        'Channel news-live: the viewer guard refuses its deletes: endpoint news-live-hls had 42 viewer requests (AWS/MediaPackage EgressRequestCount) ' +
          'in the last 15 minutes. Nothing of channel news-live was deleted or changed. Run again once no one has watched for 15 minutes, ' +
          'or set viewer-guard-minutes: 0 to skip the check.'
      ])
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })

      // The same point outside a shorter window lets the teardown go.
      const later = await runReconcile(fake, writeManifest(NEWS_RETIRED), { ...ALLOW, 'viewer-guard-minutes': '2' })
      expectSucceeded(later)
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
    })
  })

  it("counts the distribution's CloudFront requests for a retired channel", async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      fake.state.putMetric({
        region: 'us-east-1',
        namespace: 'AWS/CloudFront',
        metricName: 'Requests',
        dimensions: { DistributionId: distributionId, Region: 'Global' },
        timestamp: Date.now(),
        value: 3
      })
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expect(failureMessages(run)).toEqual([expect.stringContaining(`distribution ${distributionId} had 3 viewer requests (AWS/CloudFront Requests)`)])
      expect(mutatingCalls(fake)).toEqual([])
    })
  })

  it('fails closed when CloudWatch cannot be read, and viewer-guard-minutes 0 skips the read', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      fake.faults.add({ service: 'cloudwatch', error: 'access-denied' })
      const refused = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expect(mutatingCalls(fake)).toEqual([])
      const [message] = failureMessages(refused)
      expect(message).toContain('Channel news-live: the viewer guard could not read CloudWatch (')
      expect(message).toContain('Allow "cloudwatch:GetMetricData"')
      expect(message).toContain('it fails closed. Nothing of channel news-live was deleted or changed.')
      expect(message).toContain('or set viewer-guard-minutes: 0 to skip the check.')

      // Plan mode says so on each delete instead of failing.
      const plan = await runReconcile(fake, writeManifest(NEWS_RETIRED), { ...ALLOW, mode: 'plan' })
      expectSucceeded(plan)
      expect(plan.summary).toContain('CloudWatch AWS/MediaPackage EgressRequestCount could not be read, so apply refuses the channel')

      fake.resetCalls()
      const skipped = await runReconcile(fake, writeManifest(NEWS_RETIRED), { ...ALLOW, 'viewer-guard-minutes': '0' })
      expectSucceeded(skipped)
      expect(callsOf(fake, 'GetMetricData')).toEqual([])
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
      expect(skipped.summary).toContain('viewer guard off (viewer-guard-minutes: 0)')
    })
  })
})

describe('a retired channel', () => {
  it('goes in order: distribution disabled, Deployed, deleted with a fresh ETag; then every endpoint, all pages, named or not; then the channel', async () => {
    await withFake({ pageSize: 1 }, async (fake) => {
      const { distributionId } = await deployed(fake)
      // An endpoint made by hand: a retired channel takes it too.
      fake.state.createEndpoint({ Id: 'news-live-by-hand', ChannelId: CHANNEL, HlsPackage: {} })
      fake.state.deployDelayMs = 300
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expectSucceeded(run)
      const writes = mutatingCalls(fake)
      expect(writes.slice(0, 2)).toEqual(['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution'])
      expect(writes.slice(2, 5).sort()).toEqual(['mediapackage:DeleteOriginEndpoint', 'mediapackage:DeleteOriginEndpoint', 'mediapackage:DeleteOriginEndpoint'])
      expect(writes[5]).toBe('mediapackage:DeleteChannel')
      // The delete came after the disable had Deployed, right after a read of the distribution.
      const calls = fake.calls
      const del = calls.findIndex((call) => call.operation === 'DeleteDistribution')
      expect(calls[del - 1]!.operation).toBe('GetDistribution')
      expect(callsOf(fake, 'DeleteDistribution')).toEqual([undefined])
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
      expect(fake.state.distributions.has(distributionId)).toBe(false)
      expect(userVisible(run)).toContain('news-live-by-hand')

      fake.resetCalls()
      const rerun = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expectSucceeded(rerun)
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
      // Without allow-delete as well: nothing is left to delete.
      expectSucceeded(await runReconcile(fake, writeManifest(NEWS_RETIRED)))
    })
  })

  it('on wait-timeout-minutes says what is left, and the next run finishes it', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      fake.state.deployDelayMs = 60_000
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), { ...ALLOW, 'wait-timeout-minutes': '0.005' })
      expect(failureMessages(run)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Distribution ${distributionId} is disabled but still InProgress after waiting 0\\.\\d s \\(wait-timeout-minutes\\), so the teardown stopped there\\. ` +
              `Left: distribution ${distributionId}, endpoint news-live-hls, endpoint news-live-dash, channel news-live\\. Run again to finish the teardown`
          )
        )
      ])
      expect(run.outputs.changed).toBe('true')
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
      expect(fake.state.distributions.get(distributionId)!.config.Enabled).toBe(false)

      fake.state.distributions.get(distributionId)!.inProgressUntil = 0
      fake.resetCalls()
      const rerun = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expectSucceeded(rerun)
      // Already disabled: no second disable.
      expect(callsOf(fake, 'UpdateDistribution')).toEqual([])
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
    })
  })

  it('with wait: false stops after the disable and says so; a later run finishes', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      fake.state.deployDelayMs = 60_000
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), { ...ALLOW, wait: 'false' })
      expectSucceeded(run)
      expect(mutatingCalls(fake)).toEqual(['cloudfront:UpdateDistribution'])
      expect(run.summary).toContain(`The teardown stopped after disabling distribution ${distributionId} (wait is false).`)
      expect(run.summary).toContain('⏸️ teardown paused: run again')
      fake.state.distributions.get(distributionId)!.inProgressUntil = 0
      expectSucceeded(await runReconcile(fake, writeManifest(NEWS_RETIRED), { ...ALLOW, wait: 'false' }))
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
    })
  })

  it('retries a delete that finds a changed ETag or CloudFront not yet ready, within bounds', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      let deletes = 0
      fake.onOperation((_service, operation) => {
        if (operation !== 'DeleteDistribution') return
        deletes++
        // First a person edits the comment between our read and our delete (412), then CloudFront lags (409).
        if (deletes === 1) {
          fake.state.updateDistribution(distributionId, (config) => void (config.Comment = 'edited by a person'))
          fake.state.distributions.get(distributionId)!.inProgressUntil = 0
        }
        if (deletes === 2) throw new ServiceError('DistributionNotDisabled', 409, 'The distribution you are trying to delete has not been disabled.')
      })
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expectSucceeded(run)
      expect(callsOf(fake, 'DeleteDistribution')).toEqual(['PreconditionFailed', 'DistributionNotDisabled', undefined])
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
    })
  })

  it('is not deleted while an endpoint made after the run read it remains; the next run guards and deletes it', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      const remove = fake.onOperation((_service, operation) => {
        if (operation === 'DeleteChannel' && !fake.state.endpoints.has('news-live-late')) {
          fake.state.createEndpoint({ Id: 'news-live-late', ChannelId: CHANNEL, HlsPackage: {} })
        }
      })
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expect(failureMessages(run)).toEqual([
        'Channel news-live still has endpoints (news-live-late) made after this run read it, so it was not deleted. ' +
          'Run again: the next run checks them for viewers and deletes them, then the channel.'
      ])
      remove()
      expectSucceeded(await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW))
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
    })
  })

  it('with retain-on-delete keeps its distribution, disabled, tagged and otherwise as it was', async () => {
    await withFake({}, async (fake) => {
      const { distributionId, channelArn } = await deployed(fake)
      const before = structuredClone(fake.state.distributions.get(distributionId)!.config)
      const retained = `${NEWS_RETIRED}    distribution:\n      retain-on-delete: true\n`
      const run = await runReconcile(fake, writeManifest(retained), ALLOW)
      expectSucceeded(run)
      const kept = fake.state.distributions.get(distributionId)!
      expect(kept.config).toEqual({ ...before, Enabled: false })
      expect(kept.tags[ASSOC_TAG]).toBe(channelArn)
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 1 })
      const changes = JSON.parse(run.outputs.changes!) as { resource: string; action: string }[]
      expect(changes.filter((change) => change.resource === 'distribution').map((change) => change.action)).toEqual(['disable'])
      expect(run.outputs['distribution-id']).toBe(distributionId)
      expect(run.outputs['cdn-url']).toBe('')

      fake.resetCalls()
      expectSucceeded(await runReconcile(fake, writeManifest(retained), ALLOW))
      expect(mutatingCalls(fake)).toEqual([])
    })
  })
})

describe('an endpoint retired on its own', () => {
  const oneRetired = (extra = '') => `
version: 1
region: us-west-2
channels:
  - id: news-live
    description: 24/7 news
    endpoints:
      - id: news-live-hls
        hls: { segment-duration-seconds: 6, playlist-window-seconds: 60 }
      - id: news-live-dash
        state: absent
${extra}`

  it('is deleted alone: the channel, the other endpoint and the distribution stay as they are', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      const etag = fake.state.distributions.get(distributionId)!.ETag
      const run = await runReconcile(fake, writeManifest(oneRetired()), ALLOW)
      expectSucceeded(run)
      expect(mutatingCalls(fake)).toEqual(['mediapackage:DeleteOriginEndpoint'])
      expect([...fake.state.endpoints.keys()]).toEqual(['news-live-hls'])
      expect(fake.state.distributions.get(distributionId)!.ETag).toBe(etag)
      expect(Object.keys(JSON.parse(run.outputs['playback-urls']!) as object)).toEqual(['news-live-hls'])
      expect(run.outputs['cdn-url']).not.toBe('')
    })
  })

  it('is judged by its own egress: viewers of the endpoint that stays do not hold it', async () => {
    await withFake({}, async (fake) => {
      const { distributionId } = await deployed(fake)
      const hls = fake.state.endpoints.get('news-live-hls')!
      for (let i = 0; i < 3; i++) expect(fake.play(distributionId, new URL(hls.Url!).pathname, 'new').status).toBe(200)
      expectSucceeded(await runReconcile(fake, writeManifest(oneRetired()), ALLOW))
      expect([...fake.state.endpoints.keys()]).toEqual(['news-live-hls'])
    })
  })

  it('as the last endpoint leaves the distribution on its origin, and a rerun writes nothing', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      const manifest = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        state: absent
      - id: news-live-dash
        state: absent
`
      expectSucceeded(await runReconcile(fake, writeManifest(manifest), ALLOW))
      expect(fake.state.endpoints.size).toBe(0)
      fake.resetCalls()
      expectSucceeded(await runReconcile(fake, writeManifest(manifest), ALLOW))
      expect(mutatingCalls(fake)).toEqual([])
    })
  })

  it('whose id another channel holds is left alone, as is everything the manifest does not name', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      fake.state.createChannel({ Id: 'sports-live' })
      fake.state.createEndpoint({ Id: 'sports-live-hls', ChannelId: 'sports-live', HlsPackage: {} })
      const manifest = `${TWO_ENDPOINTS}      - id: sports-live-hls\n        state: absent\n`
      const run = await runReconcile(fake, writeManifest(manifest), ALLOW)
      expectSucceeded(run)
      expect(mutatingCalls(fake)).toEqual([])
      expect(census(fake)).toEqual({ channels: 2, endpoints: 3, distributions: 1 })
    })
  })
})
