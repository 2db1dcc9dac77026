import { sameValue } from './canonical.js'

/**
 * A config being edited, with a human-readable note for every field that really changes. The notes
 * become the plan's "fields that differ"; a draft with no notes sends nothing.
 */
export class Draft {
  readonly notes: string[] = []

  /** Sets `target[key]` and notes it, unless it already holds an equal value. */
  set<O extends object, K extends keyof O>(target: O, key: K, next: O[K], note: string): void {
    if (sameValue(target[key], next)) return
    target[key] = next
    this.notes.push(note)
  }

  note(text: string): void {
    this.notes.push(text)
  }
}
