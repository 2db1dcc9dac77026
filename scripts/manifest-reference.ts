/**
 * Renders the README's manifest reference from schema/manifest.schema.json (`npm run docs`), so the
 * reference can never drift from the schema (which a unit test keeps equal to the code's definition).
 * Writes it between the `manifest-reference` markers in README.md; `--check` only reports a difference.
 * test/unit/readme.test.ts fails when the README holds anything else.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const START_MARKER = '<!-- manifest-reference:start -->'
export const END_MARKER = '<!-- manifest-reference:end -->'

export const SCHEMA_PATH = fileURLToPath(new URL('../schema/manifest.schema.json', import.meta.url))
export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url))

/** The parts of JSON Schema (draft 7) the manifest schema uses. */
export interface SchemaNode {
  description?: string
  type?: string
  const?: unknown
  enum?: unknown[]
  properties?: Record<string, SchemaNode>
  required?: string[]
  additionalProperties?: boolean | SchemaNode
  propertyNames?: SchemaNode
  maxProperties?: number
  items?: SchemaNode
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  oneOf?: SchemaNode[]
  not?: SchemaNode
  dependencies?: Record<string, string[] | SchemaNode>
}

/** Text for a table cell: no line breaks, no unescaped pipes (GFM splits cells on them, even in code). */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``
}

/** `channels[].endpoints[].hls` → `manifest-channels-endpoints-hls`. */
function anchorOf(path: string): string {
  return path === '' ? 'manifest-top-level' : `manifest-${path.replace(/\[\]/g, '').replace(/[^0-9A-Za-z]+/g, '-')}`
}

function isMapping(node: SchemaNode): boolean {
  return node.type === 'object' && node.properties !== undefined
}

function stringRules(node: SchemaNode): string[] {
  const rules: string[] = []
  if (node.minLength !== undefined && node.maxLength !== undefined) rules.push(`${node.minLength}–${node.maxLength} characters`)
  else if (node.maxLength !== undefined) rules.push(`at most ${node.maxLength} characters`)
  else if (node.minLength === 1) rules.push('not empty')
  else if (node.minLength !== undefined) rules.push(`at least ${node.minLength} characters`)
  if (node.pattern !== undefined) rules.push(`matches ${code(node.pattern)}`)
  return rules
}

/** Allowed values or ranges of a scalar (or of each item of a list). */
function valueRules(node: SchemaNode): string[] {
  if (node.const !== undefined) return [code(node.const)]
  if (node.enum) return [node.enum.map(code).join(', ')]
  switch (node.type) {
    case 'boolean':
      return ['`true`, `false`']
    case 'integer':
    case 'number':
      if (node.minimum !== undefined && node.maximum !== undefined) return [`${node.minimum} to ${node.maximum}`]
      if (node.minimum !== undefined) return [`${node.minimum} or more`]
      if (node.maximum !== undefined) return [`at most ${node.maximum}`]
      return []
    case 'string':
      return stringRules(node)
    default:
      return []
  }
}

function countRule(min: number | undefined, max: number | undefined, noun: string): string | undefined {
  if (min !== undefined && max !== undefined) return `${min}–${max} ${noun}`
  if (min !== undefined) return `at least ${min} ${noun.replace(/s$/, min === 1 ? '' : 's')}`
  if (max !== undefined) return `at most ${max} ${noun}`
  return undefined
}

function scalarType(node: SchemaNode): string {
  if (node.const !== undefined) return Number.isInteger(node.const) ? 'integer' : typeof node.const
  return node.type ?? 'any'
}

interface Row {
  key: string
  type: string
  required: boolean
  allowed: string
  description: string
}

interface Section {
  path: string
  node: SchemaNode
}

/** One row per key of a mapping; nested mappings are queued as their own sections (once per distinct shape). */
function rowsOf(path: string, node: SchemaNode, queue: Section[], seen: Map<string, string>): Row[] {
  const prefix = path === '' ? '' : `${path}.`
  return Object.entries(node.properties ?? {}).map(([key, child]) => {
    const childPath = `${prefix}${key}`
    const allowed: string[] = []
    let type: string
    const link = (target: SchemaNode, targetPath: string): string => {
      const shape = JSON.stringify(target)
      const known = seen.get(shape)
      if (known !== undefined) return known
      seen.set(shape, targetPath)
      queue.push({ path: targetPath, node: target })
      return targetPath
    }
    if (isMapping(child)) {
      const target = link(child, childPath)
      type = `mapping, see [${code(target)}](#${anchorOf(target)})`
    } else if (child.type === 'array' && child.items) {
      const items = child.items
      if (isMapping(items)) {
        const target = link(items, `${childPath}[]`)
        type = `list of mappings, see [${code(target)}](#${anchorOf(target)})`
      } else {
        type = `list of ${scalarType(items)}`
        const each = valueRules(items)
        if (each.length > 0) allowed.push(`each: ${each.join('; ')}`)
      }
      const count = countRule(child.minItems, child.maxItems, 'items')
      if (count) allowed.unshift(count)
      if (child.uniqueItems) allowed.push('no duplicates')
    } else if (child.type === 'object' && typeof child.additionalProperties === 'object') {
      const values = child.additionalProperties
      type = `map of string to ${scalarType(values)}`
      const count = countRule(undefined, child.maxProperties, 'entries')
      if (count) allowed.push(count)
      if (child.propertyNames) allowed.push(`keys: ${stringRules(child.propertyNames).join(', ')}`)
      const valueText = valueRules(values)
      if (valueText.length > 0) allowed.push(`values: ${valueText.join(', ')}`)
    } else {
      type = scalarType(child)
      allowed.push(...valueRules(child))
    }
    const needs = node.dependencies?.[key]
    if (Array.isArray(needs)) allowed.push(`needs ${needs.map(code).join(', ')}`)
    return {
      key,
      type,
      required: node.required?.includes(key) ?? false,
      allowed: allowed.join('; '),
      description: child.description ?? ''
    }
  })
}

function sectionText(section: Section, queue: Section[], seen: Map<string, string>): string[] {
  const { path, node } = section
  const title = path === '' ? 'Top level' : code(path)
  const lines = [`#### <a id="${anchorOf(path)}"></a>${title}`, '']
  if (node.description) lines.push(node.description, '')
  // Branches with `not` are exceptions to the choice (a retired endpoint needs no packaging); they say so in their description.
  const branches = node.oneOf ?? []
  const choices = branches.filter((choice) => choice.not === undefined).map((choice) => choice.required ?? [])
  if (choices.length > 0 && choices.every((required) => required.length === 1)) {
    const exceptions = branches.filter((choice) => choice.not !== undefined && choice.description).map((choice) => ` ${choice.description}`)
    lines.push(`Exactly one of ${choices.map((required) => code(required[0])).join(', ')}.${exceptions.join('')}`, '')
  }
  lines.push('| Key | Type | Required | Allowed values | Description |', '| --- | --- | --- | --- | --- |')
  for (const row of rowsOf(path, node, queue, seen)) {
    lines.push(`| ${code(row.key)} | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${cell(row.allowed)} | ${cell(row.description)} |`)
  }
  lines.push('')
  return lines
}

/** The Markdown reference of every manifest key, in file order, depth first. */
export function renderManifestReference(schema: SchemaNode): string {
  const seen = new Map<string, string>([[JSON.stringify(schema), '']])
  const lines = [
    '<!-- Generated from schema/manifest.schema.json by `npm run docs`. Do not edit by hand: edit the definition in src/manifest/definition.ts, then run `npm run schema` and `npm run docs`. -->',
    ''
  ]
  // Depth first: a section's own sub-sections come right after it.
  const pending: Section[] = [{ path: '', node: schema }]
  while (pending.length > 0) {
    const section = pending.shift()!
    const children: Section[] = []
    lines.push(...sectionText(section, children, seen))
    pending.unshift(...children)
  }
  return lines.join('\n').trimEnd()
}

/** The README with the text between the markers replaced by `reference`. */
export function withReference(readme: string, reference: string): string {
  const start = readme.indexOf(START_MARKER)
  const end = readme.indexOf(END_MARKER)
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START_MARKER} and ${END_MARKER}, in that order`)
  return `${readme.slice(0, start + START_MARKER.length)}\n${reference}\n${readme.slice(end)}`
}

export function loadSchema(path = SCHEMA_PATH): SchemaNode {
  return JSON.parse(readFileSync(path, 'utf8')) as SchemaNode
}

// Run as a script (not when a test imports it).
if (/manifest-reference\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const readme = readFileSync(README_PATH, 'utf8')
  const updated = withReference(readme, renderManifestReference(loadSchema()))
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md: the manifest reference is out of date; run `npm run docs`.')
      process.exitCode = 1
    }
  } else if (updated !== readme) {
    writeFileSync(README_PATH, updated)
    console.log(`updated the manifest reference in ${README_PATH}`)
  } else {
    console.log('README.md: the manifest reference is up to date')
  }
}
