/**
 * Retiring on purpose, through the bundle as a GitHub runner runs it (`node dist/index.js`, INPUT_*
 * variables): what a person sees in the log, the summary and the outputs, and what is left in AWS.
 */
import { describe, expect, it } from '@jest/globals'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, withFake, writeManifest } from '../support/harness.js'
import { runBundle } from './runner.js'
import { NEWS_RETIRED } from '../support/manifests.js'

const LIVE = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: {}
      - id: news-live-mss
        mss: {}
  - id: sports-live
    endpoints:
      - id: sports-live-hls
        hls: {}
`

const ALLOW = { 'allow-delete': 'true' }

interface Deployed {
  news: string
  sports: string
}

/** Both channels made by the bundle itself, their distributions Deployed. */
async function deploy(fake: FakeAws): Promise<Deployed> {
  const created = await runBundle({ manifest: writeManifest(LIVE) }, fake.env)
  expect(created.code).toBe(0)
  for (const distribution of fake.state.distributions.values()) distribution.inProgressUntil = 0
  const idOf = (channel: string) => fake.state.distributionsTagged(ASSOC_TAG, fake.state.channels.get(channel)!.Arn)[0]!.Id
  fake.resetCalls()
  return { news: idOf('news-live'), sports: idOf('sports-live') }
}

function endpointIds(fake: FakeAws): string[] {
  return [...fake.state.endpoints.keys()].sort()
}

/** A viewer's request for the endpoint's manifest, through the CDN: it leaves the CloudWatch points real viewers do. */
function watch(fake: FakeAws, distributionId: string, endpointId: string): void {
  const path = new URL(fake.state.endpoints.get(endpointId)!.Url!).pathname
  expect(fake.play(distributionId, path, 'new').status).toBe(200)
}

describe('retiring with dist/index.js', () => {
  it('plan shows each delete and what it costs, and writes nothing', async () => {
    await withFake({}, async (fake) => {
      const { news } = await deploy(fake)
      const run = await runBundle({ manifest: writeManifest(NEWS_RETIRED), mode: 'plan' }, fake.env)
      expect(run.code).toBe(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(run.summary).toContain(`| distribution | ${news} | ⏸️ disable | \`enabled: true → false\`<br>a distribution takes minutes to disable`)
      expect(run.summary).toMatch(new RegExp(`\\| distribution \\| ${news} \\| 🗑️ delete \\| once its disable is Deployed;`))
      expect(run.summary).toMatch(/\| endpoint \| news-live-hls \| 🗑️ delete \| HLS endpoint: its URLs stop working at once/)
      expect(run.summary).toMatch(/\| endpoint \| news-live-mss \| 🗑️ delete \|/)
      expect(run.summary).toMatch(/\| channel \| news-live \| 🗑️ delete \| after its endpoints/)
      expect(run.summary).toContain('apply needs allow-delete: true')
      const changes = JSON.parse(run.outputs.changes!) as { action: string }[]
      expect(changes.map((change) => change.action)).toEqual(['disable', 'delete', 'delete', 'delete', 'delete'])
      expect(run.outputs.changed).toBe('true')
      expect(run.outputs['cdn-url']).toBe('')
      expect(endpointIds(fake)).toEqual(['news-live-hls', 'news-live-mss', 'sports-live-hls'])
    })
  })

  it('apply without allow-delete fails before any write, in any channel, naming what it would delete', async () => {
    await withFake({}, async (fake) => {
      const { news } = await deploy(fake)
      // sports-live gets a new endpoint in the same manifest: it is not made either.
      const manifest = `${NEWS_RETIRED}  - id: sports-live\n    endpoints:\n      - id: sports-live-hls\n        hls: {}\n      - id: sports-live-dash\n        dash: {}\n`
      const run = await runBundle({ manifest: writeManifest(manifest) }, fake.env)
      expect(run.code).toBe(1)
      expect(mutatingCalls(fake)).toEqual([])
      expect(run.stdout).toContain(
        `::error::Channel news-live: apply would disable distribution ${news}, delete distribution ${news}, delete endpoint news-live-hls, ` +
          'delete endpoint news-live-mss, delete channel news-live, and the allow-delete input is false, so this run wrote nothing, in any channel.'
      )
      expect(run.stdout).toContain('run again with allow-delete: true')
      expect(run.stdout).toContain('::error::Channel sports-live: this run wrote nothing')
      expect(run.stdout).not.toMatch(/\n\s+at /)
      expect(endpointIds(fake)).toEqual(['news-live-hls', 'news-live-mss', 'sports-live-hls'])
    })
  })

  it('refuses an endpoint with viewers in the window, and deletes an idle one beside a watched one', async () => {
    await withFake({}, async (fake) => {
      const { news, sports } = await deploy(fake)
      watch(fake, news, 'news-live-hls')
      watch(fake, sports, 'sports-live-hls')
      watch(fake, sports, 'sports-live-hls')
      const manifest = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: {}
      - id: news-live-mss
        state: absent
  - id: sports-live
    endpoints:
      - id: sports-live-hls
        state: absent
`
      const run = await runBundle({ manifest: writeManifest(manifest), ...ALLOW }, fake.env)
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        '::error::Channel sports-live: the viewer guard refuses its deletes: endpoint sports-live-hls had 2 viewer requests ' +
          '(AWS/MediaPackage EgressRequestCount) in the last 15 minutes. Nothing of channel sports-live was deleted or changed.'
      )
      // news-live-mss had no viewers of its own; its neighbour's do not hold it.
      expect(endpointIds(fake)).toEqual(['news-live-hls', 'sports-live-hls'])
      expect(mutatingCalls(fake)).toEqual(['mediapackage:DeleteOriginEndpoint'])
      expect(run.summary).toMatch(/\| endpoint \| news-live-mss \| 🗑️ delete \| MSS endpoint: [^|]*no viewer requests in the last 15 min/)
      expect(fake.state.distributions.size).toBe(2)
    })
  })

  it('retires a channel in order through a slow disable: distribution disabled, Deployed, deleted; then the endpoints; then the channel', async () => {
    await withFake({}, async (fake) => {
      const { news, sports } = await deploy(fake)
      fake.state.deployDelayMs = 1500
      const run = await runBundle({ manifest: writeManifest(NEWS_RETIRED), ...ALLOW }, fake.env)
      expect(run.code).toBe(0)
      expect(mutatingCalls(fake)).toEqual([
        'cloudfront:UpdateDistribution',
        'cloudfront:DeleteDistribution',
        'mediapackage:DeleteOriginEndpoint',
        'mediapackage:DeleteOriginEndpoint',
        'mediapackage:DeleteChannel'
      ])
      const call = (operation: string) => fake.calls.find((entry) => entry.operation === operation)!
      // The disable took 1.5 s to deploy; the delete came after it, with a fresh read right before it.
      const disabled = call('UpdateDistribution')
      const deleted = call('DeleteDistribution')
      expect(deleted.start - disabled.end).toBeGreaterThanOrEqual(1500)
      expect(fake.calls[fake.calls.indexOf(deleted) - 1]!.operation).toBe('GetDistribution')
      for (const endpoint of fake.calls.filter((entry) => entry.operation === 'DeleteOriginEndpoint'))
        expect(endpoint.start).toBeGreaterThanOrEqual(deleted.end)
      expect(call('DeleteChannel').start).toBeGreaterThanOrEqual(
        Math.max(...fake.calls.filter((e) => e.operation === 'DeleteOriginEndpoint').map((e) => e.end))
      )
      expect(run.stdout).toMatch(
        /news-live: disable distribution E[^\n]*\n[^]*news-live: distribution E\w+ Deployed after waiting[^]*news-live: delete distribution/
      )

      expect(fake.state.channels.has('news-live')).toBe(false)
      expect(fake.state.distributions.has(news)).toBe(false)
      expect(endpointIds(fake)).toEqual(['sports-live-hls'])
      expect(fake.state.distributions.has(sports)).toBe(true)
      expect(run.outputs).toMatchObject({ 'cdn-url': '', 'distribution-id': '', 'channel-arn': '', 'playback-urls': '{}', changed: 'true' })
      expect(run.summary).toContain('| news-live | 🗑️ retired | 4 deleted | — |')

      fake.resetCalls()
      const rerun = await runBundle({ manifest: writeManifest(NEWS_RETIRED), ...ALLOW }, fake.env)
      expect(rerun.code).toBe(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
    })
  })

  it('with retain-on-delete keeps the distribution disabled and still tagged', async () => {
    await withFake({}, async (fake) => {
      const { news } = await deploy(fake)
      const arn = fake.state.channels.get('news-live')!.Arn
      const manifest = `${NEWS_RETIRED}    distribution:\n      retain-on-delete: true\n`
      const run = await runBundle({ manifest: writeManifest(manifest), ...ALLOW }, fake.env)
      expect(run.code).toBe(0)
      const kept = fake.state.distributions.get(news)!
      expect(kept.config.Enabled).toBe(false)
      expect(kept.tags[ASSOC_TAG]).toBe(arn)
      expect(fake.state.distributionStatus(kept)).toBe('Deployed')
      expect(fake.state.channels.has('news-live')).toBe(false)
      expect(endpointIds(fake)).toEqual(['sports-live-hls'])
      expect(mutatingCalls(fake)).not.toContain('cloudfront:DeleteDistribution')
      expect(run.outputs['distribution-id']).toBe(news)
      expect(run.outputs['cdn-url']).toBe('')
      expect(run.summary).toContain('🗑️ retired (distribution kept, disabled)')
    })
  })

  it.each(['UpdateDistribution', 'DeleteDistribution', 'DeleteOriginEndpoint', 'DeleteChannel'])(
    'a teardown cut at %s is finished by the next run',
    async (operation) => {
      await withFake({}, async (fake) => {
        const { news } = await deploy(fake)
        fake.faults.add({ operation, error: 'access-denied', times: 1 })
        const cut = await runBundle({ manifest: writeManifest(NEWS_RETIRED), ...ALLOW }, fake.env)
        expect(cut.code).toBe(1)
        expect(cut.stdout).toContain(
          `Allow "${operation === 'UpdateDistribution' || operation === 'DeleteDistribution' ? 'cloudfront' : 'mediapackage'}:${operation}" for the role this job uses`
        )
        expect(cut.stdout).not.toMatch(/\n\s+at /)

        const next = await runBundle({ manifest: writeManifest(NEWS_RETIRED), ...ALLOW }, fake.env)
        expect(next.code).toBe(0)
        expect(fake.state.channels.has('news-live')).toBe(false)
        expect(fake.state.distributions.has(news)).toBe(false)
        expect(endpointIds(fake)).toEqual(['sports-live-hls'])

        fake.resetCalls()
        const done = await runBundle({ manifest: writeManifest(NEWS_RETIRED), ...ALLOW }, fake.env)
        expect(done.code).toBe(0)
        expect(mutatingCalls(fake)).toEqual([])
      })
    }
  )

  it('leaves alone a distribution someone made by hand on the same host', async () => {
    await withFake({}, async (fake) => {
      const { news } = await deploy(fake)
      const origin = fake.state.distributions.get(news)!.config.Origins!.Items![0]!
      const byHand = fake.state.createDistribution({
        config: {
          Comment: 'made by hand for the news team',
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              { Id: 'news-origin', DomainName: origin.DomainName, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }
            ]
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'news-origin',
            ViewerProtocolPolicy: 'redirect-to-https',
            CachePolicyId: '08627262-05a9-4f76-9ded-b50ca2e3a84f'
          }
        },
        tags: { team: 'news' }
      })
      byHand.inProgressUntil = 0
      const etag = byHand.ETag
      const run = await runBundle({ manifest: writeManifest(NEWS_RETIRED), ...ALLOW }, fake.env)
      expect(run.code).toBe(0)
      expect(fake.state.distributions.has(news)).toBe(false)
      const survivor = fake.state.distributions.get(byHand.Id)!
      expect(survivor.ETag).toBe(etag)
      expect(survivor.config.Enabled).toBe(true)
      expect(fake.calls.filter((call) => call.mutating && call.operation.includes('Distribution')).length).toBe(2)
    })
  })
})
