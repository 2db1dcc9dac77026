import { createHash } from 'node:crypto'
import type { CacheBehavior, Origin } from '@aws-sdk/client-cloudfront'
import { MEDIAPACKAGE_CACHE_POLICY_ID, PLACEHOLDER_DOMAIN, PLACEHOLDER_ORIGIN_ID } from './constants.js'
import { isSmoothStreamingPattern } from '../providers/mediapackage-v1/patterns.js'
import { originIdFor, type DistributionIntent } from './intent.js'

/** The origin's id: the console's placeholder until the channel has an endpoint. */
export function originIdOf(intent: DistributionIntent): string {
  return intent.origin.kind === 'placeholder' ? PLACEHOLDER_ORIGIN_ID : originIdFor(intent.origin.host)
}

/** A fresh origin for the intent, following CloudFront's guidance for MediaPackage (https only). */
export function newOrigin(intent: DistributionIntent): Origin {
  const domain = intent.origin.kind === 'placeholder' ? PLACEHOLDER_DOMAIN : intent.origin.host
  return {
    Id: originIdOf(intent),
    DomainName: domain,
    OriginPath: '',
    CustomHeaders: { Quantity: 0 },
    CustomOriginConfig: {
      HTTPPort: 80,
      HTTPSPort: 443,
      OriginProtocolPolicy: 'https-only',
      OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
      OriginReadTimeout: 30,
      OriginKeepaliveTimeout: 5
    },
    ConnectionAttempts: 3,
    ConnectionTimeout: 10,
    OriginShield: { Enabled: false }
  }
}

const GET_HEAD = { Quantity: 2, Items: ['GET', 'HEAD'] } as const

/** A cache behavior for one path pattern, with the managed Elemental-MediaPackage cache policy. */
export function newCacheBehavior(pattern: string, originId: string): CacheBehavior {
  return {
    PathPattern: pattern,
    TargetOriginId: originId,
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: { ...GET_HEAD, Items: [...GET_HEAD.Items], CachedMethods: { ...GET_HEAD, Items: [...GET_HEAD.Items] } },
    CachePolicyId: MEDIAPACKAGE_CACHE_POLICY_ID,
    Compress: false,
    SmoothStreaming: isSmoothStreamingPattern(pattern),
    FieldLevelEncryptionId: '',
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: { Quantity: 0 }
  }
}

/** CallerReference derived from the channel ARN: a crashed or racing run can never make a second distribution. */
export function callerReferenceFor(channelArn: string): string {
  const readable = `mediapackage-cloudfront-action:${channelArn}`
  // CallerReference allows 128 characters; an ARN in a long partition and Region name could pass that.
  return readable.length <= 128 ? readable : `mediapackage-cloudfront-action:sha256:${createHash('sha256').update(channelArn).digest('hex')}`
}
