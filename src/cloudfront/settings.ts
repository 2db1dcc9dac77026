import type { CustomErrorResponse, DistributionConfig, ViewerCertificate } from '@aws-sdk/client-cloudfront'
import { ERROR_CODES } from './constants.js'
import { shown } from '../change.js'
import { Draft } from './draft.js'
import type { DistributionIntent } from './intent.js'

/** Minimum TLS policy with aliases when the manifest names none: TLSv1.2_2021 or later. */
export const DEFAULT_MINIMUM_PROTOCOL_VERSION = 'TLSv1.2_2021'
const MODERN_TLS = /^TLSv1\.(2_20(2[1-9]|[3-9]\d)|3_\d{4})$/

/**
 * Distribution-wide settings. The manifest owns a setting only when it names it: what it leaves out
 * keeps whatever is there, so a person's console edits (comment, aliases, WAF, logging…) survive.
 */
export function applyOwnedSettings(config: DistributionConfig, intent: DistributionIntent, draft = new Draft()): DistributionConfig {
  const spec = intent.spec
  const own = <K extends keyof DistributionConfig>(key: K, value: DistributionConfig[K] | undefined, field: string): void => {
    if (value !== undefined) draft.set(config, key, value, { field, from: shown(config[key]), to: shown(value) })
  }
  own('Comment', spec.comment, 'comment')
  own('Enabled', spec.enabled, 'enabled')
  own('PriceClass', spec['price-class'], 'price-class')
  own('HttpVersion', spec['http-version'], 'http-version')
  own('IsIPV6Enabled', spec.ipv6, 'ipv6')
  own('WebACLId', spec['web-acl-id'], 'web-acl-id')
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
  draft.set(config, 'Aliases', { Quantity: items.length, Items: items }, { field: 'aliases', to: `+ ${missing.join(', ')}` })
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
  draft.set(config, 'ViewerCertificate', next, {
    field: 'certificate-arn',
    from: current.ACMCertificateArn ? shown(current.ACMCertificateArn) : 'CloudFront default',
    to: `${shown(arn)} (sni-only, ${next.MinimumProtocolVersion})`
  })
}

/** Only ErrorCachingMinTTL of the listed codes is ours; response pages a person set stay. */
function applyErrorCaching(config: DistributionConfig, ttl: number, draft: Draft): void {
  const items: CustomErrorResponse[] = (config.CustomErrorResponses?.Items ?? []).map((item) => ({ ...item }))
  for (const code of ERROR_CODES) {
    const existing = items.find((item) => item.ErrorCode === code)
    if (existing) existing.ErrorCachingMinTTL = ttl
    else items.push({ ErrorCode: code, ErrorCachingMinTTL: ttl })
  }
  draft.set(config, 'CustomErrorResponses', { Quantity: items.length, Items: items }, { field: 'error-caching-min-ttl', to: `${ttl} s` })
}
