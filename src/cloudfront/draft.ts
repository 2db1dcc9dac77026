import type { FieldChange } from '../change.js'
import { sameValue } from './canonical.js'

/**
 * A config being edited, with a field change for every field that really changes. They become the
 * plan's "what differs"; a draft with no changes sends nothing.
 */
export class Draft {
  readonly fields: FieldChange[] = []

  /** Sets `target[key]` and records `change`, unless it already holds an equal value. */
  set<O extends object, K extends keyof O>(target: O, key: K, next: O[K], change: FieldChange): void {
    if (sameValue(target[key], next)) return
    target[key] = next
    this.fields.push(change)
  }

  record(change: FieldChange): void {
    this.fields.push(change)
  }
}
