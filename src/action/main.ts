import * as core from '@actions/core'
import { annotationsFor } from '../report/annotations.js'
import { actionOutputs } from '../report/outputs.js'
import { permissionsLog, permissionsReport, permissionsSection } from '../report/permissions.js'
import { actionEdge } from './edge.js'
import { parseInputs, type Inputs } from './inputs.js'
import type { ReportOptions } from '../report/options.js'
import { renderFailure, renderSummary } from '../report/summary.js'
import { failureLine } from '../report/verdict.js'
import type { Log } from '../workflow/runtime.js'
import { execute, type Execution } from './run.js'
import type { RunResult } from '../workflow/reconcile.js'

/** Log lines through the runner: groups per channel, warnings as annotations, secrets masked. */
const actionLog: Log = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  group(title, lines) {
    core.startGroup(title)
    for (const line of lines) core.info(line)
    core.endGroup()
  },
  secret: (value) => core.setSecret(value)
}

function report(error: unknown, execution: Execution): void {
  for (const annotation of annotationsFor(error, execution.loaded)) {
    const position = annotation.position
    core.error(annotation.message, position ? { file: position.file, startLine: position.line, startColumn: position.col } : {})
  }
}

/**
 * The job summary. Self-hosted runners, act and local-action may have no GITHUB_STEP_SUMMARY file; the
 * deploy has happened by then, so a missing or unwritable summary is said, never fails the step.
 */
async function writeSummary(result: RunResult, options: ReportOptions): Promise<void> {
  const markdown = renderSummary(result, options)
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.notice(
      'No job summary: this runner sets no GITHUB_STEP_SUMMARY file (self-hosted, act, local-action). The outputs are set; the summary follows in the log.'
    )
    actionLog.group('Job summary (Markdown)', markdown.split('\n'))
    return
  }
  try {
    await core.summary.addRaw(markdown).write()
  } catch (error) {
    core.warning(
      `The job summary could not be written to GITHUB_STEP_SUMMARY (${error instanceof Error ? error.message : String(error)}). The outputs are set.`
    )
  }
}

/** Every denied IAM action as one policy statement, in the log (the summary carries it too). */
function logPermissions(execution: Execution): string | undefined {
  const permissions = permissionsReport(execution.permissions)
  if (!permissions) return undefined
  actionLog.group('IAM permissions to add', permissionsLog(permissions))
  return permissionsSection(permissions)
}

/** This run's page on GitHub, from the runner's default environment variables. */
function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: id } = env
  return server && repository && id ? `${server}/${repository}/actions/runs/${id}` : undefined
}

function reportOptions(inputs: Inputs | undefined, execution: Execution): ReportOptions {
  // Before the inputs are read, say as little as possible.
  return {
    region: execution.region ?? '',
    detail: inputs?.summaryDetail ?? 'minimal',
    manifest: execution.loaded?.manifest,
    runUrl: runUrl(process.env),
    permissions: logPermissions(execution)
  }
}

/** A run that stopped early still leaves a summary and `summary-markdown` saying why, for the pull request. */
async function reportStop(error: unknown, inputs: Inputs | undefined, execution: Execution): Promise<void> {
  const markdown = renderFailure(error, { mode: inputs?.mode, loaded: execution.loaded, options: reportOptions(inputs, execution) })
  core.setOutput('summary-markdown', markdown)
  try {
    await core.summary.addRaw(markdown).write()
  } catch (summaryError) {
    core.warning(`The job summary could not be written: ${summaryError instanceof Error ? summaryError.message : String(summaryError)}`)
  }
}

/** inputs → reconcile → outputs and summary. Every failure ends here, once. */
export async function run(): Promise<void> {
  const execution: Execution = {}
  let inputs: Inputs | undefined
  try {
    // Untrimmed, so that a `channels` of spaces alone counts as given (parseInputs trims the rest).
    inputs = parseInputs((name) => core.getInput(name, { trimWhitespace: false }))
    // Without GITHUB_WORKSPACE (local-action) the directory it runs in stands for the workspace.
    const edge = actionEdge(process.env.GITHUB_WORKSPACE || process.cwd())
    await execute({ inputs, log: actionLog, edge }, execution)
    const result = execution.result!
    const options = reportOptions(inputs, execution)
    for (const [name, value] of Object.entries(actionOutputs(result, options))) core.setOutput(name, value)
    await writeSummary(result, options)
    for (const failure of result.failures) report(failure.error, execution)
    if (result.failures.length > 0) core.setFailed(failureLine(result))
  } catch (error) {
    report(error, execution)
    if (!execution.result) await reportStop(error, inputs, execution)
    core.setFailed(
      error instanceof Error && error.name === 'ManifestError'
        ? 'The manifest is not valid; see the errors above.'
        : error instanceof Error
          ? error.message.split('\n')[0]!
          : String(error)
    )
  }
}
