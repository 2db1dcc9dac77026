/**
 * Retiring MediaPackage v2 on purpose (`state: absent`), in-process through the real SDK against the
 * fake AWS: the allow-delete gate, the viewer guard on v2 metrics, the order of the deletes, the group
 * after its last channel, and what a rerun finds.
 */
import { describe, expect, it } from '@jest/globals'
import { annotationsFor } from '../../src/report/annotations.js'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import { callsOf, expectSucceeded, failureMessages } from '../support/scenarios.js'

const ALLOW = { 'allow-delete': 'true' }

const endpoint = (name: string) => `          - id: ${name}
            container: CMAF
            hls-manifests: [{ name: index }]
`

/** Group `live` with channels news (two endpoints) and weather (one). */
const DEPLOYED = `version: 1
region: us-west-2
channel-groups:
  - id: live
    channels:
      - id: news
        endpoints:
${endpoint('news-cmaf')}${endpoint('news-ll')}      - id: weather
        endpoints:
${endpoint('weather-cmaf')}`

const NEWS_RETIRED = `version: 1
region: us-west-2
channel-groups:
  - id: live
    channels:
      - id: news
        state: absent
      - id: weather
        endpoints:
${endpoint('weather-cmaf')}`

const GROUP_RETIRED = `version: 1
region: us-west-2
channel-groups:
  - id: live
    state: absent
    channels:
      - id: news
      - id: weather
`

function v2(fake: FakeAws) {
  return fake.state.mediaPackageV2
}

/** Everything of DEPLOYED, Deployed; calls reset. Returns the distribution of each channel. */
async function deployed(fake: FakeAws): Promise<Record<string, string>> {
  const run = await runReconcile(fake, writeManifest(DEPLOYED))
  expectSucceeded(run)
  const ids: Record<string, string> = {}
  for (const channel of JSON.parse(run.outputs.channels!) as { id: string; 'distribution-id': string }[]) ids[channel.id] = channel['distribution-id']
  for (const distribution of fake.state.distributions.values()) distribution.inProgressUntil = 0
  fake.resetCalls()
  return ids
}

function viewers(fake: FakeAws, channel: string, endpointName: string, value: number): void {
  fake.state.putMetric({
    region: 'us-west-2',
    namespace: 'AWS/MediaPackage',
    metricName: 'EgressRequestCount',
    dimensions: { ChannelGroup: 'live', Channel: channel, OriginEndpoint: endpointName },
    timestamp: Date.now() - 5 * 60_000,
    value,
    unit: 'Count'
  })
}

describe('retiring a MediaPackage v2 channel', () => {
  it('plan mode lists every v2 delete and writes nothing; apply without allow-delete writes nothing either', async () => {
    await withFake({}, async (fake) => {
      const ids = await deployed(fake)
      const news = ids['live/news']!
      const plan = await runReconcile(fake, writeManifest(NEWS_RETIRED), { mode: 'plan' })
      expectSucceeded(plan)
      expect(mutatingCalls(fake)).toEqual([])
      const changes = JSON.parse(plan.outputs.changes!) as { channel?: string; resource: string; id: string; action: string; details: string[] }[]
      const deletes = changes.filter((change) => change.action !== 'unchanged').map((change) => `${change.action} ${change.resource} ${change.id}`)
      expect(deletes).toEqual([
        `disable distribution ${news}`,
        `delete distribution ${news}`,
        'delete endpoint news-cmaf',
        'delete endpoint news-ll',
        'delete channel live/news'
      ])
      for (const change of changes.filter((c) => c.action === 'delete')) expect(change.details).toContain('apply needs allow-delete: true')
      expect(plan.summary).toContain('no viewer requests in the last 15 min (CloudWatch AWS/MediaPackage EgressRequestCount)')

      const refused = await runReconcile(fake, writeManifest(NEWS_RETIRED))
      expect(mutatingCalls(fake)).toEqual([])
      expect(failureMessages(refused)[0]).toContain(
        `Channel live/news: apply would disable distribution ${news}, delete distribution ${news}, delete endpoint news-cmaf, delete endpoint news-ll, delete channel live/news, and the allow-delete input is false`
      )
      expect(v2(fake).groups.get('live')!.channels.get('news')!.endpoints.size).toBe(2)
    })
  })

  it('goes in order: distribution disabled, Deployed, deleted; every endpoint (named or not) with its policy; then the channel; a rerun writes nothing', async () => {
    await withFake({ pageSize: 1 }, async (fake) => {
      const ids = await deployed(fake)
      // An endpoint made by hand: a retired channel takes it too (listed over several pages).
      v2(fake).createOriginEndpoint({ ChannelGroupName: 'live', ChannelName: 'news', OriginEndpointName: 'by-hand', ContainerType: 'TS' })
      fake.resetCalls()
      fake.state.deployDelayMs = 300
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expectSucceeded(run)
      const writes = mutatingCalls(fake)
      expect(writes.slice(0, 2)).toEqual(['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution'])
      expect(writes.slice(2, 5)).toEqual(Array(3).fill('mediapackagev2:DeleteOriginEndpoint'))
      expect(writes.slice(5)).toEqual(['mediapackagev2:DeleteChannel'])
      // The delete came after the disable had Deployed, right after a fresh read.
      const del = fake.calls.findIndex((call) => call.operation === 'DeleteDistribution')
      expect(fake.calls[del - 1]!.operation).toBe('GetDistribution')
      expect(fake.state.distributions.has(ids['live/news']!)).toBe(false)
      expect(fake.state.distributions.has(ids['live/weather']!)).toBe(true)
      const group = v2(fake).groups.get('live')!
      expect([...group.channels.keys()]).toEqual(['weather'])
      expect(JSON.stringify(JSON.parse(run.outputs.changes!))).toContain('not in the manifest: a retired channel takes every endpoint with it')

      fake.resetCalls()
      const rerun = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expectSucceeded(rerun)
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
      // Without allow-delete as well: nothing is left to delete.
      expectSucceeded(await runReconcile(fake, writeManifest(NEWS_RETIRED)))
    })
  })

  it('refuses every delete of a channel whose endpoint had viewers in the window, read by v2 names', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      viewers(fake, 'news', 'news-ll', 7)
      // The same endpoint name in another channel is another endpoint: it does not count.
      viewers(fake, 'weather', 'news-cmaf', 99)
      const run = await runReconcile(fake, writeManifest(NEWS_RETIRED), ALLOW)
      expect(mutatingCalls(fake)).toEqual([])
      expect(failureMessages(run)).toEqual([
        'Channel live/news: the viewer guard refuses its deletes: endpoint news-ll had 7 viewer requests (AWS/MediaPackage EgressRequestCount) ' +
          'in the last 15 minutes. Nothing of channel live/news was deleted or changed. Run again once no one has watched for 15 minutes, ' +
          'or set viewer-guard-minutes: 0 to skip the check.'
      ])
      expect(v2(fake).groups.get('live')!.channels.get('news')!.endpoints.size).toBe(2)
    })
  })

  it('deletes an endpoint retired on its own, with its policy, after its viewer check; the channel and distribution stay', async () => {
    await withFake({}, async (fake) => {
      const ids = await deployed(fake)
      const manifest = DEPLOYED.replace(endpoint('news-ll'), '          - id: news-ll\n            state: absent\n')
      viewers(fake, 'news', 'news-ll', 2)
      const refused = await runReconcile(fake, writeManifest(manifest), ALLOW)
      expect(failureMessages(refused)).toEqual([expect.stringContaining('endpoint news-ll had 2 viewer requests')])
      expect(mutatingCalls(fake)).toEqual([])

      const run = await runReconcile(fake, writeManifest(manifest), { ...ALLOW, 'viewer-guard-minutes': '1' })
      expectSucceeded(run)
      expect(mutatingCalls(fake)).toEqual(['mediapackagev2:DeleteOriginEndpoint'])
      const news = v2(fake).groups.get('live')!.channels.get('news')!
      expect([...news.endpoints.keys()]).toEqual(['news-cmaf'])
      expect(fake.state.distributions.get(ids['live/news']!)!.config.Enabled).toBe(true)
      const channel = (JSON.parse(run.outputs.channels!) as { id: string; endpoints: { id: string }[] }[]).find((c) => c.id === 'live/news')!
      expect(channel.endpoints.map((e) => e.id)).toEqual(['news-cmaf'])
    })
  })
})

describe('retiring a MediaPackage v2 channel group', () => {
  it('deletes the group after the last of its channels; a rerun writes nothing', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      const plan = await runReconcile(fake, writeManifest(GROUP_RETIRED), { ...ALLOW, mode: 'plan' })
      expectSucceeded(plan)
      expect(plan.summary).toContain('whichever of its channels is deleted last in this run deletes it')

      const run = await runReconcile(fake, writeManifest(GROUP_RETIRED), ALLOW)
      expectSucceeded(run)
      const writes = mutatingCalls(fake)
      expect(writes.filter((write) => write === 'mediapackagev2:DeleteChannel')).toHaveLength(2)
      // Exactly one delete of the group, once both channels were gone, and nothing after it.
      expect(callsOf(fake, 'DeleteChannelGroup')).toEqual([undefined])
      expect(writes[writes.length - 1]).toBe('mediapackagev2:DeleteChannelGroup')
      expect(v2(fake).groups.size).toBe(0)
      expect(fake.state.distributions.size).toBe(0)

      fake.resetCalls()
      const rerun = await runReconcile(fake, writeManifest(GROUP_RETIRED), ALLOW)
      expectSucceeded(rerun)
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
    })
  })

  it('refuses, at the group, while the group holds a channel the manifest does not retire', async () => {
    await withFake({}, async (fake) => {
      await deployed(fake)
      const onlyNews = `version: 1
region: us-west-2
channel-groups:
  - id: live
    state: absent
    channels:
      - id: news
`
      const run = await runReconcile(fake, writeManifest(onlyNews), ALLOW)
      expect(mutatingCalls(fake)).toEqual([])
      const failure = run.execution.result!.failures[0]!
      const [annotation] = annotationsFor(failure.error, run.execution.loaded)
      expect(annotation!.message).toBe(
        'Channel group live is `state: absent` but holds channel weather in AWS, which the manifest does not retire. A group is deleted only with all of ' +
          'its channels: list each of them under the group with `state: absent`, or take `state: absent` off the group. Nothing of the group was deleted.'
      )
      // The group's line in the manifest.
      expect(annotation!.position?.line).toBe(4)
      expect(v2(fake).groups.get('live')!.channels.size).toBe(2)
    })
  })
})
