import type { FieldChange } from '../change.js'
import type { RunResult } from '../workflow/reconcile.js'
import type { SummaryDetail } from './options.js'

export const HIDDEN_HOST = '(origin host hidden)'
export const HIDDEN = '(hidden)'

/**
 * MediaPackage hosts: v1 `<16 hex>.mediapackage.<region>.amazonaws.com`, v2
 * `<id>.egress.<id>.mediapackagev2.<region>.amazonaws.com` (and `.ingest.`). The console's placeholder
 * origin `mediapackage.amazonaws.com` names no channel and stays.
 */
const MEDIAPACKAGE_HOST = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.mediapackage(?:v2)?\.[a-z0-9-]+\.amazonaws\.com\b/gi

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host
  } catch {
    return undefined
  }
}

export type Redact = (text: string) => string

/**
 * What hides the sensitive parts of free text (change fields, notes, failure messages) under
 * `summary-detail: minimal`: every origin and ingest host the run saw, any MediaPackage host, and the
 * ingest usernames. Under `full` it changes nothing.
 */
export function redactorFor(result: RunResult, detail: SummaryDetail): Redact {
  if (detail === 'full') return (text) => text
  const hosts = new Set<string>()
  const usernames = new Set<string>()
  for (const channel of result.channels) {
    for (const endpoint of channel.endpoints) for (const url of endpoint.originUrls) hosts.add(hostOf(url) ?? url)
    for (const ingest of channel.ingest) {
      hosts.add(hostOf(ingest.url) ?? ingest.url)
      if (ingest.username) usernames.add(ingest.username)
    }
  }
  const pattern = (values: Set<string>) =>
    values.size > 0
      ? new RegExp(
          [...values]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g'
        )
      : undefined
  const knownHosts = pattern(hosts)
  const knownUsers = pattern(usernames)
  return (text) => {
    let out = knownHosts ? text.replace(knownHosts, HIDDEN_HOST) : text
    out = out.replace(MEDIAPACKAGE_HOST, HIDDEN_HOST)
    return knownUsers ? out.replace(knownUsers, HIDDEN) : out
  }
}

export function redactField(field: FieldChange, redact: Redact): FieldChange {
  return {
    ...field,
    ...(field.from !== undefined ? { from: redact(field.from) } : {}),
    ...(field.to !== undefined ? { to: redact(field.to) } : {})
  }
}
