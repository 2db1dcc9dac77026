/**
 * The fake's MediaPackage v2, through the real @aws-sdk/client-mediapackagev2 client: what it makes,
 * what it returns, and what it refuses, with the exception names and fields the SDK surfaces. The
 * round trips of fully populated settings check that the fake's hand-written shapes read and write
 * every member the SDK sends and reads.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateChannelCommand,
  CreateChannelGroupCommand,
  CreateOriginEndpointCommand,
  DeleteChannelCommand,
  DeleteChannelGroupCommand,
  DeleteChannelPolicyCommand,
  DeleteOriginEndpointCommand,
  DeleteOriginEndpointPolicyCommand,
  GetChannelCommand,
  GetChannelGroupCommand,
  GetChannelPolicyCommand,
  GetOriginEndpointCommand,
  GetOriginEndpointPolicyCommand,
  ListChannelGroupsCommand,
  ListChannelsCommand,
  ListOriginEndpointsCommand,
  ListTagsForResourceCommand,
  MediaPackageV2Client,
  PutChannelPolicyCommand,
  PutOriginEndpointPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateChannelCommand,
  UpdateChannelGroupCommand,
  UpdateOriginEndpointCommand,
  type CreateOriginEndpointRequest
} from '@aws-sdk/client-mediapackagev2'
import {
  CreateChannelCommand as CreateV1ChannelCommand,
  ListTagsForResourceCommand as ListV1TagsCommand,
  MediaPackageClient
} from '@aws-sdk/client-mediapackage'
import { startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }
const ACCOUNT = '123456789012'
const REGION = 'us-west-2'
const EGRESS_DOMAIN = /^[a-z0-9]{6}\.egress\.[a-z0-9]{6}\.mediapackagev2\.us-west-2\.amazonaws\.com$/

interface Failure {
  name: string
  status: number | undefined
  message: string
  fields: Record<string, unknown>
}

async function failure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call
  } catch (error) {
    const e = error as Error & {
      $metadata?: { httpStatusCode?: number }
      ConflictExceptionType?: string
      ResourceTypeNotFound?: string
      ValidationExceptionType?: string
    }
    const fields: Record<string, unknown> = {}
    for (const k of ['ConflictExceptionType', 'ResourceTypeNotFound', 'ValidationExceptionType'] as const) if (e[k] !== undefined) fields[k] = e[k]
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, fields }
  }
  throw new Error('expected the call to fail')
}

const validation = (type: string) => ({ name: 'ValidationException', status: 400, fields: { ValidationExceptionType: type } })

let fake: FakeAws
let mp: MediaPackageV2Client
let serial = 0
const unique = (prefix: string) => `${prefix}-${++serial}`

beforeAll(async () => {
  // The account quotas (3 groups) would end this file early; the quota tests use their own fake.
  fake = await startFakeAws({ seed: 7, mediaPackageV2Quotas: { channelGroups: 100 } })
  mp = new MediaPackageV2Client({ endpoint: fake.url, credentials, region: REGION, maxAttempts: 1 })
})

afterAll(async () => {
  mp.destroy()
  await fake.close()
})

afterEach(() => {
  fake.faults.clear()
})

async function group(name = unique('group')) {
  return mp.send(new CreateChannelGroupCommand({ ChannelGroupName: name }))
}

async function channel(inputType: 'HLS' | 'CMAF' = 'HLS') {
  const g = await group()
  const c = await mp.send(new CreateChannelCommand({ ChannelGroupName: g.ChannelGroupName, ChannelName: unique('channel'), InputType: inputType }))
  return { group: g, channel: c, names: { ChannelGroupName: g.ChannelGroupName, ChannelName: c.ChannelName } }
}

/** A raw, unsigned REST call: what a client other than this SDK version could send. */
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  const text = await response.text()
  return { status: response.status, type: response.headers.get('x-amzn-errortype'), json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

describe('channel groups', () => {
  it('creates a group with a name-derived ARN, its own egress domain, an ETag and tags', async () => {
    const before = Date.now()
    const created = await mp.send(new CreateChannelGroupCommand({ ChannelGroupName: 'live-news', Description: 'News', Tags: { team: 'live' } }))
    expect(created.Arn).toBe(`arn:aws:mediapackagev2:${REGION}:${ACCOUNT}:channelGroup/live-news`)
    expect(created.EgressDomain).toMatch(EGRESS_DOMAIN)
    expect(created.ETag).toMatch(/^\S+$/)
    expect(created.CreatedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(created.ModifiedAt).toEqual(created.CreatedAt)
    expect(created.Tags).toEqual({ team: 'live' })

    const got = await mp.send(new GetChannelGroupCommand({ ChannelGroupName: 'live-news' }))
    expect(got).toMatchObject({ Arn: created.Arn, EgressDomain: created.EgressDomain, ETag: created.ETag, Description: 'News', Tags: { team: 'live' } })
    const other = await group()
    expect(other.EgressDomain).not.toBe(created.EgressDomain)
  })

  it('answers a retry with the same ClientToken as the first call, and refuses the token for a different request', async () => {
    const name = unique('retried')
    const first = await mp.send(new CreateChannelGroupCommand({ ChannelGroupName: name, ClientToken: 'token-1', Description: 'a' }))
    const again = await mp.send(new CreateChannelGroupCommand({ ChannelGroupName: name, ClientToken: 'token-1', Description: 'a' }))
    expect(again).toMatchObject({ Arn: first.Arn, ETag: first.ETag, EgressDomain: first.EgressDomain })
    expect([...fake.state.mediaPackageV2.groups.keys()].filter((n) => n === name)).toHaveLength(1)

    expect(await failure(mp.send(new CreateChannelGroupCommand({ ChannelGroupName: name, ClientToken: 'token-1', Description: 'b' })))).toMatchObject({
      name: 'ConflictException',
      status: 409,
      fields: { ConflictExceptionType: 'IDEMPOTENT_PARAMETER_MISMATCH' }
    })
    expect(await failure(mp.send(new CreateChannelGroupCommand({ ChannelGroupName: name, ClientToken: 'token-2', Description: 'a' })))).toMatchObject({
      name: 'ConflictException',
      status: 409,
      fields: { ConflictExceptionType: 'RESOURCE_ALREADY_EXISTS' }
    })
    // Without a token the SDK makes one up, so a second create is a new request.
    expect(await failure(mp.send(new CreateChannelGroupCommand({ ChannelGroupName: name })))).toMatchObject({
      fields: { ConflictExceptionType: 'RESOURCE_ALREADY_EXISTS' }
    })
  })

  it('updates the description under optimistic concurrency: a stale ETag is a conflict', async () => {
    const g = await mp.send(new CreateChannelGroupCommand({ ChannelGroupName: unique('editable'), Description: 'old', Tags: { keep: 'me' } }))
    const updated = await mp.send(new UpdateChannelGroupCommand({ ChannelGroupName: g.ChannelGroupName, ETag: g.ETag, Description: 'new' }))
    expect(updated).toMatchObject({ Description: 'new', Arn: g.Arn, EgressDomain: g.EgressDomain, Tags: { keep: 'me' } })
    expect(updated.ETag).not.toBe(g.ETag)
    expect(updated.ModifiedAt!.getTime()).toBeGreaterThanOrEqual(g.ModifiedAt!.getTime())

    expect(
      await failure(mp.send(new UpdateChannelGroupCommand({ ChannelGroupName: g.ChannelGroupName, ETag: g.ETag, Description: 'lost update' })))
    ).toMatchObject({
      name: 'ConflictException',
      status: 409
    })
    // Without an ETag the update is unconditional.
    const unconditional = await mp.send(new UpdateChannelGroupCommand({ ChannelGroupName: g.ChannelGroupName, Description: 'last' }))
    expect(unconditional.Description).toBe('last')
  })

  it('lists groups page by page', async () => {
    const names = new Set([...fake.state.mediaPackageV2.groups.keys()])
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await mp.send(new ListChannelGroupsCommand({ MaxResults: 2, NextToken: token }))
      expect(page.Items!.length).toBeLessThanOrEqual(2)
      for (const item of page.Items ?? []) {
        expect(item.Arn).toBe(`arn:aws:mediapackagev2:${REGION}:${ACCOUNT}:channelGroup/${item.ChannelGroupName}`)
        expect(item.CreatedAt).toBeInstanceOf(Date)
        seen.push(item.ChannelGroupName!)
      }
      token = page.NextToken
      pages++
    } while (token)
    expect(pages).toBeGreaterThan(1)
    expect(new Set(seen)).toEqual(names)
    expect(await failure(mp.send(new ListChannelGroupsCommand({ MaxResults: 101 })))).toMatchObject(validation('INVALID_PAGINATION_MAX_RESULTS'))
    expect(await failure(mp.send(new ListChannelGroupsCommand({ NextToken: 'not-a-token' })))).toMatchObject(validation('INVALID_PAGINATION_TOKEN'))
  })

  it('refuses to delete a group that has channels, and deleting a missing group succeeds', async () => {
    const { names } = await channel()
    expect(await failure(mp.send(new DeleteChannelGroupCommand({ ChannelGroupName: names.ChannelGroupName })))).toMatchObject({
      name: 'ConflictException',
      status: 409,
      fields: { ConflictExceptionType: 'RESOURCE_IN_USE' }
    })
    await mp.send(new DeleteChannelCommand(names))
    await mp.send(new DeleteChannelGroupCommand({ ChannelGroupName: names.ChannelGroupName }))
    expect(await failure(mp.send(new GetChannelGroupCommand({ ChannelGroupName: names.ChannelGroupName })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      fields: { ResourceTypeNotFound: 'CHANNEL_GROUP' }
    })
    const again = await mp.send(new DeleteChannelGroupCommand({ ChannelGroupName: names.ChannelGroupName }))
    expect(again.$metadata.httpStatusCode).toBe(200)
  })

  it('refuses names outside [a-zA-Z0-9_-]{1,256}, in the body and in the URI', async () => {
    expect(await failure(mp.send(new CreateChannelGroupCommand({ ChannelGroupName: 'no spaces' })))).toMatchObject(validation('MEMBER_DOES_NOT_MATCH_PATTERN'))
    expect(await failure(mp.send(new CreateChannelGroupCommand({ ChannelGroupName: 'x'.repeat(257) })))).toMatchObject(validation('MEMBER_MAX_LENGTH'))
    expect(await failure(mp.send(new GetChannelGroupCommand({ ChannelGroupName: 'dots.are.out' })))).toMatchObject(validation('MEMBER_DOES_NOT_MATCH_PATTERN'))
    expect(await failure(mp.send(new CreateChannelGroupCommand({ ChannelGroupName: 'g', Description: 'd'.repeat(1025) })))).toMatchObject(
      validation('MEMBER_MAX_LENGTH')
    )
    const ok = await mp.send(new CreateChannelGroupCommand({ ChannelGroupName: `Under_score-${'x'.repeat(200)}` }))
    expect(ok.ChannelGroupName).toHaveLength(212)
  })
})

describe('channels', () => {
  it('creates a channel with two ingest endpoints on the group’s ingest hosts and no credentials', async () => {
    const g = await group('sports')
    const c = await mp.send(
      new CreateChannelCommand({ ChannelGroupName: 'sports', ChannelName: 'curling', Description: 'Curling', Tags: { sport: 'curling' } })
    )
    expect(c.Arn).toBe(`${g.Arn}/channel/curling`)
    expect(c.InputType).toBe('HLS')
    const host = g.EgressDomain!.split('.egress.')
    expect(c.IngestEndpoints).toEqual([
      { Id: '1', Url: `https://${host[0]}-1.ingest.${host[1]}/in/v1/sports/1/curling/index` },
      { Id: '2', Url: `https://${host[0]}-2.ingest.${host[1]}/in/v1/sports/2/curling/index` }
    ])
    expect(JSON.stringify(c)).not.toMatch(/Password|Username/)
    const got = await mp.send(new GetChannelCommand({ ChannelGroupName: 'sports', ChannelName: 'curling' }))
    expect(got).toMatchObject({ Arn: c.Arn, ETag: c.ETag, Description: 'Curling', IngestEndpoints: c.IngestEndpoints, Tags: { sport: 'curling' } })
    // Newer SDKs put a trailing slash on channel URIs; both spellings reach the channel.
    const slashed = await raw('GET', '/channelGroup/sports/channel/curling/')
    expect(slashed).toMatchObject({ status: 200, json: { Arn: c.Arn, ChannelName: 'curling' } })
  })

  it('accepts MQCS input switching and publishing only on CMAF-input channels', async () => {
    const g = await group()
    const names = (n: string) => ({ ChannelGroupName: g.ChannelGroupName, ChannelName: n })
    expect(await failure(mp.send(new CreateChannelCommand({ ...names('hls-a'), InputSwitchConfiguration: { MQCSInputSwitching: true } })))).toMatchObject(
      validation('ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_INPUT_SWITCHING')
    )
    expect(await failure(mp.send(new CreateChannelCommand({ ...names('hls-b'), OutputHeaderConfiguration: { PublishMQCS: true } })))).toMatchObject(
      validation('ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_OUTPUT_CONFIGURATION')
    )
    expect(await failure(mp.send(new CreateChannelCommand({ ...names('dash'), InputType: 'DASH' as 'HLS' })))).toMatchObject(
      validation('MEMBER_INVALID_ENUM_VALUE')
    )

    const cmaf = await mp.send(
      new CreateChannelCommand({
        ...names('cmaf'),
        InputType: 'CMAF',
        InputSwitchConfiguration: { MQCSInputSwitching: true },
        OutputHeaderConfiguration: { PublishMQCS: true }
      })
    )
    expect(cmaf).toMatchObject({ InputType: 'CMAF', InputSwitchConfiguration: { MQCSInputSwitching: true }, OutputHeaderConfiguration: { PublishMQCS: true } })

    const hls = await mp.send(new CreateChannelCommand(names('hls')))
    expect(hls).toMatchObject({ InputSwitchConfiguration: { MQCSInputSwitching: false }, OutputHeaderConfiguration: { PublishMQCS: false } })
    expect(await failure(mp.send(new UpdateChannelCommand({ ...names('hls'), OutputHeaderConfiguration: { PublishMQCS: true } })))).toMatchObject(
      validation('ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_OUTPUT_CONFIGURATION')
    )
  })

  it('updates a channel under its ETag; InputType stays what it was created with', async () => {
    const { names, channel: c } = await channel()
    const updated = await mp.send(new UpdateChannelCommand({ ...names, ETag: c.ETag, Description: 'renamed' }))
    expect(updated).toMatchObject({ Description: 'renamed', InputType: 'HLS', Arn: c.Arn, IngestEndpoints: c.IngestEndpoints })
    expect(updated.ETag).not.toBe(c.ETag)
    expect(await failure(mp.send(new UpdateChannelCommand({ ...names, ETag: c.ETag, Description: 'stale' })))).toMatchObject({
      name: 'ConflictException',
      status: 409
    })
    // UpdateChannel has no InputType: one slipped into the body is not read.
    const sneaky = await raw('PUT', `/channelGroup/${names.ChannelGroupName}/channel/${names.ChannelName}/`, { InputType: 'CMAF' })
    expect(sneaky.status).toBe(200)
    expect((await mp.send(new GetChannelCommand(names))).InputType).toBe('HLS')
  })

  it('answers ResourceNotFound naming what is missing', async () => {
    const g = await group()
    expect(await failure(mp.send(new GetChannelCommand({ ChannelGroupName: g.ChannelGroupName, ChannelName: 'nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      fields: { ResourceTypeNotFound: 'CHANNEL' }
    })
    expect(await failure(mp.send(new GetChannelCommand({ ChannelGroupName: 'no-group', ChannelName: 'nope' })))).toMatchObject({
      fields: { ResourceTypeNotFound: 'CHANNEL_GROUP' }
    })
    expect(await failure(mp.send(new CreateChannelCommand({ ChannelGroupName: 'no-group', ChannelName: 'c' })))).toMatchObject({
      status: 404,
      fields: { ResourceTypeNotFound: 'CHANNEL_GROUP' }
    })
    expect(await failure(mp.send(new ListChannelsCommand({ ChannelGroupName: 'no-group' })))).toMatchObject({ status: 404 })
  })

  it('retries CreateChannel with the same ClientToken without a second channel', async () => {
    const g = await group()
    const input = { ChannelGroupName: g.ChannelGroupName, ChannelName: 'retry', ClientToken: 'channel-token' }
    const first = await mp.send(new CreateChannelCommand(input))
    const again = await mp.send(new CreateChannelCommand(input))
    expect(again.ETag).toBe(first.ETag)
    expect(await failure(mp.send(new CreateChannelCommand({ ...input, Description: 'other' })))).toMatchObject({
      fields: { ConflictExceptionType: 'IDEMPOTENT_PARAMETER_MISMATCH' }
    })
    const listed = await mp.send(new ListChannelsCommand({ ChannelGroupName: g.ChannelGroupName }))
    expect(listed.Items).toEqual([expect.objectContaining({ ChannelName: 'retry', Arn: first.Arn, InputType: 'HLS' })])
  })

  it('refuses to delete a channel that has origin endpoints', async () => {
    const { names } = await channel()
    await mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: 'ts', ContainerType: 'TS' }))
    expect(await failure(mp.send(new DeleteChannelCommand(names)))).toMatchObject({
      name: 'ConflictException',
      fields: { ConflictExceptionType: 'RESOURCE_IN_USE' }
    })
    await mp.send(new DeleteOriginEndpointCommand({ ...names, OriginEndpointName: 'ts' }))
    await mp.send(new DeleteChannelCommand(names))
    expect(await failure(mp.send(new GetChannelCommand(names)))).toMatchObject({ fields: { ResourceTypeNotFound: 'CHANNEL' } })
  })
})

const FULL_ENDPOINT: Omit<CreateOriginEndpointRequest, 'ChannelGroupName' | 'ChannelName'> = {
  OriginEndpointName: 'full',
  ContainerType: 'CMAF',
  Description: 'everything set',
  StartoverWindowSeconds: 3600,
  Segment: {
    SegmentDurationSeconds: 4,
    SegmentName: 'seg',
    TsUseAudioRenditionGroup: true,
    IncludeIframeOnlyStreams: true,
    TsIncludeDvbSubtitles: true,
    Scte: { ScteFilter: ['SPLICE_INSERT', 'BREAK'] },
    Encryption: {
      ConstantInitializationVector: '0123456789abcdef0123456789abcdef',
      EncryptionMethod: { CmafEncryptionMethod: 'CBCS' },
      KeyRotationIntervalSeconds: 600,
      SpekeKeyProvider: {
        EncryptionContractConfiguration: { PresetSpeke20Audio: 'SHARED', PresetSpeke20Video: 'SHARED' },
        ResourceId: 'resource-1',
        DrmSystems: ['FAIRPLAY'],
        RoleArn: 'arn:aws:iam::123456789012:role/Speke',
        Url: 'https://speke.example.com/v2'
      }
    }
  },
  HlsManifests: [
    {
      ManifestName: 'index',
      ChildManifestName: 'child',
      ManifestWindowSeconds: 60,
      ProgramDateTimeIntervalSeconds: 10,
      ScteHls: { AdMarkerHls: 'DATERANGE' },
      StartTag: { TimeOffset: 1.5, Precise: true },
      FilterConfiguration: {
        ManifestFilter: 'audio_language:eng',
        Start: new Date('2026-01-01T00:00:00Z'),
        End: new Date('2026-01-02T00:00:00Z'),
        TimeDelaySeconds: 10
      }
    }
  ],
  LowLatencyHlsManifests: [{ ManifestName: 'low', ManifestWindowSeconds: 30, FilterConfiguration: { ClipStartTime: new Date('2026-01-01T00:00:00Z') } }],
  DashManifests: [
    {
      ManifestName: 'dash',
      ManifestWindowSeconds: 60,
      MinUpdatePeriodSeconds: 4,
      MinBufferTimeSeconds: 10,
      SuggestedPresentationDelaySeconds: 12,
      SegmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
      PeriodTriggers: ['AVAILS', 'SOURCE_CHANGES'],
      ScteDash: { AdMarkerDash: 'XML' },
      DrmSignaling: 'INDIVIDUAL',
      UtcTiming: { TimingMode: 'HTTP_ISO', TimingSource: 'https://time.example.com' }
    }
  ],
  Tags: { kind: 'full' }
}

describe('origin endpoints', () => {
  it('returns every setting it was created with, each manifest with its egress URL', async () => {
    const { group: g, channel: c, names } = await channel('CMAF')
    const created = await mp.send(new CreateOriginEndpointCommand({ ...names, ...FULL_ENDPOINT }))
    const base = `https://${g.EgressDomain}/out/v1/${g.ChannelGroupName}/${c.ChannelName}/full/`
    const { Tags, HlsManifests, LowLatencyHlsManifests, DashManifests, ...settings } = FULL_ENDPOINT
    expect(created).toMatchObject({ ...settings, Arn: `${c.Arn}/originEndpoint/full`, ...names, Tags })
    expect(created.HlsManifests).toEqual([{ ...HlsManifests![0], Url: `${base}index.m3u8` }])
    expect(created.LowLatencyHlsManifests).toEqual([{ ...LowLatencyHlsManifests![0], Url: `${base}low.m3u8` }])
    expect(created.DashManifests).toEqual([{ ...DashManifests![0], Url: `${base}dash.mpd` }])

    const got = await mp.send(new GetOriginEndpointCommand({ ...names, OriginEndpointName: 'full' }))
    const { $metadata: _a, ...gotBody } = got
    const { $metadata: _b, ...createdBody } = created
    expect(gotBody).toEqual(createdBody)

    const listed = await mp.send(new ListOriginEndpointsCommand(names))
    expect(listed.Items).toEqual([
      {
        Arn: created.Arn,
        ...names,
        OriginEndpointName: 'full',
        ContainerType: 'CMAF',
        Description: 'everything set',
        CreatedAt: created.CreatedAt,
        ModifiedAt: created.ModifiedAt,
        HlsManifests: [{ ManifestName: 'index', ChildManifestName: 'child', Url: `${base}index.m3u8` }],
        LowLatencyHlsManifests: [{ ManifestName: 'low', Url: `${base}low.m3u8` }],
        DashManifests: [{ ManifestName: 'dash', Url: `${base}dash.mpd` }]
      }
    ])
  })

  it('fills the segment defaults when none are given', async () => {
    const { names } = await channel()
    const e = await mp.send(
      new CreateOriginEndpointCommand({ ...names, OriginEndpointName: 'plain', ContainerType: 'TS', HlsManifests: [{ ManifestName: 'index' }] })
    )
    expect(e.Segment).toEqual({ SegmentDurationSeconds: 6, SegmentName: 'segment', IncludeIframeOnlyStreams: false, TsIncludeDvbSubtitles: false })
    expect(e.ETag).toMatch(/^\S+$/)
  })

  it('refuses manifests the container cannot serve', async () => {
    const { names } = await channel()
    const create = (extra: Partial<CreateOriginEndpointRequest>) =>
      failure(mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: unique('e'), ContainerType: 'TS', ...extra })))
    expect(await create({ DashManifests: [{ ManifestName: 'dash' }] })).toMatchObject(validation('TS_CONTAINER_TYPE_WITH_DASH_MANIFEST'))
    expect(await create({ ContainerType: 'ISM' as 'TS', HlsManifests: [{ ManifestName: 'index' }] })).toMatchObject(
      validation('ISM_CONTAINER_TYPE_WITH_HLS_MANIFEST')
    )
    expect(await create({ ContainerType: 'ISM' as 'TS', LowLatencyHlsManifests: [{ ManifestName: 'low' }] })).toMatchObject(
      validation('ISM_CONTAINER_TYPE_WITH_LL_HLS_MANIFEST')
    )
    expect(await create({ ContainerType: 'MP4' as 'TS' })).toMatchObject(validation('MEMBER_INVALID_ENUM_VALUE'))
    expect(
      await create({
        Segment: { Encryption: { EncryptionMethod: { CmafEncryptionMethod: 'CENC' }, SpekeKeyProvider: FULL_ENDPOINT.Segment!.Encryption!.SpekeKeyProvider } }
      })
    ).toMatchObject(validation('ENCRYPTION_METHOD_CONTAINER_TYPE_MISMATCH'))
    // MSS is newer than the pinned SDK; a raw request can ask for it.
    const path = `/channelGroup/${names.ChannelGroupName}/channel/${names.ChannelName}/originEndpoint`
    const mssOnCmaf = await raw('POST', path, { OriginEndpointName: 'mss', ContainerType: 'CMAF', MssManifests: [{ ManifestName: 'smooth' }] })
    expect(mssOnCmaf).toMatchObject({ status: 400, type: 'ValidationException', json: { ValidationExceptionType: 'CMAF_CONTAINER_TYPE_WITH_MSS_MANIFEST' } })
    const ism = await raw('POST', path, {
      OriginEndpointName: 'ism',
      ContainerType: 'ISM',
      MssManifests: [{ ManifestName: 'smooth', ManifestLayout: 'COMPACT' }]
    })
    expect(ism.status).toBe(200)
    expect(ism.json.MssManifests).toEqual([
      expect.objectContaining({ ManifestName: 'smooth', ManifestLayout: 'COMPACT', Url: expect.stringMatching(/\/ism\/smooth\.ism\/Manifest$/) })
    ])
  })

  it('refuses manifest names with underscores, repeated HLS names and missing or out-of-range settings', async () => {
    const { names } = await channel('CMAF')
    const create = (extra: Partial<CreateOriginEndpointRequest>) =>
      failure(mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: unique('e'), ContainerType: 'CMAF', ...extra })))
    expect(await create({ HlsManifests: [{ ManifestName: 'no_underscore' }] })).toMatchObject(validation('MEMBER_DOES_NOT_MATCH_PATTERN'))
    expect(await create({ HlsManifests: [{ ManifestName: 'index' }], LowLatencyHlsManifests: [{ ManifestName: 'index' }] })).toMatchObject(
      validation('MANIFEST_NAME_COLLISION')
    )
    expect(await create({ HlsManifests: [{ ManifestName: undefined }] })).toMatchObject(validation('MEMBER_MISSING'))
    expect(await create({ HlsManifests: [{ ManifestName: 'index', ManifestWindowSeconds: 10 }] })).toMatchObject(validation('MEMBER_MIN_VALUE'))
    expect(await create({ Segment: { SegmentDurationSeconds: 31 } })).toMatchObject(validation('MEMBER_MAX_VALUE'))
    expect(await create({ StartoverWindowSeconds: 1209601 })).toMatchObject(validation('MEMBER_MAX_VALUE'))
    expect(await create({ DashManifests: [{ ManifestName: 'dash', PeriodTriggers: ['NONE', 'AVAILS'] }] })).toMatchObject(
      validation('PERIOD_TRIGGERS_NONE_SPECIFIED_WITH_ADDITIONAL_VALUES')
    )
    expect(await create({ DashManifests: [{ ManifestName: 'dash', MinUpdatePeriodSeconds: 2 }] })).toMatchObject(
      validation('UPDATE_PERIOD_SMALLER_THAN_SEGMENT_DURATION')
    )
    expect(
      await create({ HlsManifests: [{ ManifestName: 'index', FilterConfiguration: { Start: new Date('2026-02-01'), End: new Date('2026-01-01') } }] })
    ).toMatchObject(validation('END_TIME_EARLIER_THAN_START_TIME'))
    expect(await create({ ContainerType: undefined })).toMatchObject(validation('MEMBER_MISSING'))
    // An HLS manifest and a DASH manifest may share a name: their extensions differ.
    const shared = await mp.send(
      new CreateOriginEndpointCommand({
        ...names,
        OriginEndpointName: 'shared',
        ContainerType: 'CMAF',
        HlsManifests: [{ ManifestName: 'index' }],
        DashManifests: [{ ManifestName: 'index' }]
      })
    )
    expect([shared.HlsManifests![0]!.Url, shared.DashManifests![0]!.Url].map((u) => u!.split('/').pop())).toEqual(['index.m3u8', 'index.mpd'])
  })

  it('allows ForceEndpointErrorConfiguration only on endpoints of CMAF-input channels', async () => {
    const force = { EndpointErrorConditions: ['STALE_MANIFEST' as const, 'INCOMPLETE_MANIFEST' as const] }
    const hls = await channel('HLS')
    expect(
      await failure(
        mp.send(new CreateOriginEndpointCommand({ ...hls.names, OriginEndpointName: 'e', ContainerType: 'CMAF', ForceEndpointErrorConfiguration: force }))
      )
    ).toMatchObject(validation('ONLY_CMAF_INPUT_TYPE_ALLOW_FORCE_ENDPOINT_ERROR_CONFIGURATION'))
    const cmaf = await channel('CMAF')
    const e = await mp.send(
      new CreateOriginEndpointCommand({ ...cmaf.names, OriginEndpointName: 'e', ContainerType: 'CMAF', ForceEndpointErrorConfiguration: force })
    )
    expect(e.ForceEndpointErrorConfiguration).toEqual(force)
  })

  it('updates as a full replacement under its ETag; the container type can never change', async () => {
    const { names } = await channel('CMAF')
    const created = await mp.send(
      new CreateOriginEndpointCommand({
        ...names,
        OriginEndpointName: 'edit',
        ContainerType: 'CMAF',
        Description: 'first',
        StartoverWindowSeconds: 600,
        HlsManifests: [{ ManifestName: 'index' }],
        DashManifests: [{ ManifestName: 'dash' }],
        Tags: { stays: 'yes' }
      })
    )
    const ids = { ...names, OriginEndpointName: 'edit' }
    const updated = await mp.send(
      new UpdateOriginEndpointCommand({ ...ids, ContainerType: 'CMAF', ETag: created.ETag, LowLatencyHlsManifests: [{ ManifestName: 'low' }] })
    )
    expect(updated.LowLatencyHlsManifests?.map((m) => m.ManifestName)).toEqual(['low'])
    expect(updated.HlsManifests ?? []).toEqual([])
    expect(updated.DashManifests ?? []).toEqual([])
    expect(updated.Description).toBeUndefined()
    expect(updated.StartoverWindowSeconds).toBeUndefined()
    expect(updated).toMatchObject({ Arn: created.Arn, CreatedAt: created.CreatedAt, Tags: { stays: 'yes' } })
    expect(updated.ETag).not.toBe(created.ETag)

    expect(await failure(mp.send(new UpdateOriginEndpointCommand({ ...ids, ContainerType: 'CMAF', ETag: created.ETag })))).toMatchObject({
      name: 'ConflictException',
      status: 409
    })
    expect(await failure(mp.send(new UpdateOriginEndpointCommand({ ...ids, ContainerType: 'TS' })))).toMatchObject(validation('CONTAINER_TYPE_IMMUTABLE'))
    expect(await failure(mp.send(new UpdateOriginEndpointCommand({ ...ids, ContainerType: undefined })))).toMatchObject(validation('MEMBER_MISSING'))
    expect(await failure(mp.send(new UpdateOriginEndpointCommand({ ...names, OriginEndpointName: 'missing', ContainerType: 'CMAF' })))).toMatchObject({
      status: 404,
      fields: { ResourceTypeNotFound: 'ORIGIN_ENDPOINT' }
    })
  })

  it('deletes an endpoint; deleting it again succeeds and a Get says it is gone', async () => {
    const { names } = await channel()
    await mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: 'gone', ContainerType: 'TS' }))
    await mp.send(new DeleteOriginEndpointCommand({ ...names, OriginEndpointName: 'gone' }))
    const again = await mp.send(new DeleteOriginEndpointCommand({ ...names, OriginEndpointName: 'gone' }))
    expect(again.$metadata.httpStatusCode).toBe(200)
    expect(await failure(mp.send(new GetOriginEndpointCommand({ ...names, OriginEndpointName: 'gone' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      fields: { ResourceTypeNotFound: 'ORIGIN_ENDPOINT' }
    })
  })
})

const OAC_POLICY = (endpointArn: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCloudFrontServicePrincipal',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 'mediapackagev2:GetObject',
        Resource: endpointArn,
        Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/E1PDK09ESKHJWT` } }
      }
    ]
  })

describe('policies', () => {
  it('puts, gets, replaces and deletes an origin endpoint policy', async () => {
    const { names } = await channel()
    const e = await mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: 'guarded', ContainerType: 'TS' }))
    const ids = { ...names, OriginEndpointName: 'guarded' }
    expect(await failure(mp.send(new GetOriginEndpointPolicyCommand(ids)))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 })

    await mp.send(new PutOriginEndpointPolicyCommand({ ...ids, Policy: OAC_POLICY(e.Arn!) }))
    expect(await mp.send(new GetOriginEndpointPolicyCommand(ids))).toMatchObject({ ...ids, Policy: OAC_POLICY(e.Arn!) })
    const replacement = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Principal: '*', Action: '*', Resource: e.Arn } })
    await mp.send(new PutOriginEndpointPolicyCommand({ ...ids, Policy: replacement }))
    expect((await mp.send(new GetOriginEndpointPolicyCommand(ids))).Policy).toBe(replacement)

    await mp.send(new DeleteOriginEndpointPolicyCommand(ids))
    expect(await failure(mp.send(new GetOriginEndpointPolicyCommand(ids)))).toMatchObject({ status: 404 })
    await mp.send(new DeleteOriginEndpointPolicyCommand(ids))
  })

  it('refuses a policy that is not a policy document, or too long, or for a missing endpoint', async () => {
    const { names } = await channel()
    const e = await mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: 'p', ContainerType: 'TS' }))
    const put = (Policy: string, name = 'p') => failure(mp.send(new PutOriginEndpointPolicyCommand({ ...names, OriginEndpointName: name, Policy })))
    expect(await put('not json')).toMatchObject(validation('INVALID_POLICY'))
    expect(await put(JSON.stringify({ Version: '2012-10-17' }))).toMatchObject(validation('INVALID_POLICY'))
    expect(await put(JSON.stringify({ Statement: [] }))).toMatchObject(validation('INVALID_POLICY'))
    expect(await put(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Principal: '*', Action: '*' }] }))).toMatchObject(
      validation('INVALID_POLICY')
    )
    const long = OAC_POLICY(e.Arn!).replace('AllowCloudFrontServicePrincipal', 'S'.repeat(6200))
    expect(await put(long)).toMatchObject(validation('MEMBER_MAX_LENGTH'))
    expect(await put(OAC_POLICY(e.Arn!), 'missing')).toMatchObject({ status: 404, fields: { ResourceTypeNotFound: 'ORIGIN_ENDPOINT' } })
  })

  it('deletes an endpoint’s policy with the endpoint', async () => {
    const { names } = await channel()
    const ids = { ...names, OriginEndpointName: 'again' }
    const e = await mp.send(new CreateOriginEndpointCommand({ ...ids, ContainerType: 'TS' }))
    await mp.send(new PutOriginEndpointPolicyCommand({ ...ids, Policy: OAC_POLICY(e.Arn!) }))
    await mp.send(new DeleteOriginEndpointCommand(ids))
    await mp.send(new CreateOriginEndpointCommand({ ...ids, ContainerType: 'TS' }))
    expect(await failure(mp.send(new GetOriginEndpointPolicyCommand(ids)))).toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('keeps a channel policy', async () => {
    const { names, channel: c } = await channel()
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/MediaLive' }, Action: 'mediapackagev2:PutObject', Resource: c.Arn }]
    })
    expect(await failure(mp.send(new GetChannelPolicyCommand(names)))).toMatchObject({ name: 'ResourceNotFoundException' })
    await mp.send(new PutChannelPolicyCommand({ ...names, Policy: policy }))
    expect(await mp.send(new GetChannelPolicyCommand(names))).toMatchObject({ ...names, Policy: policy })
    expect(await failure(mp.send(new PutChannelPolicyCommand({ ...names, Policy: '{}' })))).toMatchObject(validation('INVALID_POLICY'))
    await mp.send(new DeleteChannelPolicyCommand(names))
    expect(await failure(mp.send(new GetChannelPolicyCommand(names)))).toMatchObject({ status: 404 })
  })
})

describe('tags', () => {
  it('tags, lists and untags groups, channels and endpoints by ARN', async () => {
    const { group: g, channel: c, names } = await channel()
    const e = await mp.send(new CreateOriginEndpointCommand({ ...names, OriginEndpointName: 'tagged', ContainerType: 'TS', Tags: { a: '1' } }))
    for (const arn of [g.Arn!, c.Arn!, e.Arn!]) {
      await mp.send(new TagResourceCommand({ ResourceArn: arn, Tags: { owner: 'ci', env: 'test' } }))
      await mp.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env'] }))
      expect((await mp.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toMatchObject({ owner: 'ci' })
    }
    expect((await mp.send(new ListTagsForResourceCommand({ ResourceArn: e.Arn! }))).Tags).toEqual({ a: '1', owner: 'ci' })
    expect((await mp.send(new GetChannelCommand(names))).Tags).toEqual({ owner: 'ci' })
    expect(await failure(mp.send(new ListTagsForResourceCommand({ ResourceArn: `${g.Arn}/channel/missing` })))).toMatchObject({
      name: 'ValidationException',
      status: 400
    })
  })

  it('keeps v1 and v2 tag calls apart by the client’s signing name', async () => {
    const v1 = new MediaPackageClient({ endpoint: fake.url, credentials, region: REGION, maxAttempts: 1 })
    try {
      const channelV1 = await v1.send(new CreateV1ChannelCommand({ Id: unique('v1'), Tags: { version: '1' } }))
      expect((await v1.send(new ListV1TagsCommand({ ResourceArn: channelV1.Arn! }))).Tags).toEqual({ version: '1' })
      expect(await failure(mp.send(new ListTagsForResourceCommand({ ResourceArn: channelV1.Arn! })))).toMatchObject({ name: 'ValidationException' })
    } finally {
      v1.destroy()
    }
    expect(fake.calls.some((call) => call.service === 'mediapackage' && call.operation === 'ListTagsForResource')).toBe(true)
    expect(fake.calls.some((call) => call.service === 'mediapackagev2' && call.operation === 'ListTagsForResource')).toBe(true)
  })
})

describe('the fake as a whole', () => {
  it('is reached through AWS_ENDPOINT_URL_MEDIAPACKAGEV2 and logs v2 calls under their own service', async () => {
    expect(fake.env.AWS_ENDPOINT_URL_MEDIAPACKAGEV2).toBe(fake.url)
    const saved = { ...process.env }
    Object.assign(process.env, fake.env)
    const client = new MediaPackageV2Client({ maxAttempts: 1 })
    try {
      fake.resetCalls()
      const name = unique('env')
      await client.send(new CreateChannelGroupCommand({ ChannelGroupName: name }))
      expect(fake.calls).toEqual([
        expect.objectContaining({ service: 'mediapackagev2', operation: 'CreateChannelGroup', mutating: true, status: 200, region: REGION })
      ])
    } finally {
      client.destroy()
      process.env = saved
    }
  })

  it('answers injected faults with MediaPackage v2’s own errors', async () => {
    fake.faults.add({ service: 'mediapackagev2', operation: 'GetChannelGroup', times: 1, error: 'throttle' })
    fake.faults.add({ service: 'mediapackagev2', operation: 'ListChannelGroups', times: 1, error: 'access-denied' })
    expect(await failure(mp.send(new GetChannelGroupCommand({ ChannelGroupName: 'any' })))).toMatchObject({ name: 'ThrottlingException', status: 429 })
    expect(await failure(mp.send(new ListChannelGroupsCommand({})))).toMatchObject({ name: 'AccessDeniedException', status: 403 })
  })
})

describe('quotas', () => {
  it('refuses a fourth channel group with ServiceQuotaExceededException (402), and enforces configured limits', async () => {
    const small = await startFakeAws({ seed: 8, mediaPackageV2Quotas: { channelsPerGroup: 2, endpointsPerChannel: 1, manifestsPerEndpoint: 2 } })
    const client = new MediaPackageV2Client({ endpoint: small.url, credentials, region: REGION, maxAttempts: 1 })
    try {
      for (const n of ['a', 'b', 'c']) await client.send(new CreateChannelGroupCommand({ ChannelGroupName: n }))
      expect(await failure(client.send(new CreateChannelGroupCommand({ ChannelGroupName: 'd' })))).toMatchObject({
        name: 'ServiceQuotaExceededException',
        status: 402
      })

      for (const n of ['c1', 'c2']) await client.send(new CreateChannelCommand({ ChannelGroupName: 'a', ChannelName: n }))
      expect(await failure(client.send(new CreateChannelCommand({ ChannelGroupName: 'a', ChannelName: 'c3' })))).toMatchObject({ status: 402 })

      const ids = { ChannelGroupName: 'a', ChannelName: 'c1' }
      expect(
        await failure(
          client.send(
            new CreateOriginEndpointCommand({
              ...ids,
              OriginEndpointName: 'many',
              ContainerType: 'TS',
              HlsManifests: [{ ManifestName: 'one' }, { ManifestName: 'two' }, { ManifestName: 'three' }]
            })
          )
        )
      ).toMatchObject({ name: 'ServiceQuotaExceededException', status: 402 })
      await client.send(new CreateOriginEndpointCommand({ ...ids, OriginEndpointName: 'e1', ContainerType: 'TS' }))
      expect(await failure(client.send(new CreateOriginEndpointCommand({ ...ids, OriginEndpointName: 'e2', ContainerType: 'TS' })))).toMatchObject({
        status: 402
      })

      // The quotas are writable: raising one makes room.
      small.state.mediaPackageV2.quotas.channelGroups = 4
      await client.send(new CreateChannelGroupCommand({ ChannelGroupName: 'd' }))
    } finally {
      client.destroy()
      await small.close()
    }
  })
})
