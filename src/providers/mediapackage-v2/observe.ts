import type { V2ChannelSpec, ChannelGroupSpec } from '../../manifest/definition.js'
import type { CloudFrontAccess } from '../../aws/cloudfront-access.js'
import type { Channel, ChannelGroup, MediaPackageV2, OriginEndpoint } from './client.js'
import { CACHE_POLICY_NAME, OAC_NAME } from './access.js'
import { v2ChannelState } from '../../manifest/channels.js'

/** One v2 channel of the manifest, with its group. */
export interface V2Spec {
  group: ChannelGroupSpec
  channel: V2ChannelSpec
}

/** What AWS holds for one v2 channel, read before any decision. */
export interface V2Seen {
  group?: ChannelGroup | undefined
  channel?: Channel | undefined
  /** The endpoints the manifest names that exist, by name, with every setting (for updates that keep a person's). */
  endpoints: Map<string, OriginEndpoint>
  /** Their policy documents, by endpoint name. */
  policies: Map<string, string>
  /** The account's origin access control and cache policy, when they exist. */
  oacId?: string | undefined
  cachePolicyId?: string | undefined
  /** A retired channel: the names of every endpoint it has (all pages, named in the manifest or not). */
  endpointNames?: string[] | undefined
  /** A retired group (`state: absent`): the names of every channel it holds in AWS. */
  groupChannels?: string[] | undefined
}

/** Whether the run retires this channel: its own `state`, else its group's. */
export function isRetired(spec: V2Spec): boolean {
  return v2ChannelState(spec.group, spec.channel) === 'absent'
}

export interface V2Clients {
  mediapackage: MediaPackageV2
  access: CloudFrontAccess
}

/** Account-wide look-ups every v2 channel of a run shares: asked once. */
export interface AccountLookups {
  oac?: Promise<string | undefined>
  cachePolicy?: Promise<string | undefined>
}

/**
 * Everything in one wave: the group, the channel, each named endpoint (GetOriginEndpoint: list items
 * carry only names and URLs, and an update must start from every setting) and its policy, and the
 * account's origin access control and cache policy. With the workflow's tag look-up beside it and
 * GetDistribution after it, a converged channel costs two round trips.
 */
export async function observeV2(clients: V2Clients, spec: V2Spec, account: AccountLookups): Promise<V2Seen> {
  if (isRetired(spec)) return observeRetired(clients, spec)
  const mp = clients.mediapackage
  const group = spec.group.id
  const channel = spec.channel.id
  const named = (spec.channel.endpoints ?? []).map((endpoint) => endpoint.id)
  // An endpoint retired on its own is deleted with its policy: its policy is not read.
  const kept = new Set((spec.channel.endpoints ?? []).filter((endpoint) => endpoint.state !== 'absent').map((endpoint) => endpoint.id))
  account.oac ??= clients.access.findOriginAccessControl(OAC_NAME)
  account.cachePolicy ??= clients.access.findCustomCachePolicy(CACHE_POLICY_NAME)
  const [groupSeen, channelSeen, endpoints, policies, oacId, cachePolicyId] = await Promise.all([
    mp.getChannelGroup(group),
    mp.getChannel(group, channel),
    Promise.all(named.map((endpoint) => mp.getEndpoint({ group, channel, endpoint }))),
    Promise.all(named.map((endpoint) => (kept.has(endpoint) ? mp.getEndpointPolicy({ group, channel, endpoint }) : Promise.resolve(undefined)))),
    account.oac,
    account.cachePolicy
  ])
  const seen: V2Seen = { group: groupSeen, channel: channelSeen, endpoints: new Map(), policies: new Map(), oacId, cachePolicyId }
  named.forEach((name, index) => {
    const endpoint = endpoints[index]
    const policy = policies[index]
    if (endpoint) seen.endpoints.set(name, endpoint)
    if (policy !== undefined) seen.policies.set(name, policy)
  })
  return seen
}

/**
 * A retired channel, in one wave too: the group, the channel, the names of all its endpoints (the
 * deletes need no more) and, when the group is retired as well, the names of all its channels. The
 * account's origin access control and cache policy are not read: nothing is made, and they stay.
 */
async function observeRetired(clients: V2Clients, spec: V2Spec): Promise<V2Seen> {
  const mp = clients.mediapackage
  const group = spec.group.id
  const [groupSeen, channelSeen, endpointNames, groupChannels] = await Promise.all([
    mp.getChannelGroup(group),
    mp.getChannel(group, spec.channel.id),
    mp.listEndpointNames(group, spec.channel.id),
    spec.group.state === 'absent' ? mp.listChannelNames(group) : undefined
  ])
  return { group: groupSeen, channel: channelSeen, endpoints: new Map(), policies: new Map(), endpointNames, groupChannels }
}
