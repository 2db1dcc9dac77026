import type {
  Authorization,
  CreateOriginEndpointRequest,
  HlsManifestCreateOrUpdateParameters,
  OriginEndpoint,
  UpdateOriginEndpointRequest
} from '@aws-sdk/client-mediapackage'
import { shown, type FieldChange } from '../../change.js'
import { sameValue } from '../../cloudfront/canonical.js'

type Json = unknown

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A list of things with their own id (CMAF HlsManifests): the manifest owns the entries it names, others stay. */
function isKeyedList(value: Json): value is Record<string, Json>[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) && typeof item.Id === 'string')
}

/** `HlsPackage.PlaylistWindowSeconds` → `hls.playlist-window-seconds`: the manifest's key for an API field path. */
export function manifestKey(apiPath: string): string {
  const packaging: Record<string, string> = { HlsPackage: 'hls', DashPackage: 'dash', CmafPackage: 'cmaf', MssPackage: 'mss' }
  return apiPath
    .split('.')
    .map((part) => {
      // An entry's id in brackets is the user's and keeps its case.
      const [name = '', id] = part.split(/(?=\[)/)
      return (packaging[name] ?? name.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase()) + (id ?? '')
    })
    .join('.')
}

/**
 * Fields the manifest sets that AWS holds differently, with both values, by manifest key. Fields the
 * manifest leaves out are not compared: AWS fills in defaults, and a person may have set them.
 */
export function differingFields(desired: Json, observed: Json, path = ''): FieldChange[] {
  const field = (at: string, from: Json, to: Json): FieldChange => ({ field: manifestKey(at || '(all)'), from: shown(from), to: shown(to) })
  if (isObject(desired)) {
    if (!isObject(observed)) return [field(path, observed, desired)]
    return Object.entries(desired).flatMap(([key, value]) => (value === undefined ? [] : differingFields(value, observed[key], path ? `${path}.${key}` : key)))
  }
  if (isKeyedList(desired)) {
    // By id: each named entry against the one AWS holds; entries the manifest does not name are kept by the update.
    const current = Array.isArray(observed) ? observed.filter(isObject) : []
    return desired.flatMap((item) => {
      const existing = current.find((candidate) => candidate.Id === item.Id)
      const at = `${path}[${String(item.Id)}]`
      return existing ? differingFields(item, existing, at) : [{ field: manifestKey(at), to: 'added' }]
    })
  }
  // Plain lists (whitelist, ad-triggers) are the manifest's whole: both values show what an update removes.
  return sameValue(desired, observed) ? [] : [field(path, observed, desired)]
}

/** Desired values over observed ones: objects merge key by key, keyed lists by id, anything else is replaced. */
function overlay(observed: Json, desired: Json): Json {
  if (isObject(desired) && isObject(observed)) {
    const out: Record<string, Json> = { ...observed }
    for (const [key, value] of Object.entries(desired)) if (value !== undefined) out[key] = overlay(observed[key], value)
    return out
  }
  if (isKeyedList(desired) && Array.isArray(observed)) {
    const merged: Json[] = observed.map((item: Json) => {
      const named = isObject(item) ? desired.find((candidate) => candidate.Id === item.Id) : undefined
      return named ? overlay(item, named) : item
    })
    for (const item of desired) if (!observed.some((existing) => isObject(existing) && existing.Id === item.Id)) merged.push(item)
    return merged
  }
  return desired === undefined ? observed : desired
}

const UPDATABLE = [
  'Authorization',
  'CmafPackage',
  'DashPackage',
  'Description',
  'HlsPackage',
  'ManifestName',
  'MssPackage',
  'Origination',
  'StartoverWindowSeconds',
  'TimeDelaySeconds',
  'Whitelist'
] as const

/** Read-only fields AWS returns inside packagings that an update must not send back. */
function withoutReadOnly(request: UpdateOriginEndpointRequest): UpdateOriginEndpointRequest {
  const manifests = request.CmafPackage?.HlsManifests
  if (manifests && request.CmafPackage) {
    const writable = manifests.map((manifest) => {
      const { Url: _url, ...rest } = manifest as HlsManifestCreateOrUpdateParameters & { Url?: string }
      return rest
    })
    request.CmafPackage = { ...request.CmafPackage, HlsManifests: writable }
  }
  return request
}

/**
 * The update to send: everything AWS holds now with the manifest's fields laid over it, so settings a
 * person changed in the console and the manifest does not name survive the update.
 */
export function endpointUpdateRequest(desired: CreateOriginEndpointRequest, observed: OriginEndpoint): UpdateOriginEndpointRequest {
  const request: Record<string, Json> = { Id: desired.Id }
  for (const key of UPDATABLE) {
    const value = overlay(observed[key], desired[key])
    if (value !== undefined) request[key] = value
  }
  return withoutReadOnly(request as unknown as UpdateOriginEndpointRequest)
}

/** Tags the manifest names that AWS lacks or holds with another value; tags are only ever added. */
export function missingTags(desired: Record<string, string> | undefined, observed: Record<string, string> | undefined): Record<string, string> {
  const missing: Record<string, string> = {}
  for (const [key, value] of Object.entries(desired ?? {})) if (observed?.[key] !== value) missing[key] = value
  return missing
}

/** Same Authorization (secret and role), or both without one. */
export function sameAuthorization(a: Authorization | undefined, b: Authorization | undefined): boolean {
  return (a?.CdnIdentifierSecret ?? '') === (b?.CdnIdentifierSecret ?? '') && (a?.SecretsRoleArn ?? '') === (b?.SecretsRoleArn ?? '')
}

/**
 * An update that changes only the endpoint's Authorization: everything else is sent back as AWS holds
 * it. Without Authorization the endpoint stops requiring the CDN header.
 */
export function authorizationRequest(endpoint: OriginEndpoint, authorization: Authorization | undefined): UpdateOriginEndpointRequest {
  const request = endpointUpdateRequest({ Id: endpoint.Id, ChannelId: endpoint.ChannelId }, endpoint)
  if (authorization) request.Authorization = authorization
  else delete request.Authorization
  return request
}
