import type { CloudFront, TaggedDistribution } from '../aws/cloudfront.js'
import type { CloudWatch } from '../aws/cloudwatch.js'
import type { PollSchedule, WaitClock } from './wait.js'

/** Where the run writes what it does. The action, the CLI and tests each provide one. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  /** Lines that belong together, written at once. */
  group(title: string, lines: readonly string[]): void
  /** Registers a value that must never appear in any output (the runner masks it). */
  secret(value: string): void
}

/** The CloudFront side every provider shares, through thin adapters. Providers bring their own clients. */
export interface Services {
  cloudfront: CloudFront
  /** Viewer metrics for the guard before deletes, per Region. */
  metrics: CloudWatch
  /** Every distribution carrying the tag `key` (tag API, or a scan where that is denied); one look-up per key serves every channel. */
  findTagged(key: string, fresh?: boolean): Promise<TaggedDistribution[]>
}

export interface Runtime extends WaitClock {
  services: Services
  log: Log
}

export interface ReconcileOptions {
  mode: 'plan' | 'apply'
  wait: boolean
  waitTimeoutMs: number
  maxConcurrency: number
  /** Whether apply may delete or disable what the manifest retires; without it a plan that does fails before any write. */
  allowDelete: boolean
  /** Window of the viewer guard before deletes; 0 turns it off. */
  viewerGuardMinutes: number
  poll?: PollSchedule | undefined
  /** Retry schedule for conflicts and eventual consistency; tests shorten it. */
  retryBaseMs?: number | undefined
}
