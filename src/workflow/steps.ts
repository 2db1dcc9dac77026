import type { Change } from '../change.js'

/**
 * One unit of a channel's work. The planner makes the list from (manifest, what AWS holds) without
 * I/O; the two drivers walk the same list: plan mode asks each step what it would change, apply makes
 * the change and reports it as made. A value known only after an earlier step (a new channel's ARN, a
 * new endpoint's host) is a hole the earlier step's `apply` fills in the channel's state, so `plan`
 * shows it as "known after apply" and `apply` reads it.
 */
export interface Step {
  /** What this step changes, as far as the plan knows; undefined for a step that writes nothing (a wait, a read). */
  plan(): Change | undefined
  /** Makes the change; returns it as made (undefined when it writes nothing). */
  apply(): Promise<Change | undefined>
}

/** Steps that are independent of each other (a channel's endpoints) run at once under apply. */
export type StepGroup = Step | readonly Step[]

/** A step that writes nothing but must happen in order (a read apply needs, a wait). */
export function quietStep(run: () => Promise<void>, plan: () => void = () => {}): Step {
  return {
    plan() {
      plan()
      return undefined
    },
    async apply() {
      await run()
      return undefined
    }
  }
}
