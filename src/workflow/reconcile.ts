import { isChanged } from '../change.js'
import { UserError } from '../errors.js'
import { runChannel, type ChannelResult, type ChannelRun } from './channel.js'
import { DeleteGate } from './gate.js'
import type { ReconcileOptions, Runtime } from './runtime.js'
import { Slots } from './slots.js'

export interface ChannelFailure {
  channelId: string
  error: unknown
}

export interface RunResult {
  mode: ReconcileOptions['mode']
  channels: ChannelResult[]
  /** Whether the run changed (plan: would change) anything. */
  changed: boolean
  failures: ChannelFailure[]
}

/** A channel of the manifest, ready to run once the scheduler gives it a slot. */
export type ChannelJob = Omit<ChannelRun, 'idle' | 'rt' | 'options' | 'admit'>

/**
 * Runs every channel: at most `maxConcurrency` talk to AWS at once (waiting for Deployed takes no
 * slot), and one channel's failure does not stop the others, except that without allow-delete a plan
 * that deletes stops every channel before any write (gate.ts). Concurrency lives here, not in the
 * channel's logic.
 */
export async function reconcile(jobs: readonly ChannelJob[], options: ReconcileOptions, rt: Runtime): Promise<RunResult> {
  const slots = new Slots(options.maxConcurrency)
  const gate = options.mode === 'apply' && !options.allowDelete ? new DeleteGate(jobs.map((job) => job.id)) : undefined
  const channels = await Promise.all(
    jobs.map(async (job) => {
      await slots.acquire()
      try {
        const admit = gate ? (planned: Parameters<DeleteGate['arrive']>[1]) => gate.arrive(job.id, planned) : undefined
        return await runChannel({ ...job, rt, options, idle: (work) => slots.without(work), admit })
      } finally {
        // A channel that failed before it planned must not hold the others at the gate.
        gate?.leave(job.id)
        slots.release()
      }
    })
  )
  const failures = channels
    .filter((channel) => channel.outcome !== 'ok')
    .map((channel) => ({ channelId: channel.id, error: channel.error ?? new UserError(channel.message ?? `channel ${channel.id} did not finish`) }))
  return { mode: options.mode, channels, changed: channels.some((channel) => isChanged(channel.changes)), failures }
}
