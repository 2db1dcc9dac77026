/**
 * The action's source (src/action/index.ts through tsx) as a runner runs it, for the edges of the
 * runner that the committed bundle shows only once it is rebuilt.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withFake, writeManifest } from '../support/harness.js'
import { runSource } from './runner.js'

// Each run starts tsx, about a second or more on a busy machine.
jest.setTimeout(60_000)

const MANIFEST = `version: 1
region: us-west-2
channels:
  - id: side-live
    endpoints:
      - id: side-live-hls
        hls: {}
`

describe('src/action/index.ts on a runner', () => {
  it('without GITHUB_STEP_SUMMARY (self-hosted, act): a notice, the summary in the log, and the step succeeds', async () => {
    await withFake({}, async (fake) => {
      const run = await runSource({ manifest: writeManifest(MANIFEST) }, fake.env, { summary: false })
      expect(run.stdout).toContain('::notice::No job summary: this runner sets no GITHUB_STEP_SUMMARY file')
      expect(run.code).toBe(0)
      expect(run.stdout).not.toContain('::error')
      expect(run.stdout).toContain('::group::Job summary (Markdown)')
      expect(run.stdout).toContain('### Channel `side-live`')
      const distribution = [...fake.state.distributions.values()][0]!
      expect(run.outputs['distribution-id']).toBe(distribution.Id)
    })
  })

  it('refuses a manifest that links out of GITHUB_WORKSPACE, before any AWS call, without printing what it points at', async () => {
    await withFake({}, async (fake) => {
      const workspace = mkdtempSync(join(tmpdir(), 'ws-'))
      const outside = mkdtempSync(join(tmpdir(), 'elsewhere-'))
      writeFileSync(join(outside, 'secret.yml'), 'version: 1\nchannels:\n  - id: leaked-by-link\n')
      symlinkSync(join(outside, 'secret.yml'), join(workspace, 'mediapackage.yml'))
      const run = await runSource({ manifest: 'mediapackage.yml' }, fake.env, { workspace })
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/::error file=mediapackage\.yml::a symbolic link \(or a path through one\) that does not lead to a file inside the workspace/)
      expect(run.stdout).not.toContain('leaked-by-link')
      expect(fake.calls).toEqual([])

      const parent = await runSource({ manifest: `../${outside.split('/').pop()}/secret.yml` }, fake.env, { workspace })
      expect(parent.code).toBe(1)
      expect(parent.stdout).toContain('outside the workspace: the `manifest` input must name a file inside it')
      expect(parent.stdout).not.toContain('leaked-by-link')
    })
  })
})
