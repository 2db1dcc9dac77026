import { newChange, type Change } from '../../change.js'
import { UserError } from '../../errors.js'
import { v2ChannelState } from '../../manifest/channels.js'
import type { RetireWork, ViewerProbe } from '../../workflow/provider.js'
import type { Step, StepGroup } from '../../workflow/steps.js'
import type { EndpointAt, MediaPackageV2 } from './client.js'
import { isRetired, type V2Seen, type V2Spec } from './observe.js'

/** `arn:aws:mediapackagev2:<region>:…`: MediaPackage publishes its metrics in the channel's Region. */
function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? ''
}

/** The endpoints this run deletes: every one of a retired channel (named or not), else those the manifest retires on their own that exist. */
export function doomedEndpoints(spec: V2Spec, seen: V2Seen): string[] {
  if (isRetired(spec)) return seen.endpointNames ?? []
  return (spec.channel.endpoints ?? []).filter((endpoint) => endpoint.state === 'absent' && seen.endpoints.has(endpoint.id)).map((endpoint) => endpoint.id)
}

/**
 * Each endpoint to delete with the metric of its viewers: AWS/MediaPackage EgressRequestCount with the
 * dimensions ChannelGroup, Channel and OriginEndpoint, which for MediaPackage v2 are the names (not
 * GUIDs, as in v1). This is what the AWS CDK's aws-mediapackagev2-alpha metric helpers build; the
 * metrics and dimensions are listed at
 * https://docs.aws.amazon.com/mediapackage/latest/userguide/monitoring-cloudwatch.html
 */
export function viewerProbesV2(spec: V2Spec, seen: V2Seen): ViewerProbe[] {
  const channelArn = seen.channel?.Arn
  if (!channelArn) return []
  return doomedEndpoints(spec, seen).map((endpoint) => ({
    resource: 'endpoint',
    id: endpoint,
    region: arnRegion(channelArn),
    series: {
      namespace: 'AWS/MediaPackage',
      metricName: 'EgressRequestCount',
      dimensions: { ChannelGroup: spec.group.id, Channel: spec.channel.id, OriginEndpoint: endpoint }
    }
  }))
}

/** Deletes one endpoint and its endpoint policy; one already gone is done (a run cut short, or a person, got there first). */
export function endpointDeleteStep(mp: MediaPackageV2, at: EndpointAt, notes: readonly string[], onDeleted: () => void = () => {}): Step {
  const change: Change = {
    ...newChange('endpoint', at.endpoint, at.endpoint, 'delete'),
    notes: ['its URLs stop working at once, and its endpoint policy goes with it; an endpoint made again with this name gets a new ARN', ...notes]
  }
  return {
    plan: () => change,
    async apply() {
      const answer = await mp.deleteEndpoint(at)
      onDeleted()
      return answer === 'gone' ? { ...change, notes: [...change.notes, 'it was already gone'] } : change
    }
  }
}

function channelDeleteStep(mp: MediaPackageV2, spec: V2Spec, onDeleted: () => void): Step {
  const group = spec.group.id
  const channel = spec.channel.id
  const change: Change = {
    ...newChange('channel', `${group}/${channel}`, channel, 'delete'),
    notes: ['after its endpoints; its ingest URLs go with it. A channel made again with this name gets a new ARN and a new distribution']
  }
  return {
    plan: () => change,
    async apply() {
      const answer = await mp.deleteChannel(group, channel)
      if (answer === 'in-use') {
        // Endpoints made after this run read the channel: the guard has not judged them, so they are not deleted blind.
        const left = (await mp.listEndpointNames(group, channel)).join(', ')
        throw new UserError(
          `Channel ${group}/${channel} still has endpoints (${left || 'none listed yet'}) made after this run read it, so it was not deleted. ` +
            'Run again: the next run checks them for viewers and deletes them, then the channel.'
        )
      }
      onDeleted()
      return answer === 'gone' ? { ...change, notes: [...change.notes, 'it was already gone'] } : change
    }
  }
}

/** `channel-groups[0]` from a channel's `channel-groups[0].channels[1]`. */
function groupPath(channelPath: string): string {
  const at = channelPath.lastIndexOf('.channels[')
  return at < 0 ? channelPath : channelPath.slice(0, at)
}

/** Channels the group holds in AWS that the manifest does not retire: while any is there, the group cannot go. */
function keptChannels(spec: V2Spec, names: readonly string[]): string[] {
  const retired = new Set(spec.group.channels.filter((channel) => v2ChannelState(spec.group, channel) === 'absent').map((channel) => channel.id))
  return names.filter((name) => !retired.has(name))
}

function keptMessage(spec: V2Spec, kept: readonly string[], path: string): UserError {
  const message =
    `Channel group ${spec.group.id} is \`state: absent\` but holds ${kept.length === 1 ? 'channel' : 'channels'} ${kept.join(', ')} in AWS, ` +
    'which the manifest does not retire. A group is deleted only with all of its channels: list each of them under the group with `state: absent`, ' +
    'or take `state: absent` off the group. Nothing of the group was deleted.'
  return new UserError(message, [{ message, path }])
}

/**
 * The group goes after its last channel. Every retired channel of the group carries this step after
 * its own channel delete; the one that finds no channel left in the group deletes it (each lists only
 * once its own channel is gone, so the last to finish always sees an empty group). The others leave it
 * to that one, or to a later run when a channel of the group failed or is not in this run.
 */
function groupDeleteStep(mp: MediaPackageV2, spec: V2Spec, path: string): Step {
  const group = spec.group.id
  const change: Change = {
    ...newChange('channel-group', group, group, 'delete'),
    notes: [
      'after the last of its channels: whichever of its channels is deleted last in this run deletes it; its egress domain is gone for good',
      'the account-wide origin access control and cache policy stay: other channels use them'
    ]
  }
  return {
    plan: () => change,
    async apply() {
      const left = await mp.listChannelNames(group)
      const kept = keptChannels(spec, left)
      if (kept.length > 0) throw keptMessage(spec, kept, path)
      // Other retired channels of the group are still there: the last of them deletes the group.
      if (left.length > 0) return undefined
      const answer = await mp.deleteChannelGroup(group)
      if (answer === 'in-use') {
        throw new UserError(`Channel group ${group} got a channel while it was being retired, so it was not deleted. Run again to check that channel.`, [
          { message: `Channel group ${group} got a channel while it was being retired`, path }
        ])
      }
      return answer === 'gone' ? { ...change, notes: [...change.notes, 'it was already gone'] } : change
    }
  }
}

/**
 * A retired channel's origin side: every endpoint at once (all pages, named in the manifest or not),
 * each with its endpoint policy, then the channel, which MediaPackage v2 deletes only once it has no
 * endpoints; then, when the manifest retires the group too, the group after its last channel.
 */
export function retireV2(mp: MediaPackageV2, spec: V2Spec, seen: V2Seen, channelPath: string): RetireWork {
  const group = spec.group.id
  const channel = spec.channel.id
  const path = groupPath(channelPath)
  if (spec.group.state === 'absent' && seen.groupChannels) {
    const kept = keptChannels(spec, seen.groupChannels)
    if (kept.length > 0) throw keptMessage(spec, kept, path)
  }
  const named = new Set((spec.channel.endpoints ?? []).map((endpoint) => endpoint.id))
  let channelGone = !seen.channel
  const steps: StepGroup[] = []
  const endpoints = seen.endpointNames ?? []
  if (endpoints.length > 0) {
    steps.push(
      endpoints.map((endpoint) =>
        endpointDeleteStep(mp, { group, channel, endpoint }, named.has(endpoint) ? [] : ['not in the manifest: a retired channel takes every endpoint with it'])
      )
    )
  }
  if (seen.channel) steps.push(channelDeleteStep(mp, spec, () => (channelGone = true)))
  if (spec.group.state === 'absent' && seen.group) steps.push(groupDeleteStep(mp, spec, path))
  return {
    steps,
    // Nothing to play: a retired channel reports its ARN only while the channel is still there.
    report: () => ({ arn: channelGone ? undefined : seen.channel?.Arn, endpoints: [], ingest: [] })
  }
}
