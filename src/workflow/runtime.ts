import type { CloudFront, TaggedDistribution } from '../aws/cloudfront.js'
import type { MediaPackage } from '../providers/mediapackage-v1/client.js'
import type { Secrets } from '../aws/secrets.js'
import type { PollSchedule, WaitClock } from './wait.js'

/** Where the reconcile writes what it does. The action, the CLI and tests each provide one. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  /** Lines that belong together (one channel), written at once so concurrent channels don't interleave. */
  group(title: string, lines: readonly string[]): void
  /** Registers a value that must never appear in any output (the runner masks it). */
  secret(value: string): void
}

/** The AWS side, through thin adapters. */
export interface Services {
  mediapackage: MediaPackage
  cloudfront: CloudFront
  secrets: Secrets
  /** Every distribution with the association tag (tag API, or a scan where that is denied). */
  findTaggedDistributions(): Promise<TaggedDistribution[]>
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
  poll?: PollSchedule
  /** Retry schedule for conflicts and eventual consistency; tests shorten it. */
  retryBaseMs?: number
}
