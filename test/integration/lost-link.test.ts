/**
 * The link between a channel and its distribution is a tag anyone can remove in the CloudFront
 * console. Edits go through the fake's API, as a console would.
 */
import { describe, expect, it } from '@jest/globals'
import { CloudFrontClient, UntagResourceCommand } from '@aws-sdk/client-cloudfront'
import { callerReferenceFor } from '../../src/cloudfront/parts.js'
import { ASSOC_TAG, CALLER_REFERENCE_PREFIX } from '../../src/providers/mediapackage-v1/console.js'
import type { FakeAws } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import { consoleConfig, failureMessages, TWO_ENDPOINTS } from '../support/scenarios.js'

function console(fake: FakeAws): CloudFrontClient {
  return new CloudFrontClient({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: fake.env.AWS_ACCESS_KEY_ID!, secretAccessKey: fake.env.AWS_SECRET_ACCESS_KEY! }
  })
}

interface ReportedChange {
  resource: string
  id: string | null
  action: string
  details: string[]
}

describe('a distribution that lost its link tag', () => {
  it('is found again by the action’s CallerReference: plan says so, apply restores the tag, no twin is made', async () => {
    await withFake({}, async (fake) => {
      const path = writeManifest(TWO_ENDPOINTS)
      expect((await runReconcile(fake, path)).execution.result?.failures).toEqual([])
      const [distribution] = [...fake.state.distributions.values()]
      const client = console(fake)
      await client.send(new UntagResourceCommand({ Resource: distribution!.ARN, TagKeys: { Items: [ASSOC_TAG] } }))
      client.destroy()
      expect(distribution!.tags[ASSOC_TAG]).toBeUndefined()

      fake.resetCalls()
      const plan = await runReconcile(fake, path, { mode: 'plan' })
      expect(mutatingCalls(fake)).toEqual([])
      const planned = JSON.parse(plan.outputs.changes!) as ReportedChange[]
      expect(planned.filter((change) => change.resource === 'distribution').map((change) => [change.action, change.id])).toEqual([
        ['update', distribution!.Id],
        ['unchanged', distribution!.Id]
      ])
      expect(planned.find((change) => change.action === 'update')!.details.join('; ')).toMatch(/tags\.mediapackage:cloudfront_assoc.*restored/)

      const apply = await runReconcile(fake, path)
      expect(apply.execution.result?.failures).toEqual([])
      expect(mutatingCalls(fake)).toEqual(['cloudfront:TagResource'])
      expect(fake.state.distributions.size).toBe(1)
      expect(distribution!.tags[ASSOC_TAG]).toBe(fake.state.channels.get('news-live')!.Arn)
      expect(apply.outputs['distribution-id']).toBe(distribution!.Id)
      expect(apply.outputs['cdn-url']).toBe(`https://${distribution!.DomainName}`)
      expect(apply.log.warnings.join('\n')).toContain(`distribution ${distribution!.Id} had lost its tag ${ASSOC_TAG}`)
      expect(apply.summary).toContain('restored')

      fake.resetCalls()
      await runReconcile(fake, path)
      expect(mutatingCalls(fake)).toEqual([])
    })
  })

  it('is adopted when CloudFront answers DistributionAlreadyExists, naming it, and gets its tag back', async () => {
    await withFake({}, async (fake) => {
      // A run that created the distribution and died before its tag could be read back: it appears
      // only once this run has looked (the moment CreateDistributionWithTags is sent).
      let untagged: string | undefined
      fake.onOperation((_service, operation) => {
        if (operation !== 'CreateDistributionWithTags' || untagged) return
        const arn = fake.state.channels.get('news-live')!.Arn
        untagged = fake.state.createDistribution({ config: consoleConfig({ CallerReference: callerReferenceFor(CALLER_REFERENCE_PREFIX, arn) }), tags: {} }).Id
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expect(run.execution.result?.failures).toEqual([])
      expect(fake.state.distributions.size).toBe(1)
      const distribution = fake.state.distributions.get(untagged!)!
      expect(distribution.tags[ASSOC_TAG]).toBe(fake.state.channels.get('news-live')!.Arn)
      expect(run.outputs['distribution-id']).toBe(untagged)
      // Adopted and brought in line: the endpoints' origin replaced the placeholder.
      expect(distribution.config.Origins?.Items?.map((origin) => origin.DomainName)).not.toContain('mediapackage.amazonaws.com')
    })
  })

  it('made by the console, on the channel’s host and naming it, stops the run with its id instead of getting a twin', async () => {
    await withFake({}, async (fake) => {
      const path = writeManifest(TWO_ENDPOINTS)
      expect((await runReconcile(fake, path)).execution.result?.failures).toEqual([])
      const [ours] = [...fake.state.distributions.values()]
      const host = ours!.config.Origins!.Items![0]!.DomainName!
      // Someone deletes the action's distribution and rebuilds one in the console, then removes its tag.
      fake.state.distributions.delete(ours!.Id)
      const consoleMade = fake.state.createDistribution({
        config: consoleConfig({
          Origins: {
            Quantity: 1,
            Items: [
              { Id: 'MP-console', DomainName: host, OriginPath: '', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }
            ]
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'MP-console',
            ViewerProtocolPolicy: 'redirect-to-https',
            CachePolicyId: '08627262-05a9-4f76-9ded-b50ca2e3a84f'
          }
        }),
        tags: {}
      })
      fake.resetCalls()
      const run = await runReconcile(fake, path)
      expect(mutatingCalls(fake)).toEqual([])
      const [message] = failureMessages(run)
      expect(message).toContain(consoleMade.Id)
      expect(message).toContain(`${ASSOC_TAG} = ${fake.state.channels.get('news-live')!.Arn}`)
      expect(fake.state.distributions.size).toBe(1)
    })
  })
})
