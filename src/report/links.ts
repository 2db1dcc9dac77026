/** Console deep links, in the form AWS's Media Services Application Mapper uses for MediaPackage. */
export function channelConsoleUrl(channelId: string, region: string): string {
  return `https://${region}.console.aws.amazon.com/mediapackage/home?region=${region}#/channels/${encodeURIComponent(channelId)}`
}

export function endpointConsoleUrl(channelId: string, endpointId: string, region: string): string {
  return `${channelConsoleUrl(channelId, region)}/endpoints/${encodeURIComponent(endpointId)}`
}

/** CloudFront is global; its console lives in us-east-1. */
export function distributionConsoleUrl(distributionId: string): string {
  return `https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/${encodeURIComponent(distributionId)}`
}
