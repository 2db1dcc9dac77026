/**
 * Reads the manifest file, which may come from a pull request and so is treated as hostile: the path
 * must lead (after symbolic links) to a regular file inside the workspace, of bounded size, holding
 * UTF-8 text. Every refusal is a ManifestFileError that names the path as given and never shows what
 * the file (or whatever a link points at) contains.
 */
import { constants, type Stats } from 'node:fs'
import { lstat, open, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { excerpt, ManifestFileError } from './errors.js'
import { firstInvalidUtf8 } from './utf8.js'

/** Far above any real manifest (the largest example is a few KiB), far below what could hurt a runner. */
export const MAX_MANIFEST_BYTES = 1024 * 1024

/** Where a manifest path comes from, and how messages name things at that edge (action or CLI). */
export interface ManifestLocation {
  /** The directory the manifest must be inside, after symbolic links; relative paths start here. */
  workspace: string
  /** The workspace as messages name it: `the workspace`, `the current directory`. */
  workspaceName: string
  /** What gave the path, as messages name it: `the \`manifest\` input`, `--manifest`. */
  source: string
  /** What to do when there is no file at the path, e.g. `pass --manifest with the path of your manifest`. */
  whenMissing: string
}

export interface ManifestFile {
  /** The text, without a byte order mark. */
  text: string
  /** The file's real path, inside the workspace. */
  realPath: string
}

/** `path` as the user gave it (it is what messages and annotations show), read under `location`'s rules. */
export async function readManifestFile(path: string, location: ManifestLocation): Promise<ManifestFile> {
  const refuse = (message: string) => new ManifestFileError(path, message)
  if (path.trim() === '') throw refuse(`no manifest path given: ${location.whenMissing}`)

  const workspace = await realpath(location.workspace).catch((error: unknown) => {
    throw refuse(`${location.workspaceName} (${excerpt(location.workspace)}) cannot be read (${codeOf(error)}), so the manifest cannot be found in it`)
  })
  const candidate = resolve(location.workspace, path)
  const outside = () =>
    refuse(`outside ${location.workspaceName}: ${location.source} must name a file inside it, by a relative path such as .github/mediapackage.yml`)
  // Refused before touching the file, so a path outside cannot even tell whether something is there.
  if (!inside(resolve(location.workspace), candidate) && !inside(workspace, candidate)) throw outside()

  const leadsOutside = () =>
    refuse(
      `a symbolic link (or a path through one) that does not lead to a file inside ${location.workspaceName}: ` +
        'the manifest is read only from inside it; commit the manifest itself instead of a link'
    )
  let realPath: string
  try {
    realPath = await realpath(candidate)
  } catch (error) {
    // The same answer whether or not something exists where a link points: a link out of the
    // workspace must not tell what exists on the machine.
    if (await linksAway(candidate, workspace)) throw leadsOutside()
    throw whyUnreachable(error, path, location)
  }
  if (!inside(workspace, realPath)) throw leadsOutside()

  const kind = await stat(realPath).then(kindOf, (error: unknown) => {
    throw whyUnreachable(error, path, location)
  })
  if (kind !== 'a file') throw refuse(`${kind}, not a file: ${location.source} must name the manifest's YAML file`)
  const bytes = await readBounded(realPath, path)
  return { text: decode(bytes, path), realPath }
}

/** Whether a path that does not resolve is a dangling link, or passes through a link that leaves `workspace`. */
async function linksAway(candidate: string, workspace: string): Promise<boolean> {
  if (
    await lstat(candidate).then(
      (stats) => stats.isSymbolicLink(),
      () => false
    )
  )
    return true
  for (let dir = dirname(candidate); ; dir = dirname(dir)) {
    const real = await realpath(dir).catch(() => undefined)
    if (real !== undefined) return !inside(workspace, real)
    if (dirname(dir) === dir) return false
  }
}

function inside(root: string, path: string): boolean {
  const rest = relative(root, path)
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest))
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error)
}

function whyUnreachable(error: unknown, path: string, location: ManifestLocation): Error {
  const code = codeOf(error)
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new ManifestFileError(path, `not found: ${location.whenMissing}`)
    case 'EACCES':
    case 'EPERM':
      return new ManifestFileError(path, 'cannot be read (permission denied)')
    case 'ELOOP':
      return new ManifestFileError(path, 'a loop of symbolic links: commit the manifest itself instead of a link')
    default:
      return error instanceof Error ? error : new Error(String(error))
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file'
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/**
 * At most MAX_MANIFEST_BYTES + 1 bytes, never more, whatever the file claims to be. O_NONBLOCK keeps a
 * pipe swapped in after the check from blocking the open; fstat then checks the file actually opened.
 */
async function readBounded(realPath: string, path: string): Promise<Buffer> {
  // O_NOFOLLOW and O_NONBLOCK are POSIX-only; Windows has no FIFOs to guard against.
  const handle = await open(realPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  try {
    if (!(await handle.stat()).isFile()) throw new ManifestFileError(path, 'changed while it was read: it is no longer a file')
    const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > MAX_MANIFEST_BYTES) {
      throw new ManifestFileError(path, `larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB: a manifest is a short YAML file; is this the right path?`)
    }
    return buffer.subarray(0, length)
  } finally {
    await handle.close()
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** UTF-8 text (a byte order mark is dropped), or the place of the first byte that is not UTF-8. */
function decode(bytes: Buffer, path: string): string {
  try {
    return UTF8.decode(bytes)
  } catch {
    // The decoder says only that the bytes are bad; find where, to point the person at it.
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ManifestFileError(path, 'the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8', { line: 1, col: 1 })
  }
  const offset = firstInvalidUtf8(bytes) ?? 0
  // (A negative start would make lastIndexOf search from the end.)
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1
  const line = 1 + countNewlines(bytes.subarray(0, lineStart))
  // Columns count characters as YAML positions do (UTF-16 units); decode drops a byte order mark, as for the text.
  const col = UTF8.decode(bytes.subarray(lineStart, offset)).length + 1
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')
  throw new ManifestFileError(path, `not valid UTF-8 (byte 0x${byte}): save the manifest as UTF-8 text, the only encoding read`, { line, col })
}

function countNewlines(bytes: Buffer): number {
  let count = 0
  for (const byte of bytes) if (byte === 0x0a) count++
  return count
}
