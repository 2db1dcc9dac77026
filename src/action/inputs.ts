import { UserError, type Problem } from '../errors.js'
import { parseProxyUrl } from '../aws/proxy.js'
import { excerpt } from '../manifest/errors.js'
import { DEFAULT_MANIFEST_PATH } from '../manifest/load.js'
import { actionInput, startOfMessage } from './edge.js'
import { SUMMARY_DETAILS, type SummaryDetail } from '../report/options.js'

export interface Inputs {
  manifest: string
  awsRegion?: string | undefined
  mode: 'apply' | 'plan'
  wait: boolean
  waitTimeoutMinutes: number
  /** Only these channel ids, when given. */
  channels?: string[] | undefined
  maxConcurrency: number
  /** The proxy for every AWS call; wins over HTTPS_PROXY. */
  httpProxy?: string | undefined
  /** `minimal` keeps origin hosts and ingest out of the summary and the outputs. */
  summaryDetail: SummaryDetail
  /** Whether apply may delete or disable what the manifest retires (`state: absent`). */
  allowDelete: boolean
  /** Refuse a channel's deletes when it had viewers in this many minutes; 0 skips the check. */
  viewerGuardMinutes: number
}

export const DEFAULT_INPUTS = {
  manifest: DEFAULT_MANIFEST_PATH,
  mode: 'apply',
  wait: 'true',
  'wait-timeout-minutes': '30',
  'max-concurrency': '10',
  'summary-detail': 'full',
  'allow-delete': 'false',
  'viewer-guard-minutes': '15'
} as const

/** GitHub's job limit is 6 h; a longer wait could never finish. */
const MAX_WAIT_MINUTES = 360
/** A day: CloudWatch keeps the 1-minute points the guard reads for 15 days, but a longer window guards nothing more. */
const MAX_GUARD_MINUTES = 1440

function parseBoolean(text: string): boolean | undefined {
  return /^(true|True|TRUE)$/.test(text) ? true : /^(false|False|FALSE)$/.test(text) ? false : undefined
}

/** The channel ids of a `channels` value: separated by commas and any whitespace, empty pieces dropped. */
export function channelIds(text: string): string[] {
  return text.split(/[\s,]+/).filter((id) => id.length > 0)
}

/**
 * Parses the inputs (strings, as GitHub passes them: '' for one not given) into typed values,
 * reporting every bad input at once. No parse-or-default: a value that is given must be valid. `input`
 * names an input in messages (`input wait`, or `--wait` for the CLI).
 */
export function parseInputs(read: (name: string) => string, input: (name: string) => string = actionInput): Inputs {
  const problems: Problem[] = []
  const get = (name: keyof typeof DEFAULT_INPUTS | 'aws-region' | 'channels' | 'http-proxy'): string => {
    const value = read(name).trim()
    return value === '' ? ((DEFAULT_INPUTS as Record<string, string>)[name] ?? '') : value
  }
  const problem = (name: string, message: string): void => {
    problems.push({ message: `${startOfMessage(input(name))}: ${message}`, path: name })
  }
  const bad = (name: string, value: string, allowed: string): void => problem(name, `"${excerpt(value)}" is not valid; ${allowed}.`)

  const mode = get('mode')
  if (mode !== 'apply' && mode !== 'plan') bad('mode', mode, 'use apply or plan')

  const waitText = get('wait')
  const wait = parseBoolean(waitText)
  if (wait === undefined) bad('wait', waitText, 'use true or false')

  const timeoutText = get('wait-timeout-minutes')
  const timeout = /^\d+(\.\d+)?$/.test(timeoutText) ? Number(timeoutText) : NaN
  if (!(timeout > 0 && timeout <= MAX_WAIT_MINUTES))
    bad('wait-timeout-minutes', timeoutText, `use minutes above 0 and at most ${MAX_WAIT_MINUTES}, decimals allowed (e.g. 30 or 2.5)`)

  const concurrencyText = get('max-concurrency')
  const concurrency = /^\d+$/.test(concurrencyText) ? Number(concurrencyText) : NaN
  if (!(concurrency >= 1 && concurrency <= 50)) bad('max-concurrency', concurrencyText, 'use a whole number from 1 to 50')

  const allowDeleteText = get('allow-delete')
  const allowDelete = parseBoolean(allowDeleteText)
  if (allowDelete === undefined) bad('allow-delete', allowDeleteText, 'use true or false')

  const guardText = get('viewer-guard-minutes')
  const guard = /^\d+$/.test(guardText) ? Number(guardText) : NaN
  if (!(guard >= 0 && guard <= MAX_GUARD_MINUTES)) bad('viewer-guard-minutes', guardText, `use whole minutes from 0 (no check) to ${MAX_GUARD_MINUTES}`)

  const region = get('aws-region')
  if (region && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) bad('aws-region', region, 'use a Region name such as us-west-2')

  // Given but naming no channel (`,` or spaces: empty workflow expressions joined) is a mistake, not
  // "every channel" and not "no channel": either would do what the workflow did not ask for. The
  // value is read untrimmed, so that spaces alone count as given.
  const channelText = read('channels')
  const channels = channelText === '' ? undefined : channelIds(channelText)
  if (channels?.length === 0) {
    problem(
      'channels',
      `"${excerpt(channelText)}" names no channel; list channel ids separated by commas or newlines, or leave it empty to reconcile every channel.`
    )
  }

  const proxyText = get('http-proxy')
  let httpProxy: string | undefined
  try {
    httpProxy = proxyText ? parseProxyUrl(proxyText, 'Input http-proxy') : undefined
  } catch (error) {
    problems.push({ message: (error as Error).message, path: 'http-proxy' })
  }

  const detail = get('summary-detail')
  if (!(SUMMARY_DETAILS as readonly string[]).includes(detail))
    bad('summary-detail', detail, 'use full (everything) or minimal (no origin hosts, ingest URLs or ingest usernames, for public repositories)')

  if (problems.length > 0) throw new UserError(problems.map((problem) => problem.message).join('\n'), problems)
  return {
    manifest: get('manifest'),
    awsRegion: region || undefined,
    mode: mode as Inputs['mode'],
    wait: wait!,
    waitTimeoutMinutes: timeout,
    channels,
    maxConcurrency: concurrency,
    ...(httpProxy ? { httpProxy } : {}),
    summaryDetail: detail as SummaryDetail,
    allowDelete: allowDelete!,
    viewerGuardMinutes: guard
  }
}
