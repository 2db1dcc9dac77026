import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { MediaPackageClient } from '@aws-sdk/client-mediapackage'
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2'
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GLOBAL_REGION, regionFor, type AwsConfig, type AwsServiceName } from './config.js'
import { noteEndpoint } from './failed-request.js'
import { ProxyAgent } from './proxy.js'

export { GLOBAL_REGION, USER_AGENT } from './config.js'

export interface AwsClients {
  mediapackage: MediaPackageClient
  mediapackagev2: MediaPackageV2Client
  cloudfront: CloudFrontClient
  tagging: ResourceGroupsTaggingAPIClient
  secrets: SecretsManagerClient
  /** By Region: the channels' (MediaPackage metrics) and us-east-1 (CloudFront metrics). */
  cloudwatch: Record<string, CloudWatchClient>
}

/**
 * The SDK client settings for one service, from the run's configuration alone. Endpoints the
 * environment or a shared config file name are ignored: the configuration already resolved them from
 * the AWS_ENDPOINT_URL variables, and a test must not pick up the developer's shell.
 */
export function clientSettings(config: AwsConfig, service: AwsServiceName) {
  const endpoint = config.endpoints[service]
  const agent = config.proxy ? new ProxyAgent(config.proxy) : undefined
  return {
    region: regionFor(config, service),
    ...(endpoint ? { endpoint } : {}),
    ignoreConfiguredEndpointUrls: true,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    retryMode: config.retry.mode,
    maxAttempts: config.retry.maxAttempts,
    customUserAgent: config.userAgent,
    useFipsEndpoint: config.useFipsEndpoint,
    useDualstackEndpoint: config.useDualstackEndpoint,
    requestHandler: {
      connectionTimeout: config.http.connectionTimeoutMs,
      socketTimeout: config.http.socketTimeoutMs,
      ...(agent ? { httpAgent: agent, httpsAgent: agent } : {})
    }
  }
}

interface WithMiddleware {
  middlewareStack: {
    add(middleware: (next: (args: { request?: unknown }) => Promise<unknown>) => (args: { request?: unknown }) => Promise<unknown>, options: object): void
  }
}

/** Notes the endpoint of every failed request (src/aws/failed-request.ts), for network failure messages. */
export function watchFailures<C>(client: C): C {
  ;(client as WithMiddleware).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args)
      } catch (error) {
        noteEndpoint(error, args.request)
        throw error
      }
    },
    { step: 'build', name: 'noteEndpointOfFailure' }
  )
  return client
}

/** One set of clients for a run. */
export function createClients(config: AwsConfig): AwsClients {
  return {
    mediapackage: watchFailures(new MediaPackageClient(clientSettings(config, 'mediapackage'))),
    mediapackagev2: watchFailures(new MediaPackageV2Client(clientSettings(config, 'mediapackagev2'))),
    cloudfront: watchFailures(new CloudFrontClient(clientSettings(config, 'cloudfront'))),
    tagging: watchFailures(new ResourceGroupsTaggingAPIClient(clientSettings(config, 'tagging'))),
    secrets: watchFailures(new SecretsManagerClient(clientSettings(config, 'secretsmanager'))),
    cloudwatch: Object.fromEntries(
      [...new Set([config.region, GLOBAL_REGION])].map((at) => [
        at,
        watchFailures(new CloudWatchClient({ ...clientSettings(config, 'cloudwatch'), region: at }))
      ])
    )
  }
}

export function destroyClients(clients: AwsClients): void {
  clients.mediapackage.destroy()
  clients.mediapackagev2.destroy()
  clients.cloudfront.destroy()
  clients.tagging.destroy()
  clients.secrets.destroy()
  for (const client of Object.values(clients.cloudwatch)) client.destroy()
}
