import {
  CreateDistributionWithTagsCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  paginateListDistributions,
  UpdateDistributionCommand,
  type CloudFrontClient,
  type Distribution,
  type DistributionConfig,
  type DistributionSummary,
  type Tag
} from '@aws-sdk/client-cloudfront'
import { mapConcurrent } from '../concurrency.js'
import { AwsCaller } from './call.js'

const SCAN_CONCURRENCY = 8

/** A distribution as read, with the ETag an update must send back as IfMatch. */
export interface VersionedDistribution {
  distribution: Distribution
  etag: string
}

export type UpdateResult = { kind: 'updated'; distribution: VersionedDistribution } | { kind: 'stale' }
/** `not-disabled`: still enabled, or its disable not yet Deployed; `gone`: nothing to delete. */
export type DeleteResult = { kind: 'deleted' } | { kind: 'stale' } | { kind: 'not-disabled' } | { kind: 'gone' }
/** `exists` names the distribution CloudFront says holds the CallerReference, when its message does. */
export type CreateResult = { kind: 'created'; distribution: VersionedDistribution } | { kind: 'exists'; id?: string | undefined }

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
  constructor(
    private readonly client: CloudFrontClient,
    private readonly aws: AwsCaller = new AwsCaller('cloudfront')
  ) {}

  /**
   * Config, status, domain and ETag in one call; undefined when the distribution is gone. `waiting`:
   * this read polls for Deployed (an expired session is then explained by the wait).
   */
  async getDistribution(id: string, options: { waiting?: boolean } = {}): Promise<VersionedDistribution | undefined> {
    const out = await this.aws.call({
      operation: 'GetDistribution',
      resource: `distribution ${id}`,
      send: () => this.client.send(new GetDistributionCommand({ Id: id })),
      expected: ['NoSuchDistribution'],
      waiting: options.waiting ?? false
    })
    return out && versioned(out.Distribution, out.ETag, `GetDistribution ${id}`)
  }

  /** `exists` when the CallerReference is taken: another run (or a crashed one) created it first. */
  async createDistribution(config: DistributionConfig, tags: Tag[], resource: string): Promise<CreateResult> {
    const out = await this.aws.call({
      operation: 'CreateDistributionWithTags',
      resource,
      send: async () => {
        try {
          const created = await this.client.send(
            new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: tags } } })
          )
          return { kind: 'created' as const, distribution: versioned(created.Distribution, created.ETag, 'CreateDistributionWithTags') }
        } catch (error) {
          // "… is associated with another distribution. Already exists: E2O6U8DECVP5UD"
          if ((error as Error).name !== 'DistributionAlreadyExists') throw error
          return { kind: 'exists' as const, id: /Already exists: (E[A-Z0-9]+)/.exec((error as Error).message)?.[1] }
        }
      }
    })
    return out
  }

  /** `stale` on 412 PreconditionFailed: someone changed the distribution since it was read. */
  async updateDistribution(id: string, config: DistributionConfig, etag: string): Promise<UpdateResult> {
    const out = await this.aws.call({
      operation: 'UpdateDistribution',
      resource: `distribution ${id}`,
      send: () => this.client.send(new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config })),
      expected: ['PreconditionFailed']
    })
    return out ? { kind: 'updated', distribution: versioned(out.Distribution, out.ETag, `UpdateDistribution ${id}`) } : { kind: 'stale' }
  }

  /** Adds or overwrites tags on a distribution (the link tag a person removed). */
  async tagDistribution(arn: string, tags: Tag[]): Promise<void> {
    await this.aws.call({
      operation: 'TagResource',
      resource: arn,
      send: () => this.client.send(new TagResourceCommand({ Resource: arn, Tags: { Items: tags } }))
    })
  }

  /** Every distribution's summary (origins, comment), all pages: the rare path that looks for a lost link. */
  async listDistributions(): Promise<DistributionSummary[]> {
    const found: DistributionSummary[] = []
    const pages = paginateListDistributions({ client: this.client }, {})
    for (;;) {
      const page = await this.aws.call({ operation: 'ListDistributions', resource: 'account', send: async () => (await pages.next()).value })
      if (!page) return found
      found.push(...(page.DistributionList?.Items ?? []))
    }
  }

  /** Deletes a disabled, Deployed distribution; `etag` must be the one just read (IfMatch). */
  /** Deletes a disabled, Deployed distribution with a fresh ETag; the answers a teardown acts on are results. */
  deleteDistribution(id: string, etag: string): Promise<DeleteResult> {
    const answers: Record<string, DeleteResult> = {
      PreconditionFailed: { kind: 'stale' },
      DistributionNotDisabled: { kind: 'not-disabled' },
      NoSuchDistribution: { kind: 'gone' }
    }
    return this.aws.call({
      operation: 'DeleteDistribution',
      resource: `distribution ${id}`,
      send: async (): Promise<DeleteResult> => {
        try {
          await this.client.send(new DeleteDistributionCommand({ Id: id, IfMatch: etag }))
          return { kind: 'deleted' }
        } catch (error) {
          const answer = answers[(error as Error).name]
          if (answer) return answer
          throw error
        }
      }
    })
  }

  /**
   * The slow way to find tagged distributions, for accounts that deny tag:GetResources: every
   * distribution, then its tags. Calls grow with the account's size.
   */
  async scanTagged(tagKey: string): Promise<TaggedDistribution[]> {
    const found: TaggedDistribution[] = []
    const pages = paginateListDistributions({ client: this.client }, {})
    for (;;) {
      const page = await this.aws.call({ operation: 'ListDistributions', resource: 'account', send: async () => (await pages.next()).value })
      if (!page) return found
      const summaries = (page.DistributionList?.Items ?? []).filter((summary) => summary.ARN && summary.Id)
      // A page holds up to 100 distributions: read their tags a few at a time rather than one by one.
      await mapConcurrent(summaries, SCAN_CONCURRENCY, async (summary) => {
        const arn = summary.ARN!
        const tags = await this.aws.call({
          operation: 'ListTagsForResource',
          resource: arn,
          send: () => this.client.send(new ListTagsForResourceCommand({ Resource: arn }))
        })
        const tag = tags.Tags?.Items?.find((item) => item.Key === tagKey)
        if (tag) found.push({ arn, id: summary.Id!, tagValue: tag.Value ?? '' })
      })
    }
  }
}
