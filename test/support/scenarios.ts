/**
 * Manifests, seeds and assertions shared by the fault, race and safety tests (test/integration).
 * Everything here looks at what a user would notice: AWS's state, the outputs, the summary, the log
 * and the failure messages the action prints.
 */
import { expect } from '@jest/globals'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import { annotationsFor } from '../../src/report/annotations.js'
import type { DistributionRecord, FakeAws } from '../fake-aws/index.js'
import type { RunOutcome } from './harness.js'

export const CHANNEL = 'news-live'

/** One channel with an HLS and a DASH endpoint. */
export const TWO_ENDPOINTS = `
version: 1
region: us-west-2
channels:
  - id: news-live
    description: 24/7 news
    endpoints:
      - id: news-live-hls
        hls: { segment-duration-seconds: 6, playlist-window-seconds: 60 }
      - id: news-live-dash
        dash: { segment-duration-seconds: 2 }
`

/** TWO_ENDPOINTS plus an MSS endpoint, whose `*.ism/*` behavior makes the distribution change. */
export const THREE_ENDPOINTS =
  TWO_ENDPOINTS +
  `      - id: news-live-mss
        mss: {}
`

/** The channel alone: its distribution starts on the console's placeholder origin. */
export const BARE_CHANNEL = `
version: 1
region: us-west-2
channels:
  - id: news-live
    description: 24/7 news
`

export const ENDPOINT_IDS = ['news-live-dash', 'news-live-hls']

/** What the MediaPackage console makes: a distribution on the placeholder origin, tagged with the channel ARN. */
export function consoleConfig(extra: Partial<DistributionConfig> = {}): Omit<DistributionConfig, 'CallerReference'> & { CallerReference?: string } {
  return {
    Comment: `Managed by MediaPackage - ${CHANNEL}`,
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'TEMP_ORIGIN_ID/channel',
          DomainName: 'mediapackage.amazonaws.com',
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'match-viewer' }
        }
      ]
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'TEMP_ORIGIN_ID/channel',
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: '08627262-05a9-4f76-9ded-b50ca2e3a84f'
    },
    ...extra
  }
}

/** A Deployed console-made distribution for the channel, tagged with its ARN. */
export function seedConsoleDistribution(fake: FakeAws, channelArn: string, extra: Partial<DistributionConfig> = {}): DistributionRecord {
  const distribution = fake.state.createDistribution({ config: consoleConfig(extra), tags: { [ASSOC_TAG]: channelArn } })
  distribution.inProgressUntil = 0
  return distribution
}

/** The failure messages the action prints for a run (one annotation each), as `main.ts` reports them. */
export function failureMessages(run: RunOutcome): string[] {
  const errors = [...(run.execution.result?.failures ?? []).map((failure) => failure.error), ...(run.error !== undefined ? [run.error] : [])]
  return errors.flatMap((error) => annotationsFor(error, run.execution.loaded).map((annotation) => annotation.message))
}

/** Everything a user can read after a run: log lines, warnings, outputs, summary and failure messages. */
export function userVisible(run: RunOutcome): string {
  return [run.log.text(), JSON.stringify(run.outputs), run.summary, ...failureMessages(run)].join('\n')
}

/** A stack trace line, as `Error.stack` writes it. */
export const STACK_LINE = /\n\s+at\s/

export function expectSucceeded(run: RunOutcome): void {
  expect(failureMessages(run)).toEqual([])
}

/** Calls of one operation, in order, with the error code each got (undefined = success). */
export function callsOf(fake: FakeAws, operation: string): (string | undefined)[] {
  return fake.calls.filter((call) => call.operation === operation).map((call) => call.errorCode)
}

export interface Census {
  channels: number
  endpoints: number
  distributions: number
}

export function census(fake: FakeAws): Census {
  return { channels: fake.state.channels.size, endpoints: fake.state.endpoints.size, distributions: fake.state.distributions.size }
}

/**
 * The channel is complete: the channel, exactly the named endpoints, exactly one distribution tagged
 * with the channel ARN, its origin on the endpoints' host with a behavior for each pattern, and the
 * run's outputs pointing at all of it. Returns the distribution.
 */
export function expectComplete(
  fake: FakeAws,
  run: RunOutcome,
  endpointIds: readonly string[],
  patterns: readonly string[] = ['*.m3u8', '*.ts', '*.mpd', '*.mp4']
): DistributionRecord {
  const channel = fake.state.channels.get(CHANNEL)
  expect(channel).toBeDefined()
  const endpoints = [...fake.state.endpoints.values()].filter((endpoint) => endpoint.ChannelId === CHANNEL)
  expect(endpoints.map((endpoint) => endpoint.Id).sort()).toEqual([...endpointIds].sort())
  expect(fake.state.distributionsTagged(ASSOC_TAG)).toHaveLength(1)
  const distribution = fake.state.distributionsTagged(ASSOC_TAG, channel!.Arn)[0]!
  expect(distribution).toBeDefined()
  const host = new URL(endpoints[0]!.Url!).host
  expect(distribution.config.Origins?.Items?.map((origin) => origin.DomainName)).toContain(host)
  expect(distribution.config.Origins?.Items?.map((origin) => origin.DomainName)).not.toContain('mediapackage.amazonaws.com')
  expect(distribution.config.CacheBehaviors?.Items?.map((behavior) => behavior.PathPattern)).toEqual(expect.arrayContaining([...patterns]))
  expect(run.outputs['channel-arn']).toBe(channel!.Arn)
  expect(run.outputs['distribution-id']).toBe(distribution.Id)
  expect(run.outputs['cdn-url']).toBe(`https://${distribution.DomainName}`)
  const playback = JSON.parse(run.outputs['playback-urls'] ?? '{}') as Record<string, string>
  expect(Object.keys(playback).sort()).toEqual([...endpointIds].sort())
  for (const endpoint of endpoints) {
    if (endpoint.Url) expect(playback[endpoint.Id]).toBe(`https://${distribution.DomainName}${new URL(endpoint.Url).pathname}`)
  }
  return distribution
}
