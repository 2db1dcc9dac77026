/**
 * YAML text → plain data, keeping the document so any manifest path can be traced back to its line
 * and column. Refuses what YAML allows but a manifest should not have: several documents, duplicate
 * keys, aliases (an alias bomb expands exponentially; the scan below never expands anything).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml'
import type { Problem } from '../errors.js'
import { excerpt, inFileOrder, QUOTE_LIMIT, ManifestError, type ManifestPath } from './errors.js'

export interface LineAndColumn {
  line: number
  col: number
}

export interface ManifestSource {
  /** The document as plain values (no YAML nodes). */
  readonly data: unknown
  /** Where the value at `path` (or its key, for `at: 'key'`) starts; undefined when the path is not there. */
  locate(path: ManifestPath, at?: 'key' | 'value'): LineAndColumn | undefined
}

/** Parses `text`, or throws ManifestError with every YAML-level problem of the file. */
export function readYaml(text: string, file: string): ManifestSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const at = (offset: number): LineAndColumn => lineCounter.linePos(offset)
  const problem = (message: string, offset: number): Problem => ({ message, position: { file, ...at(offset) } })

  const problems = [...syntaxProblems(doc, at, problem), ...duplicateKeyProblems(doc, at, problem), ...aliasProblems(doc, problem)]
  for (const warning of doc.warnings) problems.push(problem(warningMessage(warning.code, warning.message), warning.pos[0]))
  if (problems.length > 0) throw new ManifestError(file, inFileOrder(problems))

  // maxAliasCount 0: aliases were refused above; this keeps it so if that check ever regresses.
  const data: unknown = doc.toJS({ maxAliasCount: 0 })
  if (data === null || data === undefined) {
    throw new ManifestError(file, [problem('the manifest is empty: write `version: 1` and a list of `channels`, each with an `id`', 0)])
  }
  return { data, locate: (path, where = 'value') => locate(doc, path, where, at) }
}

type Locate = (offset: number) => LineAndColumn
type MakeProblem = (message: string, offset: number) => Problem

/** YAML's own errors, one per line: after the first error on a line the parser's next ones are echoes. */
function syntaxProblems(doc: Document, at: Locate, problem: MakeProblem): Problem[] {
  const lines = new Set<number>()
  const problems: Problem[] = []
  for (const error of doc.errors) {
    const { line } = at(error.pos[0])
    if (lines.has(line)) continue
    lines.add(line)
    problems.push(problem(syntaxMessage(error.code, error.message), error.pos[0]))
  }
  return problems
}

function syntaxMessage(code: string, message: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'a tab indents this line: YAML indents with spaces only, so replace the tab with spaces'
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a `---` after content): a manifest is a single document'
    default:
      return `not valid YAML: ${firstLine(message)}`
  }
}

function warningMessage(code: string, message: string): string {
  if (code !== 'TAG_RESOLVE_FAILED') return `YAML: ${firstLine(message)}`
  const tag = /^Unresolved tag: (.*)/.exec(message)?.[1]
  return `${tag === undefined ? firstLine(message) : `Unresolved tag: ${excerpt(tag)}`}: the manifest uses plain YAML values, without tags`
}

/**
 * The parser's own first line. Some end by quoting the file (`Invalid escape sequence \\q`): a cap at
 * twice a quote leaves the parser's words (under 50 characters) and a quote's worth of the file.
 */
function firstLine(message: string): string {
  return excerpt(message.split('\n')[0] ?? message, 2 * QUOTE_LIMIT)
}

/** A key twice in one mapping: YAML forbids it, and silently keeping one of them would hide a mistake. */
function duplicateKeyProblems(doc: Document, at: Locate, problem: MakeProblem): Problem[] {
  const problems: Problem[] = []
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>()
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue
        const key = String(pair.key.value)
        const first = seen.get(key)
        if (first === undefined) {
          seen.set(key, pair.key.range[0])
          continue
        }
        const { line, col } = at(first)
        problems.push(problem(`duplicate key \`${excerpt(key)}\`: it is already set at ${line}:${col} in the same mapping; keep one`, pair.key.range[0]))
      }
    }
  })
  return problems
}

/** Aliases are refused outright, found without resolving a single one. */
function aliasProblems(doc: Document, problem: MakeProblem): Problem[] {
  let count = 0
  let first: number | undefined
  visit(doc, {
    Alias(_, alias) {
      count++
      first ??= alias.range?.[0] ?? 0
    }
  })
  if (first === undefined) return []
  const many = count > 1 ? ` (${count} aliases; this is the first)` : ''
  return [problem(`YAML aliases (\`*name\`) are not supported in the manifest${many}: write each value out in full`, first)]
}

function locate(doc: Document, path: ManifestPath, where: 'key' | 'value', at: Locate): LineAndColumn | undefined {
  let node: unknown = doc.contents
  let keyOffset: number | undefined
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment))
      if (!pair || !isScalar(pair.key)) return undefined
      keyOffset = pair.key.range?.[0]
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment]
      keyOffset = undefined
      if (node === undefined) return undefined
    } else {
      return undefined
    }
  }
  if (where === 'key' && keyOffset !== undefined) return at(keyOffset)
  const range = (isMap(node) || isSeq(node) || isScalar(node) || isAlias(node)) && node.range ? node.range : undefined
  // An empty value (`hls:`) has a zero-width node; its key is the better place to point at.
  if (range && (range[1] > range[0] || keyOffset === undefined)) return at(range[0])
  return keyOffset === undefined ? undefined : at(keyOffset)
}
