/**
 * MediaPackage v1 channels and origin endpoints as the service builds them: generated ARNs, ingest
 * credentials, endpoint URLs, and the defaults AWS fills into each packaging configuration.
 */
import type {
  Channel,
  CmafPackage,
  CmafPackageCreateOrUpdateParameters,
  CreateChannelRequest,
  CreateOriginEndpointRequest,
  DashPackage,
  HlsIngest,
  HlsPackage,
  MssPackage,
  OriginEndpoint,
  StreamSelection,
  UpdateOriginEndpointRequest
} from '@aws-sdk/client-mediapackage'
import type { IdSource } from './random.js'
import { ServiceError } from './service-error.js'

export type ChannelRecord = Channel & {
  Arn: string
  Id: string
  CreatedAt: string
  HlsIngest: HlsIngest
  Tags: Record<string, string>
}

export type EndpointRecord = OriginEndpoint & {
  Arn: string
  Id: string
  ChannelId: string
  CreatedAt: string
  ManifestName: string
  Tags: Record<string, string>
}

/** What is fixed per account and Region: the egress host every endpoint URL uses, the two ingest hosts. */
export interface MediaPackageAccount {
  region: string
  accountId: string
  egressHost: string
  ingestHosts: readonly [string, string]
}

/** The host every endpoint URL of this account uses: the origin domain a CDN pulls from. */
export function egressDomain(account: MediaPackageAccount): string {
  return `${account.egressHost}.mediapackage.${account.region}.amazonaws.com`
}

const unprocessable = (message: string) => new ServiceError('UnprocessableEntityException', 422, message)
const ID_PATTERN = /^[0-9a-zA-Z_-]{1,256}$/

function checkId(kind: string, id: string | undefined): string {
  if (id === undefined || id === '') throw unprocessable(`${kind} Id is required.`)
  if (!ID_PATTERN.test(id)) throw unprocessable(`${kind} Id "${id}" is invalid: use 1-256 letters, numbers, hyphens and underscores.`)
  return id
}

export function newChannel(input: CreateChannelRequest, account: MediaPackageAccount, ids: IdSource, now: Date): ChannelRecord {
  const id = checkId('Channel', input.Id)
  const hash = ids.hex(32)
  const secondIngest = ids.hex(32)
  const ingest = (host: string, ingestId: string) => ({
    Id: ingestId,
    Url: `https://${host}.mediapackage.${account.region}.amazonaws.com/in/v2/${hash}/${ingestId}/channel`,
    Username: ids.hex(32),
    Password: ids.alnum(32)
  })
  return {
    Arn: `arn:aws:mediapackage:${account.region}:${account.accountId}:channels/${hash}`,
    Id: id,
    CreatedAt: now.toISOString(),
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    HlsIngest: { IngestEndpoints: [ingest(account.ingestHosts[0], hash), ingest(account.ingestHosts[1], secondIngest)] },
    Tags: { ...(input.Tags ?? {}) }
  }
}

const defaultStreamSelection = (s?: StreamSelection): StreamSelection => ({
  MaxVideoBitsPerSecond: 2147483647,
  MinVideoBitsPerSecond: 0,
  StreamOrder: 'ORIGINAL',
  ...s
})

function hlsDefaults(p: HlsPackage): HlsPackage {
  return {
    AdMarkers: 'NONE',
    IncludeIframeOnlyStream: false,
    PlaylistType: 'NONE',
    PlaylistWindowSeconds: 60,
    ProgramDateTimeIntervalSeconds: 0,
    SegmentDurationSeconds: 6,
    UseAudioRenditionGroup: false,
    ...p,
    StreamSelection: defaultStreamSelection(p.StreamSelection)
  }
}

function dashDefaults(p: DashPackage): DashPackage {
  return {
    IncludeIframeOnlyStream: false,
    ManifestLayout: 'FULL',
    ManifestWindowSeconds: 60,
    MinBufferTimeSeconds: 30,
    MinUpdatePeriodSeconds: 15,
    PeriodTriggers: [],
    Profile: 'NONE',
    SegmentDurationSeconds: 2,
    SegmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
    SuggestedPresentationDelaySeconds: 25,
    UtcTiming: 'NONE',
    ...p,
    StreamSelection: defaultStreamSelection(p.StreamSelection)
  }
}

function mssDefaults(p: MssPackage): MssPackage {
  return { ManifestWindowSeconds: 60, SegmentDurationSeconds: 2, ...p, StreamSelection: defaultStreamSelection(p.StreamSelection) }
}

function cmafDefaults(p: CmafPackageCreateOrUpdateParameters, base: string): CmafPackage {
  const manifestIds = new Set<string>()
  const manifests = (p.HlsManifests ?? []).map((m) => {
    const id = checkId('HlsManifest', m.Id)
    if (manifestIds.has(id)) throw unprocessable(`HlsManifest Id "${id}" is repeated.`)
    manifestIds.add(id)
    const manifestName = m.ManifestName ?? 'index'
    return {
      AdMarkers: 'NONE' as const,
      IncludeIframeOnlyStream: false,
      PlaylistType: 'NONE' as const,
      PlaylistWindowSeconds: 60,
      ProgramDateTimeIntervalSeconds: 0,
      ...m,
      Id: id,
      ManifestName: manifestName,
      Url: `${base}/${id}/${manifestName}.m3u8`
    }
  })
  return {
    SegmentDurationSeconds: 6,
    ...p,
    HlsManifests: manifests,
    StreamSelection: defaultStreamSelection(p.StreamSelection)
  }
}

type Packaging = Pick<CreateOriginEndpointRequest, 'HlsPackage' | 'DashPackage' | 'CmafPackage' | 'MssPackage'>

function packagingCount(p: Packaging): number {
  return [p.HlsPackage, p.DashPackage, p.CmafPackage, p.MssPackage].filter((x) => x !== undefined).length
}

/** Fills the packaging and computes the URLs; `hash` is the endpoint's 32-hex id (in its ARN and URL). */
function packaged(p: Packaging, manifestName: string, hash: string, account: MediaPackageAccount): Partial<EndpointRecord> {
  const base = `https://${egressDomain(account)}/out/v1/${hash}`
  if (p.HlsPackage) return { HlsPackage: hlsDefaults(p.HlsPackage), Url: `${base}/${manifestName}.m3u8` }
  if (p.DashPackage) return { DashPackage: dashDefaults(p.DashPackage), Url: `${base}/${manifestName}.mpd` }
  if (p.MssPackage) return { MssPackage: mssDefaults(p.MssPackage), Url: `${base}/${manifestName}.ism/Manifest` }
  if (p.CmafPackage) return { CmafPackage: cmafDefaults(p.CmafPackage, base) }
  return {}
}

function checkPackaging(p: Packaging): void {
  const count = packagingCount(p)
  if (count === 0) throw unprocessable('An OriginEndpoint needs one of HlsPackage, DashPackage, CmafPackage or MssPackage.')
  if (count > 1) throw unprocessable('An OriginEndpoint can have only one of HlsPackage, DashPackage, CmafPackage or MssPackage.')
}

function hashOf(endpoint: EndpointRecord): string {
  return endpoint.Arn.slice(endpoint.Arn.lastIndexOf('/') + 1)
}

export function newEndpoint(input: CreateOriginEndpointRequest, account: MediaPackageAccount, ids: IdSource, now: Date): EndpointRecord {
  const id = checkId('OriginEndpoint', input.Id)
  const channelId = checkId('Channel', input.ChannelId)
  checkPackaging(input)
  if (input.Origination !== undefined && !['ALLOW', 'DENY'].includes(input.Origination)) {
    throw unprocessable(`Origination must be ALLOW or DENY, not "${input.Origination}".`)
  }
  const hash = ids.hex(32)
  const manifestName = input.ManifestName ?? 'index'
  const endpoint: EndpointRecord = {
    Arn: `arn:aws:mediapackage:${account.region}:${account.accountId}:origin_endpoints/${hash}`,
    Id: id,
    ChannelId: channelId,
    CreatedAt: now.toISOString(),
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.Authorization !== undefined ? { Authorization: input.Authorization } : {}),
    ManifestName: manifestName,
    Origination: input.Origination ?? 'ALLOW',
    StartoverWindowSeconds: input.StartoverWindowSeconds ?? 0,
    TimeDelaySeconds: input.TimeDelaySeconds ?? 0,
    Whitelist: input.Whitelist ?? [],
    Tags: { ...(input.Tags ?? {}) }
  }
  return { ...endpoint, ...packaged(input, manifestName, hash, account) }
}

/**
 * UpdateOriginEndpoint: fields given replace the stored ones; a packaging given replaces the stored
 * packaging object whole (it is not merged). `ChannelId` can't change. `Authorization` is replaced by
 * what the request carries, so an update without it turns CDN authorization off (an assumption: AWS
 * doesn't document what omitting it does; see README).
 */
export function updatedEndpoint(
  existing: EndpointRecord,
  input: UpdateOriginEndpointRequest & { ChannelId?: string },
  account: MediaPackageAccount
): EndpointRecord {
  if (input.ChannelId !== undefined && input.ChannelId !== existing.ChannelId) {
    throw unprocessable(`The ChannelId of OriginEndpoint "${existing.Id}" can't be changed.`)
  }
  if (packagingCount(input) > 1) checkPackaging(input)
  const manifestName = input.ManifestName ?? existing.ManifestName
  const next: EndpointRecord = { ...existing, ManifestName: manifestName }
  for (const key of ['Description', 'Origination', 'StartoverWindowSeconds', 'TimeDelaySeconds', 'Whitelist'] as const) {
    if (input[key] !== undefined) Object.assign(next, { [key]: input[key] })
  }
  if (input.Authorization !== undefined) next.Authorization = input.Authorization
  else delete next.Authorization
  const packaging: Packaging = packagingCount(input) === 1 ? input : existing
  delete next.HlsPackage
  delete next.DashPackage
  delete next.CmafPackage
  delete next.MssPackage
  delete next.Url
  return { ...next, ...packaged(packaging, manifestName, hashOf(existing), account) }
}
