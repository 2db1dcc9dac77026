/**
 * Issue 3: secrets never leak, plan mode only reads, and what people did by hand survives.
 */
import { describe, expect, it } from '@jest/globals'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest, type RunOutcome } from '../support/harness.js'
import {
  CHANNEL,
  ENDPOINT_IDS,
  THREE_ENDPOINTS,
  TWO_ENDPOINTS,
  census,
  expectComplete,
  expectSucceeded,
  failureMessages,
  seedConsoleDistribution,
  userVisible
} from '../support/scenarios.js'

function passwords(fake: FakeAws, channelId = CHANNEL): string[] {
  const found = (fake.state.channels.get(channelId)?.HlsIngest.IngestEndpoints ?? []).map((ingest) => ingest.Password!)
  expect(found.length).toBeGreaterThan(0)
  return found
}

function expectNoSecretIn(run: RunOutcome, secrets: readonly string[]): void {
  const visible = userVisible(run)
  for (const secret of secrets) expect(visible).not.toContain(secret)
}

describe('secrets', () => {
  it('registers the ingest passwords of a new channel as secrets and never shows them; URLs and usernames are shown', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      const secrets = passwords(fake)
      for (const secret of secrets) expect(run.log.secrets).toContain(secret)
      expectNoSecretIn(run, secrets)
      for (const ingest of fake.state.channels.get(CHANNEL)!.HlsIngest.IngestEndpoints ?? []) {
        expect(run.summary).toContain(ingest.Url)
        expect(run.summary).toContain(ingest.Username)
      }
    })
  })

  it('registers the passwords of an existing channel as soon as they are read, in plan mode and when the run fails', async () => {
    await withFake({}, async (fake) => {
      fake.state.createChannel({ Id: CHANNEL })
      const secrets = passwords(fake)
      const plan = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), { mode: 'plan' })
      for (const secret of secrets) expect(plan.log.secrets).toContain(secret)
      expectNoSecretIn(plan, secrets)

      fake.faults.add({ service: 'mediapackage', operation: 'CreateOriginEndpoint', error: 'access-denied' })
      const failed = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expect(failureMessages(failed)).toHaveLength(1)
      for (const secret of secrets) expect(failed.log.secrets).toContain(secret)
      expectNoSecretIn(failed, secrets)
    })
  })

  it('never logs a raw DistributionConfig: an origin header holding a credential appears nowhere, whether the update succeeds or fails', async () => {
    await withFake({}, async (fake) => {
      const channel = fake.state.createChannel({ Id: CHANNEL })
      const withHeader = seedConsoleDistribution(fake, channel.Arn)
      fake.state.updateDistribution(withHeader.Id, (config) => {
        config.Origins!.Items![0]!.CustomHeaders = { Quantity: 1, Items: [{ HeaderName: 'X-Api-Key', HeaderValue: 'topsecret-value' }] }
      })
      withHeader.inProgressUntil = 0

      fake.faults.add({
        service: 'cloudfront',
        operation: 'UpdateDistribution',
        times: 1,
        error: { status: 400, code: 'InvalidArgument', message: 'The parameter Origin is invalid.' }
      })
      const failed = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expect(failureMessages(failed)).toHaveLength(1)
      expectNoSecretIn(failed, ['topsecret-value'])

      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(run.outputs.changed).toBe('true')
      expectNoSecretIn(run, ['topsecret-value'])
      // The update kept the header (it is the person's).
      const origin = fake.state.distributions.get(withHeader.Id)!.config.Origins!.Items![0]!
      expect(origin.CustomHeaders?.Items).toEqual([{ HeaderName: 'X-Api-Key', HeaderValue: 'topsecret-value' }])
      expectComplete(fake, run, ENDPOINT_IDS)
    })
  })
})

interface ChangeOutput {
  channel: string
  resource: string
  id: string
  action: string
  details: string[]
}

function changesOf(run: RunOutcome): ChangeOutput[] {
  return JSON.parse(run.outputs.changes ?? '[]') as ChangeOutput[]
}

function change(run: RunOutcome, resource: string, id?: string): ChangeOutput | undefined {
  return changesOf(run).find((entry) => entry.resource === resource && (id === undefined || entry.id === id))
}

describe('plan mode', () => {
  it('on a fresh account: zero mutating calls, every resource listed as create, changed=true', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), { mode: 'plan' })
      expectSucceeded(run)
      expect(fake.calls.length).toBeGreaterThan(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(census(fake)).toEqual({ channels: 0, endpoints: 0, distributions: 0 })
      expect(changesOf(run).map((entry) => [entry.resource, entry.action])).toEqual([
        ['channel', 'create'],
        ['endpoint', 'create'],
        ['endpoint', 'create'],
        ['distribution', 'create']
      ])
      expect(change(run, 'endpoint', 'news-live-hls')!.details).toContain('packaging: hls')
      expect(run.outputs.changed).toBe('true')
      expect(run.summary).toContain('plan (nothing was changed)')
      expect(run.summary).toContain('Apply would change resources.')
      expect(run.summary).toMatch(/\| endpoint \| news-live-dash \| .*create/)
    })
  })

  it('on a drifted account: zero mutating calls, each resource with the fields that differ, changed=true; converged: changed=false', async () => {
    await withFake({}, async (fake) => {
      expectSucceeded(await runReconcile(fake, writeManifest(TWO_ENDPOINTS)))
      const distribution = [...fake.state.distributions.values()][0]!
      // Console edits that drift from the manifest.
      fake.state.channels.get(CHANNEL)!.Description = 'edited in the console'
      fake.state.endpoints.get('news-live-hls')!.HlsPackage!.PlaylistWindowSeconds = 30
      fake.state.updateDistribution(distribution.Id, (config) => {
        config.Origins!.Items![0]!.CustomOriginConfig!.OriginProtocolPolicy = 'match-viewer'
      })
      distribution.inProgressUntil = 0
      const etag = distribution.ETag
      fake.resetCalls()

      const drifted = TWO_ENDPOINTS + '    distribution:\n      price-class: PriceClass_100\n'
      const run = await runReconcile(fake, writeManifest(drifted), { mode: 'plan' })
      expectSucceeded(run)
      expect(mutatingCalls(fake)).toEqual([])
      expect(change(run, 'channel')).toMatchObject({ action: 'update', details: ['description: "edited in the console" → "24/7 news"'] })
      expect(change(run, 'endpoint', 'news-live-hls')).toMatchObject({
        action: 'update',
        details: [expect.stringMatching(/^hls\.playlist-window-seconds: \d+ → 60$/)]
      })
      expect(change(run, 'endpoint', 'news-live-dash')).toMatchObject({ action: 'unchanged', details: [] })
      const planned = change(run, 'distribution', distribution.Id)!
      expect(planned.action).toBe('update')
      expect(planned.details.join('\n')).toMatch(/price-class: "PriceClass_All" → "PriceClass_100"/)
      expect(planned.details.join('\n')).toMatch(/origin\.protocol: match-viewer → https-only/)
      expect(run.outputs.changed).toBe('true')
      expect(run.summary).toContain('hls.playlist-window-seconds')
      expect(run.summary).toContain('PriceClass_100')
      // Nothing moved.
      expect(fake.state.distributions.get(distribution.Id)!.ETag).toBe(etag)
      expect(fake.state.endpoints.get('news-live-hls')!.HlsPackage!.PlaylistWindowSeconds).toBe(30)

      // Apply, then plan again: nothing to do.
      expectSucceeded(await runReconcile(fake, writeManifest(drifted)))
      fake.resetCalls()
      const converged = await runReconcile(fake, writeManifest(drifted), { mode: 'plan' })
      expectSucceeded(converged)
      expect(mutatingCalls(fake)).toEqual([])
      expect(changesOf(converged).every((entry) => entry.action === 'unchanged')).toBe(true)
      expect(converged.outputs.changed).toBe('false')
      expect(converged.summary).toContain('Apply would change nothing.')
    })
  })
})

describe('what people did by hand survives', () => {
  const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789'
  const WAF = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b2c3d-4e5f-6789-abcd-ef0123456789'

  function handEdit(config: DistributionConfig): void {
    const origins = config.Origins!.Items!
    origins.push({ Id: 'assets', DomainName: 'assets.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } })
    config.Origins = { Quantity: origins.length, Items: origins }
    const behaviors = config.CacheBehaviors?.Items ?? []
    behaviors.push({
      PathPattern: '/static/*',
      TargetOriginId: 'assets',
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6'
    })
    config.CacheBehaviors = { Quantity: behaviors.length, Items: behaviors }
    config.Aliases = { Quantity: 1, Items: ['live.example.com'] }
    config.ViewerCertificate = { ACMCertificateArn: CERT, SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' }
    config.WebACLId = WAF
    config.Logging = { Enabled: true, IncludeCookies: false, Bucket: 'logs.s3.amazonaws.com', Prefix: 'cdn/' }
    config.Restrictions = { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 2, Items: ['US', 'CA'] } }
    config.Comment = 'hand-edited'
  }

  it('keeps other origins and behaviors, aliases, certificate, WAF, logging, geo restrictions, comment and tags; deletes nothing; a second run writes nothing', async () => {
    await withFake({}, async (fake) => {
      expectSucceeded(await runReconcile(fake, writeManifest(TWO_ENDPOINTS)))
      const arn = fake.state.channels.get(CHANNEL)!.Arn
      const distribution = [...fake.state.distributions.values()][0]!
      fake.state.updateDistribution(distribution.Id, handEdit)
      distribution.tags.team = 'ops'
      distribution.inProgressUntil = 0
      // A person's own endpoint on the channel, and a channel of their own.
      fake.state.createEndpoint({ Id: 'news-live-by-hand', ChannelId: CHANNEL, HlsPackage: {} })
      fake.state.createChannel({ Id: 'someone-else' })
      const before = census(fake)
      const edited = structuredClone(fake.state.distributions.get(distribution.Id)!.config)

      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(THREE_ENDPOINTS)) // adds an MSS endpoint and its behavior
      expectSucceeded(run)
      expect(mutatingCalls(fake).sort()).toEqual(['cloudfront:UpdateDistribution', 'mediapackage:CreateOriginEndpoint'])
      const after = fake.state.distributions.get(distribution.Id)!.config
      expect(after.CacheBehaviors?.Items?.map((behavior) => behavior.PathPattern)).toContain('*.ism/*')
      for (const origin of edited.Origins!.Items!) expect(after.Origins?.Items).toContainEqual(origin)
      for (const behavior of edited.CacheBehaviors!.Items!) expect(after.CacheBehaviors?.Items).toContainEqual(behavior)
      expect(after.DefaultCacheBehavior).toEqual(edited.DefaultCacheBehavior)
      expect(after.Aliases).toEqual(edited.Aliases)
      expect(after.ViewerCertificate).toEqual(edited.ViewerCertificate)
      expect(after.WebACLId).toBe(WAF)
      expect(after.Logging).toEqual(edited.Logging)
      expect(after.Restrictions).toEqual(edited.Restrictions)
      expect(after.Comment).toBe('hand-edited')
      expect(fake.state.distributions.get(distribution.Id)!.tags).toEqual({ [ASSOC_TAG]: arn, team: 'ops' })

      // Nothing deleted, nothing untagged.
      expect(census(fake)).toEqual({ ...before, endpoints: before.endpoints + 1 })
      expect(fake.state.endpoints.has('news-live-by-hand')).toBe(true)
      expect(fake.state.channels.has('someone-else')).toBe(true)
      expect(fake.calls.filter((call) => /^(Delete|Untag)/.test(call.operation))).toEqual([])

      fake.resetCalls()
      const again = await runReconcile(fake, writeManifest(THREE_ENDPOINTS))
      expectSucceeded(again)
      expect(mutatingCalls(fake)).toEqual([])
      expect(again.outputs.changed).toBe('false')
    })
  })

  it("adds the manifest's alias next to the one a person added by hand", async () => {
    await withFake({}, async (fake) => {
      expectSucceeded(await runReconcile(fake, writeManifest(TWO_ENDPOINTS)))
      const distribution = [...fake.state.distributions.values()][0]!
      fake.state.updateDistribution(distribution.Id, handEdit)
      distribution.inProgressUntil = 0
      const withAlias = TWO_ENDPOINTS + `    distribution:\n      aliases: [news.example.com]\n      certificate-arn: ${CERT}\n`
      const run = await runReconcile(fake, writeManifest(withAlias))
      expectSucceeded(run)
      expect(fake.state.distributions.get(distribution.Id)!.config.Aliases?.Items).toEqual(['live.example.com', 'news.example.com'])
      expect(fake.state.distributions.get(distribution.Id)!.config.Comment).toBe('hand-edited')
    })
  })

  it('never removes or changes the association tag, even on a distribution it adopts from the console', async () => {
    await withFake({}, async (fake) => {
      const channel = fake.state.createChannel({ Id: CHANNEL })
      const consoleMade = seedConsoleDistribution(fake, channel.Arn)
      consoleMade.tags.owner = 'video-team'
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(fake.state.distributions.get(consoleMade.Id)!.tags).toEqual({ [ASSOC_TAG]: channel.Arn, owner: 'video-team' })
      expect(fake.calls.filter((call) => call.service === 'cloudfront' && /Tag/.test(call.operation) && call.mutating)).toEqual([])
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
    })
  })
})
