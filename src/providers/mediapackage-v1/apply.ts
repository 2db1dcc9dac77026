import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import type { VersionedDistribution } from '../../aws/cloudfront.js'
import { awsErrorCode } from '../../aws/errors.js'
import { ASSOC_TAG } from '../../cloudfront/constants.js'
import type { DistributionIntent } from '../../cloudfront/intent.js'
import { UserError } from '../../errors.js'
import type { ChannelSpec } from '../../manifest/definition.js'
import type { Change, ChannelObservation } from '../../workflow/model.js'
import { maskIngestPasswords, pickTagged } from './observe.js'
import { planDistribution, type ChannelPlan, type EndpointStep } from './plan.js'
import { untilDefined, type RetryPolicy } from '../../workflow/retry.js'
import type { Runtime } from '../../workflow/runtime.js'

/** How many times an update is re-read and re-applied after 412 PreconditionFailed before giving up. */
const STALE_RETRIES = 5

/**
 * Creates or updates the channel. A create that fails because another run got there first (AWS's exact
 * answer is not documented, so any failure is checked) reads the channel and carries on.
 */
export async function ensureChannel(rt: Runtime, spec: ChannelSpec, plan: ChannelPlan, observed: ChannelObservation): Promise<Channel> {
  const mediapackage = rt.services.mediapackage
  let channel = observed.channel
  if (!channel) {
    try {
      channel = await mediapackage.createChannel(spec.id, spec.description, spec.tags)
    } catch (error) {
      channel = await mediapackage.describeChannel(spec.id)
      if (!channel) throw error
      plan.channel.details.push('created meanwhile by another run; adopted')
    }
    maskIngestPasswords(channel, rt.log)
    return channel
  }
  if (plan.description !== undefined) channel = { ...channel, ...(await mediapackage.updateChannel(spec.id, plan.description)) }
  if (plan.tags && channel.Arn) await mediapackage.tagResource(channel.Arn, plan.tags)
  maskIngestPasswords(channel, rt.log)
  return channel
}

/**
 * Applies every endpoint step at once (they are independent) and returns all the channel's endpoints
 * as they now are. Each step that succeeded is recorded in `done`, in manifest order, even when another
 * fails: the report must say what was written.
 */
export async function ensureEndpoints(
  rt: Runtime,
  policy: RetryPolicy,
  channelId: string,
  steps: readonly EndpointStep[],
  observed: readonly OriginEndpoint[],
  done: Change[]
): Promise<OriginEndpoint[]> {
  const settled = await Promise.allSettled(steps.map((step) => applyEndpointStep(rt, policy, channelId, step, observed)))
  const byId = new Map(observed.map((endpoint) => [endpoint.Id, endpoint]))
  settled.forEach((outcome, index) => {
    if (outcome.status !== 'fulfilled') return
    done.push(steps[index]!.change)
    if (outcome.value) byId.set(outcome.value.Id, outcome.value)
  })
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
  if (failed) throw failed.reason
  return [...byId.values()]
}

async function applyEndpointStep(
  rt: Runtime,
  policy: RetryPolicy,
  channelId: string,
  step: EndpointStep,
  observed: readonly OriginEndpoint[]
): Promise<OriginEndpoint | undefined> {
  const mediapackage = rt.services.mediapackage
  let endpoint = observed.find((candidate) => candidate.Id === step.change.id)
  if (step.create) endpoint = await createEndpoint(rt, policy, channelId, step)
  if (step.update) endpoint = await mediapackage.updateEndpoint(step.update)
  if (step.tags && endpoint?.Arn) await mediapackage.tagResource(endpoint.Arn, step.tags)
  return endpoint
}

async function createEndpoint(rt: Runtime, policy: RetryPolicy, channelId: string, step: EndpointStep): Promise<OriginEndpoint> {
  const mediapackage = rt.services.mediapackage
  const request = step.create!
  try {
    // Right after CreateChannel, MediaPackage may not know the channel yet (eventual consistency): retry NotFound.
    const created = await untilDefined(policy, async () => {
      try {
        return await mediapackage.createEndpoint(request)
      } catch (error) {
        if (awsErrorCode(error) === 'NotFoundException') return undefined
        throw error
      }
    })
    if (created) return created
    throw new UserError(`Endpoint ${request.Id}: MediaPackage kept answering that channel ${channelId} does not exist. Run again in a minute.`)
  } catch (error) {
    const existing = await mediapackage.describeEndpoint(request.Id!)
    if (!existing) throw error
    if (existing.ChannelId !== channelId) {
      throw new UserError(`Endpoint id ${request.Id} is already used by channel ${existing.ChannelId}. Endpoint ids are unique in a Region: choose another id.`)
    }
    step.change.details.push('created meanwhile by another run; adopted')
    return existing
  }
}

export interface DistributionOutcome {
  distribution: VersionedDistribution
  change: Change
}

/**
 * Creates the channel's distribution or brings the existing one in line, with optimistic concurrency:
 * a 412 means someone changed it since we read it, so we read again, merge again and retry.
 */
export async function ensureDistribution(
  rt: Runtime,
  policy: RetryPolicy,
  intent: DistributionIntent,
  current: VersionedDistribution | undefined
): Promise<DistributionOutcome> {
  const cloudfront = rt.services.cloudfront
  let step = planDistribution(intent, current)
  if (step.action === 'create') {
    const tags = [{ Key: ASSOC_TAG, Value: intent.channelArn }]
    const created = await cloudfront.createDistribution(step.config, tags, `distribution for channel ${intent.channelId}`)
    if (created.kind === 'created') {
      // Report the new distribution by its id, like every other resource.
      return { distribution: created.distribution, change: { ...step.change, id: created.distribution.distribution.Id ?? step.change.id } }
    }
    step = planDistribution(intent, await findCreatedElsewhere(rt, policy, intent))
    step.change.details.unshift('created meanwhile by another run; adopted')
  }
  for (let attempt = 1; ; attempt++) {
    if (step.action === 'create') throw new Error('unreachable: a distribution exists at this point')
    if (step.action === 'unchanged') return { distribution: step.current, change: step.change }
    const id = step.current.distribution.Id!
    const updated = await cloudfront.updateDistribution(id, step.config, step.current.etag)
    if (updated.kind === 'updated') return { distribution: updated.distribution, change: step.change }
    if (attempt >= STALE_RETRIES) {
      throw new UserError(`Distribution ${id} changed under us ${attempt} times in a row (412 PreconditionFailed). Run again when no one else is editing it.`)
    }
    rt.log.info(`distribution ${id} changed since it was read (412); reading it again`)
    const fresh = await cloudfront.getDistribution(id)
    if (!fresh) throw new UserError(`Distribution ${id} disappeared while it was being updated.`)
    step = planDistribution(intent, fresh)
  }
}

/** CreateDistributionWithTags said the CallerReference is taken: find that distribution by its tag (the Tagging API may lag a little). */
async function findCreatedElsewhere(rt: Runtime, policy: RetryPolicy, intent: DistributionIntent): Promise<VersionedDistribution> {
  const found = await untilDefined(policy, async () => {
    const match = pickTagged(await rt.services.findTaggedDistributions(), intent.channelId, intent.channelArn)
    return match ? rt.services.cloudfront.getDistribution(match.id) : undefined
  })
  if (!found) {
    throw new UserError(
      `A distribution was already created for channel ${intent.channelId} (CallerReference derived from ${intent.channelArn}), ` +
        `but no distribution carries the tag ${ASSOC_TAG}=${intent.channelArn}. Restore that tag on it in the CloudFront console, then run again.`
    )
  }
  return found
}
