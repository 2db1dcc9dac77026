import { parseArgs } from 'node:util'
import { isUserError } from '../errors.js'
import { parseInputs } from './inputs.js'
import type { Log } from '../workflow/runtime.js'
import { annotationsFor } from '../report/annotations.js'
import { actionOutputs } from '../report/outputs.js'
import { renderSummary } from '../report/summary.js'
import { execute, type Execution } from './run.js'

const USAGE = `Usage: mediapackage-cloudfront <plan|apply> [options]

Runs the same reconcile as the GitHub Action, outside GitHub. Prints the action's outputs as JSON on
stdout; logs and the Markdown summary go to stderr. Credentials and endpoints come from the usual AWS
environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_*...).

Options (the action's inputs):
  --manifest <path>               default .github/mediapackage.yml
  --aws-region <region>
  --channels <id,id>
  --wait <true|false>             default true
  --wait-timeout-minutes <n>      default 30
  --max-concurrency <n>           default 10
  --allow-delete <true|false>     default false: apply refuses a plan that deletes or disables anything
  --viewer-guard-minutes <n>      default 15; 0 skips the CloudWatch check for viewers before deletes
  -h, --help`

const secrets = new Set<string>()
function redact(text: string): string {
  let out = text
  for (const secret of secrets) out = out.split(secret).join('***')
  return out
}

const cliLog: Log = {
  info: (message) => process.stderr.write(`${redact(message)}\n`),
  warning: (message) => process.stderr.write(`warning: ${redact(message)}\n`),
  group(title, lines) {
    process.stderr.write(`== ${title}\n${lines.map((line) => `   ${redact(line)}\n`).join('')}`)
  },
  secret: (value) => void secrets.add(value)
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      manifest: { type: 'string' },
      'aws-region': { type: 'string' },
      channels: { type: 'string' },
      wait: { type: 'string' },
      'wait-timeout-minutes': { type: 'string' },
      'max-concurrency': { type: 'string' },
      'allow-delete': { type: 'string' },
      'viewer-guard-minutes': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  const mode = positionals[0]
  if (values.help || (mode !== 'plan' && mode !== 'apply') || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`)
    return values.help ? 0 : 2
  }
  const { help: _help, ...given } = values
  const flags: Record<string, string | undefined> = { ...given, mode }
  const execution: Execution = {}
  try {
    await execute(
      parseInputs((name) => flags[name] ?? ''),
      cliLog,
      execution
    )
  } catch (error) {
    for (const annotation of annotationsFor(error, execution.loaded)) {
      const where = annotation.position ? `${annotation.position.file}:${annotation.position.line ?? 0}:${annotation.position.col ?? 0}: ` : ''
      process.stderr.write(`error: ${where}${redact(annotation.message)}\n`)
    }
    return isUserError(error) ? 1 : 70
  }
  const result = execution.result!
  process.stdout.write(`${JSON.stringify(actionOutputs(result), null, 2)}\n`)
  process.stderr.write(`\n${renderSummary(result, execution.region ?? '')}\n`)
  for (const failure of result.failures) {
    for (const annotation of annotationsFor(failure.error, execution.loaded))
      process.stderr.write(`error: ${failure.channelId}: ${redact(annotation.message)}\n`)
  }
  return result.failures.length > 0 ? 1 : 0
}

process.exitCode = await main(process.argv.slice(2))
