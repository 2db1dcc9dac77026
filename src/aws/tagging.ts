import { paginateGetResources, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { distributionIdFromArn, type TaggedDistribution } from './cloudfront.js'
import { AwsCaller } from './call.js'

/**
 * Every CloudFront distribution carrying `tagKey`, whatever its value, in as few calls as the account
 * allows (one page holds 100). One look-up serves every channel of the manifest.
 */
export function findTaggedDistributions(
  client: ResourceGroupsTaggingAPIClient,
  tagKey: string,
  aws: AwsCaller = new AwsCaller('tagging')
): Promise<TaggedDistribution[]> {
  const send = async () => {
    const found: TaggedDistribution[] = []
    const pages = paginateGetResources({ client }, { ResourceTypeFilters: ['cloudfront:distribution'], TagFilters: [{ Key: tagKey }], ResourcesPerPage: 100 })
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        const arn = mapping.ResourceARN
        const tag = mapping.Tags?.find((item) => item.Key === tagKey)
        if (arn && tag) found.push({ arn, id: distributionIdFromArn(arn), tagValue: tag.Value ?? '' })
      }
    }
    return found
  }
  return aws.call({ operation: 'GetResources', resource: `distributions tagged ${tagKey}`, send })
}
