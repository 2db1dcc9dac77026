import { describe, expect, it } from '@jest/globals'
import type { FakeAws } from '../fake-aws/index.js'
import { withFake, writeManifest } from '../support/harness.js'
import { runBundle, type RunnerResult } from './runner.js'

const SECRET_VALUE = '5f0e8a4e-3c1b-4d7a-9f2e-1a2b3c4d5e6f'

function manifest(auth: boolean | 'off'): string {
  const cdnAuthorization =
    auth === 'off'
      ? '    cdn-authorization:\n      enabled: false\n'
      : auth
        ? `    cdn-authorization:
      secret: MediaPackage/news-live
      role-arn: arn:aws:iam::123456789012:role/MediaPackageCdnAuth
`
        : ''
  return `version: 1
region: us-west-2
channels:
  - id: news-live
${cdnAuthorization}    endpoints:
      - id: news-live-hls
        hls: {}
      - id: news-live-dash
        dash: {}
`
}

/** A viewer that keeps requesting every playback path through both kinds of edge until stopped. */
function startViewer(fake: FakeAws, distributionId: string, paths: string[]) {
  const failures: string[] = []
  let requests = 0
  let throughBridge = 0
  let running = true
  const loop = (async () => {
    while (running) {
      for (const path of paths) {
        for (const edge of ['old', 'new'] as const) {
          const answer = fake.play(distributionId, path, edge)
          requests++
          if (answer.attempts.length > 1) throughBridge++
          if (answer.status !== 200) failures.push(`${edge} edge ${path}: ${answer.status} via ${JSON.stringify(answer.attempts)}`)
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      return { failures, requests, throughBridge }
    }
  }
}

function expectSecretHidden(run: RunnerResult): void {
  const leaked = run.stdout.split('\n').filter((line) => line.includes(SECRET_VALUE) && !line.startsWith('::add-mask::'))
  expect(leaked).toEqual([])
  expect(run.summary).not.toContain(SECRET_VALUE)
  expect(JSON.stringify(run.outputs)).not.toContain(SECRET_VALUE)
}

describe('turning CDN authorization on and off under a live audience', () => {
  it('never fails a viewer request, on old or new edges, in either direction', async () => {
    await withFake({ deployDelayMs: 800 }, async (fake) => {
      const created = await runBundle({ manifest: writeManifest(manifest(false)) }, fake.env)
      expect(created.code).toBe(0)
      const distributionId = created.outputs['distribution-id']!
      const paths = Object.values(JSON.parse(created.outputs['playback-urls']!) as Record<string, string>).map((url) => new URL(url).pathname)
      expect(paths).toHaveLength(2)
      fake.state.createSecret({ Name: 'MediaPackage/news-live', SecretString: JSON.stringify({ MediaPackageCDNIdentifier: SECRET_VALUE }) })

      const viewer = startViewer(fake, distributionId, paths)
      const on = await runBundle({ manifest: writeManifest(manifest(true)) }, fake.env)
      const off = await runBundle({ manifest: writeManifest(manifest('off')) }, fake.env)
      const seen = await viewer.stop()

      expect(on.code).toBe(0)
      expect(off.code).toBe(0)
      expect(seen.failures).toEqual([])
      expect(seen.requests).toBeGreaterThan(100)
      // The transition really happened under the viewer: some requests were answered through the failover.
      expect(seen.throughBridge).toBeGreaterThan(0)
      expect(on.summary).toContain('Phase 1')
      expect(off.summary).toContain('Phase 1')
      expectSecretHidden(on)
      expectSecretHidden(off)
      expect(on.stdout).toContain(`::add-mask::${SECRET_VALUE}`)
    })
  }, 30_000)

  it('would fail viewers without the bridge: the fake answers 403 and 404 the way MediaPackage does', async () => {
    await withFake({}, async (fake) => {
      const created = await runBundle({ manifest: writeManifest(manifest(false)) }, fake.env)
      const distributionId = created.outputs['distribution-id']!
      const path = new URL((JSON.parse(created.outputs['playback-urls']!) as Record<string, string>)['news-live-hls']!).pathname
      fake.state.createSecret({ Name: 'MediaPackage/news-live', SecretString: JSON.stringify({ MediaPackageCDNIdentifier: SECRET_VALUE }) })
      // Endpoint first, header later (a naive order): the edges without the header get 403.
      const endpoint = fake.state.endpoints.get('news-live-hls')!
      endpoint.Authorization = { CdnIdentifierSecret: fake.state.secret('MediaPackage/news-live')!.ARN, SecretsRoleArn: 'arn:aws:iam::123456789012:role/x' }
      expect(fake.play(distributionId, path, 'new').status).toBe(403)
    })
  })
})
