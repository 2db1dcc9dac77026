import type { OriginEndpoint } from '@aws-sdk/client-mediapackage'
import { UserError } from '../../errors.js'

/** The URLs an endpoint serves: its Url, or one per manifest for CMAF. */
export function endpointUrls(endpoint: OriginEndpoint): string[] {
  const manifests = endpoint.CmafPackage?.HlsManifests ?? []
  const urls = [endpoint.Url, ...manifests.map((manifest) => manifest.Url)]
  return urls.filter((url): url is string => typeof url === 'string' && url.length > 0)
}

/**
 * The one MediaPackage host all the channel's endpoints share, if any endpoint exists yet: the console
 * makes one origin for them all. https://docs.aws.amazon.com/mediapackage/latest/ug/cdns-create-mp.html
 */
export function endpointHost(channelId: string, endpoints: readonly OriginEndpoint[]): string | undefined {
  const hosts = [...new Set(endpoints.flatMap(endpointUrls).map((url) => new URL(url).host))]
  if (hosts.length > 1) {
    throw new UserError(`The endpoints of channel ${channelId} are on different hosts (${hosts.join(', ')}); one CloudFront origin cannot serve them all.`)
  }
  return hosts[0]
}
