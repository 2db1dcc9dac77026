import { describe, expect, it } from '@jest/globals'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { describeField } from '../../../src/change.js'
import { bridgeGroupId, bridgeOriginId, headerValueOf } from '../../../src/cloudfront/bridge.js'
import type { DistributionIntent, HeaderDecision } from '../../../src/cloudfront/intent.js'
import { mergeDistributionConfig as merge } from '../../../src/cloudfront/merge.js'
import { newDistributionConfig as newConfig } from '../../../src/cloudfront/new-config.js'
import { CDN_IDENTIFIER_HEADER, MEDIAPACKAGE_CACHE_POLICY_ID, PLACEHOLDER } from '../../../src/providers/mediapackage-v1/console.js'

const cdnHeaderOf = (origin: Parameters<typeof headerValueOf>[0]) => headerValueOf(origin, CDN_IDENTIFIER_HEADER)

const HOST = 'abcdef0123456789.mediapackage.us-west-2.amazonaws.com'
const ORIGIN = 'MP-abcdef0123456789'
const SECRET_VALUE = '9ceebbe7-9607-4552-8764-876e47032660'

/** `originHeader`: a value, null for none, undefined to leave it; `bridge`: true up, false down, undefined leave. */
function intent(overrides: { originHeader?: string | null | undefined; bridge?: boolean | undefined } = {}): DistributionIntent {
  const { originHeader, bridge } = overrides
  const decision: HeaderDecision =
    originHeader === undefined ? { kind: 'keep' } : originHeader === null ? { kind: 'none' } : { kind: 'value', value: originHeader }
  return {
    channel: 'news',
    callerReference: 'mediapackage-cloudfront-action:arn:aws:mediapackage:us-west-2:123456789012:channels/0123456789abcdef0123456789abcdef',
    defaultComment: 'MediaPackage channel news',
    spec: {},
    origin: { kind: 'host', id: ORIGIN, host: HOST },
    placeholder: PLACEHOLDER,
    patterns: [{ pattern: '*.m3u8' }, { pattern: '*.ts' }],
    cachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID,
    header: { name: CDN_IDENTIFIER_HEADER, decision },
    bridge: bridge === true ? 'up' : bridge === false ? 'down' : 'keep'
  }
}

const newDistributionConfig = (value: DistributionIntent): DistributionConfig => newConfig(value).config
function mergeDistributionConfig(existing: DistributionConfig, value: DistributionIntent) {
  const merged = merge(existing, value)
  return { config: merged.config, notes: merged.fields.map(describeField) }
}

function targets(config: DistributionConfig): string[] {
  return [config.DefaultCacheBehavior!, ...(config.CacheBehaviors?.Items ?? [])].map((behavior) => behavior.TargetOriginId!)
}

describe('the CDN authorization bridge', () => {
  it('routes every behavior through an origin group: the origin with the header first, the same origin without it on 403/404', () => {
    const live = newDistributionConfig(intent())
    const { config, notes } = mergeDistributionConfig(live, intent({ originHeader: SECRET_VALUE, bridge: true }))
    const origins = config.Origins?.Items ?? []
    expect(origins.map((origin) => [origin.Id, origin.DomainName, cdnHeaderOf(origin)])).toEqual([
      [ORIGIN, HOST, SECRET_VALUE],
      [bridgeOriginId(ORIGIN), HOST, undefined]
    ])
    expect(config.OriginGroups?.Items).toEqual([
      {
        Id: bridgeGroupId(ORIGIN),
        FailoverCriteria: { StatusCodes: { Quantity: 2, Items: [403, 404] } },
        Members: { Quantity: 2, Items: [{ OriginId: ORIGIN }, { OriginId: bridgeOriginId(ORIGIN) }] }
      }
    ])
    expect(config.OriginGroups?.Quantity).toBe(1)
    expect(targets(config)).toEqual([bridgeGroupId(ORIGIN), bridgeGroupId(ORIGIN), bridgeGroupId(ORIGIN)])
    // The value is a credential: the plan's notes say what happens to it, never what it is.
    expect(notes.join('\n')).not.toContain(SECRET_VALUE)
    expect(notes.join('\n')).toContain('origin.X-MediaPackage-CDNIdentifier: added')
  })

  it('is already in place on a rerun: nothing to send', () => {
    const bridged = mergeDistributionConfig(newDistributionConfig(intent()), intent({ originHeader: SECRET_VALUE, bridge: true })).config
    expect(mergeDistributionConfig(bridged, intent({ originHeader: SECRET_VALUE, bridge: true })).notes).toEqual([])
  })

  it('collapses back to the single origin with the header when turning on', () => {
    const bridged = mergeDistributionConfig(newDistributionConfig(intent()), intent({ originHeader: SECRET_VALUE, bridge: true })).config
    const { config } = mergeDistributionConfig(bridged, intent({ originHeader: SECRET_VALUE, bridge: false }))
    expect(config.Origins?.Items?.map((origin) => [origin.Id, cdnHeaderOf(origin)])).toEqual([[ORIGIN, SECRET_VALUE]])
    expect(config.OriginGroups?.Quantity).toBe(0)
    expect(targets(config)).toEqual([ORIGIN, ORIGIN, ORIGIN])
  })

  it('collapses back to the single origin without the header when turning off', () => {
    const on = newDistributionConfig(intent({ originHeader: SECRET_VALUE }))
    const bridged = mergeDistributionConfig(on, intent({ originHeader: SECRET_VALUE, bridge: true })).config
    const { config, notes } = mergeDistributionConfig(bridged, intent({ originHeader: null, bridge: false }))
    expect(config.Origins?.Items?.map((origin) => [origin.Id, cdnHeaderOf(origin)])).toEqual([[ORIGIN, undefined]])
    expect(targets(config)).toEqual([ORIGIN, ORIGIN, ORIGIN])
    expect(notes).toContain('origin.X-MediaPackage-CDNIdentifier: removed')
  })

  it('keeps custom headers a person added to the origin', () => {
    const live = newDistributionConfig(intent())
    live.Origins!.Items![0]!.CustomHeaders = { Quantity: 1, Items: [{ HeaderName: 'X-Team', HeaderValue: 'video' }] }
    const { config } = mergeDistributionConfig(live, intent({ originHeader: SECRET_VALUE }))
    expect(config.Origins?.Items?.[0]?.CustomHeaders).toEqual({
      Quantity: 2,
      Items: [
        { HeaderName: 'X-Team', HeaderValue: 'video' },
        { HeaderName: 'X-MediaPackage-CDNIdentifier', HeaderValue: SECRET_VALUE }
      ]
    })
  })

  it('leaves the header and the bridge as they are when CDN authorization is not the manifest’s business', () => {
    const bridged = mergeDistributionConfig(newDistributionConfig(intent()), intent({ originHeader: SECRET_VALUE, bridge: true })).config
    expect(mergeDistributionConfig(bridged, intent({ originHeader: undefined, bridge: undefined })).notes).toEqual([])
  })

  it('leaves a person’s origin groups alone', () => {
    const live = newDistributionConfig(intent())
    live.Origins!.Items!.push({ Id: 'a', DomainName: 'a.example.com' }, { Id: 'b', DomainName: 'b.example.com' })
    live.Origins!.Quantity = 3
    const theirs = {
      Id: 'theirs',
      FailoverCriteria: { StatusCodes: { Quantity: 1, Items: [500] } },
      Members: { Quantity: 2, Items: [{ OriginId: 'a' }, { OriginId: 'b' }] }
    }
    live.OriginGroups = { Quantity: 1, Items: [theirs] }
    const bridged = mergeDistributionConfig(live, intent({ originHeader: SECRET_VALUE, bridge: true })).config
    const collapsed = mergeDistributionConfig(bridged, intent({ originHeader: SECRET_VALUE, bridge: false })).config
    expect(collapsed.OriginGroups).toEqual({ Quantity: 1, Items: [theirs] })
    expect(collapsed.Origins?.Items?.map((origin) => origin.Id)).toEqual([ORIGIN, 'a', 'b'])
  })
})
