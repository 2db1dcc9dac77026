/**
 * A fake AWS for tests: MediaPackage v1 and v2, CloudFront, the Resource Groups Tagging API, Secrets
 * Manager and CloudWatch on one loopback HTTP server, speaking the real wire protocols so the real SDK v3 clients
 * talk to it unchanged (point them at it with `env` or the `endpoint` client option).
 * See README.md for what it implements and where it differs from AWS.
 */
import { CloudFrontService } from './cloudfront.js'
import { CloudWatchService } from './cloudwatch.js'
import { CloudFrontPolicyRoutes } from './cloudfront-policy-routes.js'
import { Faults, RateLimiter, type FaultRule } from './faults.js'
import { MediaPackageService } from './mediapackage.js'
import { MediaPackageV2Service } from './mediapackagev2.js'
import type { MediaPackageV2Quotas } from './mediapackagev2-state.js'
import { playback, type PlaybackResult } from './playback.js'
import { IdSource } from './random.js'
import { SecretsManagerService } from './secrets-manager.js'
import { listen, Pipeline, signingRegion, type FakeCall, type OperationHook } from './server.js'
import { FakeState } from './state.js'
import { TaggingService } from './tagging.js'

export type { FaultKind, FaultRule } from './faults.js'
export type { FakeCall } from './server.js'
export { ServiceError, type ServiceName } from './service-error.js'
export { FakeState } from './state.js'
export type { MetricPoint, MetricPointSeed } from './metrics.js'
export { DEFAULT_MEDIAPACKAGEV2_QUOTAS, MediaPackageV2State, type MediaPackageV2Quotas } from './mediapackagev2-state.js'
export type { ChannelGroupRecord, ChannelRecordV2, OriginEndpointRecord } from './mediapackagev2-model.js'
export { mediaPackageV2OriginResponse, type V2OriginRequest } from './mediapackagev2-playback.js'
export type { OriginAccessControlRecord } from './cloudfront-oac.js'
export { MANAGED_CACHE_POLICIES, type CachePolicyRecord } from './cloudfront-cache-policies.js'
export type { ChannelRecord, DistributionRecord, DistributionSeed, DistributionStatus, Edge, EndpointRecord, SecretRecord, SecretVersion } from './state.js'
export {
  CDN_IDENTIFIER_HEADER,
  CDN_IDENTIFIER_KEY,
  matchBehavior,
  mediaPackageOriginResponse,
  pathPatternMatches,
  playback,
  type PlaybackAttempt,
  type PlaybackResult
} from './playback.js'

export interface FakeAwsOptions {
  /** MediaPackage (and Secrets Manager) Region for ARNs and hosts; default 'us-west-2'. */
  region?: string
  /** Default '123456789012'. */
  accountId?: string
  /** Delay added before every response: a simulated round trip. Default 0. */
  latencyMs?: number
  /** A distribution is InProgress for this long after each create/update, then Deployed. Default 0. */
  deployDelayMs?: number
  /** Max items per page for every List* / GetResources (forces pagination); default: AWS's defaults. */
  pageSize?: number
  /** If set, calls beyond this rate (token bucket per service) get that service's throttling error. */
  rateLimitPerSecond?: number
  /** Seed for generated ids and fault probabilities; default: random. */
  seed?: number
  /** Port to listen on; default 0 (a free port). */
  port?: number
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string
  /** MediaPackage v2 account quotas to enforce instead of AWS's (3 groups, 10 channels per group, 10 endpoints per channel, 25 manifests per endpoint). */
  mediaPackageV2Quotas?: Partial<MediaPackageV2Quotas>
}

export interface FakeAws {
  url: string
  /** An AWS_ENDPOINT_URL_* variable per service, dummy AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and AWS_REGION. */
  env: Record<string, string>
  /** Every call answered, in order of completion. */
  calls: FakeCall[]
  resetCalls(): void
  faults: { add(rule: FaultRule): void; clear(): void }
  /**
   * Runs before an operation is handled (after faults and the rate limit); may mutate state, e.g. to
   * simulate a person editing the distribution between our read and our write. Throwing a
   * ServiceError from a hook answers with that error. Returns a function that removes the hook.
   */
  onOperation(hook: (service: string, operation: string) => void | Promise<void>): () => void
  /** Direct read/write access for seeding and assertions. */
  state: FakeState
  /**
   * A viewer's GET of `path` through an edge of the distribution: `'new'` edges serve the current
   * config, `'old'` edges the last fully deployed one until the distribution is Deployed (503 while a
   * new distribution was never Deployed). Behaviors, origin groups with failover, origin custom headers
   * and MediaPackage CDN authorization (403/404) apply. Not an API call: no call log, faults or hooks.
   */
  play(distributionId: string, path: string, edge: 'old' | 'new'): PlaybackResult
  /** The same as `play`. */
  playback(distributionId: string, path: string, edge: 'old' | 'new'): PlaybackResult
  /** Seeds `count` unrelated distributions (no MediaPackage tag), for the "big account" scenario. */
  seedDistributions(count: number): void
  close(): Promise<void>
}

/** The environment that points the SDK's clients at a fake running at `url`. */
export function fakeAwsEnv(url: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_MEDIAPACKAGE: url,
    AWS_ENDPOINT_URL_MEDIAPACKAGEV2: url,
    AWS_ENDPOINT_URL_CLOUDFRONT: url,
    AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_CLOUDWATCH: url,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEAWS000000000',
    AWS_SECRET_ACCESS_KEY: 'fake-aws-secret-access-key',
    AWS_REGION: region
  }
}

/** A plain S3-website-like distribution, unrelated to MediaPackage. */
function unrelatedDistribution(n: number) {
  return {
    config: {
      CallerReference: `unrelated-${n}`,
      Comment: `unrelated distribution ${n}`,
      Enabled: true,
      Origins: {
        Quantity: 1,
        Items: [
          { Id: 'site', DomainName: `site-${n}.example.com`, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' as const } }
        ]
      },
      DefaultCacheBehavior: {
        TargetOriginId: 'site',
        ViewerProtocolPolicy: 'redirect-to-https' as const,
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6'
      }
    },
    tags: { team: `team-${n % 7}` }
  }
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const region = options.region ?? 'us-west-2'
  const accountId = options.accountId ?? '123456789012'
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  const state = new FakeState(region, accountId, new IdSource(seed), options.deployDelayMs ?? 0)
  Object.assign(state.mediaPackageV2.quotas, options.mediaPackageV2Quotas)
  const calls: FakeCall[] = []
  const hooks: OperationHook[] = []
  const faults = new Faults(seed ^ 0x5eed, accountId)
  const pipeline = new Pipeline({
    handlers: [
      new MediaPackageService(state, options.pageSize),
      new MediaPackageV2Service(state.mediaPackageV2, options.pageSize),
      new CloudFrontService(state, options.pageSize, [new CloudFrontPolicyRoutes(state, options.pageSize)]),
      new TaggingService(state, options.pageSize, signingRegion),
      new SecretsManagerService(state),
      new CloudWatchService(state, options.pageSize, signingRegion)
    ],
    latencyMs: options.latencyMs ?? 0,
    faults,
    limiter: options.rateLimitPerSecond !== undefined ? new RateLimiter(options.rateLimitPerSecond) : undefined,
    hooks,
    calls,
    accountId
  })
  const server = await listen(pipeline, options.port ?? 0, options.host ?? '127.0.0.1')
  let seeded = 0
  const play = (distributionId: string, path: string, edge: 'old' | 'new') => playback(state, distributionId, path, edge)
  return {
    url: server.url,
    env: fakeAwsEnv(server.url, region),
    calls,
    resetCalls: () => {
      calls.length = 0
    },
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    onOperation: (hook) => {
      hooks.push(hook)
      return () => {
        const at = hooks.indexOf(hook)
        if (at >= 0) hooks.splice(at, 1)
      }
    },
    state,
    play,
    playback: play,
    seedDistributions: (count) => {
      for (let i = 0; i < count; i++) {
        const d = state.createDistribution(unrelatedDistribution(seeded++))
        d.inProgressUntil = 0
      }
    },
    close: () => server.close()
  }
}
