/**
 * Runs the committed bundle exactly as a GitHub runner does: `node dist/index.js` with INPUT_*
 * variables, GITHUB_WORKSPACE as the working directory, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files
 * to read back. runSource does the same with the TypeScript source, for what the bundle cannot show
 * before it is rebuilt.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'

export const BUNDLE = resolve('dist/index.js')
/** tsx's CLI, run by path so it is found from any working directory. */
export const TSX = resolve('node_modules/tsx/dist/cli.mjs')

export interface RunnerResult {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** Parses the GITHUB_OUTPUT file format (`name<<DELIMITER\nvalue\nDELIMITER`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
    outputs[name!] = value.join('\n')
  }
  return outputs
}

export interface RunnerOptions {
  /**
   * GITHUB_WORKSPACE and the working directory. Default: the directory of an absolute `manifest`
   * input (writeManifest gives each manifest its own), else a fresh directory.
   */
  workspace?: string
  /** false: a runner without job summaries (no GITHUB_STEP_SUMMARY), as self-hosted ones and act may be. */
  summary?: boolean
}

export async function runBundle(inputs: Record<string, string>, env: Record<string, string>, workspace?: string): Promise<RunnerResult> {
  return runEntry([BUNDLE], inputs, env, workspace === undefined ? {} : { workspace })
}

/** src/action/index.ts through tsx, as the next bundle will run. */
export async function runSource(inputs: Record<string, string>, env: Record<string, string>, options: RunnerOptions = {}): Promise<RunnerResult> {
  return runEntry([TSX, resolve('src/action/index.ts')], inputs, env, options)
}

async function runEntry(args: string[], inputs: Record<string, string>, env: Record<string, string>, options: RunnerOptions): Promise<RunnerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'runner-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  const summaryEnv = options.summary === false ? {} : { GITHUB_STEP_SUMMARY: summaryFile }
  if (options.summary !== false) writeFileSync(summaryFile, '')
  const manifest = inputs.manifest
  const workspace = options.workspace ?? (manifest && isAbsolute(manifest) ? dirname(manifest) : dir)
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      ...env,
      ...inputEnv,
      GITHUB_OUTPUT: outputFile,
      ...summaryEnv,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: dir
    },
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : ''
  return { code, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary }
}
