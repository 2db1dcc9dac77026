import type {
  Authorization,
  CreateOriginEndpointRequest,
  HlsManifestCreateOrUpdateParameters,
  OriginEndpoint,
  UpdateOriginEndpointRequest
} from '@aws-sdk/client-mediapackage'
import { sameValue } from '../../cloudfront/canonical.js'

type Json = unknown

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Fields the manifest sets that AWS holds differently, as dotted paths. Fields the manifest leaves out
 * are not compared: AWS fills in defaults, and a person may have set them in the console.
 */
export function differingFields(desired: Json, observed: Json, path = ''): string[] {
  if (isObject(desired)) {
    if (!isObject(observed)) return [path || '(all)']
    return Object.entries(desired).flatMap(([key, value]) => (value === undefined ? [] : differingFields(value, observed[key], path ? `${path}.${key}` : key)))
  }
  if (Array.isArray(desired)) {
    // Lists of objects (CMAF HlsManifests) compare item by item, so read-only fields such as each manifest's Url don't count.
    if (!Array.isArray(observed) || desired.length !== observed.length) return [path]
    const items = desired.flatMap((item: Json, index) => differingFields(item, observed[index], `${path}[${index}]`))
    return items.length > 0 ? [path] : []
  }
  return sameValue(desired, observed) ? [] : [path]
}

/** Desired values over observed ones: objects merge key by key, anything else is replaced. */
function overlay(observed: Json, desired: Json): Json {
  if (isObject(desired) && isObject(observed)) {
    const out: Record<string, Json> = { ...observed }
    for (const [key, value] of Object.entries(desired)) if (value !== undefined) out[key] = overlay(observed[key], value)
    return out
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
 * it. Without Authorization the endpoint stops requiring the CDN header (the update carries the
 * endpoint's whole settings, as the console does; see README, "CDN authorization").
 */
export function authorizationRequest(endpoint: OriginEndpoint, authorization: Authorization | undefined): UpdateOriginEndpointRequest {
  const request = endpointUpdateRequest({ Id: endpoint.Id, ChannelId: endpoint.ChannelId }, endpoint)
  if (authorization) request.Authorization = authorization
  else delete request.Authorization
  return request
}
