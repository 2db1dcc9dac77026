/**
 * MediaPackage v2 through the real SDK against the fake AWS: a channel group, channel and CMAF
 * endpoint with HLS, LL-HLS and DASH manifests, its distribution with the origin access control and
 * the endpoint policy, playback through the CDN, a converged rerun, a change that keeps a person's
 * edits, and v1 beside it in the same manifest.
 */
import { describe, expect, it } from '@jest/globals'
import { GetDistributionConfigCommand, UpdateDistributionCommand, CloudFrontClient, type CacheBehavior } from '@aws-sdk/client-cloudfront'
import { GetOriginEndpointPolicyCommand, MediaPackageV2Client, PutOriginEndpointPolicyCommand } from '@aws-sdk/client-mediapackagev2'
import { UserError } from '../../src/errors.js'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }

const manifest = (manifests: string, extra = '') => `version: 1
region: us-west-2
channel-groups:
  - id: live
    channels:
      - id: news
        input-type: CMAF
        endpoints:
          - id: news-cmaf
            container: CMAF
            segment: { duration-seconds: 6 }
            startover-window-seconds: 3600
${manifests}
        distribution:
          price-class: PriceClass_100
${extra}`

const THREE = `            hls-manifests: [{ name: index }]
            low-latency-hls-manifests: [{ name: ll }]
            dash-manifests: [{ name: dash }]`
const FOUR = `            hls-manifests: [{ name: index }, { name: sd, filter-configuration: { manifest-filter: "video_height:1-480" } }]
            low-latency-hls-manifests: [{ name: ll }]
            dash-manifests: [{ name: dash }]`

interface ChannelOutput {
  id: string
  provider: string
  'distribution-id': string
  endpoints: { id: string; 'playback-urls': string[] }[]
  ingest: { id: string; url: string; username?: string }[]
}

function clients(fake: FakeAws) {
  const common = { endpoint: fake.url, credentials, maxAttempts: 1 }
  return { mp: new MediaPackageV2Client({ ...common, region: 'us-west-2' }), cf: new CloudFrontClient({ ...common, region: 'us-east-1' }) }
}

const at = { ChannelGroupName: 'live', ChannelName: 'news', OriginEndpointName: 'news-cmaf' }

describe('MediaPackage v2 channels', () => {
  it('creates group, channel, endpoint and a distribution that plays through OAC; a rerun writes nothing; a new manifest keeps hand edits', async () => {
    await withFake({ deployDelayMs: 20 }, async (fake) => {
      const path = writeManifest(manifest(THREE))
      const first = await runReconcile(fake, path)
      expect(first.error).toBeUndefined()
      expect(first.execution.result?.failures).toEqual([])
      const channel = (JSON.parse(first.outputs.channels!) as ChannelOutput[])[0]!
      expect(channel.id).toBe('live/news')
      const urls = channel.endpoints[0]!['playback-urls']
      expect(urls.map((url) => url.slice(url.lastIndexOf('/') + 1))).toEqual(['index.m3u8', 'll.m3u8', 'dash.mpd'])
      expect(channel.ingest.map((ingest) => ingest.username ?? '')).toEqual(['', ''])
      const distributionId = channel['distribution-id']
      for (const url of urls) expect(fake.play(distributionId, new URL(url).pathname, 'new').status).toBe(200)

      const distribution = fake.state.distributions.get(distributionId)!
      const origin = distribution.config.Origins!.Items![0]!
      expect(origin.DomainName).toBe(fake.state.mediaPackageV2.groups.get('live')!.EgressDomain)
      expect(origin.OriginAccessControlId).toBeTruthy()
      expect(origin.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only')
      expect(distribution.config.CacheBehaviors!.Items!.map((b: CacheBehavior) => b.PathPattern)).toEqual(['/out/v1/live/news/*'])

      // Converged: nothing written, two round trips of reads.
      fake.resetCalls()
      const again = await runReconcile(fake, path)
      expect(again.error).toBeUndefined()
      expect(mutatingCalls(fake)).toEqual([])

      // A person adds a policy statement and a behavior by hand.
      const { mp, cf } = clients(fake)
      try {
        const policy = JSON.parse((await mp.send(new GetOriginEndpointPolicyCommand(at))).Policy!) as { Statement: object[] }
        const harvester = {
          Sid: 'Harvester',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'mediapackagev2:GetObject',
          Resource: '*'
        }
        await mp.send(new PutOriginEndpointPolicyCommand({ ...at, Policy: JSON.stringify({ ...policy, Statement: [...policy.Statement, harvester] }) }))
        const config = await cf.send(new GetDistributionConfigCommand({ Id: distributionId }))
        const behaviors = config.DistributionConfig!.CacheBehaviors!.Items!
        const hand = { ...behaviors[0]!, PathPattern: '/hand/*' }
        const edited = { ...config.DistributionConfig!, CacheBehaviors: { Quantity: 2, Items: [...behaviors, hand] } }
        await cf.send(new UpdateDistributionCommand({ Id: distributionId, IfMatch: config.ETag, DistributionConfig: edited }))

        const more = await runReconcile(fake, writeManifest(manifest(FOUR)))
        expect(more.error).toBeUndefined()
        expect(mutatingCalls(fake)).toContain('mediapackagev2:UpdateOriginEndpoint')
        const endpoint = fake.state.mediaPackageV2.groups.get('live')!.channels.get('news')!.endpoints.get('news-cmaf')!
        expect(endpoint.HlsManifests?.map((m) => m.ManifestName)).toEqual(['index', 'sd'])
        const after = JSON.parse((await mp.send(new GetOriginEndpointPolicyCommand(at))).Policy!) as { Statement: { Sid: string }[] }
        expect(after.Statement.map((statement) => statement.Sid)).toContain('Harvester')
        const patterns = fake.state.distributions.get(distributionId)!.config.CacheBehaviors!.Items!.map((b: CacheBehavior) => b.PathPattern)
        expect(patterns).toEqual(['/out/v1/live/news/*', '/hand/*'])
        const sd = (JSON.parse(more.outputs.channels!) as ChannelOutput[])[0]!.endpoints[0]!['playback-urls'].find((url) => url.endsWith('/sd.m3u8'))!
        expect(fake.play(distributionId, new URL(sd).pathname, 'new').status).toBe(200)
      } finally {
        mp.destroy()
        cf.destroy()
      }
    })
  }, 60_000)

  it('a quota MediaPackage v2 answers with 402 is a user error that names it, before any distribution is made', async () => {
    await withFake({ mediaPackageV2Quotas: { channelsPerGroup: 0 } }, async (fake) => {
      const run = await runReconcile(fake, writeManifest(manifest(THREE)))
      const failure = run.execution.result?.failures[0]
      expect(failure?.error).toBeInstanceOf(UserError)
      const message = (failure?.error as Error).message
      expect(message).toContain('ServiceQuotaExceededException')
      expect(message).toContain('The quota is 10 channels per channel group')
      expect(fake.state.distributions.size).toBe(0)
    })
  })
})
