import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage'
import type { VersionedDistribution } from '../aws/cloudfront.js'
import type { CdnIdentifier } from '../aws/secrets.js'

export type Action = 'create' | 'update' | 'unchanged'

/** One resource the plan creates, updates or leaves alone, with what differs (human-readable). */
export interface Change {
  resource: 'secret' | 'channel' | 'endpoint' | 'distribution'
  id: string
  action: Action
  details: string[]
}

/** What AWS holds for one manifest channel, read before any decision. */
export interface ChannelObservation {
  channel?: Channel | undefined
  endpoints: OriginEndpoint[]
  distribution?: VersionedDistribution | undefined
  /**
   * The CDN authorization secret, when the channel uses one and it exists: its ARN, and in apply mode
   * its current value (plan mode never reads the value).
   */
  secret?: { arn: string; current?: CdnIdentifier | undefined } | undefined
}

export interface EndpointOutput {
  id: string
  packaging: string
  /** The endpoint's own URL(s) at MediaPackage, one per manifest for CMAF. */
  originUrls: string[]
  /** The same through the CDN. */
  playbackUrls: string[]
}

/** Everything a run reports about one channel: outputs, summary and logs are rendered from this. */
export interface ChannelResult {
  id: string
  arn?: string | undefined
  distributionId?: string | undefined
  distributionDomain?: string | undefined
  distributionStatus?: string | undefined
  cdnUrl?: string | undefined
  endpoints: EndpointOutput[]
  /** Ingest URLs and usernames; passwords are never kept here. */
  ingest: { id: string; url: string; username: string }[]
  changes: Change[]
  /** How long the run waited for Deployed, when it waited. */
  waitedMs?: number | undefined
  /** Set when this channel failed; the other channels still report. */
  error?: string | undefined
}

export function changed(changes: readonly Change[]): boolean {
  return changes.some((change) => change.action !== 'unchanged')
}
