/**
 * The manifest covers the MediaPackage v1 API: every field of CreateOriginEndpoint and of each packaging,
 * no field the API lacks (checked by the compiler, `npm run typecheck`), and the API's enum values
 * (checked at run time against the SDK).
 */
import { expect, test } from '@jest/globals'
import * as sdk from '@aws-sdk/client-mediapackage'
import type {
  CmafEncryption,
  CmafPackageCreateOrUpdateParameters,
  CreateOriginEndpointRequest,
  DashEncryption,
  DashPackage,
  EncryptionContractConfiguration,
  HlsEncryption,
  HlsManifestCreateOrUpdateParameters,
  HlsPackage,
  MssEncryption,
  MssPackage,
  SpekeKeyProvider,
  StreamSelection
} from '@aws-sdk/client-mediapackage'
import * as definition from '../../../src/manifest/definition.js'
import type {
  CmafEncryptionSpec,
  CmafPackageSpec,
  DashEncryptionSpec,
  DashPackageSpec,
  EndpointSpec,
  HlsEncryptionSpec,
  HlsManifestSpec,
  HlsPackageSpec,
  MssEncryptionSpec,
  MssPackageSpec,
  Speke10KeyProviderSpec,
  SpekeKeyProviderSpec,
  StreamSelectionSpec
} from '../../../src/manifest/definition.js'
import type { ApiShape } from '../../../src/providers/mediapackage-v1/to-api.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Check<T extends true> = T
type SameKeys<Spec, Api> = Equal<keyof ApiShape<Spec>, keyof Api>

/** The packagings are `HlsPackage`… in the API, `hls`… in the manifest; `Authorization` comes from the channel; `state` is the action's own. */
type EndpointKeys =
  | Exclude<keyof ApiShape<EndpointSpec>, 'Hls' | 'Dash' | 'Cmaf' | 'Mss' | 'State'>
  | 'HlsPackage'
  | 'DashPackage'
  | 'CmafPackage'
  | 'MssPackage'
type ApiEndpointKeys = Exclude<keyof CreateOriginEndpointRequest, 'ChannelId' | 'Authorization'>

export type ManifestCoversTheApi = [
  Check<Equal<EndpointKeys, ApiEndpointKeys>>,
  Check<SameKeys<HlsPackageSpec, HlsPackage>>,
  Check<SameKeys<HlsEncryptionSpec, HlsEncryption>>,
  Check<SameKeys<DashPackageSpec, DashPackage>>,
  Check<SameKeys<DashEncryptionSpec, DashEncryption>>,
  Check<SameKeys<CmafPackageSpec, CmafPackageCreateOrUpdateParameters>>,
  Check<SameKeys<CmafEncryptionSpec, CmafEncryption>>,
  Check<SameKeys<HlsManifestSpec, HlsManifestCreateOrUpdateParameters>>,
  Check<SameKeys<MssPackageSpec, MssPackage>>,
  Check<SameKeys<MssEncryptionSpec, MssEncryption>>,
  Check<SameKeys<SpekeKeyProviderSpec, SpekeKeyProvider>>,
  // HLS and MSS: SPEKE 1.0 only (the API documents encryption contracts for DASH and CMAF).
  Check<Equal<keyof ApiShape<Speke10KeyProviderSpec>, Exclude<keyof SpekeKeyProvider, 'EncryptionContractConfiguration'>>>,
  Check<SameKeys<NonNullable<SpekeKeyProviderSpec['encryption-contract-configuration']>, EncryptionContractConfiguration>>,
  Check<SameKeys<StreamSelectionSpec, StreamSelection>>
]

const sorted = (values: Iterable<string>) => [...values].sort()

test.each([
  ['AD_MARKERS', definition.AD_MARKERS, sdk.AdMarkers],
  ['AD_TRIGGERS', definition.AD_TRIGGERS, sdk.__AdTriggersElement],
  ['ADS_ON_DELIVERY_RESTRICTIONS', definition.ADS_ON_DELIVERY_RESTRICTIONS, sdk.AdsOnDeliveryRestrictions],
  ['PLAYLIST_TYPES', definition.PLAYLIST_TYPES, sdk.PlaylistType],
  ['HLS_ENCRYPTION_METHODS', definition.HLS_ENCRYPTION_METHODS, sdk.EncryptionMethod],
  ['CMAF_ENCRYPTION_METHODS', definition.CMAF_ENCRYPTION_METHODS, sdk.CmafEncryptionMethod],
  ['PRESETS_SPEKE20_AUDIO', definition.PRESETS_SPEKE20_AUDIO, sdk.PresetSpeke20Audio],
  ['PRESETS_SPEKE20_VIDEO', definition.PRESETS_SPEKE20_VIDEO, sdk.PresetSpeke20Video],
  ['STREAM_ORDERS', definition.STREAM_ORDERS, sdk.StreamOrder],
  ['MANIFEST_LAYOUTS', definition.MANIFEST_LAYOUTS, sdk.ManifestLayout],
  ['DASH_PROFILES', definition.DASH_PROFILES, sdk.Profile],
  ['PERIOD_TRIGGERS', definition.PERIOD_TRIGGERS, sdk.__PeriodTriggersElement],
  ['SEGMENT_TEMPLATE_FORMATS', definition.SEGMENT_TEMPLATE_FORMATS, sdk.SegmentTemplateFormat],
  ['UTC_TIMINGS', definition.UTC_TIMINGS, sdk.UtcTiming],
  ['ORIGINATIONS', definition.ORIGINATIONS, sdk.Origination]
] as const)('%s are the API enum values', (_name, manifestValues, apiEnum) => {
  expect(sorted(manifestValues)).toEqual(sorted(Object.values(apiEnum)))
})
