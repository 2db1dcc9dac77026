/**
 * What a run does to one resource, in the words both drivers use: plan mode describes these changes,
 * apply reports them after making them. Shared by every layer (like errors.ts), so the CloudFront code
 * can describe its edits without knowing the workflow.
 */

export type Action = 'create' | 'update' | 'delete' | 'disable' | 'unchanged'

export type Resource = 'secret' | 'channel-group' | 'channel' | 'endpoint' | 'endpoint-policy' | 'distribution' | 'origin-access-control' | 'cache-policy'

/**
 * A value the plan cannot know before an earlier step has run: a new channel's ARN, a new endpoint's
 * host, a new distribution's id, a secret's value (plan mode never reads it). `what` says what fills it.
 */
export interface Hole {
  readonly hole: string
}

export type Known<T> = T | Hole

export function hole(what: string): Hole {
  return { hole: what }
}

export function isHole(value: unknown): value is Hole {
  return typeof value === 'object' && value !== null && 'hole' in value
}

export const KNOWN_AFTER_APPLY = '(known after apply)'

/**
 * One field that changes, by the key a person knows it by (the manifest key where there is one):
 * `hls.playlist-window-seconds: 60 → 120`, `comment: "A" → "B"`. Values are already formatted for
 * reading; secrets never get one. `pending` marks a new value only apply can know.
 */
export interface FieldChange {
  field: string
  from?: string | undefined
  to?: string | undefined
  pending?: boolean | undefined
}

export interface Change {
  resource: Resource
  /** The resource's id; undefined while only apply can know it (a new distribution). */
  id?: string | undefined
  /** A readable name for a resource whose id is not known yet, e.g. `distribution of news-live`. */
  name: string
  action: Action
  fields: FieldChange[]
  /** What is not a field: how the change is made, what it costs, why. */
  notes: string[]
}

/** A value for `from` / `to`: strings quoted, everything else as JSON, holes as "(known after apply)". */
export function shown(value: unknown): string {
  if (isHole(value)) return KNOWN_AFTER_APPLY
  if (value === undefined) return 'unset'
  if (typeof value === 'string') return JSON.stringify(value)
  return JSON.stringify(value)
}

export function describeField(change: FieldChange): string {
  if (change.from !== undefined) return `${change.field}: ${change.from} → ${change.to ?? 'unset'}`
  if (change.to !== undefined) return `${change.field}: ${change.to}`
  return change.field
}

/** The change as one line of text: what, which, and what differs. */
export function describeChange(change: Change): string {
  const details = [...change.fields.map(describeField), ...change.notes]
  return `${change.action} ${change.resource} ${change.id ?? change.name}${details.length > 0 ? `: ${details.join('; ')}` : ''}`
}

export function isChanged(changes: readonly Change[]): boolean {
  return changes.some((change) => change.action !== 'unchanged')
}

export function newChange(resource: Resource, id: string | undefined, name: string, action: Action = 'unchanged'): Change {
  return { resource, id, name, action, fields: [], notes: [] }
}
