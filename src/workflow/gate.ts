import type { Change } from '../change.js'
import { UserError } from '../errors.js'

/** A change that takes something away: apply makes it only with allow-delete. */
export function isDestructive(change: Change | undefined): change is Change {
  return change?.action === 'delete' || change?.action === 'disable'
}

function listed(changes: readonly Change[]): string {
  return changes.map((change) => `${change.action} ${change.resource} ${change.id ?? change.name}`).join(', ')
}

/**
 * Without allow-delete, an apply whose plan deletes or disables anything must write nothing at all, in
 * any channel. Each channel plans, then waits here (holding no concurrency slot) until every channel
 * has planned or failed before planning; then all go on, or all stop with a message that names the
 * deletes and how to allow them.
 */
export class DeleteGate {
  private readonly planned = new Map<string, Change[]>()
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>()
  private readonly remaining: Set<string>

  constructor(channels: readonly string[]) {
    this.remaining = new Set(channels)
  }

  /** Reports the channel's plan and waits for every other channel's; rejects when any plan deletes. */
  arrive(channel: string, changes: readonly (Change | undefined)[]): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => this.waiting.set(channel, { resolve, reject }))
    this.planned.set(channel, changes.filter(isDestructive))
    this.done(channel)
    return promise
  }

  /** A channel that will not arrive (it failed before its plan was made); no-op once it has arrived. */
  leave(channel: string): void {
    this.done(channel)
  }

  private done(channel: string): void {
    if (!this.remaining.delete(channel) || this.remaining.size > 0) return
    const deleting = [...this.planned].filter(([, changes]) => changes.length > 0)
    for (const [id, { resolve, reject }] of this.waiting) {
      if (deleting.length === 0) resolve()
      else reject(new UserError(this.refusal(id, deleting)))
    }
  }

  private refusal(channel: string, deleting: [string, Change[]][]): string {
    const own = this.planned.get(channel) ?? []
    const allow = 'Check the plan (mode: plan lists every delete), then run again with allow-delete: true.'
    if (own.length > 0) {
      return `Channel ${channel}: apply would ${listed(own)}, and the allow-delete input is false, so this run wrote nothing, in any channel. ${allow}`
    }
    const others = deleting.map(([id]) => id).join(', ')
    return (
      `Channel ${channel}: this run wrote nothing: the plan of ${others} deletes or disables resources and the allow-delete input is false. ` +
      `${allow} Or take state: absent out of the manifest.`
    )
  }
}
