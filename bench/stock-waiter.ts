/**
 * The naive way to wait: the SDK's stock `waitUntilDistributionDeployed` (minDelay 60 s, maxDelay
 * 2100 s). It checks once at once, then sleeps at least 60 s before each next check
 * (@smithy/core util-waiter: attempt n sleeps random(minDelay, min(maxDelay, minDelay·2ⁿ⁻¹)), so the
 * first retry is exactly 60 s).
 */
import { CloudFrontClient, waitUntilDistributionDeployed } from '@aws-sdk/client-cloudfront'
import type { FakeAws } from '../test/fake-aws/index.js'

export const STOCK_MIN_DELAY_MS = 60_000

export interface StockWait {
  waitMs: number
  endedAt: number
  computed: boolean
}

/** Runs the stock waiter for real, with its defaults, against the fake. */
export async function stockWait(fake: FakeAws, id: string): Promise<StockWait> {
  const client = new CloudFrontClient({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: fake.env.AWS_ACCESS_KEY_ID!, secretAccessKey: fake.env.AWS_SECRET_ACCESS_KEY! }
  })
  try {
    const started = performance.now()
    await waitUntilDistributionDeployed({ client, maxWaitTime: 600 }, { Id: id })
    return { waitMs: performance.now() - started, endedAt: Date.now(), computed: false }
  } finally {
    client.destroy()
  }
}

/**
 * The same from the documented schedule, without waiting a minute: the first check (InProgress) is
 * one round trip, the next check is 60 s later and one round trip long; it returns then if Deployed.
 */
export function computedStockWait(startedAt: number, deployedAt: number, rttMs: number): StockWait {
  // Later sleeps are random in [60 s, 60 s·2ⁿ⁻¹], so past the first retry this is a lower bound.
  let check = startedAt + rttMs
  while (check < deployedAt) check += STOCK_MIN_DELAY_MS + rttMs
  return { waitMs: check - startedAt, endedAt: check, computed: true }
}
