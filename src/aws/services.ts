import { ASSOC_TAG } from '../cloudfront/constants.js'
import type { Services } from '../workflow/runtime.js'
import { AwsCaller, type CallContext } from './call.js'
import type { AwsClients } from './clients.js'
import { CloudFront } from './cloudfront.js'
import { tagLookup } from './lookup.js'
import { MediaPackage } from '../providers/mediapackage-v1/client.js'
import { Secrets } from './secrets.js'
import { findTaggedDistributions } from './tagging.js'

export interface ServiceOptions {
  warn: (message: string) => void
  mask: (value: string) => void
  /** Shared by every call: the permission collector and what network messages need. */
  context?: CallContext
}

export function createServices(clients: AwsClients, options: ServiceOptions): Services {
  const context = options.context ?? {}
  const cloudfront = new CloudFront(clients.cloudfront, new AwsCaller('cloudfront', context))
  const tagging = new AwsCaller('tagging', context)
  return {
    mediapackage: new MediaPackage(clients.mediapackage, new AwsCaller('mediapackage', context)),
    cloudfront,
    secrets: new Secrets(clients.secrets, options.mask, new AwsCaller('secretsmanager', context)),
    findTaggedDistributions: tagLookup(() => findTaggedDistributions(clients.tagging, ASSOC_TAG, tagging), cloudfront, ASSOC_TAG, options.warn)
  }
}
