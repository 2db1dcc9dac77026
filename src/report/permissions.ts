/**
 * The IAM actions a run was denied, as one ready-to-paste policy statement, for the log and the job
 * summary. Shown once at the end rather than one missing permission per failed run.
 */
import type { PermissionCollector } from '../aws/permissions.js'

export interface PolicyStatement {
  Sid: string
  Effect: 'Allow'
  Action: string[]
  Resource: '*'
}

export interface PermissionsReport {
  /** Every denied action, sorted, once. */
  denied: string[]
  statement: PolicyStatement
  /** Plan mode: the statement apply's role needs, the denied reads plus the writes of those services. */
  applyStatement?: PolicyStatement | undefined
}

/** Undefined when nothing was denied. */
export function permissionsReport(collector: PermissionCollector | undefined): PermissionsReport | undefined {
  const denied = collector?.denied() ?? []
  if (denied.length === 0) return undefined
  const extra = collector!.applyAlsoNeeds()
  const statement: PolicyStatement = { Sid: 'MediaPackageCloudFrontDeploy', Effect: 'Allow', Action: denied, Resource: '*' }
  return {
    denied,
    statement,
    ...(extra.length > 0 ? { applyStatement: { ...statement, Sid: 'MediaPackageCloudFrontApply', Action: [...denied, ...extra].sort() } } : {})
  }
}

const json = (statement: PolicyStatement) => JSON.stringify(statement, null, 2)

function intro(report: PermissionsReport): string {
  const count = report.denied.length === 1 ? 'an IAM action' : `${report.denied.length} IAM actions`
  return `The run was denied ${count}. Add this statement to the policy of the role this job uses (README, "Permissions", shows how to narrow Resource):`
}

const APPLY_NOTE = 'Plan mode only reads. For apply, the role also needs the writes of the same services; the statement for it:'

/** Lines for the log. */
export function permissionsLog(report: PermissionsReport): string[] {
  const lines = [intro(report), ...json(report.statement).split('\n')]
  if (report.applyStatement) lines.push(APPLY_NOTE, ...json(report.applyStatement).split('\n'))
  return lines
}

/** A section for the job summary, appended after the rest of it. */
export function permissionsSection(report: PermissionsReport): string {
  const lines = [
    '### Permissions',
    '',
    '> [!WARNING]',
    `> Denied: ${report.denied.map((action) => `\`${action}\``).join(', ')}`,
    '',
    intro(report),
    '',
    '```json',
    json(report.statement),
    '```',
    ''
  ]
  if (report.applyStatement) lines.push(APPLY_NOTE, '', '```json', json(report.applyStatement), '```', '')
  return lines.join('\n')
}
