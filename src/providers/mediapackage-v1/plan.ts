import type { Authorization, CreateOriginEndpointRequest, OriginEndpoint, UpdateOriginEndpointRequest } from '@aws-sdk/client-mediapackage'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import type { VersionedDistribution } from '../../aws/cloudfront.js'
import { pathPatternsFor, type EndpointShape } from './patterns.js'
import type { DistributionIntent } from '../../cloudfront/intent.js'
import { mergeDistributionConfig } from '../../cloudfront/merge.js'
import { newDistributionConfig } from '../../cloudfront/new-config.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import { endpointRequest, packagingOf, type Packaging } from './to-api.js'
import { differingFields, endpointUpdateRequest, missingTags, sameAuthorization } from './endpoint-diff.js'
import type { Change, ChannelObservation } from '../../workflow/model.js'

export interface EndpointStep {
  change: Change
  create?: CreateOriginEndpointRequest
  update?: UpdateOriginEndpointRequest
  /** Tags to add to an existing endpoint. */
  tags?: Record<string, string>
}

export interface ChannelPlan {
  channel: Change
  /** Description to set on an existing channel. */
  description?: string
  /** Tags to add to an existing channel. */
  tags?: Record<string, string>
  endpoints: EndpointStep[]
  /**
   * Existing endpoints whose CDN authorization must change. Kept apart from the other updates because
   * on a live channel they happen between the two distribution changes of the transition.
   */
  authorization: Change[]
}

const PACKAGING_FIELD: Record<Packaging, keyof OriginEndpoint> = {
  hls: 'HlsPackage',
  dash: 'DashPackage',
  cmaf: 'CmafPackage',
  mss: 'MssPackage'
}

export function packagingOfEndpoint(endpoint: OriginEndpoint): Packaging | undefined {
  return (Object.keys(PACKAGING_FIELD) as Packaging[]).find((packaging) => endpoint[PACKAGING_FIELD[packaging]] !== undefined)
}

function tagNotes(tags: Record<string, string>): string[] {
  return Object.keys(tags).length > 0 ? [`tags + ${Object.keys(tags).join(', ')}`] : []
}

/**
 * What the channel and its endpoints need, decided from what AWS holds. Pure: no I/O. Endpoints in AWS
 * that the manifest does not name are left alone (nothing is ever deleted).
 */
export function planChannel(
  spec: ChannelSpec,
  observed: ChannelObservation,
  channelPath: string,
  auth: { managed: boolean; authorization?: Authorization | undefined } = { managed: true }
): ChannelPlan {
  const plan: ChannelPlan = { channel: { resource: 'channel', id: spec.id, action: 'unchanged', details: [] }, endpoints: [], authorization: [] }
  const authorization = auth.authorization
  if (auth.managed) checkUnmanagedEndpoints(spec, observed.endpoints, authorization, channelPath)
  const existing = observed.channel
  if (!existing) {
    plan.channel.action = 'create'
  } else {
    if (spec.description !== undefined && spec.description !== (existing.Description ?? '')) {
      plan.description = spec.description
      plan.channel.details.push('description')
    }
    const tags = missingTags(spec.tags, existing.Tags)
    if (Object.keys(tags).length > 0) plan.tags = tags
    plan.channel.details.push(...tagNotes(tags))
    if (plan.channel.details.length > 0) plan.channel.action = 'update'
  }
  ;(spec.endpoints ?? []).forEach((endpointSpec, index) => {
    const desired = endpointRequest(spec.id, endpointSpec)
    const current = observed.endpoints.find((endpoint) => endpoint.Id === endpointSpec.id)
    // A new endpoint has no audience yet: it gets its authorization from the start.
    if (!current && authorization) desired.Authorization = authorization
    plan.endpoints.push(planEndpoint(desired, packagingOf(endpointSpec), current, `${channelPath}.endpoints[${index}]`))
    if (auth.managed && current && !sameAuthorization(current.Authorization, authorization)) {
      plan.authorization.push({ resource: 'endpoint', id: endpointSpec.id, action: 'update', details: [`CDN authorization ${authorization ? 'on' : 'off'}`] })
    }
  })
  return plan
}

/**
 * CDN authorization is a property of the channel's one origin, so every endpoint behind it must follow.
 * An endpoint the manifest does not name would be cut off: say so rather than touch it.
 */
function checkUnmanagedEndpoints(spec: ChannelSpec, endpoints: readonly OriginEndpoint[], authorization: Authorization | undefined, channelPath: string): void {
  const named = new Set((spec.endpoints ?? []).map((endpoint) => endpoint.id))
  const stranded = endpoints.filter((endpoint) => !named.has(endpoint.Id ?? '') && !sameAuthorization(endpoint.Authorization, authorization))
  if (stranded.length === 0) return
  const ids = stranded.map((endpoint) => endpoint.Id).join(', ')
  const message =
    `Channel ${spec.id} has endpoints the manifest does not name (${ids}) whose CDN authorization differs from the channel's. ` +
    `CDN authorization applies to every endpoint behind the channel's one origin; add ${stranded.length === 1 ? 'it' : 'them'} to the manifest.`
  throw new UserError(message, [{ message, path: channelPath }])
}

function planEndpoint(desired: CreateOriginEndpointRequest, packaging: Packaging, current: OriginEndpoint | undefined, path: string): EndpointStep {
  const change: Change = { resource: 'endpoint', id: desired.Id!, action: 'unchanged', details: [] }
  if (!current) return { change: { ...change, action: 'create', details: [packaging] }, create: desired }
  const currentPackaging = packagingOfEndpoint(current)
  if (currentPackaging && currentPackaging !== packaging) {
    const message =
      `Endpoint ${desired.Id} is ${currentPackaging.toUpperCase()} in AWS but ${packaging} in the manifest. MediaPackage cannot change an ` +
      `endpoint's packaging in place, and this action never deletes: give the ${packaging} endpoint a new id.`
    throw new UserError(message, [{ message, path }])
  }
  // Authorization of an existing endpoint is the transition's business (ChannelPlan.authorization).
  const { Tags: desiredTags, ChannelId: _channel, Id: _id, Authorization: _authorization, ...settings } = desired
  const step: EndpointStep = { change }
  const fields = differingFields(settings, current)
  if (fields.length > 0) {
    step.update = endpointUpdateRequest(desired, current)
    change.details.push(...fields)
  }
  const tags = missingTags(desiredTags, current.Tags)
  if (Object.keys(tags).length > 0) step.tags = tags
  change.details.push(...tagNotes(tags))
  if (change.details.length > 0) change.action = 'update'
  return step
}

/** The URLs an endpoint serves: its Url, or one per manifest for CMAF. */
export function endpointUrls(endpoint: OriginEndpoint): string[] {
  const manifests = endpoint.CmafPackage?.HlsManifests ?? []
  const urls = [endpoint.Url, ...manifests.map((manifest) => manifest.Url)]
  return urls.filter((url): url is string => typeof url === 'string' && url.length > 0)
}

/** The one MediaPackage host all the channel's endpoints share, if any endpoint exists yet. */
export function endpointHost(channelId: string, endpoints: readonly OriginEndpoint[]): string | undefined {
  const hosts = [...new Set(endpoints.flatMap(endpointUrls).map((url) => new URL(url).host))]
  if (hosts.length > 1) {
    throw new UserError(`The endpoints of channel ${channelId} are on different hosts (${hosts.join(', ')}); one CloudFront origin cannot serve them all.`)
  }
  return hosts[0]
}

/** The distribution's intent from the manifest and what MediaPackage reports. */
export function distributionIntent(spec: ChannelSpec, channelArn: string, endpoints: readonly OriginEndpoint[]): DistributionIntent {
  const shapes: EndpointShape[] = []
  for (const endpoint of endpoints) {
    const packaging = packagingOfEndpoint(endpoint)
    if (packaging) shapes.push({ packaging, manifestName: endpoint.ManifestName })
  }
  for (const endpointSpec of spec.endpoints ?? []) {
    shapes.push({ packaging: packagingOf(endpointSpec), manifestName: endpointSpec['manifest-name'] })
  }
  const host = endpointHost(spec.id, endpoints)
  return {
    channelId: spec.id,
    channelArn,
    spec: spec.distribution ?? {},
    origin: host ? { kind: 'mediapackage', host } : { kind: 'placeholder' },
    patterns: host ? pathPatternsFor(shapes) : []
  }
}

export type DistributionStep =
  | { action: 'create'; config: DistributionConfig; change: Change }
  | { action: 'update' | 'unchanged'; config: DistributionConfig; change: Change; current: VersionedDistribution }

/** Create, update (with what changes) or leave the distribution, from the intent and what CloudFront holds. */
export function planDistribution(intent: DistributionIntent, current: VersionedDistribution | undefined): DistributionStep {
  if (!current) {
    const config = newDistributionConfig(intent)
    const origin = intent.origin.kind === 'mediapackage' ? intent.origin.host : 'placeholder origin until the first endpoint'
    return { action: 'create', config, change: { resource: 'distribution', id: `for ${intent.channelId}`, action: 'create', details: [origin] } }
  }
  const id = current.distribution.Id ?? '?'
  const existing = current.distribution.DistributionConfig
  if (!existing) throw new Error(`GetDistribution ${id} returned no DistributionConfig`)
  const { config, notes } = mergeDistributionConfig(existing, intent)
  const action = notes.length > 0 ? 'update' : 'unchanged'
  return { action, config, current, change: { resource: 'distribution', id, action, details: notes } }
}
