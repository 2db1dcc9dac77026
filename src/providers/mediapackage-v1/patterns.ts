import type { Packaging } from './to-api.js'

/**
 * Path patterns each packaging serves. Segments and manifests get their own behaviors so a person can
 * tune them separately in the console; anything else (keys, subtitles) falls to the default behavior,
 * which also targets the MediaPackage origin.
 */
const PATTERNS: Record<Exclude<Packaging, 'mss'>, readonly string[]> = {
  hls: ['*.m3u8', '*.ts'],
  cmaf: ['*.m3u8', '*.mp4'],
  dash: ['*.mpd', '*.mp4']
}

export interface EndpointShape {
  packaging: Packaging
  /** MSS URLs are `<manifest-name>.ism/…`: the pattern depends on it. */
  manifestName?: string | undefined
}

/** The path patterns the channel's endpoints need, in a stable order, without duplicates. */
export function pathPatternsFor(endpoints: readonly EndpointShape[]): string[] {
  const patterns: string[] = []
  for (const endpoint of endpoints) {
    const wanted = endpoint.packaging === 'mss' ? [`${endpoint.manifestName ?? 'index'}.ism/*`] : PATTERNS[endpoint.packaging]
    for (const pattern of wanted) if (!patterns.includes(pattern)) patterns.push(pattern)
  }
  return patterns
}

export function isSmoothStreamingPattern(pattern: string): boolean {
  return pattern.endsWith('.ism/*')
}
