import type { BehaviorPattern } from '../../cloudfront/intent.js'
import type { Packaging } from './to-api.js'

/**
 * Path patterns each packaging serves under the channel's one path-less origin, where a request path
 * is `/out/v1/<endpoint hash>/<file>`. CloudFront matches a pattern against the whole path from its
 * start (`*` matches any run of characters, `/` included), so every pattern starts with `*`.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 * Segments and manifests get their own behaviors so a person can tune them apart; anything else
 * (keys, subtitles) falls to the default behavior, which targets the same origin.
 */
const PATTERNS: Record<Packaging, readonly BehaviorPattern[]> = {
  hls: [{ pattern: '*.m3u8' }, { pattern: '*.ts' }],
  cmaf: [{ pattern: '*.m3u8' }, { pattern: '*.mp4' }],
  dash: [{ pattern: '*.mpd' }, { pattern: '*.mp4' }],
  // MSS URLs are `/out/v1/<hash>/<manifest-name>.ism/Manifest` and `…/<manifest-name>.ism/QualityLevels(…)/…`.
  mss: [{ pattern: '*.ism/*', smoothStreaming: true }]
}

/** The path patterns the channel's endpoints need, in a stable order, without duplicates. */
export function pathPatternsFor(packagings: readonly Packaging[]): BehaviorPattern[] {
  const patterns: BehaviorPattern[] = []
  for (const packaging of packagings) {
    for (const wanted of PATTERNS[packaging]) if (!patterns.some((p) => p.pattern === wanted.pattern)) patterns.push(wanted)
  }
  return patterns
}
