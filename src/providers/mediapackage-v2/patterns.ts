import type { BehaviorPattern } from '../../cloudfront/intent.js'

/**
 * Every URL of a v2 channel is `/out/v1/<group>/<channel>/<endpoint>/<file>` on its group's egress
 * domain (manifests, child manifests, segments alike), so one behavior on the channel's path serves it
 * all, and the other channels of the group, which share the domain, stay out of this distribution.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 */
export function channelPatterns(group: string, channel: string): BehaviorPattern[] {
  return [{ pattern: `/out/v1/${group}/${channel}/*` }]
}
