/**
 * Playback through the fake CloudFront edges to the fake MediaPackage: behaviors, origin groups,
 * origin custom headers, MediaPackage CDN authorization (403/404) and the old/new edges of a rollout.
 * State changes go through the real SDK clients, as the action makes them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  type CacheBehavior,
  type DistributionConfig,
  type Origin,
  type OriginGroup
} from '@aws-sdk/client-cloudfront'
import {
  CreateChannelCommand,
  CreateOriginEndpointCommand,
  DescribeOriginEndpointCommand,
  MediaPackageClient,
  UpdateOriginEndpointCommand
} from '@aws-sdk/client-mediapackage'
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { CDN_IDENTIFIER_HEADER, pathPatternMatches, startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }
const MEDIAPACKAGE_CACHE_POLICY_ID = '08627262-05a9-4f76-9ded-b50ca2e3a84f'
const ROLE_ARN = 'arn:aws:iam::123456789012:role/MediaPackageCdnAuth'

let fake: FakeAws
let mediapackage: MediaPackageClient
let cloudfront: CloudFrontClient
let secrets: SecretsManagerClient
let serial = 0

beforeAll(async () => {
  fake = await startFakeAws({ seed: 6 })
  const common = { endpoint: fake.url, credentials, maxAttempts: 1 }
  mediapackage = new MediaPackageClient({ ...common, region: 'us-west-2' })
  cloudfront = new CloudFrontClient({ ...common, region: 'us-east-1' })
  secrets = new SecretsManagerClient({ ...common, region: 'us-west-2' })
})

afterAll(async () => {
  mediapackage.destroy()
  cloudfront.destroy()
  secrets.destroy()
  await fake.close()
})

beforeEach(() => {
  fake.state.deployDelayMs = 0
})

async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await call
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, status: e.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail')
}

interface Endpoint {
  id: string
  /** The egress host: the origin domain. */
  host: string
  /** `/out/v1/<hash>/` */
  prefix: string
  manifest: string
  segment: string
}

/** A channel with one HLS endpoint, made through the SDK. */
async function liveEndpoint(): Promise<Endpoint> {
  const channelId = `live-${++serial}`
  await mediapackage.send(new CreateChannelCommand({ Id: channelId }))
  const created = await mediapackage.send(new CreateOriginEndpointCommand({ Id: `${channelId}-hls`, ChannelId: channelId, HlsPackage: {} }))
  const url = new URL(created.Url!)
  const prefix = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1)
  return { id: created.Id!, host: url.host, prefix, manifest: url.pathname, segment: `${prefix}index_1_42.ts` }
}

/** An origin on `domain`, with the CDN identifier header when `header` is given. */
function origin(id: string, domain: string, header?: string, extra: Partial<Origin> = {}): Origin {
  return {
    Id: id,
    DomainName: domain,
    CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
    ...(header !== undefined ? { CustomHeaders: { Quantity: 1, Items: [{ HeaderName: CDN_IDENTIFIER_HEADER, HeaderValue: header }] } } : {}),
    ...extra
  }
}

function behavior(target: string, pathPattern?: string): CacheBehavior {
  return {
    TargetOriginId: target,
    ViewerProtocolPolicy: 'redirect-to-https',
    CachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID,
    ...(pathPattern !== undefined ? { PathPattern: pathPattern } : {})
  } as CacheBehavior
}

function group(id: string, primary: string, failover: string, codes: number[] = [403, 404]): OriginGroup {
  return {
    Id: id,
    FailoverCriteria: { StatusCodes: { Quantity: codes.length, Items: codes } },
    Members: { Quantity: 2, Items: [{ OriginId: primary }, { OriginId: failover }] }
  }
}

function config(origins: Origin[], target: string, more: { groups?: OriginGroup[]; behaviors?: CacheBehavior[] } = {}): DistributionConfig {
  const { PathPattern: _none, ...defaultBehavior } = behavior(target)
  return {
    CallerReference: `playback-${++serial}`,
    Comment: 'playback',
    Enabled: true,
    Origins: { Quantity: origins.length, Items: origins },
    ...(more.groups ? { OriginGroups: { Quantity: more.groups.length, Items: more.groups } } : {}),
    ...(more.behaviors ? { CacheBehaviors: { Quantity: more.behaviors.length, Items: more.behaviors } } : {}),
    DefaultCacheBehavior: defaultBehavior
  }
}

async function createDistribution(c: DistributionConfig): Promise<string> {
  const { Distribution: d } = await cloudfront.send(
    new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: c, Tags: { Items: [] } } })
  )
  return d!.Id!
}

async function updateDistribution(id: string, change: (c: DistributionConfig) => void): Promise<void> {
  const { DistributionConfig: c, ETag } = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }))
  change(c!)
  await cloudfront.send(new UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: c }))
}

/** Sets the CDN identifier header value on origin `originId`. */
function setHeader(id: string, originId: string, value: string): Promise<void> {
  return updateDistribution(id, (c) => {
    const o = c.Origins!.Items!.find((x) => x.Id === originId)!
    o.CustomHeaders = { Quantity: 1, Items: [{ HeaderName: CDN_IDENTIFIER_HEADER, HeaderValue: value }] }
  })
}

const identifier = (value: string) => JSON.stringify({ MediaPackageCDNIdentifier: value })

async function secretWith(value: string): Promise<string> {
  const { ARN } = await secrets.send(new CreateSecretCommand({ Name: `MediaPackage/playback-${++serial}`, SecretString: identifier(value) }))
  return ARN!
}

function authorize(endpointId: string, secretArn: string) {
  return mediapackage.send(new UpdateOriginEndpointCommand({ Id: endpointId, Authorization: { CdnIdentifierSecret: secretArn, SecretsRoleArn: ROLE_ARN } }))
}

describe('playback through the fake distribution', () => {
  it('an open endpoint answers 200 to a header-less origin, on every path under its /out/v1/<hash>/', async () => {
    const e = await liveEndpoint()
    const id = await createDistribution(
      config([origin('mp', e.host), origin('mp-path', e.host, undefined, { OriginPath: e.prefix.slice(0, -1) })], 'mp', {
        behaviors: [behavior('mp-path', '/short/*')]
      })
    )
    expect(fake.play(id, e.manifest, 'new')).toEqual({ status: 200, origin: 'mp', attempts: [{ originId: 'mp', status: 200 }] })
    expect(fake.play(id, e.manifest, 'old')).toEqual(fake.play(id, e.manifest, 'new'))
    expect(fake.play(id, `${e.segment}?m=1`, 'new').status).toBe(200)
    expect(fake.playback(id, '/out/v1/00000000000000000000000000000000/index.m3u8', 'new').status).toBe(404)
    // OriginPath is put in front of the viewer's path.
    expect(fake.play(id, '/short/index.m3u8', 'new')).toMatchObject({ status: 200, origin: 'mp-path' })
  })

  it('authorization on: 403 without the header, 200 with the current or previous value, 403 two versions back', async () => {
    const e = await liveEndpoint()
    const secretArn = await secretWith('value-1')
    const updated = await authorize(e.id, secretArn)
    expect(updated.Authorization).toEqual({ CdnIdentifierSecret: secretArn, SecretsRoleArn: ROLE_ARN })
    const open = await createDistribution(config([origin('mp', e.host)], 'mp'))
    const id = await createDistribution(config([origin('mp', e.host, 'value-1')], 'mp'))

    expect(fake.play(open, e.manifest, 'new')).toEqual({ status: 403, origin: 'mp', attempts: [{ originId: 'mp', status: 403 }] })
    expect(fake.play(id, e.manifest, 'new').status).toBe(200)

    await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: identifier('value-2') }))
    expect(fake.play(id, e.segment, 'new').status).toBe(200) // AWSPREVIOUS
    await setHeader(id, 'mp', 'value-2')
    expect(fake.play(id, e.segment, 'new').status).toBe(200) // AWSCURRENT

    await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: identifier('value-3') }))
    expect(fake.play(id, e.segment, 'new').status).toBe(200) // now AWSPREVIOUS
    await setHeader(id, 'mp', 'value-1')
    expect(fake.play(id, e.segment, 'new').status).toBe(403) // two versions back
    await setHeader(id, 'mp', 'not-the-secret')
    expect(fake.play(id, e.segment, 'new').status).toBe(403)
    await setHeader(id, 'mp', 'value-3')
    expect(fake.play(id, e.segment, 'new').status).toBe(200)
  })

  it('a secret that is missing or lacks the MediaPackageCDNIdentifier key lets nothing through', async () => {
    const e = await liveEndpoint()
    const { ARN } = await secrets.send(new CreateSecretCommand({ Name: `MediaPackage/plain-${++serial}`, SecretString: 'value-1' }))
    await authorize(e.id, ARN!)
    const id = await createDistribution(config([origin('mp', e.host, 'value-1')], 'mp'))
    expect(fake.play(id, e.manifest, 'new').status).toBe(403)
    await authorize(e.id, 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MediaPackage/none-AbCdEf')
    expect(fake.play(id, e.manifest, 'new').status).toBe(403)
  })

  it('the header on an endpoint without authorization answers 404', async () => {
    const e = await liveEndpoint()
    const id = await createDistribution(config([origin('mp', e.host, 'value-1')], 'mp'))
    expect(fake.play(id, e.manifest, 'new')).toEqual({ status: 404, origin: 'mp', attempts: [{ originId: 'mp', status: 404 }] })
  })

  it('an UpdateOriginEndpoint without Authorization turns it off and keeps the rest', async () => {
    const e = await liveEndpoint()
    await authorize(e.id, await secretWith('value-1'))
    await mediapackage.send(new UpdateOriginEndpointCommand({ Id: e.id, Description: 'open again', HlsPackage: { SegmentDurationSeconds: 4 } }))
    const described = await mediapackage.send(new DescribeOriginEndpointCommand({ Id: e.id }))
    expect(described.Authorization).toBeUndefined()
    expect(described).toMatchObject({ Description: 'open again', HlsPackage: { SegmentDurationSeconds: 4 } })
    const open = await createDistribution(config([origin('mp', e.host)], 'mp'))
    const withHeader = await createDistribution(config([origin('mp', e.host, 'value-1')], 'mp'))
    expect(fake.play(open, e.manifest, 'new').status).toBe(200)
    expect(fake.play(withHeader, e.manifest, 'new').status).toBe(404)
  })

  it('serves a CMAF endpoint on the paths of its HLS manifests', async () => {
    const channelId = `cmaf-${++serial}`
    await mediapackage.send(new CreateChannelCommand({ Id: channelId }))
    const created = await mediapackage.send(
      new CreateOriginEndpointCommand({ Id: `${channelId}-cmaf`, ChannelId: channelId, CmafPackage: { HlsManifests: [{ Id: 'hls' }] } })
    )
    const url = new URL(created.CmafPackage!.HlsManifests![0]!.Url!)
    const id = await createDistribution(config([origin('mp', url.host)], 'mp'))
    expect(fake.play(id, url.pathname, 'new').status).toBe(200)
  })
})

describe('origin group failover', () => {
  it('fails over from a 404 (header, no authorization) to the header-less origin', async () => {
    const e = await liveEndpoint()
    const id = await createDistribution(
      config([origin('mp-auth', e.host, 'value-1'), origin('mp', e.host)], 'group', { groups: [group('group', 'mp-auth', 'mp')] })
    )
    expect(fake.play(id, e.manifest, 'new')).toEqual({
      status: 200,
      origin: 'mp',
      attempts: [
        { originId: 'mp-auth', status: 404 },
        { originId: 'mp', status: 200 }
      ]
    })
    // Authorization on: the primary answers and the failover isn't asked.
    await authorize(e.id, await secretWith('value-1'))
    expect(fake.play(id, e.manifest, 'new')).toEqual({ status: 200, origin: 'mp-auth', attempts: [{ originId: 'mp-auth', status: 200 }] })
  })

  it('fails over from a 403 to the other member, and not on a status outside FailoverCriteria', async () => {
    const e = await liveEndpoint()
    await authorize(e.id, await secretWith('value-1'))
    // A stale header: 403, then the header-less origin, which authorization also refuses.
    const stale = await createDistribution(
      config([origin('mp-auth', e.host, 'stale'), origin('mp', e.host)], 'group', { groups: [group('group', 'mp-auth', 'mp')] })
    )
    expect(fake.play(stale, e.segment, 'new')).toEqual({
      status: 403,
      origin: 'mp',
      attempts: [
        { originId: 'mp-auth', status: 403 },
        { originId: 'mp', status: 403 }
      ]
    })
    // Header-less primary refused with 403, the failover carries the identifier.
    const reversed = await createDistribution(
      config([origin('mp-auth', e.host, 'value-1'), origin('mp', e.host)], 'group', { groups: [group('group', 'mp', 'mp-auth')] })
    )
    expect(fake.play(reversed, e.segment, 'new')).toMatchObject({ status: 200, origin: 'mp-auth', attempts: [{ status: 403 }, { status: 200 }] })
    const only404 = await createDistribution(
      config([origin('mp-auth', e.host, 'value-1'), origin('mp', e.host)], 'group', { groups: [group('group', 'mp', 'mp-auth', [404])] })
    )
    expect(fake.play(only404, e.segment, 'new')).toEqual({ status: 403, origin: 'mp', attempts: [{ originId: 'mp', status: 403 }] })
  })
})

describe('old and new edges', () => {
  it('while InProgress, old edges serve the last deployed config and new edges the current one', async () => {
    const e = await liveEndpoint()
    const id = await createDistribution(config([origin('mp', e.host)], 'mp'))
    fake.state.deployDelayMs = 60_000
    await updateDistribution(id, (c) => {
      c.Origins!.Items![0]!.CustomHeaders = { Quantity: 1, Items: [{ HeaderName: CDN_IDENTIFIER_HEADER, HeaderValue: 'value-1' }] }
    })
    expect((await cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status).toBe('InProgress')
    expect(fake.play(id, e.manifest, 'old').status).toBe(200)
    expect(fake.play(id, e.manifest, 'new').status).toBe(404)

    // A second update during the rollout: old edges still serve the config deployed before it.
    await updateDistribution(id, (c) => void (c.Comment = 'second change'))
    expect(fake.state.distributions.get(id)!.deployedConfig?.Comment).toBe('playback')
    expect(fake.play(id, e.manifest, 'old').status).toBe(200)
    expect(fake.play(id, e.manifest, 'new').status).toBe(404)

    fake.state.distributions.get(id)!.inProgressUntil = 0
    expect((await cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status).toBe('Deployed')
    expect(fake.play(id, e.manifest, 'old').status).toBe(404)

    // The next update starts from what was deployed last.
    await updateDistribution(id, (c) => void (c.Origins!.Items![0]!.CustomHeaders = { Quantity: 0 }))
    expect(fake.state.distributions.get(id)!.deployedConfig?.Comment).toBe('second change')
    expect(fake.play(id, e.manifest, 'old').status).toBe(404)
    expect(fake.play(id, e.manifest, 'new').status).toBe(200)
  })

  it('a new distribution that was never Deployed answers 503 on old edges', async () => {
    const e = await liveEndpoint()
    fake.state.deployDelayMs = 60_000
    const id = await createDistribution(config([origin('mp', e.host)], 'mp'))
    expect(fake.play(id, e.manifest, 'old')).toEqual({ status: 503, origin: '', attempts: [] })
    expect(fake.play(id, e.manifest, 'new').status).toBe(200)
    fake.state.updateDistribution(id, (c) => void (c.Comment = 'still rolling out'))
    expect(fake.play(id, e.manifest, 'old').status).toBe(503)
  })
})

describe('behavior path matching', () => {
  it('matches CacheBehaviors in order with CloudFront globs, else the default', async () => {
    const e = await liveEndpoint()
    const id = await createDistribution(
      config([origin('mp', e.host), origin('site', 'site.example.com'), origin('temp', 'mediapackage.amazonaws.com')], 'temp', {
        behaviors: [behavior('temp', '/out/v1/*/index_?.ts'), behavior('mp', 'out/v1/*'), behavior('site', '*.m3u8')]
      })
    )
    const at = (path: string) => fake.play(id, path, 'new')
    expect(at(`${e.prefix}index_1.ts`)).toEqual({ status: 404, origin: 'temp', attempts: [{ originId: 'temp', status: 404 }] }) // placeholder origin
    expect(at(`${e.prefix}index_12.ts`)).toMatchObject({ status: 200, origin: 'mp' }) // `?` is one character
    expect(at(e.manifest)).toMatchObject({ status: 200, origin: 'mp' }) // the earlier behavior wins over *.m3u8
    expect(at('/elsewhere/live.m3u8')).toEqual({ status: 502, origin: 'site', attempts: [{ originId: 'site', status: 502 }] }) // not reachable
    expect(at('/elsewhere/live.mpd')).toMatchObject({ status: 404, origin: 'temp' }) // default
  })

  it.each([
    ['*', '/a/b/c.ts', true],
    ['/images/*.jpg', 'images/a/b.jpg', true],
    ['images/*.jpg', '/images/a.JPG', false],
    ['a?c', '/abc', true],
    ['a?c', '/ac', false],
    ['a.c', '/abc', false],
    ['*.m3u8', '/out/v1/x/index.m3u8?aws.manifestfilter=video_height:1-720', true],
    ['out/*', '/other/out/x', false]
  ])('pattern %s against %s → %s', (pattern, path, expected) => {
    expect(pathPatternMatches(pattern, path)).toBe(expected)
  })
})

describe('origin group validation', () => {
  const withGroup = (change: (c: DistributionConfig) => void) => {
    const c = config([origin('a', 'a.example.com'), origin('b', 'b.example.com')], 'group', { groups: [group('group', 'a', 'b')] })
    change(c)
    return failure(cloudfront.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: c, Tags: { Items: [] } } })))
  }

  it.each<[string, (c: DistributionConfig) => void, string, number]>([
    ['a failover status CloudFront does not allow', (c) => void (c.OriginGroups!.Items![0] = group('group', 'a', 'b', [403, 401])), 'InvalidArgument', 400],
    ['no failover status', (c) => void (c.OriginGroups!.Items![0] = group('group', 'a', 'b', [])), 'InvalidArgument', 400],
    ['one member', (c) => void (c.OriginGroups!.Items![0]!.Members = { Quantity: 1, Items: [{ OriginId: 'a' }] }), 'InvalidArgument', 400],
    ['a group id that is an origin id', (c) => void (c.OriginGroups!.Items![0] = { ...group('a', 'a', 'b') }), 'InvalidArgument', 400],
    [
      'two groups with one id',
      (c) => void (c.OriginGroups = { Quantity: 2, Items: [group('group', 'a', 'b'), group('group', 'b', 'a')] }),
      'InvalidArgument',
      400
    ],
    ['a member that is not an origin', (c) => void (c.OriginGroups!.Items![0] = group('group', 'a', 'ghost')), 'NoSuchOrigin', 404],
    [
      'a behavior on the group allowing POST',
      (c) =>
        void (c.DefaultCacheBehavior!.AllowedMethods = {
          Quantity: 7,
          Items: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] }
        }),
      'InvalidArgument',
      400
    ]
  ])('refuses %s', async (_what, change, name, status) => {
    expect(await withGroup(change)).toMatchObject({ name, status })
  })

  it('accepts GET/HEAD/OPTIONS on a behavior targeting a group', async () => {
    const c = config([origin('a', 'a.example.com'), origin('b', 'b.example.com')], 'group', {
      groups: [group('group', 'a', 'b', [400, 403, 404, 416, 500, 502, 503, 504])]
    })
    c.DefaultCacheBehavior!.AllowedMethods = { Quantity: 3, Items: ['GET', 'HEAD', 'OPTIONS'] }
    await expect(createDistribution(c)).resolves.toMatch(/^E[A-Z0-9]{13}$/)
  })
})
