/**
 * Injected failures: rules that turn matching calls into a service's real error, and an optional
 * per-service token bucket that answers with the service's throttling error beyond a rate.
 */
import { seededRandom } from './random.js'
import { ServiceError, type ServiceName } from './service-error.js'

/**
 * `access-denied` is IAM's "no identity-based policy allows"; `-scp` an explicit deny in a service
 * control policy; `-boundary` a permissions boundary that does not allow the action.
 * `expired-token`, `invalid-token` and `bad-signature` are the answers to expired session
 * credentials, an unknown access key and a wrong secret key.
 */
export type FaultKind =
  | 'throttle'
  | 'server'
  | 'access-denied'
  | 'access-denied-scp'
  | 'access-denied-boundary'
  | 'expired-token'
  | 'invalid-token'
  | 'bad-signature'

export interface FaultRule {
  service?: string
  operation?: string | RegExp
  /** 0..1, default 1. Decided with the fake's seeded RNG, so runs with the same seed repeat. */
  probability?: number
  /** How many calls this rule may fail; default unlimited. */
  times?: number
  error: FaultKind | { status: number; code: string; message?: string }
}

/** The IAM action prefix of each service, for access-denied messages. */
const IAM_PREFIX: Record<ServiceName, string> = {
  mediapackage: 'mediapackage',
  cloudfront: 'cloudfront',
  tagging: 'tag',
  secretsmanager: 'secretsmanager',
  cloudwatch: 'cloudwatch',
  mediapackagev2: 'mediapackagev2'
}

/** Each service's real throttling, server and access-denied errors. */
export function faultError(service: ServiceName, kind: FaultKind, operation: string, accountId: string): ServiceError {
  if (kind === 'throttle') {
    switch (service) {
      case 'mediapackage':
        return new ServiceError('TooManyRequestsException', 429, 'Too Many Requests')
      case 'cloudfront':
        return new ServiceError('Throttling', 400, 'Rate exceeded')
      case 'tagging':
        return new ServiceError('ThrottledException', 400, 'Rate exceeded')
      case 'secretsmanager':
        return new ServiceError('ThrottlingException', 400, 'Rate exceeded')
      case 'cloudwatch':
        return new ServiceError('Throttling', 400, 'Rate exceeded')
      case 'mediapackagev2':
        return new ServiceError('ThrottlingException', 429, 'Rate exceeded')
    }
  }
  if (kind === 'server') {
    switch (service) {
      case 'mediapackage':
        return new ServiceError('InternalServerErrorException', 500, 'An internal error occurred.')
      case 'cloudfront':
        return new ServiceError('ServiceUnavailable', 503, 'CloudFront is temporarily unavailable.')
      case 'tagging':
        return new ServiceError('InternalServiceException', 500, 'The request processing failed because of an unknown error.')
      case 'secretsmanager':
        return new ServiceError('InternalServiceError', 500, 'An error occurred on the server side.')
      case 'cloudwatch':
        return new ServiceError('InternalServiceFault', 500, 'Request processing has failed due to some unknown error, exception, or failure.')
      case 'mediapackagev2':
        return new ServiceError('InternalServerException', 500, 'An internal error occurred.')
    }
  }
  if (kind === 'expired-token' || kind === 'invalid-token' || kind === 'bad-signature') return credentialError(service, kind)
  const action = `${IAM_PREFIX[service]}:${operation}`
  const principal = `User: arn:aws:sts::${accountId}:assumed-role/ci/GitHubActions is not authorized to perform: ${action}`
  const reason =
    kind === 'access-denied-scp'
      ? 'with an explicit deny in a service control policy'
      : kind === 'access-denied-boundary'
        ? `because no permissions boundary allows the ${action} action`
        : `because no identity-based policy allows the ${action} action`
  const message = `${principal} ${reason}`
  switch (service) {
    case 'mediapackage':
      return new ServiceError('ForbiddenException', 403, message)
    case 'cloudfront':
      return new ServiceError('AccessDenied', 403, message)
    case 'tagging':
      return new ServiceError('AccessDeniedException', 400, message)
    case 'secretsmanager':
      return new ServiceError('AccessDeniedException', 400, message)
    case 'cloudwatch':
      return new ServiceError('AccessDenied', 403, message)
    case 'mediapackagev2':
      return new ServiceError('AccessDeniedException', 403, message)
  }
}

/**
 * What the services' shared authentication answers: CloudFront (a query-style XML API) with the
 * codes and 403 of IAM and STS, the JSON services with their *Exception names (400 for JSON 1.1).
 */
function credentialError(service: ServiceName, kind: 'expired-token' | 'invalid-token' | 'bad-signature'): ServiceError {
  const xml = service === 'cloudfront'
  const status = xml || service === 'mediapackage' ? 403 : 400
  switch (kind) {
    case 'expired-token':
      return new ServiceError(xml ? 'ExpiredToken' : 'ExpiredTokenException', status, 'The security token included in the request is expired')
    case 'invalid-token':
      return new ServiceError(xml ? 'InvalidClientTokenId' : 'UnrecognizedClientException', status, 'The security token included in the request is invalid.')
    case 'bad-signature':
      return new ServiceError(
        xml ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
        status,
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
      )
  }
}

interface ActiveRule {
  rule: FaultRule
  remaining: number
}

export class Faults {
  private rules: ActiveRule[] = []
  private readonly random: () => number

  constructor(
    seed: number,
    private readonly accountId: string
  ) {
    this.random = seededRandom(seed)
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY })
  }

  clear(): void {
    this.rules = []
  }

  /** The error for this call if a rule fires (first matching rule wins), else undefined. */
  check(service: ServiceName, operation: string): ServiceError | undefined {
    for (const active of this.rules) {
      const { rule } = active
      if (active.remaining <= 0) continue
      if (rule.service !== undefined && rule.service !== service) continue
      if (rule.operation !== undefined) {
        const matches = typeof rule.operation === 'string' ? rule.operation === operation : rule.operation.test(operation)
        if (!matches) continue
      }
      if (this.random() >= (rule.probability ?? 1)) continue
      active.remaining -= 1
      const e = rule.error
      return typeof e === 'string' ? faultError(service, e, operation, this.accountId) : new ServiceError(e.code, e.status, e.message ?? e.code)
    }
    return undefined
  }
}

/** A token bucket per service: `ratePerSecond` calls of burst, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<ServiceName, { tokens: number; at: number }>()

  constructor(private readonly ratePerSecond: number) {}

  /** Takes a token; false when the service's bucket is empty. */
  take(service: ServiceName, now = performance.now()): boolean {
    const bucket = this.buckets.get(service) ?? { tokens: this.ratePerSecond, at: now }
    bucket.tokens = Math.min(this.ratePerSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond)
    bucket.at = now
    this.buckets.set(service, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}
