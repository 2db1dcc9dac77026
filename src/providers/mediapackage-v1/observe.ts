import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import type { CdnIdentifier, Secrets } from '../../aws/secrets.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import type { Log } from '../../workflow/runtime.js'
import type { MediaPackage } from './client.js'

/** What AWS holds for one manifest channel, read before any decision. */
export interface V1Seen {
  channel?: Channel | undefined
  endpoints: OriginEndpoint[]
  /** Endpoints the manifest names that exist on another channel (ids are unique in a Region). */
  elsewhere: OriginEndpoint[]
  /** The CDN authorization secret, when the channel uses one and it exists; its value only in apply mode. */
  secret?: { arn: string; current?: CdnIdentifier | undefined } | undefined
}

/** Registers every ingest password as a secret the moment it is read: never in logs or outputs. */
export function maskIngestPasswords(channel: { HlsIngest?: { IngestEndpoints?: { Password?: string }[] } } | undefined, log: Log): void {
  for (const endpoint of channel?.HlsIngest?.IngestEndpoints ?? []) if (endpoint.Password) log.secret(endpoint.Password)
}

export interface V1Clients {
  mediapackage: MediaPackage
  secrets: Secrets
}

/**
 * Reads the channel, its endpoints and its secret at once: a converged channel costs one round trip
 * here. Endpoints the manifest names that the channel lacks are looked up by id, because an id taken
 * by another channel (a renamed channel that kept its endpoint ids) must stop the run before any write.
 */
export async function observeV1(clients: V1Clients, spec: ChannelSpec, log: Log, mode: 'plan' | 'apply'): Promise<V1Seen> {
  // A retired channel needs only what it deletes: the channel and its endpoints.
  const retired = spec.state === 'absent'
  const [channel, endpoints, secret] = await Promise.all([
    clients.mediapackage.describeChannel(spec.id),
    clients.mediapackage.listEndpoints(spec.id),
    retired ? undefined : observeSecret(clients.secrets, spec, mode)
  ])
  maskIngestPasswords(channel, log)
  if (retired) return { channel, endpoints, elsewhere: [] }
  // A retired endpoint another channel holds is not ours to delete, nor an id conflict.
  const missing = (spec.endpoints ?? []).filter((wanted) => wanted.state !== 'absent' && !endpoints.some((endpoint) => endpoint.Id === wanted.id))
  const found = await Promise.all(missing.map((wanted) => clients.mediapackage.describeEndpoint(wanted.id)))
  const elsewhere = found.filter((endpoint): endpoint is OriginEndpoint => endpoint !== undefined && endpoint.ChannelId !== spec.id)
  return { channel, endpoints, elsewhere, secret }
}

/** The CDN authorization secret: its value in apply mode (masked as it is read), only its ARN in plan mode. */
async function observeSecret(secrets: Secrets, spec: ChannelSpec, mode: 'plan' | 'apply'): Promise<V1Seen['secret']> {
  const config = spec['cdn-authorization']
  const secretId = config && config.enabled !== false ? config.secret : undefined
  if (!secretId) return undefined
  if (mode === 'plan') return secrets.describe(secretId)
  const current = await secrets.readIdentifier(secretId)
  return current ? { arn: current.arn, current } : undefined
}
