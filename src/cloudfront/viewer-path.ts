import type { CacheBehavior, DefaultCacheBehavior, DistributionConfig, Origin } from '@aws-sdk/client-cloudfront'

/**
 * CloudFront's path-pattern match: the whole request path from its start, `*` any run of characters
 * (`/` included), `?` one character, case-sensitive; a leading `/` is optional.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const strip = (text: string) => (text.startsWith('/') ? text.slice(1) : text)
  const source = [...strip(pattern)].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')
  return new RegExp(`^${source}$`, 's').test(strip(path))
}

/** The behavior CloudFront picks for `path`: the first that matches, in order, else the default. */
export function behaviorFor(config: DistributionConfig, path: string): CacheBehavior | DefaultCacheBehavior | undefined {
  return (config.CacheBehaviors?.Items ?? []).find((behavior) => pathPatternMatches(behavior.PathPattern ?? '', path)) ?? config.DefaultCacheBehavior
}

/** The origin a behavior sends to: itself, or an origin group's primary member. */
function originOf(config: DistributionConfig, behavior: { TargetOriginId?: string | undefined } | undefined): Origin | undefined {
  const target = behavior?.TargetOriginId
  const group = config.OriginGroups?.Items?.find((candidate) => candidate.Id === target)
  const id = group ? group.Members?.Items?.[0]?.OriginId : target
  return config.Origins?.Items?.find((origin) => origin.Id === id)
}

/**
 * The path a viewer requests so that the distribution fetches `originPath` from `host`. Under a
 * path-less origin it is the same path; under an origin whose Origin Path is a prefix of it (one
 * origin per endpoint, as CloudFront's live-streaming guide builds them) it is the rest of the path.
 * Undefined when no behavior of the distribution reaches that object.
 */
export function viewerPath(config: DistributionConfig, host: string, originPath: string): string | undefined {
  const direct = originOf(config, behaviorFor(config, originPath))
  if (direct?.DomainName === host && (direct.OriginPath ?? '') === '') return originPath
  for (const origin of config.Origins?.Items ?? []) {
    const prefix = origin.OriginPath ?? ''
    if (origin.DomainName !== host || prefix === '' || !originPath.startsWith(`${prefix}/`)) continue
    const rest = originPath.slice(prefix.length)
    if (originOf(config, behaviorFor(config, rest))?.Id === origin.Id) return rest
  }
  return undefined
}
