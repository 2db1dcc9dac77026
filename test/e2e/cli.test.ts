import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { mutatingCalls, withFake, writeManifest } from '../support/harness.js'

const CLI = resolve('bin/mediapackage-cloudfront.js')

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, stdout, stderr }
}

const MANIFEST = `version: 1
region: us-west-2
channels:
  - id: laptop-live
    endpoints:
      - id: laptop-live-hls
        hls: {}
`

describe('the CLI (npx mediapackage-cloudfront)', () => {
  it('plans without writing, applies, and prints the action outputs as JSON and the summary as Markdown', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(MANIFEST)
      const plan = await cli(['plan', '--manifest', manifest], fake.env)
      expect(plan.code).toBe(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(JSON.parse(plan.stdout)).toMatchObject({ changed: 'true', 'distribution-id': '' })
      expect(plan.stderr).toContain('## MediaPackage + CloudFront: plan (nothing was changed)')

      const apply = await cli(['apply', '--manifest', manifest], fake.env)
      expect(apply.code).toBe(0)
      const outputs = JSON.parse(apply.stdout) as Record<string, string>
      const distribution = [...fake.state.distributions.values()][0]!
      expect(outputs).toMatchObject({ changed: 'true', 'distribution-id': distribution.Id, 'cdn-url': `https://${distribution.DomainName}` })
      expect(apply.stderr).toMatch(
        /\| \[laptop-live-hls\]\(https:\/\/us-west-2.console.aws.amazon.com\/mediapackage\/home\?region=us-west-2#\/channels\/laptop-live\/endpoints\/laptop-live-hls\) \| HLS \|/
      )
      for (const ingest of fake.state.channels.get('laptop-live')!.HlsIngest.IngestEndpoints ?? []) {
        expect(apply.stdout + apply.stderr).not.toContain(ingest.Password!)
      }
    })
  })

  it('retires a channel only with --allow-delete, and --viewer-guard-minutes 0 skips the CloudWatch read', async () => {
    await withFake({}, async (fake) => {
      expect((await cli(['apply', '--manifest', writeManifest(MANIFEST)], fake.env)).code).toBe(0)
      for (const distribution of fake.state.distributions.values()) distribution.inProgressUntil = 0
      const retired = writeManifest('version: 1\nregion: us-west-2\nchannels:\n  - id: laptop-live\n    state: absent\n')
      fake.resetCalls()
      const refused = await cli(['apply', '--manifest', retired], fake.env)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('error: laptop-live: Channel laptop-live: apply would disable distribution')
      expect(mutatingCalls(fake)).toEqual([])

      fake.resetCalls()
      const applied = await cli(['apply', '--manifest', retired, '--allow-delete', 'true', '--viewer-guard-minutes', '0'], fake.env)
      expect(applied.code).toBe(0)
      expect(fake.calls.filter((call) => call.operation === 'GetMetricData')).toEqual([])
      expect(fake.state.channels.size + fake.state.endpoints.size + fake.state.distributions.size).toBe(0)
    })
  })

  it('exits 1 with file:line:col for a bad manifest and 2 for a bad command', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest('version: 2\nchannels: []\n')
      const bad = await cli(['apply', '--manifest', manifest], fake.env)
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(new RegExp(`error: ${manifest.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:\\d+: `))
      expect(fake.calls).toEqual([])
      const usage = await cli(['deploy'], fake.env)
      expect(usage.code).toBe(2)
      expect(usage.stderr).toContain('Usage: mediapackage-cloudfront <plan|apply>')
    })
  })
})
