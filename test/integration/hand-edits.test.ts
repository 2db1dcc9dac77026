/**
 * What people do in the consoles between runs, done through the fake's API as a console would; the
 * next run with the repository's manifest unchanged keeps it and keeps working.
 */
import { describe, expect, it } from '@jest/globals'
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront'
import { DescribeOriginEndpointCommand, MediaPackageClient, UpdateOriginEndpointCommand } from '@aws-sdk/client-mediapackage'
import type { FakeAws } from '../fake-aws/index.js'
import { failureMessages } from '../support/scenarios.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import { ONE_HLS_CHANNEL } from '../support/manifests.js'

function consoles(fake: FakeAws) {
  const common = {
    endpoint: fake.url,
    credentials: { accessKeyId: fake.env.AWS_ACCESS_KEY_ID!, secretAccessKey: fake.env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 1
  }
  return { cloudfront: new CloudFrontClient({ ...common, region: 'us-east-1' }), mediapackage: new MediaPackageClient({ ...common, region: 'us-west-2' }) }
}

/** Edits the distribution as the CloudFront console does: read the config with its ETag, change it, send it back. */
async function editDistribution(fake: FakeAws, edit: (config: DistributionConfig) => void) {
  const { cloudfront } = consoles(fake)
  const [distribution] = [...fake.state.distributions.values()]
  const read = await cloudfront.send(new GetDistributionConfigCommand({ Id: distribution!.Id }))
  edit(read.DistributionConfig!)
  await cloudfront.send(new UpdateDistributionCommand({ Id: distribution!.Id, IfMatch: read.ETag, DistributionConfig: read.DistributionConfig }))
  distribution!.inProgressUntil = 0
  cloudfront.destroy()
  return distribution!
}

const CMAF = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-cmaf
        cmaf:
          segment-duration-seconds: 6
          hls-manifests:
            - { id: main, playlist-window-seconds: 60 }
`

describe('hand edits in the MediaPackage console', () => {
  it('keep a CMAF ONE_HLS_CHANNEL manifest a person added, and its playback URL, when the manifest changes another', async () => {
    await withFake({}, async (fake) => {
      expect((await runReconcile(fake, writeManifest(CMAF))).execution.result?.failures).toEqual([])
      const { mediapackage } = consoles(fake)
      const before = await mediapackage.send(new DescribeOriginEndpointCommand({ Id: 'news-live-cmaf' }))
      await mediapackage.send(
        new UpdateOriginEndpointCommand({
          Id: 'news-live-cmaf',
          CmafPackage: {
            SegmentDurationSeconds: 6,
            HlsManifests: [...before.CmafPackage!.HlsManifests!.map(({ Url: _url, ...manifest }) => manifest), { Id: 'by-hand', ManifestName: 'byhand' }]
          }
        })
      )
      mediapackage.destroy()

      const run = await runReconcile(fake, writeManifest(CMAF.replace('playlist-window-seconds: 60', 'playlist-window-seconds: 120')))
      expect(run.execution.result?.failures).toEqual([])
      const manifests = fake.state.endpoints.get('news-live-cmaf')!.CmafPackage!.HlsManifests!
      expect(manifests.map((manifest) => [manifest.Id, manifest.PlaylistWindowSeconds])).toEqual([
        ['main', 120],
        ['by-hand', 60]
      ])
      const [channel] = JSON.parse(run.outputs.channels!) as { endpoints: { 'playback-urls': string[] }[] }[]
      expect(channel!.endpoints[0]!['playback-urls']).toHaveLength(2)
      const changes = JSON.parse(run.outputs.changes!) as { id: string; details: string[] }[]
      expect(changes.find((change) => change.id === 'news-live-cmaf')!.details).toEqual(['cmaf.hls-manifests[main].playlist-window-seconds: 60 → 120'])
    })
  })

  it('are refused when a channel was renamed but kept its endpoint ids: nothing is written, the endpoint’s line is named', async () => {
    await withFake({}, async (fake) => {
      expect((await runReconcile(fake, writeManifest(CMAF))).execution.result?.failures).toEqual([])
      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(CMAF.replace('id: news-live\n', 'id: news-live-2\n')))
      expect(mutatingCalls(fake)).toEqual([])
      const [message] = failureMessages(run)
      expect(message).toContain('Endpoint id news-live-cmaf is already used by channel news-live')
      expect(fake.state.channels.has('news-live-2')).toBe(false)
      const problem = (run.execution.result!.failures[0]!.error as { problems: { path: string }[] }).problems[0]!
      expect(problem.path).toBe('channels[0].endpoints[0].id')
    })
  })
})

describe('hand edits in the CloudFront console', () => {
  it('keep Origin Shield a person turned on: a no-op run writes nothing and never puts the distribution InProgress', async () => {
    await withFake({}, async (fake) => {
      expect((await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL))).execution.result?.failures).toEqual([])
      const distribution = await editDistribution(fake, (config) => {
        config.Origins!.Items![0]!.OriginShield = { Enabled: true, OriginShieldRegion: 'us-west-2' }
      })
      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL))
      expect(mutatingCalls(fake)).toEqual([])
      expect(run.outputs['distribution-status']).toBe('Deployed')
      expect(distribution.config.Origins!.Items![0]!.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: 'us-west-2' })
      // `none` is how the manifest turns it off.
      await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL + '    distribution:\n      origin-shield-region: none\n'))
      expect(fake.state.distributions.get(distribution.Id)!.config.Origins!.Items![0]!.OriginShield?.Enabled).toBe(false)
    })
  })

  it('leave an origin a person re-pointed under the action’s id alone, and serve the endpoints from a new origin with a free id', async () => {
    await withFake({}, async (fake) => {
      expect((await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL))).execution.result?.failures).toEqual([])
      const [{ Id: originId, DomainName: host }] = [...fake.state.distributions.values()][0]!.config.Origins!.Items! as [{ Id: string; DomainName: string }]
      const distribution = await editDistribution(fake, (config) => {
        config.Origins!.Items![0]!.DomainName = 'backup.example.com'
      })
      const plan = await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL), { mode: 'plan' })
      const run = await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL))
      expect(run.execution.result?.failures).toEqual([])
      const origins = fake.state.distributions.get(distribution.Id)!.config.Origins!.Items!
      expect(origins.map((origin) => [origin.Id, origin.DomainName])).toEqual([
        [originId, 'backup.example.com'],
        [`${originId}-2`, host]
      ])
      // Plan said what apply did.
      const planned = (JSON.parse(plan.outputs.changes!) as { resource: string; details: string[] }[]).find((change) => change.resource === 'distribution')!
      expect(planned.details.join('\n')).toContain(`${originId}-2 on ${host} added`)
      // The rerun is converged.
      fake.resetCalls()
      await runReconcile(fake, writeManifest(ONE_HLS_CHANNEL))
      expect(mutatingCalls(fake)).toEqual([])
    })
  })
})
