import { createHash } from 'node:crypto'
import type { CacheBehavior, Origin } from '@aws-sdk/client-cloudfront'
import { isHole } from '../change.js'
import { LIMITS } from './constants.js'
import type { BehaviorPattern, DistributionIntent } from './intent.js'

/** A fresh origin on `host`, following CloudFront's guidance for media origins (https only, TLS 1.2). */
export function newOrigin(id: string, host: string, intent: DistributionIntent): Origin {
  const accessControl = intent.origin.kind === 'host' ? intent.origin.accessControlId : undefined
  return {
    Id: id,
    DomainName: host,
    OriginPath: '',
    CustomHeaders: { Quantity: 0 },
    CustomOriginConfig: {
      HTTPPort: 80,
      HTTPSPort: 443,
      OriginProtocolPolicy: 'https-only',
      OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
      OriginReadTimeout: Math.max(30, intent.originReadTimeout ?? 0),
      OriginKeepaliveTimeout: 5
    },
    ConnectionAttempts: 3,
    ConnectionTimeout: 10,
    OriginShield: { Enabled: false },
    ...(accessControl !== undefined && !isHole(accessControl) ? { OriginAccessControlId: accessControl } : {})
  }
}

const GET_HEAD = { Quantity: 2, Items: ['GET', 'HEAD'] } as const

/** A cache behavior for one path pattern on the intent's cache policy. */
export function newCacheBehavior(pattern: BehaviorPattern, originId: string, cachePolicyId: string): CacheBehavior {
  return {
    PathPattern: pattern.pattern,
    TargetOriginId: originId,
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: { ...GET_HEAD, Items: [...GET_HEAD.Items], CachedMethods: { ...GET_HEAD, Items: [...GET_HEAD.Items] } },
    CachePolicyId: cachePolicyId,
    Compress: false,
    SmoothStreaming: pattern.smoothStreaming === true,
    FieldLevelEncryptionId: '',
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 0 }
  }
}

/**
 * A CallerReference derived from what the distribution is for (a channel ARN): a crashed or racing run
 * can never make a second distribution, and CloudFront's answer to a reuse names the first one.
 */
export function callerReferenceFor(prefix: string, key: string): string {
  const readable = `${prefix}:${key}`
  return readable.length <= LIMITS.callerReference ? readable : `${prefix}:sha256:${createHash('sha256').update(key).digest('hex')}`
}

/** Cuts `text` to CloudFront's limit, keeping its start (comments are read left to right). */
export function withinLimit(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}
