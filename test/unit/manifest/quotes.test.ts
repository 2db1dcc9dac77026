import { describe, expect, test } from '@jest/globals'
import type { Problem } from '../../../src/errors.js'
import { excerpt, ManifestError } from '../../../src/manifest/errors.js'
import { parseManifest } from '../../../src/manifest/load.js'

function problemsOf(text: string): Problem[] {
  try {
    parseManifest(text, 'm.yml')
  } catch (error) {
    if (error instanceof ManifestError) return [...error.problems]
    throw error
  }
  throw new Error('the manifest was accepted')
}

const LONG = 'x'.repeat(300)

describe('messages quote at most 40 characters of a value from the manifest', () => {
  test.each([
    ['an unknown key', `version: 1\nchannels:\n  - id: news\n    ${LONG}: 1\n`],
    ['a wrong enum value', `version: 1\nchannels:\n  - id: news\n    endpoints:\n      - id: news-hls\n        origination: ${LONG}\n        hls: {}\n`],
    ['an id that breaks the pattern', `version: 1\nchannels:\n  - id: "${'x'.repeat(100)} !"\n`],
    ['a duplicate key', `version: 1\nchannels:\n  - id: news\n    tags:\n      ${LONG}: a\n      ${LONG}: b\n`],
    ['a duplicate channel id', `version: 1\nchannels:\n  - id: ${'n'.repeat(50)}\n  - id: ${'n'.repeat(50)}\n`],
    ['a wrong version', `version: "${LONG}"\nchannels:\n  - id: news\n`],
    ['a manifest that is one long string', `"${LONG}"\n`],
    ['a tag the manifest does not take', `version: 1\nchannels: !${LONG} []\n`]
  ])('%s', (_name, text) => {
    const problems = problemsOf(text)
    expect(problems.length).toBeGreaterThan(0)
    for (const problem of problems) {
      expect(problem.message).not.toMatch(/x{41}|n{41}/)
      expect(problem.message).toMatch(/[!x]{40}…|n{40}…/)
    }
  })

  test('control characters are shown escaped, so a value cannot drive the terminal or forge lines', () => {
    const [problem] = problemsOf('version: 1\nchannels:\n  - id: "news\\e[2J\\nerror: all good"\n')
    expect(problem?.message).toContain('"news\\u001b[2J\\u000aerror: all good"')
    expect(problem?.message).not.toMatch(/\p{Cc}/u)
  })

  test('excerpt keeps short text as it is and never splits a character', () => {
    expect(excerpt('news-live')).toBe('news-live')
    expect(excerpt('𝄞'.repeat(41))).toBe(`${'𝄞'.repeat(40)}…`)
    expect(excerpt('a\u202eb')).toBe('a\\u202eb')
  })
})
