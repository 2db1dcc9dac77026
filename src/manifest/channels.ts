import type { ChannelGroupSpec, ChannelSpec, DistributionSpec, Manifest, ResourceState, V2ChannelSpec } from './definition.js'

/**
 * Every channel of the manifest, MediaPackage v1 and v2 alike, by the id the run reports it under:
 * a v1 channel's id, or `group/channel` for a v2 channel (v2 channel names are unique only within
 * their group, so two groups may both have a `news`).
 */
export type ManifestChannel =
  | { kind: 'v1'; id: string; path: string; spec: ChannelSpec; distribution?: DistributionSpec | undefined }
  | { kind: 'v2'; id: string; path: string; group: ChannelGroupSpec; spec: V2ChannelSpec; distribution?: DistributionSpec | undefined }

export function v2ChannelId(group: string, channel: string): string {
  return `${group}/${channel}`
}

/** A v2 channel's state: its own, else its group's (a retired group retires every channel in it). */
export function v2ChannelState(group: ChannelGroupSpec, channel: V2ChannelSpec): ResourceState {
  return channel.state ?? group.state ?? 'present'
}

export function manifestChannels(manifest: Manifest): ManifestChannel[] {
  const v1 = (manifest.channels ?? []).map(
    (spec, index): ManifestChannel => ({ kind: 'v1', id: spec.id, path: `channels[${index}]`, spec, distribution: spec.distribution })
  )
  const v2 = (manifest['channel-groups'] ?? []).flatMap((group, g) =>
    group.channels.map(
      (spec, c): ManifestChannel => ({
        kind: 'v2',
        id: v2ChannelId(group.id, spec.id),
        path: `channel-groups[${g}].channels[${c}]`,
        group,
        spec,
        distribution: spec.distribution
      })
    )
  )
  return [...v1, ...v2]
}

/**
 * Whether `wanted` (a `channels` input entry) names this channel: a v1 channel by its id; a v2 channel
 * by `group/channel`, or by its bare name, which then selects it in every group that has it.
 */
export function channelMatches(channel: ManifestChannel, wanted: string): boolean {
  if (channel.id === wanted) return true
  return channel.kind === 'v2' && channel.spec.id === wanted
}
