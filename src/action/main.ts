import * as core from '@actions/core'
import { annotationsFor } from '../report/annotations.js'
import { actionOutputs } from '../report/outputs.js'
import { permissionsLog, permissionsReport, permissionsSection } from '../report/permissions.js'
import { renderSummary } from '../report/summary.js'
import { actionEdge } from './edge.js'
import { parseInputs } from './inputs.js'
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
async function writeSummary(result: RunResult, region: string): Promise<void> {
  const markdown = renderSummary(result, region)
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

/** Every denied IAM action as one policy statement, in the log and the job summary, whatever else happened. */
async function reportPermissions(execution: Execution, summaryWritten: boolean): Promise<void> {
  const permissions = permissionsReport(execution.permissions)
  if (!permissions) return
  actionLog.group('IAM permissions to add', permissionsLog(permissions))
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    // Appended after the summary (summary.ts renders the rest), or alone when the run stopped early.
    await core.summary.addRaw(`${summaryWritten ? '\n' : ''}${permissionsSection(permissions)}`).write()
  } catch (error) {
    core.warning(`The job summary could not be written: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** inputs → reconcile → outputs and summary. Every failure ends here, once. */
export async function run(): Promise<void> {
  const execution: Execution = {}
  let summaryWritten = false
  try {
    // Untrimmed, so that a `channels` of spaces alone counts as given (parseInputs trims the rest).
    const inputs = parseInputs((name) => core.getInput(name, { trimWhitespace: false }))
    // Without GITHUB_WORKSPACE (local-action) the directory it runs in stands for the workspace.
    const edge = actionEdge(process.env.GITHUB_WORKSPACE || process.cwd())
    await execute({ inputs, log: actionLog, edge }, execution)
    const result = execution.result!
    for (const [name, value] of Object.entries(actionOutputs(result))) core.setOutput(name, value)
    await writeSummary(result, execution.region ?? '')
    summaryWritten = true
    for (const failure of result.failures) report(failure.error, execution)
    if (result.failures.length > 0) {
      const ids = result.failures.map((failure) => failure.channelId).join(', ')
      core.setFailed(`${result.failures.length} of ${result.channels.length} channel(s) failed: ${ids}. See the errors above.`)
    }
  } catch (error) {
    report(error, execution)
    core.setFailed(
      error instanceof Error && error.name === 'ManifestError'
        ? 'The manifest is not valid; see the errors above.'
        : error instanceof Error
          ? error.message.split('\n')[0]!
          : String(error)
    )
  }
  await reportPermissions(execution, summaryWritten)
}
