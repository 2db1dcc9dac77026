/**
 * What retiring a channel needs from the fake AWS, through the real SDK clients: CloudFront's
 * DeleteDistribution with its refusals, tag edits a person makes in the console, the CreateDistribution
 * refusals a hand-edited config can hit, and MediaPackage's endpoint and channel deletes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  DeleteDistributionCommand,
  DistributionAlreadyExists,
  DistributionNotDisabled,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  InvalidArgument,
  InvalidIfMatchVersion,
  ListTagsForResourceCommand,
  NoSuchDistribution,
  NoSuchResource,
  PreconditionFailed,
  TagResourceCommand,
  TooManyDistributionCNAMEs,
  UntagResourceCommand,
  UpdateDistributionCommand,
  type DistributionConfig
} from '@aws-sdk/client-cloudfront'
import {
  CreateChannelCommand,
  CreateOriginEndpointCommand,
  DeleteChannelCommand,
  DeleteOriginEndpointCommand,
  DescribeChannelCommand,
  DescribeOriginEndpointCommand,
  ListChannelsCommand,
  ListOriginEndpointsCommand,
  MediaPackageClient,
  NotFoundException,
  UnprocessableEntityException
} from '@aws-sdk/client-mediapackage'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }
const CACHE_POLICY_ID = '08627262-05a9-4f76-9ded-b50ca2e3a84f'
const ASSOC = 'mediapackage:cloudfront_assoc'

let fake: FakeAws
let cloudfront: CloudFrontClient
let mediapackage: MediaPackageClient
let tagging: ResourceGroupsTaggingAPIClient
let serial = 0

beforeAll(async () => {
  fake = await startFakeAws({ seed: 21 })
  const common = { endpoint: fake.url, credentials, maxAttempts: 1 }
  cloudfront = new CloudFrontClient({ ...common, region: 'us-east-1' })
  mediapackage = new MediaPackageClient({ ...common, region: 'us-west-2' })
  tagging = new ResourceGroupsTaggingAPIClient({ ...common, region: 'us-east-1' })
})

afterAll(async () => {
  cloudfront.destroy()
  mediapackage.destroy()
  tagging.destroy()
  await fake.close()
})

beforeEach(() => {
  fake.state.deployDelayMs = 0
})

/** The error a call fails with (it must fail). */
async function rejection(call: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  try {
    await call
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } }
  }
  throw new Error('expected the call to fail')
}

function distributionConfig(host: string, change: (c: DistributionConfig) => void = () => {}): DistributionConfig {
  const config: DistributionConfig = {
    CallerReference: `teardown-${++serial}`,
    Comment: 'live channel',
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: 'mp', DomainName: host, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }] },
    DefaultCacheBehavior: { TargetOriginId: 'mp', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHE_POLICY_ID }
  }
  change(config)
  return config
}

async function createDistribution(config: DistributionConfig, tags: Record<string, string> = {}) {
  const created = await cloudfront.send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }
    })
  )
  return { id: created.Distribution!.Id!, arn: created.Distribution!.ARN!, etag: created.ETag! }
}

/** Disables the distribution as a person would (GetDistributionConfig, Enabled=false, UpdateDistribution); returns the new ETag. */
async function disable(id: string): Promise<string> {
  const { DistributionConfig: config, ETag } = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }))
  config!.Enabled = false
  const updated = await cloudfront.send(new UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: config }))
  return updated.ETag!
}

async function taggedWith(value: string): Promise<string[]> {
  const found = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['cloudfront:distribution'], TagFilters: [{ Key: ASSOC, Values: [value] }] }))
  return (found.ResourceTagMappingList ?? []).map((m) => m.ResourceARN!)
}

describe('CloudFront DeleteDistribution', () => {
  it('deletes a disabled, Deployed distribution: 204, then it is gone from every API', async () => {
    const channelArn = 'arn:aws:mediapackage:us-west-2:123456789012:channels/0123456789abcdef0123456789abcdef'
    const { id, arn } = await createDistribution(distributionConfig('a.example.com'), { [ASSOC]: channelArn })
    expect(await taggedWith(channelArn)).toEqual([arn])
    const etag = await disable(id)

    const deleted = await cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)

    for (const call of [
      cloudfront.send(new GetDistributionCommand({ Id: id })),
      cloudfront.send(new GetDistributionConfigCommand({ Id: id })),
      cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
    ]) {
      const error = await rejection(call)
      expect(error).toBeInstanceOf(NoSuchDistribution)
      expect(error.$metadata.httpStatusCode).toBe(404)
    }
    expect(await taggedWith(channelArn)).toEqual([])
    expect(await rejection(cloudfront.send(new ListTagsForResourceCommand({ Resource: arn })))).toBeInstanceOf(NoSuchResource)
    expect(fake.state.distributions.has(id)).toBe(false)
  })

  it('refuses an Enabled distribution with DistributionNotDisabled (409)', async () => {
    const { id, etag } = await createDistribution(distributionConfig('b.example.com'))
    const error = await rejection(cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag })))
    expect(error).toBeInstanceOf(DistributionNotDisabled)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe('The distribution you are trying to delete has not been disabled.')
    expect(fake.state.distributions.has(id)).toBe(true)
  })

  it('refuses a disabled distribution whose disable is still InProgress, and deletes it once Deployed', async () => {
    const { id } = await createDistribution(distributionConfig('c.example.com'))
    fake.state.deployDelayMs = 60_000
    const etag = await disable(id)
    expect((await cloudfront.send(new GetDistributionCommand({ Id: id }))).Distribution?.Status).toBe('InProgress')

    const error = await rejection(cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag })))
    expect(error).toBeInstanceOf(DistributionNotDisabled)

    fake.state.distributions.get(id)!.inProgressUntil = 0
    await cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
    expect(fake.state.distributions.has(id)).toBe(false)
  })

  it('refuses a missing If-Match with InvalidIfMatchVersion (400) and a stale one with PreconditionFailed (412)', async () => {
    const { id, etag: beforeDisable } = await createDistribution(distributionConfig('d.example.com'))
    await disable(id)

    const missing = await rejection(cloudfront.send(new DeleteDistributionCommand({ Id: id })))
    expect(missing).toBeInstanceOf(InvalidIfMatchVersion)
    expect(missing.$metadata.httpStatusCode).toBe(400)

    const stale = await rejection(cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: beforeDisable })))
    expect(stale).toBeInstanceOf(PreconditionFailed)
    expect(stale.$metadata.httpStatusCode).toBe(412)
    expect(fake.state.distributions.has(id)).toBe(true)
  })

  it('answers NoSuchDistribution (404) for an id that never existed', async () => {
    const error = await rejection(cloudfront.send(new DeleteDistributionCommand({ Id: 'E0000000000000', IfMatch: 'E1' })))
    expect(error).toBeInstanceOf(NoSuchDistribution)
    expect(error.$metadata.httpStatusCode).toBe(404)
  })

  it('logs DeleteDistribution as a mutating CloudFront call', async () => {
    const { id } = await createDistribution(distributionConfig('e.example.com'))
    const etag = await disable(id)
    fake.resetCalls()
    await cloudfront.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
    expect(fake.calls.map(({ service, operation, mutating, status }) => ({ service, operation, mutating, status }))).toEqual([
      { service: 'cloudfront', operation: 'DeleteDistribution', mutating: true, status: 204 }
    ])
  })
})

describe('CloudFront tags, edited as a person would in the console', () => {
  const channelArn = 'arn:aws:mediapackage:us-west-2:123456789012:channels/fedcba9876543210fedcba9876543210'

  it('removes the association tag: ListTagsForResource and GetResources no longer show it', async () => {
    const { arn } = await createDistribution(distributionConfig('f.example.com'), { [ASSOC]: channelArn, team: 'video' })
    await cloudfront.send(new UntagResourceCommand({ Resource: arn, TagKeys: { Items: [ASSOC] } }))

    const tags = await cloudfront.send(new ListTagsForResourceCommand({ Resource: arn }))
    expect(tags.Tags?.Items).toEqual([{ Key: 'team', Value: 'video' }])
    expect(await taggedWith(channelArn)).toEqual([])
    // Removing a key the distribution doesn't have is not an error.
    await cloudfront.send(new UntagResourceCommand({ Resource: arn, TagKeys: { Items: ['absent'] } }))
  })

  it('edits the association tag: GetResources finds the distribution under the new value only', async () => {
    const { arn } = await createDistribution(distributionConfig('g.example.com'), { [ASSOC]: `${channelArn}-old` })
    await cloudfront.send(new TagResourceCommand({ Resource: arn, Tags: { Items: [{ Key: ASSOC, Value: `${channelArn}-new` }] } }))

    expect((await cloudfront.send(new ListTagsForResourceCommand({ Resource: arn }))).Tags?.Items).toEqual([{ Key: ASSOC, Value: `${channelArn}-new` }])
    expect(await taggedWith(`${channelArn}-old`)).toEqual([])
    expect(await taggedWith(`${channelArn}-new`)).toEqual([arn])
  })

  it('answers NoSuchResource for a distribution that does not exist and InvalidArgument for a malformed ARN', async () => {
    const unknown = await rejection(
      cloudfront.send(new UntagResourceCommand({ Resource: 'arn:aws:cloudfront::123456789012:distribution/E0000000000000', TagKeys: { Items: [ASSOC] } }))
    )
    expect(unknown).toBeInstanceOf(NoSuchResource)
    expect(unknown.$metadata.httpStatusCode).toBe(404)
    expect(await rejection(cloudfront.send(new TagResourceCommand({ Resource: 'not-an-arn', Tags: { Items: [{ Key: 'a', Value: 'b' }] } })))).toBeInstanceOf(
      InvalidArgument
    )
  })
})

describe('CloudFront refusals on create and update', () => {
  it('names the distribution that holds a reused CallerReference, in AWS words', async () => {
    const config = distributionConfig('h.example.com')
    const { id } = await createDistribution(config)
    const error = await rejection(createDistribution(config))
    expect(error).toBeInstanceOf(DistributionAlreadyExists)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe(
      `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${id}`
    )
  })

  const invalid: [string, (c: DistributionConfig) => void, string][] = [
    ['a Comment over 128 characters', (c) => void (c.Comment = 'x'.repeat(129)), 'The parameter Comment is too big.'],
    ['an origin Id over 128 characters', (c) => setOriginId(c, 'o'.repeat(129)), 'The parameter originId is too big.'],
    [
      'two origins with the same Id',
      (c) => void (c.Origins = { Quantity: 2, Items: [c.Origins!.Items![0]!, { ...c.Origins!.Items![0]!, DomainName: 'other.example.com' }] }),
      'The parameter origin ID must be unique.'
    ],
    ['an OriginPath without a leading slash', (c) => void (c.Origins!.Items![0]!.OriginPath = 'out/v1'), 'OriginPath'],
    ['an OriginPath that ends with a slash', (c) => void (c.Origins!.Items![0]!.OriginPath = '/out/v1/'), 'OriginPath']
  ]

  function setOriginId(c: DistributionConfig, id: string): void {
    c.Origins!.Items![0]!.Id = id
    c.DefaultCacheBehavior!.TargetOriginId = id
  }

  it.each(invalid)('refuses %s with InvalidArgument, on create and on update', async (_what, change, message) => {
    const created = await rejection(createDistribution(distributionConfig('i.example.com', change)))
    expect(created).toBeInstanceOf(InvalidArgument)
    expect(created.$metadata.httpStatusCode).toBe(400)
    expect(created.message).toContain(message)

    const { id } = await createDistribution(distributionConfig('j.example.com'))
    const { DistributionConfig: config, ETag } = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }))
    change(config!)
    const updated = await rejection(cloudfront.send(new UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: config })))
    expect(updated).toBeInstanceOf(InvalidArgument)
    expect(updated.message).toContain(message)
  })

  it('accepts a Comment and an origin Id of exactly 128 characters', async () => {
    const { id } = await createDistribution(
      distributionConfig('k.example.com', (c) => {
        c.Comment = 'c'.repeat(128)
        setOriginId(c, 'o'.repeat(128))
      })
    )
    const { DistributionConfig: stored } = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }))
    expect(stored?.Comment).toHaveLength(128)
    expect(stored?.Origins?.Items?.[0]?.Id).toHaveLength(128)
  })

  it('refuses more than 100 alternate domain names with TooManyDistributionCNAMEs', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `live-${i}.example.com`)
    const config = distributionConfig('l.example.com', (c) => {
      c.Aliases = { Quantity: aliases.length, Items: aliases }
      c.ViewerCertificate = { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', SSLSupportMethod: 'sni-only' }
    })
    const error = await rejection(createDistribution(config))
    expect(error).toBeInstanceOf(TooManyDistributionCNAMEs)
    expect(error.$metadata.httpStatusCode).toBe(400)

    config.Aliases = { Quantity: 100, Items: aliases.slice(0, 100) }
    const { id } = await createDistribution(config)
    expect(fake.state.distributions.get(id)?.config.Aliases?.Quantity).toBe(100)
  })
})

describe('MediaPackage deletes', () => {
  async function channelWithEndpoints(count: number) {
    const channelId = `retire-${++serial}`
    await mediapackage.send(new CreateChannelCommand({ Id: channelId }))
    const endpoints = []
    for (let i = 0; i < count; i++) {
      endpoints.push(await mediapackage.send(new CreateOriginEndpointCommand({ Id: `${channelId}-${i}`, ChannelId: channelId, HlsPackage: {} })))
    }
    return { channelId, endpoints }
  }

  it('deletes an endpoint (202): Describe answers NotFound, List no longer has it, a second delete is NotFound', async () => {
    const { channelId, endpoints } = await channelWithEndpoints(2)
    const [gone, kept] = endpoints
    const deleted = await mediapackage.send(new DeleteOriginEndpointCommand({ Id: gone!.Id }))
    expect(deleted.$metadata.httpStatusCode).toBe(202)

    const described = await rejection(mediapackage.send(new DescribeOriginEndpointCommand({ Id: gone!.Id })))
    expect(described).toBeInstanceOf(NotFoundException)
    expect(described.$metadata.httpStatusCode).toBe(404)
    const listed = await mediapackage.send(new ListOriginEndpointsCommand({ ChannelId: channelId }))
    expect(listed.OriginEndpoints?.map((e) => e.Id)).toEqual([kept!.Id])
    expect(await rejection(mediapackage.send(new DeleteOriginEndpointCommand({ Id: gone!.Id })))).toBeInstanceOf(NotFoundException)
  })

  it('refuses to delete a channel that still has endpoints (422), then deletes it once they are gone (202)', async () => {
    const { channelId, endpoints } = await channelWithEndpoints(1)
    const refused = await rejection(mediapackage.send(new DeleteChannelCommand({ Id: channelId })))
    expect(refused).toBeInstanceOf(UnprocessableEntityException)
    expect(refused.$metadata.httpStatusCode).toBe(422)
    expect(refused.message).toContain(channelId)
    expect((await mediapackage.send(new DescribeChannelCommand({ Id: channelId }))).Id).toBe(channelId)

    await mediapackage.send(new DeleteOriginEndpointCommand({ Id: endpoints[0]!.Id }))
    const deleted = await mediapackage.send(new DeleteChannelCommand({ Id: channelId }))
    expect(deleted.$metadata.httpStatusCode).toBe(202)

    expect(await rejection(mediapackage.send(new DescribeChannelCommand({ Id: channelId })))).toBeInstanceOf(NotFoundException)
    const channels = await mediapackage.send(new ListChannelsCommand({}))
    expect(channels.Channels?.map((c) => c.Id)).not.toContain(channelId)
    expect(await rejection(mediapackage.send(new DeleteChannelCommand({ Id: channelId })))).toBeInstanceOf(NotFoundException)
  })

  it('answers NotFound for unknown ids', async () => {
    expect(await rejection(mediapackage.send(new DeleteChannelCommand({ Id: 'never-made' })))).toBeInstanceOf(NotFoundException)
    expect(await rejection(mediapackage.send(new DeleteOriginEndpointCommand({ Id: 'never-made' })))).toBeInstanceOf(NotFoundException)
  })

  it('a distribution whose origin served a deleted endpoint gets 404 from the origin', async () => {
    const { endpoints } = await channelWithEndpoints(2)
    const [gone, kept] = endpoints.map((e) => new URL(e.Url!))
    const { id } = await createDistribution(distributionConfig(gone!.host))
    expect(fake.play(id, gone!.pathname, 'new').status).toBe(200)

    await mediapackage.send(new DeleteOriginEndpointCommand({ Id: endpoints[0]!.Id }))
    expect(fake.play(id, gone!.pathname, 'new')).toEqual({ status: 404, origin: 'mp', attempts: [{ originId: 'mp', status: 404 }] })
    expect(fake.play(id, kept!.pathname, 'new').status).toBe(200)
  })
})
