// The job summary and the `summary-markdown` output, rendered from hand-built run results: what a
// reviewer reads on a pull request, and what it must never claim or show.
import { describe, expect, it } from '@jest/globals'
import type { Change } from '../../../src/change.js'
import { UserError } from '../../../src/errors.js'
import type { Manifest } from '../../../src/manifest/definition.js'
import type { ReportOptions } from '../../../src/report/options.js'
import { actionOutputs } from '../../../src/report/outputs.js'
import { renderFailure, renderSummary, SUMMARY_MARKDOWN_MAX_CHARS, summaryMarkdown } from '../../../src/report/summary.js'
import { failureLine } from '../../../src/report/verdict.js'
import type { ChannelResult } from '../../../src/workflow/channel.js'
import type { RunResult } from '../../../src/workflow/reconcile.js'

const ORIGIN_HOST = '0bb43bd663c56b39.mediapackage.us-west-2.amazonaws.com'
const INGEST_HOST = '8b11b34ff4639f65.mediapackage.us-west-2.amazonaws.com'
const INGEST_USER = '1e469ce27ae99015fbffaaf341613f5b'
const OLD_HOST = 'ffff000011112222.mediapackage.us-west-2.amazonaws.com'
const DOMAIN = 'd111111abcdef8.cloudfront.net'
const HLS_PATH = '/out/v1/664a43036eb44197e1b32e944c4274b6/index.m3u8'
const DASH_PATH = '/out/v1/8888e36b0b6dfb30ead9a22155e14fb6/index.mpd'

const FULL: ReportOptions = { region: 'us-west-2', detail: 'full' }
const MINIMAL: ReportOptions = { region: 'us-west-2', detail: 'minimal' }

function change(partial: Partial<Change> & Pick<Change, 'resource' | 'action'>): Change {
  return { id: partial.resource === 'distribution' ? 'E2QWRUHEXAMPLE' : 'news-live', name: 'news-live', fields: [], notes: [], ...partial }
}

/** A converged channel with an HLS and a DASH endpoint behind its distribution. */
function channel(partial: Partial<ChannelResult> = {}): ChannelResult {
  const id = partial.id ?? 'news-live'
  return {
    id,
    provider: 'mediapackage-v1',
    state: 'present',
    outcome: 'ok',
    arn: `arn:aws:mediapackage:us-west-2:123456789012:channels/${id}`,
    distributionId: 'E2QWRUHEXAMPLE',
    distributionDomain: DOMAIN,
    distributionStatus: 'Deployed',
    cdnUrl: `https://${DOMAIN}`,
    endpoints: [
      { id: `${id}-hls`, packaging: 'hls', originUrls: [`https://${ORIGIN_HOST}${HLS_PATH}`], playbackUrls: [`https://${DOMAIN}${HLS_PATH}`] },
      { id: `${id}-dash`, packaging: 'dash', originUrls: [`https://${ORIGIN_HOST}${DASH_PATH}`], playbackUrls: [`https://${DOMAIN}${DASH_PATH}`] }
    ],
    ingest: [{ id: 'a', url: `https://${INGEST_HOST}/in/v2/abc/a/channel`, username: INGEST_USER }],
    changes: [change({ resource: 'channel', action: 'unchanged' }), change({ resource: 'distribution', action: 'unchanged', name: `distribution of ${id}` })],
    timings: [{ phase: 'observe', ms: 300 }],
    ...partial
  }
}

function run(channels: ChannelResult[], mode: RunResult['mode'] = 'apply'): RunResult {
  return {
    mode,
    channels,
    changed: channels.some((one) => one.changes.some((each) => each.action !== 'unchanged')),
    failures: channels.filter((one) => one.outcome !== 'ok').map((one) => ({ channelId: one.id, error: new UserError(one.message ?? 'failed') }))
  }
}

const failed = (id: string) =>
  channel({
    id,
    outcome: 'failed',
    message: 'CreateOriginEndpoint sports-live-hls: AccessDenied. Allow mediapackage:CreateOriginEndpoint.',
    endpoints: [],
    changes: [],
    distributionId: undefined,
    distributionDomain: undefined,
    distributionStatus: undefined,
    cdnUrl: undefined
  })

describe('the headline tells the truth', () => {
  it('names the failed channels and never says that nothing changes', () => {
    for (const mode of ['plan', 'apply'] as const) {
      const summary = renderSummary(run([channel(), failed('sports-live')], mode), FULL)
      expect(summary).toContain('❌ **1 of 2 channels failed:** sports-live')
      expect(summary).not.toContain('Everything already matched')
      expect(summary).not.toContain('Apply would change nothing')
      expect(summary).toMatch(/\| sports-live \| ❌ failed \|/)
      expect(summary).toContain('> [!CAUTION]\n> CreateOriginEndpoint sports-live-hls: AccessDenied.')
    }
  })

  it('says so when everything matched and nothing failed', () => {
    expect(renderSummary(run([channel()]), FULL)).toContain('Everything already matched: nothing was written.')
    expect(renderSummary(run([channel()], 'plan'), FULL)).toContain('Apply would change nothing.')
  })

  it('reports a wait that timed out as still deploying with its changes applied, not as failed', () => {
    const deploying = channel({
      outcome: 'still-deploying',
      distributionStatus: 'InProgress',
      waitedMs: 1_800_000,
      message: 'Distribution E2QWRUHEXAMPLE is still InProgress after waiting 30 min 00 s (wait-timeout-minutes). Its changes are made.',
      changes: [change({ resource: 'distribution', action: 'update', fields: [{ field: 'comment', from: '"A"', to: '"B"' }] })]
    })
    const result = run([deploying, channel({ id: 'sports-live' })])
    const summary = renderSummary(result, FULL)
    expect(summary).toContain('⏳ **1 of 2 channels still deploying (changes applied):** news-live')
    expect(summary).toMatch(/\| news-live \| ⏳ still deploying \(changes applied\) \|/)
    expect(summary).not.toMatch(/failed:/)
    expect(summary).toContain('> [!WARNING]')
    expect(summary).toContain('**InProgress** (waited 30 min 00 s)')
    expect(failureLine(result)).toBe('1 of 2 channels still deploying (changes applied): news-live. See the errors above.')
  })

  it('counts created, updated, deleted, disabled and unchanged resources, and failed and still-deploying channels', () => {
    const busy = channel({
      changes: [
        change({ resource: 'channel', action: 'create' }),
        change({ resource: 'endpoint', id: 'news-live-hls', action: 'create' }),
        change({ resource: 'endpoint', id: 'news-live-dash', action: 'update' }),
        change({ resource: 'endpoint', id: 'news-live-old', action: 'delete' }),
        change({ resource: 'distribution', action: 'disable' }),
        change({ resource: 'secret', action: 'unchanged' })
      ]
    })
    const deploying = channel({ id: 'weather-live', outcome: 'still-deploying' })
    const summary = renderSummary(run([busy, failed('sports-live'), deploying]), FULL)
    expect(summary).toContain('**Resources:** 2 created · 1 updated · 1 deleted · 1 disabled · 3 unchanged — **Channels:** 1 ok · 1 failed · 1 still deploying')
    expect(renderSummary(run([busy], 'plan'), FULL)).toContain('**Resources:** 2 to create · 1 to update · 1 to delete · 1 to disable · 1 unchanged')
  })

  it('counts a resource once however many steps touch it (a CDN-authorization transition updates the distribution twice)', () => {
    const transition = channel({
      changes: [
        change({ resource: 'channel', action: 'unchanged' }),
        change({ resource: 'endpoint', id: 'news-live-hls', action: 'unchanged' }),
        change({ resource: 'distribution', action: 'update', notes: ['Phase 1'] }),
        change({ resource: 'endpoint', id: 'news-live-hls', action: 'update', notes: ['Phase 2'] }),
        change({ resource: 'distribution', action: 'update', notes: ['Phase 3'] })
      ]
    })
    const summary = renderSummary(run([transition], 'plan'), FULL)
    expect(summary).toContain('**Resources:** 0 to create · 2 to update · 0 to delete · 0 to disable · 1 unchanged')
    expect(summary).toMatch(/\| news-live \| ✅ ok \| 2 to update \|/)
  })
})

describe('each change says what differs', () => {
  it('shows every changed field by manifest key with its old and new value', () => {
    const result = run([
      channel({
        changes: [
          change({ resource: 'endpoint', id: 'news-live-hls', action: 'update', fields: [{ field: 'hls.playlist-window-seconds', from: '60', to: '120' }] }),
          change({
            resource: 'distribution',
            action: 'update',
            fields: [
              { field: 'comment', from: '"A"', to: '"B"' },
              { field: 'price-class', to: '"PriceClass_100"' }
            ]
          })
        ]
      })
    ])
    const summary = renderSummary(result, FULL)
    expect(summary).toContain('| endpoint | news-live-hls | ✏️ update | `hls.playlist-window-seconds: 60 → 120` |')
    expect(summary).toContain('| distribution | E2QWRUHEXAMPLE | ✏️ update | `comment: "A" → "B"`<br>`price-class: "PriceClass_100"` |')
    const changes = JSON.parse(actionOutputs(result, FULL).changes!) as { details: string[] }[]
    expect(changes.map((each) => each.details)).toContainEqual(['hls.playlist-window-seconds: 60 → 120'])
  })

  it('says "(known after apply)" for pending values and for a distribution plan mode will create', () => {
    const planned = channel({
      distributionId: undefined,
      distributionDomain: undefined,
      distributionStatus: undefined,
      cdnUrl: undefined,
      endpoints: [],
      changes: [
        change({ resource: 'channel', action: 'create' }),
        change({
          resource: 'distribution',
          id: undefined,
          name: 'distribution of news-live',
          action: 'create',
          fields: [
            { field: 'origin', to: undefined, pending: true },
            { field: 'origin.access-control', from: '"E1OAC"', pending: true }
          ]
        })
      ]
    })
    const summary = renderSummary(run([planned], 'plan'), FULL)
    expect(summary).toContain(
      '| distribution | distribution of news-live (id known after apply) | 🆕 create | `origin: (known after apply)`<br>`origin.access-control: "E1OAC" → (known after apply)` |'
    )
    expect(summary).toMatch(/\| news-live \| ✅ ok \| 2 to create \| to create \|/)
  })

  it('keeps a cell whole whatever the text: pipes, backticks and HTML in values and notes', () => {
    const tricky = channel({
      changes: [
        change({
          resource: 'distribution',
          action: 'update',
          fields: [{ field: 'comment', from: '"a|b"', to: '"`x` <b>"' }],
          notes: ['behaviors + *.mpd, *.mp4 | <details>']
        })
      ]
    })
    const row = renderSummary(run([tricky]), FULL)
      .split('\n')
      .find((line) => line.startsWith('| distribution |'))!
    // Five cell borders and no more: every other pipe is escaped.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6)
    expect(row).toContain('`` comment: "a\\|b" → "`x` <b>" ``')
    expect(row).toContain('behaviors + \\*.mpd, \\*.mp4 \\| &lt;details>')
  })
})

describe('what the summary adds for the reviewer', () => {
  it('links the distribution id to the CloudFront console where it first appears', () => {
    const summary = renderSummary(run([channel()]), FULL)
    const link = '[E2QWRUHEXAMPLE](https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/E2QWRUHEXAMPLE)'
    // Its first appearance is the link text.
    expect(summary.indexOf('E2QWRUHEXAMPLE')).toBe(summary.indexOf(link) + 1)
  })

  it('links a v1 channel and its endpoints to the MediaPackage console, and a v2 channel to none (those links are v1’s)', () => {
    const v1 = renderSummary(run([channel()]), FULL)
    expect(v1).toContain('[MediaPackage channel](https://us-west-2.console.aws.amazon.com/mediapackage/home?region=us-west-2#/channels/news-live)')
    const v2 = renderSummary(run([channel({ id: 'live/news', provider: 'mediapackage-v2' })]), FULL)
    expect(v2).not.toContain('console.aws.amazon.com/mediapackage/')
    expect(v2).toContain('cloudfront/v4/home#/distributions/E2QWRUHEXAMPLE')
  })

  it('gives a test-player link for each HLS and DASH playback URL, carrying the URL exactly', () => {
    const summary = renderSummary(run([channel()]), FULL)
    const links = [...summary.matchAll(/\[(hls\.js|dash\.js)\]\(([^)]+)\)/g)].map((match) => ({ name: match[1], url: new URL(match[2]!) }))
    expect(links.map((link) => link.name)).toEqual(['hls.js', 'dash.js'])
    expect(links[0]!.url.origin + links[0]!.url.pathname).toBe('https://hlsjs.video-dev.org/demo/')
    expect(links[0]!.url.searchParams.get('src')).toBe(`https://${DOMAIN}${HLS_PATH}`)
    expect(links[1]!.url.origin + links[1]!.url.pathname).toBe('https://reference.dashif.org/dash.js/latest/samples/dash-if-reference-player/index.html')
    expect(links[1]!.url.searchParams.get('mpd')).toBe(`https://${DOMAIN}${DASH_PATH}`)
  })

  it('gives no player for Smooth Streaming', () => {
    const mss = channel({
      endpoints: [{ id: 'news-live-mss', packaging: 'mss', originUrls: [], playbackUrls: [`https://${DOMAIN}/out/v1/82a2/index.ism/Manifest`] }]
    })
    expect(renderSummary(run([mss]), FULL)).toMatch(/\| MSS \| https:\/\/\S+\/index\.ism\/Manifest \| — \|/)
  })

  it('says the CNAME record to create for each alias, and that the target is known after apply before the distribution exists', () => {
    const manifest = {
      version: 1,
      channels: [
        { id: 'news-live', distribution: { aliases: ['live.example.com', 'live2.example.com'], 'certificate-arn': 'arn:aws:acm:us-east-1:1:certificate/x' } }
      ]
    } as unknown as Manifest
    const applied = renderSummary(run([channel()]), { ...FULL, manifest })
    expect(applied).toContain(`\`\`\`text\nlive.example.com CNAME ${DOMAIN}\nlive2.example.com CNAME ${DOMAIN}\n\`\`\``)
    const planned = renderSummary(run([channel({ distributionId: undefined, distributionDomain: undefined })], 'plan'), { ...FULL, manifest })
    expect(planned).toMatch(/live\.example\.com CNAME \(the distribution’s cloudfront\.net name, known after apply\)/)
    expect(renderSummary(run([channel()]), FULL)).not.toContain('CNAME')
  })

  it('says a playback URL answers 404 until an encoder pushes to the ingest', () => {
    expect(renderSummary(run([channel()]), FULL)).toContain('answers 404 until an encoder pushes a stream to the channel’s ingest')
  })

  it('shows the timings per channel and per phase; a wait is part of apply', () => {
    const timed = channel({
      timings: [
        { phase: 'observe', ms: 300 },
        { phase: 'wait for Deployed', ms: 4800 },
        { phase: 'apply', ms: 6100 }
      ]
    })
    const summary = renderSummary(run([timed]), FULL)
    expect(summary).toContain('Timings: observe 0.3 s · apply 6.1 s (of which wait for Deployed 4.8 s) · total 6.4 s')
    expect(summary).toMatch(/\| news-live \| ✅ ok \| no change \| \[E2QWRUHEXAMPLE\]\([^)]+\) Deployed \| 6\.4 s \|/)
  })
})

describe('summary-detail: minimal', () => {
  const sensitive = () =>
    run([
      channel({
        // The old origin is a host no endpoint of the run reports any more.
        changes: [change({ resource: 'distribution', action: 'update', fields: [{ field: 'origin', from: OLD_HOST, to: ORIGIN_HOST }] })]
      }),
      channel({ id: 'sports-live', outcome: 'failed', message: `GET https://${ORIGIN_HOST}/out/v1/x/index.m3u8 answered 500` })
    ])

  it('shows origin hosts, ingest URLs and usernames under full', () => {
    const summary = renderSummary(sensitive(), FULL)
    expect(summary).toContain(ORIGIN_HOST)
    expect(summary).toContain(INGEST_HOST)
    expect(summary).toContain(INGEST_USER)
    expect(summary).toContain(OLD_HOST)
  })

  it('leaves them out of the summary, the Markdown output and every other output', () => {
    const result = sensitive()
    const outputs = actionOutputs(result, MINIMAL)
    for (const text of [renderSummary(result, MINIMAL), ...Object.values(outputs)]) {
      expect(text).not.toContain(ORIGIN_HOST)
      expect(text).not.toContain(INGEST_HOST)
      expect(text).not.toContain(INGEST_USER)
      expect(text).not.toContain(OLD_HOST)
    }
    const summary = renderSummary(result, MINIMAL)
    expect(summary).toContain('`origin: (origin host hidden) → (origin host hidden)`')
    expect(summary).toContain('GET https://(origin host hidden)/out/v1/x/index.m3u8 answered 500')
    expect(summary).toContain(`https://${DOMAIN}${HLS_PATH}`)
    const channels = JSON.parse(outputs.channels!) as Record<string, unknown>[]
    expect(channels[0]).not.toHaveProperty('ingest')
    expect(channels[0]!.endpoints).toEqual([
      { id: 'news-live-hls', packaging: 'hls', 'playback-urls': [`https://${DOMAIN}${HLS_PATH}`] },
      { id: 'news-live-dash', packaging: 'dash', 'playback-urls': [`https://${DOMAIN}${DASH_PATH}`] }
    ])
    expect(JSON.parse(actionOutputs(result, FULL).channels!)[0]).toHaveProperty('ingest')
  })
})

describe('50 channels', () => {
  /** A channel with a change to each of its four endpoints and its distribution, every phase timed. */
  function busy(index: number): ChannelResult {
    const id = `channel-${String(index).padStart(2, '0')}`
    const endpoints = ['hls', 'dash', 'cmaf', 'mss'].map((packaging) => ({
      id: `${id}-${packaging}`,
      packaging,
      originUrls: [`https://${ORIGIN_HOST}/out/v1/${'a'.repeat(32)}/index.${packaging === 'dash' ? 'mpd' : 'm3u8'}`],
      playbackUrls: [`https://${DOMAIN}/out/v1/${'a'.repeat(32)}/index.${packaging === 'dash' ? 'mpd' : 'm3u8'}`]
    }))
    return channel({
      id,
      endpoints,
      changes: endpoints.map((endpoint) =>
        change({
          resource: 'endpoint',
          id: endpoint.id,
          action: 'update',
          fields: [{ field: `${endpoint.packaging}.segment-duration-seconds`, from: '6', to: '4' }]
        })
      ),
      timings: [
        { phase: 'observe', ms: 250 },
        { phase: 'wait for Deployed', ms: 300_000 },
        { phase: 'apply', ms: 302_000 }
      ]
    })
  }

  const channels = Array.from({ length: 50 }, (_, index) => busy(index))
  channels[49] = { ...failed('channel-49'), changes: [] }
  const result = run(channels)

  it('puts the overview first and folds each channel in <details>', () => {
    const summary = renderSummary(result, FULL)
    expect(summary.indexOf('| Channel | Result |')).toBeLessThan(summary.indexOf('<details'))
    expect(summary.match(/<details>/g)).toHaveLength(49)
    expect(summary.match(/<details open>/g)).toHaveLength(1)
    expect(summary.match(/<\/details>/g)).toHaveLength(50)
    expect(summary).toContain('<details><summary><b>channel-00</b> · ✅ ok · 4 updated · 5 min 02 s</summary>')
  })

  it('keeps summary-markdown under the comment limit, cut with a note, keeping the overview and the failed channel first', () => {
    expect(renderSummary(result, FULL).length).toBeGreaterThan(SUMMARY_MARKDOWN_MAX_CHARS)
    const markdown = summaryMarkdown(result, { ...FULL, runUrl: 'https://github.com/o/r/actions/runs/1' })
    expect(markdown.length).toBeLessThanOrEqual(SUMMARY_MARKDOWN_MAX_CHARS)
    for (const one of result.channels) expect(markdown).toContain(`| ${one.id} |`)
    expect(markdown).toContain('<summary><b>channel-49</b> · ❌ failed')
    expect(markdown).toMatch(
      /> Cut to stay within a pull-request comment; the \[job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\) has them: the details of channel-\d\d, .* are left out\./
    )
    expect(markdown.match(/<details/g)!.length).toBe(markdown.match(/<\/details>/g)!.length)
    const outputs = actionOutputs(result, FULL)
    expect(outputs['summary-markdown']).toBe(summaryMarkdown(result, FULL))
  })

  it('keeps a small run whole, the same as the job summary', () => {
    const small = run([channel()])
    expect(summaryMarkdown(small, FULL)).toBe(renderSummary(small, FULL))
    expect(summaryMarkdown(small, FULL)).not.toContain('Cut to stay within')
  })
})

describe('a run that stopped before reconciling', () => {
  it('says what is wrong and where, and that nothing was changed', () => {
    const error = new UserError('bad', [{ message: 'Unknown key `segment-duraton-seconds`.', position: { file: '.github/mediapackage.yml', line: 7, col: 9 } }])
    const markdown = renderFailure(error, { mode: 'plan', options: FULL })
    expect(markdown).toContain('## MediaPackage + CloudFront: plan (nothing was changed)')
    expect(markdown).toContain('nothing was changed')
    expect(markdown).toContain('> .github/mediapackage.yml:7:9: Unknown key `segment-duraton-seconds`.')
  })

  it('gives a bug its first line only', () => {
    const markdown = renderFailure(new TypeError('x is undefined\n    at f (src/a.ts:1:1)'), { options: MINIMAL })
    expect(markdown).toContain('x is undefined')
    expect(markdown).not.toContain('src/a.ts')
  })
})
