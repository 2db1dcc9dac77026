/**
 * MediaPackage v2 manifest sections as the v2 API takes them. Keys are the kebab-case of the API
 * field names, converted generically, except the renames the manifest makes for readability
 * (`container`, a manifest's `name`, `segment.duration-seconds`, `segment.name`) and the acronyms
 * kebab-case loses (`mqcs`). Times are ISO 8601 text in the manifest and dates in the API.
 */
import type { CreateChannelGroupRequest, CreateChannelRequest, CreateOriginEndpointRequest } from '@aws-sdk/client-mediapackagev2'
import type { ChannelGroupSpec, V2ChannelSpec, V2EndpointSpec } from '../../manifest/definition.js'

/** Renames by the parent's API key ('' = top level of the request). */
const RENAMES: Record<string, Record<string, string>> = {
  '': { container: 'ContainerType' },
  Segment: { 'duration-seconds': 'SegmentDurationSeconds', name: 'SegmentName' },
  HlsManifests: { name: 'ManifestName' },
  LowLatencyHlsManifests: { name: 'ManifestName' },
  DashManifests: { name: 'ManifestName' },
  InputSwitchConfiguration: { 'mqcs-input-switching': 'MQCSInputSwitching' },
  OutputHeaderConfiguration: { 'publish-mqcs': 'PublishMQCS' }
}

const TIMES = new Set(['Start', 'End', 'ClipStartTime'])

function pascalCase(key: string): string {
  return key
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** Converts keys recursively (not values; tags are user data and pass through); unset keys stay unset so AWS applies its defaults. */
function toApi(value: unknown, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => toApi(item, parent))
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue
    const apiKey = RENAMES[parent]?.[key] ?? pascalCase(key)
    out[apiKey] = TIMES.has(apiKey) && typeof item === 'string' ? new Date(item) : toApi(item, apiKey)
  }
  return out
}

/** The API's key back to the manifest's, for messages: `HlsManifests[index].ManifestWindowSeconds` → `hls-manifests[index].manifest-window-seconds`. */
export function manifestKeyV2(apiPath: string): string {
  const reverse: Record<string, string> = { ContainerType: 'container', ManifestName: 'name', SegmentDurationSeconds: 'duration-seconds', SegmentName: 'name' }
  return apiPath
    .split('.')
    .map((part) => {
      const [name = '', id] = part.split(/(?=\[)/)
      const key =
        reverse[name] ??
        name
          .replace(/MQCS/g, 'Mqcs')
          .replace(/(?<=[a-z0-9])([A-Z])/g, '-$1')
          .toLowerCase()
      return key + (id ?? '')
    })
    .join('.')
}

export function groupRequest(spec: ChannelGroupSpec, clientToken: string): CreateChannelGroupRequest {
  return { ChannelGroupName: spec.id, ClientToken: clientToken, Description: spec.description, Tags: spec.tags ? { ...spec.tags } : undefined }
}

/** What the manifest sets on a channel, in API terms (no names, no token). */
export function channelSettings(
  spec: V2ChannelSpec
): Pick<CreateChannelRequest, 'Description' | 'InputType' | 'InputSwitchConfiguration' | 'OutputHeaderConfiguration'> {
  // `state` is the action's own: it decides whether the channel exists, not how.
  const { id: _id, state: _state, tags: _tags, endpoints: _endpoints, distribution: _distribution, ...settings } = spec
  return toApi(settings) as ReturnType<typeof channelSettings>
}

export type EndpointSettings = Omit<CreateOriginEndpointRequest, 'ChannelGroupName' | 'ChannelName' | 'OriginEndpointName' | 'ClientToken' | 'Tags'>

/** What the manifest sets on an endpoint, in API terms (no names, token or tags). */
export function endpointSettings(spec: V2EndpointSpec): EndpointSettings {
  const { id: _id, state: _state, tags: _tags, ...settings } = spec
  return toApi(settings) as EndpointSettings
}
