/**
 * What every benchmark scenario needs: manifests, one in-process run of the action's reconcile against
 * the fake AWS (as test/support/harness.ts does, but with the action's real retry and poll defaults),
 * call-log summaries and medians.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseInputs } from '../src/action/inputs.js'
import type { Log } from '../src/workflow/runtime.js'
import { execute, type Execution, type Tuning } from '../src/action/run.js'
import type { FakeAws, FakeCall } from '../test/fake-aws/index.js'
import { edgeFor } from '../test/support/harness.js'
import { V2_CHANNEL } from '../test/support/manifests.js'

export const PACKAGINGS = ['hls', 'dash', 'cmaf', 'mss'] as const
export type Kind = (typeof PACKAGINGS)[number]

const PACKAGE_YAML: Record<Kind, (endpointId: string) => string> = {
  hls: () => 'hls: { segment-duration-seconds: 6, playlist-window-seconds: 60 }',
  dash: () => 'dash: { segment-duration-seconds: 2 }',
  cmaf: (id) => `cmaf:\n          hls-manifests:\n            - id: ${id}-main`,
  mss: () => 'mss: { segment-duration-seconds: 2 }'
}

/** A manifest of `channels` channels (`ch0`…, or `news` for one), each with one endpoint per kind. */
export function manifestYaml(channels: number, kinds: readonly Kind[] = PACKAGINGS): string {
  const ids = channels === 1 ? ['news'] : Array.from({ length: channels }, (_, n) => `ch${n}`)
  const body = ids.map((id) => {
    const endpoints = kinds.map((kind) => `      - id: ${id}-${kind}\n        ${PACKAGE_YAML[kind](`${id}-${kind}`)}`)
    return `  - id: ${id}\n    description: bench channel ${id}\n${endpoints.length > 0 ? `    endpoints:\n${endpoints.join('\n')}\n` : ''}`
  })
  return `version: 1\nregion: us-west-2\nchannels:\n${body.join('')}`
}

/**
 * One MediaPackage v2 channel group `live` with channel `news` and one CMAF endpoint serving HLS,
 * LL-HLS and DASH manifests (as test/integration/v2.test.ts).
 */
export function v2ManifestYaml(): string {
  return V2_CHANNEL
}

const dir = mkdtempSync(join(tmpdir(), 'mpcf-bench-'))
let written = 0
export function writeManifest(yaml: string): string {
  const file = join(dir, `manifest-${written++}.yml`)
  writeFileSync(file, yaml)
  return file
}

/** A log that keeps only warnings: the bench prints its own table. */
export class QuietLog implements Log {
  readonly warnings: string[] = []
  info(): void {}
  warning(message: string): void {
    this.warnings.push(message)
  }
  group(): void {}
  secret(): void {}
}

export interface Run {
  wallMs: number
  /** CPU time of this process during the run (user + system): the action's and the in-process fake's. */
  cpuMs: number
  /** Epoch ms (Date.now clock, as the fake's inProgressUntil) when execute() returned. */
  endedAt: number
  calls: FakeCall[]
  warnings: string[]
  execution: Execution
  failures: number
  error?: unknown
}

/**
 * One run of the action's reconcile, in-process, against `fake`, with the action's own defaults for
 * retries (adaptive, 8 attempts) and polling unless `tuning` says otherwise. The call log is reset first.
 */
export async function runAction(fake: FakeAws, manifestPath: string, inputs: Record<string, string> = {}, tuning: Tuning = {}): Promise<Run> {
  const log = new QuietLog()
  const execution: Execution = {}
  const all: Record<string, string> = { manifest: manifestPath, ...inputs }
  fake.resetCalls()
  let error: unknown
  const cpu = process.cpuUsage()
  const started = performance.now()
  try {
    await execute(
      {
        inputs: parseInputs((name) => all[name] ?? ''),
        log,
        edge: edgeFor(manifestPath),
        // Only the fake's environment: the action's own retry defaults apply, whatever the shell sets.
        env: { ...fake.env },
        tuning
      },
      execution
    )
  } catch (caught) {
    error = caught
  }
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000
  const endedAt = Date.now()
  const failures = execution.result?.failures.length ?? 0
  return { wallMs, cpuMs, endedAt, calls: [...fake.calls], warnings: log.warnings, execution, failures, ...(error !== undefined ? { error } : {}) }
}

// One way to run a fake for a body of work, shared with the tests.
export { withFake } from '../test/support/harness.js'

/** Throttling answers of the four services (test/fake-aws/faults.ts). */
export const THROTTLE_CODES = new Set(['TooManyRequestsException', 'Throttling', 'ThrottledException', 'ThrottlingException'])

export function throttled(calls: readonly FakeCall[]): number {
  return calls.filter((call) => call.errorCode !== undefined && THROTTLE_CODES.has(call.errorCode)).length
}

/** Calls by operation, most frequent first: `4: DescribeChannel 1, …`. */
export function callsByOperation(calls: readonly FakeCall[]): string {
  const counts = new Map<string, number>()
  for (const call of calls) counts.set(call.operation, (counts.get(call.operation) ?? 0) + 1)
  const parts = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([op, n]) => `${op} ${n}`)
  return `${calls.length}: ${parts.join(', ')}`
}

/**
 * Round trips on the critical path, from the call log alone: a call is one wave deeper than the
 * deepest call answered before it was sent. Unlike wall / RTT it has no CPU time in it.
 */
export function waves(calls: readonly FakeCall[]): number {
  const sorted = [...calls].sort((a, b) => a.start - b.start)
  const depth: number[] = []
  for (let i = 0; i < sorted.length; i++) {
    let deepest = 0
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= sorted[i]!.start) deepest = Math.max(deepest, depth[j]!)
    depth.push(deepest + 1)
  }
  return Math.max(0, ...depth)
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`
}

export function ratio(baseline: number, action: number): string {
  const r = baseline / action
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`
}

/** A Markdown table, columns padded so it also reads as plain text. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

/** The time at which every distribution the run reported became Deployed (the latest of them). */
export function deployedAt(fake: FakeAws, run: Run): number | undefined {
  const times = (run.execution.result?.channels ?? [])
    .map((channel) => (channel.distributionId ? fake.state.distributions.get(channel.distributionId)?.inProgressUntil : undefined))
    .filter((time): time is number => time !== undefined)
  return times.length > 0 ? Math.max(...times) : undefined
}
