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
  /**
   * CDN authorization: the X-MediaPackage-CDNIdentifier value the origin sends (a credential: never
   * logged); null for no header; undefined to leave whatever is there (the manifest does not name it).
   */
  originHeader?: string | null | undefined
  /**
   * While CDN authorization is turned on or off for a live channel: behaviors go through an origin
   * group that tries the origin with the header and fails over (403, 404) to the same origin without it.
   * true puts it in place, false takes it down, undefined leaves it as it is.
   */
  bridge?: boolean | undefined
}

/** `MP-<first host label>`, as the console names its origin (aws-facts §1.3). */
export function originIdFor(host: string): string {
  return `MP-${host.split('.')[0] ?? host}`
}
