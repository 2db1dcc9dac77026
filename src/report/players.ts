/** A browser test player for a playback URL, so a reviewer can watch the stream in one click. */
export interface TestPlayer {
  name: string
  url: string
}

/**
 * hls.js's demo page reads the stream from `src`; the DASH-IF reference player (dash.js 5) from `mpd`
 * (it no longer reads `url`), URL-encoded, and `autoLoad=true` loads it at once. MSS has no such page.
 */
export function testPlayers(playbackUrl: string): TestPlayer[] {
  let path: string
  try {
    path = new URL(playbackUrl).pathname
  } catch {
    return []
  }
  const encoded = encodeURIComponent(playbackUrl)
  if (path.endsWith('.m3u8')) return [{ name: 'hls.js', url: `https://hlsjs.video-dev.org/demo/?src=${encoded}` }]
  if (path.endsWith('.mpd')) {
    return [{ name: 'dash.js', url: `https://reference.dashif.org/dash.js/latest/samples/dash-if-reference-player/index.html?mpd=${encoded}&autoLoad=true` }]
  }
  return []
}
