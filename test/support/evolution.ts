/**
 * Plan against apply, for the evolution tests: at each manifest edit, plan mode must name the
 * resources, actions and fields the following apply reports (values plan marks pending may differ),
 * and a plan right after the apply must find nothing to do.
 */
import { expect } from '@jest/globals'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, writeManifest, type RunOutcome } from './harness.js'

export interface ReportedChange {
  channel: string
  resource: string
  id: string | null
  action: string
  fields: { field: string; from?: string; to?: string; pending?: boolean }[]
}

export function changesOf(run: RunOutcome): ReportedChange[] {
  expect(run.error).toBeUndefined()
  expect(run.execution.result?.failures).toEqual([])
  return JSON.parse(run.outputs.changes!) as ReportedChange[]
}

/** What plan and apply must agree on: resource, action and field names; values too, unless plan marked them known after apply. */
function comparable(change: ReportedChange, planned: ReportedChange | undefined) {
  return {
    channel: change.channel,
    resource: change.resource,
    // A resource plan mode creates may have no id yet.
    id: planned && planned.id === null ? null : change.id,
    action: change.action,
    fields: change.fields.map((field, at) =>
      (planned ?? change).fields[at]?.pending ? { field: field.field } : { field: field.field, from: field.from, to: field.to }
    )
  }
}

/** Plans, applies and plans again one manifest; fails the test at the first edit where plan and apply disagree. */
export async function expectPlanMatchesApply(fake: FakeAws, title: string, yaml: string): Promise<void> {
  const path = writeManifest(yaml)
  fake.resetCalls()
  const plan = changesOf(await runReconcile(fake, path, { mode: 'plan' }))
  expect({ title, writes: mutatingCalls(fake) }).toEqual({ title, writes: [] })
  const apply = changesOf(await runReconcile(fake, path))
  const again = changesOf(await runReconcile(fake, path, { mode: 'plan' }))
  expect({ title, changes: apply.map((change, index) => comparable(change, plan[index])) }).toEqual({
    title,
    changes: plan.map((change) => comparable(change, undefined))
  })
  expect({ title, again: again.filter((change) => change.action !== 'unchanged') }).toEqual({ title, again: [] })
}
