/**
 * What the action generates for CloudFront stays within CloudFront's limits, whatever the manifest's
 * ids; the fake refuses what CloudFront refuses (Comment over 128 characters, origin ids over 128).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
import { describe, expect, it } from '@jest/globals'
import { runReconcile, withFake, writeManifest } from '../support/harness.js'

describe('generated CloudFront fields', () => {
  it('fit CloudFront’s limits for the longest ids MediaPackage allows', async () => {
    await withFake({}, async (fake) => {
      const channel = `c${'h'.repeat(255)}`
      const run = await runReconcile(
        fake,
        writeManifest(`
version: 1
region: us-west-2
channels:
  - id: ${channel}
    endpoints:
      - id: e${'p'.repeat(255)}
        hls: {}
`)
      )
      expect(run.execution.result?.failures).toEqual([])
      const [distribution] = [...fake.state.distributions.values()]
      const config = distribution!.config
      expect(config.Comment!.length).toBeLessThanOrEqual(128)
      expect(config.Comment!.startsWith('MediaPackage channel chhh')).toBe(true)
      expect(config.CallerReference!.length).toBeLessThanOrEqual(128)
      for (const origin of config.Origins!.Items!) expect(origin.Id!.length).toBeLessThanOrEqual(128)
      for (const behavior of config.CacheBehaviors!.Items!) expect(behavior.TargetOriginId!.length).toBeLessThanOrEqual(128)
    })
  })
})
