/**
 * Schema-driven JSON for the three JSON services (MediaPackage REST-JSON, Tagging and Secrets Manager
 * JSON 1.1). The schemas are the ones the SDK clients export (`Channel$`, `GetResourcesInput$`, …),
 * generated from AWS's Smithy models, so member names, `jsonName`s (`hlsIngest`, `ingestEndpoints`)
 * and types are AWS's own. Values inside the fake use the SDK's (PascalCase) member names.
 */
import { NormalizedSchema } from '@smithy/core/schema'

export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0]

export interface JsonCodecOptions {
  /** REST-JSON honours `jsonName` (MediaPackage's lowerCamel names); JSON 1.1 ignores it. */
  useJsonName: boolean
}

/** A request body that does not fit the operation's input shape. */
export class CodecError extends Error {
  override name = 'CodecError'
  constructor(
    readonly path: string,
    message: string
  ) {
    super(`${path || 'body'}: ${message}`)
  }
}

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasHttpBinding(ns: NormalizedSchema): boolean {
  const t = ns.getMergedTraits()
  return Boolean(t.httpLabel ?? t.httpQuery ?? t.httpHeader ?? t.httpPrefixHeaders ?? t.httpQueryParams)
}

function wireName(member: string, ns: NormalizedSchema, options: JsonCodecOptions): string {
  const jsonName = ns.getMergedTraits().jsonName
  return options.useJsonName && typeof jsonName === 'string' ? jsonName : member
}

/** Wire JSON → SDK-shaped value. Unknown keys are ignored; wrong types throw CodecError. */
export function readJson(schema: SchemaRef, value: unknown, options: JsonCodecOptions, path = ''): unknown {
  const ns = NormalizedSchema.of(schema)
  if (value === null || value === undefined) return undefined
  if (ns.isStructSchema()) {
    if (!isObject(value)) throw new CodecError(path, 'expected an object')
    const out: JsonObject = {}
    for (const [member, memberNs] of ns.structIterator()) {
      if (hasHttpBinding(memberNs)) continue
      const key = wireName(member, memberNs, options)
      const read = readJson(memberNs, value[key], options, path ? `${path}.${key}` : key)
      if (read !== undefined) out[member] = read
    }
    return out
  }
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw new CodecError(path, 'expected a list')
    const item = ns.getValueSchema()
    return value.map((v, i) => readJson(item, v, options, `${path}[${i}]`))
  }
  if (ns.isMapSchema()) {
    if (!isObject(value)) throw new CodecError(path, 'expected a map')
    const item = ns.getValueSchema()
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = readJson(item, v, options, `${path}.${k}`)
    return out
  }
  if (ns.isTimestampSchema()) {
    if (typeof value === 'number') return new Date(value * 1000)
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value)
    throw new CodecError(path, 'expected a timestamp')
  }
  if (ns.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw new CodecError(path, 'expected a boolean')
    return value
  }
  if (ns.isNumericSchema()) {
    if (typeof value !== 'number') throw new CodecError(path, 'expected a number')
    return value
  }
  if (ns.isDocumentSchema() || ns.isBlobSchema()) return value
  if (typeof value !== 'string') throw new CodecError(path, 'expected a string')
  return value
}

/** SDK-shaped value → wire JSON. Timestamps become epoch seconds (the JSON protocols' default). */
export function writeJson(schema: SchemaRef, value: unknown, options: JsonCodecOptions): unknown {
  const ns = NormalizedSchema.of(schema)
  if (value === null || value === undefined) return undefined
  if (ns.isStructSchema()) {
    if (!isObject(value)) return undefined
    const out: JsonObject = {}
    for (const [member, memberNs] of ns.structIterator()) {
      if (hasHttpBinding(memberNs)) continue
      const written = writeJson(memberNs, value[member], options)
      if (written !== undefined) out[wireName(member, memberNs, options)] = written
    }
    return out
  }
  if (ns.isListSchema()) {
    const item = ns.getValueSchema()
    return Array.isArray(value) ? value.map((v) => writeJson(item, v, options)) : undefined
  }
  if (ns.isMapSchema()) {
    if (!isObject(value)) return undefined
    const item = ns.getValueSchema()
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = writeJson(item, v, options)
    return out
  }
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(value as string | number)
    return date.getTime() / 1000
  }
  return value
}
