import type { Services } from '../workflow/runtime.js'
import type { AwsClients } from './clients.js'
import { CloudFront, type TaggedDistribution } from './cloudfront.js'
import { CloudWatch } from './cloudwatch.js'
import { tagLookup } from './lookup.js'

/**
 * The shared CloudFront side. Tag look-ups are shared per tag key: the first channel starts it and
 * every other channel of the run awaits the same answer; `fresh` asks again (after a create race).
 */
export function createServices(clients: AwsClients, warn: (message: string) => void): Services {
  const cloudfront = new CloudFront(clients.cloudfront)
  const lookups = new Map<string, () => Promise<TaggedDistribution[]>>()
  const shared = new Map<string, Promise<TaggedDistribution[]>>()
  const lookup = (key: string) => {
    let find = lookups.get(key)
    if (!find) lookups.set(key, (find = tagLookup(clients.tagging, cloudfront, key, warn)))
    return find
  }
  const metrics = new CloudWatch((region) => {
    const client = clients.cloudwatch[region]
    if (!client) throw new Error(`no CloudWatch client for ${region}: clients.ts makes them for the channels' Region and us-east-1`)
    return client
  })
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
