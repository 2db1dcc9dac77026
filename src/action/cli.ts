import { isUserError } from '../errors.js'
import { parseInputs, type Inputs } from './inputs.js'
import type { Log } from '../workflow/runtime.js'
import { annotationsFor, type Annotation } from '../report/annotations.js'
import { actionOutputs } from '../report/outputs.js'
import { permissionsLog, permissionsReport } from '../report/permissions.js'
import type { ReportOptions } from '../report/options.js'
import { renderSummary } from '../report/summary.js'
import { parseCommandLine, UsageError, type Command } from './cli-args.js'
import { cliEdge } from './edge.js'
import { execute, type Execution } from './run.js'
import type { RunResult } from '../workflow/reconcile.js'
import { VERSION } from './version.js'

const USAGE = `Usage: mediapackage-cloudfront <plan|apply> [options]

Runs the same reconcile as the GitHub Action, outside GitHub. Prints the action's outputs as JSON on
stdout; logs and the Markdown summary go to stderr. Credentials and endpoints come from the usual AWS
environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_*...). Try it without an AWS account:
npm run fake-aws prints the variables that point it at the built-in fake AWS.

Options (the action's inputs):
  --manifest <path>               default .github/mediapackage.yml, inside the current directory
  --aws-region <region>
  --channels <id,id>
  --wait <true|false>             default true
  --wait-timeout-minutes <n>      default 30
  --max-concurrency <n>           default 10
  --http-proxy <url>              proxy for the AWS calls (default: HTTPS_PROXY)
  --summary-detail <full|minimal> default full; minimal leaves origin hosts and ingest out
  --allow-delete <true|false>     default false: apply refuses a plan that deletes or disables anything
  --viewer-guard-minutes <n>      default 15; 0 skips the CloudWatch check for viewers before deletes
  -h, --help
  --version

Exit codes: 0 done, 1 a problem to fix (manifest, flags, AWS), 2 bad usage, 70 a bug.`

/** Outputs that the action passes as JSON text; on stdout they are JSON values, for jq and friends. */
const JSON_OUTPUTS = new Set(['channels', 'playback-urls', 'changes'])

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

/** `file:line:col: message`, `file: message` when the problem is the file itself, else the message. */
function errorLine(annotation: Annotation): string {
  const position = annotation.position
  const where = !position ? '' : position.line === undefined ? `${position.file}: ` : `${position.file}:${position.line}:${position.col ?? 1}: `
  return `error: ${where}${redact(annotation.message)}\n`
}

function stdoutJson(result: RunResult, options: ReportOptions): string {
  const outputs = Object.entries(actionOutputs(result, options)).map(([name, value]) => [name, JSON_OUTPUTS.has(name) ? (JSON.parse(value) as unknown) : value])
  return `${JSON.stringify(Object.fromEntries(outputs), null, 2)}\n`
}

function command(argv: string[]): Command | number {
  try {
    return parseCommandLine(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`error: ${error.message} (see --help)\n`)
    return 2
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = command(argv)
  if (typeof parsed === 'number') return parsed
  if (parsed.kind === 'version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (parsed.kind === 'usage') {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const edge = cliEdge(process.cwd())
  const flags: Record<string, string | undefined> = { ...parsed.flags, mode: parsed.mode }
  const execution: Execution = {}
  let inputs: Inputs | undefined
  try {
    inputs = parseInputs((name) => flags[name] ?? '', edge.input)
    await execute({ inputs, log: cliLog, edge }, execution)
  } catch (error) {
    for (const annotation of annotationsFor(error, execution.loaded)) process.stderr.write(errorLine(annotation))
    printPermissions(execution)
    return isUserError(error) ? 1 : 70
  }
  const result = execution.result!
  const options: ReportOptions = { region: execution.region ?? '', detail: inputs.summaryDetail, manifest: execution.loaded?.manifest }
  process.stdout.write(stdoutJson(result, options))
  process.stderr.write(`\n${renderSummary(result, options)}\n`)
  for (const failure of result.failures) {
    for (const annotation of annotationsFor(failure.error, execution.loaded))
      process.stderr.write(`error: ${failure.channelId}: ${redact(annotation.message)}\n`)
  }
  printPermissions(execution)
  return result.failures.length > 0 ? 1 : 0
}

/** Every denied IAM action as one policy statement, on stderr with the log. */
function printPermissions(execution: Execution): void {
  const report = permissionsReport(execution.permissions)
  if (report) process.stderr.write(`\n${permissionsLog(report).join('\n')}\n`)
}

process.exitCode = await main(process.argv.slice(2))
