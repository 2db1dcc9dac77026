/**
 * Playback of MediaPackage v2 through the fake CloudFront edges: the origin is a channel group's
 * egress domain, CloudFront signs with an origin access control, and the endpoint policy decides
 * (AWS's documented statement: service principal cloudfront.amazonaws.com, mediapackagev2:GetObject
 * on the endpoint ARN, aws:SourceArn = the distribution). State changes go through the real clients.
 * Also: the Tagging API finds tagged v2 resources.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  CreateOriginAccessControlCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  type DistributionConfig,
  type OriginAccessControlConfig
} from '@aws-sdk/client-cloudfront'
import {
  CreateChannelCommand,
  CreateChannelGroupCommand,
  CreateOriginEndpointCommand,
  DeleteOriginEndpointCommand,
  MediaPackageV2Client,
  PutOriginEndpointPolicyCommand,
  TagResourceCommand
} from '@aws-sdk/client-mediapackagev2'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }
const ACCOUNT = '123456789012'
const CACHE_POLICY = '08627262-05a9-4f76-9ded-b50ca2e3a84f'

let fake: FakeAws
let mp: MediaPackageV2Client
let cf: CloudFrontClient
let serial = 0

beforeAll(async () => {
  fake = await startFakeAws({ seed: 12, mediaPackageV2Quotas: { channelGroups: 50 } })
  const common = { endpoint: fake.url, credentials, maxAttempts: 1 }
  mp = new MediaPackageV2Client({ ...common, region: 'us-west-2' })
  cf = new CloudFrontClient({ ...common, region: 'us-east-1' })
})

afterAll(async () => {
  mp.destroy()
  cf.destroy()
  await fake.close()
})

beforeEach(() => {
  fake.state.deployDelayMs = 0
})

interface Live {
  group: string
  channel: string
  egressDomain: string
  endpointArn: string
  /** `/out/v1/<group>/<channel>/<endpoint>/` */
  path: string
  ids: { ChannelGroupName: string; ChannelName: string; OriginEndpointName: string }
}

/** A channel group, channel and CMAF endpoint with HLS, LL-HLS and DASH manifests, made through the SDK. */
async function liveEndpoint(): Promise<Live> {
  const n = ++serial
  const g = await mp.send(new CreateChannelGroupCommand({ ChannelGroupName: `group-${n}` }))
  await mp.send(new CreateChannelCommand({ ChannelGroupName: `group-${n}`, ChannelName: `channel-${n}`, InputType: 'CMAF' }))
  const ids = { ChannelGroupName: `group-${n}`, ChannelName: `channel-${n}`, OriginEndpointName: 'cmaf' }
  const e = await mp.send(
    new CreateOriginEndpointCommand({
      ...ids,
      ContainerType: 'CMAF',
      HlsManifests: [{ ManifestName: 'index' }],
      LowLatencyHlsManifests: [{ ManifestName: 'low' }],
      DashManifests: [{ ManifestName: 'dash' }]
    })
  )
  return {
    group: ids.ChannelGroupName,
    channel: ids.ChannelName,
    egressDomain: g.EgressDomain!,
    endpointArn: e.Arn!,
    path: `/out/v1/${ids.ChannelGroupName}/${ids.ChannelName}/cmaf/`,
    ids
  }
}

async function createOac(config: Partial<OriginAccessControlConfig> = {}): Promise<string> {
  const created = await cf.send(
    new CreateOriginAccessControlCommand({
      OriginAccessControlConfig: {
        Name: `oac-${++serial}`,
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 'mediapackagev2',
        ...config
      }
    })
  )
  return created.OriginAccessControl!.Id!
}

/** One origin on the group's egress domain (HTTPS only, as the CloudFront OAC page says), one default behavior. */
function distributionConfig(live: Live, oacId: string | undefined): DistributionConfig {
  return {
    CallerReference: `v2-${++serial}`,
    Comment: `v2 ${live.channel}`,
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'mp2',
          DomainName: live.egressDomain,
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
          ...(oacId !== undefined ? { OriginAccessControlId: oacId } : {})
        }
      ]
    },
    DefaultCacheBehavior: { TargetOriginId: 'mp2', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHE_POLICY }
  }
}

async function createDistribution(live: Live, oacId: string | undefined): Promise<{ id: string; arn: string }> {
  const created = await cf.send(
    new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: distributionConfig(live, oacId), Tags: { Items: [] } } })
  )
  return { id: created.Distribution!.Id!, arn: created.Distribution!.ARN! }
}

/** The statement AWS documents for OAC, possibly edited. */
function oacStatement(live: Live, distributionArn: string, change: Record<string, unknown> = {}) {
  return {
    Sid: 'AllowCloudFrontServicePrincipal',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 'mediapackagev2:GetObject',
    Resource: live.endpointArn,
    Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
    ...change
  }
}

async function putPolicy(live: Live, ...statements: unknown[]): Promise<void> {
  await mp.send(new PutOriginEndpointPolicyCommand({ ...live.ids, Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))
}

/** A v2 channel behind a distribution with a signing OAC and AWS's documented endpoint policy. */
async function protectedChannel() {
  const live = await liveEndpoint()
  const oac = await createOac()
  const d = await createDistribution(live, oac)
  await putPolicy(live, oacStatement(live, d.arn))
  return { live, oac, d }
}

const play = (distributionId: string, path: string) => fake.play(distributionId, path, 'new').status

describe('a v2 origin behind origin access control', () => {
  it('serves every manifest, child playlist and segment of the endpoint, and 404s what it does not have', async () => {
    const { live, d } = await protectedChannel()
    for (const file of ['index.m3u8', 'low.m3u8', 'dash.mpd', 'index_1.m3u8', 'low_2.m3u8', 'segment_1_0_42.mp4', 'dash-video=1.mp4']) {
      expect({ file, status: play(d.id, `${live.path}${file}`) }).toEqual({ file, status: 200 })
    }
    expect(play(d.id, `${live.path}index.m3u8?aws.manifestfilter=video_height:1-720`)).toBe(200)
    expect(play(d.id, `${live.path}other.m3u8`)).toBe(404)
    expect(play(d.id, `${live.path}index.mpd`)).toBe(404)
    expect(play(d.id, `/out/v1/${live.group}/${live.channel}/no-endpoint/index.m3u8`)).toBe(404)
    expect(play(d.id, `/out/v1/another-group/${live.channel}/cmaf/index.m3u8`)).toBe(404)
    expect(play(d.id, '/index.m3u8')).toBe(404)
    expect(fake.play(d.id, `${live.path}index.m3u8`, 'old')).toMatchObject({ status: 200, origin: 'mp2', attempts: [{ originId: 'mp2', status: 200 }] })
  })

  it('answers 403 until the endpoint policy grants this distribution, and again once it doesn’t', async () => {
    const live = await liveEndpoint()
    const oac = await createOac()
    const d = await createDistribution(live, oac)
    const manifest = `${live.path}index.m3u8`
    expect(play(d.id, manifest)).toBe(403)

    await putPolicy(live, oacStatement(live, `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHERDIST0000`))
    expect(play(d.id, manifest)).toBe(403)
    await putPolicy(live, oacStatement(live, d.arn))
    expect(play(d.id, manifest)).toBe(200)

    // PutOriginEndpointPolicy replaces the whole document.
    await putPolicy(live, oacStatement(live, `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHERDIST0000`))
    expect(play(d.id, manifest)).toBe(403)
  })

  it('needs the policy to name the CloudFront principal, GetObject and this endpoint', async () => {
    const { live, d } = await protectedChannel()
    const manifest = `${live.path}index.m3u8`
    const other = await liveEndpoint()
    const cases: [Record<string, unknown>, number][] = [
      [{ Principal: { Service: 'mediapackagev2.amazonaws.com' } }, 403],
      [{ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }, 403],
      [{ Action: 'mediapackagev2:PutObject' }, 403],
      [{ Action: ['mediapackagev2:GetObject', 'mediapackagev2:GetHeadObject'] }, 200],
      [{ Action: 'mediapackagev2:*' }, 200],
      [{ Resource: other.endpointArn }, 403],
      [{ Resource: `${live.endpointArn.replace(/cmaf$/, '*')}` }, 403],
      [{ Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/*` } } }, 200],
      [{ Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT } } }, 200],
      [{ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }, 403],
      [{ Effect: 'Deny' }, 403]
    ]
    for (const [change, expected] of cases) {
      await putPolicy(live, oacStatement(live, d.arn, change))
      expect({ change, status: play(d.id, manifest) }).toEqual({ change, status: expected })
    }
    // An explicit Deny beats the Allow.
    await putPolicy(live, oacStatement(live, d.arn), { Effect: 'Deny', Principal: '*', Action: 'mediapackagev2:GetObject', Resource: live.endpointArn })
    expect(play(d.id, manifest)).toBe(403)
  })

  it('needs an OAC of type mediapackagev2 that signs', async () => {
    const live = await liveEndpoint()
    const manifest = `${live.path}index.m3u8`
    const unsigned = await createDistribution(live, undefined)
    const never = await createDistribution(live, await createOac({ SigningBehavior: 'never' }))
    const noOverride = await createDistribution(live, await createOac({ SigningBehavior: 'no-override' }))
    const s3Type = await createDistribution(live, await createOac({ OriginAccessControlOriginType: 's3' }))
    await putPolicy(live, ...[unsigned, never, noOverride, s3Type].map((d) => oacStatement(live, d.arn)))
    expect(play(unsigned.id, manifest)).toBe(403)
    expect(play(never.id, manifest)).toBe(403)
    expect(play(noOverride.id, manifest)).toBe(200)
    expect(play(s3Type.id, manifest)).toBe(403)
  })

  it('serves anyone when the endpoint policy is public', async () => {
    const live = await liveEndpoint()
    const d = await createDistribution(live, undefined)
    await putPolicy(live, { Effect: 'Allow', Principal: '*', Action: 'mediapackagev2:GetObject', Resource: live.endpointArn })
    expect(play(d.id, `${live.path}dash.mpd`)).toBe(200)
  })

  it('stops serving a deleted endpoint', async () => {
    const { live, d } = await protectedChannel()
    expect(play(d.id, `${live.path}index.m3u8`)).toBe(200)
    await mp.send(new DeleteOriginEndpointCommand(live.ids))
    expect(play(d.id, `${live.path}index.m3u8`)).toBe(404)
  })

  it('serves the old config on old edges while attaching the OAC rolls out', async () => {
    const live = await liveEndpoint()
    const d = await createDistribution(live, undefined)
    await putPolicy(live, oacStatement(live, d.arn))
    fake.state.distributions.get(d.id)!.inProgressUntil = 0
    fake.state.deployDelayMs = 60_000
    const oac = await createOac()
    const current = await cf.send(new GetDistributionConfigCommand({ Id: d.id }))
    current.DistributionConfig!.Origins!.Items![0]!.OriginAccessControlId = oac
    await cf.send(new UpdateDistributionCommand({ Id: d.id, IfMatch: current.ETag, DistributionConfig: current.DistributionConfig }))
    expect(fake.play(d.id, `${live.path}index.m3u8`, 'old').status).toBe(403)
    expect(fake.play(d.id, `${live.path}index.m3u8`, 'new').status).toBe(200)
  })

  it('keeps an origin path in front of the viewer path', async () => {
    const live = await liveEndpoint()
    const oac = await createOac()
    const config = distributionConfig(live, oac)
    config.Origins!.Items![0]!.OriginPath = `/out/v1/${live.group}`
    const created = await cf.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: [] } } }))
    await putPolicy(live, oacStatement(live, created.Distribution!.ARN!))
    expect(play(created.Distribution!.Id!, `/${live.channel}/cmaf/index.m3u8`)).toBe(200)
  })
})

describe('Tagging API and v2 resources', () => {
  it('finds tagged channel groups, channels and endpoints in their Region, never in us-east-1', async () => {
    const live = await liveEndpoint()
    const channelArn = live.endpointArn.replace(/\/originEndpoint\/cmaf$/, '')
    await mp.send(new TagResourceCommand({ ResourceArn: channelArn, Tags: { 'mp2-channel': live.channel } }))
    await mp.send(new TagResourceCommand({ ResourceArn: live.endpointArn, Tags: { 'mp2-channel': live.channel } }))
    const tagging = (region: string) => new ResourceGroupsTaggingAPIClient({ endpoint: fake.url, credentials, region, maxAttempts: 1 })
    const west = tagging('us-west-2')
    const east = tagging('us-east-1')
    try {
      const filters = { TagFilters: [{ Key: 'mp2-channel', Values: [live.channel] }] }
      const all = await west.send(new GetResourcesCommand(filters))
      expect(all.ResourceTagMappingList!.map((r) => r.ResourceARN).sort()).toEqual([channelArn, live.endpointArn].sort())
      const channels = await west.send(new GetResourcesCommand({ ...filters, ResourceTypeFilters: ['mediapackagev2:channel'] }))
      expect(channels.ResourceTagMappingList).toEqual([{ ResourceARN: channelArn, Tags: [{ Key: 'mp2-channel', Value: live.channel }] }])
      const byService = await west.send(new GetResourcesCommand({ ...filters, ResourceTypeFilters: ['mediapackagev2'] }))
      expect(byService.ResourceTagMappingList).toHaveLength(2)
      expect((await west.send(new GetResourcesCommand({ ...filters, ResourceTypeFilters: ['cloudfront'] }))).ResourceTagMappingList).toEqual([])
      expect((await east.send(new GetResourcesCommand(filters))).ResourceTagMappingList).toEqual([])
    } finally {
      west.destroy()
      east.destroy()
    }
  })
})
