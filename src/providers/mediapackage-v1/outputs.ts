import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import type { Distribution } from '@aws-sdk/client-cloudfront'
import type { ChannelSpec } from '../../manifest/definition.js'
import { packagingOf } from './to-api.js'
import type { Change, ChannelResult, EndpointOutput } from '../../workflow/model.js'
import { endpointUrls } from './plan.js'

/** Viewers' host: the manifest's first alias when it has one (custom domain), else the cloudfront.net name. */
export function cdnHost(spec: ChannelSpec, distribution: Distribution | undefined): string | undefined {
  return spec.distribution?.aliases?.[0] ?? distribution?.DomainName
}

/** The endpoint URL with its host swapped for the CDN's; the path is the same (aws-facts §1.5). */
export function playbackUrl(originUrl: string, host: string): string {
  const url = new URL(originUrl)
  return `https://${host}${url.pathname}${url.search}`
}

function endpointOutputs(spec: ChannelSpec, endpoints: readonly OriginEndpoint[], host: string | undefined): EndpointOutput[] {
  return (spec.endpoints ?? []).map((endpointSpec) => {
    const endpoint = endpoints.find((candidate) => candidate.Id === endpointSpec.id)
    const originUrls = endpoint ? endpointUrls(endpoint) : []
    return {
      id: endpointSpec.id,
      packaging: packagingOf(endpointSpec),
      originUrls,
      playbackUrls: host ? originUrls.map((url) => playbackUrl(url, host)) : []
    }
  })
}

/** Everything reported for one channel, from what AWS now holds. */
export function channelResult(
  spec: ChannelSpec,
  channel: Channel | undefined,
  endpoints: readonly OriginEndpoint[],
  distribution: Distribution | undefined,
  changes: Change[]
): ChannelResult {
  const host = cdnHost(spec, distribution)
  return {
    id: spec.id,
    arn: channel?.Arn,
    distributionId: distribution?.Id,
    distributionDomain: distribution?.DomainName,
    distributionStatus: distribution?.Status,
    cdnUrl: host ? `https://${host}` : undefined,
    endpoints: endpointOutputs(spec, endpoints, host),
    ingest: (channel?.HlsIngest?.IngestEndpoints ?? []).map((ingest) => ({
      id: ingest.Id ?? '',
      url: ingest.Url ?? '',
      username: ingest.Username ?? ''
    })),
    changes
  }
}
