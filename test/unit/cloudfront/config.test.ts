import { describe, expect, it } from '@jest/globals'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { sameValue } from '../../../src/cloudfront/canonical.js'
import { describeField } from '../../../src/change.js'
import type { DistributionIntent } from '../../../src/cloudfront/intent.js'
import { mergeDistributionConfig as merge } from '../../../src/cloudfront/merge.js'
import { newDistributionConfig as newConfig } from '../../../src/cloudfront/new-config.js'
import { callerReferenceFor } from '../../../src/cloudfront/parts.js'
import { UserError } from '../../../src/errors.js'
import { CALLER_REFERENCE_PREFIX, MEDIAPACKAGE_CACHE_POLICY_ID, originIdFor, PLACEHOLDER } from '../../../src/providers/mediapackage-v1/console.js'

const PLACEHOLDER_ORIGIN_ID = PLACEHOLDER.id

const ARN = 'arn:aws:mediapackage:us-west-2:123456789012:channels/0123456789abcdef0123456789abcdef'
const HOST = 'abcdef0123456789.mediapackage.us-west-2.amazonaws.com'

type Overrides = Omit<Partial<DistributionIntent>, 'patterns' | 'origin'> & { patterns?: string[]; origin?: 'placeholder' | 'host'; channelArn?: string }

/** A v1-shaped intent, as the MediaPackage v1 provider makes it. */
function intent(overrides: Overrides = {}): DistributionIntent {
  const { patterns = ['*.m3u8', '*.ts'], origin = 'host', channelArn = ARN, ...rest } = overrides
  return {
    channel: 'news',
    callerReference: callerReferenceFor(CALLER_REFERENCE_PREFIX, channelArn),
    defaultComment: 'MediaPackage channel news',
    spec: {},
    origin: origin === 'placeholder' ? { kind: 'placeholder', ...PLACEHOLDER } : { kind: 'host', id: originIdFor(HOST), host: HOST },
    placeholder: PLACEHOLDER,
    patterns: patterns.map((pattern) => ({ pattern, smoothStreaming: pattern.endsWith('.ism/*') })),
    cachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID,
    bridge: 'keep',
    ...rest
  }
}

const newDistributionConfig = (value: DistributionIntent): DistributionConfig => newConfig(value).config
function mergeDistributionConfig(existing: DistributionConfig, value: DistributionIntent) {
  const merged = merge(existing, value)
  return { config: merged.config, notes: merged.fields.map(describeField) }
}

/** CloudFront answers InconsistentQuantities when a Quantity differs from its Items: check every list. */
function quantitiesConsistent(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(quantitiesConsistent)
  if (value === null || typeof value !== 'object') return true
  const record = value as Record<string, unknown>
  if ('Quantity' in record) {
    const items = (record.Items as unknown[] | undefined) ?? []
    if (record.Quantity !== items.length) return false
  }
  return Object.values(record).every(quantitiesConsistent)
}

describe('a new distribution', () => {
  it('starts on the console placeholder origin when the channel has no endpoint yet', () => {
    const config = newDistributionConfig(intent({ origin: 'placeholder', patterns: [] }))
    expect(config.Origins?.Items?.map((origin) => [origin.Id, origin.DomainName])).toEqual([[PLACEHOLDER_ORIGIN_ID, 'mediapackage.amazonaws.com']])
    expect(config.DefaultCacheBehavior?.TargetOriginId).toBe(PLACEHOLDER_ORIGIN_ID)
    expect(config.CacheBehaviors?.Quantity).toBe(0)
    expect(quantitiesConsistent(config)).toBe(true)
  })

  it('has one https-only origin on the endpoints host and a behavior per packaging pattern', () => {
    const config = newDistributionConfig(intent({ patterns: ['*.m3u8', '*.ts', '*.mpd', '*.mp4'] }))
    const origins = config.Origins?.Items ?? []
    expect(origins).toHaveLength(1)
    expect(origins[0]).toMatchObject({ Id: 'MP-abcdef0123456789', DomainName: HOST, CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } })
    const behaviors = config.CacheBehaviors?.Items ?? []
    expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(['*.m3u8', '*.ts', '*.mpd', '*.mp4'])
    for (const behavior of [...behaviors, config.DefaultCacheBehavior!]) {
      expect(behavior).toMatchObject({
        TargetOriginId: 'MP-abcdef0123456789',
        ViewerProtocolPolicy: 'redirect-to-https',
        CachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID
      })
      // A cache policy excludes the legacy TTL and ForwardedValues fields (CloudFront: InvalidArgument).
      expect(behavior).not.toHaveProperty('ForwardedValues')
      expect(behavior).not.toHaveProperty('MinTTL')
    }
    expect(config.CustomErrorResponses?.Items?.every((item) => item.ErrorCachingMinTTL === 1)).toBe(true)
    expect(quantitiesConsistent(config)).toBe(true)
  })

  it('derives its CallerReference from the channel ARN, so two runs can never make two', () => {
    expect(newDistributionConfig(intent()).CallerReference).toBe(newDistributionConfig(intent()).CallerReference)
    expect(newDistributionConfig(intent()).CallerReference).toContain(ARN)
  })

  it('keeps the CallerReference within CloudFront’s 128 characters for any ARN', () => {
    const long = `arn:aws-iso-b:mediapackage:${'x'.repeat(40)}-1:123456789012:channels/0123456789abcdef0123456789abcdef`
    const reference = newDistributionConfig(intent({ channelArn: long })).CallerReference!
    expect(reference.length).toBeLessThanOrEqual(128)
    expect(reference).not.toBe(newDistributionConfig(intent()).CallerReference)
  })

  it('turns a smooth-streaming pattern on for MSS only', () => {
    const config = newDistributionConfig(intent({ patterns: ['*.ism/*', '*.m3u8'] }))
    expect(config.CacheBehaviors?.Items?.map((behavior) => [behavior.PathPattern, behavior.SmoothStreaming])).toEqual([
      ['*.ism/*', true],
      ['*.m3u8', false]
    ])
  })

  it('applies the manifest distribution settings', () => {
    const config = newDistributionConfig(
      intent({
        spec: {
          comment: 'News',
          'price-class': 'PriceClass_100',
          aliases: ['live.example.com'],
          'certificate-arn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
          'http-version': 'http2',
          ipv6: false,
          'origin-shield-region': 'us-west-2',
          'error-caching-min-ttl': 5
        }
      })
    )
    expect(config).toMatchObject({ Comment: 'News', PriceClass: 'PriceClass_100', HttpVersion: 'http2', IsIPV6Enabled: false })
    expect(config.Aliases).toEqual({ Quantity: 1, Items: ['live.example.com'] })
    expect(config.ViewerCertificate).toMatchObject({
      ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      SSLSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
      CloudFrontDefaultCertificate: false
    })
    expect(config.Origins?.Items?.[0]?.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: 'us-west-2' })
    expect(config.CustomErrorResponses?.Items?.every((item) => item.ErrorCachingMinTTL === 5)).toBe(true)
  })
})

describe('merging into an existing distribution', () => {
  const placeholderConfig = (): DistributionConfig => newDistributionConfig(intent({ origin: 'placeholder', patterns: [] }))

  it('changes nothing when the distribution already matches', () => {
    const existing = newDistributionConfig(intent())
    const merged = mergeDistributionConfig(existing, intent())
    expect(merged.notes).toEqual([])
    expect(sameValue(merged.config, existing)).toBe(true)
  })

  it('treats an empty list written as {Quantity: 0, Items: []} like one written as {Quantity: 0}', () => {
    const existing = newDistributionConfig(intent())
    existing.Aliases = { Quantity: 0, Items: [] }
    expect(mergeDistributionConfig(existing, intent()).notes).toEqual([])
  })

  it('replaces the placeholder with the first endpoint host and retargets every behavior', () => {
    const merged = mergeDistributionConfig(placeholderConfig(), intent())
    const origins = merged.config.Origins?.Items ?? []
    expect(origins.map((origin) => [origin.Id, origin.DomainName])).toEqual([['MP-abcdef0123456789', HOST]])
    expect(merged.config.DefaultCacheBehavior?.TargetOriginId).toBe('MP-abcdef0123456789')
    expect(merged.config.CacheBehaviors?.Items?.map((behavior) => behavior.PathPattern)).toEqual(['*.m3u8', '*.ts'])
    expect(merged.notes.join('\n')).toMatch(/origin: mediapackage.amazonaws.com → abcdef/)
    expect(quantitiesConsistent(merged.config)).toBe(true)
  })

  it('adds behaviors for a new packaging and keeps the existing ones as they are', () => {
    const existing = newDistributionConfig(intent())
    existing.CacheBehaviors!.Items![0]!.Compress = true // tuned by hand
    const merged = mergeDistributionConfig(existing, intent({ patterns: ['*.m3u8', '*.ts', '*.mpd', '*.mp4'] }))
    expect(merged.config.CacheBehaviors?.Items?.map((behavior) => behavior.PathPattern)).toEqual(['*.m3u8', '*.ts', '*.mpd', '*.mp4'])
    expect(merged.config.CacheBehaviors?.Items?.[0]?.Compress).toBe(true)
    expect(merged.notes).toEqual(['behaviors: + *.mpd, *.mp4'])
  })

  it('keeps everything a person set by hand that the manifest does not own', () => {
    const existing = newDistributionConfig(intent())
    existing.Comment = 'edited in the console'
    existing.WebACLId = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1'
    existing.Logging = { Enabled: true, IncludeCookies: false, Bucket: 'logs.s3.amazonaws.com', Prefix: 'cf/' }
    existing.Restrictions = { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 1, Items: ['FR'] } }
    existing.Aliases = { Quantity: 1, Items: ['hand.example.com'] }
    existing.ViewerCertificate = {
      ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/hand',
      SSLSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021'
    }
    existing.Origins!.Items!.push({
      Id: 'images',
      DomainName: 'images.example.com',
      CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' }
    })
    existing.Origins!.Quantity = 2
    existing.CacheBehaviors!.Items!.unshift({ PathPattern: '/img/*', TargetOriginId: 'images', ViewerProtocolPolicy: 'allow-all' })
    existing.CacheBehaviors!.Quantity = 3
    const before = structuredClone(existing)

    const merged = mergeDistributionConfig(existing, intent({ patterns: ['*.m3u8', '*.ts', '*.mpd', '*.mp4'] }))
    const { CacheBehaviors: after, ...rest } = merged.config
    const { CacheBehaviors: was, ...restBefore } = before
    expect(sameValue(rest, restBefore)).toBe(true)
    expect(after?.Items?.slice(0, 3)).toEqual(was?.Items)
    expect(existing).toEqual(before) // the input is not mutated
  })

  it('leaves a behavior a person pointed at another origin on that origin', () => {
    const existing = newDistributionConfig(intent())
    existing.Origins!.Items!.push({
      Id: 'other',
      DomainName: 'other.example.com',
      CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' }
    })
    existing.Origins!.Quantity = 2
    existing.CacheBehaviors!.Items![0]!.TargetOriginId = 'other'
    const merged = mergeDistributionConfig(existing, intent())
    expect(merged.notes).toEqual([])
    expect(merged.config.CacheBehaviors?.Items?.[0]?.TargetOriginId).toBe('other')
  })

  it('adds manifest aliases without removing hand-added ones', () => {
    const existing = newDistributionConfig(intent())
    existing.Aliases = { Quantity: 1, Items: ['hand.example.com'] }
    const merged = mergeDistributionConfig(
      existing,
      intent({ spec: { aliases: ['live.example.com'], 'certificate-arn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } })
    )
    expect(merged.config.Aliases).toEqual({ Quantity: 2, Items: ['hand.example.com', 'live.example.com'] })
  })

  it('owns Origin Shield only when the manifest names it: a region turns it on, none turns it off, left out it stays', () => {
    const on = mergeDistributionConfig(newDistributionConfig(intent()), intent({ spec: { 'origin-shield-region': 'us-east-2' } }))
    expect(on.config.Origins?.Items?.[0]?.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: 'us-east-2' })
    expect(on.notes).toEqual(['origin-shield-region: none → us-east-2'])
    const untouched = mergeDistributionConfig(on.config, intent())
    expect(untouched.notes).toEqual([])
    expect(untouched.config.Origins?.Items?.[0]?.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: 'us-east-2' })
    const off = mergeDistributionConfig(on.config, intent({ spec: { 'origin-shield-region': 'none' } }))
    expect(off.config.Origins?.Items?.[0]?.OriginShield).toEqual({ Enabled: false })
    expect(off.notes).toEqual(['origin-shield-region: us-east-2 → none'])
  })

  it('refuses to go past CloudFront’s 75 cache behaviors', () => {
    const existing = newDistributionConfig(intent())
    const many = Array.from({ length: 74 }, (_, index) => ({
      PathPattern: `/p${index}/*`,
      TargetOriginId: 'MP-abcdef0123456789',
      ViewerProtocolPolicy: 'allow-all' as const
    }))
    existing.CacheBehaviors = { Quantity: many.length, Items: many }
    expect(() => mergeDistributionConfig(existing, intent())).toThrow(UserError)
  })
})
