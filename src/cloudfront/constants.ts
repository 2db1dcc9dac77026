/** Error codes whose responses CloudFront should cache only briefly, so a live glitch heals in a second. */
export const ERROR_CODES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504] as const
export const DEFAULT_ERROR_CACHING_MIN_TTL = 1

/**
 * CloudFront limits on what the action generates.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html
 */
export const LIMITS = {
  cacheBehaviors: 75,
  origins: 100,
  comment: 128,
  callerReference: 128,
  originId: 128
} as const
