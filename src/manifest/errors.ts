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
    problems: readonly Problem[],
    message = summary(file, problems)
  ) {
    super(message, problems)
  }
}

/**
 * The manifest file cannot be read as a manifest at all: not found, outside the workspace, not a
 * file, too large, not UTF-8. One problem, at the file (and its line and column when there is one).
 */
export class ManifestFileError extends ManifestError {
  override name = 'ManifestFileError'

  constructor(file: string, message: string, place?: { line: number; col: number }) {
    const problem: Problem = { message, position: { file, ...place } }
    // The path as given starts the message, capped: it may come from a hostile workflow input.
    super(file, [problem], `${excerpt(file)}${place ? `:${place.line}:${place.col}` : ''}: ${message}`)
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

/** How many characters of a value a message quotes: enough to recognise it, never a whole file's worth. */
export const QUOTE_LIMIT = 40

/**
 * A value from the manifest as a message may show it: at most QUOTE_LIMIT characters (then `…`), with
 * control and bidirectional-override characters escaped, so a hostile manifest can neither flood a log
 * nor move the cursor or reorder text in a terminal.
 */
export function excerpt(text: string, limit = QUOTE_LIMIT): string {
  const characters = Array.from(text)
  const kept = characters.length > limit ? `${characters.slice(0, limit).join('')}…` : text
  return kept.replace(/[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** `channels[0].endpoints[1].hls`: the form people read in messages and in `Problem.path`. */
export function displayPath(path: ManifestPath): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (/^[A-Za-z0-9_-]+$/.test(segment) && segment.length <= QUOTE_LIMIT) text += text === '' ? segment : `.${segment}`
    else text += `["${excerpt(segment.replace(/["\\]/g, '\\$&'))}"]`
  }
  return text
}

/** Problems as a person reads the file: top to bottom, left to right. */
export function inFileOrder(problems: readonly Problem[]): Problem[] {
  const rank = (problem: Problem) => (problem.position?.line ?? 0) * 1e6 + (problem.position?.col ?? 0)
  return [...problems].sort((a, b) => rank(a) - rank(b))
}
