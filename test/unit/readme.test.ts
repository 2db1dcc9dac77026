import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { parseManifest } from '../../src/manifest/load.js'
import { END_MARKER, loadSchema, README_PATH, renderManifestReference, START_MARKER } from '../../scripts/manifest-reference.js'

const readme = readFileSync(README_PATH, 'utf8')
const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string }
}
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> }

/** The rows of the first table after `## <title>`: first column (without backticks) → the other cells. */
function tableRows(title: string): Map<string, string[]> {
  const section = readme.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? ''
  const rows = new Map<string, string[]>()
  for (const line of section.split('\n')) {
    const match = /^\| `([^`]+)` \|(.*)\|$/.exec(line)
    if (match)
      rows.set(
        match[1]!,
        match[2]!.split(' | ').map((cell) => cell.trim())
      )
  }
  return rows
}

const normal = (text: string): string => text.replace(/\s+/g, ' ').trim()

function codeBlocks(language: string): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!)
}

describe('README.md', () => {
  it('holds the manifest reference generated from schema/manifest.schema.json (run `npm run docs`)', () => {
    const start = readme.indexOf(START_MARKER)
    const end = readme.indexOf(END_MARKER)
    expect(start).toBeGreaterThanOrEqual(0)
    expect(end).toBeGreaterThan(start)
    const section = readme.slice(start + START_MARKER.length, end).trim()
    expect(section).toBe(renderManifestReference(loadSchema()))
  })

  it('documents every key of the schema', () => {
    const reference = renderManifestReference(loadSchema())
    for (const key of ['version', 'region', 'channels', 'endpoints', 'hls-manifests', 'speke-key-provider', 'origin-shield-region', 'error-caching-min-ttl']) {
      expect(reference).toContain(`| \`${key}\` |`)
    }
  })

  it('lists exactly the inputs of action.yml, with their defaults', () => {
    const rows = tableRows('Inputs')
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, input] of Object.entries(action.inputs)) {
      const defaultCell = rows.get(name)![0]!
      const shown = /^`([^`]*)`/.exec(defaultCell)?.[1]
      expect([name, shown === "''" ? '' : (shown ?? '')]).toEqual([name, input.default ?? ''])
    }
  })

  it('lists exactly the outputs of action.yml, with their descriptions', () => {
    const rows = tableRows('Outputs')
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.outputs).sort())
    for (const [name, output] of Object.entries(action.outputs)) {
      expect([name, normal(rows.get(name)![0]!.replace(/\\\|/g, '|'))]).toEqual([name, normal(output.description)])
    }
  })

  it('shows only manifests the action accepts', () => {
    const manifests = codeBlocks('yaml').filter((block) => /^version: 1$/m.test(block))
    expect(manifests.length).toBeGreaterThanOrEqual(2)
    for (const manifest of manifests) expect(() => parseManifest(manifest, 'README.md')).not.toThrow()
  })

  it('shows IAM policies that are valid JSON', () => {
    const policies = codeBlocks('json')
    expect(policies.length).toBeGreaterThanOrEqual(2)
    for (const policy of policies) expect((JSON.parse(policy) as { Version: string }).Version).toBe('2012-10-17')
  })

  it("names the action's owner OWNER everywhere, explained once, and OWNER means nothing else", () => {
    const files = [
      'README.md',
      'CHANGELOG.md',
      'CONTRIBUTING.md',
      'SECURITY.md',
      'action.yml',
      ...readdirSync('examples/workflows').map((name) => `examples/workflows/${name}`)
    ]
    const owners = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/([\w.-]+)\/mediapackage-cloudfront-action\b/g)].map((match) => `${match[1]} (${file})`)
    )
    expect(owners.length).toBeGreaterThan(5)
    expect(owners.filter((owner) => !owner.startsWith('OWNER ('))).toEqual([])
    expect(files.filter((file) => /\bOWNER\/(?!mediapackage-cloudfront-action\b)/.test(readFileSync(file, 'utf8')))).toEqual([])
    expect((parse(readFileSync('action.yml', 'utf8')) as { author: string }).author).toBe('OWNER')
    expect(readme.split('**`OWNER`** in this README').length - 1).toBe(1)
  })

  it('tells the Node.js story of package.json and action.yml', () => {
    const floor = /^>=(\d+)$/.exec(packageJson.engines.node)![1]!
    expect(readme).toContain(`You need Node.js ${floor} or later`)
    expect(readme).toContain(`**The CLI and development** need Node.js ${floor} or later`)
    expect(readme).toContain(`(\`runs.using: ${action.runs.using}\` in \`action.yml\`)`)
  })

  it('says why client-mediapackagev2 is held back, at the version package.json pins', () => {
    expect(readme).toContain(`\`@aws-sdk/client-mediapackagev2\` is pinned at ${packageJson.dependencies['@aws-sdk/client-mediapackagev2']}`)
  })

  it('has the sections that error messages point to', () => {
    for (const heading of ['Permissions', 'Troubleshooting', 'CDN authorization, Origin Shield, custom domains', 'Manifest reference']) {
      expect(readme).toContain(`\n## ${heading}\n`)
    }
  })
})
