import type { Distribution } from '@aws-sdk/client-cloudfront'
import { viewerPath } from '../cloudfront/viewer-path.js'
import type { DistributionSpec } from '../manifest/definition.js'

/** Viewers' host: the manifest's first alias when it has one (custom domain), else the cloudfront.net name. */
export function cdnHost(spec: DistributionSpec | undefined, distribution: Distribution | undefined): string | undefined {
  return spec?.aliases?.[0] ?? distribution?.DomainName
}

/**
 * The URL a viewer plays: the origin URL with its host swapped for the CDN's and the same path, which
 * is what a path-less origin serves; under an origin with an Origin Path, the path the distribution
 * maps onto it. https://docs.aws.amazon.com/mediapackage/latest/ug/cdns-create-mp.html
 */
export function playbackUrl(originUrl: string, host: string, distribution?: Distribution): string {
  const url = new URL(originUrl)
  const config = distribution?.DistributionConfig
  const path = (config && viewerPath(config, url.host, url.pathname)) ?? url.pathname
  return `https://${host}${path}${url.search}`
}
