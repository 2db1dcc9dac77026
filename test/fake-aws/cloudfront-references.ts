/**
 * What a DistributionConfig refers to must exist in the account: each origin's origin access
 * control and each behavior's cache policy. CloudFront checks these on CreateDistribution and
 * UpdateDistribution, with the error codes the API reference lists for those operations.
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateDistribution.html#API_CreateDistribution_Errors
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import type { CachePolicies } from './cloudfront-cache-policies.js'
import type { OriginAccessControls } from './cloudfront-oac.js'
import { ServiceError } from './service-error.js'

/** A MediaPackage v2 egress host, `….mediapackagev2.<region>.amazonaws.com`. */
const MEDIAPACKAGEV2_DOMAIN = /\.mediapackagev2\.[a-z0-9-]+\.amazonaws\.com$/i

export function checkDistributionReferences(
  config: DistributionConfig,
  refs: { originAccessControls: OriginAccessControls; cachePolicies: CachePolicies }
): void {
  ;(config.Origins?.Items ?? []).forEach((o, i) => {
    const where = `Origins.Items[${i}]`
    const oacId = o.OriginAccessControlId ?? ''
    if (oacId === '') return
    const oac = refs.originAccessControls.get(oacId)
    if (!oac)
      throw new ServiceError('InvalidOriginAccessControl', 400, `The origin access control is not valid. (${where}: no origin access control "${oacId}")`)
    if (o.S3OriginConfig?.OriginAccessIdentity) {
      throw new ServiceError(
        'IllegalOriginAccessConfiguration',
        400,
        `An origin cannot contain both an origin access control (OAC) and an origin access identity (OAI). (${where})`
      )
    }
    if (oac.config.OriginAccessControlOriginType === 'mediapackagev2' && !MEDIAPACKAGEV2_DOMAIN.test(o.DomainName ?? '')) {
      throw new ServiceError(
        'InvalidDomainNameForOriginAccessControl',
        400,
        `An origin access control is associated with an origin whose domain name is not supported. (${where}: a mediapackagev2 OAC on "${o.DomainName}")`
      )
    }
  })
  const behaviors = [
    ['DefaultCacheBehavior', config.DefaultCacheBehavior] as const,
    ...(config.CacheBehaviors?.Items ?? []).map((b, i) => [`CacheBehaviors.Items[${i}]`, b] as const)
  ]
  for (const [where, b] of behaviors) {
    const id = b?.CachePolicyId ?? ''
    if (id !== '' && !refs.cachePolicies.get(id)) throw new ServiceError('NoSuchCachePolicy', 404, `The cache policy does not exist. (${where}: "${id}")`)
  }
}
