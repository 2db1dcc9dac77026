import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import { hole, isHole, newChange, type Change, type Known } from '../../change.js'
import { headerValueOf } from '../../cloudfront/bridge.js'
import { findOrigin } from '../../cloudfront/origin.js'
import type { HeaderDecision, OriginTarget } from '../../cloudfront/intent.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import type { ChannelWork, DistributionSide, OriginProvider, PlanContext, ProviderReport } from '../../workflow/provider.js'
import { untilDefined, type RetryPolicy } from '../../workflow/retry.js'
import { quietStep, type Step, type StepGroup } from '../../workflow/steps.js'
import { authorizationOf, chooseHeader, decideCdnAuth, plannedHeader, type CdnAuth } from './cdn-auth.js'
import {
  ASSOC_TAG,
  CALLER_REFERENCE_PREFIX,
  CDN_IDENTIFIER_HEADER,
  defaultComment,
  MEDIAPACKAGE_CACHE_POLICY_ID,
  originIdFor,
  PLACEHOLDER,
  ROTATION_GRACE_MS
} from './console.js'
import { authorizationRequest } from './endpoint-diff.js'
import { maskIngestPasswords, observeV1, type V1Clients, type V1Seen } from './observe.js'
import { pathPatternsFor } from './patterns.js'
import {
  checkEndpointIds,
  checkUnnamedEndpoints,
  packagingOfEndpoint,
  planChannelChange,
  planEndpointChange,
  sameKnownAuthorization,
  type EndpointChange
} from './plan.js'
import { doomedEndpoints, endpointDeleteStep, retireV1, viewerProbesV1 } from './retire.js'
import { endpointUrls, endpointHost } from './urls.js'
import { packagingOf, type Packaging } from './to-api.js'

/** What the run knows of the channel as it goes: observed first, then filled in by each step's apply. */
interface V1State {
  channel?: Channel | undefined
  /** Every endpoint of the channel, by id, as AWS now holds it. */
  endpoints: Map<string, OriginEndpoint>
  /** Endpoints the plan creates whose URLs are known only after apply. */
  creating: Set<string>
  auth: CdnAuth
  header: HeaderDecision
  /** A rotation that waits for MediaPackage to notice the new secret version. */
  pending?: string | undefined
  /** The distribution's MediaPackage origin, kept when the channel has no endpoint left (all retired). */
  kept?: { id: string; host: string } | undefined
}

export interface MediaPackageV1Options extends V1Clients {
  retryBaseMs?: number | undefined
}

/** MediaPackage v1 behind the origin-provider seam: the channel, its endpoints, CDN authorization by secret header. */
export function mediaPackageV1(clients: MediaPackageV1Options): OriginProvider<ChannelSpec, V1Seen> {
  return {
    name: 'mediapackage-v1',
    observe: (spec, rt, mode) => observeV1(clients, spec, rt.log, mode),
    linkKey: ASSOC_TAG,
    linkValue: (seen) => seen.channel?.Arn,
    plan: (spec, seen, ctx) => planV1({ clients, spec, seen, ctx }),
    retire: (spec, seen) => retireV1(clients, spec, seen),
    viewerProbes: viewerProbesV1
  }
}

interface Planning {
  clients: MediaPackageV1Options
  spec: ChannelSpec
  seen: V1Seen
  ctx: PlanContext
}

function planV1({ clients, spec, seen, ctx }: Planning): ChannelWork {
  checkEndpointIds(spec, seen, ctx.path)
  const auth = decideCdnAuth(spec, seen)
  checkUnnamedEndpoints(spec, seen, auth, ctx.path)
  const state: V1State = {
    channel: seen.channel,
    endpoints: new Map(seen.endpoints.map((endpoint) => [endpoint.Id ?? '', endpoint])),
    creating: new Set(),
    auth,
    header: plannedHeader(auth),
    kept: keptOrigin(ctx)
  }
  const retry: RetryPolicy = { attempts: 6, baseMs: clients.retryBaseMs ?? 500, sleep: ctx.rt.sleep }
  const origin: StepGroup[] = []
  if (auth.kind === 'on' && auth.createSecret) origin.push(secretStep(clients, state, auth))
  origin.push(channelStep({ clients, spec, state, ctx }))
  const endpoints = (spec.endpoints ?? []).flatMap((endpointSpec, index) => {
    if (endpointSpec.state === 'absent') return []
    const planned = planEndpointChange({
      channelId: spec.id,
      spec: endpointSpec,
      current: state.endpoints.get(endpointSpec.id),
      path: `${ctx.path}.endpoints[${index}]`
    })
    if (planned.create) state.creating.add(endpointSpec.id)
    return [endpointStep({ clients, state, planned, retry, channelId: spec.id })]
  })
  if (endpoints.length > 0) origin.push(endpoints)
  origin.push(headerStep({ clients, spec, state, ctx }))
  // An endpoint retired on its own goes after the distribution step, which it does not change: the
  // behaviors it used serve the other endpoints too, and its origin stays the channel's.
  const retired = doomedEndpoints(spec, seen).map((endpoint) =>
    endpointDeleteStep(clients, endpoint, ['the channel and its distribution stay'], () => state.endpoints.delete(endpoint.Id ?? ''))
  )
  return {
    origin,
    access: accessSteps(clients, spec, state),
    after: retired.length > 0 ? [retired] : [],
    distribution: () => distributionSide(spec, state),
    report: () => report(spec, state)
  }
}

function secretStep(clients: V1Clients, state: V1State, auth: Extract<CdnAuth, { kind: 'on' }>): Step {
  const change: Change = { ...newChange('secret', auth.secretId, auth.secretId, 'create'), notes: ['random UUID as MediaPackageCDNIdentifier'] }
  return {
    plan: () => change,
    async apply() {
      const identifier = await clients.secrets.create(auth.secretId)
      state.auth = { ...auth, secretArn: identifier.arn, value: identifier }
      state.header = plannedHeader(state.auth)
      return change
    }
  }
}

/**
 * Creates or updates the channel. A create that fails because another run got there first (AWS's exact
 * answer is not documented, so any failure is checked) reads the channel and carries on.
 */
function channelStep({ clients, spec, state, ctx }: { clients: V1Clients; spec: ChannelSpec; state: V1State; ctx: PlanContext }): Step {
  const planned = planChannelChange(spec, state.channel)
  const mediapackage = clients.mediapackage
  return {
    plan: () => planned.change,
    async apply() {
      const change = { ...planned.change, notes: [...planned.change.notes] }
      let channel = state.channel
      if (!channel) {
        try {
          channel = await mediapackage.createChannel(spec.id, spec.description, spec.tags)
        } catch (error) {
          channel = await mediapackage.describeChannel(spec.id)
          if (!channel) throw error
          change.notes.push('created meanwhile by another run; adopted')
        }
      } else {
        if (planned.description !== undefined) channel = { ...channel, ...(await mediapackage.updateChannel(spec.id, planned.description)) }
        if (planned.tags && channel.Arn) await mediapackage.tagResource(channel.Arn, planned.tags)
      }
      maskIngestPasswords(channel, ctx.rt.log)
      state.channel = channel
      return change
    }
  }
}

function endpointStep(options: { clients: V1Clients; state: V1State; planned: EndpointChange; retry: RetryPolicy; channelId: string }): Step {
  const { clients, state, planned } = options
  const mediapackage = clients.mediapackage
  return {
    plan: () => planned.change,
    async apply() {
      const change = { ...planned.change, notes: [...planned.change.notes] }
      const id = change.id!
      let endpoint = state.endpoints.get(id)
      if (planned.create) {
        // A new endpoint has no audience yet: it gets the channel's authorization from the start.
        const authorization = authorizationOf(state.auth)
        if (isHole(authorization)) throw new Error(`endpoint ${id}: the CDN authorization secret is not known yet`)
        endpoint = await createEndpoint({ ...options, request: { ...planned.create, ...(authorization ? { Authorization: authorization } : {}) }, change })
      }
      if (planned.update) endpoint = await mediapackage.updateEndpoint(planned.update)
      if (planned.tags && endpoint?.Arn) await mediapackage.tagResource(endpoint.Arn, planned.tags)
      if (endpoint) state.endpoints.set(id, endpoint)
      state.creating.delete(id)
      return change
    }
  }
}

async function createEndpoint(options: {
  clients: V1Clients
  retry: RetryPolicy
  channelId: string
  request: NonNullable<EndpointChange['create']>
  change: Change
}): Promise<OriginEndpoint> {
  const { clients, request, channelId } = options
  const mediapackage = clients.mediapackage
  try {
    // Right after CreateChannel, MediaPackage may not know the channel yet (eventual consistency): retry NotFound.
    const created = await untilDefined(options.retry, () => mediapackage.createEndpointUnlessChannelMissing(request))
    if (created) return created
    throw new UserError(`Endpoint ${request.Id}: MediaPackage kept answering that channel ${channelId} does not exist. Run again in a minute.`)
  } catch (error) {
    const existing = await mediapackage.describeEndpoint(request.Id!)
    if (!existing) throw error
    if (existing.ChannelId !== channelId) {
      throw new UserError(`Endpoint id ${request.Id} is already used by channel ${existing.ChannelId}. Endpoint ids are unique in a Region: choose another id.`)
    }
    options.change.notes.push('created meanwhile by another run; adopted')
    return existing
  }
}

/** Reads what the header must be now (a rotation waits for MediaPackage to notice the new secret version). Writes nothing. */
function headerStep({ clients, spec, state, ctx }: { clients: V1Clients; spec: ChannelSpec; state: V1State; ctx: PlanContext }): Step {
  return quietStep(async () => {
    const config = ctx.distribution?.distribution.DistributionConfig
    const origin = config ? findOrigin(config, distributionSide(spec, state)) : undefined
    const choice = await chooseHeader({
      auth: state.auth,
      currentHeader: headerValueOf(origin, CDN_IDENTIFIER_HEADER),
      secrets: clients.secrets,
      now: ctx.rt.now()
    })
    state.header = choice.decision
    state.pending = choice.pending
  })
}

/** Existing endpoints whose CDN authorization must change; a live audience gets the bridge around them. */
function accessSteps(clients: V1Clients, spec: ChannelSpec, state: V1State): Step[] {
  if (state.auth.kind === 'unmanaged') return []
  const wanted = authorizationOf(state.auth)
  const on = state.auth.kind === 'on'
  return presentEndpoints(spec)
    .filter((endpointSpec) => {
      const current = state.endpoints.get(endpointSpec.id)
      return current !== undefined && !sameKnownAuthorization(current.Authorization, wanted)
    })
    .map((endpointSpec) => {
      const change: Change = {
        ...newChange('endpoint', endpointSpec.id, endpointSpec.id, 'update'),
        fields: [{ field: 'cdn-authorization', to: on ? 'on' : 'off' }]
      }
      return {
        plan: () => change,
        async apply() {
          const authorization = authorizationOf(state.auth)
          if (isHole(authorization)) throw new Error(`endpoint ${endpointSpec.id}: the CDN authorization secret is not known yet`)
          const endpoint = state.endpoints.get(endpointSpec.id)!
          const answer = await clients.mediapackage.updateEndpoint(authorizationRequest(endpoint, authorization))
          if (!sameKnownAuthorization(answer.Authorization, authorization)) {
            throw new UserError(
              `Endpoint ${endpointSpec.id}: MediaPackage did not ${on ? 'enable' : 'disable'} CDN authorization. The distribution keeps ` +
                'the transition origin group, which serves viewers either way; check the role and secret, then run again.'
            )
          }
          state.endpoints.set(endpointSpec.id, answer)
          return change
        }
      }
    })
}

/** The distribution's side from what is known now: the endpoints' host once any endpoint exists, the console's placeholder before. */
function distributionSide(spec: ChannelSpec, state: V1State): DistributionSide {
  const endpoints = [...state.endpoints.values()]
  const host = endpointHost(spec.id, endpoints)
  const packagings: Packaging[] = [
    ...endpoints.map(packagingOfEndpoint).filter((packaging): packaging is Packaging => packaging !== undefined),
    ...presentEndpoints(spec).map(packagingOf)
  ]
  let origin: OriginTarget
  if (host) origin = { kind: 'host', id: originIdFor(host), host }
  else if (state.creating.size > 0) origin = { kind: 'pending', what: "the new endpoints' host" }
  else if (state.kept) origin = { kind: 'host', ...state.kept }
  else origin = { kind: 'placeholder', ...PLACEHOLDER }
  const link: Known<string> = state.channel?.Arn ?? hole(`the ARN of the new channel ${spec.id}`)
  return {
    link: { key: ASSOC_TAG, value: link },
    callerReferencePrefix: CALLER_REFERENCE_PREFIX,
    defaultComment: defaultComment(spec.id),
    origin,
    placeholder: PLACEHOLDER,
    patterns: origin.kind === 'placeholder' ? [] : pathPatternsFor(packagings),
    cachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID,
    access: { kind: 'header', name: CDN_IDENTIFIER_HEADER, graceMs: ROTATION_GRACE_MS },
    header: state.header,
    notes: state.pending ? [state.pending] : []
  }
}

/** The manifest's endpoints that should exist (not `state: absent`). */
function presentEndpoints(spec: ChannelSpec) {
  return (spec.endpoints ?? []).filter((endpoint) => endpoint.state !== 'absent')
}

/**
 * A channel whose endpoints are all gone (retired one by one) keeps the MediaPackage origin its
 * distribution has: going back to the placeholder would change a distribution for nothing.
 */
function keptOrigin(ctx: PlanContext): V1State['kept'] {
  const origins = ctx.distribution?.distribution.DistributionConfig?.Origins?.Items ?? []
  const origin = origins.find((candidate) => candidate.DomainName && candidate.Id === originIdFor(candidate.DomainName) && (candidate.OriginPath ?? '') === '')
  return origin ? { id: origin.Id!, host: origin.DomainName! } : undefined
}

function report(spec: ChannelSpec, state: V1State): ProviderReport {
  return {
    arn: state.channel?.Arn,
    endpoints: presentEndpoints(spec).map((endpointSpec) => {
      const endpoint = state.endpoints.get(endpointSpec.id)
      return { id: endpointSpec.id, packaging: packagingOf(endpointSpec), originUrls: endpoint ? endpointUrls(endpoint) : [] }
    }),
    ingest: (state.channel?.HlsIngest?.IngestEndpoints ?? []).map((ingest) => ({ id: ingest.Id ?? '', url: ingest.Url ?? '', username: ingest.Username ?? '' }))
  }
}
