import { describeChange, type Change } from '../change.js'
import type { Log } from './runtime.js'

/** How long one phase of a channel took, for the summary. */
export interface Timing {
  phase: string
  ms: number
}

/**
 * What a channel run has done so far, recorded once as it happens: each change (written to the log the
 * moment it is made, so a person watching sees progress) and each phase's duration. The report is
 * rendered from this, so a channel that fails at its last step still reports what it wrote.
 */
export class Journal {
  readonly changes: Change[] = []
  readonly timings: Timing[] = []

  constructor(
    private readonly channel: string,
    private readonly log: Log,
    private readonly now: () => number
  ) {}

  record(change: Change | undefined): void {
    if (!change) return
    this.changes.push(change)
    if (change.action !== 'unchanged' || change.notes.length > 0) this.line(describeChange(change))
  }

  line(text: string): void {
    this.log.info(`${this.channel}: ${text}`)
  }

  /** Runs `work` as a named phase and keeps its duration, whether it succeeds or not. */
  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = this.now()
    try {
      return await work()
    } finally {
      // A phase made of several steps (the endpoints of a transition, two waits) is one timing.
      const ms = this.now() - start
      const seen = this.timings.find((timing) => timing.phase === name)
      if (seen) seen.ms += ms
      else this.timings.push({ phase: name, ms })
    }
  }
}
