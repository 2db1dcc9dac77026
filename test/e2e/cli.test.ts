/**
 * The CLI as a person runs it. It runs the source (src/action/cli.ts through tsx), not the committed
 * bundle behind bin/: the bundle is rebuilt from this source after a merge, and a test of the old
 * bundle would test old behaviour. Each run gets its own working directory, which is where the CLI
 * looks for the manifest.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { mutatingCalls, withFake, writeManifest } from '../support/harness.js'
import { TSX } from './runner.js'

const CLI = resolve('src/action/cli.ts')
// Each run starts tsx (about a second on a busy machine); a test runs the CLI up to eight times.
jest.setTimeout(60_000)
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

async function cli(args: string[], env: Record<string, string> = {}, cwd = mkdtempSync(join(tmpdir(), 'cli-'))): Promise<CliRun> {
  const child = spawn(process.execPath, [TSX, CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, stdout, stderr }
}

/** The CLI run where the manifest is, given by its name, as a person in their repository would. */
async function cliOn(manifest: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return cli([...args, '--manifest', basename(manifest)], env, dirname(manifest))
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
  it('plans without writing, applies, and prints the outputs as plain JSON and the summary as Markdown', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest(MANIFEST)
      const plan = await cliOn(manifest, ['plan'], fake.env)
      expect(plan.code).toBe(0)
      expect(mutatingCalls(fake)).toEqual([])
      expect(JSON.parse(plan.stdout)).toMatchObject({ changed: 'true', 'distribution-id': '' })
      expect(plan.stderr).toContain('## MediaPackage + CloudFront: plan (nothing was changed)')

      const apply = await cliOn(manifest, ['apply'], fake.env)
      expect(apply.code).toBe(0)
      const outputs = JSON.parse(apply.stdout) as Record<string, unknown>
      const distribution = [...fake.state.distributions.values()][0]!
      expect(outputs).toMatchObject({ changed: 'true', 'distribution-id': distribution.Id, 'cdn-url': `https://${distribution.DomainName}` })
      // The outputs a workflow gets as JSON text are JSON values here, ready for jq.
      expect(outputs['playback-urls']).toEqual({ 'laptop-live-hls': expect.stringMatching(`^https://${distribution.DomainName}/out/v1/`) })
      expect(outputs.channels).toEqual([expect.objectContaining({ id: 'laptop-live', 'distribution-id': distribution.Id, changed: true })])
      expect(outputs.changes).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'laptop-live', resource: 'endpoint', action: 'create' })]))
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
      expect((await cliOn(writeManifest(MANIFEST), ['apply'], fake.env)).code).toBe(0)
      for (const distribution of fake.state.distributions.values()) distribution.inProgressUntil = 0
      const retired = writeManifest('version: 1\nregion: us-west-2\nchannels:\n  - id: laptop-live\n    state: absent\n')
      fake.resetCalls()
      const refused = await cliOn(retired, ['apply'], fake.env)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('error: laptop-live: Channel laptop-live: apply would disable distribution')
      expect(mutatingCalls(fake)).toEqual([])

      fake.resetCalls()
      const applied = await cliOn(retired, ['apply', '--allow-delete', 'true', '--viewer-guard-minutes', '0'], fake.env)
      expect(applied.code).toBe(0)
      expect(fake.calls.filter((call) => call.operation === 'GetMetricData')).toEqual([])
      expect(fake.state.channels.size + fake.state.endpoints.size + fake.state.distributions.size).toBe(0)
    })
  })

  it('exits 1 with file:line:col for a bad manifest, in the words of its flags', async () => {
    await withFake({}, async (fake) => {
      const manifest = writeManifest('version: 2\nchannels: []\n')
      const bad = await cliOn(manifest, ['apply'], fake.env)
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(/^error: mediapackage\.yml:1:10: unsupported manifest version 2/m)
      const flags = await cliOn(writeManifest(MANIFEST), ['apply', '--channels', 'sports', '--wait', 'maybe'], fake.env)
      expect(flags.code).toBe(1)
      expect(flags.stderr).toBe('error: --wait: "maybe" is not valid; use true or false.\n')
      const channel = await cliOn(writeManifest(MANIFEST), ['apply', '--channels', 'sports'], fake.env)
      expect(channel.stderr).toBe('error: --channels: sports is not in the manifest (it has laptop-live).\n')
      expect(fake.calls).toEqual([])
    })
  })

  it('a missing file: "FILE: not found" and what to pass, not a position or workflow advice', async () => {
    const missing = await cli(['plan', '--manifest', 'deploy/mediapackage.yml'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(
      'error: deploy/mediapackage.yml: not found: pass --manifest with the path of your manifest (default .github/mediapackage.yml), ' +
        'relative to the current directory, and run the CLI from the repository root\n'
    )
    const byDefault = await cli(['plan'])
    expect(byDefault.stderr).toMatch(/^error: \.github\/mediapackage\.yml: not found: pass --manifest/)
  })

  it('a manifest outside the current directory is refused', async () => {
    const manifest = writeManifest(MANIFEST)
    const run = await cli(['plan', '--manifest', manifest])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `error: ${manifest}: outside the current directory: --manifest must name a file inside it, by a relative path such as .github/mediapackage.yml\n`
    )
  })

  it('bad usage is one line and exit code 2, never a stack trace', async () => {
    const cases: [string[], string][] = [
      [['plan', '--foo'], 'error: unknown option --foo (see --help)\n'],
      [['plan', '--manifest'], 'error: --manifest needs a value, e.g. --manifest .github/mediapackage.yml (see --help)\n'],
      [['plan', '--manifest', '--wait', 'false'], 'error: --manifest needs a value, e.g. --manifest .github/mediapackage.yml (see --help)\n'],
      [['plan', '--channels='], 'error: --channels needs a value, e.g. --channels news,sports (see --help)\n'],
      [['plan', '--help=yes'], 'error: --help takes no value (see --help)\n'],
      [['deploy'], 'error: unknown command deploy: use plan or apply (see --help)\n'],
      [['plan', 'extra.yml'], 'error: unexpected argument extra.yml: give the manifest with --manifest (see --help)\n']
    ]
    // One at a time: seven tsx starts at once would slow the other e2e tests running beside this one.
    const runs: CliRun[] = []
    for (const [args] of cases) runs.push(await cli(args))
    expect(runs.map((run) => [run.code, run.stderr, run.stdout])).toEqual(cases.map(([, stderr]) => [2, stderr, '']))
    const bare = await cli([])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toContain('Usage: mediapackage-cloudfront <plan|apply> [options]')
  })

  it('--version prints the package version; --help prints the usage on stdout', async () => {
    const version = await cli(['--version'])
    expect([version.code, version.stdout, version.stderr]).toEqual([0, `${VERSION}\n`, ''])
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--wait-timeout-minutes <n>')
    expect(help.stdout).toContain('--version')
  })

  it('runs the repository example from a copy of the repository layout', async () => {
    await withFake({}, async (fake) => {
      const repo = mkdtempSync(join(tmpdir(), 'repo-'))
      mkdirSync(join(repo, '.github'))
      copyFileSync(resolve('examples/hls-channel.yml'), join(repo, '.github/mediapackage.yml'))
      const plan = await cli(['plan'], fake.env, repo)
      expect(plan.code).toBe(0)
      expect((JSON.parse(plan.stdout) as { changes: unknown[] }).changes.length).toBeGreaterThan(0)
    })
  })

  it('npm run fake-aws prints the export lines that point the CLI at it, and stops on Ctrl-C', async () => {
    // The npm script's own command, with a free port so parallel test runs do not collide.
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['fake-aws']!
    const [command, ...args] = script.split(' ')
    expect(command).toBe('tsx')
    const fake = spawn(process.execPath, [TSX, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const printed = await firstLines(fake, (text) => text.includes('npx mediapackage-cloudfront apply'))
      const exports = printed.split('\n').filter((line) => line.startsWith('export '))
      expect(exports.map((line) => /^export (\w+)=/.exec(line)?.[1])).toEqual([
        'AWS_ENDPOINT_URL_MEDIAPACKAGE',
        'AWS_ENDPOINT_URL_MEDIAPACKAGEV2',
        'AWS_ENDPOINT_URL_CLOUDFRONT',
        'AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API',
        'AWS_ENDPOINT_URL_SECRETS_MANAGER',
        'AWS_ENDPOINT_URL_CLOUDWATCH',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_REGION'
      ])
      expect(printed).toContain('#   npx mediapackage-cloudfront plan --manifest examples/hls-channel.yml')
      // Everything else is a comment, so the whole block can be pasted into a shell.
      expect(
        printed
          .trim()
          .split('\n')
          .filter((line) => !line.startsWith('export ') && !line.startsWith('#'))
      ).toEqual([])
      const env = Object.fromEntries(exports.map((line) => line.slice('export '.length).split(/=(.*)/s).slice(0, 2)))
      const plan = await cli(['plan', '--manifest', 'examples/hls-channel.yml'], env, process.cwd())
      expect(plan.stderr).toContain('## MediaPackage + CloudFront: plan (nothing was changed)')
      expect(plan.code).toBe(0)
    } finally {
      fake.kill('SIGINT')
    }
    expect(await new Promise((done) => fake.on('close', done))).toBe(0)
  })
})

/** Reads a child's stdout until `done` says the text so far is complete. */
function firstLines(child: ChildProcess, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (done(text)) resolve(text)
    })
    child.on('close', (code) => reject(new Error(`exited with ${code} before printing everything: ${text}`)))
  })
}
