/**
 * What the MediaPackage v1 console does when it makes a channel's CloudFront distribution, so a
 * distribution the console made and one the action made look alike and each adopts the other.
 * https://docs.aws.amazon.com/mediapackage/latest/ug/cdns-create-mp.html
 */

/** The tag the console puts on the distribution it creates; its value is the channel ARN. */
export const ASSOC_TAG = 'mediapackage:cloudfront_assoc'

/**
 * The console creates the distribution before any endpoint exists, with a placeholder origin that the
 * first endpoint replaces. Same names, so a console-made distribution is adopted as it is.
 */
export const PLACEHOLDER = { id: 'TEMP_ORIGIN_ID/channel', host: 'mediapackage.amazonaws.com' } as const

/**
 * Managed cache policy "Elemental-MediaPackage": forwards the query strings MediaPackage reads
 * (aws.manifestfilter, start, end, m) and honours origin cache headers. Its id is the same in every account.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 */
export const MEDIAPACKAGE_CACHE_POLICY_ID = '08627262-05a9-4f76-9ded-b50ca2e3a84f'

/** MediaPackage v1 CDN authorization header. https://docs.aws.amazon.com/mediapackage/latest/ug/cdn-auth.html */
export const CDN_IDENTIFIER_HEADER = 'X-MediaPackage-CDNIdentifier'

/**
 * MediaPackage accepts the secret's current value and the one before; it takes up to 10 minutes to
 * notice a new version. https://docs.aws.amazon.com/mediapackage/latest/ug/cdn-auth-rotate.html
 */
export const ROTATION_GRACE_MS = 10 * 60_000

export const CALLER_REFERENCE_PREFIX = 'mediapackage-cloudfront-action'

/** `MP-<first host label>`, as the console names its origin. */
export function originIdFor(host: string): string {
  return `MP-${host.split('.')[0] ?? host}`
}

export function defaultComment(channelId: string): string {
  return `MediaPackage channel ${channelId}`
}
