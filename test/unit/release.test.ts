// What a release is made of: scripts/prepare-release.ts (run by .github/workflows/release.yml before it
// publishes anything), CHANGELOG.md and Dependabot's configuration.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import {
  CHANGELOG_PATH,
  checkExistingTag,
  checkPackageVersion,
  PACKAGE_PATH,
  parseVersion,
  planRelease,
  releaseNotes,
  ReleaseError
} from '../../scripts/prepare-release.js'

const changelog = readFileSync(CHANGELOG_PATH, 'utf8')
const packageJson = JSON.parse(readFileSync(PACKAGE_PATH, 'utf8')) as {
  version: string
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

const SAMPLE = `# Changelog

## [Unreleased]

### Added

### Changed

### Fixed

## [1.1.0] - 2027-02-01

### Added

- \`max-concurrency\` input.

### Changed

### Fixed

- The wait no longer stops early.

## [1.0.0] - 2027-01-01

### Added

- Everything.

[Unreleased]: https://github.com/OWNER/mediapackage-cloudfront-action/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/OWNER/mediapackage-cloudfront-action/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/OWNER/mediapackage-cloudfront-action/releases/tag/v1.0.0
`

function message(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ReleaseError)
    return (error as Error).message
  }
  throw new Error('expected a ReleaseError')
}

describe('parseVersion', () => {
  it('takes MAJOR.MINOR.PATCH, with or without the v', () => {
    expect(parseVersion('1.2.3')).toEqual({ text: '1.2.3', parts: [1, 2, 3] })
    expect(parseVersion(' v10.0.12 ')).toEqual({ text: '10.0.12', parts: [10, 0, 12] })
  })

  it.each(['', '1.2', '1.2.3.4', '01.2.3', '1.2.3-rc.1', '1.2.3+build', 'latest', 'vv1.2.3'])('refuses %j and says what it wants', (input) => {
    expect(message(() => parseVersion(input))).toContain('give MAJOR.MINOR.PATCH, for example 1.2.3')
  })
})

describe('planRelease', () => {
  const plan = (version: string, tags: string[]) => planRelease(parseVersion(version), tags)

  it('tags vX.Y.Z and moves vX to the newest release of its major', () => {
    expect(plan('1.2.0', ['v1', 'v1.0.0', 'v1.1.0', 'v0.9.0'])).toEqual({ tag: 'v1.2.0', majorTag: 'v1', moveMajor: true, latest: true })
  })

  it('creates vX with the first release of a major', () => {
    expect(plan('2.0.0', ['v1', 'v1.4.2'])).toEqual({ tag: 'v2.0.0', majorTag: 'v2', moveMajor: true, latest: true })
  })

  it('leaves vX and "Latest" alone for a patch to an older line', () => {
    expect(plan('1.0.1', ['v1', 'v1.0.0', 'v1.1.0'])).toMatchObject({ moveMajor: false, latest: false })
  })

  it('moves v1 but is not "Latest" when a v2 exists', () => {
    expect(plan('1.5.0', ['v1.4.0', 'v2.0.0', 'v2'])).toMatchObject({ moveMajor: true, latest: false })
  })

  it('gives 0.y.z no v0 tag', () => {
    expect(plan('0.2.0', ['v0.1.0'])).toEqual({ tag: 'v0.2.0', majorTag: 'v0', moveMajor: false, latest: true })
  })

  it('compares versions as numbers and ignores tags that are not releases', () => {
    expect(plan('1.10.0', ['v1.9.0', 'v1.2.0', 'v1.10.0-rc.1', 'nightly', 'v1'])).toMatchObject({ moveMajor: true, latest: true })
    expect(plan('1.9.1', ['v1.10.0'])).toMatchObject({ moveMajor: false, latest: false })
  })

  it('treats its own tag, on a rerun, as no newer release', () => {
    expect(plan('1.2.0', ['v1.1.0', 'v1.2.0'])).toMatchObject({ moveMajor: true, latest: true })
  })
})

describe('checkExistingTag', () => {
  it('allows a new tag, and the same tag at this very commit (a rerun)', () => {
    expect(checkExistingTag('v1.2.0', undefined, 'abc')).toEqual({ exists: false })
    expect(checkExistingTag('v1.2.0', 'abc', 'abc')).toEqual({ exists: true })
  })

  it('refuses a tag that already points at another commit', () => {
    expect(message(() => checkExistingTag('v1.2.0', 'def', 'abc'))).toBe(
      'v1.2.0 already exists, at def, not at this commit (abc). Release a new version instead.'
    )
  })
})

describe('releaseNotes', () => {
  it('is the version section, without its empty headings, and stops at the next version', () => {
    expect(releaseNotes(SAMPLE, '1.1.0')).toBe('### Added\n\n- `max-concurrency` input.\n\n### Fixed\n\n- The wait no longer stops early.')
  })

  it('stops at the link definitions after the last section', () => {
    expect(releaseNotes(SAMPLE, '1.0.0')).toBe('### Added\n\n- Everything.')
  })

  it('says what to do when the version has no section', () => {
    expect(message(() => releaseNotes(SAMPLE, '1.2.0'))).toBe(
      'CHANGELOG.md has no "## [1.2.0]" section. Move the entries under "## [Unreleased]" to a new "## [1.2.0] - YYYY-MM-DD" section, then release.'
    )
  })

  it('does not take a section of another version that starts alike', () => {
    expect(() => releaseNotes(SAMPLE, '1.1')).toThrow('no "## [1.1]" section')
  })

  it('wants the release date in the heading', () => {
    const undated = SAMPLE.replace('## [1.1.0] - 2027-02-01', '## [1.1.0]')
    expect(message(() => releaseNotes(undated, '1.1.0'))).toBe('CHANGELOG.md: the heading "## [1.1.0]" needs its release date: "## [1.1.0] - YYYY-MM-DD".')
  })

  it('refuses a section with nothing in it but the template headings', () => {
    const empty = SAMPLE.replace('## [Unreleased]', '## [Unreleased]\n\n## [1.2.0] - 2027-03-01\n\n### Added\n\n### Fixed\n')
    expect(message(() => releaseNotes(empty, '1.2.0'))).toContain('the "## [1.2.0]" section is empty')
  })

  it('reads a changelog with Windows line endings', () => {
    expect(releaseNotes(SAMPLE.replace(/\n/g, '\r\n'), '1.0.0')).toBe('### Added\n\n- Everything.')
  })
})

describe('checkPackageVersion', () => {
  it('passes when package.json names the version', () => {
    expect(() => checkPackageVersion('{"version":"1.2.3"}', '1.2.3')).not.toThrow()
  })

  it('says which version package.json has and what to set', () => {
    expect(message(() => checkPackageVersion('{"version":"1.2.2"}', '1.2.3'))).toBe(
      'package.json says version "1.2.2", not "1.2.3". Set "version": "1.2.3" in package.json, commit it, then release.'
    )
  })
})

describe('CHANGELOG.md', () => {
  const versionHeadings = changelog.split('\n').filter((line) => line.startsWith('## ['))

  it('starts with the Unreleased section, with the headings entries go under', () => {
    expect(versionHeadings[0]).toBe('## [Unreleased]')
    const unreleased = changelog.split('## [Unreleased]\n')[1]!.split('\n## [')[0]!
    for (const heading of ['### Added', '### Changed', '### Fixed']) expect(unreleased).toContain(heading)
  })

  it("has release notes for package.json's version, so that version can be released", () => {
    expect(releaseNotes(changelog, packageJson.version).length).toBeGreaterThan(100)
  })

  it('lists versions newest first, each with a date and a link', () => {
    const versions = versionHeadings.slice(1).map((heading) => /^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/.exec(heading)?.[1])
    expect(versions).not.toContain(undefined)
    const newestFirst = (a: string | undefined, b: string | undefined): number => {
      const [x, y] = [parseVersion(a!).parts, parseVersion(b!).parts]
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2]
    }
    expect(versions).toEqual([...versions].sort(newestFirst))
    for (const version of ['Unreleased', ...versions]) expect(changelog).toMatch(new RegExp(`^\\[${version}\\]: https://github\\.com/`, 'm'))
  })
})

describe('.github/dependabot.yml', () => {
  interface Update {
    'package-ecosystem': string
    schedule: { interval: string }
    groups?: Record<string, { patterns?: string[]; 'update-types'?: string[] }>
  }
  const config = parse(readFileSync('.github/dependabot.yml', 'utf8')) as { version: number; updates: Update[] }
  const update = (ecosystem: string): Update => config.updates.find((entry) => entry['package-ecosystem'] === ecosystem)!

  it('updates npm packages and GitHub Actions weekly', () => {
    expect(config.version).toBe(2)
    expect(config.updates.map((entry) => entry['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    for (const entry of config.updates) expect(entry.schedule.interval).toBe('weekly')
  })

  it('groups every AWS SDK and Smithy package of package.json into one pull request', () => {
    const patterns = update('npm').groups?.['aws-sdk']?.patterns ?? []
    const matches = (name: string): boolean => patterns.some((pattern) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(name))
    const sdk = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies }).filter((name) => /^@(aws-sdk|smithy)\//.test(name))
    expect(sdk.length).toBeGreaterThan(5)
    expect(sdk.filter((name) => !matches(name))).toEqual([])
  })

  it('groups the other minor and patch updates', () => {
    for (const ecosystem of ['npm', 'github-actions']) {
      expect(update(ecosystem).groups?.['minor-and-patch']?.['update-types']?.sort()).toEqual(['minor', 'patch'])
    }
  })
})
