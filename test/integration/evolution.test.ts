/**
 * A manifest's life, step by step: for each edit, plan mode must name the same resources, actions and
 * fields that the following apply reports (only values known after apply may differ, and plan marks
 * them), and a plan right after the apply must find nothing to do.
 */
import { describe, it } from '@jest/globals'
import { expectPlanMatchesApply } from '../support/evolution.js'
import { withFake } from '../support/harness.js'

const ROLE = 'arn:aws:iam::123456789012:role/MediaPackageCdnAuth'
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666'

const header = 'version: 1\nregion: us-west-2\nchannels:\n'
const news = (body: string) => `  - id: news-live\n    description: 24/7 news\n${body}`
const hls = (window = 60) => `      - id: news-live-hls\n        hls: { segment-duration-seconds: 6, playlist-window-seconds: ${window} }\n`
const dash = '      - id: news-live-dash\n        dash: { segment-duration-seconds: 2 }\n'
const mss = '      - id: news-live-mss\n        mss: {}\n'
const cmaf = '      - id: news-live-cmaf\n        cmaf:\n          hls-manifests: [{ id: main }]\n'
const endpoints = (...list: string[]) => `    endpoints:\n${list.join('')}`
const distribution = (...lines: string[]) => `    distribution:\n${lines.map((line) => `      ${line}\n`).join('')}`
const authOn = `    cdn-authorization:\n      secret: MediaPackage/news-live\n      role-arn: ${ROLE}\n      create-secret: true\n`
const authOff = '    cdn-authorization:\n      enabled: false\n'
const sports = '  - id: sports-live\n    endpoints:\n      - id: sports-live-hls\n        hls: {}\n'

/** The corpus: each manifest is what the repository holds after one pull request. */
const EVOLUTION: [string, string][] = [
  ['a channel without endpoints (placeholder origin)', header + news('')],
  ['its first endpoint (placeholder → the endpoints’ host)', header + news(endpoints(hls()))],
  ['a second and third endpoint', header + news(endpoints(hls(), dash, mss))],
  ['a changed setting', header + news(endpoints(hls(120), dash, mss))],
  ['a CMAF endpoint', header + news(endpoints(hls(120), dash, mss, cmaf))],
  ['aliases and a certificate', header + news(endpoints(hls(120), dash, mss, cmaf) + distribution('aliases: [live.example.com]', `certificate-arn: ${CERT}`))],
  ['comment and price class', header + news(endpoints(hls(120), dash, mss, cmaf) + distribution('comment: News live', 'price-class: PriceClass_100'))],
  ['Origin Shield on', header + news(endpoints(hls(120), dash, mss, cmaf) + distribution('origin-shield-region: us-west-2'))],
  ['Origin Shield off', header + news(endpoints(hls(120), dash, mss, cmaf) + distribution('origin-shield-region: none'))],
  ['CDN authorization on, under a live audience', header + news(authOn + endpoints(hls(120), dash, mss, cmaf))],
  ['CDN authorization off', header + news(authOff + endpoints(hls(120), dash, mss, cmaf))],
  ['an endpoint removed from the manifest (left alone)', header + news(authOff + endpoints(hls(120), dash, cmaf))],
  ['a new channel beside the existing one', header + news(authOff + endpoints(hls(120), dash, cmaf)) + sports]
]

describe('a manifest’s evolution', () => {
  it('plan names what apply then does, at every step, and the plan after each apply is empty', async () => {
    await withFake({ deployDelayMs: 30 }, async (fake) => {
      for (const [title, yaml] of EVOLUTION) {
        await expectPlanMatchesApply(fake, title, yaml)
      }
    })
  }, 60_000)
})
