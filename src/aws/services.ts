import { ASSOC_TAG } from '../cloudfront/constants.js'
import type { Services } from '../workflow/runtime.js'
import type { AwsClients } from './clients.js'
import { CloudFront } from './cloudfront.js'
import { tagLookup } from './lookup.js'
import { MediaPackage } from '../providers/mediapackage-v1/client.js'
import { Secrets } from './secrets.js'

export function createServices(clients: AwsClients, warn: (message: string) => void, mask: (value: string) => void): Services {
  const cloudfront = new CloudFront(clients.cloudfront)
  return {
    mediapackage: new MediaPackage(clients.mediapackage),
    cloudfront,
    secrets: new Secrets(clients.secrets, mask),
    findTaggedDistributions: tagLookup(clients.tagging, cloudfront, ASSOC_TAG, warn)
  }
}
