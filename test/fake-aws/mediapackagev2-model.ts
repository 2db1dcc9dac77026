/**
 * MediaPackage v2 resources as the service builds them: name-derived ARNs, the channel group's
 * egress domain, ingest URLs, manifest URLs, the defaults AWS fills in, and the rules it refuses
 * a request by (each with the model's `ValidationExceptionType`).
 */
import type {
  CreateChannelGroupRequest,
  CreateChannelRequest,
  CreateDashManifestConfiguration,
  CreateHlsManifestConfiguration,
  CreateOriginEndpointRequest,
  FilterConfiguration,
  ForceEndpointErrorConfiguration,
  GetDashManifestConfiguration,
  GetHlsManifestConfiguration,
  IngestEndpoint,
  InputSwitchConfiguration,
  OutputHeaderConfiguration,
  Segment
} from '@aws-sdk/client-mediapackagev2'
import { firstViolation, type ConstraintViolation, type StructureShape } from './shape-schema.js'
import { ServiceError } from './service-error.js'

/** A MediaPackage v2 error with the extra members its exception carries (ConflictExceptionType, …). */
export class MediaPackageV2Error extends ServiceError {
  constructor(
    code: string,
    status: number,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {}
  ) {
    super(code, status, message)
  }
}

export type ResourceKind = 'CHANNEL_GROUP' | 'CHANNEL' | 'ORIGIN_ENDPOINT'

export const validationError = (type: string | undefined, message: string) =>
  new MediaPackageV2Error('ValidationException', 400, message, type ? { ValidationExceptionType: type } : {})
export const conflict = (type: string | undefined, message: string) =>
  new MediaPackageV2Error('ConflictException', 409, message, type ? { ConflictExceptionType: type } : {})
export const notFound = (kind: ResourceKind | undefined, message: string) =>
  new MediaPackageV2Error('ResourceNotFoundException', 404, message, kind ? { ResourceTypeNotFound: kind } : {})
export const quotaExceeded = (message: string) => new MediaPackageV2Error('ServiceQuotaExceededException', 402, message)

const VIOLATION_TYPES: Record<ConstraintViolation['rule'], string> = {
  missing: 'MEMBER_MISSING',
  enum: 'MEMBER_INVALID_ENUM_VALUE',
  pattern: 'MEMBER_DOES_NOT_MATCH_PATTERN',
  minLength: 'MEMBER_MIN_LENGTH',
  maxLength: 'MEMBER_MAX_LENGTH',
  minValue: 'MEMBER_MIN_VALUE',
  maxValue: 'MEMBER_MAX_VALUE'
}

/** Refuses what breaks the model's constraints (required, enum, pattern, length, range). */
export function checkInput(shape: StructureShape, input: unknown): void {
  const v = firstViolation(shape, input, '')
  if (v) throw validationError(VIOLATION_TYPES[v.rule], v.message)
}

export interface MssManifestInput {
  ManifestName: string | undefined
  ManifestWindowSeconds?: number
  FilterConfiguration?: FilterConfiguration
  ManifestLayout?: string
}
type MssManifest = MssManifestInput & { Url: string }

/** The endpoint settings Create and Update share; `ContainerType` also takes `ISM`, which the pinned SDK predates. */
export type EndpointSettings = Pick<
  CreateOriginEndpointRequest,
  'Segment' | 'Description' | 'StartoverWindowSeconds' | 'HlsManifests' | 'LowLatencyHlsManifests' | 'DashManifests' | 'ForceEndpointErrorConfiguration'
> & { ContainerType: string | undefined; MssManifests?: MssManifestInput[] }

export type EndpointInput = Omit<CreateOriginEndpointRequest, 'ContainerType'> & EndpointSettings

export interface OriginEndpointRecord {
  Arn: string
  ChannelGroupName: string
  ChannelName: string
  OriginEndpointName: string
  ContainerType: string
  Segment: Segment
  CreatedAt: Date
  ModifiedAt: Date
  Description?: string
  StartoverWindowSeconds?: number
  HlsManifests: GetHlsManifestConfiguration[]
  LowLatencyHlsManifests: GetHlsManifestConfiguration[]
  DashManifests: GetDashManifestConfiguration[]
  MssManifests: MssManifest[]
  ForceEndpointErrorConfiguration?: ForceEndpointErrorConfiguration
  ETag: string
  Tags: Record<string, string>
  /** The resource policy (PutOriginEndpointPolicy), as sent. */
  policy?: string
}

export interface ChannelRecordV2 {
  Arn: string
  ChannelName: string
  ChannelGroupName: string
  CreatedAt: Date
  ModifiedAt: Date
  Description?: string
  IngestEndpoints: IngestEndpoint[]
  InputType: string
  ETag: string
  Tags: Record<string, string>
  InputSwitchConfiguration: InputSwitchConfiguration
  OutputHeaderConfiguration: OutputHeaderConfiguration
  /** Origin endpoints by name, in creation order. */
  endpoints: Map<string, OriginEndpointRecord>
  /** The resource policy (PutChannelPolicy), as sent. */
  policy?: string
}

export interface ChannelGroupRecord {
  ChannelGroupName: string
  Arn: string
  /** The host every endpoint of the group serves from: the CDN's origin domain. */
  EgressDomain: string
  CreatedAt: Date
  ModifiedAt: Date
  Description?: string
  ETag: string
  Tags: Record<string, string>
  /** Channels by name, in creation order. */
  channels: Map<string, ChannelRecordV2>
  /** The two ingest hosts of the group's channels (`…-1.ingest.…`, `…-2.ingest.…`). */
  ingestHosts: readonly [string, string]
}

/** What a record is built with: where and when, and the identifier sources. */
export interface BuildContext {
  region: string
  accountId: string
  now: Date
  etag: () => string
  /** A short random lowercase label, for the egress domain. */
  label: () => string
}

export function groupArn(ctx: Pick<BuildContext, 'region' | 'accountId'>, group: string): string {
  return `arn:aws:mediapackagev2:${ctx.region}:${ctx.accountId}:channelGroup/${group}`
}

/**
 * The group's hosts, shaped as AWS documents them: egress `abcde.egress.xyz.mediapackagev2.<region>.amazonaws.com`
 * (https://docs.aws.amazon.com/mediapackage/latest/userguide/channel-groups.html) and ingest
 * `mz82o4-1.ingest.hnycui.mediapackagev2.<region>.amazonaws.com`
 * (https://docs.aws.amazon.com/medialive/latest/ug/hls-destinations-emp-info-v2.html).
 */
export function newChannelGroup(input: CreateChannelGroupRequest, ctx: BuildContext): ChannelGroupRecord {
  const name = input.ChannelGroupName ?? ''
  const host = ctx.label()
  const cell = ctx.label()
  const domain = (kind: string) => `${kind}.${cell}.mediapackagev2.${ctx.region}.amazonaws.com`
  return {
    ChannelGroupName: name,
    Arn: groupArn(ctx, name),
    EgressDomain: `${host}.${domain('egress')}`,
    CreatedAt: ctx.now,
    ModifiedAt: ctx.now,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ETag: ctx.etag(),
    Tags: { ...(input.Tags ?? {}) },
    channels: new Map(),
    ingestHosts: [`${host}-1.${domain('ingest')}`, `${host}-2.${domain('ingest')}`]
  }
}

/** MQCS input switching and publishing need CMAF ingest (CreateChannel API reference). */
export function checkChannelOptions(inputType: string, options: Pick<CreateChannelRequest, 'InputSwitchConfiguration' | 'OutputHeaderConfiguration'>): void {
  if (inputType === 'CMAF') return
  const isc = options.InputSwitchConfiguration
  if (isc?.MQCSInputSwitching === true) {
    throw validationError(
      'ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_INPUT_SWITCHING',
      'InputSwitchConfiguration.MQCSInputSwitching is valid only when InputType is CMAF.'
    )
  }
  // PreferredInput is newer than the pinned SDK's types.
  if ((isc as { PreferredInput?: number } | undefined)?.PreferredInput !== undefined) {
    throw validationError(
      'ONLY_CMAF_INPUT_TYPE_ALLOW_PREFERRED_INPUT_CONFIGURATION',
      'InputSwitchConfiguration.PreferredInput is valid only when InputType is CMAF.'
    )
  }
  if (options.OutputHeaderConfiguration?.PublishMQCS === true) {
    throw validationError('ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_OUTPUT_CONFIGURATION', 'OutputHeaderConfiguration.PublishMQCS is valid only when InputType is CMAF.')
  }
}

export function newChannel(input: CreateChannelRequest, group: ChannelGroupRecord, ctx: BuildContext): ChannelRecordV2 {
  const name = input.ChannelName ?? ''
  const inputType = input.InputType ?? 'HLS'
  checkChannelOptions(inputType, input)
  const ingest = (n: 1 | 2): IngestEndpoint => ({
    Id: String(n),
    Url: `https://${group.ingestHosts[n - 1]}/in/v1/${group.ChannelGroupName}/${n}/${name}/index`
  })
  return {
    Arn: `${group.Arn}/channel/${name}`,
    ChannelName: name,
    ChannelGroupName: group.ChannelGroupName,
    CreatedAt: ctx.now,
    ModifiedAt: ctx.now,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    IngestEndpoints: [ingest(1), ingest(2)],
    InputType: inputType,
    ETag: ctx.etag(),
    Tags: { ...(input.Tags ?? {}) },
    InputSwitchConfiguration: { MQCSInputSwitching: false, ...input.InputSwitchConfiguration },
    OutputHeaderConfiguration: { PublishMQCS: false, ...input.OutputHeaderConfiguration },
    endpoints: new Map()
  }
}

/** The public URL path of an endpoint's files: `/out/v1/<group>/<channel>/<endpoint>/`. */
export function endpointPath(e: Pick<OriginEndpointRecord, 'ChannelGroupName' | 'ChannelName' | 'OriginEndpointName'>): string {
  return `/out/v1/${e.ChannelGroupName}/${e.ChannelName}/${e.OriginEndpointName}/`
}

type AnyManifest = { ManifestName?: string | undefined }

function checkNamesUnique(manifests: readonly AnyManifest[], what: string): void {
  const seen = new Set<string>()
  for (const m of manifests) {
    const name = m.ManifestName ?? ''
    if (seen.has(name)) throw validationError('MANIFEST_NAME_COLLISION', `${what} manifest name "${name}" is used more than once on this endpoint.`)
    seen.add(name)
  }
}

function checkFilter(f: FilterConfiguration | undefined, where: string): void {
  if (!f) return
  if (f.Start && f.End && f.End.getTime() < f.Start.getTime()) {
    throw validationError('END_TIME_EARLIER_THAN_START_TIME', `${where}.FilterConfiguration: End is earlier than Start.`)
  }
  if (f.ClipStartTime && (f.Start || f.End)) {
    throw validationError('CLIP_START_TIME_WITH_START_OR_END', `${where}.FilterConfiguration: ClipStartTime can't be combined with Start or End.`)
  }
}

function checkDash(m: CreateDashManifestConfiguration, segmentSeconds: number, where: string): void {
  checkFilter(m.FilterConfiguration, where)
  const triggers = m.PeriodTriggers ?? []
  if (triggers.includes('NONE') && triggers.length > 1) {
    throw validationError('PERIOD_TRIGGERS_NONE_SPECIFIED_WITH_ADDITIONAL_VALUES', `${where}.PeriodTriggers: NONE can't be combined with other triggers.`)
  }
  if (m.MinUpdatePeriodSeconds !== undefined && m.MinUpdatePeriodSeconds < segmentSeconds) {
    throw validationError(
      'UPDATE_PERIOD_SMALLER_THAN_SEGMENT_DURATION',
      `${where}.MinUpdatePeriodSeconds (${m.MinUpdatePeriodSeconds}) is smaller than the segment duration (${segmentSeconds}).`
    )
  }
  const timing = m.UtcTiming
  if (timing?.TimingMode === 'UTC_DIRECT' && timing.TimingSource !== undefined) {
    throw validationError('DIRECT_MODE_WITH_TIMING_SOURCE', `${where}.UtcTiming: UTC_DIRECT takes no TimingSource.`)
  }
  if (timing?.TimingMode !== undefined && timing.TimingMode !== 'UTC_DIRECT' && timing.TimingSource === undefined) {
    throw validationError('TIMING_SOURCE_MISSING', `${where}.UtcTiming: ${timing.TimingMode} needs a TimingSource.`)
  }
}

/** The manifest kinds each container can serve (CreateOriginEndpoint API reference; ISM serves MSS only). */
function checkContainer(s: EndpointSettings): void {
  const has = (list: readonly unknown[] | undefined) => (list?.length ?? 0) > 0
  const container = s.ContainerType
  if (container === 'TS' && has(s.DashManifests)) throw validationError('TS_CONTAINER_TYPE_WITH_DASH_MANIFEST', 'A TS endpoint cannot have DASH manifests.')
  if (container === 'TS' && has(s.MssManifests)) throw validationError('TS_CONTAINER_TYPE_WITH_MSS_MANIFEST', 'A TS endpoint cannot have MSS manifests.')
  if (container === 'CMAF' && has(s.MssManifests)) throw validationError('CMAF_CONTAINER_TYPE_WITH_MSS_MANIFEST', 'A CMAF endpoint cannot have MSS manifests.')
  if (container === 'ISM' && has(s.HlsManifests)) throw validationError('ISM_CONTAINER_TYPE_WITH_HLS_MANIFEST', 'An ISM endpoint cannot have HLS manifests.')
  if (container === 'ISM' && has(s.LowLatencyHlsManifests)) {
    throw validationError('ISM_CONTAINER_TYPE_WITH_LL_HLS_MANIFEST', 'An ISM endpoint cannot have low-latency HLS manifests.')
  }
  if (container === 'ISM' && has(s.DashManifests)) throw validationError('ISM_CONTAINER_TYPE_WITH_DASH_MANIFEST', 'An ISM endpoint cannot have DASH manifests.')
  const method = s.Segment?.Encryption?.EncryptionMethod
  const wrongMethod =
    (container === 'TS' &&
      (method?.CmafEncryptionMethod !== undefined || (method as { IsmEncryptionMethod?: string } | undefined)?.IsmEncryptionMethod !== undefined)) ||
    (container === 'CMAF' && method?.TsEncryptionMethod !== undefined) ||
    (container === 'ISM' && (method?.TsEncryptionMethod !== undefined || method?.CmafEncryptionMethod !== undefined))
  if (wrongMethod) throw validationError('ENCRYPTION_METHOD_CONTAINER_TYPE_MISMATCH', `The encryption method does not fit the ${container} container.`)
}

/** Everything CreateOriginEndpoint and UpdateOriginEndpoint check beyond the model's member constraints. */
export function checkEndpointSettings(s: EndpointSettings, channel: Pick<ChannelRecordV2, 'InputType'>, maxManifests: number): void {
  checkContainer(s)
  const hls = [...(s.HlsManifests ?? []), ...(s.LowLatencyHlsManifests ?? [])]
  // "You can't use the same manifest name if you use HLS manifest and low-latency HLS manifest." (API reference)
  checkNamesUnique(hls, 'HLS')
  checkNamesUnique(s.DashManifests ?? [], 'DASH')
  checkNamesUnique(s.MssManifests ?? [], 'MSS')
  const count = hls.length + (s.DashManifests?.length ?? 0) + (s.MssManifests?.length ?? 0)
  if (count > maxManifests) throw quotaExceeded(`An origin endpoint can have at most ${maxManifests} manifests; this request has ${count}.`)
  const segmentSeconds = s.Segment?.SegmentDurationSeconds ?? DEFAULT_SEGMENT.SegmentDurationSeconds
  ;(s.HlsManifests ?? []).forEach((m, i) => checkFilter(m.FilterConfiguration, `HlsManifests[${i}]`))
  ;(s.LowLatencyHlsManifests ?? []).forEach((m, i) => checkFilter(m.FilterConfiguration, `LowLatencyHlsManifests[${i}]`))
  ;(s.DashManifests ?? []).forEach((m, i) => checkDash(m, segmentSeconds, `DashManifests[${i}]`))
  ;(s.MssManifests ?? []).forEach((m, i) => checkFilter(m.FilterConfiguration, `MssManifests[${i}]`))
  if ((s.ForceEndpointErrorConfiguration?.EndpointErrorConditions?.length ?? 0) > 0 && channel.InputType !== 'CMAF') {
    throw validationError(
      'ONLY_CMAF_INPUT_TYPE_ALLOW_FORCE_ENDPOINT_ERROR_CONFIGURATION',
      'ForceEndpointErrorConfiguration is valid only on endpoints of channels whose InputType is CMAF.'
    )
  }
}

/**
 * Segment defaults: 6-second segments named `segment` as the AWS CDK MediaPackage v2 construct
 * documents them (https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-mediapackagev2-alpha.SegmentPropsBase.html),
 * I-frame-only streams and DVB subtitles off as the API reference describes them.
 */
export const DEFAULT_SEGMENT = { SegmentDurationSeconds: 6, SegmentName: 'segment', IncludeIframeOnlyStreams: false, TsIncludeDvbSubtitles: false } as const

function withUrl<M extends AnyManifest>(manifests: readonly M[] | undefined, url: (name: string) => string): (M & { ManifestName: string; Url: string })[] {
  return (manifests ?? []).map((m) => ({ ...m, ManifestName: m.ManifestName ?? '', Url: url(m.ManifestName ?? '') }))
}

/**
 * The endpoint as stored and returned: the settings of this request in full (Update replaces
 * every setting; what it leaves out is gone), each manifest with its egress URL.
 */
export function endpointRecord(
  settings: EndpointSettings,
  identity: Pick<OriginEndpointRecord, 'Arn' | 'ChannelGroupName' | 'ChannelName' | 'OriginEndpointName' | 'CreatedAt' | 'Tags'>,
  egressDomain: string,
  ctx: Pick<BuildContext, 'now' | 'etag'>
): OriginEndpointRecord {
  const base = `https://${egressDomain}${endpointPath(identity)}`
  const hls = (list: CreateHlsManifestConfiguration[] | undefined) => withUrl(list, (n) => `${base}${n}.m3u8`)
  return {
    Arn: identity.Arn,
    ChannelGroupName: identity.ChannelGroupName,
    ChannelName: identity.ChannelName,
    OriginEndpointName: identity.OriginEndpointName,
    CreatedAt: identity.CreatedAt,
    Tags: identity.Tags,
    ContainerType: settings.ContainerType ?? '',
    Segment: { ...DEFAULT_SEGMENT, ...settings.Segment },
    ModifiedAt: ctx.now,
    ...(settings.Description !== undefined ? { Description: settings.Description } : {}),
    ...(settings.StartoverWindowSeconds !== undefined ? { StartoverWindowSeconds: settings.StartoverWindowSeconds } : {}),
    HlsManifests: hls(settings.HlsManifests),
    LowLatencyHlsManifests: hls(settings.LowLatencyHlsManifests),
    DashManifests: withUrl(settings.DashManifests, (n) => `${base}${n}.mpd`),
    MssManifests: withUrl(settings.MssManifests, (n) => `${base}${n}.ism/Manifest`),
    ...(settings.ForceEndpointErrorConfiguration !== undefined ? { ForceEndpointErrorConfiguration: settings.ForceEndpointErrorConfiguration } : {}),
    ETag: ctx.etag()
  }
}

const POLICY_VERSIONS = ['2012-10-17', '2008-10-17']

/**
 * A resource policy MediaPackage accepts: a JSON object with a known `Version` and a `Statement`
 * (one object or a list of them), each with `Effect` Allow|Deny, a principal and an action.
 * Anything else is `INVALID_POLICY`. The length limit is the shape's.
 */
export function checkPolicyDocument(text: string): void {
  const invalid = (why: string) => validationError('INVALID_POLICY', `The policy is not valid: ${why}.`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw invalid('it is not JSON')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid('it is not a JSON object')
  const { Version, Statement } = doc as { Version?: unknown; Statement?: unknown }
  if (typeof Version !== 'string' || !POLICY_VERSIONS.includes(Version)) throw invalid(`Version must be one of ${POLICY_VERSIONS.join(', ')}`)
  const statements = Array.isArray(Statement) ? Statement : Statement === undefined ? [] : [Statement]
  if (statements.length === 0) throw invalid('it has no Statement')
  statements.forEach((s: unknown, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw invalid(`Statement[${i}] is not an object`)
    const st = s as Record<string, unknown>
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw invalid(`Statement[${i}].Effect must be Allow or Deny`)
    if (st.Principal === undefined && st.NotPrincipal === undefined) throw invalid(`Statement[${i}] has no Principal`)
    if (st.Action === undefined && st.NotAction === undefined) throw invalid(`Statement[${i}] has no Action`)
  })
}
