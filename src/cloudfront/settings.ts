import type { CustomErrorResponse, DistributionConfig, ViewerCertificate } from '@aws-sdk/client-cloudfront'
import { ERROR_CODES } from './constants.js'
import { Draft } from './draft.js'
import type { DistributionIntent } from './intent.js'

/** Minimum TLS policy with aliases when the manifest names none (issue 6: TLSv1.2_2021 or later). */
export const DEFAULT_MINIMUM_PROTOCOL_VERSION = 'TLSv1.2_2021'
const MODERN_TLS = /^TLSv1\.(2_20(2[1-9]|[3-9]\d)|3_\d{4})$/

/**
 * Distribution-wide settings. The manifest owns a setting only when it names it: what it leaves out
 * keeps whatever is there, so a person's console edits (comment, aliases, WAF, logging…) survive.
 */
export function applyOwnedSettings(config: DistributionConfig, intent: DistributionIntent, draft = new Draft()): DistributionConfig {
  const spec = intent.spec
  if (spec.comment !== undefined) draft.set(config, 'Comment', spec.comment, `comment → "${spec.comment}"`)
  if (spec.enabled !== undefined) draft.set(config, 'Enabled', spec.enabled, `enabled → ${spec.enabled}`)
  if (spec['price-class'] !== undefined) draft.set(config, 'PriceClass', spec['price-class'], `price class → ${spec['price-class']}`)
  if (spec['http-version'] !== undefined) draft.set(config, 'HttpVersion', spec['http-version'], `HTTP version → ${spec['http-version']}`)
  if (spec.ipv6 !== undefined) draft.set(config, 'IsIPV6Enabled', spec.ipv6, `IPv6 → ${spec.ipv6}`)
  if (spec['web-acl-id'] !== undefined) draft.set(config, 'WebACLId', spec['web-acl-id'], `web ACL → ${spec['web-acl-id']}`)
  applyAliases(config, intent, draft)
  applyCertificate(config, intent, draft)
  const ttl = spec['error-caching-min-ttl']
  if (ttl !== undefined) applyErrorCaching(config, ttl, draft)
  return config
}

/** Manifest aliases are added; aliases a person added by hand stay (nothing is ever deleted). */
function applyAliases(config: DistributionConfig, intent: DistributionIntent, draft: Draft): void {
  const wanted = intent.spec.aliases ?? []
  const current = config.Aliases?.Items ?? []
  const missing = wanted.filter((alias) => !current.includes(alias))
  if (missing.length === 0) return
  const items = [...current, ...missing]
  draft.set(config, 'Aliases', { Quantity: items.length, Items: items }, `aliases + ${missing.join(', ')}`)
}

function applyCertificate(config: DistributionConfig, intent: DistributionIntent, draft: Draft): void {
  const arn = intent.spec['certificate-arn']
  if (arn === undefined) return
  const current: ViewerCertificate = config.ViewerCertificate ?? {}
  const keptPolicy = current.MinimumProtocolVersion && MODERN_TLS.test(current.MinimumProtocolVersion) ? current.MinimumProtocolVersion : undefined
  const next: ViewerCertificate = {
    ...current,
    CloudFrontDefaultCertificate: false,
    ACMCertificateArn: arn,
    SSLSupportMethod: 'sni-only',
    MinimumProtocolVersion: intent.spec['minimum-protocol-version'] ?? keptPolicy ?? DEFAULT_MINIMUM_PROTOCOL_VERSION,
    IAMCertificateId: undefined
  }
  // Deprecated mirrors of the above, still returned by GetDistributionConfig: keep them consistent.
  if (current.Certificate !== undefined) next.Certificate = arn
  if (current.CertificateSource !== undefined) next.CertificateSource = 'acm'
  draft.set(config, 'ViewerCertificate', next, `certificate → ${arn} (sni-only, ${next.MinimumProtocolVersion})`)
}

/** Only ErrorCachingMinTTL of the listed codes is ours; response pages a person set stay. */
function applyErrorCaching(config: DistributionConfig, ttl: number, draft: Draft): void {
  const items: CustomErrorResponse[] = (config.CustomErrorResponses?.Items ?? []).map((item) => ({ ...item }))
  for (const code of ERROR_CODES) {
    const existing = items.find((item) => item.ErrorCode === code)
    if (existing) existing.ErrorCachingMinTTL = ttl
    else items.push({ ErrorCode: code, ErrorCachingMinTTL: ttl })
  }
  draft.set(config, 'CustomErrorResponses', { Quantity: items.length, Items: items }, `error caching TTL → ${ttl} s`)
}
