/**
 * Decides a release before anything is published: checks the version, package.json, CHANGELOG.md and
 * the existing tags, says which tags to create or move, and writes the release notes (the version's
 * CHANGELOG.md section, in Keep a Changelog format: https://keepachangelog.com/en/1.1.0/).
 * The release workflow (.github/workflows/release.yml) runs it; a maintainer can run it first to see
 * what a release would do:
 *
 *   npx tsx scripts/prepare-release.ts 1.2.3 [--notes-file notes.md]
 *
 * stdout: `key=value` lines for $GITHUB_OUTPUT (then the notes, without --notes-file).
 * Exits 1 with a message that says what to fix when something is not ready.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const CHANGELOG_PATH = fileURLToPath(new URL('../CHANGELOG.md', import.meta.url))
export const PACKAGE_PATH = fileURLToPath(new URL('../package.json', import.meta.url))

/** A problem the maintainer fixes before releasing; the message says how. */
export class ReleaseError extends Error {
  override name = 'ReleaseError'
}

export interface Version {
  /** `1.2.3` */
  text: string
  parts: [major: number, minor: number, patch: number]
}

// Semantic versioning's core form, without leading zeros (https://semver.org/#spec-item-2).
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** `1.2.3` or `v1.2.3`. Pre-releases and build metadata are not released by the workflow. */
export function parseVersion(input: string): Version {
  const text = input.trim().replace(/^v/, '')
  const match = VERSION.exec(text)
  if (!match) throw new ReleaseError(`"${input}" is not a version to release; give MAJOR.MINOR.PATCH, for example 1.2.3.`)
  return { text, parts: [Number(match[1]), Number(match[2]), Number(match[3])] }
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!
  return 0
}

export interface ReleasePlan {
  tag: string
  majorTag: string
  /** Move `vX` to this release: only from 1.0.0 on, and only for the newest `vX.y.z`. */
  moveMajor: boolean
  /** Mark it as the repository's latest release: only if no higher version was released. */
  latest: boolean
}

/**
 * What the release does to the tags, given the tags that exist. A patch to an older line (1.0.1 after
 * 1.1.0) must not pull `v1` back, and 0.y.z gets no `v0`: semver lets 0.y.z break in any release, so
 * a moving `v0` would promise what it cannot.
 */
export function planRelease(version: Version, existingTags: readonly string[]): ReleasePlan {
  const released = existingTags.flatMap((tag) => (/^v\d/.test(tag) && VERSION.test(tag.slice(1)) ? [parseVersion(tag)] : []))
  const [major] = version.parts
  const higher = released.filter((other) => compare(other, version) > 0)
  return {
    tag: `v${version.text}`,
    majorTag: `v${major}`,
    moveMajor: major > 0 && !higher.some((other) => other.parts[0] === major),
    latest: higher.length === 0
  }
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The body of `## [version] - YYYY-MM-DD`, up to the next `## ` heading or the link definitions at the
 * end, without the empty `### Added`-style headings a section keeps from its Unreleased template.
 */
export function releaseNotes(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/)
  const heading = new RegExp(`^## \\[${escape(version)}\\](.*)$`)
  const start = lines.findIndex((line) => heading.test(line))
  if (start < 0) {
    throw new ReleaseError(
      `CHANGELOG.md has no "## [${version}]" section. Move the entries under "## [Unreleased]" to a new "## [${version}] - YYYY-MM-DD" section, then release.`
    )
  }
  if (!/^ - \d{4}-\d{2}-\d{2}$/.test(heading.exec(lines[start]!)![1]!)) {
    throw new ReleaseError(`CHANGELOG.md: the heading "${lines[start]}" needs its release date: "## [${version}] - YYYY-MM-DD".`)
  }
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((line) => line.startsWith('## ') || /^\[[^\]]+\]: /.test(line))
  const notes = withoutEmptyHeadings(end < 0 ? rest : rest.slice(0, end))
    .join('\n')
    .trim()
  if (notes === '') throw new ReleaseError(`CHANGELOG.md: the "## [${version}]" section is empty; say what changed, for the people who use the action.`)
  return notes
}

/** Drops a `###` heading with nothing under it before the next heading, and the blank lines after it. */
function withoutEmptyHeadings(lines: readonly string[]): string[] {
  const kept: string[] = []
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    if (line.startsWith('### ')) {
      let next = index + 1
      while (next < lines.length && lines[next]!.trim() === '') next++
      if (next === lines.length || lines[next]!.startsWith('#')) {
        index = next - 1
        continue
      }
    }
    kept.push(line)
  }
  return kept
}

/** package.json must name the version its tag does, so a package installed from the tag says what it is. */
export function checkPackageVersion(packageJson: string, version: string): void {
  const declared = (JSON.parse(packageJson) as { version?: unknown }).version
  if (declared !== version) {
    throw new ReleaseError(
      `package.json says version ${JSON.stringify(declared)}, not "${version}". Set "version": "${version}" in package.json, commit it, then release.`
    )
  }
}

/** A tag that exists already may only be this very commit (a rerun after a failed publish). */
export function checkExistingTag(tag: string, tagCommit: string | undefined, head: string): { exists: boolean } {
  if (tagCommit === undefined) return { exists: false }
  if (tagCommit !== head) throw new ReleaseError(`${tag} already exists, at ${tagCommit}, not at this commit (${head}). Release a new version instead.`)
  return { exists: true }
}

const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8' }).trim()

function tagCommit(tag: string): string | undefined {
  try {
    return git('rev-parse', '--quiet', '--verify', `refs/tags/${tag}^{commit}`)
  } catch {
    return undefined
  }
}

function main(args: readonly string[]): void {
  const version = parseVersion(args[0] ?? '')
  const notesFile = args.indexOf('--notes-file') >= 0 ? args[args.indexOf('--notes-file') + 1] : undefined
  checkPackageVersion(readFileSync(PACKAGE_PATH, 'utf8'), version.text)
  const notes = releaseNotes(readFileSync(CHANGELOG_PATH, 'utf8'), version.text)
  const plan = planRelease(version, git('tag', '--list', 'v*').split('\n'))
  const { exists } = checkExistingTag(plan.tag, tagCommit(plan.tag), git('rev-parse', 'HEAD'))
  const outputs = {
    version: version.text,
    tag: plan.tag,
    'tag-exists': exists,
    'major-tag': plan.majorTag,
    'move-major': plan.moveMajor,
    latest: plan.latest
  }
  process.stdout.write(
    Object.entries(outputs)
      .map(([key, value]) => `${key}=${String(value)}\n`)
      .join('')
  )
  if (notesFile) writeFileSync(notesFile, notes + '\n')
  else process.stdout.write(`\n${notes}\n`)
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  try {
    main(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error
    // On a runner, `::error::` makes the message an annotation of the workflow run.
    console.error(`${process.env.GITHUB_ACTIONS === 'true' ? '::error::' : 'error: '}${error.message}`)
    process.exitCode = 1
  }
}
