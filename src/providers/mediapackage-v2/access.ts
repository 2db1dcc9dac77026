/**
 * How CloudFront gets into MediaPackage v2: an origin access control that signs every origin request
 * (SigV4), and on each endpoint a policy statement that lets CloudFront's service principal read it
 * for this distribution only. AWS's documented setup:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-mediapackage.html
 */
import type { CachePolicyConfig, OriginAccessControlConfig } from '@aws-sdk/client-cloudfront'
import { sameValue } from '../../cloudfront/canonical.js'
import { UserError } from '../../errors.js'

/** One per account, found again by name (origin access controls carry no tags). */
export const OAC_NAME = 'mediapackage-cloudfront-action-mediapackagev2'

export const OAC_CONFIG: OriginAccessControlConfig = {
  Name: OAC_NAME,
  Description: 'Signs CloudFront requests to MediaPackage v2 endpoints (made by mediapackage-cloudfront-action)',
  SigningProtocol: 'sigv4',
  // `always`: AWS's advice; `no-override` would forward a viewer's Authorization header instead.
  SigningBehavior: 'always',
  OriginAccessControlOriginType: 'mediapackagev2'
}

export const CACHE_POLICY_NAME = 'mediapackage-cloudfront-action-mediapackagev2'

/**
 * The cache key MediaPackage v2 asks for: the query strings it reads (manifest filters and settings,
 * LL-HLS blocking reloads) and `Origin` (it echoes it in CORS answers); no cookies. TTLs follow the
 * origin's Cache-Control (MinTTL 0), which MediaPackage sets per object (half a segment for playlists,
 * 14 days for segments). https://docs.aws.amazon.com/mediapackage/latest/userguide/cdn-recommendations.html
 */
export const CACHE_POLICY_CONFIG: CachePolicyConfig = {
  Name: CACHE_POLICY_NAME,
  Comment: 'MediaPackage v2: origin Cache-Control, aws.manifestfilter, aws.manifestsettings, _HLS_msn, _HLS_part',
  MinTTL: 0,
  DefaultTTL: 2,
  MaxTTL: 31_536_000,
  ParametersInCacheKeyAndForwardedToOrigin: {
    EnableAcceptEncodingGzip: true,
    EnableAcceptEncodingBrotli: false,
    HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Origin'] } },
    CookiesConfig: { CookieBehavior: 'none' },
    QueryStringsConfig: {
      QueryStringBehavior: 'whitelist',
      QueryStrings: { Quantity: 4, Items: ['aws.manifestfilter', 'aws.manifestsettings', '_HLS_msn', '_HLS_part'] }
    }
  }
}

/** The one statement of an endpoint policy the action owns, by this Sid; every other statement is a person's. */
export const POLICY_SID = 'MediaPackageCloudFrontActionOAC'

export function oacStatement(endpointArn: string, distributionArn: string): Record<string, unknown> {
  return {
    Sid: POLICY_SID,
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    // GetHeadObject: media quality-aware resiliency sends HEAD requests to the other origin.
    Action: ['mediapackagev2:GetObject', 'mediapackagev2:GetHeadObject'],
    Resource: endpointArn,
    Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } }
  }
}

interface PolicyDocument {
  Version?: string
  Statement?: unknown
  [key: string]: unknown
}

function parse(text: string | undefined, endpoint: string): PolicyDocument {
  if (text === undefined || text === '') return { Version: '2012-10-17', Statement: [] }
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as PolicyDocument
  } catch {
    // reported below
  }
  throw new UserError(`Endpoint ${endpoint}: its policy is not a JSON object, so the action cannot add its statement beside the others. Fix it in the console.`)
}

function statements(document: PolicyDocument): Record<string, unknown>[] {
  const list = document.Statement
  if (list === undefined) return []
  return (Array.isArray(list) ? list : [list]) as Record<string, unknown>[]
}

/** The action's statement in the policy now, if any. */
export function ownStatement(text: string | undefined, endpoint: string): Record<string, unknown> | undefined {
  return statements(parse(text, endpoint)).find((statement) => statement.Sid === POLICY_SID)
}

export function sameStatement(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  return a !== undefined && sameValue(a, b)
}

/** The policy with the action's statement in place and every other statement as it was (PutOriginEndpointPolicy replaces the whole document). */
export function mergedPolicy(text: string | undefined, statement: Record<string, unknown>, endpoint: string): string {
  const document = parse(text, endpoint)
  const others = statements(document).filter((existing) => existing.Sid !== POLICY_SID)
  return JSON.stringify({ ...document, Version: document.Version ?? '2012-10-17', Statement: [...others, statement] })
}
