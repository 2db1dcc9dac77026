import { describe, expect, it } from '@jest/globals'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import { seedConsoleDistribution } from '../support/scenarios.js'

const ONE_CHANNEL = `
version: 1
region: us-west-2
channels:
  - id: news-live
    description: 24/7 news
    tags: { team: video }
    endpoints:
      - id: news-live-hls
        hls: { segment-duration-seconds: 6, playlist-window-seconds: 60 }
      - id: news-live-dash
        dash: { segment-duration-seconds: 2 }
`

const WITH_CMAF =
  ONE_CHANNEL +
  `      - id: news-live-cmaf
        cmaf:
          hls-manifests:
            - id: main
`

describe('the action end to end against the fake AWS', () => {
  it('creates the channel, its endpoints and one tagged distribution, waits for Deployed and reports URLs', async () => {
    await withFake({ deployDelayMs: 150 }, async (fake) => {
      const run = await runReconcile(fake, writeManifest(ONE_CHANNEL))
      expect(run.error).toBeUndefined()
      const channel = fake.state.channels.get('news-live')!
      expect(channel.Description).toBe('24/7 news')
      expect([...fake.state.endpoints.keys()].sort()).toEqual(['news-live-dash', 'news-live-hls'])

      const distributions = [...fake.state.distributions.values()]
      expect(distributions).toHaveLength(1)
      const distribution = distributions[0]!
      expect(distribution.tags[ASSOC_TAG]).toBe(channel.Arn)
      const host = new URL(fake.state.endpoints.get('news-live-hls')!.Url!).host
      expect(distribution.config.Origins?.Items?.map((origin) => origin.DomainName)).toEqual([host])
      expect(distribution.config.CacheBehaviors?.Items?.map((behavior) => behavior.PathPattern)).toEqual(['*.m3u8', '*.ts', '*.mpd', '*.mp4'])
      expect(fake.state.distributionStatus(distribution)).toBe('Deployed')

      expect(run.outputs['distribution-id']).toBe(distribution.Id)
      expect(run.outputs['cdn-url']).toBe(`https://${distribution.DomainName}`)
      expect(run.outputs['channel-arn']).toBe(channel.Arn)
      expect(run.outputs['distribution-status']).toBe('Deployed')
      expect(run.outputs.changed).toBe('true')
      const playback = JSON.parse(run.outputs['playback-urls']!) as Record<string, string>
      const hlsPath = new URL(fake.state.endpoints.get('news-live-hls')!.Url!).pathname
      expect(playback['news-live-hls']).toBe(`https://${distribution.DomainName}${hlsPath}`)
      expect(playback['news-live-dash']).toMatch(new RegExp(`^https://${distribution.DomainName}/out/v1/.*\\.mpd$`))
      expect(run.summary).toContain(distribution.Id)
      expect(run.summary).toContain(playback['news-live-hls'])
    })
  })

  it('writes nothing on a rerun with nothing to do, in at most 4 calls', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(ONE_CHANNEL)
      await runReconcile(fake, manifest)
      fake.resetCalls()
      const rerun = await runReconcile(fake, manifest)
      expect(rerun.error).toBeUndefined()
      expect(mutatingCalls(fake)).toEqual([])
      expect(fake.calls.map((call) => call.operation).sort()).toEqual(['DescribeChannel', 'GetDistribution', 'GetResources', 'ListOriginEndpoints'])
      expect(rerun.outputs.changed).toBe('false')
      expect(rerun.outputs['distribution-status']).toBe('Deployed')
    })
  })

  it('asks CloudFront and the Tagging API in us-east-1 and MediaPackage in the manifest region', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(ONE_CHANNEL))
      for (const call of fake.calls) {
        expect([call.service, call.region]).toEqual([call.service, call.service === 'mediapackage' ? 'us-west-2' : 'us-east-1'])
      }
    })
  })

  it('adds an endpoint to the same distribution: new behaviors, no second distribution', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(ONE_CHANNEL))
      const before = [...fake.state.distributions.values()][0]!
      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(WITH_CMAF))
      expect(run.error).toBeUndefined()
      expect(fake.state.distributions.size).toBe(1)
      expect(mutatingCalls(fake)).toEqual(['mediapackage:CreateOriginEndpoint'])
      // *.m3u8 and *.mp4 are already there for HLS and DASH: CMAF needs no new behavior, so no update.
      expect(before.config.CacheBehaviors?.Quantity).toBe(4)
      const cmaf = JSON.parse(run.outputs['playback-urls']!)['news-live-cmaf'] as string
      expect(cmaf).toMatch(/\/main\/index\.m3u8$/)
    })
  })

  it('starts a channel without endpoints on a placeholder origin that the first endpoint replaces', async () => {
    const bare = `
version: 1
region: us-west-2
channels:
  - id: sports
`
    await withFake({}, async (fake) => {
      const first = await runReconcile(fake, writeManifest(bare))
      expect(first.error).toBeUndefined()
      const distribution = [...fake.state.distributions.values()][0]!
      expect(distribution.config.Origins?.Items?.map((origin) => origin.DomainName)).toEqual(['mediapackage.amazonaws.com'])

      const withEndpoint = await runReconcile(fake, writeManifest(bare + `    endpoints:\n      - id: sports-hls\n        hls: {}\n`))
      expect(withEndpoint.error).toBeUndefined()
      expect(fake.state.distributions.size).toBe(1)
      const updated = fake.state.distributions.get(distribution.Id)!
      const host = new URL(fake.state.endpoints.get('sports-hls')!.Url!).host
      expect(updated.config.Origins?.Items?.map((origin) => origin.DomainName)).toEqual([host])
      expect(updated.config.DefaultCacheBehavior?.TargetOriginId).toBe(updated.config.Origins?.Items?.[0]?.Id)
    })
  })

  it('updates an endpoint whose settings differ, keeping the ones a person set that the manifest does not name', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(ONE_CHANNEL))
      fake.state.endpoints.get('news-live-hls')!.HlsPackage!.ProgramDateTimeIntervalSeconds = 30 // set in the console
      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(ONE_CHANNEL.replace('playlist-window-seconds: 60', 'playlist-window-seconds: 120')))
      expect(run.error).toBeUndefined()
      expect(mutatingCalls(fake)).toEqual(['mediapackage:UpdateOriginEndpoint'])
      const hls = fake.state.endpoints.get('news-live-hls')!.HlsPackage!
      expect(hls.PlaylistWindowSeconds).toBe(120)
      expect(hls.ProgramDateTimeIntervalSeconds).toBe(30)
      const changes = JSON.parse(run.outputs.changes!) as { id: string; action: string; details: string[] }[]
      expect(changes.find((change) => change.id === 'news-live-hls')).toMatchObject({ action: 'update', details: ['hls.playlist-window-seconds: 60 → 120'] })
    })
  })

  it('adopts a distribution the MediaPackage console made, found by its tag', async () => {
    await withFake({}, async (fake) => {
      const channel = fake.state.createChannel({ Id: 'news-live' })
      const consoleMade = seedConsoleDistribution(fake, channel.Arn)
      const run = await runReconcile(fake, writeManifest(ONE_CHANNEL))
      expect(run.error).toBeUndefined()
      expect(fake.state.distributions.size).toBe(1)
      const adopted = fake.state.distributions.get(consoleMade.Id)!
      expect(adopted.config.Comment).toBe('Managed by MediaPackage - news-live')
      expect(adopted.config.Origins?.Items?.[0]).toMatchObject({ DomainName: new URL(fake.state.endpoints.get('news-live-hls')!.Url!).host })
      expect(adopted.config.Origins?.Items?.[0]?.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only')
      expect(run.outputs['distribution-id']).toBe(consoleMade.Id)
    })
  })

  it('still reports what it wrote when a later step fails', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'cloudfront', operation: 'CreateDistributionWithTags', error: 'access-denied' })
      const run = await runReconcile(fake, writeManifest(ONE_CHANNEL))
      expect(run.execution.result?.failures).toHaveLength(1)
      expect(run.outputs.changed).toBe('true')
      const changes = JSON.parse(run.outputs.changes!) as { resource: string; id: string; action: string }[]
      expect(changes.map((change) => `${change.action} ${change.resource} ${change.id}`)).toEqual([
        'create channel news-live',
        'create endpoint news-live-hls',
        'create endpoint news-live-dash'
      ])
      expect(run.summary).toContain('cloudfront:CreateDistributionWithTags')
    })
  })

  it('reports the channel ARN, distribution, CDN URL, endpoints and ingest of a channel that fails after its distribution exists', async () => {
    await withFake({}, async (fake) => {
      const path = writeManifest(ONE_CHANNEL)
      expect((await runReconcile(fake, path)).execution.result?.failures).toEqual([])
      // The next edit needs a distribution update, which this role may not make.
      fake.faults.add({ service: 'cloudfront', operation: 'UpdateDistribution', error: 'access-denied' })
      const run = await runReconcile(fake, writeManifest(ONE_CHANNEL + '    distribution:\n      comment: News\n'))
      expect(run.execution.result?.failures).toHaveLength(1)
      const channel = fake.state.channels.get('news-live')!
      const distribution = [...fake.state.distributions.values()][0]!
      expect(run.outputs['channel-arn']).toBe(channel.Arn)
      expect(run.outputs['distribution-id']).toBe(distribution.Id)
      expect(run.outputs['cdn-url']).toBe(`https://${distribution.DomainName}`)
      const [reported] = JSON.parse(run.outputs.channels!) as { endpoints: { 'playback-urls': string[] }[]; ingest: unknown[]; status: string }[]
      expect(reported!.status).toBe('failed')
      expect(reported!.endpoints.every((endpoint) => endpoint['playback-urls'][0]?.startsWith(`https://${distribution.DomainName}/out/v1/`))).toBe(true)
      expect(reported!.ingest).toHaveLength(2)
    })
  })
})
