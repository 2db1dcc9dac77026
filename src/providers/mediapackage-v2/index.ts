import { hole, isHole, newChange, shown, type Change, type Known } from '../../change.js'
import { UserError } from '../../errors.js'
import type { V2EndpointSpec } from '../../manifest/definition.js'
import type { OriginTarget } from '../../cloudfront/intent.js'
import type { ChannelWork, DistributionSide, OriginProvider, PlanContext, ProviderReport } from '../../workflow/provider.js'
import type { Step, StepGroup } from '../../workflow/steps.js'
import { CACHE_POLICY_CONFIG, CACHE_POLICY_NAME, mergedPolicy, OAC_CONFIG, OAC_NAME, oacStatement, ownStatement, POLICY_SID, sameStatement } from './access.js'
import type { Channel, ChannelGroup, OriginEndpoint } from './client.js'
import { missingTags, overlay, tagFields } from './diff.js'
import { observeV2, type AccountLookups, type V2Clients, type V2Seen, type V2Spec } from './observe.js'
import { channelPatterns } from './patterns.js'
import { clientToken, endpointUpdate, manifestUrls, packagingOfSpec, planEndpoint, type EndpointPlan } from './plan.js'
import { channelSettings, groupRequest } from './to-api.js'
import { doomedEndpoints, endpointDeleteStep, retireV2, viewerProbesV2 } from './retire.js'

export type { V2Spec } from './observe.js'

/** The tag that links a distribution to its v2 channel; its value is the channel's ARN. */
export const LINK_TAG = 'mediapackage-cloudfront-action:channel-arn'
const CALLER_REFERENCE_PREFIX = 'mediapackage-cloudfront-action-v2'
/** How many times an update is re-read and re-applied after a stale ETag (409 ConflictException). */
const STALE_RETRIES = 5
export const NOT_YET_SERVING =
  'playback answers 403 until both the distribution (signing with the origin access control) and the endpoint policies are in place'

/** What the run knows of the channel as it goes: observed first, then filled in by each step's apply. */
interface V2State {
  group?: ChannelGroup | undefined
  channel?: Channel | undefined
  endpoints: Map<string, OriginEndpoint>
  oacId: Known<string>
  cachePolicyId: Known<string>
}

/** Account-wide resources a run makes once, however many v2 channels need them. */
interface AccountWrites {
  oac?: Promise<string>
  cachePolicy?: Promise<string>
}

export type MediaPackageV2Options = V2Clients

/**
 * MediaPackage v2 behind the origin-provider seam: the channel group, the channel, its endpoints, an
 * origin access control and a cache policy per account, and each endpoint's policy for the distribution.
 * A retired channel (`state: absent`) deletes its endpoints, then itself, then its group when the
 * manifest retires the group too (retire.ts); the workflow tears its distribution down first.
 */
export function mediaPackageV2(clients: MediaPackageV2Options): OriginProvider<V2Spec, V2Seen> {
  const lookups: AccountLookups = {}
  const writes: AccountWrites = {}
  return {
    name: 'mediapackage-v2',
    observe: (spec) => observeV2(clients, spec, lookups),
    linkKey: LINK_TAG,
    linkValue: (seen) => seen.channel?.Arn,
    plan: (spec, seen, ctx) => planV2({ clients, spec, seen, ctx, writes }),
    retire: (spec, seen, ctx) => retireV2(clients.mediapackage, spec, seen, ctx.path),
    viewerProbes: viewerProbesV2
  }
}

interface Planning {
  clients: V2Clients
  spec: V2Spec
  seen: V2Seen
  ctx: PlanContext
  writes: AccountWrites
}

function planV2(planning: Planning): ChannelWork {
  const { spec, seen, ctx } = planning
  const state: V2State = {
    group: seen.group,
    channel: seen.channel,
    endpoints: new Map(seen.endpoints),
    oacId: seen.oacId ?? hole(`the id of the new origin access control ${OAC_NAME}`),
    cachePolicyId: seen.cachePolicyId ?? hole(`the id of the new cache policy ${CACHE_POLICY_NAME}`)
  }
  const present = presentEndpoints(spec)
  const endpointPlans = (spec.channel.endpoints ?? []).flatMap((endpoint, index) =>
    endpoint.state === 'absent' ? [] : [{ endpoint, plan: planEndpoint(endpoint, state.endpoints.get(endpoint.id), `${ctx.path}.endpoints[${index}]`) }]
  )
  const origin: StepGroup[] = [[groupStep(planning, state), oacStep(planning, state), cachePolicyStep(planning, state)], channelStep(planning, state)]
  if (endpointPlans.length > 0) origin.push(endpointPlans.map(({ endpoint, plan }) => endpointStep(planning, state, plan, endpoint)))
  const policies = present.map((endpoint) => policyStep(planning, state, endpoint))
  // An endpoint retired on its own goes after the distribution step, which it does not change.
  const at = { group: spec.group.id, channel: spec.channel.id }
  const retired = doomedEndpoints(spec, seen).map((endpoint) =>
    endpointDeleteStep(planning.clients.mediapackage, { ...at, endpoint }, ['the channel and its distribution stay'], () => state.endpoints.delete(endpoint))
  )
  return {
    origin,
    access: [],
    after: [...(policies.length > 0 ? [policies] : []), ...(retired.length > 0 ? [retired] : [])],
    distribution: () => distributionSide(spec, state, ctx),
    report: () => report(spec, state)
  }
}

/** Creates the channel group (deterministic ClientToken; a racing run's group is adopted) or brings its description and tags in line. */
function groupStep({ clients, spec }: Planning, state: V2State): Step {
  const mp = clients.mediapackage
  const group = spec.group
  const change = newChange('channel-group', group.id, group.id, state.group ? 'unchanged' : 'create')
  const description = state.group && group.description !== undefined && group.description !== (state.group.Description ?? '') ? group.description : undefined
  const tags = state.group ? missingTags(group.tags, state.group.Tags) : {}
  if (description !== undefined) change.fields.push({ field: 'description', from: shown(state.group?.Description ?? ''), to: shown(description) })
  change.fields.push(...tagFields(tags))
  if (state.group && change.fields.length > 0) change.action = 'update'
  return {
    plan: () => change,
    async apply() {
      const made = { ...change, notes: [...change.notes] }
      if (!state.group) {
        const request = groupRequest(group, '')
        request.ClientToken = clientToken('channel-group', request)
        state.group = (await mp.createChannelGroup(request)) ?? (await adopted(made, () => mp.getChannelGroup(group.id), `channel group ${group.id}`))
        return made
      }
      if (description !== undefined) {
        state.group = await withFreshETag({
          current: state.group,
          read: () => mp.getChannelGroup(group.id),
          write: (current) => mp.updateChannelGroup({ ChannelGroupName: group.id, Description: description, ETag: current.ETag }),
          what: `channel group ${group.id}`
        })
      }
      if (Object.keys(tags).length > 0 && state.group.Arn) await mp.tagResource(state.group.Arn, tags)
      return made
    }
  }
}

function channelStep({ clients, spec, ctx }: Planning, state: V2State): Step {
  const mp = clients.mediapackage
  const group = spec.group.id
  const channel = spec.channel
  const settings = channelSettings(channel)
  const current = state.channel
  const change = newChange('channel', `${group}/${channel.id}`, channel.id, current ? 'unchanged' : 'create')
  if (current && settings.InputType !== undefined && settings.InputType !== (current.InputType ?? 'HLS')) {
    const message =
      `Channel ${group}/${channel.id} takes ${current.InputType ?? 'HLS'} input in AWS but the manifest says ${settings.InputType}. ` +
      'MediaPackage v2 cannot change a channel’s input type: give the channel a new id.'
    throw new UserError(message, [{ message, path: `${ctx.path}.input-type` }])
  }
  const { InputType: _input, ...updatable } = settings
  const fields = current ? diffFields(updatable, current) : []
  const tags = current ? missingTags(channel.tags, current.Tags) : {}
  change.fields.push(...fields, ...tagFields(tags))
  if (current && change.fields.length > 0) change.action = 'update'
  return {
    plan: () => change,
    async apply() {
      const made = { ...change, notes: [...change.notes] }
      if (!state.channel) {
        const request = { ChannelGroupName: group, ChannelName: channel.id, ...settings, Tags: channel.tags ? { ...channel.tags } : undefined }
        state.channel =
          (await mp.createChannel({ ...request, ClientToken: clientToken('channel', request) })) ??
          (await adopted(made, () => mp.getChannel(group, channel.id), `channel ${group}/${channel.id}`))
        return made
      }
      if (fields.length > 0) {
        state.channel = await withFreshETag({
          current: state.channel,
          read: () => mp.getChannel(group, channel.id),
          write: (fresh) =>
            mp.updateChannel({
              ChannelGroupName: group,
              ChannelName: channel.id,
              ...(overlay(
                {
                  Description: fresh.Description,
                  InputSwitchConfiguration: fresh.InputSwitchConfiguration,
                  OutputHeaderConfiguration: fresh.OutputHeaderConfiguration
                },
                updatable
              ) as object),
              ETag: fresh.ETag
            }),
          what: `channel ${group}/${channel.id}`
        })
      }
      if (Object.keys(tags).length > 0 && state.channel.Arn) await mp.tagResource(state.channel.Arn, tags)
      return made
    }
  }
}

function diffFields(desired: object, current: object) {
  return Object.entries(desired).flatMap(([key, value]) => {
    if (value === undefined) return []
    const held = (current as Record<string, unknown>)[key]
    return JSON.stringify(value) === JSON.stringify(held ?? (key === 'Description' ? '' : undefined))
      ? []
      : [
          {
            field: key === 'Description' ? 'description' : key === 'InputSwitchConfiguration' ? 'input-switch-configuration' : 'output-header-configuration',
            from: shown(held),
            to: shown(value)
          }
        ]
  })
}

function endpointStep({ clients, spec }: Planning, state: V2State, plan: EndpointPlan, endpointSpec: V2EndpointSpec): Step {
  const mp = clients.mediapackage
  const at = { group: spec.group.id, channel: spec.channel.id, endpoint: endpointSpec.id }
  return {
    plan: () => plan.change,
    async apply() {
      const made = { ...plan.change, notes: [...plan.change.notes] }
      let endpoint = state.endpoints.get(endpointSpec.id)
      if (plan.create) {
        const request = { ChannelGroupName: at.group, ChannelName: at.channel, OriginEndpointName: at.endpoint, ...plan.settings, Tags: endpointSpec.tags }
        endpoint =
          (await mp.createEndpoint({ ...request, ClientToken: clientToken('origin-endpoint', request) })) ??
          (await adopted(made, () => mp.getEndpoint(at), `endpoint ${at.endpoint}`))
      } else if (plan.update && endpoint) {
        endpoint = await withFreshETag({
          current: endpoint,
          read: () => mp.getEndpoint(at),
          write: (fresh) => mp.updateEndpoint(endpointUpdate(plan.settings, fresh)),
          what: `endpoint ${at.endpoint}`
        })
      }
      if (plan.tags && endpoint?.Arn) await mp.tagResource(endpoint.Arn, plan.tags)
      if (endpoint) state.endpoints.set(endpointSpec.id, endpoint)
      return made
    }
  }
}

/** A create answered 409: another run made it meanwhile. Read it and carry on. */
async function adopted<T>(change: Change, read: () => Promise<T | undefined>, what: string): Promise<T> {
  const found = await read()
  if (!found) throw new UserError(`MediaPackage v2 said ${what} exists but then could not find it. Run again.`)
  change.notes.push('created meanwhile by another run; adopted')
  return found
}

/** An update with the ETag it was read with; a stale ETag (409) means someone changed it since: read, re-apply. */
async function withFreshETag<T>(options: {
  current: T
  read: () => Promise<T | undefined>
  write: (current: T) => Promise<T | undefined>
  what: string
}): Promise<T> {
  let current = options.current
  for (let attempt = 1; ; attempt++) {
    const written = await options.write(current)
    if (written) return written
    if (attempt >= STALE_RETRIES) {
      throw new UserError(`${options.what} changed under us ${attempt} times in a row (409 ConflictException). Run again when no one else is editing it.`)
    }
    const fresh = await options.read()
    if (!fresh) throw new UserError(`${options.what} disappeared while it was being updated. Run again.`)
    current = fresh
  }
}

/** The account's one origin access control for MediaPackage v2: found by name, else created once per run. */
function oacStep({ clients, writes }: Planning, state: V2State): Step {
  const change = newChange('origin-access-control', isHole(state.oacId) ? undefined : state.oacId, OAC_NAME, isHole(state.oacId) ? 'create' : 'unchanged')
  if (isHole(state.oacId)) change.notes.push('sigv4, always, origin type mediapackagev2; one per account, found again by name')
  return accountStep(change, async () => {
    let created = false
    writes.oac ??= (async () => {
      created = true
      return (await clients.access.createOriginAccessControl(OAC_CONFIG)) ?? (await found(clients.access.findOriginAccessControl(OAC_NAME), OAC_NAME))
    })()
    state.oacId = await writes.oac
    return created
  })
}

function cachePolicyStep({ clients, writes }: Planning, state: V2State): Step {
  const missing = isHole(state.cachePolicyId)
  const change = newChange('cache-policy', missing ? undefined : (state.cachePolicyId as string), CACHE_POLICY_NAME, missing ? 'create' : 'unchanged')
  if (missing) change.notes.push('origin Cache-Control; cache key aws.manifestfilter, aws.manifestsettings, _HLS_msn, _HLS_part, Origin')
  return accountStep(change, async () => {
    let created = false
    writes.cachePolicy ??= (async () => {
      created = true
      return (
        (await clients.access.createCachePolicy(CACHE_POLICY_CONFIG)) ??
        (await found(clients.access.findCustomCachePolicy(CACHE_POLICY_NAME), CACHE_POLICY_NAME))
      )
    })()
    state.cachePolicyId = await writes.cachePolicy
    return created
  })
}

/** Runs `ensure` only when the plan found nothing; says so when another channel of the run made it first. */
function accountStep(change: Change, ensure: () => Promise<boolean>): Step {
  return {
    plan: () => change,
    async apply() {
      if (change.action === 'unchanged') return change
      const createdHere = await ensure()
      return createdHere ? change : { ...change, action: 'unchanged', notes: ['created by another channel of this run'] }
    }
  }
}

async function found(lookup: Promise<string | undefined>, name: string): Promise<string> {
  const id = await lookup
  if (!id) throw new UserError(`CloudFront said ${name} exists but the action could not find it by name. Run again.`)
  return id
}

/**
 * Lets the distribution read the endpoint: the action's statement (by Sid) in the endpoint policy,
 * every other statement kept. It needs the distribution's ARN, so it runs after the distribution.
 */
function policyStep({ clients, spec, seen, ctx }: Planning, state: V2State, endpointSpec: V2EndpointSpec): Step {
  const mp = clients.mediapackage
  const at = { group: spec.group.id, channel: spec.channel.id, endpoint: endpointSpec.id }
  const current = seen.policies.get(endpointSpec.id)
  const field = `statement ${POLICY_SID}`
  const planned = (): Change => {
    const change = newChange('endpoint-policy', endpointSpec.id, `policy of ${endpointSpec.id}`)
    const arn = ctx.distributionArn()
    const endpointArn = state.endpoints.get(endpointSpec.id)?.Arn
    const existing = ownStatement(current, endpointSpec.id)
    if (isHole(arn) || !endpointArn) {
      change.action = current === undefined ? 'create' : 'update'
      change.fields.push({ field, to: '(known after apply)', pending: true })
    } else {
      const wanted = oacStatement(endpointArn, arn)
      if (sameStatement(existing, wanted)) return change
      change.action = current === undefined ? 'create' : 'update'
      change.fields.push({ field, ...(existing ? { from: 'another distribution or actions' } : {}), to: `CloudFront may read for ${arn}` })
    }
    change.notes.push(NOT_YET_SERVING)
    return change
  }
  return {
    plan: planned,
    async apply() {
      const change = planned()
      if (change.action === 'unchanged') return change
      const arn = ctx.distributionArn()
      const endpointArn = state.endpoints.get(endpointSpec.id)?.Arn
      if (isHole(arn) || !endpointArn) throw new Error(`endpoint ${endpointSpec.id}: the policy step ran before the distribution or endpoint existed`)
      // Read again just before writing: a person may have added a statement since the run began.
      const fresh = await mp.getEndpointPolicy(at)
      await mp.putEndpointPolicy(at, mergedPolicy(fresh, oacStatement(endpointArn, arn), endpointSpec.id))
      change.fields = change.fields.map((entry) => (entry.pending ? { field: entry.field, to: `CloudFront may read for ${arn}` } : entry))
      return change
    }
  }
}

function originId(group: string): string {
  return `MediaPackageV2-${group}`.slice(0, 128)
}

/** The distribution's side: the group's egress domain with the origin access control, one behavior on the channel's path. */
function distributionSide(spec: V2Spec, state: V2State, ctx: PlanContext): DistributionSide {
  const host = state.group?.EgressDomain
  const origin: OriginTarget = host
    ? { kind: 'host', id: originId(spec.group.id), host, accessControlId: state.oacId }
    : { kind: 'pending', what: `the egress domain of the new channel group ${spec.group.id}` }
  const link: Known<string> = state.channel?.Arn ?? hole(`the ARN of the new channel ${spec.group.id}/${spec.channel.id}`)
  return {
    link: { key: LINK_TAG, value: link },
    callerReferencePrefix: CALLER_REFERENCE_PREFIX,
    defaultComment: `MediaPackage v2 channel ${spec.group.id}/${spec.channel.id}`,
    origin,
    patterns: channelPatterns(spec.group.id, spec.channel.id),
    cachePolicyId: state.cachePolicyId,
    originReadTimeout: readTimeout(spec),
    access: { kind: 'oac' },
    notes: ctx.distribution ? [] : [NOT_YET_SERVING]
  }
}

/**
 * A low-latency HLS request is held until its part exists, so the origin read timeout must be at
 * least three part durations. MediaPackage v2 sets the part duration itself, below the segment
 * duration, so three segment durations are enough (30 s, CloudFront's default, covers 6 s segments
 * and less). https://docs.aws.amazon.com/mediapackage/latest/userguide/cdn-recommendations.html
 */
function readTimeout(spec: V2Spec): number | undefined {
  const lowLatency = presentEndpoints(spec).filter((endpoint) => (endpoint['low-latency-hls-manifests'] ?? []).length > 0)
  if (lowLatency.length === 0) return undefined
  const longest = Math.max(...lowLatency.map((endpoint) => endpoint.segment?.['duration-seconds'] ?? 6))
  return Math.max(30, 3 * longest)
}

function report(spec: V2Spec, state: V2State): ProviderReport {
  return {
    arn: state.channel?.Arn,
    endpoints: presentEndpoints(spec).map((endpointSpec) => {
      const endpoint = state.endpoints.get(endpointSpec.id)
      const named = new Set(
        [...(endpointSpec['hls-manifests'] ?? []), ...(endpointSpec['low-latency-hls-manifests'] ?? []), ...(endpointSpec['dash-manifests'] ?? [])].map(
          (manifest) => manifest.name
        )
      )
      const urls = endpoint ? manifestUrls(onlyNamed(endpoint, named)) : []
      return { id: endpointSpec.id, packaging: packagingOfSpec(endpointSpec), originUrls: urls }
    }),
    // v2 ingest is signed with SigV4: no username, no password.
    ingest: (state.channel?.IngestEndpoints ?? []).map((ingest) => ({ id: ingest.Id ?? '', url: ingest.Url ?? '' }))
  }
}

/** The manifest's endpoints that should exist (not `state: absent`). */
function presentEndpoints(spec: V2Spec): V2EndpointSpec[] {
  return (spec.channel.endpoints ?? []).filter((endpoint) => endpoint.state !== 'absent')
}

function onlyNamed(endpoint: OriginEndpoint, named: Set<string | undefined>): OriginEndpoint {
  const keep = <T extends { ManifestName?: string | undefined }>(list: T[] | undefined) => list?.filter((manifest) => named.has(manifest.ManifestName))
  return {
    ...endpoint,
    HlsManifests: keep(endpoint.HlsManifests),
    LowLatencyHlsManifests: keep(endpoint.LowLatencyHlsManifests),
    DashManifests: keep(endpoint.DashManifests)
  }
}
