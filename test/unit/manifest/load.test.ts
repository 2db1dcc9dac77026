import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { actionEdge, cliEdge } from '../../../src/action/edge.js'
import { isUserError } from '../../../src/errors.js'
import { ManifestError } from '../../../src/manifest/errors.js'
import { loadManifest, parseManifest } from '../../../src/manifest/load.js'
import { badFixtures, repoPath } from './corpus.js'

const repository = actionEdge(repoPath('.')).manifestAt

async function failure(promise: Promise<unknown>): Promise<ManifestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
  if (!(error instanceof ManifestError)) throw new Error(`expected a ManifestError, got ${String(error)}`)
  return error
}

describe('loadManifest', () => {
  test('reads a manifest file and knows where each value is', async () => {
    const loaded = await loadManifest(repoPath('test/fixtures/manifests/good/contract-example.yml'), repository)
    expect(loaded.manifest.channels?.[0]?.endpoints?.[0]?.hls?.['segment-duration-seconds']).toBe(6)
    expect(loaded.positionOf(['channels', 0, 'endpoints', 0, 'id'])).toEqual({ file: loaded.file, line: 13, col: 13 })
    expect(loaded.positionOf(['channels', 0, 'distribution'])).toEqual({ file: loaded.file, line: 23, col: 7 })
    expect(loaded.positionOf(['channels', 7])).toBeUndefined()
  })

  test('a file that does not exist, in the action: "not found", the `manifest` input and actions/checkout', async () => {
    const error = await failure(loadManifest('.github/no-such-manifest.yml', repository))
    expect(isUserError(error)).toBe(true)
    expect(error.problems).toHaveLength(1)
    expect(error.problems[0]?.message).toMatch(/^not found: set the action's `manifest` input to the path of your manifest/)
    expect(error.problems[0]?.message).toContain('actions/checkout')
    expect(error.problems[0]?.position).toEqual({ file: '.github/no-such-manifest.yml' })
    expect(error.message).toMatch(/^\.github\/no-such-manifest\.yml: not found: /)
  })

  test('a file that does not exist, in the CLI: the --manifest flag and the current directory, no workflow advice', async () => {
    const error = await failure(loadManifest('.github/no-such-manifest.yml', cliEdge(repoPath('.')).manifestAt))
    expect(error.message).toMatch(/^\.github\/no-such-manifest\.yml: not found: pass --manifest with the path of your manifest/)
    expect(error.message).toContain('relative to the current directory')
    expect(error.message).not.toMatch(/input|actions\/checkout|workflow/)
  })

  test('a directory is not a manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'))
    const error = await failure(loadManifest(dir, actionEdge(dirname(dir)).manifestAt))
    expect(error.problems[0]?.message).toMatch(/^a directory, not a file/)
  })

  test('problems carry the path as given, for annotations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'))
    const file = join(dir, 'mediapackage.yml')
    writeFileSync(file, 'version: 1\nchannels: []\n')
    const error = await failure(loadManifest(file, actionEdge(dir).manifestAt))
    expect(error.problems).toEqual([{ message: '`channels` is empty: list at least one item', path: 'channels', position: { file, line: 2, col: 11 } }])
  })
})

describe('ManifestError', () => {
  test('its message lists every problem at file:line:col, for logs without annotations', () => {
    let error: unknown
    try {
      parseManifest('version: 2\nchannels: []\n', 'm.yml')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ManifestError)
    expect((error as ManifestError).message).toBe(
      [
        'The manifest m.yml has 2 problems:',
        '  m.yml:1:10: unsupported manifest version 2: only `version: 1` exists',
        '  m.yml:2:11: `channels` is empty: list at least one item'
      ].join('\n')
    )
  })
})

test('an alias bomb fails fast, without being expanded', () => {
  const bomb = badFixtures().find((fixture) => fixture.name === 'alias-bomb')!
  const started = performance.now()
  expect(() => parseManifest(bomb.text, bomb.file)).toThrow(ManifestError)
  expect(performance.now() - started).toBeLessThan(1000)
})

test('a bigger alias bomb (a billion-fold expansion of each of many keys) is refused as quickly', () => {
  const levels = Array.from({ length: 12 }, (_, i) => {
    const name = `l${i}`
    const value =
      i === 0
        ? '["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
        : `[${Array(10)
            .fill(`*l${i - 1}`)
            .join(',')}]`
    return `${name}: &${name} ${value}`
  })
  const text = ['version: 1', ...levels, 'channels:', '  - id: x', '    description: *l11', ''].join('\n')
  const started = performance.now()
  expect(() => parseManifest(text, 'bomb.yml')).toThrow(/YAML aliases/)
  expect(performance.now() - started).toBeLessThan(1000)
})
