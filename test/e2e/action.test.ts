import { describe, expect, it } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import { mutatingCalls, withFake, writeManifest } from '../support/harness.js'
import { runBundle } from './runner.js'

const MANIFEST = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: { segment-duration-seconds: 6 }
      - id: news-live-dash
        dash: {}
`

describe('dist/index.js run as a GitHub runner runs it', () => {
  it('creates everything, reaches Deployed, writes outputs and summary; a rerun writes nothing', async () => {
    await withFake({ deployDelayMs: 1500 }, async (fake) => {
      const manifest = writeManifest(MANIFEST)
      const first = await runBundle({ manifest }, fake.env)
      expect(first.stderr).not.toMatch(/Error|at \S+ \(/)
      expect(first.code).toBe(0)
      const distribution = [...fake.state.distributions.values()][0]!
      const channel = fake.state.channels.get('news-live')!
      expect(distribution.tags[ASSOC_TAG]).toBe(channel.Arn)
      expect(fake.state.distributionStatus(distribution)).toBe('Deployed')
      expect(first.outputs).toMatchObject({
        'cdn-url': `https://${distribution.DomainName}`,
        'distribution-id': distribution.Id,
        'distribution-domain': distribution.DomainName,
        'distribution-status': 'Deployed',
        'channel-arn': channel.Arn,
        changed: 'true'
      })
      expect(Object.keys(JSON.parse(first.outputs['playback-urls']!) as object).sort()).toEqual(['news-live-dash', 'news-live-hls'])
      expect(JSON.parse(first.outputs.channels!)).toHaveLength(1)
      expect(first.summary).toContain('### Channel `news-live`')
      expect(first.summary).toContain(`https://${distribution.DomainName}/out/v1/`)
      // Progress is logged as it happens, one line per change, each naming its channel.
      expect(first.stdout).toMatch(
        /news-live: create channel news-live\n[^]*news-live: create distribution E[A-Z0-9]+[^]*news-live: distribution E[A-Z0-9]+ Deployed after waiting/
      )

      // Ingest passwords are masked the moment they are read, and appear nowhere else.
      for (const ingest of channel.HlsIngest.IngestEndpoints ?? []) {
        const password = ingest.Password!
        expect(first.stdout).toContain(`::add-mask::${password}`)
        const elsewhere = first.stdout.split('\n').filter((line) => line.includes(password) && !line.startsWith('::add-mask::'))
        expect(elsewhere).toEqual([])
        expect(first.summary).not.toContain(password)
        expect(JSON.stringify(first.outputs)).not.toContain(password)
      }

      fake.resetCalls()
      const rerun = await runBundle({ manifest }, fake.env)
      expect(rerun.code).toBe(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(rerun.outputs.changed).toBe('false')
      expect(rerun.outputs['distribution-id']).toBe(distribution.Id)
    })
  })

  it('reports every manifest problem as an annotation at its line, with no stack trace and no AWS call', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(`version: 1
region: us-west-2
channels:
  - id: news live
    endpoints:
      - id: e1
        hls: { segment-duraton-seconds: 6 }
`)
      const run = await runBundle({ manifest }, fake.env)
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(new RegExp(`::error file=${manifest.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},line=4,col=\\d+::`))
      expect(run.stdout).toMatch(/line=7,col=\d+::.*did you mean `segment-duration-seconds`/)
      expect(run.stdout).not.toMatch(/\n\s+at /)
      expect(fake.calls).toEqual([])
    })
  })

  it('refuses bad inputs before touching AWS', async () => {
    await withFake({}, async (fake) => {
      const run = await runBundle({ manifest: writeManifest(MANIFEST), mode: 'aply', 'wait-timeout-minutes': 'soon' }, fake.env)
      expect(run.code).toBe(1)
      expect(run.stdout).toContain('Input mode: "aply" is not valid; use apply or plan.')
      expect(run.stdout).toContain('Input wait-timeout-minutes: "soon" is not valid')
      expect(fake.calls).toEqual([])
    })
  })

  it('plan mode makes read calls only and says what apply would do', async () => {
    await withFake({}, async (fake) => {
      const run = await runBundle({ manifest: writeManifest(MANIFEST), mode: 'plan' }, fake.env)
      expect(run.code).toBe(0)
      expect(fake.calls.length).toBeGreaterThan(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(run.outputs.changed).toBe('true')
      expect(run.summary).toContain('plan (nothing was changed)')
      expect(run.summary).toMatch(/\| endpoint \| news-live-hls \| 🆕 create \|/)
      expect(fake.state.channels.size).toBe(0)
    })
  })

  it('fails on wait-timeout-minutes with the distribution, its status and the time waited, and still sets the outputs', async () => {
    await withFake({ deployDelayMs: 60_000 }, async (fake) => {
      const run = await runBundle({ manifest: writeManifest(MANIFEST), 'wait-timeout-minutes': '0.02' }, fake.env)
      expect(run.code).toBe(1)
      const distribution = [...fake.state.distributions.values()][0]!
      expect(run.stdout).toMatch(new RegExp(`::error::Distribution ${distribution.Id} is still InProgress after waiting 1\\.\\d s`))
      expect(run.outputs['distribution-id']).toBe(distribution.Id)
      expect(run.outputs['distribution-status']).toBe('InProgress')
      expect(run.outputs['cdn-url']).toBe(`https://${distribution.DomainName}`)
    })
  })

  it('with wait: false returns at once with the current status', async () => {
    await withFake({ deployDelayMs: 60_000 }, async (fake) => {
      const run = await runBundle({ manifest: writeManifest(MANIFEST), wait: 'false' }, fake.env)
      expect(run.code).toBe(0)
      expect(run.outputs['distribution-status']).toBe('InProgress')
      expect(run.summary).toContain('**InProgress**')
    })
  })

  it('reads .github/mediapackage.yml in the workspace by default, and says how to point elsewhere when it is missing', async () => {
    await withFake({}, async (fake) => {
      const workspace = mkdtempSync(join(tmpdir(), 'ws-'))
      const missing = await runBundle({}, fake.env, workspace)
      expect(missing.code).toBe(1)
      expect(missing.stdout).toContain('.github/mediapackage.yml')
      expect(missing.stdout).toContain('manifest')
      expect(fake.calls).toEqual([])

      mkdirSync(join(workspace, '.github'))
      copyFileSync(resolve('examples/hls-channel.yml'), join(workspace, '.github/mediapackage.yml'))
      const found = await runBundle({}, fake.env, workspace)
      expect(found.code).toBe(0)
      expect(found.outputs['distribution-id']).toMatch(/^E[A-Z0-9]+$/)
    })
  })
})
