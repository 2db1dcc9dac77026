import { afterAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionEdge, cliEdge } from '../../../src/action/edge.js'
import { ManifestError, ManifestFileError } from '../../../src/manifest/errors.js'
import { MAX_MANIFEST_BYTES, readManifestFile, type ManifestLocation } from '../../../src/manifest/file.js'
import { loadManifest } from '../../../src/manifest/load.js'

const MANIFEST = 'version: 1\nchannels:\n  - id: news\n'
const SECRET = 'do-not-print-0c7f3e9a'

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A fresh workspace with `files` in it, and a directory beside it (outside) holding a secret file. */
function workspace(files: Record<string, string | Buffer> = {}): { root: string; outside: string; at: ManifestLocation } {
  const base = mkdtempSync(join(tmpdir(), 'mpcf-file-'))
  made.push(base)
  const root = join(base, 'repo')
  const outside = join(base, 'elsewhere')
  mkdirSync(root)
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.yml'), `version: 1\nchannels:\n  - id: ${SECRET}\n`)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), content)
  }
  return { root, outside, at: actionEdge(root).manifestAt }
}

async function refusal(promise: Promise<unknown>): Promise<ManifestFileError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
  if (!(error instanceof ManifestFileError)) throw new Error(`expected a ManifestFileError, got ${String(error)}`)
  expect(error).toBeInstanceOf(ManifestError) // so the action and the CLI report it as any manifest problem
  return error
}

describe('the manifest path must lead to a file inside the workspace', () => {
  test('a relative path is read from the workspace, not the process directory; an absolute one inside it works too', async () => {
    const { root, at } = workspace({ '.github/mediapackage.yml': MANIFEST })
    expect((await readManifestFile('.github/mediapackage.yml', at)).text).toBe(MANIFEST)
    expect((await readManifestFile(join(root, '.github/mediapackage.yml'), at)).text).toBe(MANIFEST)
    expect((await readManifestFile('.github/../.github/mediapackage.yml', at)).text).toBe(MANIFEST)
  })

  test('`../` out of the workspace is refused, and says nothing of the file there', async () => {
    const { at } = workspace()
    const error = await refusal(readManifestFile('../elsewhere/secret.yml', at))
    expect(error.message).toBe(
      '../elsewhere/secret.yml: outside the workspace: the `manifest` input must name a file inside it, by a relative path such as .github/mediapackage.yml'
    )
    expect(error.problems[0]?.position).toEqual({ file: '../elsewhere/secret.yml' })
  })

  test('an absolute path outside is refused the same way, existing or not', async () => {
    const { outside, at } = workspace()
    const existing = await refusal(readManifestFile(join(outside, 'secret.yml'), at))
    const missing = await refusal(readManifestFile(join(outside, 'nothing.yml'), at))
    expect(existing.problems[0]?.message).toMatch(/^outside the workspace:/)
    expect(missing.problems[0]?.message).toBe(existing.problems[0]?.message)
    expect(existing.message).not.toContain(SECRET)
  })

  test('a symbolic link to /proc/self/environ is refused without printing the environment', async () => {
    process.env.MPCF_TEST_SECRET = SECRET
    try {
      const { root, at } = workspace()
      symlinkSync('/proc/self/environ', join(root, 'mediapackage.yml'))
      const error = await refusal(loadManifest('mediapackage.yml', at))
      expect(error.message).toMatch(/^mediapackage\.yml: a symbolic link \(or a path through one\) that does not lead to a file inside the workspace/)
      expect(JSON.stringify(error)).not.toContain(SECRET)
      expect(error.message).not.toContain('PATH=')
    } finally {
      delete process.env.MPCF_TEST_SECRET
    }
  })

  test('a link out, a link through a linked directory, and a dangling link get one answer, so none tells what exists', async () => {
    const { root, outside, at } = workspace()
    symlinkSync(join(outside, 'secret.yml'), join(root, 'direct.yml'))
    symlinkSync(outside, join(root, 'linked-dir'))
    symlinkSync(join(outside, 'nothing.yml'), join(root, 'dangling.yml'))
    const messages = await Promise.all(
      ['direct.yml', 'linked-dir/secret.yml', 'linked-dir/nothing.yml', 'dangling.yml'].map(
        async (path) => (await refusal(readManifestFile(path, at))).problems[0]?.message
      )
    )
    expect(new Set(messages).size).toBe(1)
    expect(messages[0]).toContain('commit the manifest itself instead of a link')
    expect(messages.join('\n')).not.toContain(SECRET)
  })

  test('a link that stays inside is followed, and a workspace that is itself a link works', async () => {
    const { root, at } = workspace({ 'real/manifest.yml': MANIFEST })
    symlinkSync(join(root, 'real/manifest.yml'), join(root, 'mediapackage.yml'))
    expect((await readManifestFile('mediapackage.yml', at)).realPath).toBe(realpathSync(join(root, 'real/manifest.yml')))
    const linkedRoot = `${root}-link`
    symlinkSync(root, linkedRoot)
    made.push(linkedRoot)
    expect((await readManifestFile('real/manifest.yml', actionEdge(linkedRoot).manifestAt)).text).toBe(MANIFEST)
    expect((await readManifestFile(join(root, 'real/manifest.yml'), actionEdge(linkedRoot).manifestAt)).text).toBe(MANIFEST)
  })

  test('a missing file inside is "not found", worded for the edge that gave the path', async () => {
    const { root, at } = workspace()
    const action = await refusal(readManifestFile('.github/mediapackage.yml', at))
    expect(action.message).toMatch(/^\.github\/mediapackage\.yml: not found: set the action's `manifest` input/)
    const cli = await refusal(readManifestFile('.github/mediapackage.yml', cliEdge(root).manifestAt))
    expect(cli.message).toMatch(/^\.github\/mediapackage\.yml: not found: pass --manifest/)
    const outsideCli = await refusal(readManifestFile('../x.yml', cliEdge(root).manifestAt))
    expect(outsideCli.message).toBe(
      '../x.yml: outside the current directory: --manifest must name a file inside it, by a relative path such as .github/mediapackage.yml'
    )
  })

  test('a long path is quoted only in part', async () => {
    const { at } = workspace()
    const path = `../${'x'.repeat(500)}.yml`
    const error = await refusal(readManifestFile(path, at))
    expect(error.message).toMatch(/^\.\.\/x{37}…: outside the workspace/)
  })
})

describe('the manifest must be a regular file of bounded size', () => {
  test('a directory', async () => {
    const { at } = workspace({ 'dir/placeholder': '' })
    expect((await refusal(readManifestFile('dir', at))).problems[0]?.message).toBe(
      "a directory, not a file: the `manifest` input must name the manifest's YAML file"
    )
  })

  test('a named pipe (FIFO) is refused at once, not read (which would wait for a writer forever)', async () => {
    const { root, at } = workspace()
    execFileSync('mkfifo', [join(root, 'pipe.yml')])
    const started = performance.now()
    expect((await refusal(readManifestFile('pipe.yml', at))).problems[0]?.message).toMatch(/^a named pipe \(FIFO\), not a file/)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  test('a socket', async () => {
    const { root, at } = workspace()
    const server: Server = createServer()
    await new Promise<void>((listening) => server.listen(join(root, 'socket.yml'), listening))
    try {
      expect((await refusal(readManifestFile('socket.yml', at))).problems[0]?.message).toMatch(/^a socket, not a file/)
    } finally {
      await new Promise((closed) => server.close(closed))
    }
  })

  test('a device such as /dev/zero (endless), even in a workspace that holds it', async () => {
    expect((await refusal(readManifestFile('zero', actionEdge('/dev').manifestAt))).problems[0]?.message).toMatch(/^a device, not a file/)
  })

  test(`at most ${MAX_MANIFEST_BYTES} bytes: one more is refused, and a huge file is not read whole`, async () => {
    const padding = (bytes: number) => `${MANIFEST}#${'x'.repeat(bytes - MANIFEST.length - 2)}\n`
    const { root, at } = workspace({ 'limit.yml': padding(MAX_MANIFEST_BYTES), 'over.yml': padding(MAX_MANIFEST_BYTES + 1) })
    expect((await loadManifest('limit.yml', at)).manifest.channels?.[0]?.id).toBe('news')
    expect((await refusal(readManifestFile('over.yml', at))).message).toBe(
      'over.yml: larger than 1 MiB: a manifest is a short YAML file; is this the right path?'
    )
    // 64 GiB, sparse: reading it whole would take minutes and all the memory there is.
    const fd = openSync(join(root, 'huge.yml'), 'w')
    ftruncateSync(fd, 64 * 1024 ** 3)
    closeSync(fd)
    const started = performance.now()
    await refusal(readManifestFile('huge.yml', at))
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('the manifest must be UTF-8', () => {
  const load = async (bytes: Buffer) => {
    const { at } = workspace({ 'm.yml': bytes })
    return loadManifest('m.yml', at)
  }

  test('a byte that is not UTF-8 is refused at its line and column, never read as U+FFFD', async () => {
    // Line 3 is `  - id: caf` + Latin-1 é (0xE9) + `-live`: column 12 is the é.
    const bytes = Buffer.concat([Buffer.from('version: 1\nchannels:\n  - id: caf'), Buffer.from([0xe9]), Buffer.from('-live\n')])
    const error = await refusal(load(bytes))
    expect(error.problems).toEqual([
      { message: 'not valid UTF-8 (byte 0xE9): save the manifest as UTF-8 text, the only encoding read', position: { file: 'm.yml', line: 3, col: 12 } }
    ])
    expect(error.message).toBe('m.yml:3:12: not valid UTF-8 (byte 0xE9): save the manifest as UTF-8 text, the only encoding read')
  })

  test('columns count characters, not bytes, and a byte order mark does not count', async () => {
    // `version: 1 # café ☕ ` is 20 characters (24 bytes, 27 with the byte order mark).
    const bytes = Buffer.concat([Buffer.from('\ufeffversion: 1 # café ☕ '), Buffer.from([0xc3, 0x28]), Buffer.from('\nchannels: []\n')])
    expect((await refusal(load(bytes))).problems[0]?.position).toEqual({ file: 'm.yml', line: 1, col: 21 })
  })

  test('a byte order mark is fine', async () => {
    expect((await load(Buffer.from(`\ufeff${MANIFEST}`))).manifest.channels?.[0]?.id).toBe('news')
  })

  test('UTF-16 is named as such', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MANIFEST, 'utf16le')])
    expect((await refusal(load(bytes))).problems[0]).toEqual({
      message: 'the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8',
      position: { file: 'm.yml', line: 1, col: 1 }
    })
  })

  test('an encoded surrogate and a character cut off at the end of the file are not UTF-8 either', async () => {
    const surrogate = Buffer.concat([Buffer.from('version: 1\n# '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\nchannels: []\n')])
    expect((await refusal(load(surrogate))).problems[0]?.position).toEqual({ file: 'm.yml', line: 2, col: 3 })
    const cut = Buffer.concat([Buffer.from(`${MANIFEST}# euro `), Buffer.from([0xe2, 0x82])])
    expect((await refusal(load(cut))).problems[0]?.position).toEqual({ file: 'm.yml', line: 4, col: 8 })
  })
})
