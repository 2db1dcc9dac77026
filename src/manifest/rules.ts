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
  return findings
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
