import { UserError, type Problem } from '../errors.js'

/** A path into the manifest data: keys and list indexes, e.g. `['channels', 0, 'endpoints', 1, 'hls']`. */
export type ManifestPath = readonly (string | number)[]

/**
 * A problem found in the manifest data, before it is given a place in the file. `at: 'key'` points at
 * the key of the last path segment (an unknown key), otherwise at its value.
 */
export interface Finding {
  message: string
  path: ManifestPath
  at?: 'key' | 'value'
}

/** The manifest cannot be used. Carries every problem found, each with its place in the file. */
export class ManifestError extends UserError {
  override name = 'ManifestError'

  constructor(
    readonly file: string,
    problems: readonly Problem[]
  ) {
    super(summary(file, problems), problems)
  }
}

function summary(file: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
  const lines = problems.map((problem) => `  ${where(problem, file)}: ${problem.message}`)
  return [`The manifest ${file} has ${count}:`, ...lines].join('\n')
}

function where(problem: Problem, file: string): string {
  const position = problem.position
  if (position?.line === undefined) return position?.file ?? file
  return `${position.file}:${position.line}:${position.col ?? 1}`
}

/** `channels[0].endpoints[1].hls`: the form people read in messages and in `Problem.path`. */
export function displayPath(path: ManifestPath): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) text += text === '' ? segment : `.${segment}`
    else text += `[${JSON.stringify(segment)}]`
  }
  return text
}

/** Problems as a person reads the file: top to bottom, left to right. */
export function inFileOrder(problems: readonly Problem[]): Problem[] {
  const rank = (problem: Problem) => (problem.position?.line ?? 0) * 1e6 + (problem.position?.col ?? 0)
  return [...problems].sort((a, b) => rank(a) - rank(b))
}
