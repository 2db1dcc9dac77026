/**
 * The CLI's command line → what to do, or a one-line usage error. parseArgs runs without `strict`
 * (which throws errors worded for programmers, with a stack trace when uncaught); its tokens are checked
 * here instead, so each mistake gets a message in the CLI's own words.
 */
import { parseArgs } from 'node:util'
import { excerpt } from '../manifest/errors.js'

/** The action's inputs, as flags (`--wait-timeout-minutes`); `mode` is the command instead. */
export const INPUT_FLAGS = [
  'manifest',
  'aws-region',
  'channels',
  'wait',
  'wait-timeout-minutes',
  'max-concurrency',
  'http-proxy',
  'summary-detail',
  'allow-delete',
  'viewer-guard-minutes'
] as const

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  /** No command at all: the usage, as an error. */
  | { kind: 'usage' }
  | { kind: 'run'; mode: 'plan' | 'apply'; flags: Partial<Record<(typeof INPUT_FLAGS)[number], string>> }

/** A command line the CLI cannot run; the message is one line and says what is wrong. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export function parseCommandLine(argv: readonly string[]): Command {
  const { tokens } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: {
      ...Object.fromEntries(INPUT_FLAGS.map((name) => [name, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' }
    }
  })
  const flags: Partial<Record<(typeof INPUT_FLAGS)[number], string>> = {}
  const positionals: string[] = []
  let help = false
  let version = false
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value)
    if (token.kind !== 'option') continue
    const flag = excerpt(token.rawName)
    if (token.name === 'help' || token.name === 'version') {
      if (token.value !== undefined) throw new UsageError(`${flag} takes no value`)
      if (token.name === 'help') help = true
      else version = true
      continue
    }
    const name = INPUT_FLAGS.find((known) => known === token.name)
    if (name === undefined) throw new UsageError(`unknown option ${flag}`)
    // `--manifest --wait false` would otherwise read "--wait" as the path.
    if (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new UsageError(`${flag} needs a value, e.g. ${flag} ${EXAMPLES[name]}`)
    }
    flags[name] = token.value
  }
  if (help) return { kind: 'help' }
  if (version) return { kind: 'version' }
  const [mode, ...rest] = positionals
  if (mode === undefined) return { kind: 'usage' }
  if (mode !== 'plan' && mode !== 'apply') throw new UsageError(`unknown command ${excerpt(mode)}: use plan or apply`)
  if (rest.length > 0) throw new UsageError(`unexpected argument ${excerpt(rest[0]!)}: give the manifest with --manifest`)
  return { kind: 'run', mode, flags }
}

const EXAMPLES: Record<(typeof INPUT_FLAGS)[number], string> = {
  manifest: '.github/mediapackage.yml',
  'aws-region': 'us-west-2',
  channels: 'news,sports',
  wait: 'false',
  'wait-timeout-minutes': '20',
  'max-concurrency': '4',
  'http-proxy': 'http://proxy.example.com:3128',
  'summary-detail': 'minimal',
  'allow-delete': 'true',
  'viewer-guard-minutes': '30'
}
