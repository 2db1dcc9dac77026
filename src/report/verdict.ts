import type { Action } from '../change.js'
import type { ChannelResult } from '../workflow/channel.js'
import type { RunResult } from '../workflow/reconcile.js'
import { plural } from './markdown.js'

const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'disable', 'unchanged']

const DONE: Record<Action, string> = { create: 'created', update: 'updated', delete: 'deleted', disable: 'disabled', unchanged: 'unchanged' }
const TO_DO: Record<Action, string> = { create: 'to create', update: 'to update', delete: 'to delete', disable: 'to disable', unchanged: 'unchanged' }

export function actionWord(action: Action, mode: RunResult['mode']): string {
  return (mode === 'plan' ? TO_DO : DONE)[action]
}

/** When one resource has several changes (a transition's phases), what it counts as: the weightiest. */
const WEIGHT: Record<Action, number> = { create: 4, delete: 3, disable: 2, update: 1, unchanged: 0 }

/** Resources by what happens to them, each counted once however many steps touch it. */
export function countActions(channels: readonly ChannelResult[]): Record<Action, number> {
  const counts = Object.fromEntries(ACTIONS.map((action) => [action, 0])) as Record<Action, number>
  for (const channel of channels) {
    const resources = new Map<string, Action>()
    for (const change of channel.changes) {
      const key = `${change.resource}\u0000${change.id ?? change.name}`
      const seen = resources.get(key)
      if (seen === undefined || WEIGHT[change.action] > WEIGHT[seen]) resources.set(key, change.action)
    }
    for (const action of resources.values()) counts[action]++
  }
  return counts
}

/** `2 to create, 1 to update` for one channel's changes; `no change` when there is none. */
export function changeCounts(channel: ChannelResult, mode: RunResult['mode']): string {
  const counts = countActions([channel])
  const parts = ACTIONS.filter((action) => action !== 'unchanged' && counts[action] > 0).map((action) => `${counts[action]} ${actionWord(action, mode)}`)
  return parts.length > 0 ? parts.join(', ') : 'no change'
}

function ids(channels: readonly ChannelResult[]): string {
  return channels.map((channel) => channel.id).join(', ')
}

export function failedChannels(result: RunResult): ChannelResult[] {
  return result.channels.filter((channel) => channel.outcome === 'failed')
}

export function deployingChannels(result: RunResult): ChannelResult[] {
  return result.channels.filter((channel) => channel.outcome === 'still-deploying')
}

/**
 * The first thing the summary says. It never claims that nothing changes when a channel failed: a
 * failed channel's plan is incomplete, and a failed apply may have written part of its changes.
 */
export function headline(result: RunResult): string[] {
  const total = result.channels.length
  const failed = failedChannels(result)
  const deploying = deployingChannels(result)
  const lines: string[] = []
  if (failed.length > 0) {
    const consequence = result.mode === 'plan' ? 'what apply would do to them is not known' : 'see each channel below for what was written before it failed'
    lines.push(`❌ **${failed.length} of ${plural(total, 'channel')} failed:** ${ids(failed)}; ${consequence}.`)
  }
  if (deploying.length > 0) {
    lines.push(
      `⏳ **${deploying.length} of ${plural(total, 'channel')} still deploying (changes applied):** ${ids(deploying)}. ` +
        'CloudFront had not finished deploying when the wait ended; the next run waits again.'
    )
  }
  if (result.mode === 'plan') {
    if (result.changed) lines.push('Apply would change resources.')
    else if (failed.length > 0) lines.push('The channels that could be planned need no change.')
    else lines.push('Apply would change nothing.')
  } else if (result.changed) lines.push('Resources were changed.')
  else if (failed.length > 0) lines.push('Nothing was written.')
  else lines.push('Everything already matched: nothing was written.')
  return lines
}

/** `3 created · 1 updated · 0 deleted · 0 disabled · 5 unchanged` and the channels' outcomes. */
export function statusLine(result: RunResult): string {
  const counts = countActions(result.channels)
  const resources = ACTIONS.map((action) => `${counts[action]} ${actionWord(action, result.mode)}`).join(' · ')
  const ok = result.channels.filter((channel) => channel.outcome === 'ok').length
  const channels = `${ok} ok · ${failedChannels(result).length} failed · ${deployingChannels(result).length} still deploying`
  return `**Resources:** ${resources} — **Channels:** ${channels}`
}

/** The step's failure message: failed and still-deploying channels named apart. */
export function failureLine(result: RunResult): string {
  const total = result.channels.length
  const failed = failedChannels(result)
  const deploying = deployingChannels(result)
  const parts: string[] = []
  if (failed.length > 0) parts.push(`${failed.length} of ${plural(total, 'channel')} failed: ${ids(failed)}.`)
  if (deploying.length > 0) parts.push(`${deploying.length} of ${plural(total, 'channel')} still deploying (changes applied): ${ids(deploying)}.`)
  return `${parts.join(' ')} See the errors above.`
}
