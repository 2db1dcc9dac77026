/**
 * Runs the real reconcile in-process against the fake AWS, through the real SDK clients, with the
 * polling and retry schedules shortened so tests never wait long.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { actionEdge, type Edge } from '../../src/action/edge.js'
import { parseInputs, type Inputs } from '../../src/action/inputs.js'
import type { Log } from '../../src/workflow/runtime.js'
import { actionOutputs } from '../../src/report/outputs.js'
import type { ReportOptions } from '../../src/report/options.js'
import { renderSummary } from '../../src/report/summary.js'
import { execute, type Execution, type Tuning } from '../../src/action/run.js'
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../fake-aws/index.js'

export const FAST = { poll: { firstDelayMs: 20, factor: 1.5, ceilingMs: 100 }, retryBaseMs: 5 }

export class MemoryLog implements Log {
  readonly lines: string[] = []
  readonly warnings: string[] = []
  readonly secrets: string[] = []
  info(message: string): void {
    this.lines.push(message)
  }
  warning(message: string): void {
    this.warnings.push(message)
  }
  group(title: string, lines: readonly string[]): void {
    this.lines.push(`[${title}]`, ...lines)
  }
  secret(value: string): void {
    this.secrets.push(value)
  }
  /** Everything a user could read: log lines and warnings. */
  text(): string {
    return [...this.lines, ...this.warnings].join('\n')
  }
}

/**
 * The action as it runs in a checkout that holds `manifestPath`: the manifest's own directory stands
 * for the workspace (writeManifest puts each manifest in a fresh directory).
 */
export function edgeFor(manifestPath: string): Edge {
  return actionEdge(dirname(resolve(manifestPath)))
}

export function writeManifest(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mpcf-'))
  const file = join(dir, 'mediapackage.yml')
  writeFileSync(file, yaml)
  return file
}

export interface RunOutcome {
  execution: Execution
  log: MemoryLog
  outputs: Record<string, string>
  summary: string
  error?: unknown
}

/**
 * Runs the action's reconcile once with the given inputs (strings, as GitHub passes them) and an
 * environment: the fake's, then `env` on top. Nothing is read from or written to process.env.
 */
export async function runReconcile(
  fake: FakeAws,
  manifestPath: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  tuning: Tuning = {}
): Promise<RunOutcome> {
  const log = new MemoryLog()
  const execution: Execution = {}
  const all: Record<string, string> = { manifest: manifestPath, 'wait-timeout-minutes': '0.5', ...inputs }
  let parsed: Inputs | undefined
  try {
    parsed = parseInputs((name) => all[name] ?? '')
    await execute(
      { inputs: parsed, log, edge: edgeFor(manifestPath), env: { ...fake.env, AWS_MAX_ATTEMPTS: '4', ...env }, tuning: { ...FAST, ...tuning } },
      execution
    )
  } catch (error) {
    return { execution, log, outputs: {}, summary: '', error }
  }
  const result = execution.result!
  const options: ReportOptions = { region: execution.region ?? '', detail: parsed.summaryDetail, manifest: execution.loaded?.manifest }
  return { execution, log, outputs: actionOutputs(result, options), summary: renderSummary(result, options) }
}

export async function withFake<T>(options: FakeAwsOptions, body: (fake: FakeAws) => Promise<T>): Promise<T> {
  const fake = await startFakeAws({ seed: 7, ...options })
  try {
    return await body(fake)
  } finally {
    await fake.close()
  }
}

export function mutatingCalls(fake: FakeAws): string[] {
  return fake.calls.filter((call) => call.mutating).map((call) => `${call.service}:${call.operation}`)
}
