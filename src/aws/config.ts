/**
 * The AWS side of a run, resolved once at the edge (src/action/run.ts) from the environment and the
 * inputs: Region, endpoints, credentials, retries, proxy, user agent. Clients are built from this
 * object alone, so nothing below the edge reads process.env, and a test passes a fake's
 * configuration explicitly.
 */
import type { AwsCredentialIdentity } from '@aws-sdk/types'
import { UserError } from '../errors.js'
import { parseProxyUrl, type ProxySettings } from './proxy.js'

/** The services this action talks to (or will), named as in IAM messages and the fake's call log. */
export type AwsServiceName = 'mediapackage' | 'mediapackagev2' | 'cloudfront' | 'tagging' | 'secretsmanager' | 'cloudwatch'

export interface AwsServiceInfo {
  /** How a person names it in a message. */
  label: string
  /** The prefix of its IAM actions (`tag:GetResources`). */
  iamPrefix: string
  /**
   * `AWS_ENDPOINT_URL_<this>`: the SDK's service id upper-cased, spaces as underscores
   * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
   */
  endpointVariable: string
  /** CloudFront is global and its API lives in us-east-1; the Tagging API must be asked there to see distributions. */
  usEast1?: true
}

export const AWS_SERVICES: Readonly<Record<AwsServiceName, AwsServiceInfo>> = {
  mediapackage: { label: 'MediaPackage', iamPrefix: 'mediapackage', endpointVariable: 'MEDIAPACKAGE' },
  mediapackagev2: { label: 'MediaPackage v2', iamPrefix: 'mediapackagev2', endpointVariable: 'MEDIAPACKAGEV2' },
  cloudfront: { label: 'CloudFront', iamPrefix: 'cloudfront', endpointVariable: 'CLOUDFRONT', usEast1: true },
  tagging: { label: 'the Tagging API', iamPrefix: 'tag', endpointVariable: 'RESOURCE_GROUPS_TAGGING_API', usEast1: true },
  secretsmanager: { label: 'Secrets Manager', iamPrefix: 'secretsmanager', endpointVariable: 'SECRETS_MANAGER' },
  cloudwatch: { label: 'CloudWatch', iamPrefix: 'cloudwatch', endpointVariable: 'CLOUDWATCH' }
}

export const GLOBAL_REGION = 'us-east-1'
export const USER_AGENT = 'mediapackage-cloudfront-action/0.1.0'

export type RetryMode = 'standard' | 'adaptive' | 'legacy'

export interface AwsConfig {
  /** The MediaPackage Region; CloudFront and the Tagging API always use us-east-1. */
  region: string
  /** Endpoint URL per service, when one is configured; otherwise the SDK resolves AWS's own. */
  endpoints: Partial<Record<AwsServiceName, string>>
  /** Where each configured endpoint came from, for messages (`AWS_ENDPOINT_URL_CLOUDFRONT`). */
  endpointSources: Partial<Record<AwsServiceName, string>>
  /** Static credentials, or undefined for the SDK's default chain (profile, web identity, container, instance). */
  credentials?: AwsCredentialIdentity | undefined
  retry: { mode: RetryMode; maxAttempts: number }
  proxy?: ProxySettings | undefined
  http: { connectionTimeoutMs: number; socketTimeoutMs: number }
  userAgent: string
  useFipsEndpoint: boolean
  useDualstackEndpoint: boolean
}

/**
 * Adaptive retries (client-side rate limiting plus backoff with jitter) absorb throttling when many
 * channels run at once; AWS_RETRY_MODE / AWS_MAX_ATTEMPTS win when set.
 */
export const DEFAULT_RETRY = { mode: 'adaptive', maxAttempts: 8 } as const

/**
 * Without a connection timeout a black-holed endpoint hangs each attempt for the OS's TCP timeout
 * (about two minutes on Linux), times every retry. AWS APIs answer within seconds, so a socket idle
 * for a minute is dead.
 */
export const DEFAULT_HTTP = { connectionTimeoutMs: 10_000, socketTimeoutMs: 60_000 } as const

export interface ResolveOptions {
  env: NodeJS.ProcessEnv
  region: string
  /** The `http-proxy` input; it wins over HTTPS_PROXY. */
  httpProxy?: string | undefined
  /** Tests shorten these. */
  http?: Partial<AwsConfig['http']> | undefined
}

const set = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim())

function resolveEndpoints(env: NodeJS.ProcessEnv): Pick<AwsConfig, 'endpoints' | 'endpointSources'> {
  const endpoints: AwsConfig['endpoints'] = {}
  const endpointSources: AwsConfig['endpointSources'] = {}
  // The SDK's own switch to ignore these variables, honoured because we read them in its place.
  if (set(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)?.toLowerCase() === 'true') return { endpoints, endpointSources }
  for (const [service, info] of Object.entries(AWS_SERVICES) as [AwsServiceName, AwsServiceInfo][]) {
    const specific = `AWS_ENDPOINT_URL_${info.endpointVariable}`
    const variable = set(env[specific]) ? specific : set(env.AWS_ENDPOINT_URL) ? 'AWS_ENDPOINT_URL' : undefined
    if (!variable) continue
    const url = set(env[variable])!
    if (!/^https?:\/\/[^/\s]+/.test(url)) throw new UserError(`${variable}: "${url}" is not an endpoint URL; use one such as https://host:port.`)
    endpoints[service] = url
    endpointSources[service] = variable
  }
  return { endpoints, endpointSources }
}

function resolveRetry(env: NodeJS.ProcessEnv): AwsConfig['retry'] {
  const modeText = set(env.AWS_RETRY_MODE)
  if (modeText !== undefined && !['standard', 'adaptive', 'legacy'].includes(modeText)) {
    throw new UserError(`AWS_RETRY_MODE: "${modeText}" is not valid; use standard, adaptive or legacy.`)
  }
  const attemptsText = set(env.AWS_MAX_ATTEMPTS)
  const attempts = attemptsText === undefined ? DEFAULT_RETRY.maxAttempts : /^\d+$/.test(attemptsText) ? Number(attemptsText) : NaN
  if (!(attempts >= 1)) throw new UserError(`AWS_MAX_ATTEMPTS: "${attemptsText}" is not valid; use a whole number from 1.`)
  return { mode: (modeText as RetryMode | undefined) ?? DEFAULT_RETRY.mode, maxAttempts: attempts }
}

/**
 * Keys in the environment are used as they are, as the SDK's first provider would, unless AWS_PROFILE
 * names a profile: then the SDK's chain reads the profile, as it does itself when a profile is set.
 */
function resolveCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
  const accessKeyId = set(env.AWS_ACCESS_KEY_ID)
  const secretAccessKey = set(env.AWS_SECRET_ACCESS_KEY)
  if (!accessKeyId || !secretAccessKey || set(env.AWS_PROFILE)) return undefined
  const sessionToken = set(env.AWS_SESSION_TOKEN)
  const expiration = set(env.AWS_CREDENTIAL_EXPIRATION)
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration && !Number.isNaN(Date.parse(expiration)) ? { expiration: new Date(expiration) } : {})
  }
}

/** The proxy: the http-proxy input, else HTTPS_PROXY (or https_proxy); NO_PROXY (or no_proxy) lists hosts that bypass it. */
function resolveProxy(env: NodeJS.ProcessEnv, input: string | undefined): ProxySettings | undefined {
  const source = set(input) ? 'Input http-proxy' : set(env.HTTPS_PROXY) ? 'HTTPS_PROXY' : set(env.https_proxy) ? 'https_proxy' : undefined
  if (!source) return undefined
  const text = set(input) ?? set(env.HTTPS_PROXY) ?? set(env.https_proxy)!
  return { url: parseProxyUrl(text, source), noProxy: set(env.NO_PROXY) ?? set(env.no_proxy) ?? '' }
}

export function resolveAwsConfig(options: ResolveOptions): AwsConfig {
  const { env } = options
  return {
    region: options.region,
    ...resolveEndpoints(env),
    credentials: resolveCredentials(env),
    retry: resolveRetry(env),
    proxy: resolveProxy(env, options.httpProxy),
    http: { ...DEFAULT_HTTP, ...options.http },
    userAgent: USER_AGENT,
    useFipsEndpoint: set(env.AWS_USE_FIPS_ENDPOINT)?.toLowerCase() === 'true',
    useDualstackEndpoint: set(env.AWS_USE_DUALSTACK_ENDPOINT)?.toLowerCase() === 'true'
  }
}

/** The Region a service's client must use. */
export function regionFor(config: AwsConfig, service: AwsServiceName): string {
  return AWS_SERVICES[service].usEast1 ? GLOBAL_REGION : config.region
}
