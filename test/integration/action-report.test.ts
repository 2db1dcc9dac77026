// The action's entry point (src/action/main.ts) in-process with the real @actions/core, against the
// fake AWS: the step outputs and the job summary as a runner reads them back from GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY, including `summary-markdown` and `summary-detail: minimal`.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { run } from '../../src/action/main.js'
import { parseOutputFile } from '../e2e/runner.js'
import type { FakeAws } from '../fake-aws/index.js'
import { runReconcile, withFake, writeManifest } from '../support/harness.js'
import { CHANNEL, TWO_ENDPOINTS, expectSucceeded } from '../support/scenarios.js'

const dir = mkdtempSync(join(tmpdir(), 'action-report-'))
const outputFile = join(dir, 'output')
const summaryFile = join(dir, 'summary')
const saved = { ...process.env }
let stdout = ''

beforeAll(() => {
  // @actions/core keeps the summary file's path after its first write: one file for every run here.
  process.env.GITHUB_STEP_SUMMARY = summaryFile
  process.env.GITHUB_OUTPUT = outputFile
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
})

afterEach(() => {
  process.exitCode = undefined
})

afterAll(() => {
  jest.restoreAllMocks()
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
  Object.assign(process.env, saved)
})

interface StepResult {
  outputs: Record<string, string>
  summary: string
  stdout: string
  failed: boolean
}

/** One run of the action's step, with inputs as the runner passes them (INPUT_<NAME>). */
async function step(fake: FakeAws, inputs: Record<string, string>): Promise<StepResult> {
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  stdout = ''
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
  // The workspace is the manifest's folder, as a checkout would be.
  const workspace = inputs.manifest ? dirname(inputs.manifest) : process.cwd()
  const env = {
    ...fake.env,
    ...inputEnv,
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/live',
    GITHUB_RUN_ID: '42'
  }
  Object.assign(process.env, env)
  try {
    await run()
  } finally {
    for (const key of Object.keys(inputEnv)) delete process.env[key]
  }
  return { outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8'), stdout, failed: process.exitCode === 1 }
}

/** What the run must not show under `minimal`: every origin and ingest host, every ingest username. */
function sensitive(fake: FakeAws): string[] {
  const channel = fake.state.channels.get(CHANNEL)!
  const ingest = channel.HlsIngest.IngestEndpoints ?? []
  const origins = [...fake.state.endpoints.values()].map((endpoint) => new URL(endpoint.Url!).host)
  const values = [...origins, ...ingest.map((one) => new URL(one.Url!).host), ...ingest.map((one) => one.Username!)]
  expect(values.length).toBeGreaterThanOrEqual(4)
  return values
}

describe('the action step (src/action/main.ts)', () => {
  it('sets summary-markdown to the job summary, and summary-detail: minimal keeps origin hosts and ingest out of the outputs and the summary', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(TWO_ENDPOINTS)
      expectSucceeded(await runReconcile(fake, manifest))
      const hidden = sensitive(fake)

      const full = await step(fake, { manifest, mode: 'plan' })
      expect(full.failed).toBe(false)
      expect(full.outputs['summary-markdown']).toBe(full.summary)
      expect(full.summary).toContain('## MediaPackage + CloudFront: plan (nothing was changed)')
      expect(full.summary).toContain('Apply would change nothing.')
      for (const value of hidden) expect(full.summary + JSON.stringify(full.outputs)).toContain(value)

      const minimal = await step(fake, { manifest, mode: 'plan', 'summary-detail': 'minimal' })
      expect(minimal.failed).toBe(false)
      expect(minimal.outputs['summary-markdown']).toBe(minimal.summary)
      for (const value of hidden) {
        expect(minimal.summary).not.toContain(value)
        for (const [name, output] of Object.entries(minimal.outputs)) expect([name, output.includes(value)]).toEqual([name, false])
      }
      const channels = JSON.parse(minimal.outputs.channels!) as { ingest?: unknown; endpoints: Record<string, unknown>[] }[]
      expect(channels[0]!.ingest).toBeUndefined()
      expect(channels[0]!.endpoints.map((endpoint) => Object.keys(endpoint).sort())).toEqual([
        ['id', 'packaging', 'playback-urls'],
        ['id', 'packaging', 'playback-urls']
      ])
      // The CDN's playback URLs are what a viewer uses anyway: they stay.
      expect(minimal.summary).toContain(JSON.parse(minimal.outputs['playback-urls']!)['news-live-hls'])
    })
  })

  it('names a failed channel in the summary, the Markdown output and the step failure, never claiming nothing would change', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(TWO_ENDPOINTS)
      expectSucceeded(await runReconcile(fake, manifest))
      // The last read of the channel's observe fails: nothing of the run is left running after it.
      fake.faults.add({ service: 'cloudfront', operation: 'GetDistribution', error: 'access-denied' })
      const planned = await step(fake, { manifest, mode: 'plan' })
      expect(planned.failed).toBe(true)
      expect(planned.outputs['summary-markdown']).toBe(planned.summary)
      expect(planned.summary).toContain('❌ **1 of 1 channel failed:** news-live')
      expect(planned.summary).not.toContain('Apply would change nothing')
      expect(planned.summary).toContain('cloudfront:GetDistribution')
      expect(planned.stdout).toContain('::error::1 of 1 channel failed: news-live. See the errors above.')
    })
  })

  it('still sets summary-markdown and writes the summary when the manifest is not valid, saying where', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(
        'version: 1\nregion: us-west-2\nchannels:\n  - id: news-live\n    endpoints:\n      - id: e1\n        hls: { segment-duraton-seconds: 6 }\n'
      )
      const stopped = await step(fake, { manifest, mode: 'plan' })
      expect(stopped.failed).toBe(true)
      expect(fake.calls).toEqual([])
      expect(stopped.outputs['summary-markdown']).toBe(stopped.summary)
      expect(stopped.summary).toContain('The run stopped before reconciling any channel; nothing was changed.')
      expect(stopped.summary).toMatch(new RegExp(`> ${manifest.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:7:\\d+: .*segment-duration-seconds`))
    })
  })
})
