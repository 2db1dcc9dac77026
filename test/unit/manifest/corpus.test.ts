import { describe, expect, test } from '@jest/globals'
import type { Problem } from '../../../src/errors.js'
import { ManifestError } from '../../../src/manifest/errors.js'
import { parseManifest } from '../../../src/manifest/load.js'
import { badFixtures, goodFixtures } from './corpus.js'

const bad = badFixtures()
const good = goodFixtures()

function problemsOf(text: string, file: string): Problem[] {
  try {
    parseManifest(text, file)
  } catch (error) {
    if (error instanceof ManifestError) return [...error.problems]
    throw error
  }
  throw new Error(`${file} was accepted`)
}

describe('bad manifests', () => {
  test('the corpus has at least 45 manifests, each with an expectation', () => {
    expect(bad.length).toBeGreaterThanOrEqual(45)
    for (const fixture of bad)
      expect({ fixture: fixture.name, count: fixture.expectations.length }).toEqual({ fixture: fixture.name, count: expect.any(Number) })
    expect(bad.filter((fixture) => fixture.expectations.length === 0).map((f) => f.name)).toEqual([])
  })

  test.each(bad.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    const problems = problemsOf(fixture.text, fixture.file)
    // Every problem of the file, in file order, each at its place: no more, no fewer.
    expect(problems.map((problem) => ({ at: `${problem.position?.line}:${problem.position?.col}`, message: problem.message }))).toEqual(
      fixture.expectations.map((expectation) => ({ at: expectation.at, message: expect.stringContaining(expectation.text) }))
    )
    for (const problem of problems) expect(problem.position?.file).toBe(fixture.file)
  })
})

describe('good manifests', () => {
  test.each(good.map((fixture) => [fixture.name, fixture] as const))('%s is accepted', (_name, fixture) => {
    expect(() => parseManifest(fixture.text, fixture.file)).not.toThrow()
  })
})
