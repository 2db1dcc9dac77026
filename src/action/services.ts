import type { Services } from '../workflow/runtime.js'
import { AwsCaller, type CallContext } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { CloudFront, type TaggedDistribution } from '../aws/cloudfront.js'
import { CloudWatch } from '../aws/cloudwatch.js'
import { tagLookup } from '../aws/lookup.js'
import { findTaggedDistributions } from '../aws/tagging.js'

export interface ServiceOptions {
  warn: (message: string) => void
  /** Shared by every call: the permission collector and what network messages need. */
  context?: CallContext
}

/**
 * The shared CloudFront side. Tag look-ups are shared per tag key: the first channel starts it and
 * every other channel of the run awaits the same answer; `fresh` asks again (after a create race).
 */
export function createServices(clients: AwsClients, options: ServiceOptions): Services {
  const context = options.context ?? {}
  const cloudfront = new CloudFront(clients.cloudfront, new AwsCaller('cloudfront', context))
  const tagging = new AwsCaller('tagging', context)
  const lookups = new Map<string, () => Promise<TaggedDistribution[]>>()
  const shared = new Map<string, Promise<TaggedDistribution[]>>()
  const lookup = (key: string) => {
    let find = lookups.get(key)
    if (!find) lookups.set(key, (find = tagLookup(() => findTaggedDistributions(clients.tagging, key, tagging), cloudfront, key, options.warn)))
    return find
  }
  const metrics = new CloudWatch(
    (region) => {
      const client = clients.cloudwatch[region]
      if (!client) throw new Error(`no CloudWatch client for ${region}: clients.ts makes them for the channels' Region and us-east-1`)
      return client
    },
    new AwsCaller('cloudwatch', context)
  )
  return {
    cloudfront,
    metrics,
    findTagged(key, fresh = false) {
      if (fresh) return lookup(key)()
      let answer = shared.get(key)
      if (!answer) {
        answer = lookup(key)()
        // A channel whose own reads fail never awaits it; keep its rejection from going unhandled.
        answer.catch(() => undefined)
        shared.set(key, answer)
      }
      return answer
    }
  }
}
