import { isChanged } from '../change.js'
import type { ChannelResult } from '../workflow/channel.js'
import type { RunResult } from '../workflow/reconcile.js'
import { changeParts } from './change-text.js'
import type { ReportOptions } from './options.js'
import { redactField, redactorFor, type Redact } from './redact.js'
import { summaryMarkdown } from './summary.js'

/** Endpoint id → first playback URL (CMAF: its first manifest). Endpoint ids are unique in a manifest. */
export function playbackUrls(channels: readonly ChannelResult[]): Record<string, string> {
  const urls: Record<string, string> = {}
  for (const channel of channels) {
    for (const endpoint of channel.endpoints) if (endpoint.playbackUrls[0]) urls[endpoint.id] = endpoint.playbackUrls[0]
  }
  return urls
}

/**
 * One channel as it appears in the `channels` output; keys match the single-value outputs. Under
 * `summary-detail: minimal` the origin URLs and the ingest are left out, not emptied, so no one reads
 * an empty list as "none".
 */
function channelOutput(channel: ChannelResult, options: ReportOptions, redact: Redact): Record<string, unknown> {
  const full = options.detail === 'full'
  return {
    id: channel.id,
    'channel-arn': channel.arn ?? '',
    'distribution-id': channel.distributionId ?? '',
    'distribution-domain': channel.distributionDomain ?? '',
    'distribution-status': channel.distributionStatus ?? '',
    'cdn-url': channel.cdnUrl ?? '',
    'playback-urls': playbackUrls([channel]),
    endpoints: channel.endpoints.map((endpoint) => ({
      id: endpoint.id,
      packaging: endpoint.packaging,
      ...(full ? { 'origin-urls': endpoint.originUrls } : {}),
      'playback-urls': endpoint.playbackUrls
    })),
    ...(full ? { ingest: channel.ingest } : {}),
    changed: isChanged(channel.changes),
    status: channel.outcome,
    ...(channel.message ? { error: redact(channel.message) } : {})
  }
}

/**
 * The step outputs (action.yml). Single-value outputs describe the first channel of the manifest; the
 * `channels` output has every channel. Ingest passwords are never part of a result, so never here.
 */
export function actionOutputs(result: RunResult, options: ReportOptions): Record<string, string> {
  const first = result.channels[0]
  const redact = redactorFor(result, options.detail)
  return {
    'cdn-url': first?.cdnUrl ?? '',
    'distribution-id': first?.distributionId ?? '',
    'distribution-domain': first?.distributionDomain ?? '',
    'distribution-status': first?.distributionStatus ?? '',
    'channel-arn': first?.arn ?? '',
    'playback-urls': JSON.stringify(playbackUrls(result.channels)),
    channels: JSON.stringify(result.channels.map((channel) => channelOutput(channel, options, redact))),
    changed: String(result.changed),
    changes: JSON.stringify(
      result.channels.flatMap((channel) =>
        channel.changes.map((change) => {
          const { fields, notes } = changeParts(change, redact)
          return {
            channel: channel.id,
            resource: change.resource,
            // null while only apply can know it (a new distribution's id)
            id: change.id ?? null,
            name: change.name,
            action: change.action,
            details: [...fields, ...notes],
            fields: change.fields.map((field) => redactField(field, redact))
          }
        })
      )
    ),
    'summary-markdown': summaryMarkdown(result, options)
  }
}
