import type { CloudFront, TaggedDistribution } from './cloudfront.js'
import { isAccessDenied } from './errors.js'

/**
 * Finds distributions by tag through the Tagging API: a handful of calls whatever the account's size.
 * Where tag:GetResources is denied it falls back, once and with a warning, to scanning every
 * distribution's tags, which keeps working but costs calls in proportion to the account.
 */
export function tagLookup(
  findByTag: () => Promise<TaggedDistribution[]>,
  cloudfront: CloudFront,
  tagKey: string,
  warn: (message: string) => void
): () => Promise<TaggedDistribution[]> {
  let scan = false
  return async () => {
    if (!scan) {
      try {
        return await findByTag()
      } catch (error) {
        if (!isAccessDenied(error)) throw error
        scan = true
        warn(
          'tag:GetResources is denied, so distributions are found by listing every distribution and its tags ' +
            '(cloudfront:ListDistributions, cloudfront:ListTagsForResource). This is slower in large accounts: allow tag:GetResources.'
        )
      }
    }
    return cloudfront.scanTagged(tagKey)
  }
}
