/** "Did you mean …?": the nearest allowed name to a mistyped one. */

/** Edit distance (insertions, deletions, substitutions), two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** `SegmentDurationSeconds`, `segmentDurationSeconds`, `segment_duration_seconds` → `segment-duration-seconds`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase()
}

/**
 * The candidate a person most likely meant, or undefined when none is close. Someone writing the API's
 * PascalCase or another casing gets the kebab-case key; otherwise a few typos are forgiven.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const normalized = kebabCase(word)
  const sameWord = candidates.find((candidate) => candidate.toLowerCase() === word.toLowerCase() || candidate === normalized)
  if (sameWord !== undefined) return sameWord
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(normalized, candidate.toLowerCase())
    if (!best || distance < best.distance) best = { candidate, distance }
  }
  const tolerance = Math.max(2, Math.floor(normalized.length / 4))
  if (best && best.distance <= tolerance) return best.candidate
  // `playlist-window` for `playlist-window-seconds`: a prefix is a strong hint even when far in edits.
  return candidates.find((candidate) => normalized.length >= 4 && candidate.toLowerCase().startsWith(normalized))
}
