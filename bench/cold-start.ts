/**
 * Cold start of the bundle as a runner starts it (`node dist/index.js`) against bare `node -e 0`. With
 * no inputs the action reads the default manifest path, finds nothing and exits 1: everything loaded at
 * start is loaded, no AWS call is made.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { median } from './support.js'

export interface ColdStart {
  runs: number
  bareMs: number
  bundleMs: number
  bundleBytes: number
  bundleExit: number | null
}

function timeOnce(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): { ms: number; status: number | null } {
  const started = performance.now()
  const child = spawnSync(process.execPath, args, { cwd, env, stdio: 'ignore' })
  return { ms: performance.now() - started, status: child.status }
}

export function measureColdStart(runs: number): ColdStart | undefined {
  const bundle = resolve('dist/index.js')
  if (!existsSync(bundle)) return undefined
  const cwd = mkdtempSync(join(tmpdir(), 'mpcf-cold-'))
  // A clean environment: no INPUT_* or GITHUB_* from whoever runs the bench, no NODE_OPTIONS.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: cwd }
  const bare: number[] = []
  const cold: number[] = []
  let exit: number | null = null
  timeOnce(['-e', '0'], cwd, env) // warm the file cache for both
  timeOnce([bundle], cwd, env)
  // Interleaved, so drift in the machine's load hits both alike.
  for (let i = 0; i < runs; i++) {
    bare.push(timeOnce(['-e', '0'], cwd, env).ms)
    const run = timeOnce([bundle], cwd, env)
    cold.push(run.ms)
    exit = run.status
  }
  return { runs, bareMs: median(bare), bundleMs: median(cold), bundleBytes: statSync(bundle).size, bundleExit: exit }
}
