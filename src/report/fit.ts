/** A part of the summary that is kept or left out whole (a channel's details), so no tag is cut open. */
export interface Section {
  text: string
  /** Lower is kept first: failed channels, then changed ones, then the rest. */
  priority: number
  /** What the note names when the section is left out. */
  label: string
}

export interface Limit {
  max: number
  measure: (text: string) => number
  /** Says what was left out and where to read all of it. */
  note: (left: readonly string[]) => string
}

/** Room kept for the note itself. */
const NOTE_ROOM = 1200

/**
 * `head` and as many sections as fit in `limit.max`, the most important first, shown in their own
 * order, with a note naming what was left out. A head too long by itself is cut at a line.
 */
export function fit(head: string, sections: readonly Section[], limit: Limit): string {
  const whole = [head, ...sections.map((section) => section.text)].join('\n')
  if (limit.measure(whole) <= limit.max) return whole
  const budget = limit.max - NOTE_ROOM
  let used = limit.measure(head)
  let kept = head
  const left: string[] = []
  if (used > budget) {
    left.push('the rest of the overview')
    const lines: string[] = []
    used = 0
    for (const line of head.split('\n')) {
      const size = limit.measure(line) + 1
      if (used + size > budget) break
      lines.push(line)
      used += size
    }
    kept = lines.join('\n')
  }
  const keep = new Set<number>()
  const order = sections.map((section, index) => ({ section, index })).sort((a, b) => a.section.priority - b.section.priority || a.index - b.index)
  for (const { section, index } of order) {
    const size = limit.measure(section.text) + 1
    if (used + size > budget) continue
    keep.add(index)
    used += size
  }
  left.push(...sections.filter((_, index) => !keep.has(index)).map((section) => section.label))
  const body = sections.filter((_, index) => keep.has(index)).map((section) => section.text)
  const note = limit.note(left)
  return [kept, ...body, note].join('\n')
}
