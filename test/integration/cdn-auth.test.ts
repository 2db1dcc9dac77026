import { describe, expect, it } from '@jest/globals'
import { bridgeGroupId, headerValueOf } from '../../src/cloudfront/bridge.js'
import { CDN_IDENTIFIER_HEADER } from '../../src/providers/mediapackage-v1/console.js'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest, type RunOutcome } from '../support/harness.js'

const cdnHeaderOf = (origin: Parameters<typeof headerValueOf>[0]) => headerValueOf(origin, CDN_IDENTIFIER_HEADER)

const ROLE = 'arn:aws:iam::123456789012:role/MediaPackageCdnAuth'

function manifest(auth: string): string {
  return `
version: 1
region: us-west-2
channels:
  - id: news-live
${auth}    endpoints:
      - id: news-live-hls
        hls: {}
      - id: news-live-dash
        dash: {}
`
}

const AUTH_ON = `    cdn-authorization:
      secret: MediaPackage/news-live
      role-arn: ${ROLE}
      create-secret: true
`
const AUTH_OFF = `    cdn-authorization:
      enabled: false
`
const AUTH_EXISTING = `    cdn-authorization:
      secret: MediaPackage/news-live
      role-arn: ${ROLE}
`

function identifier(fake: FakeAws): string {
  const secret = fake.state.secret('MediaPackage/news-live')!
  const current = secret.versions.find((version) => version.stages.includes('AWSCURRENT'))!
  return (JSON.parse(current.SecretString!) as { MediaPackageCDNIdentifier: string }).MediaPackageCDNIdentifier
}

function theDistribution(fake: FakeAws) {
  const all = [...fake.state.distributions.values()]
  expect(all).toHaveLength(1)
  return all[0]!
}

function expectNowhere(run: RunOutcome, value: string): void {
  expect(run.log.text()).not.toContain(value)
  expect(JSON.stringify(run.outputs)).not.toContain(value)
  expect(run.summary).not.toContain(value)
}

describe('CDN authorization', () => {
  it('gives a new channel authorization from the start: secret created, endpoints require it, origin sends it', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(manifest(AUTH_ON)))
      expect(run.error).toBeUndefined()
      const value = identifier(fake)
      expect(value).toMatch(/^[0-9a-f-]{36}$/)
      const secretArn = fake.state.secret('MediaPackage/news-live')!.ARN
      for (const id of ['news-live-hls', 'news-live-dash']) {
        expect(fake.state.endpoints.get(id)!.Authorization).toEqual({ CdnIdentifierSecret: secretArn, SecretsRoleArn: ROLE })
      }
      const distribution = theDistribution(fake)
      expect(distribution.config.Origins?.Items?.map((origin) => cdnHeaderOf(origin))).toEqual([value])
      expect(distribution.config.OriginGroups?.Quantity ?? 0).toBe(0)
      // Endpoints were created with authorization: no UpdateOriginEndpoint, no transition.
      expect(mutatingCalls(fake).filter((call) => call.endsWith('UpdateOriginEndpoint'))).toEqual([])
      expect(run.log.secrets).toContain(value)
      expectNowhere(run, value)
    })
  })

  it('makes no write on a converged rerun', async () => {
    await withFake({}, async (fake) => {
      const path = writeManifest(manifest(AUTH_ON))
      await runReconcile(fake, path)
      fake.resetCalls()
      const rerun = await runReconcile(fake, path)
      expect(rerun.error).toBeUndefined()
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
    })
  })

  it('turns on for a live channel in three phases and ends on the single origin with the header', async () => {
    await withFake({ deployDelayMs: 50 }, async (fake) => {
      await runReconcile(fake, writeManifest(manifest('')))
      fake.state.createSecret({
        Name: 'MediaPackage/news-live',
        SecretString: JSON.stringify({ MediaPackageCDNIdentifier: '11111111-2222-4333-8444-555555555555' })
      })
      const order: string[] = []
      fake.onOperation((_service, operation) => {
        if (operation === 'UpdateDistribution' || operation === 'UpdateOriginEndpoint') {
          const config = theDistribution(fake).config
          order.push(`${operation} (groups before: ${config.OriginGroups?.Quantity ?? 0})`)
        }
      })
      const run = await runReconcile(fake, writeManifest(manifest(AUTH_EXISTING)))
      expect(run.error).toBeUndefined()
      // Bridge first, endpoints while the bridge is deployed, then the collapse.
      expect(order).toEqual([
        'UpdateDistribution (groups before: 0)',
        'UpdateOriginEndpoint (groups before: 1)',
        'UpdateOriginEndpoint (groups before: 1)',
        'UpdateDistribution (groups before: 1)'
      ])
      const distribution = theDistribution(fake)
      expect(distribution.config.OriginGroups?.Quantity ?? 0).toBe(0)
      expect(distribution.config.Origins?.Items?.map((origin) => cdnHeaderOf(origin))).toEqual(['11111111-2222-4333-8444-555555555555'])
      const changes = JSON.parse(run.outputs.changes!) as { resource: string; details: string[] }[]
      expect(changes.some((change) => change.details.some((detail) => detail.includes('Phase 1')))).toBe(true)
      expect(changes.filter((change) => change.details.includes('Phase 2'))).toHaveLength(2)
      // Each phase is timed, and the summary shows it.
      const timings = run.execution.result!.channels[0]!.timings.map((timing) => timing.phase)
      expect(timings).toEqual(
        expect.arrayContaining(['CDN authorization phase 1', 'CDN authorization phase 2', 'CDN authorization phase 3', 'wait for Deployed'])
      )
      expect(run.summary).toMatch(/CDN authorization phase 1 \d+\.\d s[^]*CDN authorization phase 2[^]*CDN authorization phase 3/)
      expectNowhere(run, '11111111-2222-4333-8444-555555555555')
    })
  })

  it('turns off (enabled: false) for a live channel through the same bridge and ends without the header', async () => {
    await withFake({ deployDelayMs: 50 }, async (fake) => {
      await runReconcile(fake, writeManifest(manifest(AUTH_ON)))
      const run = await runReconcile(fake, writeManifest(manifest(AUTH_OFF)))
      expect(run.error).toBeUndefined()
      const distribution = theDistribution(fake)
      expect(distribution.config.Origins?.Items?.map((origin) => cdnHeaderOf(origin))).toEqual([undefined])
      expect(distribution.config.OriginGroups?.Quantity ?? 0).toBe(0)
      for (const id of ['news-live-hls', 'news-live-dash']) expect(fake.state.endpoints.get(id)!.Authorization).toBeUndefined()
    })
  })

  it('leaves CDN authorization as it is when the manifest does not name it, and a new endpoint follows the channel', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(manifest(AUTH_ON)))
      const value = identifier(fake)
      fake.resetCalls()
      const unnamed = manifest('') + '      - id: news-live-cmaf\n        cmaf:\n          hls-manifests:\n            - id: main\n'
      const run = await runReconcile(fake, writeManifest(unnamed))
      expect(run.error).toBeUndefined()
      expect(mutatingCalls(fake)).toEqual(['mediapackage:CreateOriginEndpoint'])
      expect(cdnHeaderOf(theDistribution(fake).config.Origins!.Items![0])).toBe(value)
      const secretArn = fake.state.secret('MediaPackage/news-live')!.ARN
      for (const id of ['news-live-hls', 'news-live-dash', 'news-live-cmaf']) {
        expect(fake.state.endpoints.get(id)!.Authorization).toEqual({ CdnIdentifierSecret: secretArn, SecretsRoleArn: ROLE })
      }
      // The new endpoint plays through the CDN like the others.
      const cmafPath = new URL(JSON.parse(run.outputs['playback-urls']!)['news-live-cmaf'] as string).pathname
      expect(fake.play(theDistribution(fake).Id, cmafPath, 'new').status).toBe(200)
    })
  })

  it('with wait: false stops after the bridge, and the next run finishes the transition', async () => {
    await withFake({ deployDelayMs: 50 }, async (fake) => {
      await runReconcile(fake, writeManifest(manifest('')))
      fake.state.createSecret({
        Name: 'MediaPackage/news-live',
        SecretString: JSON.stringify({ MediaPackageCDNIdentifier: 'aaaaaaaa-2222-4333-8444-555555555555' })
      })
      const path = writeManifest(manifest(AUTH_EXISTING))
      const first = await runReconcile(fake, path, { wait: 'false' })
      expect(first.error).toBeUndefined()
      const origin = theDistribution(fake).config.Origins!.Items![0]!.Id!
      expect(theDistribution(fake).config.OriginGroups?.Items?.map((group) => group.Id)).toEqual([bridgeGroupId(origin)])
      expect(fake.state.endpoints.get('news-live-hls')!.Authorization).toBeUndefined()
      expect(first.summary).toContain('run again once the distribution is Deployed')

      const second = await runReconcile(fake, path)
      expect(second.error).toBeUndefined()
      expect(theDistribution(fake).config.OriginGroups?.Quantity ?? 0).toBe(0)
      expect(fake.state.endpoints.get('news-live-hls')!.Authorization).toBeDefined()
    })
  })

  it('rotates the header only once the new secret version is 10 minutes old', async () => {
    await withFake({}, async (fake) => {
      const path = writeManifest(manifest(AUTH_ON))
      await runReconcile(fake, path)
      const old = identifier(fake)
      const secret = fake.state.secret('MediaPackage/news-live')!
      fake.state.putSecretValue(secret, JSON.stringify({ MediaPackageCDNIdentifier: 'bbbbbbbb-2222-4333-8444-555555555555' }))

      const early = await runReconcile(fake, path)
      expect(early.error).toBeUndefined()
      expect(cdnHeaderOf(theDistribution(fake).config.Origins!.Items![0])).toBe(old)
      expect(early.log.text()).toMatch(/rotation pending.*a run after \d{4}-\d\d-\d\dT.* completes the rotation/)
      expect(early.summary).toMatch(/rotation pending.*a run after \d{4}-\d\d-\d\dT/)

      for (const version of secret.versions) version.CreatedDate = new Date(version.CreatedDate.getTime() - 11 * 60_000)
      const late = await runReconcile(fake, path)
      expect(late.error).toBeUndefined()
      expect(cdnHeaderOf(theDistribution(fake).config.Origins!.Items![0])).toBe('bbbbbbbb-2222-4333-8444-555555555555')
      expectNowhere(late, 'bbbbbbbb-2222-4333-8444-555555555555')
      expectNowhere(late, old)
    })
  })

  it('plan mode shows the phases without reading the secret value or writing', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(manifest('')))
      fake.state.createSecret({
        Name: 'MediaPackage/news-live',
        SecretString: JSON.stringify({ MediaPackageCDNIdentifier: 'cccccccc-2222-4333-8444-555555555555' })
      })
      fake.resetCalls()
      const plan = await runReconcile(fake, writeManifest(manifest(AUTH_EXISTING)), { mode: 'plan' })
      expect(plan.error).toBeUndefined()
      expect(mutatingCalls(fake)).toEqual([])
      expect(fake.calls.map((call) => call.operation)).not.toContain('GetSecretValue')
      expect(plan.outputs.changed).toBe('true')
      expect(plan.summary).toContain('three phases')
      expect(plan.summary).toMatch(/news-live-hls \| ✏️ update \| `cdn-authorization: on/)
    })
  })

  it('refuses a missing secret when create-secret is off, before any write', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(manifest(AUTH_EXISTING)))
      expect(run.execution.result?.failures[0]?.error).toBeDefined()
      expect(String((run.execution.result!.failures[0]!.error as Error).message)).toContain('does not exist')
      expect(mutatingCalls(fake)).toEqual([])
    })
  })
})
