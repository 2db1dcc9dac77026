import type { Distribution, DistributionConfig } from '@aws-sdk/client-cloudfront'
import type { FieldChange } from '../change.js'

/**
 * The pure pieces of taking a distribution down. CloudFront deletes only a distribution that is
 * disabled and whose disable has Deployed, so a teardown is: disable, wait for Deployed, delete.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowToDeleteDistribution.html
 */

/** Where CloudFront publishes its metrics, whatever the Region of the rest. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1'

/** The metric that counts a distribution's viewer requests: AWS/CloudFront Requests, by DistributionId and Region=Global. */
export function requestsMetric(distributionId: string) {
  return { namespace: 'AWS/CloudFront', metricName: 'Requests', dimensions: { DistributionId: distributionId, Region: 'Global' } }
}

export function isDisabled(distribution: Pick<Distribution, 'DistributionConfig'>): boolean {
  return distribution.DistributionConfig?.Enabled === false
}

/**
 * The config with Enabled false and everything else as it is: UpdateDistribution replaces the whole
 * config, so what a person set stays, and a retained distribution keeps all of it (its tag is not part
 * of the config, so it stays too).
 */
export function disabledConfig(config: DistributionConfig): { config: DistributionConfig; fields: FieldChange[] } {
  if (config.Enabled === false) return { config, fields: [] }
  return { config: { ...structuredClone(config), Enabled: false }, fields: [{ field: 'enabled', from: 'true', to: 'false' }] }
}
