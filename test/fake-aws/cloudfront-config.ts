/**
 * What CloudFront checks in a DistributionConfig, and the defaults it fills in before it stores one.
 * Both run on create and on every update, whether the config came over the wire or from a seed.
 */
import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig, Origin } from '@aws-sdk/client-cloudfront'
import { ServiceError } from './service-error.js'

export const MAX_ORIGINS = 100
export const MAX_CACHE_BEHAVIORS = 75
export const MAX_ORIGIN_GROUPS = 10
export const MAX_CUSTOM_HEADERS = 10
export const MAX_TAGS = 50
export const MAX_ALIASES = 100
/** Comment and origin Id lengths CloudFront accepts (DistributionConfig.Comment is documented; the origin Id limit is not). */
export const MAX_COMMENT_LENGTH = 128
export const MAX_ORIGIN_ID_LENGTH = 128

const invalid = (message: string) => new ServiceError('InvalidArgument', 400, message)

type Behavior = DefaultCacheBehavior | CacheBehavior

/** Every `{Quantity, Items}` pair anywhere in a CloudFront document must agree (InconsistentQuantities). */
export function checkQuantities(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkQuantities(v, `${path}[${i}]`))
    return
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return
  const record = value as Record<string, unknown>
  if (typeof record.Quantity === 'number') {
    const items = record.Items
    const count = Array.isArray(items) ? items.length : 0
    if (record.Quantity !== count) {
      throw new ServiceError(
        'InconsistentQuantities',
        400,
        `The value of Quantity and the size of Items don't match. (${path}: Quantity ${record.Quantity}, ${count} Items)`
      )
    }
  }
  for (const [key, child] of Object.entries(record)) checkQuantities(child, path ? `${path}.${key}` : key)
}

/** The status codes CloudFront accepts in an origin group's FailoverCriteria. */
export const FAILOVER_STATUS_CODES: readonly number[] = [400, 403, 404, 416, 500, 502, 503, 504]

const METHOD_SETS = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']
]
const CACHED_METHOD_SETS = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS']
]
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join()

function checkBehavior(b: Behavior, where: string, targets: ReadonlySet<string>, groupIds: ReadonlySet<string>): void {
  if (!b.TargetOriginId) throw malformed(`${where}.TargetOriginId is required`)
  if (!b.ViewerProtocolPolicy) throw malformed(`${where}.ViewerProtocolPolicy is required`)
  if (!['allow-all', 'https-only', 'redirect-to-https'].includes(b.ViewerProtocolPolicy)) {
    throw invalid(`The parameter ViewerProtocolPolicy has an invalid value: ${b.ViewerProtocolPolicy}.`)
  }
  if (!targets.has(b.TargetOriginId)) {
    throw new ServiceError('NoSuchOrigin', 404, `One or more of your origins or origin groups do not exist. (${where}.TargetOriginId "${b.TargetOriginId}")`)
  }
  if (b.CachePolicyId) {
    for (const legacy of ['ForwardedValues', 'MinTTL', 'DefaultTTL', 'MaxTTL'] as const) {
      if (b[legacy] !== undefined) {
        throw invalid(`The parameter ${legacy} cannot be used when a cache policy is associated to the cache behavior. (${where})`)
      }
    }
  } else {
    if (!b.ForwardedValues) throw invalid(`The parameter ForwardedValues is required. (${where} has neither CachePolicyId nor ForwardedValues)`)
    const given = [b.MinTTL, b.DefaultTTL, b.MaxTTL].filter((t): t is number => t !== undefined)
    if (given.some((t, i) => i > 0 && t < (given[i - 1] ?? 0))) {
      throw new ServiceError(
        'InvalidTTLOrder',
        400,
        `The TTL order specified in CacheBehavior is not valid. (${where}: MinTTL ${b.MinTTL}, DefaultTTL ${b.DefaultTTL}, MaxTTL ${b.MaxTTL})`
      )
    }
  }
  const allowed = b.AllowedMethods?.Items
  if (allowed && !METHOD_SETS.some((s) => sameSet(s, allowed))) {
    throw invalid(`The parameter AllowedMethods is invalid: ${allowed.join(', ')}. (${where})`)
  }
  if (allowed && groupIds.has(b.TargetOriginId) && !CACHED_METHOD_SETS.some((s) => sameSet(s, allowed))) {
    throw invalid(`The parameter AllowedMethods cannot include POST, PUT, PATCH, or DELETE for a cached behavior associated with an origin group. (${where})`)
  }
  const cached = b.AllowedMethods?.CachedMethods?.Items
  if (cached && !CACHED_METHOD_SETS.some((s) => sameSet(s, cached))) {
    throw invalid(`The parameter CachedMethods is invalid: ${cached.join(', ')}. (${where})`)
  }
  if (cached && allowed && cached.some((m) => !allowed.includes(m))) {
    throw invalid(`CachedMethods must be a subset of AllowedMethods. (${where})`)
  }
}

function malformed(detail: string): ServiceError {
  return new ServiceError('MalformedXML', 400, `1 validation error detected: ${detail}`)
}

function checkOrigin(o: Origin, where: string): void {
  if (!o.Id) throw malformed(`${where}.Id is required`)
  if (o.Id.length > MAX_ORIGIN_ID_LENGTH) throw invalid('The parameter originId is too big.')
  if (!o.DomainName) throw malformed(`${where}.DomainName is required`)
  const kinds = [o.S3OriginConfig, o.CustomOriginConfig, o.VpcOriginConfig].filter((k) => k !== undefined).length
  if (kinds !== 1) throw invalid(`Exactly one of CustomOriginConfig, VpcOriginConfig and S3OriginConfig must be specified. (${where})`)
  if (o.OriginPath && (!o.OriginPath.startsWith('/') || o.OriginPath.endsWith('/'))) {
    throw invalid(`The parameter OriginPath must begin with a slash and must not end with one. (${where})`)
  }
  const c = o.CustomOriginConfig
  if (c) {
    if (!['http-only', 'match-viewer', 'https-only'].includes(c.OriginProtocolPolicy ?? '')) {
      throw invalid(`The parameter OriginProtocolPolicy has an invalid value: ${String(c.OriginProtocolPolicy)}. (${where})`)
    }
    if (c.OriginReadTimeout !== undefined && (c.OriginReadTimeout < 1 || c.OriginReadTimeout > 120)) {
      throw new ServiceError('InvalidOriginReadTimeout', 400, `The read timeout specified for the origin is not valid. (${where})`)
    }
    if (c.OriginKeepaliveTimeout !== undefined && (c.OriginKeepaliveTimeout < 1 || c.OriginKeepaliveTimeout > 120)) {
      throw new ServiceError('InvalidOriginKeepaliveTimeout', 400, `The keep alive timeout specified for the origin is not valid. (${where})`)
    }
  }
  if (o.ConnectionAttempts !== undefined && (o.ConnectionAttempts < 1 || o.ConnectionAttempts > 3)) {
    throw invalid(`The parameter ConnectionAttempts must be between 1 and 3. (${where})`)
  }
  if (o.ConnectionTimeout !== undefined && (o.ConnectionTimeout < 1 || o.ConnectionTimeout > 10)) {
    throw invalid(`The parameter ConnectionTimeout must be between 1 and 10. (${where})`)
  }
  if ((o.CustomHeaders?.Items?.length ?? 0) > MAX_CUSTOM_HEADERS) {
    throw new ServiceError('TooManyOriginCustomHeaders', 400, `Your request contains too many origin custom headers. (${where})`)
  }
  if (o.OriginShield?.Enabled && !o.OriginShield.OriginShieldRegion) {
    throw invalid(`The parameter OriginShieldRegion is required when Origin Shield is enabled. (${where})`)
  }
}

/**
 * Refuses what CloudFront refuses, with CloudFront's error codes. `previous` is the stored config
 * on an update (CallerReference may not change).
 */
export function validateDistributionConfig(config: DistributionConfig, previous?: DistributionConfig): void {
  for (const required of ['CallerReference', 'Origins', 'DefaultCacheBehavior', 'Comment', 'Enabled'] as const) {
    if (config[required] === undefined) throw malformed(`DistributionConfig.${required} is required`)
  }
  checkQuantities(config, 'DistributionConfig')
  if ((config.Comment ?? '').length > MAX_COMMENT_LENGTH) throw invalid('The parameter Comment is too big.')
  if (previous && previous.CallerReference !== config.CallerReference) {
    throw new ServiceError('IllegalUpdate', 400, 'The update contains modifications that are not allowed: CallerReference cannot be changed.')
  }
  const origins = config.Origins?.Items ?? []
  if (origins.length === 0) throw invalid('The parameter Origins must contain at least one origin.')
  if (origins.length > MAX_ORIGINS) throw new ServiceError('TooManyOrigins', 400, 'You cannot create more origins for the distribution.')
  const originIds = new Set<string>()
  origins.forEach((o, i) => {
    checkOrigin(o, `Origins.Items[${i}]`)
    if (originIds.has(o.Id ?? '')) throw invalid('The parameter origin ID must be unique.')
    originIds.add(o.Id ?? '')
  })
  const groups = config.OriginGroups?.Items ?? []
  if (groups.length > MAX_ORIGIN_GROUPS) {
    throw new ServiceError(
      'TooManyOriginGroupsPerDistribution',
      400,
      'Processing your request would cause you to exceed the maximum number of origin groups allowed.'
    )
  }
  const targets = new Set(originIds)
  const groupIds = new Set<string>()
  groups.forEach((g, i) => {
    const where = `OriginGroups.Items[${i}]`
    if (!g.Id) throw malformed(`${where}.Id is required`)
    if (targets.has(g.Id)) throw invalid(`The parameter Origin Id must be unique. (origin group "${g.Id}" repeats an id)`)
    const members = g.Members?.Items ?? []
    if (members.length !== 2) throw invalid(`An origin group must have exactly two members. (${where})`)
    for (const m of members) {
      if (!originIds.has(m.OriginId ?? '')) {
        throw new ServiceError('NoSuchOrigin', 404, `One or more of your origins or origin groups do not exist. (${where} member "${m.OriginId}")`)
      }
    }
    const codes = g.FailoverCriteria?.StatusCodes?.Items ?? []
    if (codes.length === 0) throw invalid(`The parameter FailoverCriteria must list status codes. (${where})`)
    for (const code of codes) {
      if (!FAILOVER_STATUS_CODES.includes(code)) {
        throw invalid(`The parameter FailoverCriteria StatusCodes has an invalid value: ${code}. Allowed: ${FAILOVER_STATUS_CODES.join(', ')}. (${where})`)
      }
    }
    targets.add(g.Id)
    groupIds.add(g.Id)
  })
  const dcb = config.DefaultCacheBehavior
  if (dcb) checkBehavior(dcb, 'DefaultCacheBehavior', targets, groupIds)
  const behaviors = config.CacheBehaviors?.Items ?? []
  if (behaviors.length > MAX_CACHE_BEHAVIORS) {
    throw new ServiceError('TooManyCacheBehaviors', 400, 'Your request contains more cache behaviors than are allowed per distribution.')
  }
  const patterns = new Set<string>()
  behaviors.forEach((b, i) => {
    const where = `CacheBehaviors.Items[${i}]`
    if (!b.PathPattern) throw malformed(`${where}.PathPattern is required`)
    if (patterns.has(b.PathPattern)) throw invalid(`The parameter PathPattern must be unique. ("${b.PathPattern}" is repeated)`)
    patterns.add(b.PathPattern)
    checkBehavior(b, where, targets, groupIds)
  })
  const aliases = config.Aliases?.Items ?? []
  if (aliases.length > MAX_ALIASES) {
    throw new ServiceError('TooManyDistributionCNAMEs', 400, 'Your request contains more CNAMEs than are allowed per distribution.')
  }
  const cert = config.ViewerCertificate
  const hasOwnCertificate = Boolean(cert?.ACMCertificateArn ?? cert?.IAMCertificateId)
  if (aliases.length > 0 && !hasOwnCertificate) {
    throw new ServiceError(
      'InvalidViewerCertificate',
      400,
      'To add an alternate domain name (CNAME) to a CloudFront distribution, you must attach a trusted certificate that validates your authorization to use the domain name.'
    )
  }
  if (cert) {
    const sources = [cert.CloudFrontDefaultCertificate === true, Boolean(cert.ACMCertificateArn), Boolean(cert.IAMCertificateId)].filter(Boolean).length
    if (sources > 1)
      throw new ServiceError('InvalidViewerCertificate', 400, 'Specify only one of CloudFrontDefaultCertificate, ACMCertificateArn and IAMCertificateId.')
    if (cert.ACMCertificateArn && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+/.test(cert.ACMCertificateArn)) {
      throw new ServiceError(
        'InvalidViewerCertificate',
        400,
        "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain."
      )
    }
    if (hasOwnCertificate && !cert.SSLSupportMethod) {
      throw new ServiceError('InvalidViewerCertificate', 400, 'SSLSupportMethod is required with a custom certificate.')
    }
  }
  if (config.PriceClass && !['PriceClass_100', 'PriceClass_200', 'PriceClass_All', 'None'].includes(config.PriceClass)) {
    throw invalid(`The parameter PriceClass has an invalid value: ${config.PriceClass}.`)
  }
  if (config.HttpVersion && !['http1.1', 'http2', 'http3', 'http2and3'].includes(config.HttpVersion)) {
    throw invalid(`The parameter HttpVersion has an invalid value: ${config.HttpVersion}.`)
  }
}

/** Tag rules CloudFront enforces (InvalidTagging). */
export function validateTags(tags: ReadonlyArray<{ Key?: string; Value?: string }>): void {
  if (tags.length > MAX_TAGS) throw new ServiceError('InvalidTagging', 400, `A resource can have at most ${MAX_TAGS} tags.`)
  const pattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
  for (const t of tags) {
    const key = t.Key ?? ''
    const value = t.Value ?? ''
    if (key.length < 1 || key.length > 128 || !pattern.test(key)) throw new ServiceError('InvalidTagging', 400, `The tag key "${key}" is not valid.`)
    if (key.toLowerCase().startsWith('aws:')) throw new ServiceError('InvalidTagging', 400, `The tag key "${key}" uses the reserved prefix aws:.`)
    if (value.length > 256 || !pattern.test(value)) throw new ServiceError('InvalidTagging', 400, `The tag value for "${key}" is not valid.`)
  }
}

/** The order CloudFront returns HTTP methods in (it does not keep the order you sent). */
const METHOD_ORDER = ['HEAD', 'DELETE', 'POST', 'GET', 'OPTIONS', 'PUT', 'PATCH']
const byAwsOrder = (items: string[]) => [...items].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))

const HEAD_GET = () => ({ Quantity: 2, Items: ['HEAD', 'GET'] as ('HEAD' | 'GET')[] })

function fillBehavior<B extends Behavior>(b: B): B {
  const out: B = { ...b }
  out.TrustedSigners ??= { Enabled: false, Quantity: 0 }
  out.TrustedKeyGroups ??= { Enabled: false, Quantity: 0 }
  const allowed = out.AllowedMethods
  out.AllowedMethods = allowed
    ? {
        ...allowed,
        Items: byAwsOrder(allowed.Items ?? []) as typeof allowed.Items,
        CachedMethods: allowed.CachedMethods
          ? { ...allowed.CachedMethods, Items: byAwsOrder(allowed.CachedMethods.Items ?? []) as typeof allowed.Items }
          : HEAD_GET()
      }
    : { ...HEAD_GET(), CachedMethods: HEAD_GET() }
  out.SmoothStreaming ??= false
  out.Compress ??= false
  out.LambdaFunctionAssociations ??= { Quantity: 0 }
  out.FunctionAssociations ??= { Quantity: 0 }
  out.FieldLevelEncryptionId ??= ''
  if (!out.CachePolicyId && out.ForwardedValues) {
    out.ForwardedValues = {
      ...out.ForwardedValues,
      Cookies: out.ForwardedValues.Cookies ?? { Forward: 'none' },
      Headers: out.ForwardedValues.Headers ?? { Quantity: 0 },
      QueryStringCacheKeys: out.ForwardedValues.QueryStringCacheKeys ?? { Quantity: 0 }
    }
    // Omitted TTLs default to 0 / one day / one year, kept inside the TTLs that were given.
    const min = out.MinTTL ?? 0
    const def = out.DefaultTTL ?? Math.min(Math.max(86400, min), out.MaxTTL ?? Number.POSITIVE_INFINITY)
    out.MinTTL = min
    out.DefaultTTL = def
    out.MaxTTL ??= Math.max(31536000, def)
  }
  return out
}

function fillOrigin(o: Origin): Origin {
  const out: Origin = { ...o }
  out.OriginPath ??= ''
  out.CustomHeaders ??= { Quantity: 0 }
  if (out.CustomOriginConfig) {
    out.CustomOriginConfig = {
      ...out.CustomOriginConfig,
      HTTPPort: out.CustomOriginConfig.HTTPPort ?? 80,
      HTTPSPort: out.CustomOriginConfig.HTTPSPort ?? 443,
      OriginSslProtocols: out.CustomOriginConfig.OriginSslProtocols ?? { Quantity: 1, Items: ['TLSv1.2'] },
      OriginReadTimeout: out.CustomOriginConfig.OriginReadTimeout ?? 30,
      OriginKeepaliveTimeout: out.CustomOriginConfig.OriginKeepaliveTimeout ?? 5
    }
  }
  if (out.S3OriginConfig) out.S3OriginConfig = { ...out.S3OriginConfig, OriginAccessIdentity: out.S3OriginConfig.OriginAccessIdentity ?? '' }
  out.ConnectionAttempts ??= 3
  out.ConnectionTimeout ??= 10
  out.OriginShield ??= { Enabled: false }
  out.OriginAccessControlId ??= ''
  return out
}

/** CloudFront leaves `Items` out of an empty list in its answers: `{Quantity: 0}`. */
function dropEmptyItems(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(dropEmptyItems)
    return
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return
  const record = value as Record<string, unknown>
  if (record.Quantity === 0 && Array.isArray(record.Items) && record.Items.length === 0) delete record.Items
  Object.values(record).forEach(dropEmptyItems)
}

/**
 * The config as CloudFront stores and returns it: every optional section it defaults is present,
 * HTTP methods are in CloudFront's order, empty `Items` are dropped. Returns a new object.
 */
export function withCloudFrontDefaults(config: DistributionConfig): DistributionConfig {
  const out: DistributionConfig = structuredClone(config)
  out.Aliases ??= { Quantity: 0 }
  out.DefaultRootObject ??= ''
  if (out.Origins) out.Origins = { ...out.Origins, Items: (out.Origins.Items ?? []).map(fillOrigin) }
  out.OriginGroups ??= { Quantity: 0 }
  if (out.DefaultCacheBehavior) out.DefaultCacheBehavior = fillBehavior(out.DefaultCacheBehavior)
  out.CacheBehaviors = out.CacheBehaviors ? { ...out.CacheBehaviors, Items: out.CacheBehaviors.Items?.map(fillBehavior) } : { Quantity: 0 }
  out.CustomErrorResponses = out.CustomErrorResponses
    ? {
        ...out.CustomErrorResponses,
        Items: out.CustomErrorResponses.Items?.map((r) => ({
          ...r,
          ResponsePagePath: r.ResponsePagePath ?? '',
          ResponseCode: r.ResponseCode ?? '',
          ErrorCachingMinTTL: r.ErrorCachingMinTTL ?? 10
        }))
      }
    : { Quantity: 0 }
  out.Logging ??= { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' }
  out.PriceClass ??= 'PriceClass_All'
  const cert = out.ViewerCertificate
  if (!cert || (!cert.ACMCertificateArn && !cert.IAMCertificateId)) {
    out.ViewerCertificate = {
      CloudFrontDefaultCertificate: true,
      SSLSupportMethod: cert?.SSLSupportMethod ?? 'vip',
      MinimumProtocolVersion: cert?.MinimumProtocolVersion ?? 'TLSv1',
      CertificateSource: 'cloudfront'
    }
  } else if (cert.ACMCertificateArn) {
    out.ViewerCertificate = {
      ...cert,
      Certificate: cert.ACMCertificateArn,
      CertificateSource: 'acm',
      MinimumProtocolVersion: cert.MinimumProtocolVersion ?? 'TLSv1'
    }
  } else {
    out.ViewerCertificate = {
      ...cert,
      Certificate: cert.IAMCertificateId,
      CertificateSource: 'iam',
      MinimumProtocolVersion: cert.MinimumProtocolVersion ?? 'TLSv1'
    }
  }
  out.Restrictions ??= { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } }
  out.WebACLId ??= ''
  out.HttpVersion ??= 'http2'
  out.IsIPV6Enabled ??= false
  out.ContinuousDeploymentPolicyId ??= ''
  out.Staging ??= false
  dropEmptyItems(out)
  return out
}
