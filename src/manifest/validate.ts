/**
 * Checks manifest data against the definition with ajv (all errors, not the first) and turns ajv's
 * errors into findings a person can act on: what is wrong, and what is allowed.
 */
import { Ajv, type ErrorObject } from 'ajv'
import { allowedByPattern, ManifestSchema, type Manifest } from './definition.js'
import { displayPath, type Finding, type ManifestPath } from './errors.js'
import { nearest } from './suggest.js'

const ajv = new Ajv({ allErrors: true, verbose: true })
const check = ajv.compile<Manifest>(ManifestSchema)

/** Every way the data breaks the definition; empty when it is a valid `Manifest`. */
export function schemaFindings(data: unknown): Finding[] {
  if (check(data)) return []
  const errors = withoutEchoes(check.errors ?? [])
  return errors.flatMap((error) => {
    const finding = explain(error, data)
    return finding ? [finding] : []
  })
}

/**
 * A mistyped key is also a missing one (`system-id` for `system-ids`): report the typo, which says
 * "did you mean `system-ids`?", and not the missing key as well.
 */
function withoutEchoes(errors: ErrorObject[]): ErrorObject[] {
  const meant = new Set<string>()
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue
    const key = String((error.params as { additionalProperty: string }).additionalProperty)
    const suggestion = nearest(key, Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}))
    if (suggestion) meant.add(`${error.instancePath}/${suggestion}`)
  }
  return errors.filter(
    (error) => error.keyword !== 'required' || !meant.has(`${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`)
  )
}

/** Why a key is required together with another, in the user's terms. */
const DEPENDENCY_REASONS: Record<string, string> = {
  aliases: 'CloudFront serves custom domain names only with an ACM certificate (in us-east-1) that covers them'
}

/** Unknown keys people are likely to try, with where the setting really lives. */
const MISPLACED_KEYS: Record<string, string> = {
  authorization: 'CDN authorization is set once per channel, with `cdn-authorization` (secret and role-arn)',
  'channel-id': 'an endpoint belongs to the channel it is listed under',
  'encryption-contract-configuration': 'SPEKE 2.0 (an encryption contract) is for DASH and CMAF endpoints only'
}

/** Keys whose absence deserves more than "missing required key". */
const MISSING_HINTS: Record<string, string> = {
  version: 'start the manifest with `version: 1`',
  channels: 'list at least one channel under `channels:`, each with an `id`'
}

function explain(error: ErrorObject, data: unknown): Finding | undefined {
  const path = pathOf(error.instancePath, data)
  const where = path.length === 0 ? 'the top level of the manifest' : displayPath(path)
  const subject = `\`${displayPath(path)}\``

  // Errors about a key name (tags: propertyNames) carry the offending name.
  if (error.propertyName !== undefined) return keyNameFinding(error, path, where)

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty)
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {})
      const suggestion = nearest(key, allowed)
      const advice =
        (Object.hasOwn(MISPLACED_KEYS, key) ? MISPLACED_KEYS[key] : undefined) ??
        (suggestion ? `did you mean \`${suggestion}\`?` : `allowed keys are ${allowed.map((k) => `\`${k}\``).join(', ')}`)
      const merge = key === '<<' ? ' (YAML merge keys are not supported)' : ''
      return { message: `unknown key \`${key}\` in ${where}${merge}: ${advice}`, path: [...path, key], at: 'key' }
    }
    case 'required': {
      // The packaging oneOf's branches each "require" one packaging; the oneOf error says it better.
      if (error.schemaPath.includes('/oneOf/')) return undefined
      const key = (error.params as { missingProperty: string }).missingProperty
      const hint = path.length === 0 ? MISSING_HINTS[key] : undefined
      const properties = (error.parentSchema as { properties?: Record<string, { description?: string }> }).properties
      const about = hint ?? properties?.[key]?.description ?? ''
      return { message: `missing required key \`${key}\` in ${where}${about ? `: ${about}` : ''}`, path }
    }
    case 'type': {
      const expected = String((error.params as { type: string }).type)
      if (path.length === 0) {
        return { message: `the manifest must be a mapping with \`version: 1\` and \`channels\`, not ${describe(error.data)}`, path }
      }
      if (expected === 'integer' && typeof error.data === 'number') {
        return { message: `${subject} must be a whole number (the MediaPackage API takes integers), not ${error.data}`, path }
      }
      const quote =
        expected === 'string' && (typeof error.data === 'number' || typeof error.data === 'boolean')
          ? `; quote it if you mean the text: "${String(error.data)}"`
          : ''
      return { message: `${subject} must be ${TYPE_WORDS[expected] ?? expected}, not ${describe(error.data)}${quote}`, path }
    }
    case 'const': {
      const allowed = (error.params as { allowedValue: unknown }).allowedValue
      if (path.length === 1 && path[0] === 'version') {
        return { message: `unsupported manifest version ${describe(error.data)}: only \`version: 1\` exists`, path }
      }
      return { message: `${subject} must be ${JSON.stringify(allowed)}, not ${describe(error.data)}`, path }
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String)
      const suggestion = typeof error.data === 'string' ? nearest(error.data, allowed) : undefined
      return {
        message:
          `${subject} must be one of ${allowed.join(', ')}; got ${describe(error.data)}` +
          (suggestion ? ` (did you mean ${suggestion}?)` : ''),
        path
      }
    }
    case 'minimum': {
      const limit = (error.params as { limit: number }).limit
      const negative = limit === 0 && typeof error.data === 'number' && error.data < 0
      return {
        message: negative
          ? `${subject} cannot be negative, got ${String(error.data)}`
          : `${subject} must be at least ${limit}, got ${String(error.data)}`,
        path
      }
    }
    case 'maximum':
      return { message: `${subject} must be at most ${(error.params as { limit: number }).limit}, got ${String(error.data)}`, path }
    case 'minLength':
      return { message: `${subject} cannot be empty`, path }
    case 'maxLength': {
      const limit = (error.params as { limit: number }).limit
      return { message: `${subject} is ${String(error.data).length} characters long; at most ${limit} are allowed`, path }
    }
    case 'minItems': {
      const limit = (error.params as { limit: number }).limit
      return { message: `${subject} is empty: list at least ${limit === 1 ? 'one item' : `${limit} items`}`, path }
    }
    case 'maxItems':
      return { message: `${subject} lists ${countOf(error.data)} items; at most ${(error.params as { limit: number }).limit} are allowed`, path }
    case 'maxProperties':
      return { message: `${subject} has ${countOf(error.data)} entries; at most ${(error.params as { limit: number }).limit} are allowed`, path }
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number }
      const [first, repeat] = [Math.min(i, j), Math.max(i, j)]
      const items = Array.isArray(error.data) ? (error.data as unknown[]) : []
      return { message: `${subject} lists ${describe(items[first])} twice (items ${first} and ${repeat}); list each once`, path: [...path, repeat] }
    }
    case 'pattern': {
      const allowed = allowedByPattern((error.params as { pattern: string }).pattern) ?? `match ${(error.params as { pattern: string }).pattern}`
      return { message: `${subject} ${describe(error.data)} is not allowed: ${allowed}`, path }
    }
    case 'oneOf':
      return packagingFinding(error, path)
    case 'dependencies': {
      const { property, missingProperty } = error.params as { property: string; missingProperty: string }
      const reason = DEPENDENCY_REASONS[property]
      return {
        message: `\`${property}\` in ${where} needs \`${missingProperty}\`${reason ? `: ${reason}` : ''}`,
        path: [...path, property],
        at: 'key'
      }
    }
    case 'propertyNames':
      return undefined // its inner error, which names the key, is reported instead
    default:
      return { message: `${subject} ${error.message ?? 'is not valid'}`, path }
  }
}

/** Tag keys: ajv reports these at the map, with the offending key in `propertyName`. */
function keyNameFinding(error: ErrorObject, path: ManifestPath, where: string): Finding | undefined {
  const name = String(error.propertyName)
  const subject = `key \`${name}\` in ${where}`
  const keyPath = [...path, name]
  switch (error.keyword) {
    case 'maxLength':
      return { message: `${subject} is ${name.length} characters long; at most ${(error.params as { limit: number }).limit} are allowed`, path: keyPath, at: 'key' }
    case 'minLength':
      return { message: `an empty key in ${where} is not allowed`, path: keyPath, at: 'key' }
    case 'pattern':
      return {
        message: `${subject} is not allowed: ${allowedByPattern((error.params as { pattern: string }).pattern) ?? 'it breaks the key rules'}`,
        path: keyPath,
        at: 'key'
      }
    default:
      return { message: `${subject} ${error.message ?? 'is not valid'}`, path: keyPath, at: 'key' }
  }
}

/** The one oneOf in the definition: an endpoint has exactly one packaging. */
function packagingFinding(error: ErrorObject, path: ManifestPath): Finding {
  const branches = Array.isArray(error.schema) ? (error.schema as { required?: string[] }[]) : []
  const choices = branches.flatMap((branch) => branch.required ?? [])
  const data = isRecord(error.data) ? error.data : {}
  const present = Object.keys(data).filter((key) => choices.includes(key))
  const name = typeof data.id === 'string' ? `endpoint \`${data.id}\`` : `\`${displayPath(path)}\``
  const options = choices.map((choice) => `\`${choice}\``).join(', ')
  if (present.length === 0) {
    return { message: `${name} has no packaging: give it exactly one of ${options}`, path }
  }
  const listed = present.map((key) => `\`${key}\``).join(' and ')
  return {
    message: `${name} has ${present.length} packagings (${listed}): give it exactly one of ${options}, and add another endpoint for each other format`,
    path: [...path, present[1] ?? ''],
    at: 'key'
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)'
}

/** A value as a person would name it in a message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value'
  if (typeof value === 'string') return `"${value}"`
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return typeof value
}

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length
  return isRecord(value) ? Object.keys(value).length : 0
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** ajv's JSON pointer (`/channels/0/id`) as a path, with list indexes as numbers. */
function pathOf(pointer: string, data: unknown): ManifestPath {
  const path: (string | number)[] = []
  let node = data
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node)) {
      const index = Number(segment)
      path.push(index)
      node = (node as unknown[]).at(index)
    } else {
      path.push(segment)
      node = isRecord(node) ? node[segment] : undefined
    }
  }
  return path
}
