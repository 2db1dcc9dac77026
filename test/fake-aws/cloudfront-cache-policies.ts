/**
 * CloudFront cache policies: the managed ones every account has, under the ids and names AWS
 * publishes, and the account's custom ones with CreateCachePolicy's rules.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CachePolicyConfig.html
 */
import type { CachePolicyConfig, CachePolicyType, ParametersInCacheKeyAndForwardedToOrigin } from '@aws-sdk/client-cloudfront'
import { checkQuantities } from './cloudfront-config.js'
import type { IdSource } from './random.js'
import { ServiceError } from './service-error.js'

export interface CachePolicyRecord {
  Id: string
  Type: CachePolicyType
  ETag: string
  LastModifiedTime: Date
  /** As returned: the TTL and cache-key defaults filled in. */
  config: CachePolicyConfig
}

/** Quotas (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-policies). */
export const MAX_CUSTOM_CACHE_POLICIES = 20
export const MAX_CACHE_KEY_ITEMS = 10
export const CACHE_POLICY_COMMENT_MAX = 128

const ONE_DAY = 86400
const ONE_YEAR = 31536000

type KeyBehavior = 'none' | 'whitelist' | 'allExcept' | 'all'

function key(
  gzip: boolean,
  brotli: boolean,
  headers: string[],
  cookies: 'none' | 'all',
  queryStrings: { behavior: KeyBehavior; items?: string[] }
): ParametersInCacheKeyAndForwardedToOrigin {
  const names = (items: string[] | undefined) => (items && items.length > 0 ? { Quantity: items.length, Items: items } : undefined)
  return {
    EnableAcceptEncodingGzip: gzip,
    EnableAcceptEncodingBrotli: brotli,
    HeadersConfig: headers.length > 0 ? { HeaderBehavior: 'whitelist', Headers: { Quantity: headers.length, Items: headers } } : { HeaderBehavior: 'none' },
    CookiesConfig: { CookieBehavior: cookies },
    QueryStringsConfig: {
      QueryStringBehavior: queryStrings.behavior,
      ...(names(queryStrings.items) ? { QueryStrings: names(queryStrings.items) } : {})
    }
  }
}

const ORIGIN_CACHE_CONTROL_HEADERS = ['Host', 'Origin', 'X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override']

/**
 * The managed policies, settings as the managed-policies page lists them. Names carry the
 * `Managed-` prefix except the two UseOriginCacheControlHeaders policies, as ListCachePolicies
 * returns them.
 */
export const MANAGED_CACHE_POLICIES: readonly { Id: string; config: CachePolicyConfig }[] = [
  {
    Id: '2e54312d-136d-493c-8eb9-b001f22f67d2',
    config: {
      Name: 'Managed-Amplify',
      MinTTL: 2,
      DefaultTTL: 2,
      MaxTTL: 600,
      ParametersInCacheKeyAndForwardedToOrigin: key(true, true, ['Authorization', 'CloudFront-Viewer-Country', 'Host'], 'all', { behavior: 'all' })
    }
  },
  {
    Id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    config: {
      Name: 'Managed-CachingDisabled',
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: key(false, false, [], 'none', { behavior: 'none' })
    }
  },
  {
    Id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    config: {
      Name: 'Managed-CachingOptimized',
      MinTTL: 1,
      DefaultTTL: ONE_DAY,
      MaxTTL: ONE_YEAR,
      ParametersInCacheKeyAndForwardedToOrigin: key(true, true, [], 'none', { behavior: 'none' })
    }
  },
  {
    Id: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d',
    config: {
      Name: 'Managed-CachingOptimizedForUncompressedObjects',
      MinTTL: 1,
      DefaultTTL: ONE_DAY,
      MaxTTL: ONE_YEAR,
      ParametersInCacheKeyAndForwardedToOrigin: key(false, false, [], 'none', { behavior: 'none' })
    }
  },
  {
    Id: '08627262-05a9-4f76-9ded-b50ca2e3a84f',
    config: {
      Name: 'Managed-Elemental-MediaPackage',
      MinTTL: 0,
      DefaultTTL: ONE_DAY,
      MaxTTL: ONE_YEAR,
      ParametersInCacheKeyAndForwardedToOrigin: key(true, false, ['Origin'], 'none', {
        behavior: 'whitelist',
        items: ['aws.manifestfilter', 'start', 'end', 'm']
      })
    }
  },
  {
    Id: '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
    config: {
      Name: 'UseOriginCacheControlHeaders',
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: ONE_YEAR,
      ParametersInCacheKeyAndForwardedToOrigin: key(true, true, ORIGIN_CACHE_CONTROL_HEADERS, 'all', { behavior: 'none' })
    }
  },
  {
    Id: '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    config: {
      Name: 'UseOriginCacheControlHeaders-QueryStrings',
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: ONE_YEAR,
      ParametersInCacheKeyAndForwardedToOrigin: key(true, true, ORIGIN_CACHE_CONTROL_HEADERS, 'all', { behavior: 'all' })
    }
  }
]

/** When the fake says the managed policies last changed: not published by AWS, any fixed date does. */
const MANAGED_SINCE = new Date('2024-01-01T00:00:00.000Z')

const invalid = (message: string) => new ServiceError('InvalidArgument', 400, message)
const malformed = (member: string) => new ServiceError('MalformedXML', 400, `1 validation error detected: CachePolicyConfig.${member} is required`)

function checkKeyPart(part: string, behavior: string | undefined, allowed: readonly string[], items: readonly string[] | undefined, tooMany: string): void {
  if (!allowed.includes(behavior ?? '')) throw invalid(`The parameter ${part}Behavior has an invalid value: ${behavior}. Allowed: ${allowed.join(', ')}.`)
  const count = items?.length ?? 0
  const listed = behavior === 'whitelist' || behavior === 'allExcept'
  if (listed && count === 0) throw invalid(`The parameter ${part}Behavior ${behavior} needs at least one ${part.toLowerCase()} name.`)
  if (!listed && count > 0) throw invalid(`The parameter ${part}Behavior ${behavior} takes no ${part.toLowerCase()} names.`)
  if (count > MAX_CACHE_KEY_ITEMS)
    throw new ServiceError(tooMany, 400, `A cache policy can include at most ${MAX_CACHE_KEY_ITEMS} ${part.toLowerCase()} names.`)
}

/** CreateCachePolicy's checks, and the config as CloudFront returns it (TTL defaults per the API reference). */
export function checkCachePolicyConfig(input: CachePolicyConfig): CachePolicyConfig {
  if (input.Name === undefined || input.Name === '') throw malformed('Name')
  if (input.MinTTL === undefined) throw malformed('MinTTL')
  checkQuantities(input, 'CachePolicyConfig')
  if ((input.Comment?.length ?? 0) > CACHE_POLICY_COMMENT_MAX)
    throw invalid(`The parameter Comment can be at most ${CACHE_POLICY_COMMENT_MAX} characters long.`)
  const min = input.MinTTL
  const def = input.DefaultTTL ?? Math.max(ONE_DAY, min)
  const max = input.MaxTTL ?? Math.max(ONE_YEAR, def)
  if (min < 0 || def < min || max < def)
    throw invalid(`The TTLs must be 0 <= MinTTL <= DefaultTTL <= MaxTTL. (MinTTL ${min}, DefaultTTL ${def}, MaxTTL ${max})`)
  const p = input.ParametersInCacheKeyAndForwardedToOrigin
  if (p) {
    for (const member of ['EnableAcceptEncodingGzip', 'HeadersConfig', 'CookiesConfig', 'QueryStringsConfig'] as const) {
      if (p[member] === undefined) throw malformed(`ParametersInCacheKeyAndForwardedToOrigin.${member}`)
    }
    checkKeyPart('Header', p.HeadersConfig?.HeaderBehavior, ['none', 'whitelist'], p.HeadersConfig?.Headers?.Items, 'TooManyHeadersInCachePolicy')
    checkKeyPart(
      'Cookie',
      p.CookiesConfig?.CookieBehavior,
      ['none', 'whitelist', 'allExcept', 'all'],
      p.CookiesConfig?.Cookies?.Items,
      'TooManyCookiesInCachePolicy'
    )
    checkKeyPart(
      'QueryString',
      p.QueryStringsConfig?.QueryStringBehavior,
      ['none', 'whitelist', 'allExcept', 'all'],
      p.QueryStringsConfig?.QueryStrings?.Items,
      'TooManyQueryStringsInCachePolicy'
    )
  }
  const parameters: ParametersInCacheKeyAndForwardedToOrigin = p
    ? { ...p, EnableAcceptEncodingBrotli: p.EnableAcceptEncodingBrotli ?? false }
    : key(false, false, [], 'none', { behavior: 'none' })
  // With caching off nothing can be in the cache key (the managed CachingDisabled policy is the model).
  if (max === 0) {
    const keyed =
      parameters.EnableAcceptEncodingGzip === true ||
      parameters.EnableAcceptEncodingBrotli === true ||
      parameters.HeadersConfig?.HeaderBehavior !== 'none' ||
      parameters.CookiesConfig?.CookieBehavior !== 'none' ||
      parameters.QueryStringsConfig?.QueryStringBehavior !== 'none'
    if (keyed) throw invalid('A cache policy with MaxTTL 0 (caching disabled) cannot include headers, cookies, query strings or compression in the cache key.')
  }
  return { ...input, MinTTL: min, DefaultTTL: def, MaxTTL: max, ParametersInCacheKeyAndForwardedToOrigin: parameters }
}

export class CachePolicies {
  /** Managed policies first, then custom ones in creation order (the List order). */
  readonly byId = new Map<string, CachePolicyRecord>()

  constructor(private readonly ids: IdSource) {
    // Managed ETags come from the id, not the seeded stream, so adding them changed no other generated id.
    for (const m of MANAGED_CACHE_POLICIES) {
      const etag = `E${m.Id.replace(/-/g, '').slice(0, 13).toUpperCase()}`
      this.byId.set(m.Id, { Id: m.Id, Type: 'managed', ETag: etag, LastModifiedTime: MANAGED_SINCE, config: structuredClone(m.config) })
    }
  }

  get(id: string): CachePolicyRecord | undefined {
    return this.byId.get(id)
  }

  require(id: string): CachePolicyRecord {
    const p = this.byId.get(id)
    if (!p) throw new ServiceError('NoSuchCachePolicy', 404, `The cache policy does not exist. (${id})`)
    return p
  }

  list(type?: CachePolicyType): CachePolicyRecord[] {
    return [...this.byId.values()].filter((p) => type === undefined || p.Type === type)
  }

  create(input: CachePolicyConfig): CachePolicyRecord {
    const config = checkCachePolicyConfig(input)
    if ([...this.byId.values()].some((p) => p.config.Name === config.Name)) {
      throw new ServiceError(
        'CachePolicyAlreadyExists',
        409,
        `A cache policy with this name already exists. You must provide a unique name. To modify an existing cache policy, use UpdateCachePolicy. (${config.Name})`
      )
    }
    if (this.list('custom').length >= MAX_CUSTOM_CACHE_POLICIES) {
      throw new ServiceError(
        'TooManyCachePolicies',
        400,
        `You have reached the maximum number of cache policies (${MAX_CUSTOM_CACHE_POLICIES}) for this account.`
      )
    }
    const record: CachePolicyRecord = { Id: this.ids.uuid(), Type: 'custom', ETag: `E${this.ids.upperAlnum(13)}`, LastModifiedTime: new Date(), config }
    this.byId.set(record.Id, record)
    return record
  }
}
