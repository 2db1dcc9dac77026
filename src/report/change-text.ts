import { KNOWN_AFTER_APPLY, type Change, type FieldChange } from '../change.js'
import { redactField, type Redact } from './redact.js'

/**
 * One changed field as a person reads it, by manifest key with both values:
 * `hls.playlist-window-seconds: 60 → 120`, `comment: "A" → "B"`. A value only apply can know reads
 * "(known after apply)". Secrets never reach a Change, so none can show here.
 */
export function fieldText(field: FieldChange): string {
  const to = field.pending ? KNOWN_AFTER_APPLY : field.to
  if (field.from !== undefined) return `${field.field}: ${field.from} → ${to ?? 'unset'}`
  if (to !== undefined) return `${field.field}: ${to}`
  return field.field
}

/** Which resource: its id, or while only apply can know it, its name (`distribution of news-live (id known after apply)`). */
export function changeTarget(change: Change): string {
  return change.id ?? `${change.name} (id known after apply)`
}

/** The change's fields and notes, with what `summary-detail` hides already hidden. */
export function changeParts(change: Change, redact: Redact): { fields: string[]; notes: string[] } {
  return {
    fields: change.fields.map((field) => fieldText(redactField(field, redact))),
    notes: change.notes.map(redact)
  }
}
