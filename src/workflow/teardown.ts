import { newChange, type Change } from '../change.js'
import { disabledConfig, isDisabled } from '../cloudfront/teardown.js'
import { UserError } from '../errors.js'
import type { DistributionState } from './distribution.js'
import type { RetryPolicy } from './retry.js'
import type { Runtime } from './runtime.js'
import { quietStep, type Step } from './steps.js'
import type { WaitOutcome } from './wait.js'

/** How many times a disable or delete is re-read and sent again after 412 PreconditionFailed. */
const STALE_RETRIES = 5

export const DISABLE_COST = 'a distribution takes minutes to disable: CloudFront deploys the change to every edge location'
export const KEPT_NOTE = 'retain-on-delete: kept, disabled, with its tag; delete it in the CloudFront console when it is no longer needed'

export interface TeardownOptions {
  channel: string
  distribution: DistributionState
  /** retain-on-delete: disable and keep, do not delete. */
  retain: boolean
  /** The wait input: false stops the teardown after the disable, for a later run to finish. */
  wait: boolean
  rt: Runtime
  retry: RetryPolicy
  /** Waits for Deployed (no concurrency slot, the run's poll schedule, bounded by wait-timeout-minutes); the run keeps the outcome. */
  waitForDeployed(id: string, status: string): Promise<WaitOutcome>
  /** Stops the channel's run after this step; the next run finishes what is left. */
  stop(reason: string): void
}

/**
 * A retired channel's distribution, in the only order CloudFront allows: disable (unless it already
 * is), wait until that is Deployed (also when someone else's change is still InProgress), then delete
 * it with a fresh ETag; with retain-on-delete it stays, disabled. Each step reads what it needs, so a
 * run cut anywhere is finished by the next: a disabled distribution skips the disable, a gone one is done.
 */
export function distributionTeardown(options: TeardownOptions): Step[] {
  const current = options.distribution.current
  if (!current) return []
  const steps: Step[] = []
  if (!isDisabled(current.distribution)) steps.push(disableStep(options))
  steps.push(settleStep(options))
  if (!options.retain) steps.push(deleteStep(options))
  return steps
}

function idOf(options: TeardownOptions): string {
  return options.distribution.current!.distribution.Id!
}

function disableStep(options: TeardownOptions): Step {
  const id = idOf(options)
  const config = options.distribution.current!.distribution.DistributionConfig
  if (!config) throw new Error(`GetDistribution ${id} returned no DistributionConfig`)
  const { fields } = disabledConfig(config)
  const notes = [DISABLE_COST, ...(options.retain ? [KEPT_NOTE] : [])]
  if (!options.wait) notes.push('wait is false, so apply stops after the disable: run again once the distribution is Deployed to finish the teardown')
  const change: Change = { ...newChange('distribution', id, `distribution of ${options.channel}`, 'disable'), fields, notes }
  return {
    plan: () => change,
    async apply() {
      const { rt, distribution } = options
      for (let attempt = 1; ; attempt++) {
        const current = distribution.current
        if (!current || isDisabled(current.distribution)) return change
        const existing = current.distribution.DistributionConfig
        if (!existing) throw new Error(`GetDistribution ${id} returned no DistributionConfig`)
        const updated = await rt.services.cloudfront.updateDistribution(id, disabledConfig(existing).config, current.etag)
        if (updated.kind === 'updated') {
          distribution.current = updated.distribution
          return change
        }
        if (attempt >= STALE_RETRIES) {
          throw new UserError(
            `Distribution ${id} changed under us ${attempt} times in a row (412 PreconditionFailed). Run again when no one else is editing it.`
          )
        }
        rt.log.info(`${options.channel}: distribution ${id} changed since it was read (412); reading it again`)
        distribution.current = await rt.services.cloudfront.getDistribution(id)
      }
    }
  }
}

/** Waits while the distribution is InProgress: CloudFront deletes only what has Deployed its disable. */
function settleStep(options: TeardownOptions): Step {
  return quietStep(async () => {
    const current = options.distribution.current
    if (!current) return
    const status = current.distribution.Status ?? 'InProgress'
    if (status === 'Deployed') return
    if (!options.wait) return options.stop('wait is false')
    const outcome = await options.waitForDeployed(current.distribution.Id!, status)
    if (outcome.status !== status) options.distribution.current = { ...current, distribution: { ...current.distribution, Status: outcome.status } }
    if (!outcome.deployed) options.stop('still deploying')
  })
}

function deleteStep(options: TeardownOptions): Step {
  const current = options.distribution.current!
  const id = idOf(options)
  const domain = current.distribution.DomainName
  const change: Change = {
    ...newChange('distribution', id, `distribution of ${options.channel}`, 'delete'),
    notes: [`once its disable is Deployed; ${domain ? `${domain} is gone for good` : 'cannot be undone'}`]
  }
  return {
    plan: () => change,
    async apply() {
      const { rt, distribution, retry } = options
      const cloudfront = rt.services.cloudfront
      let stale = 0
      let notDisabled = 0
      for (;;) {
        // CloudFront wants the ETag of the distribution as it is now, not as it was before the wait.
        const fresh = await cloudfront.getDistribution(id)
        distribution.current = fresh
        if (!fresh) return { ...change, notes: [...change.notes, 'it was already gone'] }
        if (!isDisabled(fresh.distribution)) {
          throw new UserError(
            `Distribution ${id} was enabled again while channel ${options.channel} was being retired. Its endpoints and the channel are not deleted yet: ` +
              'run again to disable and delete it, or set retain-on-delete: true to keep it.'
          )
        }
        const deleted = await cloudfront.deleteDistribution(id, fresh.etag)
        if (deleted.kind === 'deleted' || deleted.kind === 'gone') {
          distribution.current = undefined
          return deleted.kind === 'gone' ? { ...change, notes: [...change.notes, 'it was already gone'] } : change
        }
        if (deleted.kind === 'stale') {
          if (++stale >= STALE_RETRIES) {
            throw new UserError(
              `Distribution ${id} changed under us ${stale} times in a row (412 PreconditionFailed). Run again when no one else is editing it.`
            )
          }
          rt.log.info(`${options.channel}: distribution ${id} changed since it was read (412); reading it again`)
          continue
        }
        // DistributionNotDisabled although it reads disabled and Deployed: CloudFront can lag a little behind its own status.
        if (++notDisabled >= retry.attempts) {
          throw new UserError(
            `CloudFront kept answering DistributionNotDisabled for distribution ${id}, which is disabled and ${fresh.distribution.Status}. ` +
              'Run again in a few minutes to finish the teardown.'
          )
        }
        rt.log.info(`${options.channel}: distribution ${id} is not deletable yet (DistributionNotDisabled); trying again`)
        await retry.sleep(retry.baseMs * 2 ** (notDisabled - 1))
      }
    }
  }
}
