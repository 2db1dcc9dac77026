import { changeDetails, isChanged, type Change } from '../change.js'
import type { ChannelResult } from '../workflow/channel.js'
import type { RunResult } from '../workflow/reconcile.js'
import { formatDuration } from '../workflow/wait.js'

/** Markdown table cells must not break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** Console deep links, in the form AWS's Media Services Application Mapper uses for MediaPackage. */
function channelConsoleUrl(channelId: string, region: string): string {
  return `https://${region}.console.aws.amazon.com/mediapackage/home?region=${region}#/channels/${encodeURIComponent(channelId)}`
}

function consoleLinks(channel: ChannelResult, region: string): string[] {
  const links: string[] = []
  if (channel.arn) links.push(`[MediaPackage channel](${channelConsoleUrl(channel.id, region)})`)
  if (channel.distributionId) {
    links.push(`[CloudFront distribution](https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/${channel.distributionId})`)
  }
  return links
}

const ACTION_LABEL: Record<Change['action'], string> = {
  create: '🆕 create',
  update: '✏️ update',
  delete: '🗑️ delete',
  disable: '⏸️ disable',
  unchanged: '✔️ unchanged'
}

function changeTable(changes: readonly Change[], mode: RunResult['mode']): string[] {
  if (changes.length === 0) return []
  const verb = mode === 'plan' ? 'Planned' : 'Action'
  return [
    `| Resource | Id | ${verb} | What differs |`,
    '| --- | --- | --- | --- |',
    ...changes.map(
      (change) =>
        `| ${change.resource} | ${cell(change.id ?? `${change.name} (id known after apply)`)} | ${ACTION_LABEL[change.action]} | ${cell(changeDetails(change).join('; '))} |`
    ),
    ''
  ]
}

function channelSection(channel: ChannelResult, mode: RunResult['mode'], region: string): string[] {
  const lines = [`### Channel \`${channel.id}\``, '']
  if (channel.message) lines.push(channel.outcome === 'failed' ? '> [!CAUTION]' : '> [!WARNING]', `> ${cell(channel.message)}`, '')
  lines.push(...changeTable(channel.changes, mode))
  if (channel.distributionId) {
    const waited = channel.waitedMs !== undefined ? ` (waited ${formatDuration(channel.waitedMs)})` : ''
    lines.push(`Distribution **${channel.distributionId}** (${channel.distributionDomain}): **${channel.distributionStatus}**${waited}`, '')
  }
  if (channel.cdnUrl) lines.push(`CDN URL: ${channel.cdnUrl}`, '')
  const endpoints = channel.endpoints.filter((endpoint) => endpoint.playbackUrls.length > 0)
  if (endpoints.length > 0) {
    lines.push('| Endpoint | Packaging | Playback URL |', '| --- | --- | --- |')
    for (const endpoint of endpoints) {
      const link = `[${cell(endpoint.id)}](${channelConsoleUrl(channel.id, region)}/endpoints/${encodeURIComponent(endpoint.id)})`
      for (const url of endpoint.playbackUrls) lines.push(`| ${link} | ${endpoint.packaging.toUpperCase()} | ${url} |`)
    }
    lines.push('')
  }
  if (channel.ingest.length > 0) {
    lines.push('Ingest (passwords are in MediaPackage, never here):', '')
    for (const ingest of channel.ingest) lines.push(`- ${ingest.url} (user \`${ingest.username}\`)`)
    lines.push('')
  }
  const links = consoleLinks(channel, region)
  if (links.length > 0) lines.push(links.join(' · '), '')
  return lines
}

/** A retired channel in the overview: what is (or will be) left of it. */
function retiredStatus(channel: ChannelResult, mode: RunResult['mode']): string {
  if (mode === 'plan') return isChanged(channel.changes) ? '🗑️ to retire' : '🗑️ retired'
  if (channel.message) return '⏸️ teardown paused: run again'
  return channel.distributionId ? '🗑️ retired (distribution kept, disabled)' : '🗑️ retired'
}

/** The job summary: an overview, then per channel what changed, the distribution and its URLs. */
export function renderSummary(result: RunResult, region: string): string {
  const title = result.mode === 'plan' ? 'MediaPackage + CloudFront: plan (nothing was changed)' : 'MediaPackage + CloudFront: apply'
  const verdict =
    result.mode === 'plan'
      ? result.changed
        ? 'Apply would change resources.'
        : 'Apply would change nothing.'
      : result.changed
        ? 'Resources were changed.'
        : 'Everything already matched: nothing was written.'
  const lines = [`## ${title}`, '', verdict, '', '| Channel | Distribution | Status | CDN URL |', '| --- | --- | --- | --- |']
  for (const channel of result.channels) {
    const status =
      channel.outcome === 'failed'
        ? '❌ failed'
        : channel.outcome === 'still-deploying'
          ? '⏳ still deploying (changes applied)'
          : channel.state === 'absent'
            ? retiredStatus(channel, result.mode)
            : (channel.distributionStatus ?? (result.mode === 'plan' ? 'to create' : ''))
    lines.push(`| ${cell(channel.id)} | ${channel.distributionId ?? ''} | ${status} | ${channel.cdnUrl ?? ''} |`)
  }
  lines.push('')
  for (const channel of result.channels) lines.push(...channelSection(channel, result.mode, region))
  return lines.join('\n')
}
