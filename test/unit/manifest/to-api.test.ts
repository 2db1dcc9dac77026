import { describe, expect, test } from '@jest/globals'
import { parseManifest } from '../../../src/manifest/load.js'
import { endpointRequest, packagingOf, pascalCase, toApiShape } from '../../../src/providers/mediapackage-v1/to-api.js'
import { goodFixtures } from './corpus.js'

function endpointsOf(name: string) {
  const fixture = goodFixtures().find((candidate) => candidate.name === name)!
  const { manifest } = parseManifest(fixture.text, fixture.file)
  return (manifest.channels ?? []).flatMap((channel) => (channel.endpoints ?? []).map((endpoint) => ({ channel: channel.id, endpoint })))
}

describe('pascalCase', () => {
  test.each([
    ['segment-duration-seconds', 'SegmentDurationSeconds'],
    ['hls-manifests', 'HlsManifests'],
    ['preset-speke20-audio', 'PresetSpeke20Audio'],
    ['repeat-ext-x-key', 'RepeatExtXKey'],
    ['utc-timing-uri', 'UtcTimingUri'],
    ['url', 'Url']
  ])('%s → %s', (kebab, pascal) => expect(pascalCase(kebab)).toBe(pascal))
})

describe('endpointRequest', () => {
  test('converts every key of an HLS endpoint, nested ones too, and leaves tags as written', () => {
    const [first] = endpointsOf('hls-every-field')
    expect(endpointRequest(first!.channel, first!.endpoint)).toEqual({
      ChannelId: 'news_live-2',
      Id: 'news-hls-full',
      Description: 'every HLS setting',
      ManifestName: 'master',
      StartoverWindowSeconds: 1209600,
      TimeDelaySeconds: 30,
      Whitelist: ['198.51.100.0/24', '203.0.113.7', '2001:db8::/32'],
      Origination: 'DENY',
      Tags: { 'cost center': '42', env: 'prod' },
      HlsPackage: {
        AdMarkers: 'DATERANGE',
        AdTriggers: [
          'SPLICE_INSERT',
          'BREAK',
          'PROVIDER_ADVERTISEMENT',
          'DISTRIBUTOR_ADVERTISEMENT',
          'PROVIDER_PLACEMENT_OPPORTUNITY',
          'DISTRIBUTOR_PLACEMENT_OPPORTUNITY',
          'PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY',
          'DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY'
        ],
        AdsOnDeliveryRestrictions: 'RESTRICTED',
        IncludeDvbSubtitles: true,
        IncludeIframeOnlyStream: false,
        PlaylistType: 'EVENT',
        PlaylistWindowSeconds: 60,
        ProgramDateTimeIntervalSeconds: 10,
        SegmentDurationSeconds: 6,
        UseAudioRenditionGroup: true,
        StreamSelection: { MaxVideoBitsPerSecond: 8000000, MinVideoBitsPerSecond: 500000, StreamOrder: 'VIDEO_BITRATE_DESCENDING' },
        Encryption: {
          ConstantInitializationVector: '0123456789abcdef0123456789ABCDEF',
          EncryptionMethod: 'SAMPLE_AES',
          KeyRotationIntervalSeconds: 60,
          RepeatExtXKey: true,
          SpekeKeyProvider: {
            CertificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
            ResourceId: 'news-live',
            RoleArn: 'arn:aws:iam::123456789012:role/SpekeAccess',
            SystemIds: ['94ce86fb-07ff-4f43-adb8-93d2fa968ca2'],
            Url: 'https://speke.example.com/v1.0/vod'
          }
        }
      }
    })
  })

  test('CMAF: hls-manifests become HlsManifests, SPEKE 2.0 presets keep their values', () => {
    const [first] = endpointsOf('cmaf-every-field')
    const request = endpointRequest(first!.channel, first!.endpoint)
    expect(request.CmafPackage?.HlsManifests?.map((manifest) => manifest.Id)).toEqual(['main', 'audio-only'])
    expect(request.CmafPackage?.HlsManifests?.[0]).toMatchObject({ ManifestName: 'index', PlaylistType: 'VOD', ProgramDateTimeIntervalSeconds: 0 })
    expect(request.CmafPackage?.Encryption?.SpekeKeyProvider?.EncryptionContractConfiguration).toEqual({
      PresetSpeke20Audio: 'SHARED',
      PresetSpeke20Video: 'SHARED'
    })
  })

  test('a key the manifest leaves out is absent from the request, so AWS applies its default', () => {
    const endpoint = { id: 'news-hls', hls: { 'segment-duration-seconds': 6 } }
    const request = endpointRequest('news-live', endpoint)
    expect(request).toEqual({ ChannelId: 'news-live', Id: 'news-hls', HlsPackage: { SegmentDurationSeconds: 6 } })
    expect(Object.keys(request)).not.toContain('Description')
  })

  test('does not touch its input', () => {
    const endpoint = { id: 'e', tags: { 'my-tag': 'v' }, dash: { 'segment-duration-seconds': 2 } }
    const copy = structuredClone(endpoint)
    endpointRequest('c', endpoint).Tags!['my-tag'] = 'changed'
    expect(endpoint).toEqual(copy)
  })
})

describe('packagingOf', () => {
  test('names the packaging of each endpoint', () => {
    expect(endpointsOf('several-channels').map(({ endpoint }) => packagingOf(endpoint))).toEqual(['hls', 'dash', 'cmaf', 'mss'])
  })

  test('an endpoint without packaging is a bug upstream (the manifest was not validated)', () => {
    expect(() => packagingOf({ id: 'e' })).toThrow(/no packaging/)
  })
})

test('toApiShape converts keys in lists of mappings and leaves values alone', () => {
  expect(toApiShape({ 'hls-manifests': [{ id: 'a-b', 'ad-markers': 'NONE' }] })).toEqual({ HlsManifests: [{ Id: 'a-b', AdMarkers: 'NONE' }] })
})
