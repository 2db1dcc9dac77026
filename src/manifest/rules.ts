/**
 * Rules JSON Schema cannot say: ids unique across lists, and relations between two fields.
 * They run on the raw data even when the schema found problems (so a person sees every problem at
 * once), hence the guards: a value of the wrong type is left to the schema's message.
 */
import { displayPath, excerpt, type Finding, type ManifestPath } from './errors.js'

export function ruleFindings(data: unknown): Finding[] {
  const findings: Finding[] = []
  const channelIds = new Map<string, ManifestPath>()
  const endpointIds = new Map<string, ManifestPath>()

  for (const [channel, channelPath] of records(field(data, 'channels'), ['channels'])) {
    claimId(channel, channelPath, channelIds, 'channel', 'channel ids are unique in the manifest', findings)
    findings.push(...cdnAuthorizationFindings(channel['cdn-authorization'], [...channelPath, 'cdn-authorization']))
    for (const [endpoint, endpointPath] of records(channel.endpoints, [...channelPath, 'endpoints'])) {
      // MediaPackage endpoint ids are unique in the Region, not only in their channel.
      claimId(endpoint, endpointPath, endpointIds, 'endpoint', 'endpoint ids are unique across the whole manifest, not only within a channel', findings)
      findings.push(...endpointFindings(endpoint, endpointPath))
      findings.push(...retiredChannelFindings(channel, endpoint, endpointPath))
    }
  }
  findings.push(...channelGroupFindings(field(data, 'channel-groups')))
  return findings
}

/**
 * MediaPackage v2: group names are unique in the account and Region, channel names in their group,
 * endpoint names in their channel; the endpoint rules MediaPackage v2 refuses with a ValidationException.
 */
function channelGroupFindings(groups: unknown): Finding[] {
  const findings: Finding[] = []
  const groupIds = new Map<string, ManifestPath>()
  for (const [group, groupPath] of records(groups, ['channel-groups'])) {
    claimId(group, groupPath, groupIds, 'channel group', 'channel group names are unique in an account and Region', findings)
    const channelIds = new Map<string, ManifestPath>()
    for (const [channel, channelPath] of records(group.channels, [...groupPath, 'channels'])) {
      claimId(channel, channelPath, channelIds, 'channel', 'channel names are unique within their channel group', findings)
      findings.push(...cmafInputFindings(channel, channelPath, undefined), ...retiredGroupFindings(group, channel, channelPath))
      // A channel of a retired group is retired with it (unless it says `present`, reported above).
      const retired = { state: channel.state ?? group.state }
      const endpointIds = new Map<string, ManifestPath>()
      for (const [endpoint, endpointPath] of records(channel.endpoints, [...channelPath, 'endpoints'])) {
        claimId(endpoint, endpointPath, endpointIds, 'endpoint', 'endpoint names are unique within their channel', findings)
        findings.push(...cmafInputFindings(channel, channelPath, [endpoint, endpointPath]), ...v2EndpointFindings(endpoint, endpointPath))
        findings.push(...retiredChannelFindings(retired, endpoint, endpointPath))
      }
    }
  }
  return findings
}

/** Settings MediaPackage v2 takes only on channels whose input type is CMAF (it refuses them with ONLY_CMAF_INPUT_TYPE_ALLOW_…). */
function cmafInputFindings(
  channel: Record<string, unknown>,
  channelPath: ManifestPath,
  endpoint: [Record<string, unknown>, ManifestPath] | undefined
): Finding[] {
  if (channel['input-type'] === 'CMAF') return []
  const [owner, ownerPath] = endpoint ?? [channel, channelPath]
  const keys = endpoint ? ['force-endpoint-error-configuration'] : ['input-switch-configuration', 'output-header-configuration']
  const inputType = typeof channel['input-type'] === 'string' ? `input-type ${channel['input-type']}` : 'no input-type (HLS)'
  return keys
    .filter((key) => owner[key] !== undefined)
    .map((key) => ({
      message:
        `\`${displayPath([...ownerPath, key])}\` needs a channel with \`input-type: CMAF\`; \`${displayPath(channelPath)}\` has ${inputType}. ` +
        'MediaPackage v2 takes this setting for CMAF ingest only',
      path: [...ownerPath, key],
      at: 'key' as const
    }))
}

function v2EndpointFindings(endpoint: Record<string, unknown>, path: ManifestPath): Finding[] {
  const findings: Finding[] = []
  const container = endpoint.container
  if (container === 'TS' && Array.isArray(endpoint['dash-manifests']) && endpoint['dash-manifests'].length > 0) {
    findings.push({
      message: `\`${displayPath([...path, 'dash-manifests'])}\` needs \`container: CMAF\`: MediaPackage v2 serves DASH from CMAF segments only, not TS`,
      path: [...path, 'dash-manifests'],
      at: 'key'
    })
  }
  // HLS and LL-HLS manifests share one name space (their URLs are both `<name>.m3u8`); DASH has its own.
  const hlsNames = new Map<string, ManifestPath>()
  for (const list of ['hls-manifests', 'low-latency-hls-manifests'] as const) {
    for (const [manifest, manifestPath] of records(endpoint[list], [...path, list])) {
      claimName(manifest, manifestPath, hlsNames, 'HLS and low-latency HLS manifest names are unique within an endpoint (both are `<name>.m3u8`)', findings)
    }
  }
  const dashNames = new Map<string, ManifestPath>()
  for (const [manifest, manifestPath] of records(endpoint['dash-manifests'], [...path, 'dash-manifests'])) {
    claimName(manifest, manifestPath, dashNames, 'DASH manifest names are unique within an endpoint', findings)
  }
  const segment = endpoint.segment
  const method = isRecord(segment) && isRecord(segment.encryption) ? segment.encryption['encryption-method'] : undefined
  if (isRecord(method)) {
    const wrong = container === 'TS' ? 'cmaf-encryption-method' : container === 'CMAF' ? 'ts-encryption-method' : undefined
    const methodPath = [...path, 'segment', 'encryption', 'encryption-method']
    if (wrong && method[wrong] !== undefined) {
      findings.push({
        message: `\`${displayPath([...methodPath, wrong])}\` does not fit \`container: ${String(container)}\`: use \`${container === 'TS' ? 'ts' : 'cmaf'}-encryption-method\``,
        path: [...methodPath, wrong],
        at: 'key'
      })
    }
  }
  return findings
}

function claimName(item: Record<string, unknown>, path: ManifestPath, taken: Map<string, ManifestPath>, rule: string, findings: Finding[]): void {
  const name = item.name
  if (typeof name !== 'string') return
  const first = taken.get(name)
  if (first === undefined) {
    taken.set(name, path)
    return
  }
  findings.push({ message: `duplicate manifest name \`${excerpt(name)}\`: \`${displayPath(first)}\` already uses it; ${rule}`, path: [...path, 'name'] })
}

/** Turning CDN authorization on needs the secret and the role; turning it off (`enabled: false`) needs neither. */
function cdnAuthorizationFindings(config: unknown, path: ManifestPath): Finding[] {
  if (!isRecord(config) || config.enabled === false) return []
  const needed: Record<string, string> = {
    secret: 'the Secrets Manager secret holding MediaPackageCDNIdentifier (needed unless `enabled: false`)',
    'role-arn': 'the IAM role that lets MediaPackage read the secret (needed unless `enabled: false`)'
  }
  return Object.entries(needed)
    .filter(([key]) => config[key] === undefined)
    .map(([key, about]) => ({ message: `missing required key \`${key}\` in ${displayPath(path)}: ${about}`, path }))
}

/** A retired channel group takes every channel with it: one it lists as explicitly `present` cannot stay. */
function retiredGroupFindings(group: Record<string, unknown>, channel: Record<string, unknown>, path: ManifestPath): Finding[] {
  if (group.state !== 'absent' || channel.state !== 'present') return []
  const id = typeof channel.id === 'string' ? `channel \`${channel.id}\`` : `\`${displayPath(path)}\``
  return [
    {
      message:
        `${id} is \`state: present\` but its channel group is \`state: absent\`: a group is deleted only with all of its channels. ` +
        'Move the channel to a group that stays, or drop `state: present`',
      path: [...path, 'state']
    }
  ]
}

/** A retired channel takes every endpoint with it: one it lists as explicitly `present` cannot stay. */
function retiredChannelFindings(channel: Record<string, unknown>, endpoint: Record<string, unknown>, path: ManifestPath): Finding[] {
  if (channel.state !== 'absent' || endpoint.state !== 'present') return []
  const id = typeof endpoint.id === 'string' ? `endpoint \`${endpoint.id}\`` : `\`${displayPath(path)}\``
  return [
    {
      message:
        `${id} is \`state: present\` but its channel is \`state: absent\`: retiring a channel deletes every endpoint of it. ` +
        'Move the endpoint to a channel that stays, or drop `state: present`',
      path: [...path, 'state']
    }
  ]
}

function endpointFindings(endpoint: Record<string, unknown>, path: ManifestPath): Finding[] {
  const findings: Finding[] = []
  const delay = endpoint['time-delay-seconds']
  const startover = endpoint['startover-window-seconds']
  if (typeof delay === 'number' && typeof startover === 'number' && delay >= startover) {
    findings.push({
      message:
        `\`${displayPath([...path, 'time-delay-seconds'])}\` (${delay}) must be less than ` +
        `\`startover-window-seconds\` (${startover}): MediaPackage requires the delay to be shorter than the startover window`,
      path: [...path, 'time-delay-seconds']
    })
  }

  for (const packaging of ['hls', 'dash', 'cmaf', 'mss'] as const) {
    const spec = endpoint[packaging]
    if (!isRecord(spec)) continue
    const packagingPath = [...path, packaging]
    findings.push(...dateRangeFindings(spec, packagingPath))
    // Encryption contracts exist on DASH and CMAF only; elsewhere the schema reports the key as unknown.
    if (packaging === 'dash' || packaging === 'cmaf') findings.push(...encryptionFindings(spec, packagingPath))
    findings.push(...streamSelectionFindings(spec, packagingPath))
    if (packaging === 'cmaf') {
      const manifestIds = new Map<string, ManifestPath>()
      for (const [manifest, manifestPath] of records(spec['hls-manifests'], [...packagingPath, 'hls-manifests'])) {
        claimId(manifest, manifestPath, manifestIds, 'HLS manifest', 'HLS manifest ids are unique within an endpoint', findings)
        findings.push(...dateRangeFindings(manifest, manifestPath))
      }
    }
  }
  return findings
}

/** DATERANGE tags are placed by program date time, so MediaPackage needs an interval above 0. */
function dateRangeFindings(spec: Record<string, unknown>, path: ManifestPath): Finding[] {
  if (spec['ad-markers'] !== 'DATERANGE') return []
  const interval = spec['program-date-time-interval-seconds']
  if (typeof interval === 'number' && interval > 0) return []
  return [
    {
      message:
        `\`${displayPath([...path, 'ad-markers'])}\` DATERANGE needs \`program-date-time-interval-seconds\` above 0 ` +
        'in the same block: EXT-X-DATERANGE tags are placed by program date time',
      path: [...path, 'ad-markers']
    }
  ]
}

/** SPEKE 2.0 (an encryption contract) works only with key rotation turned off. */
function encryptionFindings(spec: Record<string, unknown>, path: ManifestPath): Finding[] {
  const encryption = spec.encryption
  if (!isRecord(encryption) || !isRecord(encryption['speke-key-provider'])) return []
  if (encryption['speke-key-provider']['encryption-contract-configuration'] === undefined) return []
  if (encryption['key-rotation-interval-seconds'] === 0) return []
  const encryptionPath = [...path, 'encryption']
  return [
    {
      message:
        `\`${displayPath([...encryptionPath, 'speke-key-provider', 'encryption-contract-configuration'])}\` (SPEKE 2.0) ` +
        `needs key rotation off: set \`key-rotation-interval-seconds: 0\` in \`${displayPath(encryptionPath)}\``,
      path: [...encryptionPath, 'speke-key-provider', 'encryption-contract-configuration'],
      at: 'key'
    }
  ]
}

function streamSelectionFindings(spec: Record<string, unknown>, path: ManifestPath): Finding[] {
  const selection = spec['stream-selection']
  if (!isRecord(selection)) return []
  const min = selection['min-video-bits-per-second']
  const max = selection['max-video-bits-per-second']
  if (typeof min !== 'number' || typeof max !== 'number' || min <= max) return []
  const minPath = [...path, 'stream-selection', 'min-video-bits-per-second']
  return [
    {
      message: `\`${displayPath(minPath)}\` (${min}) is above \`max-video-bits-per-second\` (${max}): no stream could be selected`,
      path: minPath
    }
  ]
}

/** Records `item.id` as taken, or reports it taken already. */
function claimId(item: Record<string, unknown>, path: ManifestPath, taken: Map<string, ManifestPath>, kind: string, rule: string, findings: Finding[]): void {
  const id = item.id
  if (typeof id !== 'string') return
  const first = taken.get(id)
  if (first === undefined) {
    taken.set(id, path)
    return
  }
  findings.push({
    message: `duplicate ${kind} id \`${excerpt(id)}\`: \`${displayPath(first)}\` already uses it; ${rule}`,
    path: [...path, 'id']
  })
}

/** The mappings in a list, with their paths; anything else is the schema's to report. */
function records(list: unknown, path: ManifestPath): [Record<string, unknown>, ManifestPath][] {
  if (!Array.isArray(list)) return []
  return (list as unknown[]).flatMap((item, index) => (isRecord(item) ? [[item, [...path, index]] as [Record<string, unknown>, ManifestPath]] : []))
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
