import { isChanged } from '../change.js'
import { isUserError } from '../errors.js'
import type { LoadedManifest } from '../manifest/load.js'
import type { ChannelResult } from '../workflow/channel.js'
import type { RunResult } from '../workflow/reconcile.js'
import { formatDuration } from '../workflow/wait.js'
import { annotationsFor } from './annotations.js'
import { channelSection, OUTCOME_LABEL } from './channel-section.js'
import { fit, type Limit, type Section } from './fit.js'
import { distributionConsoleUrl } from './links.js'
import { alert, cell } from './markdown.js'
import type { ReportOptions } from './options.js'
import { redactorFor } from './redact.js'
import { totalMs } from './timings.js'
import { changeCounts, headline, statusLine } from './verdict.js'

/** GitHub refuses a job summary over 1 MiB per step; stay clear of it. */
export const JOB_SUMMARY_MAX_BYTES = 1_000_000
/** A pull-request comment holds at most 65,536 characters; the comment around the output needs some. */
export const SUMMARY_MARKDOWN_MAX_CHARS = 60_000

const NO_STREAM_YET =
  'A playback URL answers 404 until an encoder pushes a stream to the channel’s ingest URLs; then CloudFront serves what MediaPackage packages.'

function title(mode: RunResult['mode'] | undefined): string {
  if (mode === 'plan') return 'MediaPackage + CloudFront: plan (nothing was changed)'
  if (mode === 'apply') return 'MediaPackage + CloudFront: apply'
  return 'MediaPackage + CloudFront'
}

function distributionCell(channel: ChannelResult, mode: RunResult['mode']): string {
  if (channel.distributionId) return `[${channel.distributionId}](${distributionConsoleUrl(channel.distributionId)}) ${channel.distributionStatus ?? ''}`.trim()
  const creates = channel.changes.some((change) => change.resource === 'distribution' && change.action === 'create')
  return creates && mode === 'plan' ? 'to create' : '—'
}

/** A retired channel's result: what is (or will be) left of it. */
function retiredResult(channel: ChannelResult, mode: RunResult['mode']): string {
  if (channel.outcome === 'failed') return OUTCOME_LABEL.failed
  if (mode === 'plan') return isChanged(channel.changes) ? '🗑️ to retire' : '🗑️ retired'
  if (channel.message) return '⏸️ teardown paused: run again'
  return channel.distributionId ? '🗑️ retired (distribution kept, disabled)' : '🗑️ retired'
}

function overview(result: RunResult): string[] {
  const rows = result.channels.map((channel) => {
    const time = channel.timings.length > 0 ? formatDuration(totalMs(channel.timings)) : ''
    const outcome = channel.state === 'absent' ? retiredResult(channel, result.mode) : OUTCOME_LABEL[channel.outcome]
    return `| ${cell(channel.id)} | ${outcome} | ${changeCounts(channel, result.mode)} | ${distributionCell(channel, result.mode)} | ${time} | ${channel.cdnUrl ?? ''} |`
  })
  return ['| Channel | Result | Changes | Distribution | Time | CDN URL |', '| --- | --- | --- | --- | --- | --- |', ...rows, '']
}

function head(result: RunResult, options: ReportOptions): string {
  const lines = [`## ${title(result.mode)}`, '']
  for (const line of headline(result)) lines.push(line, '')
  lines.push(statusLine(result), '', ...overview(result))
  if (result.channels.some((channel) => channel.endpoints.some((endpoint) => endpoint.playbackUrls.length > 0))) lines.push(`_${NO_STREAM_YET}_`, '')
  if (options.detail === 'minimal') lines.push('_Origin hosts, ingest URLs and ingest usernames are left out (`summary-detail: minimal`)._', '')
  return lines.join('\n')
}

function priority(channel: ChannelResult): number {
  if (channel.outcome === 'failed') return 0
  if (channel.outcome === 'still-deploying') return 1
  return isChanged(channel.changes) ? 2 : 3
}

function sections(result: RunResult, options: ReportOptions): Section[] {
  const redact = redactorFor(result, options.detail)
  const single = result.channels.length === 1
  return result.channels.map((channel) => ({
    text: channelSection(channel, { mode: result.mode, options, redact, open: single || channel.outcome !== 'ok' }),
    priority: priority(channel),
    label: channel.id
  }))
}

function leftOutNote(where: string): Limit['note'] {
  return (left) => {
    const named = left.length > 20 ? `${left.slice(0, 20).join(', ')} and ${left.length - 20} more` : left.join(', ')
    return `> [!NOTE]\n> Cut to stay within ${where}: the details of ${named} are left out.\n`
  }
}

/** The job summary: headline, status line and overview, then each channel's details, folded. */
export function renderSummary(result: RunResult, options: ReportOptions): string {
  return withPermissions(
    fit(head(result, options), sections(result, options), {
      max: JOB_SUMMARY_MAX_BYTES,
      measure: (text) => Buffer.byteLength(text),
      note: leftOutNote('GitHub’s 1 MiB job-summary limit')
    }),
    options
  )
}

/** The denied-permissions statement goes last, whatever was cut: it is what the reader must act on. */
function withPermissions(markdown: string, options: ReportOptions): string {
  return options.permissions ? `${markdown}\n${options.permissions}` : markdown
}

/** The same Markdown for the `summary-markdown` output, short enough for a pull-request comment. */
export function summaryMarkdown(result: RunResult, options: ReportOptions): string {
  const where = options.runUrl ? `a pull-request comment; the [job summary](${options.runUrl}) has them` : 'a pull-request comment; the job summary has them'
  const room = SUMMARY_MARKDOWN_MAX_CHARS - (options.permissions?.length ?? 0)
  return withPermissions(
    fit(head(result, options), sections(result, options), { max: room, measure: (text) => text.length, note: leftOutNote(where) }),
    options
  )
}

const MAX_PROBLEMS = 50

/**
 * The summary of a run that stopped before reconciling (a bad input or manifest, no Region): what is
 * wrong, at which line. A bug says its first line only; its stack is in the log.
 */
export function renderFailure(
  error: unknown,
  context: { mode?: RunResult['mode'] | undefined; loaded?: LoadedManifest | undefined; options: ReportOptions }
): string {
  const redact = redactorFor({ mode: context.mode ?? 'apply', channels: [], changed: false, failures: [] }, context.options.detail)
  const problems = isUserError(error)
    ? annotationsFor(error, context.loaded).map((annotation) => {
        const position = annotation.position
        const where = !position ? '' : position.line === undefined ? `${position.file}: ` : `${position.file}:${position.line}:${position.col ?? 1}: `
        return `${where}${annotation.message}`
      })
    : [`Unexpected failure (a bug; the log has its stack): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]
  const shown =
    problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `…and ${problems.length - MAX_PROBLEMS} more; the log has all of them.`] : problems
  const verdict = isUserError(error)
    ? '❌ **The run stopped before reconciling any channel; nothing was changed.**'
    : '❌ **The run stopped on an unexpected error.**'
  const lines = [`## ${title(context.mode)}`, '', verdict, '']
  lines.push(...alert('CAUTION', redact(shown.join('\n'))))
  return withPermissions(lines.join('\n'), context.options)
}
