import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import { newChange, type Change } from '../../change.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import type { RetireWork, ViewerProbe } from '../../workflow/provider.js'
import type { Step, StepGroup } from '../../workflow/steps.js'
import type { V1Clients, V1Seen } from './observe.js'
import { packagingOfEndpoint } from './plan.js'

/** The GUID at the end of a MediaPackage ARN: CloudWatch's Channel and OriginEndpoint dimensions are these, not the ids. */
export function arnGuid(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** `arn:aws:mediapackage:<region>:…`: MediaPackage publishes its metrics in the channel's Region. */
function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? ''
}

/** Endpoints of the manifest marked `state: absent`, by id. */
export function retiredEndpointIds(spec: ChannelSpec): Set<string> {
  return new Set((spec.endpoints ?? []).filter((endpoint) => endpoint.state === 'absent').map((endpoint) => endpoint.id))
}

/** The endpoints this run deletes: all of a retired channel's (all pages, named or not), else those retired on their own that exist. */
export function doomedEndpoints(spec: ChannelSpec, seen: V1Seen): OriginEndpoint[] {
  if (spec.state === 'absent') return seen.endpoints
  const retired = retiredEndpointIds(spec)
  return seen.endpoints.filter((endpoint) => retired.has(endpoint.Id ?? ''))
}

/**
 * Each endpoint to delete with the metric of its viewers: AWS/MediaPackage EgressRequestCount by Channel
 * and OriginEndpoint, the GUIDs of the ARNs. An endpoint is judged by its own egress only.
 * https://docs.aws.amazon.com/mediapackage/latest/ug/metrics.html
 */
export function viewerProbesV1(spec: ChannelSpec, seen: V1Seen): ViewerProbe[] {
  const channelArn = seen.channel?.Arn
  if (!channelArn) return []
  return doomedEndpoints(spec, seen)
    .filter((endpoint) => endpoint.Id && endpoint.Arn)
    .map((endpoint) => ({
      resource: 'endpoint',
      id: endpoint.Id!,
      region: arnRegion(channelArn),
      series: {
        namespace: 'AWS/MediaPackage',
        metricName: 'EgressRequestCount',
        dimensions: { Channel: arnGuid(channelArn), OriginEndpoint: arnGuid(endpoint.Arn!) }
      }
    }))
}

/** Deletes one endpoint; one already gone is done (a run cut short, or a person, got there first). */
export function endpointDeleteStep(clients: V1Clients, endpoint: OriginEndpoint, notes: readonly string[], onDeleted: () => void = () => {}): Step {
  const id = endpoint.Id!
  const packaging = packagingOfEndpoint(endpoint)
  const change: Change = {
    ...newChange('endpoint', id, id, 'delete'),
    notes: [
      `${packaging ? `${packaging.toUpperCase()} endpoint: its` : 'Its'} URLs stop working at once; an endpoint made again with this id gets new ones`,
      ...notes
    ]
  }
  return {
    plan: () => change,
    async apply() {
      const answer = await clients.mediapackage.deleteEndpoint(id)
      onDeleted()
      return answer === 'gone' ? { ...change, notes: [...change.notes, 'it was already gone'] } : change
    }
  }
}

function channelDeleteStep(clients: V1Clients, channel: Channel, onDeleted: () => void): Step {
  const id = channel.Id!
  const change: Change = {
    ...newChange('channel', id, id, 'delete'),
    notes: [
      'after its endpoints; its ingest URLs and credentials go with it. A channel made again with this id gets a new ARN, new ingest credentials and a new distribution'
    ]
  }
  return {
    plan: () => change,
    async apply() {
      const answer = await clients.mediapackage.deleteChannel(id)
      if (answer === 'has-endpoints') {
        // Endpoints made after this run read the channel: the guard has not judged them, so they are not deleted blind.
        const left = (await clients.mediapackage.listEndpoints(id)).map((endpoint) => endpoint.Id).join(', ')
        throw new UserError(
          `Channel ${id} still has endpoints (${left || 'none listed yet'}) made after this run read it, so it was not deleted. ` +
            'Run again: the next run checks them for viewers and deletes them, then the channel.'
        )
      }
      onDeleted()
      return answer === 'gone' ? { ...change, notes: [...change.notes, 'it was already gone'] } : change
    }
  }
}

/**
 * A retired channel's origin side: every endpoint at once (all pages, named in the manifest or not),
 * then the channel, which MediaPackage deletes only once it has no endpoints. The CDN authorization
 * secret is not deleted: other channels may share it.
 */
export function retireV1(clients: V1Clients, spec: ChannelSpec, seen: V1Seen): RetireWork {
  const named = new Set((spec.endpoints ?? []).map((endpoint) => endpoint.id))
  let channelGone = !seen.channel
  const steps: StepGroup[] = []
  if (seen.endpoints.length > 0) {
    steps.push(
      seen.endpoints.map((endpoint) =>
        endpointDeleteStep(clients, endpoint, named.has(endpoint.Id ?? '') ? [] : ['not in the manifest: a retired channel takes every endpoint with it'])
      )
    )
  }
  if (seen.channel) steps.push(channelDeleteStep(clients, seen.channel, () => (channelGone = true)))
  return {
    steps,
    // Nothing to play: a retired channel reports its ARN only while the channel is still there.
    report: () => ({ arn: channelGone ? undefined : seen.channel?.Arn, endpoints: [], ingest: [] })
  }
}
