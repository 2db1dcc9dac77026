/**
 * The committed bundle with a MediaPackage v2 manifest, run as a GitHub runner runs it: the channel
 * group, channel and CMAF endpoint, the origin access control, the endpoint policy and the
 * distribution are created; the playback URLs are on the CDN and play; a rerun writes nothing.
 */
import { describe, expect, it } from '@jest/globals'
import { mutatingCalls, withFake, writeManifest } from '../support/harness.js'
import { V2_CHANNEL } from '../support/manifests.js'
import { runBundle } from './runner.js'

const MANIFEST = V2_CHANNEL

interface ChannelOutput {
  id: string
  provider: string
  'distribution-id': string
  endpoints: { id: string; 'playback-urls': string[] }[]
}

describe('dist/index.js with a MediaPackage v2 channel group', () => {
  it('creates group, channel, endpoint, OAC, endpoint policy and distribution; its URLs play on the CDN; a rerun writes nothing', async () => {
    await withFake({ deployDelayMs: 1500 }, async (fake) => {
      const manifest = writeManifest(MANIFEST)
      const first = await runBundle({ manifest }, fake.env)
      expect(first.stderr).not.toMatch(/Error|at \S+ \(/)
      expect(first.code).toBe(0)

      const written = mutatingCalls(fake)
      for (const call of [
        'mediapackagev2:CreateChannelGroup',
        'mediapackagev2:CreateChannel',
        'mediapackagev2:CreateOriginEndpoint',
        'mediapackagev2:PutOriginEndpointPolicy',
        'cloudfront:CreateOriginAccessControl',
        'cloudfront:CreateDistributionWithTags'
      ])
        expect(written).toContain(call)
      const group = fake.state.mediaPackageV2.groups.get('live')!
      const endpoint = group.channels.get('news')!.endpoints.get('news-cmaf')!
      expect(endpoint.HlsManifests?.map((m) => m.ManifestName)).toEqual(['index'])

      const channel = (JSON.parse(first.outputs.channels!) as ChannelOutput[])[0]!
      expect(channel.id).toBe('live/news')
      const distribution = fake.state.distributions.get(channel['distribution-id'])!
      expect(fake.state.distributionStatus(distribution)).toBe('Deployed')
      expect(first.outputs['distribution-status']).toBe('Deployed')
      expect(first.outputs.changed).toBe('true')
      // The distribution reaches the endpoint through the origin access control, over HTTPS only.
      const origin = distribution.config.Origins!.Items![0]!
      expect(origin.DomainName).toBe(group.EgressDomain)
      expect(origin.OriginAccessControlId).toBeTruthy()

      const urls = channel.endpoints[0]!['playback-urls']
      expect(urls.map((url) => url.slice(url.lastIndexOf('/') + 1))).toEqual(['index.m3u8', 'll.m3u8', 'dash.mpd'])
      expect(JSON.parse(first.outputs['playback-urls']!)).toEqual({ 'news-cmaf': urls[0] })
      for (const url of urls) {
        expect(new URL(url).host).toBe(distribution.DomainName)
        expect(fake.play(distribution.Id, new URL(url).pathname, 'new').status).toBe(200)
      }
      expect(first.summary).toContain(`https://${distribution.DomainName}/out/v1/live/news/news-cmaf/`)

      fake.resetCalls()
      const rerun = await runBundle({ manifest }, fake.env)
      expect(rerun.code).toBe(0)
      expect(fake.calls.length).toBeGreaterThan(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
      // The same URLs come back when nothing changed: the distribution is found, not made again.
      expect(rerun.outputs['distribution-id']).toBe(distribution.Id)
      expect((JSON.parse(rerun.outputs.channels!) as ChannelOutput[])[0]!.endpoints[0]!['playback-urls']).toEqual(urls)
    })
  }, 60_000)
})
