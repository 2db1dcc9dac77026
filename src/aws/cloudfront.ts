import {
  CreateDistributionWithTagsCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  ListTagsForResourceCommand,
  paginateListDistributions,
  UpdateDistributionCommand,
  type CloudFrontClient,
  type Distribution,
  type DistributionConfig,
  type Tag
} from '@aws-sdk/client-cloudfront'
import { mapConcurrent } from '../workflow/slots.js'
import { call, errorName, wrapAwsError } from './errors.js'

const SERVICE = 'cloudfront'
const SCAN_CONCURRENCY = 8

/** A distribution as read, with the ETag an update must send back as IfMatch. */
export interface VersionedDistribution {
  distribution: Distribution
  etag: string
}

export type UpdateResult = { kind: 'updated'; distribution: VersionedDistribution } | { kind: 'stale' }
/** `not-disabled`: still enabled, or its disable not yet Deployed; `gone`: nothing to delete. */
export type DeleteResult = { kind: 'deleted' } | { kind: 'stale' } | { kind: 'not-disabled' } | { kind: 'gone' }
export type CreateResult = { kind: 'created'; distribution: VersionedDistribution } | { kind: 'exists' }

/** A distribution carrying a tag, as found by a look-up. */
export interface TaggedDistribution {
  arn: string
  id: string
  tagValue: string
}

export function distributionIdFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

function versioned(distribution: Distribution | undefined, etag: string | undefined, what: string): VersionedDistribution {
  if (!distribution || !etag) throw new Error(`${what}: CloudFront answered without a distribution or ETag`)
  return { distribution, etag }
}

/** Exactly the CloudFront calls the action makes. */
export class CloudFront {
  constructor(private readonly client: CloudFrontClient) {}

  /** Config, status, domain and ETag in one call; undefined when the distribution is gone. */
  async getDistribution(id: string): Promise<VersionedDistribution | undefined> {
    try {
      const out = await this.client.send(new GetDistributionCommand({ Id: id }))
      return versioned(out.Distribution, out.ETag, `GetDistribution ${id}`)
    } catch (error) {
      if (errorName(error) === 'NoSuchDistribution') return undefined
      throw wrapAwsError(error, SERVICE, 'GetDistribution', `distribution ${id}`)
    }
  }

  /** `exists` when the CallerReference is taken: another run (or a crashed one) created it first. */
  async createDistribution(config: DistributionConfig, tags: Tag[], resource: string): Promise<CreateResult> {
    try {
      const out = await this.client.send(
        new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: tags } } })
      )
      return { kind: 'created', distribution: versioned(out.Distribution, out.ETag, 'CreateDistributionWithTags') }
    } catch (error) {
      if (errorName(error) === 'DistributionAlreadyExists') return { kind: 'exists' }
      throw wrapAwsError(error, SERVICE, 'CreateDistributionWithTags', resource)
    }
  }

  /** `stale` on 412 PreconditionFailed: someone changed the distribution since it was read. */
  async updateDistribution(id: string, config: DistributionConfig, etag: string): Promise<UpdateResult> {
    try {
      const out = await this.client.send(new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }))
      return { kind: 'updated', distribution: versioned(out.Distribution, out.ETag, `UpdateDistribution ${id}`) }
    } catch (error) {
      if (errorName(error) === 'PreconditionFailed') return { kind: 'stale' }
      throw wrapAwsError(error, SERVICE, 'UpdateDistribution', `distribution ${id}`)
    }
  }

  /** Deletes a disabled, Deployed distribution; `etag` must be the one just read (IfMatch). */
  async deleteDistribution(id: string, etag: string): Promise<DeleteResult> {
    try {
      await this.client.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
      return { kind: 'deleted' }
    } catch (error) {
      switch (errorName(error)) {
        case 'PreconditionFailed':
          return { kind: 'stale' }
        case 'DistributionNotDisabled':
          return { kind: 'not-disabled' }
        case 'NoSuchDistribution':
          return { kind: 'gone' }
        default:
          throw wrapAwsError(error, SERVICE, 'DeleteDistribution', `distribution ${id}`)
      }
    }
  }

  /**
   * The slow way to find tagged distributions, for accounts that deny tag:GetResources: every
   * distribution, then its tags. Calls grow with the account's size.
   */
  async scanTagged(tagKey: string): Promise<TaggedDistribution[]> {
    const found: TaggedDistribution[] = []
    const pages = paginateListDistributions({ client: this.client }, {})
    for (;;) {
      const page = await call(SERVICE, 'ListDistributions', 'account', async () => (await pages.next()).value)
      if (!page) return found
      const summaries = (page.DistributionList?.Items ?? []).filter((summary) => summary.ARN && summary.Id)
      // A page holds up to 100 distributions: read their tags a few at a time rather than one by one.
      await mapConcurrent(summaries, SCAN_CONCURRENCY, async (summary) => {
        const arn = summary.ARN!
        const tags = await call(SERVICE, 'ListTagsForResource', arn, () => this.client.send(new ListTagsForResourceCommand({ Resource: arn })))
        const tag = tags.Tags?.Items?.find((item) => item.Key === tagKey)
        if (tag) found.push({ arn, id: summary.Id!, tagValue: tag.Value ?? '' })
      })
    }
  }
}
