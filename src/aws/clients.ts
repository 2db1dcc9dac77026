import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { MediaPackageClient } from '@aws-sdk/client-mediapackage'
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

export interface AwsClients {
  mediapackage: MediaPackageClient
  cloudfront: CloudFrontClient
  tagging: ResourceGroupsTaggingAPIClient
  secrets: SecretsManagerClient
  /** By Region: the channels' (MediaPackage metrics) and us-east-1 (CloudFront metrics). */
  cloudwatch: Record<string, CloudWatchClient>
}

/** CloudFront is global and its API lives in us-east-1; the Tagging API must be asked there too to see distributions (aws-facts §3.1, §3.5). */
export const GLOBAL_REGION = 'us-east-1'
export const USER_AGENT = 'mediapackage-cloudfront-action/0.1.0'

/**
 * Retries: adaptive mode (client-side rate limiting plus backoff with jitter) absorbs throttling when many
 * channels run at once. A user's AWS_RETRY_MODE / AWS_MAX_ATTEMPTS still win: the SDK reads them when we
 * leave the setting out.
 */
export function retrySettings(env: NodeJS.ProcessEnv = process.env): { retryMode?: string; maxAttempts?: number } {
  return {
    ...(env.AWS_RETRY_MODE ? {} : { retryMode: 'adaptive' }),
    ...(env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: 8 })
  }
}

/** One set of clients for a run. Endpoints follow the SDK's AWS_ENDPOINT_URL(_<SERVICE>) variables, so any emulator works. */
export function createClients(region: string, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const common = { ...retrySettings(env), customUserAgent: USER_AGENT }
  return {
    mediapackage: new MediaPackageClient({ ...common, region }),
    cloudfront: new CloudFrontClient({ ...common, region: GLOBAL_REGION }),
    tagging: new ResourceGroupsTaggingAPIClient({ ...common, region: GLOBAL_REGION }),
    secrets: new SecretsManagerClient({ ...common, region }),
    cloudwatch: Object.fromEntries([...new Set([region, GLOBAL_REGION])].map((at) => [at, new CloudWatchClient({ ...common, region: at })]))
  }
}

export function destroyClients(clients: AwsClients): void {
  clients.mediapackage.destroy()
  clients.cloudfront.destroy()
  clients.tagging.destroy()
  clients.secrets.destroy()
  for (const client of Object.values(clients.cloudwatch)) client.destroy()
}
