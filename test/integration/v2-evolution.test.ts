/**
 * A MediaPackage v2 manifest's life, beside a v1 channel: at each edit, plan mode names the resources,
 * actions and fields the following apply reports (values only apply can know are marked pending), and
 * a plan right after the apply finds nothing to do. Also: a converged v2 channel costs two round trips.
 */
import { describe, expect, it } from '@jest/globals'
import { expectPlanMatchesApply, changesOf } from '../support/evolution.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'

const v1 = 'channels:\n  - id: legacy\n    endpoints:\n      - id: legacy-hls\n        hls: {}\n'
const group = (channels: string) => `channel-groups:\n  - id: live\n    channels:\n${channels}`
const news = (endpoints: string, extra = '') => `      - id: news\n        input-type: CMAF\n${extra}        endpoints:\n${endpoints}`
const cmaf = (manifests: string, startover = 3600) =>
  `          - id: news-cmaf\n            container: CMAF\n            startover-window-seconds: ${startover}\n${manifests}`
const hls = '            hls-manifests: [{ name: index }]\n'
const all =
  '            hls-manifests: [{ name: index }]\n            low-latency-hls-manifests: [{ name: ll }]\n            dash-manifests: [{ name: dash }]\n'
const ts = '          - id: news-ts\n            container: TS\n            hls-manifests: [{ name: ts }]\n'
const sports = '      - id: sports\n        endpoints:\n          - id: sports-ts\n            container: TS\n            hls-manifests: [{ name: index }]\n'
const head = 'version: 1\nregion: us-west-2\n'

const EVOLUTION: [string, string][] = [
  ['a v2 channel with one HLS manifest, beside v1', head + v1 + group(news(cmaf(hls)))],
  ['LL-HLS and DASH manifests added', head + v1 + group(news(cmaf(all)))],
  ['a changed setting', head + v1 + group(news(cmaf(all, 7200)))],
  ['a TS endpoint added', head + v1 + group(news(cmaf(all, 7200) + ts))],
  ['a description and tags', head + v1 + group(news(cmaf(all, 7200) + ts, '        description: News\n        tags: { team: video }\n'))],
  ['a second channel in the group', head + v1 + group(news(cmaf(all, 7200) + ts, '        description: News\n        tags: { team: video }\n') + sports)]
]

describe('a v2 manifest’s evolution', () => {
  it('plan names what apply then does, at every step, and the plan after each apply is empty', async () => {
    await withFake({ deployDelayMs: 30 }, async (fake) => {
      for (const [title, yaml] of EVOLUTION) {
        await expectPlanMatchesApply(fake, title, yaml)
      }
    })
  }, 90_000)

  it('a first plan names the group, channel, endpoint, OAC, cache policy, distribution and endpoint policy, and writes nothing', async () => {
    await withFake({}, async (fake) => {
      const plan = changesOf(await runReconcile(fake, writeManifest(head + group(news(cmaf(all)))), { mode: 'plan' }))
      expect(plan.map((change) => `${change.action} ${change.resource}`)).toEqual([
        'create channel-group',
        'create origin-access-control',
        'create cache-policy',
        'create channel',
        'create endpoint',
        'create distribution',
        'create endpoint-policy'
      ])
      expect(mutatingCalls(fake)).toEqual([])
    })
  })

  it('a converged v2 channel is two waves of reads: the channel’s reads ‖ the tag look-up, then GetDistribution', async () => {
    await withFake({ latencyMs: 120 }, async (fake) => {
      const path = writeManifest(head + group(news(cmaf(all))))
      expect((await runReconcile(fake, path)).error).toBeUndefined()
      fake.resetCalls()
      const run = await runReconcile(fake, path)
      expect(run.outputs.changed).toBe('false')
      expect(mutatingCalls(fake)).toEqual([])
      const first = fake.calls.filter((call) => call.operation !== 'GetDistribution')
      const second = fake.calls.filter((call) => call.operation === 'GetDistribution')
      expect(first.map((call) => call.operation).sort()).toEqual([
        'GetChannel',
        'GetChannelGroup',
        'GetOriginEndpoint',
        'GetOriginEndpointPolicy',
        'GetResources',
        'ListCachePolicies',
        'ListOriginAccessControls'
      ])
      expect(Math.max(...first.map((call) => call.start))).toBeLessThan(Math.min(...first.map((call) => call.end)))
      expect(second).toHaveLength(1)
      expect(second[0]!.start).toBeGreaterThanOrEqual(Math.max(...first.map((call) => call.end)))
    })
  })
})
