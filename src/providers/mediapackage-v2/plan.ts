import { createHash } from 'node:crypto'
import type { UpdateOriginEndpointRequest } from '@aws-sdk/client-mediapackagev2'
import { newChange, shown, type Change } from '../../change.js'
import { UserError } from '../../errors.js'
import type { V2EndpointSpec } from '../../manifest/definition.js'
import type { OriginEndpoint } from './client.js'
import { differingFields, missingTags, overlay, tagFields, withoutUrls } from './diff.js'
import { endpointSettings, type EndpointSettings } from './to-api.js'

/**
 * A ClientToken derived from the request: a retried or re-run create with the same request is
 * answered with the resource it made, never a second one; a changed request gets a new token.
 */
export function clientToken(kind: string, request: unknown): string {
  return createHash('sha256')
    .update(`${kind}:${JSON.stringify(request)}`)
    .digest('hex')
}

export interface EndpointPlan {
  change: Change
  /** The settings the manifest sets; the update lays them over what AWS holds. */
  settings: EndpointSettings
  create: boolean
  update: boolean
  tags?: Record<string, string> | undefined
}

/** Create the endpoint, or what differs on the one AWS holds. */
export function planEndpoint(spec: V2EndpointSpec, current: OriginEndpoint | undefined, path: string): EndpointPlan {
  const settings = endpointSettings(spec)
  const change = newChange('endpoint', spec.id, spec.id)
  if (!current) {
    const manifests = manifestNames(spec)
    change.fields.push({ field: 'container', to: shown(spec.container) }, ...(manifests ? [{ field: 'manifests', to: manifests }] : []))
    return { change: { ...change, action: 'create' }, settings, create: true, update: false }
  }
  if (current.ContainerType !== spec.container) {
    const message =
      `Endpoint ${spec.id} is ${current.ContainerType} in AWS but ${spec.container} in the manifest. MediaPackage v2 cannot change an endpoint's ` +
      'container: give the endpoint a new id (and retire the old one once viewers have moved).'
    throw new UserError(message, [{ message, path: `${path}.container` }])
  }
  const fields = differingFields(settings, current)
  const tags = missingTags(spec.tags, current.Tags)
  change.fields.push(...fields, ...tagFields(tags))
  if (change.fields.length > 0) change.action = 'update'
  return { change, settings, create: false, update: fields.length > 0, tags: Object.keys(tags).length > 0 ? tags : undefined }
}

function manifestNames(spec: V2EndpointSpec): string | undefined {
  const names = [
    ...(spec['hls-manifests'] ?? []).map((m) => `${m.name} (HLS)`),
    ...(spec['low-latency-hls-manifests'] ?? []).map((m) => `${m.name} (LL-HLS)`),
    ...(spec['dash-manifests'] ?? []).map((m) => `${m.name} (DASH)`)
  ]
  return names.length > 0 ? names.join(', ') : undefined
}

const UPDATABLE = [
  'Segment',
  'Description',
  'StartoverWindowSeconds',
  'HlsManifests',
  'LowLatencyHlsManifests',
  'DashManifests',
  'ForceEndpointErrorConfiguration'
] as const

/**
 * UpdateOriginEndpoint replaces every setting, so the request is everything AWS holds with the
 * manifest's settings laid over it, and the ETag it was read with.
 */
export function endpointUpdate(settings: EndpointSettings, current: OriginEndpoint): UpdateOriginEndpointRequest {
  const request: Record<string, unknown> = {
    ChannelGroupName: current.ChannelGroupName,
    ChannelName: current.ChannelName,
    OriginEndpointName: current.OriginEndpointName,
    ContainerType: current.ContainerType,
    ETag: current.ETag
  }
  const observed: Record<string, unknown> = {
    ...current,
    HlsManifests: withoutUrls(current.HlsManifests),
    LowLatencyHlsManifests: withoutUrls(current.LowLatencyHlsManifests),
    DashManifests: withoutUrls(current.DashManifests)
  }
  for (const key of UPDATABLE) {
    const value = overlay(observed[key], settings[key])
    if (value !== undefined) request[key] = value
  }
  return request as unknown as UpdateOriginEndpointRequest
}

/** The manifest URLs of an endpoint, HLS, LL-HLS then DASH. */
export function manifestUrls(endpoint: OriginEndpoint | undefined): string[] {
  if (!endpoint) return []
  return [...(endpoint.HlsManifests ?? []), ...(endpoint.LowLatencyHlsManifests ?? []), ...(endpoint.DashManifests ?? [])]
    .map((manifest) => manifest.Url)
    .filter((url): url is string => typeof url === 'string' && url !== '')
}

export function packagingOfSpec(spec: V2EndpointSpec): string {
  const kinds = [
    spec['hls-manifests']?.length ? 'hls' : undefined,
    spec['low-latency-hls-manifests']?.length ? 'll-hls' : undefined,
    spec['dash-manifests']?.length ? 'dash' : undefined
  ].filter(Boolean)
  return `${(spec.container ?? '').toLowerCase()}${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''}`
}
