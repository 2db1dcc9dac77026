import { describe, expect, it } from '@jest/globals'
import type { OriginEndpoint } from '@aws-sdk/client-mediapackage'
import { UserError } from '../../../src/errors.js'
import type { ChannelSpec } from '../../../src/manifest/definition.js'
import { describeChange, hole, type Change } from '../../../src/change.js'
import type { Secrets } from '../../../src/aws/secrets.js'
import { mediaPackageV1 } from '../../../src/providers/mediapackage-v1/index.js'
import type { MediaPackage } from '../../../src/providers/mediapackage-v1/client.js'
import type { V1Seen } from '../../../src/providers/mediapackage-v1/observe.js'
import type { ChannelWork } from '../../../src/workflow/provider.js'
import type { Runtime } from '../../../src/workflow/runtime.js'
import type { Step, StepGroup } from '../../../src/workflow/steps.js'

const HOST = 'abcdef0123456789.mediapackage.us-west-2.amazonaws.com'
const CHANNEL = { Id: 'news', Arn: 'arn:aws:mediapackage:us-west-2:123456789012:channels/0123456789abcdef0123456789abcdef', Description: '' }
const AUTH = {
  CdnIdentifierSecret: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MediaPackage/news-AbCdEf',
  SecretsRoleArn: 'arn:aws:iam::123456789012:role/CdnAuth'
}

/** An HLS endpoint as DescribeOriginEndpoint returns it: AWS fills in every default. */
function hlsInAws(id: string, overrides: Partial<OriginEndpoint> = {}): OriginEndpoint {
  return {
    Id: id,
    ChannelId: 'news',
    Arn: `arn:aws:mediapackage:us-west-2:123456789012:origin_endpoints/${id}`,
    Url: `https://${HOST}/out/v1/aaaa/index.m3u8`,
    ManifestName: 'index',
    Origination: 'ALLOW',
    StartoverWindowSeconds: 0,
    TimeDelaySeconds: 0,
    Whitelist: [],
    Tags: {},
    HlsPackage: { SegmentDurationSeconds: 6, PlaylistWindowSeconds: 60, AdMarkers: 'NONE', PlaylistType: 'NONE', ProgramDateTimeIntervalSeconds: 0 },
    ...overrides
  }
}

/** The planner is pure: these clients are never called while planning. */
const provider = mediaPackageV1({ mediapackage: {} as MediaPackage, secrets: {} as Secrets })
const rt = { sleep: async () => {}, now: () => 0, random: () => 0.5 } as unknown as Runtime

function planChannel(channel: ChannelSpec, seen: Partial<V1Seen>, path: string): ChannelWork {
  return provider.plan(channel, { endpoints: [], elsewhere: [], ...seen }, { path, rt, distributionArn: () => hole('the ARN of the new distribution') })
}

const steps = (groups: readonly StepGroup[]): Step[] => groups.flatMap((group) => (Array.isArray(group) ? group : [group as Step]))
const planned = (groups: readonly StepGroup[]): Change[] => steps(groups).flatMap((step) => step.plan() ?? [])
const find = (work: ChannelWork, resource: string, id?: string) =>
  planned(work.origin).find((change) => change.resource === resource && (id === undefined || change.id === id))!
const details = (change: Change) => describeChange(change)

const CDN_AUTH = { secret: 'MediaPackage/news', 'role-arn': AUTH.SecretsRoleArn }
const SECRET = { arn: AUTH.CdnIdentifierSecret }

const spec = (endpoints: ChannelSpec['endpoints'], extra: Partial<ChannelSpec> = {}): ChannelSpec => ({ id: 'news', endpoints, ...extra })

describe('planning a MediaPackage v1 channel', () => {
  it('creates what is missing', () => {
    const work = planChannel(spec([{ id: 'news-hls', hls: {} }]), {}, 'channels[0]')
    expect(find(work, 'channel').action).toBe('create')
    expect(find(work, 'endpoint', 'news-hls')).toMatchObject({ action: 'create', fields: [{ field: 'packaging', to: 'hls' }] })
  })

  it('leaves alone an endpoint whose named settings match, whatever defaults AWS filled in', () => {
    const work = planChannel(
      spec([{ id: 'news-hls', hls: { 'segment-duration-seconds': 6 } }]),
      { channel: CHANNEL, endpoints: [hlsInAws('news-hls')] },
      'channels[0]'
    )
    expect(find(work, 'channel').action).toBe('unchanged')
    expect(find(work, 'endpoint', 'news-hls')).toMatchObject({ action: 'unchanged', fields: [] })
  })

  it('says what differs with the old and the new value, by manifest key', () => {
    const observed = hlsInAws('news-hls', { Description: 'set in the console' })
    const work = planChannel(spec([{ id: 'news-hls', hls: { 'playlist-window-seconds': 120 } }]), { channel: CHANNEL, endpoints: [observed] }, 'channels[0]')
    expect(details(find(work, 'endpoint', 'news-hls'))).toBe('update endpoint news-hls: hls.playlist-window-seconds: 60 → 120')
  })

  it('adds missing tags without removing others', () => {
    const observed = hlsInAws('news-hls', { Tags: { owner: 'ops' } })
    const work = planChannel(
      spec([{ id: 'news-hls', hls: {}, tags: { team: 'video', owner: 'ops' } }]),
      { channel: CHANNEL, endpoints: [observed] },
      'channels[0]'
    )
    expect(details(find(work, 'endpoint', 'news-hls'))).toBe('update endpoint news-hls: tags.team: "video"')
  })

  it('refuses to change an endpoint’s packaging in place, pointing at the endpoint in the manifest', () => {
    const plan = () => planChannel(spec([{ id: 'news-hls', dash: {} }]), { channel: CHANNEL, endpoints: [hlsInAws('news-hls')] }, 'channels[2]')
    expect(plan).toThrow(UserError)
    expect(plan).toThrow(/HLS in AWS but dash in the manifest/)
    try {
      plan()
    } catch (error) {
      expect((error as UserError).problems[0]?.path).toBe('channels[2].endpoints[0]')
    }
  })

  it('refuses an endpoint id another channel holds (a renamed channel), at the endpoint’s line, before any write', () => {
    const taken = hlsInAws('news-hls', { ChannelId: 'old-news' })
    const plan = () => planChannel(spec([{ id: 'news-hls', hls: {} }]), { elsewhere: [taken] }, 'channels[1]')
    expect(plan).toThrow(/already used by channel old-news/)
    try {
      plan()
    } catch (error) {
      expect((error as UserError).problems[0]?.path).toBe('channels[1].endpoints[0].id')
    }
  })

  it('lists existing endpoints whose CDN authorization changes as access steps, apart from the others', () => {
    const work = planChannel(
      spec(
        [
          { id: 'news-hls', hls: {} },
          { id: 'news-dash', dash: {} }
        ],
        { 'cdn-authorization': CDN_AUTH }
      ),
      { channel: CHANNEL, endpoints: [hlsInAws('news-hls')], secret: SECRET },
      'channels[0]'
    )
    expect(find(work, 'endpoint', 'news-dash').action).toBe('create')
    expect(find(work, 'endpoint', 'news-hls').action).toBe('unchanged')
    expect(planned(work.access).map(details)).toEqual(['update endpoint news-hls: cdn-authorization: on'])
    // Plan mode never reads the secret: the header the origin will send is known after apply.
    expect(work.distribution().header).toEqual({ kind: 'value', value: { hole: expect.any(String) } })
  })

  it('refuses CDN authorization that would cut off an endpoint the manifest does not name', () => {
    const plan = () =>
      planChannel(
        spec([{ id: 'news-hls', hls: {} }], { 'cdn-authorization': CDN_AUTH }),
        { channel: CHANNEL, endpoints: [hlsInAws('news-hls'), hlsInAws('hand-made')], secret: SECRET },
        'channels[0]'
      )
    expect(plan).toThrow(/endpoints the manifest does not name \(hand-made\)/)
  })

  it('derives the origin host and the behaviors from every endpoint of the channel', () => {
    const side = planChannel(spec([{ id: 'news-dash', dash: {} }]), { channel: CHANNEL, endpoints: [hlsInAws('news-hls')] }, 'channels[0]').distribution()
    expect(side.origin).toEqual({ kind: 'host', id: 'MP-abcdef0123456789', host: HOST })
    expect(side.patterns.map((p) => p.pattern)).toEqual(['*.m3u8', '*.ts', '*.mpd', '*.mp4'])
    expect(side.link.value).toBe(CHANNEL.Arn)
  })

  it('plans a new channel’s distribution with holes: its ARN and its endpoints’ host are known after apply', () => {
    const side = planChannel(spec([{ id: 'news-hls', hls: {} }]), {}, 'channels[0]').distribution()
    expect(side.link.value).toEqual({ hole: expect.stringContaining('news') })
    expect(side.origin.kind).toBe('pending')
  })

  it('keeps the console’s placeholder origin while the channel has no endpoint', () => {
    const side = planChannel(spec([]), { channel: CHANNEL }, 'channels[0]').distribution()
    expect(side.origin).toMatchObject({ kind: 'placeholder', host: 'mediapackage.amazonaws.com' })
    expect(side.patterns).toEqual([])
  })

  it('refuses endpoints on two hosts: one origin cannot serve them', () => {
    const other = hlsInAws('news-hls-2', { Url: 'https://ffff000011112222.mediapackage.us-west-2.amazonaws.com/out/v1/bbbb/index.m3u8' })
    const work = planChannel(spec([]), { channel: CHANNEL, endpoints: [hlsInAws('news-hls'), other] }, 'channels[0]')
    expect(() => work.distribution()).toThrow(/different hosts/)
  })
})
