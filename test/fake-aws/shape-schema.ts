/**
 * A small way to write down a service's shapes once and get both what json-codec.ts reads and
 * writes with (a static schema `NormalizedSchema` understands, with `jsonName` and HTTP bindings)
 * and the model's constraints (required, length, range, pattern, enum) for validation.
 *
 * For services whose installed SDK client exports its own schemas (MediaPackage v1, CloudFront,
 * Tagging, Secrets Manager) the fake uses those. `@aws-sdk/client-mediapackagev2@3.699.0` predates
 * exported schemas, so its shapes are written here from the SDK's own types and serializers (see
 * mediapackagev2-shapes.ts) and checked against the real client by test/integration/fake-v2.test.ts.
 */
import type { SchemaRef } from './json-codec.js'

export type Shape = StringShape | IntegerShape | FloatShape | BooleanShape | TimestampShape | ListShape | MapShape | StructureShape

export interface StringShape {
  kind: 'string'
  min?: number
  max?: number
  pattern?: RegExp
  values?: readonly string[]
}
export interface IntegerShape {
  kind: 'integer'
  min?: number
  max?: number
}
export interface FloatShape {
  kind: 'float'
}
export interface BooleanShape {
  kind: 'boolean'
}
export interface TimestampShape {
  kind: 'timestamp'
}
export interface ListShape {
  kind: 'list'
  member: Shape
  min?: number
  max?: number
}
/** Only string → string maps occur (tags). */
export interface MapShape {
  kind: 'map'
}
export interface StructureShape {
  kind: 'structure'
  name: string
  members: Readonly<Record<string, Member>>
}

/** Where a request member travels when it isn't in the JSON body. */
export type Binding = { label: true } | { header: string } | { query: string }

export interface Member {
  shape: Shape
  required?: boolean
  /** The JSON key, when it isn't the member name (e.g. `tags`). */
  jsonName?: string
  binding?: Binding
}

export const string = (c: Omit<StringShape, 'kind'> = {}): StringShape => ({ kind: 'string', ...c })
export const oneOf = (values: readonly string[]): StringShape => ({ kind: 'string', values })
export const integer = (c: Omit<IntegerShape, 'kind'> = {}): IntegerShape => ({ kind: 'integer', ...c })
export const float: FloatShape = { kind: 'float' }
export const boolean: BooleanShape = { kind: 'boolean' }
export const timestamp: TimestampShape = { kind: 'timestamp' }
export const stringMap: MapShape = { kind: 'map' }
export const list = (member: Shape, c: { min?: number; max?: number } = {}): ListShape => ({ kind: 'list', member, ...c })

/** A member is a bare shape or `{shape, required?, jsonName?, binding?}`. */
export function structure(name: string, members: Record<string, Shape | Member>): StructureShape {
  const out: Record<string, Member> = {}
  for (const [key, m] of Object.entries(members)) out[key] = 'shape' in m ? m : { shape: m }
  return { kind: 'structure', name, members: out }
}

export const required = (shape: Shape, extra: Omit<Member, 'shape' | 'required'> = {}): Member => ({ shape, required: true, ...extra })
export const jsonNamed = (jsonName: string, shape: Shape): Member => ({ shape, jsonName })

// The numeric type codes of @smithy/core's static schemas (see its `schema` sentinels).
const STRING = 0
const NUMERIC = 1
const BOOLEAN = 2
const TIMESTAMP_EPOCH_SECONDS = 7
const STRING_MAP = 128 | 0

const compiled = new WeakMap<Shape, unknown>()

function staticSchema(shape: Shape, namespace: string, nameHint: string): unknown {
  const cached = compiled.get(shape)
  if (cached !== undefined) return cached
  let out: unknown
  switch (shape.kind) {
    case 'string':
      out = STRING
      break
    case 'integer':
    case 'float':
      out = NUMERIC
      break
    case 'boolean':
      out = BOOLEAN
      break
    case 'timestamp':
      out = TIMESTAMP_EPOCH_SECONDS
      break
    case 'map':
      out = STRING_MAP
      break
    case 'list': {
      const item = staticSchema(shape.member, namespace, `${nameHint}Member`)
      out = [1, namespace, `${nameHint}List`, 0, () => item]
      break
    }
    case 'structure': {
      const names = Object.keys(shape.members)
      const tuple: unknown[] = [3, namespace, shape.name, 0, names, []]
      compiled.set(shape, tuple)
      tuple[5] = names.map((n) => {
        const m = shape.members[n] as Member
        const inner = staticSchema(m.shape, namespace, `${shape.name}${n}`)
        const traits: Record<string, unknown> = {}
        if (m.jsonName !== undefined) traits.jsonName = m.jsonName
        if (m.binding && 'label' in m.binding) traits.httpLabel = 1
        if (m.binding && 'header' in m.binding) traits.httpHeader = m.binding.header
        if (m.binding && 'query' in m.binding) traits.httpQuery = m.binding.query
        const ref = typeof inner === 'number' ? inner : () => inner
        return Object.keys(traits).length > 0 ? [ref, traits] : ref
      })
      return tuple
    }
  }
  compiled.set(shape, out)
  return out
}

/** The schema json-codec.ts reads and writes with. Members with an HTTP binding are left out of bodies. */
export function toSchema(shape: StructureShape, namespace: string): SchemaRef {
  return staticSchema(shape, namespace, shape.name) as SchemaRef
}

/** A constraint broken: the model's rule, the member path and what's wrong. */
export interface ConstraintViolation {
  rule: 'missing' | 'enum' | 'pattern' | 'minLength' | 'maxLength' | 'minValue' | 'maxValue'
  path: string
  message: string
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : 0
}

/**
 * The first constraint `value` breaks, checking members in model order. `value` is SDK-shaped
 * (PascalCase members, as json-codec.ts reads them); type mismatches are json-codec's job.
 */
export function firstViolation(shape: Shape, value: unknown, path: string): ConstraintViolation | undefined {
  if (value === undefined || value === null) return undefined
  const at = path || 'value'
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return undefined
      if (shape.values && !shape.values.includes(value)) {
        return { rule: 'enum', path: at, message: `${at} must be one of ${shape.values.join(', ')}, not "${value}".` }
      }
      if (shape.min !== undefined && lengthOf(value) < shape.min) {
        return { rule: 'minLength', path: at, message: `${at} must be at least ${shape.min} characters long.` }
      }
      if (shape.max !== undefined && lengthOf(value) > shape.max) {
        return { rule: 'maxLength', path: at, message: `${at} must be at most ${shape.max} characters long.` }
      }
      if (shape.pattern && !shape.pattern.test(value)) {
        return { rule: 'pattern', path: at, message: `${at} "${value}" does not match the pattern ${shape.pattern.source}.` }
      }
      return undefined
    }
    case 'integer': {
      if (typeof value !== 'number') return undefined
      if (shape.min !== undefined && value < shape.min) return { rule: 'minValue', path: at, message: `${at} must be at least ${shape.min}.` }
      if (shape.max !== undefined && value > shape.max) return { rule: 'maxValue', path: at, message: `${at} must be at most ${shape.max}.` }
      return undefined
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined
      if (shape.min !== undefined && value.length < shape.min) {
        return { rule: 'minLength', path: at, message: `${at} must have at least ${shape.min} items.` }
      }
      if (shape.max !== undefined && value.length > shape.max) {
        return { rule: 'maxLength', path: at, message: `${at} must have at most ${shape.max} items.` }
      }
      for (let i = 0; i < value.length; i++) {
        const v = firstViolation(shape.member, value[i], `${at}[${i}]`)
        if (v) return v
      }
      return undefined
    }
    case 'structure': {
      if (typeof value !== 'object') return undefined
      const record = value as Record<string, unknown>
      for (const [name, m] of Object.entries(shape.members)) {
        const memberPath = path ? `${path}.${name}` : name
        if (m.required && (record[name] === undefined || record[name] === null)) {
          return { rule: 'missing', path: memberPath, message: `${memberPath} is required.` }
        }
        const v = firstViolation(m.shape, record[name], memberPath)
        if (v) return v
      }
      return undefined
    }
    default:
      return undefined
  }
}
