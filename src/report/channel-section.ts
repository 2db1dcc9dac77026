import type { Change } from '../change.js'
import type { ChannelResult, EndpointResult } from '../workflow/channel.js'
import type { RunResult } from '../workflow/reconcile.js'
import { formatDuration } from '../workflow/wait.js'
import { changeParts, changeTarget } from './change-text.js'
import { channelConsoleUrl, endpointConsoleUrl } from './links.js'
import { alert, cell, codeCell, html, prose } from './markdown.js'
import type { ReportOptions } from './options.js'
import { testPlayers } from './players.js'
import type { Redact } from './redact.js'
import { changeCounts } from './verdict.js'
import { timingsText, totalMs } from './timings.js'
import { manifestChannels } from '../manifest/channels.js'

export interface SectionContext {
  mode: RunResult['mode']
  options: ReportOptions
  redact: Redact
  /** Shown unfolded (a run of one channel, or a channel that did not end ok). */
  open: boolean
}

const ACTION_LABEL: Record<Change['action'], string> = {
  create: '🆕 create',
  update: '✏️ update',
  delete: '🗑️ delete',
  disable: '⏸️ disable',
  unchanged: '✔️ unchanged'
}

export const OUTCOME_LABEL: Record<ChannelResult['outcome'], string> = {
  ok: '✅ ok',
  failed: '❌ failed',
  'still-deploying': '⏳ still deploying (changes applied)'
}

function changeTable(changes: readonly Change[], ctx: SectionContext): string[] {
  if (changes.length === 0) return []
  const verb = ctx.mode === 'plan' ? 'Planned' : 'Action'
  const rows = changes.map((change) => {
    const { fields, notes } = changeParts(change, ctx.redact)
    const differs = [...fields.map(codeCell), ...notes.map(prose)].join('<br>')
    return `| ${change.resource} | ${cell(changeTarget(change))} | ${ACTION_LABEL[change.action]} | ${differs} |`
  })
  return [`| Resource | Id | ${verb} | What differs |`, '| --- | --- | --- | --- |', ...rows, '']
}

function distributionLines(channel: ChannelResult): string[] {
  if (!channel.distributionId) return []
  const waited = channel.waitedMs !== undefined ? ` (waited ${formatDuration(channel.waitedMs)})` : ''
  return [`Distribution **${channel.distributionId}** (${channel.distributionDomain ?? ''}): **${channel.distributionStatus ?? ''}**${waited}`, '']
}

/** The DNS records a custom domain needs: each alias points at the distribution's cloudfront.net name. */
function cnameLines(channel: ChannelResult, ctx: SectionContext): string[] {
  const manifest = ctx.options.manifest
  const aliases = (manifest ? manifestChannels(manifest) : []).find((spec) => spec.id === channel.id)?.distribution?.aliases ?? []
  if (aliases.length === 0) return []
  const target = channel.distributionDomain ?? '(the distribution’s cloudfront.net name, known after apply)'
  return [
    'DNS records to create for the aliases (or Route 53 alias records to the distribution):',
    '',
    '```text',
    ...aliases.map((alias) => `${alias} CNAME ${target}`),
    '```',
    ''
  ]
}

function playerCell(url: string): string {
  const players = testPlayers(url)
  return players.length > 0 ? players.map((player) => `[${player.name}](${player.url})`).join(' · ') : '—'
}

function hasConsoleLinks(channel: ChannelResult): boolean {
  return channel.provider === 'mediapackage-v1'
}

function endpointRows(channel: ChannelResult, endpoint: EndpointResult, ctx: SectionContext): string[] {
  // The deep links are MediaPackage v1's console; a v2 channel's id is shown as it is.
  const link = hasConsoleLinks(channel) ? `[${cell(endpoint.id)}](${endpointConsoleUrl(channel.id, endpoint.id, ctx.options.region)})` : cell(endpoint.id)
  const full = ctx.options.detail === 'full'
  // Without a distribution there is no playback URL yet; plan mode says when there will be.
  const none = ctx.mode === 'plan' ? '(known after apply)' : '—'
  const row = (playback: string | undefined, origin: string | undefined) =>
    `| ${link} | ${cell(endpoint.packaging.toUpperCase())} | ${playback ?? none} | ${playback ? playerCell(playback) : '—'} |${full ? ` ${origin ?? '—'} |` : ''}`
  if (endpoint.playbackUrls.length > 0) return endpoint.playbackUrls.map((url, index) => row(url, endpoint.originUrls[index]))
  if (full && endpoint.originUrls.length > 0) return endpoint.originUrls.map((url) => row(undefined, url))
  return [row(undefined, undefined)]
}

function endpointTable(channel: ChannelResult, ctx: SectionContext): string[] {
  if (channel.endpoints.length === 0) return []
  const full = ctx.options.detail === 'full'
  return [
    `| Endpoint | Packaging | Playback URL | Test player |${full ? ' Origin URL |' : ''}`,
    `| --- | --- | --- | --- |${full ? ' --- |' : ''}`,
    ...channel.endpoints.flatMap((endpoint) => endpointRows(channel, endpoint, ctx)),
    ''
  ]
}

function ingestLines(channel: ChannelResult, ctx: SectionContext): string[] {
  if (ctx.options.detail !== 'full' || channel.ingest.length === 0) return []
  return [
    'Ingest (passwords are in MediaPackage, never here):',
    '',
    ...channel.ingest.map((ingest) => `- ${ingest.url}${ingest.username ? ` (user \`${ingest.username}\`)` : ''}`),
    ''
  ]
}

/** The line that stays visible while the details are folded: which channel, how it ended, what changed, how long. */
export function foldLine(channel: ChannelResult, mode: RunResult['mode']): string {
  const time = channel.timings.length > 0 ? ` · ${formatDuration(totalMs(channel.timings))}` : ''
  return `<b>${html(channel.id)}</b> · ${OUTCOME_LABEL[channel.outcome]} · ${changeCounts(channel, mode)}${time}`
}

/** One channel's details, folded in `<details>` so a run of 50 channels stays readable. */
export function channelSection(channel: ChannelResult, ctx: SectionContext): string {
  const lines = [`<details${ctx.open ? ' open' : ''}><summary>${foldLine(channel, ctx.mode)}</summary>`, '', `### Channel \`${channel.id}\``, '']
  if (channel.message) lines.push(...alert(channel.outcome === 'failed' ? 'CAUTION' : 'WARNING', ctx.redact(channel.message)))
  lines.push(...changeTable(channel.changes, ctx))
  lines.push(...distributionLines(channel))
  lines.push(...cnameLines(channel, ctx))
  if (channel.cdnUrl) lines.push(`CDN URL: ${channel.cdnUrl}`, '')
  lines.push(...endpointTable(channel, ctx))
  lines.push(...ingestLines(channel, ctx))
  const timings = timingsText(channel.timings)
  if (timings) lines.push(`Timings: ${timings}`, '')
  if (channel.arn && hasConsoleLinks(channel)) lines.push(`[MediaPackage channel](${channelConsoleUrl(channel.id, ctx.options.region)})`, '')
  lines.push('</details>', '')
  return lines.join('\n')
}
