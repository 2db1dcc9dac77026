import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { DEFAULT_ERROR_CACHING_MIN_TTL, ERROR_CODES, LIMITS } from './constants.js'
import type { DistributionIntent } from './intent.js'
import { mergeDistributionConfig, type MergedConfig } from './merge.js'
import { newCacheBehavior, newOrigin, withinLimit } from './parts.js'

/**
 * The whole config for a new distribution. Settings the manifest leaves out get the defaults CloudFront
 * advises for live media origins. A pending origin (plan mode) is described, not built.
 */
export function newDistributionConfig(intent: DistributionIntent): MergedConfig {
  const target = intent.origin
  const origin = target.kind === 'pending' ? undefined : newOrigin(target.id, target.host, intent)
  const originId = origin?.Id ?? ''
  const { PathPattern: _unused, ...defaultBehavior } = newCacheBehavior({ pattern: '*' }, originId, intent.cachePolicyId)
  const base: DistributionConfig = {
    CallerReference: intent.callerReference,
    Comment: withinLimit(intent.defaultComment, LIMITS.comment),
    Enabled: true,
    PriceClass: 'PriceClass_All',
    HttpVersion: 'http2and3',
    IsIPV6Enabled: true,
    DefaultRootObject: '',
    Aliases: { Quantity: 0 },
    Origins: { Quantity: origin ? 1 : 0, Items: origin ? [origin] : [] },
    OriginGroups: { Quantity: 0 },
    DefaultCacheBehavior: defaultBehavior,
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: {
      Quantity: ERROR_CODES.length,
      Items: ERROR_CODES.map((code) => ({ ErrorCode: code, ErrorCachingMinTTL: intent.spec['error-caching-min-ttl'] ?? DEFAULT_ERROR_CACHING_MIN_TTL }))
    },
    Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront' },
    WebACLId: ''
  }
  // The same pass an update makes: behaviors, Origin Shield, aliases, certificate… are set in one place.
  const merged = mergeDistributionConfig(base, intent)
  return {
    config: merged.config,
    fields: [
      {
        field: 'origin',
        to: target.kind === 'host' ? target.host : target.kind === 'pending' ? '(known after apply)' : `${target.host} (placeholder until the first endpoint)`,
        pending: target.kind === 'pending'
      }
    ]
  }
}
