/**
 * Polling schedule for Deployed. The SDK's stock waiter polls every 60 s, so a run learns of Deployed up
 * to a minute late. We poll soon and often at first, then back off, with jitter so many channels don't
 * poll in step. The ceiling is 4.5 s, below the ~15 s first proposed, because a run should end within 5 s
 * of Deployed: GetDistribution is a cheap read, and a 15-minute deployment then costs ~180 polls.
 * Why not the SDK's waitUntilDistributionDeployed with a small minDelay: it reports nothing until it
 * ends (we log progress), its timeout error drops the last status (the step must report it), and its
 * clock cannot be injected, so tests would wait for real.
 */
export interface PollSchedule {
  firstDelayMs: number
  factor: number
  ceilingMs: number
}

// 4.5 s rather than 5: one poll's own round trip must fit in the 5 s too.
export const DEFAULT_POLL: PollSchedule = { firstDelayMs: 1000, factor: 1.5, ceilingMs: 4500 }

/** The n-th delay (0-based), jittered into [80%, 100%] of the nominal delay so it never exceeds the ceiling. */
export function pollDelay(schedule: PollSchedule, attempt: number, random: () => number): number {
  const nominal = Math.min(schedule.ceilingMs, schedule.firstDelayMs * schedule.factor ** attempt)
  return Math.round(nominal * (0.8 + 0.2 * random()))
}

export interface WaitClock {
  now: () => number
  sleep: (ms: number) => Promise<void>
  random: () => number
}

export interface WaitOutcome {
  status: string
  deployed: boolean
  waitedMs: number
}

/**
 * Polls `readStatus` until it says Deployed or `timeoutMs` passes. Never sleeps past the deadline, so a
 * timeout is reported on time. `onProgress` is told each status seen, for the log.
 */
export async function waitForDeployed(
  initialStatus: string,
  readStatus: () => Promise<string>,
  timeoutMs: number,
  clock: WaitClock,
  schedule: PollSchedule = DEFAULT_POLL,
  onProgress: (status: string, waitedMs: number) => void = () => {}
): Promise<WaitOutcome> {
  const start = clock.now()
  let status = initialStatus
  for (let attempt = 0; status !== 'Deployed'; attempt++) {
    const remaining = timeoutMs - (clock.now() - start)
    if (remaining <= 0) break
    await clock.sleep(Math.min(pollDelay(schedule, attempt, clock.random), remaining))
    status = await readStatus()
    if (status !== 'Deployed') onProgress(status, clock.now() - start)
  }
  return { status, deployed: status === 'Deployed', waitedMs: clock.now() - start }
}

/** "12.3 s" or "4 min 05 s", for messages a person reads. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
}
