/**
 * The manifest, defined once. The TypeScript types (Static<>), the validation (ajv, in validate.ts)
 * and the published JSON Schema (schema/manifest.schema.json, `npm run schema`) all come from here.
 *
 * Endpoint and packaging keys are the kebab-case of the MediaPackage v1 API field names
 * (`SegmentDurationSeconds` ↔ `segment-duration-seconds`), so to-api.ts converts them generically.
 * No `default`s: a key the user leaves out stays unset and AWS applies its own default.
 *
 * Rules JSON Schema cannot say (unique ids, time delay shorter than the startover window, …) live in
 * rules.ts.
 */
import { Type, type Static } from '@sinclair/typebox'

export const SCHEMA_ID = 'urn:mediapackage-cloudfront-action:manifest:1'

/** The packagings an endpoint can have; exactly one per endpoint. */
export const PACKAGINGS = ['hls', 'dash', 'cmaf', 'mss'] as const
export type Packaging = (typeof PACKAGINGS)[number]

/**
 * A string rule, with the words a person needs when a value breaks it. The validator finds the words
 * by the pattern (ajv reports the pattern, not the key).
 */
interface StringRule {
  readonly pattern: string
  readonly allowed: string
}

const rule = (pattern: string, allowed: string): StringRule => ({ pattern, allowed })

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
const IPV4 = '((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
const IPV6 = '[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}'
// Region names are `<area>[-gov|-iso…]-<direction>-<n>`; listing the directions catches typos like `us-weast-2`.
const REGION = '[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[0-9]{1,2}'

export const STRING_RULES = {
  // `*`, not `+`: an empty id is minLength's to report, with its own words.
  resourceId: rule('^[0-9A-Za-z_-]*$', 'use letters, digits, `_` and `-` only (1–256 characters)'),
  // MediaPackage v2 names: channel groups, channels, endpoints, segment names.
  v2Name: rule('^[A-Za-z0-9_-]*$', 'use letters, digits, `_` and `-` only (1–256 characters)'),
  // v2 manifest names are stricter than the other names: no underscore.
  v2ManifestName: rule('^[A-Za-z0-9-]*$', 'use letters, digits and `-` only (no `_`: MediaPackage v2 manifest names allow none)'),
  timestamp: rule(
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$',
    'use an ISO 8601 time with a zone, such as `2025-01-01T00:00:00Z`'
  ),
  region: rule(`^${REGION}$`, 'use an AWS Region name such as `us-west-2` or `eu-central-1`'),
  originShieldRegion: rule(`^(none|${REGION})$`, 'use an AWS Region name such as `us-west-2`, or `none` to turn Origin Shield off'),
  cidr: rule(`^(${IPV4}(/(3[0-2]|[12]?[0-9]))?|${IPV6}(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$`, 'use an IP address or CIDR block such as `198.51.100.0/24`'),
  // CloudFront reads certificates from us-east-1 only, whatever the Region of the rest.
  cloudFrontCertificateArn: rule(
    '^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9A-Za-z-]+$',
    'use an ACM certificate in us-east-1 (CloudFront takes certificates from us-east-1 only), ' + 'like `arn:aws:acm:us-east-1:123456789012:certificate/…`'
  ),
  acmCertificateArn: rule(
    '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9A-Za-z-]+$',
    'use an ACM certificate ARN like `arn:aws:acm:us-west-2:123456789012:certificate/…`'
  ),
  iamRoleArn: rule(
    '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[0-9A-Za-z+=,.@_/-]+$',
    'use an IAM role ARN like `arn:aws:iam::123456789012:role/MediaPackageCdnAuth`'
  ),
  secret: rule(
    '^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?[0-9A-Za-z/_+=.@-]{1,512}$',
    'use a Secrets Manager secret name (letters, digits and `/_+=.@-`) or its ARN'
  ),
  domainName: rule(
    '^(\\*\\.)?([0-9A-Za-z]([0-9A-Za-z-]{0,61}[0-9A-Za-z])?\\.)+[A-Za-z][0-9A-Za-z-]{0,62}$',
    'use a domain name such as `live.example.com` (a leading `*.` is allowed)'
  ),
  webAclId: rule(
    `^(arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/[0-9A-Za-z_-]+/${UUID}|${UUID})$`,
    'use the ARN of a WAF web ACL with CloudFront scope (`arn:aws:wafv2:us-east-1:…:global/webacl/…`)'
  ),
  httpUrl: rule('^https?://[^\\s]+$', 'use an http(s) URL'),
  systemId: rule(`^${UUID}$`, 'use a DRM system ID, a UUID such as `edef8ba9-79d6-4ace-a3c8-27dcd51d21ed`'),
  initializationVector: rule('^[0-9a-fA-F]{32}$', 'use 32 hexadecimal characters (a 128-bit value)'),
  // AWS tag rules: no `aws:` prefix; letters, digits, spaces and `_.:/=+-@`.
  tagKey: rule('^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$', 'use letters, digits, spaces and `_.:/=+-@`, 1–128 characters, not starting with `aws:`'),
  tagValue: rule('^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$', 'use letters, digits, spaces and `_.:/=+-@`, up to 256 characters')
} as const

/** The words for a broken pattern, found by the pattern ajv reports. */
export function allowedByPattern(pattern: string): string | undefined {
  return Object.values(STRING_RULES).find((r) => r.pattern === pattern)?.allowed
}

// ---- small builders, so each key reads as one line ------------------------------------------------

type Options = { description: string } & Record<string, unknown>

/** A string enum as JSON Schema `enum` (not TypeBox's anyOf of consts, whose errors read badly). */
function enumOf<const T extends readonly string[]>(values: T, options: Options) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

function text(options: Options & { rule?: StringRule; maxLength?: number }) {
  const { rule: r, ...rest } = options
  return Type.String({ minLength: 1, ...(r && { pattern: r.pattern }), ...rest })
}

/** Free text a person may also clear by writing `""`. */
function prose(description: string, maxLength?: number) {
  return Type.String({ ...(maxLength !== undefined && { maxLength }), description })
}

/** Whole seconds: the API takes integers, and a negative duration means nothing. */
function seconds(description: string, maximum?: number) {
  return Type.Integer({ minimum: 0, ...(maximum !== undefined && { maximum }), description })
}

function flag(description: string) {
  return Type.Boolean({ description })
}

function closedObject<T extends Parameters<typeof Type.Object>[0]>(properties: T, options: Options) {
  return Type.Object(properties, { ...options, additionalProperties: false })
}

const resourceId = (description: string) => text({ rule: STRING_RULES.resourceId, maxLength: 256, description })

const tags = (description: string) =>
  Type.Unsafe<Record<string, string>>({
    type: 'object',
    description,
    maxProperties: 50,
    propertyNames: { minLength: 1, maxLength: 128, pattern: STRING_RULES.tagKey.pattern },
    additionalProperties: { type: 'string', maxLength: 256, pattern: STRING_RULES.tagValue.pattern }
  })

// ---- enums: the MediaPackage v1 values, checked against the SDK typings in test/unit/manifest ------

export const AD_MARKERS = ['NONE', 'SCTE35_ENHANCED', 'PASSTHROUGH', 'DATERANGE'] as const
export const AD_TRIGGERS = [
  'SPLICE_INSERT',
  'BREAK',
  'PROVIDER_ADVERTISEMENT',
  'DISTRIBUTOR_ADVERTISEMENT',
  'PROVIDER_PLACEMENT_OPPORTUNITY',
  'DISTRIBUTOR_PLACEMENT_OPPORTUNITY',
  'PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY',
  'DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY'
] as const
export const ADS_ON_DELIVERY_RESTRICTIONS = ['NONE', 'RESTRICTED', 'UNRESTRICTED', 'BOTH'] as const
export const PLAYLIST_TYPES = ['NONE', 'EVENT', 'VOD'] as const
export const HLS_ENCRYPTION_METHODS = ['AES_128', 'SAMPLE_AES'] as const
export const CMAF_ENCRYPTION_METHODS = ['SAMPLE_AES', 'AES_CTR'] as const
export const PRESETS_SPEKE20_AUDIO = ['PRESET-AUDIO-1', 'PRESET-AUDIO-2', 'PRESET-AUDIO-3', 'SHARED', 'UNENCRYPTED'] as const
export const PRESETS_SPEKE20_VIDEO = [
  'PRESET-VIDEO-1',
  'PRESET-VIDEO-2',
  'PRESET-VIDEO-3',
  'PRESET-VIDEO-4',
  'PRESET-VIDEO-5',
  'PRESET-VIDEO-6',
  'PRESET-VIDEO-7',
  'PRESET-VIDEO-8',
  'SHARED',
  'UNENCRYPTED'
] as const
export const STREAM_ORDERS = ['ORIGINAL', 'VIDEO_BITRATE_ASCENDING', 'VIDEO_BITRATE_DESCENDING'] as const
export const MANIFEST_LAYOUTS = ['FULL', 'COMPACT', 'DRM_TOP_LEVEL_COMPACT'] as const
export const DASH_PROFILES = ['NONE', 'HBBTV_1_5', 'HYBRIDCAST', 'DVB_DASH_2014'] as const
export const PERIOD_TRIGGERS = ['ADS'] as const
export const SEGMENT_TEMPLATE_FORMATS = ['NUMBER_WITH_TIMELINE', 'TIME_WITH_TIMELINE', 'NUMBER_WITH_DURATION'] as const
export const UTC_TIMINGS = ['NONE', 'HTTP-HEAD', 'HTTP-ISO', 'HTTP-XSDATE'] as const
export const ORIGINATIONS = ['ALLOW', 'DENY'] as const

/** Whether a channel or endpoint should exist: `absent` retires it (apply deletes it when allow-delete is true). */
export const RESOURCE_STATES = ['present', 'absent'] as const
export type ResourceState = (typeof RESOURCE_STATES)[number]

export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const
export const HTTP_VERSIONS = ['http1.1', 'http2', 'http3', 'http2and3'] as const
/** TLSv1.2_2021 or later: older CloudFront security policies allow ciphers we do not want to offer. */
export const MINIMUM_PROTOCOL_VERSIONS = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'] as const

// ---- shared MediaPackage pieces -----------------------------------------------------------------

const adTriggers = Type.Array(enumOf(AD_TRIGGERS, { description: 'An SCTE-35 message type treated as an ad marker.' }), {
  uniqueItems: true,
  description: 'SCTE-35 message types treated as ad markers in the output. Empty: no ad markers.'
})

const adsOnDeliveryRestrictions = enumOf(ADS_ON_DELIVERY_RESTRICTIONS, {
  description:
    'Which SCTE-35 messages of the ad-triggers types become ads, by their delivery restriction flags: ' + 'NONE (none), RESTRICTED, UNRESTRICTED or BOTH.'
})

const adMarkers = enumOf(AD_MARKERS, {
  description:
    'How ad markers appear in the manifest. NONE omits SCTE-35 markers, PASSTHROUGH copies them from the input, ' +
    'SCTE35_ENHANCED generates markers and blackout tags, DATERANGE inserts EXT-X-DATERANGE tags ' +
    '(needs program-date-time-interval-seconds above 0).'
})

const playlistType = enumOf(PLAYLIST_TYPES, {
  description: 'The HLS playlist type; EVENT or VOD add an EXT-X-PLAYLIST-TYPE entry to the media playlist.'
})

const programDateTimeInterval = seconds('Seconds between EXT-X-PROGRAM-DATE-TIME tags (and ID3 timed metadata every 5 s). Unset or 0: none.')

export const StreamSelectionSchema = closedObject(
  {
    'max-video-bits-per-second': Type.Optional(Type.Integer({ minimum: 0, description: 'The maximum video bitrate (bps) to include in the output.' })),
    'min-video-bits-per-second': Type.Optional(Type.Integer({ minimum: 0, description: 'The minimum video bitrate (bps) to include in the output.' })),
    'stream-order': Type.Optional(enumOf(STREAM_ORDERS, { description: 'The order of the streams in the output.' }))
  },
  { description: 'Which streams to include in the output, and in what order.' }
)

export const EncryptionContractConfigurationSchema = closedObject(
  {
    'preset-speke20-audio': enumOf(PRESETS_SPEKE20_AUDIO, { description: 'The SPEKE 2.0 audio encryption preset.' }),
    'preset-speke20-video': enumOf(PRESETS_SPEKE20_VIDEO, { description: 'The SPEKE 2.0 video encryption preset.' })
  },
  {
    description: 'SPEKE 2.0 content keys for audio and video (DASH and CMAF). Needs key-rotation-interval-seconds: 0.'
  }
)

const spekeKeyProviderFields = {
  'certificate-arn': Type.Optional(
    text({
      rule: STRING_RULES.acmCertificateArn,
      description: 'ACM certificate MediaPackage uses for end-to-end secure transfer with the key provider.'
    })
  ),
  'resource-id': text({ description: 'The resource ID to include in key requests.' }),
  'role-arn': text({
    rule: STRING_RULES.iamRoleArn,
    description: 'IAM role MediaPackage assumes to reach the key provider.'
  }),
  'system-ids': Type.Array(text({ rule: STRING_RULES.systemId, description: 'A DRM system ID.' }), {
    minItems: 1,
    uniqueItems: true,
    description: 'The DRM system IDs to include in key requests.'
  }),
  url: text({ rule: STRING_RULES.httpUrl, description: 'The URL of the SPEKE key provider service.' })
}

/** SPEKE 2.0 (an encryption contract) is for DASH and CMAF only, so HLS and MSS get the key provider without it. */
export const SpekeKeyProviderSchema = closedObject(
  { ...spekeKeyProviderFields, 'encryption-contract-configuration': Type.Optional(EncryptionContractConfigurationSchema) },
  { description: 'The SPEKE key provider that supplies the encryption keys (SPEKE 1.0, or 2.0 with an encryption contract).' }
)

export const Speke10KeyProviderSchema = closedObject(spekeKeyProviderFields, {
  description: 'The SPEKE key provider that supplies the encryption keys.'
})

const keyRotationInterval = seconds('Seconds between encryption key rotations. 0 turns rotation off.')

// ---- packagings ----------------------------------------------------------------------------------

export const HlsEncryptionSchema = closedObject(
  {
    'constant-initialization-vector': Type.Optional(
      text({
        rule: STRING_RULES.initializationVector,
        description: 'A constant initialization vector (32 hex characters). Unset: the IV rotates.'
      })
    ),
    'encryption-method': Type.Optional(enumOf(HLS_ENCRYPTION_METHODS, { description: 'The encryption method.' })),
    'key-rotation-interval-seconds': Type.Optional(keyRotationInterval),
    'repeat-ext-x-key': Type.Optional(flag('Repeat the EXT-X-KEY tag in output manifests.')),
    'speke-key-provider': Speke10KeyProviderSchema
  },
  { description: 'HLS encryption.' }
)

export const HlsPackageSchema = closedObject(
  {
    'ad-markers': Type.Optional(adMarkers),
    'ad-triggers': Type.Optional(adTriggers),
    'ads-on-delivery-restrictions': Type.Optional(adsOnDeliveryRestrictions),
    encryption: Type.Optional(HlsEncryptionSchema),
    'include-dvb-subtitles': Type.Optional(flag('Pass DVB subtitles through to the output.')),
    'include-iframe-only-stream': Type.Optional(flag('Include an I-frame-only stream in the output.')),
    'playlist-type': Type.Optional(playlistType),
    'playlist-window-seconds': Type.Optional(seconds('Time window (seconds) of each parent manifest.')),
    'program-date-time-interval-seconds': Type.Optional(programDateTimeInterval),
    'segment-duration-seconds': Type.Optional(seconds('Duration (seconds) of each segment, rounded to a multiple of the source segment duration.')),
    'stream-selection': Type.Optional(StreamSelectionSchema),
    'use-audio-rendition-group': Type.Optional(flag('Place audio streams in rendition groups in the output.'))
  },
  { description: 'HTTP Live Streaming (HLS) packaging.' }
)

export const DashEncryptionSchema = closedObject(
  {
    'key-rotation-interval-seconds': Type.Optional(keyRotationInterval),
    'speke-key-provider': SpekeKeyProviderSchema
  },
  { description: 'DASH encryption.' }
)

export const DashPackageSchema = closedObject(
  {
    'ad-triggers': Type.Optional(adTriggers),
    'ads-on-delivery-restrictions': Type.Optional(adsOnDeliveryRestrictions),
    encryption: Type.Optional(DashEncryptionSchema),
    'include-iframe-only-stream': Type.Optional(flag('Include an I-frame-only stream in the output.')),
    'manifest-layout': Type.Optional(
      enumOf(MANIFEST_LAYOUTS, {
        description:
          'Where SegmentTemplate and ContentProtection go in the MPD: FULL (each Representation), ' +
          'COMPACT (AdaptationSet), DRM_TOP_LEVEL_COMPACT (content protection at MPD level).'
      })
    ),
    'manifest-window-seconds': Type.Optional(seconds('Time window (seconds) of each manifest.')),
    'min-buffer-time-seconds': Type.Optional(seconds('Minimum time (seconds) a player buffers before starting the presentation.')),
    'min-update-period-seconds': Type.Optional(seconds('Minimum time (seconds) between potential changes to the MPD.')),
    'period-triggers': Type.Optional(
      Type.Array(enumOf(PERIOD_TRIGGERS, { description: 'ADS: start a new period at SCTE-35 ad markers.' }), {
        uniqueItems: true,
        description: 'What splits the MPD into periods. Empty: one period.'
      })
    ),
    profile: Type.Optional(enumOf(DASH_PROFILES, { description: 'The DASH profile.' })),
    'segment-duration-seconds': Type.Optional(seconds('Duration (seconds) of each segment, rounded to a multiple of the source segment duration.')),
    'segment-template-format': Type.Optional(enumOf(SEGMENT_TEMPLATE_FORMATS, { description: 'The type of SegmentTemplate in the MPD.' })),
    'stream-selection': Type.Optional(StreamSelectionSchema),
    'suggested-presentation-delay-seconds': Type.Optional(seconds('Delay (seconds) players should apply to live content before presenting it.')),
    'utc-timing': Type.Optional(enumOf(UTC_TIMINGS, { description: 'The type of UTCTiming in the MPD.' })),
    'utc-timing-uri': Type.Optional(text({ description: 'The value of the UTCTiming element, for HTTP-HEAD, HTTP-ISO and HTTP-XSDATE.' }))
  },
  { description: 'Dynamic Adaptive Streaming over HTTP (DASH) packaging.' }
)

export const HlsManifestSchema = closedObject(
  {
    'ad-markers': Type.Optional(adMarkers),
    'ad-triggers': Type.Optional(adTriggers),
    'ads-on-delivery-restrictions': Type.Optional(adsOnDeliveryRestrictions),
    id: resourceId('The manifest ID, unique within the endpoint; it cannot change after creation.'),
    'include-iframe-only-stream': Type.Optional(flag('Include an I-frame-only stream in the output.')),
    'manifest-name': Type.Optional(text({ description: 'A short string appended to the endpoint URL. Unset: the endpoint manifest-name.' })),
    'playlist-type': Type.Optional(playlistType),
    'playlist-window-seconds': Type.Optional(seconds('Time window (seconds) of each parent manifest.')),
    'program-date-time-interval-seconds': Type.Optional(programDateTimeInterval)
  },
  { description: 'An HLS manifest of a CMAF endpoint.' }
)

export const CmafEncryptionSchema = closedObject(
  {
    'constant-initialization-vector': Type.Optional(
      text({
        rule: STRING_RULES.initializationVector,
        description: 'A constant initialization vector (32 hex characters). Unset: MediaPackage creates one.'
      })
    ),
    'encryption-method': Type.Optional(enumOf(CMAF_ENCRYPTION_METHODS, { description: 'The encryption method.' })),
    'key-rotation-interval-seconds': Type.Optional(keyRotationInterval),
    'speke-key-provider': SpekeKeyProviderSchema
  },
  { description: 'CMAF encryption.' }
)

export const CmafPackageSchema = closedObject(
  {
    encryption: Type.Optional(CmafEncryptionSchema),
    // Required here (optional in the API): a CMAF endpoint without HLS manifests serves nothing.
    'hls-manifests': Type.Array(HlsManifestSchema, {
      minItems: 1,
      description: 'The HLS manifests that serve the CMAF segments; at least one.'
    }),
    'segment-duration-seconds': Type.Optional(seconds('Duration (seconds) of each segment, rounded to a multiple of the source segment duration.')),
    'segment-prefix': Type.Optional(text({ description: 'A string prepended to each segment name. Unset: the channel ID.' })),
    'stream-selection': Type.Optional(StreamSelectionSchema)
  },
  { description: 'Common Media Application Format (CMAF) packaging, served through HLS manifests.' }
)

export const MssEncryptionSchema = closedObject({ 'speke-key-provider': Speke10KeyProviderSchema }, { description: 'Microsoft Smooth Streaming encryption.' })

export const MssPackageSchema = closedObject(
  {
    encryption: Type.Optional(MssEncryptionSchema),
    'manifest-window-seconds': Type.Optional(seconds('Time window (seconds) of each manifest.')),
    'segment-duration-seconds': Type.Optional(seconds('Duration (seconds) of each segment.')),
    'stream-selection': Type.Optional(StreamSelectionSchema)
  },
  { description: 'Microsoft Smooth Streaming (MSS) packaging.' }
)

// ---- endpoint, distribution, channel, manifest -------------------------------------------------

export const EndpointSchema = closedObject(
  {
    id: resourceId('The endpoint ID: unique across the manifest (and the Region); it cannot change after creation.'),
    state: Type.Optional(
      enumOf(RESOURCE_STATES, {
        description:
          '`absent` retires the endpoint: apply deletes it (needs the allow-delete input) while the channel and its distribution stay. Unset: present.'
      })
    ),
    description: Type.Optional(prose('A short description of the endpoint.')),
    'manifest-name': Type.Optional(text({ description: 'A short string used as the file name of the endpoint URL. Unset: `index`.' })),
    // 14 days: the longest time-shift MediaPackage v1 keeps.
    'startover-window-seconds': Type.Optional(seconds('Maximum duration (seconds) of content kept for startover playback. Unset: no startover.', 1_209_600)),
    'time-delay-seconds': Type.Optional(
      seconds('Delay (seconds) applied to the playback of live content; shorter than startover-window-seconds. Unset: none.', 86_400)
    ),
    whitelist: Type.Optional(
      Type.Array(text({ rule: STRING_RULES.cidr, description: 'An allowed source IP CIDR block.' }), {
        uniqueItems: true,
        description: 'Source IP CIDR blocks allowed to reach the endpoint. Unset: any.'
      })
    ),
    origination: Type.Optional(enumOf(ORIGINATIONS, { description: 'ALLOW playback from the endpoint, or DENY it (e.g. harvest only).' })),
    tags: Type.Optional(tags('Tags of the endpoint: string keys to string values.')),
    hls: Type.Optional(HlsPackageSchema),
    dash: Type.Optional(DashPackageSchema),
    cmaf: Type.Optional(CmafPackageSchema),
    mss: Type.Optional(MssPackageSchema)
  },
  {
    description: 'A MediaPackage origin endpoint, with exactly one of hls, dash, cmaf or mss (none when it is `state: absent`).',
    oneOf: [
      ...PACKAGINGS.map((packaging) => ({ required: [packaging] })),
      // A retired endpoint is deleted whatever its packaging, so it may leave the packaging out.
      {
        description: 'An endpoint with `state: absent` needs no packaging.',
        type: 'object',
        required: ['state'],
        properties: { state: { const: 'absent' } },
        not: { anyOf: PACKAGINGS.map((packaging) => ({ required: [packaging] })) }
      }
    ]
  }
)

export const DistributionSchema = closedObject(
  {
    comment: Type.Optional(prose('The distribution comment (up to 128 characters).', 128)),
    enabled: Type.Optional(flag('Whether the distribution serves requests.')),
    'price-class': Type.Optional(enumOf(PRICE_CLASSES, { description: 'Which edge locations serve the content, by price class.' })),
    aliases: Type.Optional(
      Type.Array(text({ rule: STRING_RULES.domainName, maxLength: 253, description: 'A custom domain name.' }), {
        uniqueItems: true,
        maxItems: 100,
        description: 'Custom domain names (CNAMEs). Needs certificate-arn.'
      })
    ),
    'certificate-arn': Type.Optional(
      text({
        rule: STRING_RULES.cloudFrontCertificateArn,
        description: 'ACM certificate (in us-east-1) for the aliases, served with SNI.'
      })
    ),
    'minimum-protocol-version': Type.Optional(
      enumOf(MINIMUM_PROTOCOL_VERSIONS, {
        description: 'The minimum TLS security policy for viewers of the aliases (TLSv1.2_2021 or later).'
      })
    ),
    'http-version': Type.Optional(enumOf(HTTP_VERSIONS, { description: 'The highest HTTP version viewers may use.' })),
    ipv6: Type.Optional(flag('Whether the distribution answers over IPv6.')),
    'web-acl-id': Type.Optional(text({ rule: STRING_RULES.webAclId, description: 'The AWS WAF web ACL (CloudFront scope) that protects the distribution.' })),
    'origin-shield-region': Type.Optional(
      text({
        rule: STRING_RULES.originShieldRegion,
        description:
          'Turns Origin Shield on in this Region (usually the MediaPackage Region); `none` turns it off. Unset: left as it is (a person may have set it in the console).'
      })
    ),
    'error-caching-min-ttl': Type.Optional(seconds('How long (seconds) CloudFront caches origin error responses.', 31_536_000)),
    'retain-on-delete': Type.Optional(
      flag('When the channel is retired (`state: absent`): disable the distribution and keep it, with its tag, instead of deleting it. Unset: false.')
    )
  },
  {
    description: 'The CloudFront distribution of the channel. Unset keys follow CloudFront guidance for MediaPackage.',
    // CloudFront refuses custom domain names without a certificate that covers them.
    dependencies: { aliases: ['certificate-arn'] }
  }
)

export const CdnAuthorizationSchema = closedObject(
  {
    // secret and role-arn are required unless enabled is false: a relation rules.ts checks, so the
    // schema (and an editor) need no conditional.
    enabled: Type.Optional(
      flag('false turns CDN authorization off for every endpoint, through the same no-outage transition; secret and role-arn are then not needed. Unset: true.')
    ),
    secret: Type.Optional(
      text({
        rule: STRING_RULES.secret,
        description:
          'Secrets Manager secret (name or ARN, same account and Region as MediaPackage) holding MediaPackageCDNIdentifier. Required unless enabled is false.'
      })
    ),
    'role-arn': Type.Optional(
      text({
        rule: STRING_RULES.iamRoleArn,
        description: 'IAM role that lets MediaPackage read the secret. Required unless enabled is false.'
      })
    ),
    'create-secret': Type.Optional(flag('Create the secret with a random UUID when it does not exist. Unset: false.'))
  },
  {
    description: 'MediaPackage CDN authorization: only the distribution may pull from the endpoints. Leave the key out to leave CDN authorization as it is.'
  }
)

export const ChannelSchema = closedObject(
  {
    id: resourceId('The MediaPackage channel ID: unique in the manifest; it cannot change after creation.'),
    state: Type.Optional(
      enumOf(RESOURCE_STATES, {
        description:
          '`absent` retires the channel: apply deletes its distribution (disabled first), then every endpoint of the channel, named here or not, then the channel. Needs the allow-delete input. Unset: present.'
      })
    ),
    description: Type.Optional(prose('A short description of the channel.')),
    tags: Type.Optional(tags('Tags of the channel: string keys to string values.')),
    'cdn-authorization': Type.Optional(CdnAuthorizationSchema),
    endpoints: Type.Optional(Type.Array(EndpointSchema, { description: 'The origin endpoints of the channel. None is valid.' })),
    distribution: Type.Optional(DistributionSchema)
  },
  { description: 'A MediaPackage channel, its origin endpoints and its CloudFront distribution.' }
)

// ---- MediaPackage v2: channel groups, channels, origin endpoints ---------------------------------
//
// Keys are the kebab-case of the MediaPackage v2 API fields (@aws-sdk/client-mediapackagev2 3.699.0),
// with four renames a person reads more easily: ContainerType → container, ManifestName → name,
// Segment.SegmentDurationSeconds → segment.duration-seconds, Segment.SegmentName → segment.name.

export const V2_INPUT_TYPES = ['HLS', 'CMAF'] as const
export const V2_CONTAINER_TYPES = ['TS', 'CMAF'] as const
export const V2_SCTE_FILTERS = [
  'SPLICE_INSERT',
  'BREAK',
  'PROVIDER_ADVERTISEMENT',
  'DISTRIBUTOR_ADVERTISEMENT',
  'PROVIDER_PLACEMENT_OPPORTUNITY',
  'DISTRIBUTOR_PLACEMENT_OPPORTUNITY',
  'PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY',
  'DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY',
  'PROGRAM'
] as const
export const V2_TS_ENCRYPTION_METHODS = ['AES_128', 'SAMPLE_AES'] as const
export const V2_CMAF_ENCRYPTION_METHODS = ['CENC', 'CBCS'] as const
export const V2_DRM_SYSTEMS = ['CLEAR_KEY_AES_128', 'FAIRPLAY', 'PLAYREADY', 'WIDEVINE', 'IRDETO'] as const
export const V2_AD_MARKERS_HLS = ['DATERANGE'] as const
export const V2_AD_MARKERS_DASH = ['BINARY', 'XML'] as const
export const V2_DASH_SEGMENT_TEMPLATE_FORMATS = ['NUMBER_WITH_TIMELINE'] as const
export const V2_DASH_PERIOD_TRIGGERS = ['AVAILS', 'DRM_KEY_ROTATION', 'SOURCE_CHANGES', 'SOURCE_DISRUPTIONS', 'NONE'] as const
export const V2_DASH_DRM_SIGNALING = ['INDIVIDUAL', 'REFERENCED'] as const
export const V2_DASH_UTC_TIMING_MODES = ['HTTP_HEAD', 'HTTP_ISO', 'HTTP_XSDATE', 'UTC_DIRECT'] as const
export const V2_ENDPOINT_ERROR_CONDITIONS = ['STALE_MANIFEST', 'INCOMPLETE_MANIFEST', 'MISSING_DRM_KEY', 'SLATE_INPUT'] as const

const v2Name = (description: string) => text({ rule: STRING_RULES.v2Name, maxLength: 256, description })
const v2ManifestName = (description: string) => text({ rule: STRING_RULES.v2ManifestName, maxLength: 256, description })
const v2Description = (description: string) => prose(description, 1024)
const timestamp = (description: string) => text({ rule: STRING_RULES.timestamp, description })

export const V2EncryptionSchema = closedObject(
  {
    'constant-initialization-vector': Type.Optional(
      text({ rule: STRING_RULES.initializationVector, description: 'A constant initialization vector (32 hex characters). Unset: MediaPackage makes one.' })
    ),
    'encryption-method': closedObject(
      {
        'ts-encryption-method': Type.Optional(enumOf(V2_TS_ENCRYPTION_METHODS, { description: 'The method for TS containers.' })),
        'cmaf-encryption-method': Type.Optional(enumOf(V2_CMAF_ENCRYPTION_METHODS, { description: 'The method for CMAF containers.' }))
      },
      { description: 'How segments are encrypted: ts-encryption-method for a TS container, cmaf-encryption-method for CMAF.' }
    ),
    'key-rotation-interval-seconds': Type.Optional(
      Type.Integer({ minimum: 300, maximum: 31_536_000, description: 'Seconds between key rotations (300–31,536,000). Unset: no rotation.' })
    ),
    'speke-key-provider': closedObject(
      {
        'encryption-contract-configuration': closedObject(
          {
            'preset-speke20-audio': enumOf(PRESETS_SPEKE20_AUDIO, { description: 'The SPEKE 2.0 audio encryption preset.' }),
            'preset-speke20-video': enumOf(PRESETS_SPEKE20_VIDEO, { description: 'The SPEKE 2.0 video encryption preset.' })
          },
          { description: 'The SPEKE 2.0 encryption contract: which keys audio and video get.' }
        ),
        'resource-id': text({ maxLength: 256, description: 'The resource ID to include in key requests.' }),
        'drm-systems': Type.Array(enumOf(V2_DRM_SYSTEMS, { description: 'A DRM system.' }), {
          minItems: 1,
          maxItems: 4,
          uniqueItems: true,
          description: 'The DRM systems to include in key requests (1–4).'
        }),
        'role-arn': text({ rule: STRING_RULES.iamRoleArn, description: 'IAM role MediaPackage assumes to reach the key provider.' }),
        url: text({ rule: STRING_RULES.httpUrl, description: 'The URL of the SPEKE 2.0 key provider.' })
      },
      { description: 'The SPEKE 2.0 key provider that supplies the content keys.' }
    )
  },
  { description: 'Segment encryption with a SPEKE 2.0 key provider.' }
)

export const V2SegmentSchema = closedObject(
  {
    'duration-seconds': Type.Optional(Type.Integer({ minimum: 1, maximum: 30, description: 'Duration (seconds) of each segment, 1–30. Unset: 6.' })),
    name: Type.Optional(v2Name('The name of each segment file. Unset: `segment`.')),
    'ts-use-audio-rendition-group': Type.Optional(flag('TS: put audio streams in rendition groups.')),
    'include-iframe-only-streams': Type.Optional(flag('Include I-frame-only streams in the output.')),
    'ts-include-dvb-subtitles': Type.Optional(flag('TS: pass DVB subtitles through.')),
    scte: Type.Optional(
      closedObject(
        {
          'scte-filter': Type.Optional(
            Type.Array(enumOf(V2_SCTE_FILTERS, { description: 'An SCTE-35 message type.' }), {
              uniqueItems: true,
              description: 'The SCTE-35 message types kept in the output.'
            })
          )
        },
        { description: 'SCTE-35 handling in segments.' }
      )
    ),
    encryption: Type.Optional(V2EncryptionSchema)
  },
  { description: 'How the endpoint cuts and encrypts segments.' }
)

export const V2FilterConfigurationSchema = closedObject(
  {
    'manifest-filter': Type.Optional(text({ maxLength: 1024, description: 'Which streams the manifest lists, as an aws.manifestfilter expression.' })),
    start: Type.Optional(timestamp('Start of the content the manifest serves (ISO 8601, e.g. 2025-01-01T00:00:00Z).')),
    end: Type.Optional(timestamp('End of the content the manifest serves (ISO 8601).')),
    'time-delay-seconds': Type.Optional(seconds('Delay (seconds) applied to the live content, 0–1,209,600: a time-delayed manifest.', 1_209_600)),
    'clip-start-time': Type.Optional(timestamp('Earliest time of the content (ISO 8601); not with start or end.'))
  },
  { description: 'Filters applied to the manifest: streams, a time window, a delay.' }
)

const v2HlsManifestFields = {
  name: v2ManifestName('The manifest name: letters, digits and `-`; the URL ends in `<name>.m3u8`. Unique among the HLS and LL-HLS manifests.'),
  'child-manifest-name': Type.Optional(v2ManifestName('The name of the child (media) manifests. Unset: the manifest name.')),
  'scte-hls': Type.Optional(
    closedObject(
      { 'ad-marker-hls': Type.Optional(enumOf(V2_AD_MARKERS_HLS, { description: 'DATERANGE: EXT-X-DATERANGE tags for ads.' })) },
      { description: 'SCTE-35 ad markers in the manifest.' }
    )
  ),
  'start-tag': Type.Optional(
    closedObject(
      {
        'time-offset': Type.Number({ description: 'EXT-X-START TIME-OFFSET (seconds; negative counts from the live edge).' }),
        precise: Type.Optional(flag('EXT-X-START PRECISE=YES.'))
      },
      { description: 'An EXT-X-START tag: where players start.' }
    )
  ),
  'manifest-window-seconds': Type.Optional(Type.Integer({ minimum: 30, description: 'Time window (seconds, at least 30) of the manifest.' })),
  'program-date-time-interval-seconds': Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_209_600, description: 'Seconds between EXT-X-PROGRAM-DATE-TIME tags. Unset: none.' })
  ),
  'filter-configuration': Type.Optional(V2FilterConfigurationSchema)
}

export const V2HlsManifestSchema = closedObject(v2HlsManifestFields, { description: 'An HLS manifest of the endpoint.' })
export const V2LowLatencyHlsManifestSchema = closedObject(v2HlsManifestFields, { description: 'A low-latency HLS manifest of the endpoint.' })

export const V2DashManifestSchema = closedObject(
  {
    name: v2ManifestName('The manifest name: letters, digits and `-`; the URL ends in `<name>.mpd`. Unique among the DASH manifests.'),
    'manifest-window-seconds': Type.Optional(Type.Integer({ minimum: 30, description: 'Time window (seconds, at least 30) of the manifest.' })),
    'filter-configuration': Type.Optional(V2FilterConfigurationSchema),
    'min-update-period-seconds': Type.Optional(Type.Integer({ minimum: 1, description: 'Minimum time (seconds) between MPD updates.' })),
    'min-buffer-time-seconds': Type.Optional(seconds('Minimum time (seconds) a player buffers before playing.')),
    'suggested-presentation-delay-seconds': Type.Optional(seconds('Delay (seconds) players should keep from the live edge.')),
    'segment-template-format': Type.Optional(enumOf(V2_DASH_SEGMENT_TEMPLATE_FORMATS, { description: 'The SegmentTemplate type.' })),
    'period-triggers': Type.Optional(
      Type.Array(enumOf(V2_DASH_PERIOD_TRIGGERS, { description: 'An event that starts a new period.' }), {
        uniqueItems: true,
        description: 'What starts a new period; NONE alone for one period.'
      })
    ),
    'scte-dash': Type.Optional(
      closedObject(
        { 'ad-marker-dash': Type.Optional(enumOf(V2_AD_MARKERS_DASH, { description: 'How SCTE-35 markers appear: BINARY or XML.' })) },
        { description: 'SCTE-35 ad markers in the MPD.' }
      )
    ),
    'drm-signaling': Type.Optional(enumOf(V2_DASH_DRM_SIGNALING, { description: 'DRM signaling: INDIVIDUAL (each representation) or REFERENCED.' })),
    'utc-timing': Type.Optional(
      closedObject(
        {
          'timing-mode': Type.Optional(enumOf(V2_DASH_UTC_TIMING_MODES, { description: 'The UTCTiming scheme.' })),
          'timing-source': Type.Optional(text({ maxLength: 1024, description: 'The UTCTiming source URL (not with UTC_DIRECT).' }))
        },
        { description: 'The MPD UTCTiming element.' }
      )
    )
  },
  { description: 'A DASH manifest of the endpoint (CMAF containers only).' }
)

const V2_CONTAINER_DESCRIPTION = 'The segment container: TS or CMAF. It cannot change after creation. Required unless the endpoint is `state: absent`.'

export const V2EndpointSchema = closedObject(
  {
    id: v2Name('The origin endpoint name: unique in its channel; it cannot change after creation.'),
    state: Type.Optional(
      enumOf(RESOURCE_STATES, {
        description:
          '`absent` retires the endpoint: apply deletes it, and its endpoint policy with it (needs the allow-delete input), while the channel and its distribution stay. Unset: present.'
      })
    ),
    description: Type.Optional(v2Description('A short description of the endpoint (up to 1,024 characters).')),
    tags: Type.Optional(tags('Tags of the endpoint: string keys to string values.')),
    container: Type.Optional(enumOf(V2_CONTAINER_TYPES, { description: V2_CONTAINER_DESCRIPTION })),
    segment: Type.Optional(V2SegmentSchema),
    'startover-window-seconds': Type.Optional(seconds('Content kept (seconds, up to 14 days) for startover and time-shift. Unset: none.', 1_209_600)),
    'hls-manifests': Type.Optional(Type.Array(V2HlsManifestSchema, { description: 'HLS manifests.' })),
    'low-latency-hls-manifests': Type.Optional(Type.Array(V2LowLatencyHlsManifestSchema, { description: 'Low-latency HLS manifests.' })),
    'dash-manifests': Type.Optional(Type.Array(V2DashManifestSchema, { description: 'DASH manifests (CMAF containers only).' })),
    'force-endpoint-error-configuration': Type.Optional(
      closedObject(
        {
          'endpoint-error-conditions': Type.Optional(
            Type.Array(enumOf(V2_ENDPOINT_ERROR_CONDITIONS, { description: 'A condition that makes the endpoint answer 404.' }), {
              uniqueItems: true,
              description: 'When the endpoint answers 404 so a CDN fails over (CMAF-input channels only).'
            })
          )
        },
        { description: 'Errors the endpoint forces for cross-Region failover (channels with input-type CMAF).' }
      )
    )
  },
  {
    description: 'A MediaPackage v2 origin endpoint and its manifests (no container needed when it is `state: absent`).',
    // A retired endpoint is deleted whatever its container, so it may leave the container out.
    if: { required: ['state'], properties: { state: { const: 'absent' } } },
    then: {},
    else: { required: ['container'], properties: { container: { description: V2_CONTAINER_DESCRIPTION } } }
  }
)

export const V2ChannelSchema = closedObject(
  {
    id: v2Name('The channel name: unique in its channel group; it cannot change after creation.'),
    state: Type.Optional(
      enumOf(RESOURCE_STATES, {
        description:
          '`absent` retires the channel: apply deletes its distribution (disabled first), then every endpoint of the channel, named here or not, then the channel. Needs the allow-delete input. Unset: present, or absent when its channel group is.'
      })
    ),
    description: Type.Optional(v2Description('A short description of the channel (up to 1,024 characters).')),
    tags: Type.Optional(tags('Tags of the channel: string keys to string values.')),
    'input-type': Type.Optional(enumOf(V2_INPUT_TYPES, { description: 'The ingest format: HLS or CMAF. Unset: HLS. It cannot change after creation.' })),
    'input-switch-configuration': Type.Optional(
      closedObject(
        { 'mqcs-input-switching': Type.Optional(flag('Switch between the two inputs by media quality (MQCS).')) },
        { description: 'How the channel switches inputs (input-type CMAF only).' }
      )
    ),
    'output-header-configuration': Type.Optional(
      closedObject(
        { 'publish-mqcs': Type.Optional(flag('Publish the media quality score in response headers (CMSD).')) },
        { description: 'Headers the endpoints send (input-type CMAF only).' }
      )
    ),
    endpoints: Type.Optional(Type.Array(V2EndpointSchema, { description: 'The origin endpoints of the channel. None is valid.' })),
    distribution: Type.Optional(DistributionSchema)
  },
  { description: 'A MediaPackage v2 channel, its origin endpoints and its CloudFront distribution.' }
)

export const ChannelGroupSchema = closedObject(
  {
    id: v2Name('The channel group name: unique in the account and Region; it cannot change after creation.'),
    state: Type.Optional(
      enumOf(RESOURCE_STATES, {
        description:
          '`absent` retires the group: its channels are retired with it (none of them may say `state: present`), and the group is deleted after the last of them. ' +
          'Every channel the group holds in AWS must be listed here. Needs the allow-delete input. Unset: present.'
      })
    ),
    description: Type.Optional(v2Description('A short description of the channel group (up to 1,024 characters).')),
    tags: Type.Optional(tags('Tags of the channel group: string keys to string values.')),
    channels: Type.Array(V2ChannelSchema, { minItems: 1, description: 'The channels of the group; at least one.' })
  },
  { description: 'A MediaPackage v2 channel group: its channels share one egress domain.' }
)

export const ManifestSchema = closedObject(
  {
    // A bare const (no `type`), so a wrong version gets one message, not two.
    version: Type.Unsafe<1>({ const: 1, description: 'The manifest format version; only 1 exists.' }),
    region: Type.Optional(
      text({
        rule: STRING_RULES.region,
        description: 'The MediaPackage Region. Unset: the aws-region input, else AWS_REGION.'
      })
    ),
    channels: Type.Optional(Type.Array(ChannelSchema, { minItems: 1, description: 'The MediaPackage v1 channels to deploy.' })),
    'channel-groups': Type.Optional(Type.Array(ChannelGroupSchema, { minItems: 1, description: 'The MediaPackage v2 channel groups to deploy.' }))
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'MediaPackage + CloudFront action manifest',
    description:
      'The manifest of the mediapackage-cloudfront action: MediaPackage v1 channels and MediaPackage v2 channel groups, ' +
      'their origin endpoints and one CloudFront distribution per channel.',
    // At least one of the two: a manifest with neither deploys nothing.
    anyOf: [{ required: ['channels'] }, { required: ['channel-groups'] }]
  }
)

export type Manifest = Static<typeof ManifestSchema>
export type ChannelSpec = Static<typeof ChannelSchema>
export type EndpointSpec = Static<typeof EndpointSchema>
export type DistributionSpec = Static<typeof DistributionSchema>
export type CdnAuthorizationSpec = Static<typeof CdnAuthorizationSchema>
export type HlsPackageSpec = Static<typeof HlsPackageSchema>
export type DashPackageSpec = Static<typeof DashPackageSchema>
export type CmafPackageSpec = Static<typeof CmafPackageSchema>
export type MssPackageSpec = Static<typeof MssPackageSchema>
export type HlsManifestSpec = Static<typeof HlsManifestSchema>
export type HlsEncryptionSpec = Static<typeof HlsEncryptionSchema>
export type DashEncryptionSpec = Static<typeof DashEncryptionSchema>
export type CmafEncryptionSpec = Static<typeof CmafEncryptionSchema>
export type MssEncryptionSpec = Static<typeof MssEncryptionSchema>
export type SpekeKeyProviderSpec = Static<typeof SpekeKeyProviderSchema>
export type Speke10KeyProviderSpec = Static<typeof Speke10KeyProviderSchema>
export type StreamSelectionSpec = Static<typeof StreamSelectionSchema>
export type ChannelGroupSpec = Static<typeof ChannelGroupSchema>
export type V2ChannelSpec = Static<typeof V2ChannelSchema>
export type V2EndpointSpec = Static<typeof V2EndpointSchema>
export type V2HlsManifestSpec = Static<typeof V2HlsManifestSchema>
export type V2DashManifestSpec = Static<typeof V2DashManifestSchema>

/** The published JSON Schema file's text: 2-space JSON and a final newline (TypeBox's symbol keys drop out). */
export function manifestSchemaText(): string {
  return `${JSON.stringify(ManifestSchema, null, 2)}\n`
}
