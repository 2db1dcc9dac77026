import type { TaggedDistribution } from '../../aws/cloudfront.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import type { ChannelObservation } from '../../workflow/model.js'
import type { Log, Services } from '../../workflow/runtime.js'

/** Registers every ingest password as a secret the moment it is read (issue 3: never in logs or outputs). */
export function maskIngestPasswords(channel: { HlsIngest?: { IngestEndpoints?: { Password?: string }[] } } | undefined, log: Log): void {
  for (const endpoint of channel?.HlsIngest?.IngestEndpoints ?? []) if (endpoint.Password) log.secret(endpoint.Password)
}

/** The one distribution tagged with this channel ARN; more than one is a conflict a person must settle. */
export function pickTagged(tagged: readonly TaggedDistribution[], channelId: string, channelArn: string): TaggedDistribution | undefined {
  const matches = tagged.filter((entry) => entry.tagValue === channelArn)
  if (matches.length > 1) {
    throw new UserError(
      `Channel ${channelId}: ${matches.length} distributions carry the tag mediapackage:cloudfront_assoc=${channelArn} ` +
        `(${matches.map((entry) => entry.id).join(', ')}). The action manages exactly one and will not guess: ` +
        'remove the tag from all but the one to keep.'
    )
  }
  return matches[0]
}

/**
 * Reads what AWS holds for one channel. Channel and endpoints are read at once; the shared tag look-up
 * is already under way, so a converged channel costs two round trips: (DescribeChannel ‖
 * ListOriginEndpoints ‖ GetResources) then GetDistribution.
 */
export async function observeChannel(
  services: Services,
  spec: ChannelSpec,
  tagged: Promise<TaggedDistribution[]>,
  log: Log,
  mode: 'plan' | 'apply'
): Promise<ChannelObservation> {
  const [channel, endpoints, secret] = await Promise.all([
    services.mediapackage.describeChannel(spec.id),
    services.mediapackage.listEndpoints(spec.id),
    observeSecret(services, spec, mode)
  ])
  maskIngestPasswords(channel, log)
  if (!channel?.Arn) return { channel, endpoints, secret }
  const match = pickTagged(await tagged, spec.id, channel.Arn)
  const distribution = match ? await services.cloudfront.getDistribution(match.id) : undefined
  return { channel, endpoints, distribution, secret }
}

/** The CDN authorization secret: its value in apply mode (masked as it is read), only its ARN in plan mode. */
async function observeSecret(services: Services, spec: ChannelSpec, mode: 'plan' | 'apply'): Promise<ChannelObservation['secret']> {
  const config = spec['cdn-authorization']
  const secretId = config && config.enabled !== false ? config.secret : undefined
  if (!secretId) return undefined
  if (mode === 'plan') return services.secrets.describe(secretId)
  const current = await services.secrets.readIdentifier(secretId)
  return current ? { arn: current.arn, current } : undefined
}
