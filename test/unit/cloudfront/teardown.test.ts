import { describe, expect, it } from '@jest/globals'
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import { disabledConfig, isDisabled, requestsMetric } from '../../../src/cloudfront/teardown.js'

const config: DistributionConfig = {
  CallerReference: 'mediapackage-cloudfront-action:arn:aws:mediapackage:us-west-2:123456789012:channels/abc',
  Comment: 'set by a person',
  Enabled: true,
  Aliases: { Quantity: 1, Items: ['live.example.com'] },
  Origins: { Quantity: 1, Items: [{ Id: 'MP-abc', DomainName: 'abc.mediapackage.us-west-2.amazonaws.com' }] },
  DefaultCacheBehavior: { TargetOriginId: 'MP-abc', ViewerProtocolPolicy: 'redirect-to-https' }
}

describe('the disabled config', () => {
  it('turns Enabled off and keeps everything else, without touching the config it was given', () => {
    const disabled = disabledConfig(config)
    expect(disabled.config).toEqual({ ...config, Enabled: false })
    expect(disabled.fields).toEqual([{ field: 'enabled', from: 'true', to: 'false' }])
    expect(config.Enabled).toBe(true)
    expect(isDisabled({ DistributionConfig: disabled.config })).toBe(true)
  })

  it('changes nothing on a distribution already disabled', () => {
    const off = { ...config, Enabled: false }
    expect(disabledConfig(off)).toEqual({ config: off, fields: [] })
  })
})

it("a distribution's viewer requests are CloudFront's Requests by DistributionId, Region Global", () => {
  expect(requestsMetric('E123')).toEqual({ namespace: 'AWS/CloudFront', metricName: 'Requests', dimensions: { DistributionId: 'E123', Region: 'Global' } })
})
