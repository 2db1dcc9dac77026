import type { Manifest } from '../manifest/definition.js'
import { isUserError, UserError } from '../errors.js'
import { reconcileChannel } from './channel.js'
import { Slots } from './slots.js'
import { changed, type Change, type ChannelResult } from './model.js'
import type { ReconcileOptions, Runtime } from './runtime.js'

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

/**
 * The one reconcile behind the action, the CLI and the demo. Channels are independent: each runs its own
 * observe → plan → apply → wait, at most `maxConcurrency` talking to AWS at once (waiting for Deployed
 * takes no slot), and one channel's failure does not
 * stop the others. One tag look-up, started before anything else, serves every channel.
 */
export async function reconcile(manifest: Manifest, options: ReconcileOptions, rt: Runtime): Promise<RunResult> {
  const tagged = rt.services.findTaggedDistributions()
  // Channels whose DescribeChannel fails never await the look-up; keep its rejection from going unhandled.
  tagged.catch(() => undefined)
  const failures: ChannelFailure[] = []
  const slots = new Slots(options.maxConcurrency)
  const channels = await Promise.all(
    manifest.channels.map(async (spec, index) => {
      await slots.acquire()
      const lines: string[] = []
      const done: Change[] = []
      try {
        const result = await reconcileChannel(rt, options, spec, index, tagged, lines, slots, done)
        if (result.error) failures.push({ channelId: spec.id, error: new UserError(result.error) })
        return result
      } catch (error) {
        failures.push({ channelId: spec.id, error })
        lines.push(`failed: ${error instanceof Error ? error.message : String(error)}`)
        // What was written before the failure is still reported (and counts for `changed`).
        const failed: ChannelResult = { id: spec.id, endpoints: [], ingest: [], changes: done, error: isUserError(error) ? error.message : String(error) }
        return failed
      } finally {
        slots.release()
        rt.log.group(`Channel ${spec.id}`, lines)
      }
    })
  )
  return { mode: options.mode, channels, changed: channels.some((channel) => changed(channel.changes)), failures }
}
