import type { DistributionSpec } from '../manifest/definition.js'

/** Where the distribution's MediaPackage origin points. */
export type OriginTarget = { kind: 'placeholder' } | { kind: 'mediapackage'; host: string }

/**
 * Everything the action wants of one channel's distribution, derived from the manifest and from what
 * MediaPackage reports (the channel ARN, the endpoints' host). Pure data: the config builders below
 * turn it into CloudFront's shape.
 */
export interface DistributionIntent {
  channelId: string
  channelArn: string
  spec: DistributionSpec
  origin: OriginTarget
  /** Cache behavior path patterns the channel's endpoints need. */
  patterns: readonly string[]
  /** CDN authorization header value, when the channel uses it (never logged). */
  cdnIdentifier?: string | undefined
}

/** `MP-<first host label>`, as the console names its origin (aws-facts §1.3). */
export function originIdFor(host: string): string {
  return `MP-${host.split('.')[0] ?? host}`
}
