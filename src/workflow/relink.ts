import type { DistributionSummary } from '@aws-sdk/client-cloudfront'
import { isHole, newChange } from '../change.js'
import type { VersionedDistribution } from '../aws/cloudfront.js'
import { callerReferenceFor } from '../cloudfront/parts.js'
import { UserError } from '../errors.js'
import type { DistributionSide } from './provider.js'
import type { Runtime } from './runtime.js'
import type { Step } from './steps.js'

/**
 * A channel that exists but has no distribution carrying its link tag: someone removed or edited the
 * tag, or the run that created the channel never got to its distribution. Before making one, look
 * (once, on this rare path) for a distribution that is this channel's already:
 * - one with the action's CallerReference for this channel is ours: re-adopt it and restore the tag;
 * - one on the channel's origin host whose comment names the channel (the console makes these) would
 *   get a twin: stop, name it, and say how to link it.
 * https://docs.aws.amazon.com/mediapackage/latest/ug/cdns-edit.html
 */
export async function findLostDistribution(options: {
  rt: Runtime
  channel: string
  side: DistributionSide
  hasEndpoints: boolean
}): Promise<VersionedDistribution | undefined> {
  const { rt, channel, side } = options
  const link = side.link.value
  if (isHole(link)) return undefined
  const reference = callerReferenceFor(side.callerReferencePrefix, link)
  const host = side.origin.kind === 'host' ? side.origin.host : undefined
  const summaries = await rt.services.cloudfront.listDistributions()
  const onHost = (summary: DistributionSummary) =>
    (summary.Origins?.Items ?? []).some(
      (origin) => (origin.DomainName === host || origin.DomainName === side.placeholder?.host) && (origin.OriginPath ?? '') === ''
    )
  // The CallerReference is only in the config: read the few that could be ours.
  const candidates = summaries.filter((summary) => summary.Id && (onHost(summary) || summary.Comment?.includes(channel)))
  for (const summary of candidates) {
    const found = await rt.services.cloudfront.getDistribution(summary.Id!)
    if (found?.distribution.DistributionConfig?.CallerReference === reference) return found
  }
  const twin = candidates.find((summary) => host !== undefined && onHost(summary) && summary.Comment?.includes(channel))
  if (twin && options.hasEndpoints) {
    throw new UserError(
      `Channel ${channel} has no distribution tagged ${side.link.key}=${link}, but distribution ${twin.Id} ("${twin.Comment}") serves its endpoints' host ` +
        `and names the channel: it is probably the channel's, with its tag removed. Add the tag ${side.link.key} = ${link} to ${twin.Id} in the ` +
        'CloudFront console to have the action manage it, then run again. The action will not create a second distribution for the channel.'
    )
  }
  return undefined
}

/** Puts the link tag back on a distribution found by its CallerReference. */
export function restoreLinkStep(options: { rt: Runtime; channel: string; side: () => DistributionSide; distribution: VersionedDistribution }): Step {
  const { distribution } = options
  const link = options.side().link
  const change = newChange('distribution', distribution.distribution.Id, `distribution of ${options.channel}`, 'update')
  change.fields.push({ field: `tags.${link.key}`, to: isHole(link.value) ? undefined : link.value })
  change.notes.push('the link tag was missing: restored (found by the CallerReference the action gave it)')
  return {
    plan: () => change,
    async apply() {
      if (isHole(link.value)) throw new Error(`${options.channel}: no link value to restore`)
      await options.rt.services.cloudfront.tagDistribution(distribution.distribution.ARN!, [{ Key: link.key, Value: link.value }])
      options.rt.log.warning(`${options.channel}: distribution ${distribution.distribution.Id} had lost its tag ${link.key}; the tag is restored.`)
      return change
    }
  }
}
