/**
 * What differs between what the manifest sets and what MediaPackage v2 holds, and the update that
 * changes only that: settings a person set and the manifest does not name survive, and manifests
 * merge by name (the manifest owns the ones it names, others stay).
 */
import { shown, type FieldChange } from '../../change.js'
import { sameValue } from '../../cloudfront/canonical.js'
import { manifestKeyV2 } from './to-api.js'

type Json = unknown

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** A manifest list: entries known by their ManifestName. */
function isNamedList(value: Json): value is Record<string, Json>[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) && typeof item.ManifestName === 'string')
}

/** Fields the manifest sets that AWS holds differently, by manifest key; fields it leaves out are not compared (AWS's defaults, a person's edits). */
export function differingFields(desired: Json, observed: Json, path = ''): FieldChange[] {
  const field = (at: string, from: Json, to: Json): FieldChange => ({
    field: manifestKeyV2(at || '(all)'),
    from: shown(readable(from)),
    to: shown(readable(to))
  })
  if (isObject(desired)) {
    if (!isObject(observed)) return [field(path, observed, desired)]
    return Object.entries(desired).flatMap(([key, value]) => (value === undefined ? [] : differingFields(value, observed[key], path ? `${path}.${key}` : key)))
  }
  if (isNamedList(desired)) {
    const current = Array.isArray(observed) ? observed.filter(isObject) : []
    return desired.flatMap((item) => {
      const existing = current.find((candidate) => candidate.ManifestName === item.ManifestName)
      const at = `${path}[${String(item.ManifestName)}]`
      return existing ? differingFields(item, existing, at) : [{ field: manifestKeyV2(at), to: 'added' }]
    })
  }
  return sameValue(desired, observed) ? [] : [field(path, observed, desired)]
}

function readable(value: Json): Json {
  return value instanceof Date ? value.toISOString() : value
}

/** Desired over observed: objects key by key, manifest lists by name, anything else replaced. */
export function overlay(observed: Json, desired: Json): Json {
  if (isObject(desired) && isObject(observed)) {
    const out: Record<string, Json> = { ...observed }
    for (const [key, value] of Object.entries(desired)) if (value !== undefined) out[key] = overlay(observed[key], value)
    return out
  }
  if (isNamedList(desired) && Array.isArray(observed)) {
    const merged: Json[] = observed.map((item: Json) => {
      const named = isObject(item) ? desired.find((candidate) => candidate.ManifestName === item.ManifestName) : undefined
      return named ? overlay(item, named) : item
    })
    for (const item of desired) if (!observed.some((existing) => isObject(existing) && existing.ManifestName === item.ManifestName)) merged.push(item)
    return merged
  }
  return desired === undefined ? observed : desired
}

/** Manifests come back with their `Url`, which an update must not send. */
export function withoutUrls<T>(manifests: T[] | undefined): T[] | undefined {
  return manifests?.map((manifest) => {
    const { Url: _url, ...rest } = manifest as T & { Url?: string }
    return rest as T
  })
}

/** Tags the manifest names that AWS lacks or holds with another value; tags are only ever added. */
export function missingTags(desired: Record<string, string> | undefined, observed: Record<string, string> | undefined): Record<string, string> {
  const missing: Record<string, string> = {}
  for (const [key, value] of Object.entries(desired ?? {})) if (observed?.[key] !== value) missing[key] = value
  return missing
}

export function tagFields(tags: Record<string, string>): FieldChange[] {
  return Object.entries(tags).map(([key, value]) => ({ field: `tags.${key}`, to: shown(value) }))
}
