/** The tag the MediaPackage console puts on the distribution it creates; value = channel ARN (aws-facts §1.2). */
export const ASSOC_TAG = 'mediapackage:cloudfront_assoc'

/**
 * Managed cache policy "Elemental-MediaPackage": forwards the query strings MediaPackage reads
 * (aws.manifestfilter, start, end, m) and honours origin cache headers. A managed policy id is the
 * same in every account.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 */
export const MEDIAPACKAGE_CACHE_POLICY_ID = '08627262-05a9-4f76-9ded-b50ca2e3a84f'

/**
 * The console creates the distribution before any endpoint exists, with a placeholder origin that the
 * first endpoint replaces (aws-facts §1.3). Same names, so a console-made distribution is adopted as is.
 */
export const PLACEHOLDER_ORIGIN_ID = 'TEMP_ORIGIN_ID/channel'
export const PLACEHOLDER_DOMAIN = 'mediapackage.amazonaws.com'

/** Error codes whose responses CloudFront should cache only briefly, so a live glitch heals in a second. */
export const ERROR_CODES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504] as const
export const DEFAULT_ERROR_CACHING_MIN_TTL = 1

/** MediaPackage v1 CDN authorization header (user guide, "CDN authorization"). */
export const CDN_IDENTIFIER_HEADER = 'X-MediaPackage-CDNIdentifier'

/** CloudFront quota: cache behaviors per distribution (aws-facts §3.7). */
export const MAX_CACHE_BEHAVIORS = 75
