/**
 * MediaPackage v2 (2022-12-25) request and response shapes, written from what
 * `@aws-sdk/client-mediapackagev2@3.699.0` declares (its `models_0` types) and sends and reads (its
 * `Aws_restJson1` serializers), with constraints and enum values from the service model
 * (https://docs.aws.amazon.com/mediapackage/latest/APIReference/API_Operations.html).
 *
 * JSON keys are the member names except `tags`, and the model is not consistent about that: the
 * Create requests of groups and channels and TagResource send `tags`; GetChannelGroup, the Update*
 * responses and ListTagsForResource answer `tags`; everything else says `Tags`. The shapes below
 * follow the SDK member by member.
 *
 * `ContainerType` `ISM` and `MssManifests` are newer than the pinned SDK: it can't send MSS, but
 * a raw request can, and AWS refuses the combinations listed in mediapackagev2-model.ts.
 */
import {
  boolean,
  float,
  integer,
  jsonNamed,
  list,
  oneOf,
  required,
  string,
  stringMap,
  structure,
  timestamp,
  toSchema,
  type Member,
  type StructureShape
} from './shape-schema.js'

export const MEDIAPACKAGEV2_NAMESPACE = 'com.amazonaws.mediapackagev2'

export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/
export const MANIFEST_NAME_PATTERN = /^[a-zA-Z0-9-]+$/
export const POLICY_MAX_LENGTH = 6144

const resourceName = string({ min: 1, max: 256, pattern: RESOURCE_NAME_PATTERN })
const manifestName = string({ min: 1, max: 256, pattern: MANIFEST_NAME_PATTERN })
const description = string({ min: 0, max: 1024 })
const policyText = string({ min: 0, max: POLICY_MAX_LENGTH })
const token = string({ min: 1, max: 256, pattern: /^\S+$/ })

export const INPUT_TYPES = ['HLS', 'CMAF'] as const
export const CONTAINER_TYPES = ['TS', 'CMAF', 'ISM'] as const

const label = (shape = resourceName): Member => ({ shape, required: true, binding: { label: true } })
const clientToken: Member = { shape: token, binding: { header: 'x-amzn-client-token' } }
const ifMatch: Member = { shape: token, binding: { header: 'x-amzn-update-if-match' } }
const tagsAs = (key: 'tags' | 'Tags'): Member => (key === 'tags' ? jsonNamed('tags', stringMap) : { shape: stringMap })

// Channel groups

const groupOutput = (name: string, tags: 'tags' | 'Tags') =>
  structure(name, {
    ChannelGroupName: string(),
    Arn: string(),
    EgressDomain: string(),
    CreatedAt: timestamp,
    ModifiedAt: timestamp,
    Description: string(),
    ETag: string(),
    Tags: tagsAs(tags)
  })

export const CreateChannelGroupRequest = structure('CreateChannelGroupRequest', {
  ChannelGroupName: required(resourceName),
  ClientToken: clientToken,
  Description: description,
  Tags: jsonNamed('tags', stringMap)
})
export const CreateChannelGroupResponse = groupOutput('CreateChannelGroupResponse', 'Tags')
export const GetChannelGroupResponse = groupOutput('GetChannelGroupResponse', 'tags')
export const UpdateChannelGroupRequest = structure('UpdateChannelGroupRequest', {
  ChannelGroupName: label(),
  ETag: ifMatch,
  Description: description
})
export const UpdateChannelGroupResponse = groupOutput('UpdateChannelGroupResponse', 'tags')
export const ListChannelGroupsResponse = structure('ListChannelGroupsResponse', {
  Items: list(
    structure('ChannelGroupListConfiguration', {
      ChannelGroupName: string(),
      Arn: string(),
      CreatedAt: timestamp,
      ModifiedAt: timestamp,
      Description: string()
    })
  ),
  NextToken: string()
})

// Channels

const inputSwitchConfiguration = structure('InputSwitchConfiguration', {
  MQCSInputSwitching: boolean,
  PreferredInput: integer({ min: 1, max: 2 })
})
const outputHeaderConfiguration = structure('OutputHeaderConfiguration', { PublishMQCS: boolean })

const channelOutput = (name: string, tags: 'tags' | 'Tags') =>
  structure(name, {
    Arn: string(),
    ChannelName: string(),
    ChannelGroupName: string(),
    CreatedAt: timestamp,
    ModifiedAt: timestamp,
    ResetAt: timestamp,
    Description: string(),
    IngestEndpoints: list(structure('IngestEndpoint', { Id: string(), Url: string() })),
    InputType: string(),
    ETag: string(),
    Tags: tagsAs(tags),
    InputSwitchConfiguration: inputSwitchConfiguration,
    OutputHeaderConfiguration: outputHeaderConfiguration
  })

export const CreateChannelRequest = structure('CreateChannelRequest', {
  ChannelGroupName: label(),
  ChannelName: required(resourceName),
  ClientToken: clientToken,
  InputType: oneOf(INPUT_TYPES),
  Description: description,
  InputSwitchConfiguration: inputSwitchConfiguration,
  OutputHeaderConfiguration: outputHeaderConfiguration,
  Tags: jsonNamed('tags', stringMap)
})
export const CreateChannelResponse = channelOutput('CreateChannelResponse', 'Tags')
export const GetChannelResponse = channelOutput('GetChannelResponse', 'Tags')
export const UpdateChannelRequest = structure('UpdateChannelRequest', {
  ChannelGroupName: label(),
  ChannelName: label(),
  ETag: ifMatch,
  Description: description,
  InputSwitchConfiguration: inputSwitchConfiguration,
  OutputHeaderConfiguration: outputHeaderConfiguration
})
export const UpdateChannelResponse = channelOutput('UpdateChannelResponse', 'tags')
export const ListChannelsResponse = structure('ListChannelsResponse', {
  Items: list(
    structure('ChannelListConfiguration', {
      Arn: string(),
      ChannelName: string(),
      ChannelGroupName: string(),
      CreatedAt: timestamp,
      ModifiedAt: timestamp,
      Description: string(),
      InputType: string()
    })
  ),
  NextToken: string()
})

// Policies

export const PutChannelPolicyRequest = structure('PutChannelPolicyRequest', {
  ChannelGroupName: label(),
  ChannelName: label(),
  Policy: required(policyText)
})
export const GetChannelPolicyResponse = structure('GetChannelPolicyResponse', {
  ChannelGroupName: string(),
  ChannelName: string(),
  Policy: string()
})
export const PutOriginEndpointPolicyRequest = structure('PutOriginEndpointPolicyRequest', {
  ChannelGroupName: label(),
  ChannelName: label(),
  OriginEndpointName: label(),
  Policy: required(policyText)
})
export const GetOriginEndpointPolicyResponse = structure('GetOriginEndpointPolicyResponse', {
  ChannelGroupName: string(),
  ChannelName: string(),
  OriginEndpointName: string(),
  Policy: string()
})

// Origin endpoints

const filterConfiguration = structure('FilterConfiguration', {
  ManifestFilter: string({ min: 1, max: 1024 }),
  Start: timestamp,
  End: timestamp,
  TimeDelaySeconds: integer({ min: 0, max: 1209600 }),
  ClipStartTime: timestamp
})
const scteHls = structure('ScteHls', { AdMarkerHls: oneOf(['DATERANGE', 'SCTE35_ENHANCED']) })
const startTag = structure('StartTag', { TimeOffset: required(float), Precise: boolean })
const hlsMembers = (window: Member['shape'], pdt: Member['shape']) => ({
  ChildManifestName: manifestName,
  ScteHls: scteHls,
  StartTag: startTag,
  ManifestWindowSeconds: window,
  ProgramDateTimeIntervalSeconds: pdt,
  FilterConfiguration: filterConfiguration
})
const createHls = (name: string) =>
  structure(name, { ManifestName: required(manifestName), ...hlsMembers(integer({ min: 30 }), integer({ min: 1, max: 1209600 })) })
const getHls = (name: string) => structure(name, { ManifestName: string(), Url: string(), ...hlsMembers(integer(), integer()) })
const listHls = (name: string) => structure(name, { ManifestName: string(), ChildManifestName: string(), Url: string() })

const dashMembers = {
  ManifestWindowSeconds: integer({ min: 30 }),
  FilterConfiguration: filterConfiguration,
  MinUpdatePeriodSeconds: integer({ min: 1, max: 3600 }),
  MinBufferTimeSeconds: integer({ min: 0, max: 3600 }),
  SuggestedPresentationDelaySeconds: integer({ min: 0, max: 3600 }),
  SegmentTemplateFormat: oneOf(['NUMBER_WITH_TIMELINE']),
  PeriodTriggers: list(oneOf(['AVAILS', 'DRM_KEY_ROTATION', 'SOURCE_CHANGES', 'SOURCE_DISRUPTIONS', 'NONE']), { min: 0, max: 100 }),
  ScteDash: structure('ScteDash', { AdMarkerDash: oneOf(['BINARY', 'XML']) }),
  DrmSignaling: oneOf(['INDIVIDUAL', 'REFERENCED']),
  UtcTiming: structure('DashUtcTiming', {
    TimingMode: oneOf(['HTTP_HEAD', 'HTTP_ISO', 'HTTP_XSDATE', 'UTC_DIRECT']),
    TimingSource: string({ min: 1, max: 1024 })
  })
}
const createDash = structure('CreateDashManifestConfiguration', { ManifestName: required(manifestName), ...dashMembers })
const getDash = structure('GetDashManifestConfiguration', { ManifestName: string(), Url: string(), ...dashMembers })
const listDash = structure('ListDashManifestConfiguration', { ManifestName: string(), Url: string() })

const mssMembers = { ManifestWindowSeconds: integer({ min: 30 }), FilterConfiguration: filterConfiguration, ManifestLayout: oneOf(['FULL', 'COMPACT']) }
const createMss = structure('CreateMssManifestConfiguration', { ManifestName: required(manifestName), ...mssMembers })
const getMss = structure('GetMssManifestConfiguration', { ManifestName: string(), Url: string(), ...mssMembers })
const listMss = structure('ListMssManifestConfiguration', { ManifestName: string(), Url: string() })

const forceEndpointError = structure('ForceEndpointErrorConfiguration', {
  EndpointErrorConditions: list(oneOf(['STALE_MANIFEST', 'INCOMPLETE_MANIFEST', 'MISSING_DRM_KEY', 'SLATE_INPUT']))
})

const encryption = structure('Encryption', {
  ConstantInitializationVector: string({ min: 32, max: 32, pattern: /^[0-9a-fA-F]+$/ }),
  EncryptionMethod: required(
    structure('EncryptionMethod', {
      TsEncryptionMethod: oneOf(['AES_128', 'SAMPLE_AES']),
      CmafEncryptionMethod: oneOf(['CENC', 'CBCS']),
      IsmEncryptionMethod: oneOf(['CENC'])
    })
  ),
  KeyRotationIntervalSeconds: integer({ min: 300, max: 31536000 }),
  SpekeKeyProvider: required(
    structure('SpekeKeyProvider', {
      EncryptionContractConfiguration: required(
        structure('EncryptionContractConfiguration', {
          PresetSpeke20Audio: required(oneOf(['PRESET_AUDIO_1', 'PRESET_AUDIO_2', 'PRESET_AUDIO_3', 'SHARED', 'UNENCRYPTED'])),
          PresetSpeke20Video: required(
            oneOf([
              'PRESET_VIDEO_1',
              'PRESET_VIDEO_2',
              'PRESET_VIDEO_3',
              'PRESET_VIDEO_4',
              'PRESET_VIDEO_5',
              'PRESET_VIDEO_6',
              'PRESET_VIDEO_7',
              'PRESET_VIDEO_8',
              'SHARED',
              'UNENCRYPTED'
            ])
          )
        })
      ),
      ResourceId: required(string({ min: 1, max: 256, pattern: /^[0-9a-zA-Z_-]+$/ })),
      DrmSystems: required(list(oneOf(['CLEAR_KEY_AES_128', 'FAIRPLAY', 'PLAYREADY', 'WIDEVINE', 'IRDETO']), { min: 1, max: 4 })),
      RoleArn: required(string({ min: 1, max: 2048 })),
      Url: required(string({ min: 1, max: 1024 }))
    })
  )
})

const SCTE_FILTERS = [
  'SPLICE_INSERT',
  'BREAK',
  'PROVIDER_ADVERTISEMENT',
  'DISTRIBUTOR_ADVERTISEMENT',
  'PROVIDER_PLACEMENT_OPPORTUNITY',
  'DISTRIBUTOR_PLACEMENT_OPPORTUNITY',
  'PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY',
  'DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY',
  'PROGRAM',
  'CHAPTER',
  'UNSCHEDULED_EVENT',
  'ALTERNATE_CONTENT_OPPORTUNITY',
  'NETWORK',
  'PROVIDER_PROMO',
  'DISTRIBUTOR_PROMO',
  'PROVIDER_AD_BLOCK',
  'DISTRIBUTOR_AD_BLOCK'
]
export const SegmentShape = structure('Segment', {
  SegmentDurationSeconds: integer({ min: 1, max: 30 }),
  SegmentName: string({ min: 1, max: 256, pattern: RESOURCE_NAME_PATTERN }),
  TsUseAudioRenditionGroup: boolean,
  IncludeIframeOnlyStreams: boolean,
  TsIncludeDvbSubtitles: boolean,
  Scte: structure('Scte', { ScteFilter: list(oneOf(SCTE_FILTERS), { min: 0, max: 100 }) }),
  Encryption: encryption
})

const endpointSettings = {
  Segment: SegmentShape,
  Description: description,
  StartoverWindowSeconds: integer({ min: 0, max: 1209600 }),
  HlsManifests: list(createHls('CreateHlsManifestConfiguration')),
  LowLatencyHlsManifests: list(createHls('CreateLowLatencyHlsManifestConfiguration')),
  DashManifests: list(createDash),
  MssManifests: list(createMss),
  ForceEndpointErrorConfiguration: forceEndpointError
}

export const CreateOriginEndpointRequest = structure('CreateOriginEndpointRequest', {
  ChannelGroupName: label(),
  ChannelName: label(),
  OriginEndpointName: required(resourceName),
  ContainerType: required(oneOf(CONTAINER_TYPES)),
  ClientToken: clientToken,
  ...endpointSettings,
  Tags: { shape: stringMap }
})
export const UpdateOriginEndpointRequest = structure('UpdateOriginEndpointRequest', {
  ChannelGroupName: label(),
  ChannelName: label(),
  OriginEndpointName: label(),
  ContainerType: required(oneOf(CONTAINER_TYPES)),
  ETag: ifMatch,
  ...endpointSettings
})

const endpointOutput = (name: string, tags: 'tags' | 'Tags') =>
  structure(name, {
    Arn: string(),
    ChannelGroupName: string(),
    ChannelName: string(),
    OriginEndpointName: string(),
    ContainerType: string(),
    Segment: SegmentShape,
    CreatedAt: timestamp,
    ModifiedAt: timestamp,
    ResetAt: timestamp,
    Description: string(),
    StartoverWindowSeconds: integer(),
    HlsManifests: list(getHls('GetHlsManifestConfiguration')),
    LowLatencyHlsManifests: list(getHls('GetLowLatencyHlsManifestConfiguration')),
    DashManifests: list(getDash),
    MssManifests: list(getMss),
    ForceEndpointErrorConfiguration: forceEndpointError,
    ETag: string(),
    Tags: tagsAs(tags)
  })
export const CreateOriginEndpointResponse = endpointOutput('CreateOriginEndpointResponse', 'Tags')
export const GetOriginEndpointResponse = endpointOutput('GetOriginEndpointResponse', 'Tags')
export const UpdateOriginEndpointResponse = endpointOutput('UpdateOriginEndpointResponse', 'tags')
export const ListOriginEndpointsResponse = structure('ListOriginEndpointsResponse', {
  Items: list(
    structure('OriginEndpointListConfiguration', {
      Arn: string(),
      ChannelGroupName: string(),
      ChannelName: string(),
      OriginEndpointName: string(),
      ContainerType: string(),
      Description: string(),
      CreatedAt: timestamp,
      ModifiedAt: timestamp,
      HlsManifests: list(listHls('ListHlsManifestConfiguration')),
      LowLatencyHlsManifests: list(listHls('ListLowLatencyHlsManifestConfiguration')),
      DashManifests: list(listDash),
      MssManifests: list(listMss),
      ForceEndpointErrorConfiguration: forceEndpointError
    })
  ),
  NextToken: string()
})

// Tags

export const TagResourceRequest = structure('TagResourceRequest', { Tags: { shape: stringMap, required: true, jsonName: 'tags' } })
export const ListTagsForResourceResponse = structure('ListTagsForResourceResponse', { Tags: jsonNamed('tags', stringMap) })

// Errors: the members each exception carries besides Message.

export const ErrorBody = structure('ErrorBody', {
  Message: string(),
  ConflictExceptionType: string(),
  ResourceTypeNotFound: string(),
  ValidationExceptionType: string()
})

/** The json-codec schema of a shape above. */
export const schemaOf = (shape: StructureShape) => toSchema(shape, MEDIAPACKAGEV2_NAMESPACE)
