import { describe, expect, it } from '@jest/globals'
import type { OriginEndpoint } from '@aws-sdk/client-mediapackage'
import { UserError } from '../../../src/errors.js'
import type { ChannelSpec } from '../../../src/manifest/definition.js'
import { distributionIntent, planChannel } from '../../../src/providers/mediapackage-v1/plan.js'

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

const spec = (endpoints: ChannelSpec['endpoints'], extra: Partial<ChannelSpec> = {}): ChannelSpec => ({ id: 'news', endpoints, ...extra })

describe('planning a channel', () => {
  it('creates what is missing', () => {
    const plan = planChannel(spec([{ id: 'news-hls', hls: {} }]), { endpoints: [] }, 'channels[0]')
    expect(plan.channel.action).toBe('create')
    expect(plan.endpoints.map((step) => [step.change.action, step.create?.HlsPackage])).toEqual([['create', {}]])
  })

  it('leaves alone an endpoint whose named settings match, whatever defaults AWS filled in', () => {
    const plan = planChannel(
      spec([{ id: 'news-hls', hls: { 'segment-duration-seconds': 6 } }]),
      { channel: CHANNEL, endpoints: [hlsInAws('news-hls')] },
      'channels[0]'
    )
    expect(plan.channel.action).toBe('unchanged')
    expect(plan.endpoints.map((step) => step.change)).toEqual([{ resource: 'endpoint', id: 'news-hls', action: 'unchanged', details: [] }])
  })

  it('updates only what differs, and sends the rest as AWS holds it', () => {
    const observed = hlsInAws('news-hls', { Description: 'set in the console' })
    const plan = planChannel(spec([{ id: 'news-hls', hls: { 'playlist-window-seconds': 120 } }]), { channel: CHANNEL, endpoints: [observed] }, 'channels[0]')
    const step = plan.endpoints[0]!
    expect(step.change).toMatchObject({ action: 'update', details: ['HlsPackage.PlaylistWindowSeconds'] })
    expect(step.update).toMatchObject({
      Id: 'news-hls',
      Description: 'set in the console',
      HlsPackage: { PlaylistWindowSeconds: 120, SegmentDurationSeconds: 6 }
    })
    expect(step.update).not.toHaveProperty('Url')
  })

  it('adds missing tags without removing others', () => {
    const observed = hlsInAws('news-hls', { Tags: { owner: 'ops' } })
    const plan = planChannel(
      spec([{ id: 'news-hls', hls: {}, tags: { team: 'video', owner: 'ops' } }]),
      { channel: CHANNEL, endpoints: [observed] },
      'channels[0]'
    )
    expect(plan.endpoints[0]).toMatchObject({ tags: { team: 'video' }, change: { action: 'update', details: ['tags + team'] } })
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

  it('gives a new endpoint CDN authorization at once, and lists existing ones for the transition', () => {
    const plan = planChannel(
      spec([
        { id: 'news-hls', hls: {} },
        { id: 'news-dash', dash: {} }
      ]),
      { channel: CHANNEL, endpoints: [hlsInAws('news-hls')] },
      'channels[0]',
      { managed: true, authorization: AUTH }
    )
    expect(plan.endpoints[1]?.create?.Authorization).toEqual(AUTH)
    expect(plan.endpoints[0]?.update).toBeUndefined()
    expect(plan.authorization).toEqual([{ resource: 'endpoint', id: 'news-hls', action: 'update', details: ['CDN authorization on'] }])
  })

  it('refuses CDN authorization that would cut off an endpoint the manifest does not name', () => {
    const plan = () =>
      planChannel(spec([{ id: 'news-hls', hls: {} }]), { channel: CHANNEL, endpoints: [hlsInAws('news-hls'), hlsInAws('hand-made')] }, 'channels[0]', {
        managed: true,
        authorization: AUTH
      })
    expect(plan).toThrow(/endpoints the manifest does not name \(hand-made\)/)
  })

  it('derives the origin host and the behaviors from every endpoint of the channel', () => {
    const intent = distributionIntent(spec([{ id: 'news-dash', dash: {} }]), CHANNEL.Arn, [hlsInAws('news-hls')])
    expect(intent.origin).toEqual({ kind: 'mediapackage', host: HOST })
    expect(intent.patterns).toEqual(['*.m3u8', '*.ts', '*.mpd', '*.mp4'])
  })

  it('refuses endpoints on two hosts: one origin cannot serve them', () => {
    const other = hlsInAws('news-hls-2', { Url: 'https://ffff000011112222.mediapackage.us-west-2.amazonaws.com/out/v1/bbbb/index.m3u8' })
    expect(() => distributionIntent(spec([]), CHANNEL.Arn, [hlsInAws('news-hls'), other])).toThrow(/different hosts/)
  })
})
