/**
 * The CloudWatch points a viewer request leaves behind, as the real services publish them, so a
 * test that plays a channel through the fake can then see the traffic with GetMetricData:
 * - CloudFront `Requests` in us-east-1, dimensions DistributionId + Region=Global
 *   (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html);
 * - MediaPackage `EgressRequestCount` in the channel's Region, under each dimension set MediaPackage
 *   publishes it with; Channel and OriginEndpoint are the GUIDs at the end of the ARNs
 *   (https://docs.aws.amazon.com/mediapackage/latest/ug/metrics.html).
 */
import type { EndpointRecord } from './mediapackage-model.js'
import type { FakeState } from './state.js'

export const CLOUDFRONT_METRICS_REGION = 'us-east-1'

const guid = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)

/** One viewer request that reached the distribution's edge. */
export function recordViewerRequest(state: FakeState, distributionId: string, now: number): void {
  state.putMetric({
    region: CLOUDFRONT_METRICS_REGION,
    namespace: 'AWS/CloudFront',
    metricName: 'Requests',
    dimensions: { DistributionId: distributionId, Region: 'Global' },
    timestamp: now,
    value: 1
  })
}

/** One request MediaPackage answered from `endpoint` with `status`. */
export function recordEgressRequest(state: FakeState, endpoint: EndpointRecord, status: number, now: number): void {
  const channel = state.channels.get(endpoint.ChannelId)
  const range = { StatusCodeRange: `${Math.floor(status / 100)}xx` }
  const sets: Record<string, string>[] = [{}, range]
  if (channel) {
    const ids = { Channel: guid(channel.Arn), OriginEndpoint: guid(endpoint.Arn) }
    sets.push({ Channel: ids.Channel }, { Channel: ids.Channel, ...range }, ids, { ...ids, ...range })
  }
  for (const dimensions of sets) {
    state.putMetric({
      region: state.region,
      namespace: 'AWS/MediaPackage',
      metricName: 'EgressRequestCount',
      dimensions,
      timestamp: now,
      value: 1,
      unit: 'Count'
    })
  }
}
