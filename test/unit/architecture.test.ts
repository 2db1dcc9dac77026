/**
 * The layers of docs/architecture.md, enforced: each folder of src/ imports only what the map allows.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const src = join(root, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.ts$/.test(name) ? [path] : []
  })
}

/** `providers/mediapackage-v1`, `workflow`, `kernel` (files at the top of src/)… */
function layerOf(file: string): string {
  const parts = relative(src, file).split(/[\\/]/)
  if (parts.length === 1) return 'kernel'
  return parts[0] === 'providers' ? `providers/${parts[1]}` : parts[0]!
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]!)
  return specifiers.map((specifier) => join(dirname(file), specifier))
}

const ALLOWED: Record<string, (layer: string) => boolean> = {
  kernel: (layer) => layer === 'kernel',
  manifest: (layer) => ['kernel', 'manifest'].includes(layer),
  aws: (layer) => ['kernel', 'aws'].includes(layer),
  cloudfront: (layer) => ['kernel', 'manifest', 'cloudfront'].includes(layer),
  workflow: (layer) => ['kernel', 'manifest', 'aws', 'cloudfront', 'workflow'].includes(layer),
  report: (layer) => ['kernel', 'manifest', 'aws', 'workflow', 'report'].includes(layer),
  action: () => true
}

function allowed(from: string, to: string): boolean {
  if (from.startsWith('providers/')) {
    // A provider uses the shared layers and itself, never another provider.
    return ['kernel', 'manifest', 'aws', 'cloudfront', 'workflow', from].includes(to)
  }
  const rule = ALLOWED[from]
  if (!rule) throw new Error(`src/${from} is not on the map in docs/architecture.md`)
  return rule(to)
}

describe('the layers of docs/architecture.md', () => {
  const files = sources(src)

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(30)
  })

  it('each folder imports only what the map allows', () => {
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => !allowed(layerOf(file), layerOf(target)))
        .map((target) => `${posix.normalize(relative(src, file))} → ${posix.normalize(relative(src, target))}`)
    )
    expect(violations).toEqual([])
  })

  it('documents every layer it checks', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8')
    for (const layer of new Set(files.map(layerOf))) {
      if (layer === 'kernel') continue
      expect(doc).toContain(`src/${layer}/`)
    }
  })
})
