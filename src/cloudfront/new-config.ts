import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { DEFAULT_ERROR_CACHING_MIN_TTL, ERROR_CODES } from './constants.js'
import type { DistributionIntent } from './intent.js'
import { mergeDistributionConfig } from './merge.js'
import { callerReferenceFor, newCacheBehavior, newOrigin, originIdOf } from './parts.js'

/** The whole config for a new distribution. Settings the manifest leaves out get the defaults CloudFront advises for MediaPackage. */
export function newDistributionConfig(intent: DistributionIntent): DistributionConfig {
  const originId = originIdOf(intent)
  const { PathPattern: _unused, ...defaultBehavior } = newCacheBehavior('*', originId)
  const base: DistributionConfig = {
    CallerReference: callerReferenceFor(intent.channelArn),
    Comment: `MediaPackage channel ${intent.channelId}`,
    Enabled: true,
    PriceClass: 'PriceClass_All',
    HttpVersion: 'http2and3',
    IsIPV6Enabled: true,
    DefaultRootObject: '',
    Aliases: { Quantity: 0 },
    Origins: { Quantity: 1, Items: [newOrigin(intent)] },
    OriginGroups: { Quantity: 0 },
    DefaultCacheBehavior: defaultBehavior,
    CacheBehaviors:
      intent.origin.kind === 'placeholder'
        ? { Quantity: 0 }
        : { Quantity: intent.patterns.length, Items: intent.patterns.map((p) => newCacheBehavior(p, originId)) },
    CustomErrorResponses: {
      Quantity: ERROR_CODES.length,
      Items: ERROR_CODES.map((code) => ({
        ErrorCode: code,
        ErrorCachingMinTTL: intent.spec['error-caching-min-ttl'] ?? DEFAULT_ERROR_CACHING_MIN_TTL
      }))
    },
    Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront' },
    WebACLId: ''
  }
  // The same pass an update makes: Origin Shield, aliases, certificate… are set in one place.
  return mergeDistributionConfig(base, intent).config
}
