/**
 * The distribution's origin and behaviors as CloudFront really routes them: every packaging's URL is
 * served by a behavior of its own, and a distribution built by CloudFront's live-streaming guide (one
 * origin per endpoint, each with an Origin Path) keeps working beside the action's origin.
 */
import { describe, expect, it } from '@jest/globals'
import { behaviorFor } from '../../src/cloudfront/viewer-path.js'
import { ASSOC_TAG, MEDIAPACKAGE_CACHE_POLICY_ID } from '../../src/providers/mediapackage-v1/console.js'
import { runReconcile, withFake, writeManifest } from '../support/harness.js'

const ALL_PACKAGINGS = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: {}
      - id: news-live-dash
        dash: {}
      - id: news-live-cmaf
        cmaf:
          hls-manifests: [{ id: main }, { id: low, manifest-name: low }]
      - id: news-live-mss
        mss: {}
`

interface ReportedChannel {
  endpoints: { id: string; 'origin-urls': string[]; 'playback-urls': string[] }[]
}

describe('path patterns against real endpoint URLs', () => {
  it('give every packaging’s manifest a behavior of its own on the action’s origin, and viewers get 200 through it', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(ALL_PACKAGINGS))
      expect(run.execution.result?.failures).toEqual([])
      const distribution = [...fake.state.distributions.values()][0]!
      const [channel] = JSON.parse(run.outputs.channels!) as ReportedChannel[]
      const origin = distribution.config.Origins!.Items!.find((item) => item.DomainName !== 'mediapackage.amazonaws.com')!
      for (const endpoint of channel!.endpoints) {
        expect(endpoint['playback-urls']).toHaveLength(endpoint['origin-urls'].length)
        for (const url of endpoint['playback-urls']) {
          const path = new URL(url).pathname
          const behavior = behaviorFor(distribution.config, path)
          // Not the default behavior: a pattern of the endpoint's packaging matched the real path.
          expect({ path, pattern: 'PathPattern' in behavior! ? behavior.PathPattern : 'default' }).not.toMatchObject({ pattern: 'default' })
          expect(behavior!.TargetOriginId).toBe(origin.Id)
          expect({ path, status: fake.play(distribution.Id, path, 'new').status }).toEqual({ path, status: 200 })
        }
      }
    })
  })
})

describe('a distribution built by CloudFront’s live-streaming guide', () => {
  it('gets a path-less origin for the action’s behaviors, keeps the guide’s, and reports playback URLs that play', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(`
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: {}
`)
      // The channel and endpoint exist; a person built the distribution by the guide and tagged it.
      const channel = fake.state.createChannel({ Id: 'news-live' })
      const endpoint = fake.state.createEndpoint({ ChannelId: 'news-live', Id: 'news-live-hls', HlsPackage: {} })
      const url = new URL(endpoint.Url!)
      const originPath = url.pathname.slice(0, url.pathname.lastIndexOf('/'))
      const guide = fake.state.createDistribution({
        config: {
          CallerReference: 'built-by-hand',
          Comment: 'news by the guide',
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'hls-origin',
                DomainName: url.host,
                OriginPath: originPath,
                CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' }
              }
            ]
          },
          DefaultCacheBehavior: { TargetOriginId: 'hls-origin', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID },
          CacheBehaviors: {
            Quantity: 1,
            Items: [
              { PathPattern: '*.m3u8', TargetOriginId: 'hls-origin', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID }
            ]
          }
        },
        tags: { [ASSOC_TAG]: channel.Arn }
      })
      guide.inProgressUntil = 0

      const run = await runReconcile(fake, manifest)
      expect(run.execution.result?.failures).toEqual([])
      const config = fake.state.distributions.get(guide.Id)!.config
      const origins = config.Origins!.Items!
      expect(origins.find((origin) => origin.Id === 'hls-origin')?.OriginPath).toBe(originPath)
      const ours = origins.find((origin) => origin.DomainName === url.host && (origin.OriginPath ?? '') === '')!
      expect(ours).toBeDefined()
      // The guide's *.m3u8 behavior stays theirs; the new *.ts behavior targets the path-less origin.
      const byPattern = Object.fromEntries(config.CacheBehaviors!.Items!.map((behavior) => [behavior.PathPattern, behavior.TargetOriginId]))
      expect(byPattern).toEqual({ '*.m3u8': 'hls-origin', '*.ts': ours.Id })

      // The manifest plays where the guide's behavior maps it: the path under the Origin Path.
      const [reported] = JSON.parse(run.outputs.channels!) as ReportedChannel[]
      const playback = reported!.endpoints[0]!['playback-urls'][0]!
      expect(new URL(playback).pathname).toBe(url.pathname.slice(originPath.length))
      expect(fake.play(guide.Id, new URL(playback).pathname, 'new').status).toBe(200)
      // The same URL with the endpoint's own path would double the Origin Path and fail.
      expect(fake.play(guide.Id, url.pathname, 'new').status).toBe(404)
    })
  })
})
