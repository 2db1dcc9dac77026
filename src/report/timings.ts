import type { Timing } from '../workflow/journal.js'
import { formatDuration } from '../workflow/wait.js'

/** The phases a channel's run is made of; any other phase (a wait, a CDN-authorization phase) runs inside apply. */
const TOP_LEVEL = new Set(['observe', 'plan', 'apply'])

/** How long the channel's run took: its top-level phases, one after the other. */
export function totalMs(timings: readonly Timing[]): number {
  return timings.filter((timing) => TOP_LEVEL.has(timing.phase)).reduce((sum, timing) => sum + timing.ms, 0)
}

/** `observe 0.3 s · apply 6.1 s (of which wait for Deployed 4.8 s) · total 6.4 s` */
export function timingsText(timings: readonly Timing[]): string | undefined {
  if (timings.length === 0) return undefined
  const inner = timings.filter((timing) => !TOP_LEVEL.has(timing.phase)).map((timing) => `${timing.phase} ${formatDuration(timing.ms)}`)
  const outer = timings
    .filter((timing) => TOP_LEVEL.has(timing.phase))
    .map((timing) => {
      const text = `${timing.phase} ${formatDuration(timing.ms)}`
      return timing.phase === 'apply' && inner.length > 0 ? `${text} (of which ${inner.join(', ')})` : text
    })
  // Inner phases with no apply around them (a run that failed oddly) are still shown.
  if (!timings.some((timing) => timing.phase === 'apply')) outer.push(...inner)
  const several = timings.filter((timing) => TOP_LEVEL.has(timing.phase)).length > 1
  return [...outer, ...(several ? [`total ${formatDuration(totalMs(timings))}`] : [])].join(' · ')
}
