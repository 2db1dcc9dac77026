/**
 * The fake AWS, tested through the real SDK v3 clients: if these pass, the wire formats, error shapes
 * and the AWS behaviours the action depends on are what the SDK expects.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand as ListDistributionTagsCommand,
  TagResourceCommand as TagDistributionCommand,
  UpdateDistributionCommand,
  type CacheBehavior,
  type DistributionConfig
} from '@aws-sdk/client-cloudfront'
import {
  CreateChannelCommand,
  CreateOriginEndpointCommand,
  DescribeChannelCommand,
  DescribeOriginEndpointCommand,
  ListChannelsCommand,
  ListOriginEndpointsCommand,
  ListTagsForResourceCommand,
  MediaPackageClient,
  TagResourceCommand,
  UpdateChannelCommand,
  UpdateOriginEndpointCommand
} from '@aws-sdk/client-mediapackage'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { createClients, destroyClients } from '../../src/aws/clients.js'
import { resolveAwsConfig } from '../../src/aws/config.js'
import { startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }

interface Clients {
  mediapackage: MediaPackageClient
  cloudfront: CloudFrontClient
  tagging: ResourceGroupsTaggingAPIClient
  secrets: SecretsManagerClient
  destroy(): void
}

function clientsFor(fake: FakeAws, maxAttempts = 1): Clients {
  const common = { endpoint: fake.url, credentials, maxAttempts }
  const c = {
    mediapackage: new MediaPackageClient({ ...common, region: 'us-west-2' }),
    cloudfront: new CloudFrontClient({ ...common, region: 'us-east-1' }),
    tagging: new ResourceGroupsTaggingAPIClient({ ...common, region: 'us-east-1' }),
    secrets: new SecretsManagerClient({ ...common, region: 'us-west-2' })
  }
  return {
    ...c,
    destroy: () => {
      c.mediapackage.destroy()
      c.cloudfront.destroy()
      c.tagging.destroy()
      c.secrets.destroy()
    }
  }
}

interface Failure {
  name: string
  status: number | undefined
  message: string
  attempts: number | undefined
}

async function failure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, attempts: e.$metadata?.attempts }
  }
  throw new Error('expected the call to fail')
}

const HOST = 'abcdef0123456789.mediapackage.us-west-2.amazonaws.com'

function behavior(pathPattern: string, target = 'mp'): CacheBehavior {
  return { PathPattern: pathPattern, TargetOriginId: target, ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '08627262-05a9-4f76-9ded-b50ca2e3a84f' }
}

/** A distribution config like the one the action builds: one MediaPackage origin, path behaviors. */
function mediaConfig(callerReference: string, change: (c: DistributionConfig) => void = () => {}): DistributionConfig {
  const config: DistributionConfig = {
    CallerReference: callerReference,
    Comment: 'live channel',
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: 'mp', DomainName: HOST, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }] },
    DefaultCacheBehavior: {
      TargetOriginId: 'mp',
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: '08627262-05a9-4f76-9ded-b50ca2e3a84f',
      AllowedMethods: { Quantity: 3, Items: ['GET', 'HEAD', 'OPTIONS'], CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] } }
    },
    CacheBehaviors: { Quantity: 2, Items: [behavior('*.m3u8'), behavior('*.ts')] },
    CustomErrorResponses: { Quantity: 1, Items: [{ ErrorCode: 404, ErrorCachingMinTTL: 1 }] }
  }
  change(config)
  return config
}

const CHANNEL_ARN = /^arn:aws:mediapackage:us-west-2:123456789012:channels\/[0-9a-f]{32}$/
const EGRESS = /^https:\/\/[0-9a-f]{16}\.mediapackage\.us-west-2\.amazonaws\.com\/out\/v1\/[0-9a-f]{32}\//

let fake: FakeAws
let aws: Clients

beforeAll(async () => {
  fake = await startFakeAws({ seed: 42 })
  aws = clientsFor(fake)
})

afterAll(async () => {
  aws.destroy()
  await fake.close()
})

afterEach(() => {
  fake.faults.clear()
})

describe('MediaPackage', () => {
  it('creates a channel with an ARN of its own and two ingest endpoints with credentials', async () => {
    const created = await aws.mediapackage.send(new CreateChannelCommand({ Id: 'news', Description: 'News', Tags: { team: 'live' } }))
    expect(created.Id).toBe('news')
    expect(created.Arn).toMatch(CHANNEL_ARN)
    expect(created.Arn).not.toContain('news')
    const ingest = created.HlsIngest?.IngestEndpoints ?? []
    expect(ingest).toHaveLength(2)
    for (const e of ingest) {
      expect(e.Url).toMatch(/^https:\/\/[0-9a-f]{16}\.mediapackage\.us-west-2\.amazonaws\.com\/in\/v2\/[0-9a-f]{32}\/[0-9a-f]{32}\/channel$/)
      expect(e.Username).toMatch(/^[0-9a-f]{32}$/)
      expect(e.Password).toHaveLength(32)
    }
    const described = await aws.mediapackage.send(new DescribeChannelCommand({ Id: 'news' }))
    expect(described).toMatchObject({ Arn: created.Arn, Description: 'News', Tags: { team: 'live' }, HlsIngest: created.HlsIngest })

    const updated = await aws.mediapackage.send(new UpdateChannelCommand({ Id: 'news', Description: 'Breaking news' }))
    expect(updated.Description).toBe('Breaking news')
    expect(updated.Arn).toBe(created.Arn)
  })

  it('refuses a duplicate channel id and answers NotFound for an unknown one', async () => {
    await aws.mediapackage.send(new CreateChannelCommand({ Id: 'dup' }))
    expect(await failure(aws.mediapackage.send(new CreateChannelCommand({ Id: 'dup' })))).toMatchObject({ name: 'UnprocessableEntityException', status: 422 })
    expect(await failure(aws.mediapackage.send(new CreateChannelCommand({ Id: 'no spaces' })))).toMatchObject({
      name: 'UnprocessableEntityException',
      status: 422
    })
    expect(await failure(aws.mediapackage.send(new DescribeChannelCommand({ Id: 'missing' })))).toMatchObject({ name: 'NotFoundException', status: 404 })
  })

  it('lists channels page by page', async () => {
    for (const id of ['page-1', 'page-2', 'page-3']) await aws.mediapackage.send(new CreateChannelCommand({ Id: id }))
    const ids: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await aws.mediapackage.send(new ListChannelsCommand({ MaxResults: 2, NextToken: token }))
      expect(page.Channels!.length).toBeLessThanOrEqual(2)
      ids.push(...page.Channels!.map((c) => c.Id!))
      token = page.NextToken
      pages++
    } while (token)
    expect(pages).toBeGreaterThan(1)
    expect(ids).toEqual([...fake.state.channels.keys()])
  })

  it('creates endpoints of each packaging with AWS-shaped URLs and defaults', async () => {
    await aws.mediapackage.send(new CreateChannelCommand({ Id: 'sports' }))
    const hls = await aws.mediapackage.send(
      new CreateOriginEndpointCommand({ ChannelId: 'sports', Id: 'sports-hls', HlsPackage: { SegmentDurationSeconds: 4 } })
    )
    expect(hls.Url).toMatch(new RegExp(EGRESS.source + 'index\\.m3u8$'))
    expect(hls.Arn).toMatch(/^arn:aws:mediapackage:us-west-2:123456789012:origin_endpoints\/[0-9a-f]{32}$/)
    expect(hls.Url).toContain(hls.Arn!.split('/')[1])
    expect(hls).toMatchObject({ ManifestName: 'index', Origination: 'ALLOW', StartoverWindowSeconds: 0, TimeDelaySeconds: 0, Whitelist: [] })
    expect(hls.HlsPackage).toMatchObject({
      SegmentDurationSeconds: 4,
      PlaylistWindowSeconds: 60,
      AdMarkers: 'NONE',
      PlaylistType: 'NONE',
      ProgramDateTimeIntervalSeconds: 0
    })

    const dash = await aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'sports', Id: 'sports-dash', ManifestName: 'main', DashPackage: {} }))
    expect(dash.Url).toMatch(new RegExp(EGRESS.source + 'main\\.mpd$'))
    const mss = await aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'sports', Id: 'sports-mss', MssPackage: {} }))
    expect(mss.Url).toMatch(new RegExp(EGRESS.source + 'index\\.ism/Manifest$'))
    const cmaf = await aws.mediapackage.send(
      new CreateOriginEndpointCommand({ ChannelId: 'sports', Id: 'sports-cmaf', CmafPackage: { HlsManifests: [{ Id: 'cmaf-hls' }] } })
    )
    expect(cmaf.Url).toBeUndefined()
    expect(cmaf.CmafPackage?.HlsManifests?.[0]?.Url).toMatch(new RegExp(EGRESS.source + 'cmaf-hls/index\\.m3u8$'))
    // Every endpoint of the account and Region shares one host: one CloudFront origin serves them all.
    const hosts = new Set([hls.Url, dash.Url, mss.Url, cmaf.CmafPackage?.HlsManifests?.[0]?.Url].map((u) => new URL(u!).host))
    expect(hosts.size).toBe(1)

    const described = await aws.mediapackage.send(new DescribeOriginEndpointCommand({ Id: 'sports-dash' }))
    expect(described).toMatchObject({ ChannelId: 'sports', Url: dash.Url, DashPackage: dash.DashPackage })
  })

  it("lists a channel's endpoints with channelId, maxResults and nextToken", async () => {
    await aws.mediapackage.send(new CreateChannelCommand({ Id: 'list-a' }))
    await aws.mediapackage.send(new CreateChannelCommand({ Id: 'list-b' }))
    for (let i = 0; i < 5; i++) await aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'list-a', Id: `list-a-${i}`, HlsPackage: {} }))
    await aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'list-b', Id: 'list-b-0', HlsPackage: {} }))
    const ids: string[] = []
    let token: string | undefined
    do {
      const page = await aws.mediapackage.send(new ListOriginEndpointsCommand({ ChannelId: 'list-a', MaxResults: 2, NextToken: token }))
      ids.push(...page.OriginEndpoints!.map((e) => e.Id!))
      token = page.NextToken
    } while (token)
    expect(ids).toEqual(['list-a-0', 'list-a-1', 'list-a-2', 'list-a-3', 'list-a-4'])
  })

  it('refuses bad endpoints: missing channel, duplicate id, zero or two packagings, a changed ChannelId', async () => {
    await aws.mediapackage.send(new CreateChannelCommand({ Id: 'strict' }))
    await aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'strict', Id: 'strict-hls', HlsPackage: {} }))
    expect(await failure(aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'ghost', Id: 'ghost-hls', HlsPackage: {} })))).toMatchObject({
      name: 'NotFoundException',
      status: 404
    })
    expect(await failure(aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'strict', Id: 'strict-hls', HlsPackage: {} })))).toMatchObject({
      name: 'UnprocessableEntityException',
      status: 422
    })
    expect(await failure(aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'strict', Id: 'strict-none' })))).toMatchObject({
      name: 'UnprocessableEntityException'
    })
    expect(
      await failure(aws.mediapackage.send(new CreateOriginEndpointCommand({ ChannelId: 'strict', Id: 'strict-two', HlsPackage: {}, DashPackage: {} })))
    ).toMatchObject({ name: 'UnprocessableEntityException' })

    // The SDK has no ChannelId on UpdateOriginEndpoint; a raw request does, and is refused.
    const raw = await fetch(`${fake.url}/origin_endpoints/strict-hls`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'news' })
    })
    expect(raw.status).toBe(422)
    expect(raw.headers.get('x-amzn-errortype')).toBe('UnprocessableEntityException')
    expect(await raw.json()).toEqual({ message: expect.stringContaining('ChannelId') })
  })

  it('replaces the packaging object on update and keeps the URL', async () => {
    await aws.mediapackage.send(new CreateChannelCommand({ Id: 'upd' }))
    const created = await aws.mediapackage.send(
      new CreateOriginEndpointCommand({
        ChannelId: 'upd',
        Id: 'upd-hls',
        Description: 'first',
        HlsPackage: { SegmentDurationSeconds: 2, PlaylistWindowSeconds: 30 }
      })
    )
    const updated = await aws.mediapackage.send(new UpdateOriginEndpointCommand({ Id: 'upd-hls', HlsPackage: { SegmentDurationSeconds: 4 } }))
    expect(updated.HlsPackage).toMatchObject({ SegmentDurationSeconds: 4, PlaylistWindowSeconds: 60 })
    expect(updated).toMatchObject({ Description: 'first', Url: created.Url, Arn: created.Arn, ChannelId: 'upd' })
  })

  it('tags channels and endpoints by ARN', async () => {
    const channel = await aws.mediapackage.send(new CreateChannelCommand({ Id: 'tagged', Tags: { a: '1' } }))
    await aws.mediapackage.send(new TagResourceCommand({ ResourceArn: channel.Arn, Tags: { b: '2' } }))
    expect((await aws.mediapackage.send(new ListTagsForResourceCommand({ ResourceArn: channel.Arn }))).Tags).toEqual({ a: '1', b: '2' })
  })
})

describe('CloudFront', () => {
  it('creates a tagged distribution and returns it the way CloudFront stores it', async () => {
    const created = await aws.cloudfront.send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: { DistributionConfig: mediaConfig('create-1'), Tags: { Items: [{ Key: 'mediapackage:cloudfront_assoc', Value: 'arn:x' }] } }
      })
    )
    const d = created.Distribution!
    expect(d.Id).toMatch(/^[A-Z0-9]{14}$/)
    expect(d.DomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/)
    expect(d.ARN).toBe(`arn:aws:cloudfront::123456789012:distribution/${d.Id}`)
    expect(created.ETag).toBeTruthy()
    expect(created.Location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/distribution/${d.Id}`)
    expect(d.LastModifiedTime).toBeInstanceOf(Date)

    const { DistributionConfig: config, ETag } = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id: d.Id }))
    expect(ETag).toBe(created.ETag)
    // Defaults CloudFront fills in, methods in CloudFront's order, empty lists without Items.
    expect(config).toMatchObject({
      CallerReference: 'create-1',
      Aliases: { Quantity: 0 },
      PriceClass: 'PriceClass_All',
      HttpVersion: 'http2',
      ViewerCertificate: { CloudFrontDefaultCertificate: true },
      DefaultCacheBehavior: { AllowedMethods: { Items: ['HEAD', 'GET', 'OPTIONS'], CachedMethods: { Items: ['HEAD', 'GET'] } }, Compress: false },
      CustomErrorResponses: { Items: [{ ErrorCode: 404, ErrorCachingMinTTL: 1, ResponseCode: '', ResponsePagePath: '' }] }
    })
    expect(config?.Aliases).not.toHaveProperty('Items')
    expect(config?.Origins?.Items?.[0]).toMatchObject({ OriginPath: '', ConnectionAttempts: 3, CustomOriginConfig: { OriginReadTimeout: 30 } })
    expect(fake.state.distributions.get(d.Id!)?.config).toEqual(config)

    const tags = await aws.cloudfront.send(new ListDistributionTagsCommand({ Resource: d.ARN }))
    expect(tags.Tags?.Items).toEqual([{ Key: 'mediapackage:cloudfront_assoc', Value: 'arn:x' }])
    await aws.cloudfront.send(new TagDistributionCommand({ Resource: d.ARN, Tags: { Items: [{ Key: 'team', Value: 'video' }] } }))
    expect(fake.state.distributions.get(d.Id!)?.tags).toEqual({ 'mediapackage:cloudfront_assoc': 'arn:x', team: 'video' })
  })

  it('changes the ETag on every update and refuses a missing or stale If-Match', async () => {
    const { Distribution: d, ETag: first } = await aws.cloudfront.send(
      new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: mediaConfig('etag-1'), Tags: { Items: [] } } })
    )
    const { DistributionConfig: config } = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id: d!.Id }))
    const updated = await aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, IfMatch: first, DistributionConfig: config }))
    expect(updated.ETag).not.toBe(first)
    const again = await aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, IfMatch: updated.ETag, DistributionConfig: config }))
    expect(again.ETag).not.toBe(updated.ETag)

    expect(await failure(aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, IfMatch: first, DistributionConfig: config })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412
    })
    expect(await failure(aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, DistributionConfig: config })))).toMatchObject({
      name: 'InvalidIfMatchVersion',
      status: 400
    })
    expect(await failure(aws.cloudfront.send(new GetDistributionCommand({ Id: 'E0000000000000' })))).toMatchObject({ name: 'NoSuchDistribution', status: 404 })
  })

  it('answers PreconditionFailed when someone edits the distribution between our read and our write', async () => {
    const { Distribution: d } = await aws.cloudfront.send(
      new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: mediaConfig('race-1'), Tags: { Items: [] } } })
    )
    const read = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id: d!.Id }))
    const removeHook = fake.onOperation((service, operation) => {
      if (service === 'cloudfront' && operation === 'UpdateDistribution') {
        removeHook()
        fake.state.updateDistribution(d!.Id!, (c) => {
          c.Comment = 'edited in the console'
        })
      }
    })
    expect(
      await failure(aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, IfMatch: read.ETag, DistributionConfig: read.DistributionConfig })))
    ).toMatchObject({
      name: 'PreconditionFailed'
    })
    const reread = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id: d!.Id }))
    expect(reread.DistributionConfig?.Comment).toBe('edited in the console')
    await aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, IfMatch: reread.ETag, DistributionConfig: reread.DistributionConfig }))
  })

  it('refuses a reused CallerReference with DistributionAlreadyExists', async () => {
    const create = () =>
      aws.cloudfront.send(
        new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: mediaConfig('same-ref'), Tags: { Items: [] } } })
      )
    await create()
    expect(await failure(create())).toMatchObject({ name: 'DistributionAlreadyExists', status: 409 })
  })

  const refusals: [string, (c: DistributionConfig) => void, string, number][] = [
    ['a Quantity that differs from its Items', (c) => void (c.Origins!.Quantity = 2), 'InconsistentQuantities', 400],
    [
      'a nested Quantity that differs from its Items',
      (c) => void (c.DefaultCacheBehavior!.AllowedMethods!.CachedMethods!.Quantity = 3),
      'InconsistentQuantities',
      400
    ],
    ['a Quantity with no Items', (c) => void (c.CacheBehaviors = { Quantity: 1 }), 'InconsistentQuantities', 400],
    ['a behavior targeting a missing origin', (c) => void (c.CacheBehaviors!.Items![0]!.TargetOriginId = 'nowhere'), 'NoSuchOrigin', 404],
    [
      'an origin group member that is not an origin',
      (c) => {
        c.OriginGroups = {
          Quantity: 1,
          Items: [
            {
              Id: 'group',
              FailoverCriteria: { StatusCodes: { Quantity: 1, Items: [500] } },
              Members: { Quantity: 2, Items: [{ OriginId: 'mp' }, { OriginId: 'ghost' }] }
            }
          ]
        }
      },
      'NoSuchOrigin',
      404
    ],
    [
      'a cache policy with ForwardedValues',
      (c) => void (c.DefaultCacheBehavior!.ForwardedValues = { QueryString: true, Cookies: { Forward: 'none' } }),
      'InvalidArgument',
      400
    ],
    ['a cache policy with MinTTL', (c) => void (c.CacheBehaviors!.Items![1]!.MinTTL = 6), 'InvalidArgument', 400],
    ['a cache policy with DefaultTTL', (c) => void (c.CacheBehaviors!.Items![1]!.DefaultTTL = 6), 'InvalidArgument', 400],
    ['a cache policy with MaxTTL', (c) => void (c.CacheBehaviors!.Items![1]!.MaxTTL = 60), 'InvalidArgument', 400],
    ['aliases on the default certificate', (c) => void (c.Aliases = { Quantity: 1, Items: ['live.example.com'] }), 'InvalidViewerCertificate', 400],
    [
      'more than 75 cache behaviors',
      (c) => {
        const items = Array.from({ length: 76 }, (_, i) => behavior(`/p${i}/*`))
        c.CacheBehaviors = { Quantity: items.length, Items: items }
      },
      'TooManyCacheBehaviors',
      400
    ],
    [
      'more than 100 origins',
      (c) => {
        const items = Array.from({ length: 101 }, (_, i) => ({ ...c.Origins!.Items![0]!, Id: i === 0 ? 'mp' : `o${i}` }))
        c.Origins = { Quantity: items.length, Items: items }
      },
      'TooManyOrigins',
      400
    ],
    ['two origins with one Id', (c) => void (c.Origins = { Quantity: 2, Items: [c.Origins!.Items![0]!, c.Origins!.Items![0]!] }), 'InvalidArgument', 400],
    [
      'two behaviors with one PathPattern',
      (c) => void (c.CacheBehaviors = { Quantity: 2, Items: [behavior('*.ts'), behavior('*.ts')] }),
      'InvalidArgument',
      400
    ]
  ]

  it.each(refusals)('refuses %s', async (_what, change, name, status) => {
    const config = mediaConfig(`refused-${name}-${Math.random()}`, change)
    expect(
      await failure(
        aws.cloudfront.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: [] } } }))
      )
    ).toMatchObject({ name, status })
  })

  it('refuses the same mistakes on update, and a changed CallerReference with IllegalUpdate', async () => {
    const { Distribution: d } = await aws.cloudfront.send(
      new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: mediaConfig('upd-refuse'), Tags: { Items: [] } } })
    )
    const update = async (change: (c: DistributionConfig) => void) => {
      const { DistributionConfig: config, ETag } = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id: d!.Id }))
      change(config!)
      return failure(aws.cloudfront.send(new UpdateDistributionCommand({ Id: d!.Id, IfMatch: ETag, DistributionConfig: config })))
    }
    expect(await update((c) => void (c.CallerReference = 'other'))).toMatchObject({ name: 'IllegalUpdate', status: 400 })
    expect(await update((c) => void (c.CacheBehaviors!.Quantity = 5))).toMatchObject({ name: 'InconsistentQuantities' })
    expect(await update((c) => void (c.DefaultCacheBehavior!.TargetOriginId = 'gone'))).toMatchObject({ name: 'NoSuchOrigin' })
  })

  it('seeds a console-made distribution on the placeholder origin, found like any other', async () => {
    const channel = fake.state.createChannel({ Id: 'console' })
    const d = fake.state.createDistribution({
      config: {
        Comment: 'Managed by MediaPackage - console',
        Enabled: true,
        Aliases: { Quantity: 0, Items: [] },
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'TEMP_ORIGIN_ID/channel',
              DomainName: 'mediapackage.amazonaws.com',
              CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'match-viewer' }
            }
          ]
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'TEMP_ORIGIN_ID/channel',
          ViewerProtocolPolicy: 'redirect-to-https',
          ForwardedValues: { QueryString: true, Cookies: { Forward: 'none' } },
          MinTTL: 6,
          MaxTTL: 60
        }
      },
      tags: { 'mediapackage:cloudfront_assoc': channel.Arn }
    })
    const { DistributionConfig: config } = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id: d.Id }))
    expect(config?.DefaultCacheBehavior).toMatchObject({ MinTTL: 6, DefaultTTL: 60, MaxTTL: 60, ForwardedValues: { Headers: { Quantity: 0 } } })
    expect(config?.Aliases).toEqual({ Quantity: 0 })
    const found = await aws.tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'mediapackage:cloudfront_assoc', Values: [channel.Arn] }] }))
    expect(found.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual([d.ARN])
  })

  it('refuses XML that does not follow the schema with MalformedXML', async () => {
    const res = await fetch(`${fake.url}/2020-05-31/distribution?WithTags`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<DistributionConfigWithTags><DistributionConfig><CallerReference>x</CallerReference><Bogus/></DistributionConfig></DistributionConfigWithTags>'
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/<Code>MalformedXML<\/Code>/)
  })

  it('is InProgress for deployDelayMs after each create and update, then Deployed', async () => {
    const slow = await startFakeAws({ seed: 7, deployDelayMs: 400 })
    const c = clientsFor(slow)
    try {
      const created = await c.cloudfront.send(
        new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: mediaConfig('deploy-1'), Tags: { Items: [] } } })
      )
      expect(created.Distribution?.Status).toBe('InProgress')
      await new Promise((r) => setTimeout(r, 450))
      const deployed = await c.cloudfront.send(new GetDistributionCommand({ Id: created.Distribution!.Id }))
      expect(deployed.Distribution?.Status).toBe('Deployed')
      const updated = await c.cloudfront.send(
        new UpdateDistributionCommand({ Id: created.Distribution!.Id, IfMatch: deployed.ETag, DistributionConfig: deployed.Distribution!.DistributionConfig })
      )
      expect(updated.Distribution?.Status).toBe('InProgress')
      slow.state.distributions.get(created.Distribution!.Id!)!.inProgressUntil = 0
      expect((await c.cloudfront.send(new GetDistributionCommand({ Id: created.Distribution!.Id }))).Distribution?.Status).toBe('Deployed')
    } finally {
      c.destroy()
      await slow.close()
    }
  })

  it('pages ListDistributions with Marker/NextMarker, capped by pageSize', async () => {
    const big = await startFakeAws({ seed: 3, pageSize: 4 })
    const c = clientsFor(big)
    try {
      big.seedDistributions(10)
      const ids: string[] = []
      let marker: string | undefined
      let pages = 0
      for (;;) {
        const { DistributionList: list } = await c.cloudfront.send(new ListDistributionsCommand({ Marker: marker, MaxItems: 100 }))
        expect(list!.Quantity).toBe(list!.Items?.length ?? 0)
        expect(list!.Quantity).toBeLessThanOrEqual(4)
        ids.push(...(list!.Items ?? []).map((s) => s.Id!))
        pages++
        if (!list!.IsTruncated) break
        marker = list!.NextMarker
      }
      expect(pages).toBe(3)
      expect(ids).toEqual([...big.state.distributions.keys()])
      const summary = (await c.cloudfront.send(new ListDistributionsCommand({ MaxItems: 1 }))).DistributionList!.Items![0]!
      expect(summary).toMatchObject({ Status: 'Deployed', Comment: 'unrelated distribution 0', Origins: { Quantity: 1 } })
    } finally {
      c.destroy()
      await big.close()
    }
  })
})

describe('Resource Groups Tagging API', () => {
  let tagged: FakeAws
  let c: Clients
  const ARN_A = 'arn:aws:mediapackage:us-west-2:123456789012:channels/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

  beforeAll(async () => {
    tagged = await startFakeAws({ seed: 11 })
    c = clientsFor(tagged)
    tagged.seedDistributions(5)
    tagged.state.createDistribution({ config: mediaConfig('tag-a'), tags: { 'mediapackage:cloudfront_assoc': ARN_A } })
    tagged.state.createDistribution({ config: mediaConfig('tag-b'), tags: { 'mediapackage:cloudfront_assoc': 'arn:other' } })
  })

  afterAll(async () => {
    c.destroy()
    await tagged.close()
  })

  it('finds the distribution tagged with a channel ARN', async () => {
    const result = await c.tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['cloudfront:distribution'], TagFilters: [{ Key: 'mediapackage:cloudfront_assoc', Values: [ARN_A] }] })
    )
    const expected = tagged.state.distributionsTagged('mediapackage:cloudfront_assoc', ARN_A)
    expect(expected).toHaveLength(1)
    expect(result.ResourceTagMappingList).toEqual([{ ResourceARN: expected[0]!.ARN, Tags: [{ Key: 'mediapackage:cloudfront_assoc', Value: ARN_A }] }])
    expect(result.PaginationToken).toBe('')
  })

  it('matches any value when a TagFilter has no Values, and accepts the service prefix as a type', async () => {
    const result = await c.tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['cloudfront'], TagFilters: [{ Key: 'mediapackage:cloudfront_assoc' }] })
    )
    expect(result.ResourceTagMappingList).toHaveLength(2)
    const none = await c.tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['mediapackage:channels'], TagFilters: [{ Key: 'mediapackage:cloudfront_assoc' }] })
    )
    expect(none.ResourceTagMappingList).toEqual([])
  })

  it('pages with ResourcesPerPage and ends with an empty PaginationToken', async () => {
    const arns: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await c.tagging.send(
        new GetResourcesCommand({ ResourceTypeFilters: ['cloudfront:distribution'], ResourcesPerPage: 3, PaginationToken: token })
      )
      arns.push(...page.ResourceTagMappingList!.map((m) => m.ResourceARN!))
      token = page.PaginationToken
      pages++
    } while (token)
    expect(pages).toBe(3)
    expect(arns).toHaveLength(7)
  })

  it('lists CloudFront resources only to a client in us-east-1, and logs the signing Region', async () => {
    const west = new ResourceGroupsTaggingAPIClient({ endpoint: tagged.url, credentials, region: 'us-west-2', maxAttempts: 1 })
    try {
      tagged.resetCalls()
      const result = await west.send(new GetResourcesCommand({ TagFilters: [{ Key: 'mediapackage:cloudfront_assoc' }] }))
      expect(result.ResourceTagMappingList).toEqual([])
      await c.tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'mediapackage:cloudfront_assoc' }] }))
      expect(tagged.calls.map((call) => [call.service, call.operation, call.region])).toEqual([
        ['tagging', 'GetResources', 'us-west-2'],
        ['tagging', 'GetResources', 'us-east-1']
      ])
    } finally {
      west.destroy()
    }
  })
})

describe('Secrets Manager', () => {
  it('creates, reads, versions and describes a secret by name or ARN', async () => {
    const created = await aws.secrets.send(new CreateSecretCommand({ Name: 'MediaPackage/cdn', SecretString: '{"MediaPackageCDNIdentifier":"one"}' }))
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-west-2:123456789012:secret:MediaPackage\/cdn-[A-Za-z0-9]{6}$/)
    const first = await aws.secrets.send(new GetSecretValueCommand({ SecretId: created.ARN }))
    expect(first).toMatchObject({ SecretString: '{"MediaPackageCDNIdentifier":"one"}', VersionId: created.VersionId, VersionStages: ['AWSCURRENT'] })
    expect(first.CreatedDate).toBeInstanceOf(Date)

    const put = await aws.secrets.send(new PutSecretValueCommand({ SecretId: 'MediaPackage/cdn', SecretString: '{"MediaPackageCDNIdentifier":"two"}' }))
    const described = await aws.secrets.send(new DescribeSecretCommand({ SecretId: 'MediaPackage/cdn' }))
    expect(described.VersionIdsToStages).toEqual({ [created.VersionId!]: ['AWSPREVIOUS'], [put.VersionId!]: ['AWSCURRENT'] })
    expect(described.LastChangedDate).toBeInstanceOf(Date)
    expect(described.CreatedDate).toBeInstanceOf(Date)
    expect((await aws.secrets.send(new GetSecretValueCommand({ SecretId: 'MediaPackage/cdn' }))).SecretString).toContain('two')
    expect((await aws.secrets.send(new GetSecretValueCommand({ SecretId: 'MediaPackage/cdn', VersionStage: 'AWSPREVIOUS' }))).SecretString).toContain('one')

    expect(await failure(aws.secrets.send(new GetSecretValueCommand({ SecretId: 'MediaPackage/none' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 400
    })
    expect(await failure(aws.secrets.send(new CreateSecretCommand({ Name: 'MediaPackage/cdn', SecretString: 'x' })))).toMatchObject({
      name: 'ResourceExistsException'
    })
  })
})

describe('faults', () => {
  const calls = () => ({
    mediapackage: () => aws.mediapackage.send(new ListChannelsCommand({})),
    cloudfront: () => aws.cloudfront.send(new ListDistributionsCommand({})),
    tagging: () => aws.tagging.send(new GetResourcesCommand({})),
    secretsmanager: () => aws.secrets.send(new DescribeSecretCommand({ SecretId: 'anything' }))
  })

  it.each([
    ['mediapackage', 'throttle', 'TooManyRequestsException', 429],
    ['cloudfront', 'throttle', 'Throttling', 400],
    ['tagging', 'throttle', 'ThrottledException', 400],
    ['secretsmanager', 'throttle', 'ThrottlingException', 400],
    ['mediapackage', 'server', 'InternalServerErrorException', 500],
    ['cloudfront', 'server', 'ServiceUnavailable', 503],
    ['tagging', 'server', 'InternalServiceException', 500],
    ['secretsmanager', 'server', 'InternalServiceError', 500],
    ['mediapackage', 'access-denied', 'ForbiddenException', 403],
    ['cloudfront', 'access-denied', 'AccessDenied', 403],
    ['tagging', 'access-denied', 'AccessDeniedException', 400],
    ['secretsmanager', 'access-denied', 'AccessDeniedException', 400],
    ['cloudfront', 'access-denied-scp', 'AccessDenied', 403],
    ['mediapackage', 'access-denied-boundary', 'ForbiddenException', 403],
    ['cloudfront', 'expired-token', 'ExpiredToken', 403],
    ['mediapackage', 'expired-token', 'ExpiredTokenException', 403],
    ['tagging', 'expired-token', 'ExpiredTokenException', 400],
    ['secretsmanager', 'expired-token', 'ExpiredTokenException', 400],
    ['cloudfront', 'invalid-token', 'InvalidClientTokenId', 403],
    ['tagging', 'invalid-token', 'UnrecognizedClientException', 400],
    ['cloudfront', 'bad-signature', 'SignatureDoesNotMatch', 403],
    ['mediapackage', 'bad-signature', 'InvalidSignatureException', 403]
  ] as const)('%s %s surfaces in the SDK as %s (%i)', async (service, kind, name, status) => {
    fake.faults.add({ service, error: kind })
    expect(await failure(calls()[service]())).toMatchObject({ name, status })
  })

  it("words access denied as IAM does, with the reason a user's policy type gives", async () => {
    fake.faults.add({ service: 'cloudfront', operation: 'ListDistributions', times: 1, error: 'access-denied-scp' })
    fake.faults.add({ service: 'cloudfront', operation: 'ListDistributions', times: 1, error: 'access-denied-boundary' })
    fake.faults.add({ service: 'cloudfront', operation: 'ListDistributions', times: 1, error: 'access-denied' })
    const messages = [await failure(calls().cloudfront()), await failure(calls().cloudfront()), await failure(calls().cloudfront())].map((f) => f.message)
    expect(messages).toEqual([
      expect.stringMatching(/not authorized to perform: cloudfront:ListDistributions with an explicit deny in a service control policy$/),
      expect.stringMatching(
        /not authorized to perform: cloudfront:ListDistributions because no permissions boundary allows the cloudfront:ListDistributions action$/
      ),
      expect.stringMatching(/because no identity-based policy allows the cloudfront:ListDistributions action$/)
    ])
  })

  it('matches operations by name or pattern, and a custom error', async () => {
    fake.faults.add({ service: 'cloudfront', operation: /^Update/, error: { status: 400, code: 'TooManyDistributions', message: 'quota' } })
    await aws.cloudfront.send(new ListDistributionsCommand({}))
    const d = fake.state.createDistribution({ config: mediaConfig('fault-custom') })
    expect(await failure(aws.cloudfront.send(new UpdateDistributionCommand({ Id: d.Id, IfMatch: d.ETag, DistributionConfig: d.config })))).toMatchObject({
      name: 'TooManyDistributions',
      status: 400,
      message: 'quota'
    })
  })

  it("fails only `times` calls, so the SDK's retry gets through", async () => {
    const retrying = clientsFor(fake, 3)
    try {
      fake.faults.add({ service: 'mediapackage', operation: 'ListChannels', error: 'server', times: 1 })
      const result = await retrying.mediapackage.send(new ListChannelsCommand({}))
      expect(result.$metadata.attempts).toBe(2)
    } finally {
      retrying.destroy()
    }
  })

  it('decides probabilities with the seed, reproducibly', async () => {
    const outcomes = async (seed: number) => {
      const f = await startFakeAws({ seed })
      const c = clientsFor(f)
      try {
        f.faults.add({ error: 'throttle', probability: 0.5 })
        const results: boolean[] = []
        for (let i = 0; i < 12; i++)
          results.push(
            await c.mediapackage.send(new ListChannelsCommand({})).then(
              () => true,
              () => false
            )
          )
        return results
      } finally {
        c.destroy()
        await f.close()
      }
    }
    const a = await outcomes(5)
    expect(await outcomes(5)).toEqual(a)
    expect(a).toContain(true)
    expect(a).toContain(false)
  })

  it('throttles calls beyond rateLimitPerSecond, per service', async () => {
    const limited = await startFakeAws({ seed: 9, rateLimitPerSecond: 3 })
    const c = clientsFor(limited)
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          c.mediapackage.send(new ListChannelsCommand({})).then(
            () => 'ok',
            (e: Error) => e.name
          )
        )
      )
      const ok = results.filter((r) => r === 'ok').length
      // A burst of 3, plus whatever refilled (3/s) while the burst arrived.
      expect(ok).toBeGreaterThanOrEqual(3)
      expect(ok).toBeLessThanOrEqual(4)
      expect(results.filter((r) => r === 'TooManyRequestsException')).toHaveLength(10 - ok)
      expect(limited.calls.filter((call) => call.status === 429)).toHaveLength(10 - ok)
      // Another service has its own bucket.
      await c.cloudfront.send(new ListDistributionsCommand({}))
    } finally {
      c.destroy()
      await limited.close()
    }
  })
})

describe('the call log', () => {
  it('records service, operation, mutating, status, timing and signing Region', async () => {
    const slow = await startFakeAws({ seed: 1, latencyMs: 25 })
    const c = clientsFor(slow)
    try {
      await c.mediapackage.send(new CreateChannelCommand({ Id: 'log' }))
      await c.mediapackage.send(new DescribeChannelCommand({ Id: 'log' }))
      await failure(c.cloudfront.send(new GetDistributionCommand({ Id: 'E0000000000000' })))
      expect(
        slow.calls.map(({ service, operation, mutating, status, region, errorCode }) => ({ service, operation, mutating, status, region, errorCode }))
      ).toEqual([
        { service: 'mediapackage', operation: 'CreateChannel', mutating: true, status: 200, region: 'us-west-2', errorCode: undefined },
        { service: 'mediapackage', operation: 'DescribeChannel', mutating: false, status: 200, region: 'us-west-2', errorCode: undefined },
        { service: 'cloudfront', operation: 'GetDistribution', mutating: false, status: 404, region: 'us-east-1', errorCode: 'NoSuchDistribution' }
      ])
      for (const call of slow.calls) expect(call.end - call.start).toBeGreaterThanOrEqual(20)
      slow.resetCalls()
      expect(slow.calls).toEqual([])
    } finally {
      c.destroy()
      await slow.close()
    }
  })

  it('is reachable through the standard AWS_ENDPOINT_URL_* variables, as the action resolves them', async () => {
    const clients = createClients(resolveAwsConfig({ env: fake.env, region: fake.env.AWS_REGION! }))
    try {
      fake.resetCalls()
      await clients.mediapackage.send(new ListChannelsCommand({}))
      await clients.cloudfront.send(new ListDistributionsCommand({}))
      await clients.tagging.send(new GetResourcesCommand({}))
      await clients.secrets.send(new DescribeSecretCommand({ SecretId: 'none' })).catch(() => undefined)
      expect(fake.calls.map((call) => [call.service, call.operation, call.region])).toEqual([
        ['mediapackage', 'ListChannels', 'us-west-2'],
        ['cloudfront', 'ListDistributions', 'us-east-1'],
        ['tagging', 'GetResources', 'us-east-1'],
        ['secretsmanager', 'DescribeSecret', 'us-west-2']
      ])
    } finally {
      destroyClients(clients)
    }
  })
})
