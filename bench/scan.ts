/**
 * The naive look-up on its own: every distribution (ListDistributions), then each one's tags
 * (ListTagsForResource), through the action's own CloudFront.scanTagged, which is the fallback the
 * action uses when tag:GetResources is denied.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { CloudFront } from '../src/aws/cloudfront.js'
import { ASSOC_TAG } from '../src/distribution/constants.js'
import type { FakeAws } from '../test/fake-aws/index.js'
import type { Run } from './support.js'

export async function scanAlone(fake: FakeAws): Promise<Run> {
  const client = new CloudFrontClient({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: fake.env.AWS_ACCESS_KEY_ID!, secretAccessKey: fake.env.AWS_SECRET_ACCESS_KEY! }
  })
  try {
    fake.resetCalls()
    const cpu = process.cpuUsage()
    const started = performance.now()
    await new CloudFront(client).scanTagged(ASSOC_TAG)
    const used = process.cpuUsage(cpu)
    return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, endedAt: Date.now(), calls: [...fake.calls], warnings: [], execution: {}, failures: 0 }
  } finally {
    client.destroy()
  }
}
