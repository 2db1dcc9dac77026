/**
 * CloudFront lists come back as `{ Quantity: 0 }` or `{ Quantity: 0, Items: [] }` depending on who
 * wrote them, and the SDK leaves absent fields `undefined`. Canonical form erases those differences so
 * "would this update change anything?" has an honest answer: a converged rerun must send nothing.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value instanceof Date) return value.toISOString()
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key]
      if (field === undefined) continue
      if (key === 'Items' && Array.isArray(field) && field.length === 0) continue
      out[key] = canonical(field)
    }
    return out
  }
  return value
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}
