import type { Authorization, Channel, CreateOriginEndpointRequest, OriginEndpoint, UpdateOriginEndpointRequest } from '@aws-sdk/client-mediapackage'
import { isHole, newChange, shown, type Change, type FieldChange, type Known } from '../../change.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec, EndpointSpec } from '../../manifest/definition.js'
import { authorizationOf, type CdnAuth } from './cdn-auth.js'
import { differingFields, endpointUpdateRequest, missingTags, sameAuthorization } from './endpoint-diff.js'
import type { V1Seen } from './observe.js'
import { endpointRequest, packagingOf, type Packaging } from './to-api.js'

const PACKAGING_FIELD: Record<Packaging, keyof OriginEndpoint> = { hls: 'HlsPackage', dash: 'DashPackage', cmaf: 'CmafPackage', mss: 'MssPackage' }

export function packagingOfEndpoint(endpoint: OriginEndpoint): Packaging | undefined {
  return (Object.keys(PACKAGING_FIELD) as Packaging[]).find((packaging) => endpoint[PACKAGING_FIELD[packaging]] !== undefined)
}

function tagFields(tags: Record<string, string>): FieldChange[] {
  return Object.entries(tags).map(([key, value]) => ({ field: `tags.${key}`, to: shown(value) }))
}

export interface ChannelChange {
  change: Change
  /** Description to set on an existing channel. */
  description?: string | undefined
  /** Tags to add to an existing channel. */
  tags?: Record<string, string> | undefined
}

/** Create the channel, or what differs on the one AWS holds (description; tags are only added). */
export function planChannelChange(spec: ChannelSpec, existing: Channel | undefined): ChannelChange {
  const change = newChange('channel', spec.id, spec.id)
  if (!existing) return { change: { ...change, action: 'create' } }
  const plan: ChannelChange = { change }
  if (spec.description !== undefined && spec.description !== (existing.Description ?? '')) {
    plan.description = spec.description
    change.fields.push({ field: 'description', from: shown(existing.Description ?? ''), to: shown(spec.description) })
  }
  const tags = missingTags(spec.tags, existing.Tags)
  if (Object.keys(tags).length > 0) plan.tags = tags
  change.fields.push(...tagFields(tags))
  if (change.fields.length > 0) change.action = 'update'
  return plan
}

export interface EndpointChange {
  change: Change
  create?: CreateOriginEndpointRequest | undefined
  update?: UpdateOriginEndpointRequest | undefined
  /** Tags to add to an existing endpoint. */
  tags?: Record<string, string> | undefined
}

/** Create the endpoint, or what differs on the one AWS holds. Authorization of an existing endpoint is the access step's business. */
export function planEndpointChange(options: { channelId: string; spec: EndpointSpec; current: OriginEndpoint | undefined; path: string }): EndpointChange {
  const { spec, current, path } = options
  const desired = endpointRequest(options.channelId, spec)
  const packaging = packagingOf(spec)
  const change = newChange('endpoint', spec.id, spec.id)
  if (!current) return { change: { ...change, action: 'create', fields: [{ field: 'packaging', to: packaging }] }, create: desired }
  const currentPackaging = packagingOfEndpoint(current)
  if (currentPackaging && currentPackaging !== packaging) {
    const message =
      `Endpoint ${spec.id} is ${currentPackaging.toUpperCase()} in AWS but ${packaging} in the manifest. MediaPackage cannot change an ` +
      `endpoint's packaging in place: give the ${packaging} endpoint a new id (and retire the old one with state: absent if you want it gone).`
    throw new UserError(message, [{ message, path }])
  }
  const { Tags: desiredTags, ChannelId: _channel, Id: _id, Authorization: _authorization, ...settings } = desired
  const plan: EndpointChange = { change }
  const fields = differingFields(settings, current)
  if (fields.length > 0) {
    plan.update = endpointUpdateRequest(desired, current)
    change.fields.push(...fields)
  }
  const tags = missingTags(desiredTags, current.Tags)
  if (Object.keys(tags).length > 0) plan.tags = tags
  change.fields.push(...tagFields(tags))
  if (change.fields.length > 0) change.action = 'update'
  return plan
}

/** Endpoint ids are unique in a Region: one the manifest names that another channel holds stops the run before any write. */
export function checkEndpointIds(spec: ChannelSpec, seen: V1Seen, path: string): void {
  for (const taken of seen.elsewhere) {
    const index = (spec.endpoints ?? []).findIndex((endpoint) => endpoint.id === taken.Id)
    const message =
      `Endpoint id ${taken.Id} is already used by channel ${taken.ChannelId}. Endpoint ids are unique in a Region and a channel cannot be ` +
      `renamed: keep the channel id ${taken.ChannelId}, or give the endpoint a new id.`
    throw new UserError(message, [{ message, path: `${path}.endpoints[${index}].id` }])
  }
}

/**
 * CDN authorization is a property of the channel's one origin, so every endpoint behind it must follow.
 * An endpoint the manifest does not name would be cut off: say so rather than touch it.
 */
export function checkUnnamedEndpoints(spec: ChannelSpec, seen: V1Seen, auth: CdnAuth, path: string): void {
  if (auth.kind === 'unmanaged') return
  const wanted = authorizationOf(auth)
  const named = new Set((spec.endpoints ?? []).map((endpoint) => endpoint.id))
  const stranded = seen.endpoints.filter((endpoint) => !named.has(endpoint.Id ?? '') && !sameKnownAuthorization(endpoint.Authorization, wanted))
  if (stranded.length === 0) return
  const ids = stranded.map((endpoint) => endpoint.Id).join(', ')
  const message =
    `Channel ${spec.id} has endpoints the manifest does not name (${ids}) whose CDN authorization differs from the channel's. ` +
    `CDN authorization applies to every endpoint behind the channel's one origin; add ${stranded.length === 1 ? 'it' : 'them'} to the manifest.`
  throw new UserError(message, [{ message, path }])
}

/** A secret that does not exist yet matches no endpoint's Authorization. */
export function sameKnownAuthorization(current: Authorization | undefined, wanted: Known<Authorization> | undefined): boolean {
  if (isHole(wanted)) return false
  return sameAuthorization(current, wanted)
}
