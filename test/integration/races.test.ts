/**
 * Issue 3, "Faults: converge, never duplicate": creates that race another run, two runs at once, and
 * runs killed at each point of the way, completed by the next run with nothing duplicated.
 */
import { describe, expect, it } from '@jest/globals'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import { callerReferenceFor } from '../../src/cloudfront/parts.js'
import { CALLER_REFERENCE_PREFIX } from '../../src/providers/mediapackage-v1/console.js'
import { ServiceError } from '../fake-aws/index.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import {
  BARE_CHANNEL,
  CHANNEL,
  ENDPOINT_IDS,
  THREE_ENDPOINTS,
  TWO_ENDPOINTS,
  callsOf,
  census,
  consoleConfig,
  expectComplete,
  expectSucceeded,
  failureMessages
} from '../support/scenarios.js'

const THREE_IDS = [...ENDPOINT_IDS, 'news-live-mss']
const THREE_PATTERNS = ['*.m3u8', '*.ts', '*.mpd', '*.mp4', '*.ism/*']

describe('a create that races another run reads what exists and carries on', () => {
  it('CreateChannel answering that the channel exists: adopts it (same ARN, its passwords masked)', async () => {
    await withFake({}, async (fake) => {
      let other: ReturnType<typeof fake.state.createChannel> | undefined
      fake.onOperation((_service, operation) => {
        if (operation === 'CreateChannel' && !other) other = fake.state.createChannel({ Id: CHANNEL, Description: 'made by the other run' })
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(callsOf(fake, 'CreateChannel')).toEqual(['UnprocessableEntityException'])
      expect(fake.state.channels.size).toBe(1)
      expect(fake.state.channels.get(CHANNEL)!.Arn).toBe(other!.Arn)
      const distribution = expectComplete(fake, run, ENDPOINT_IDS)
      expect(distribution.tags[ASSOC_TAG]).toBe(other!.Arn)
      for (const ingest of other!.HlsIngest.IngestEndpoints ?? []) expect(run.log.secrets).toContain(ingest.Password)
    })
  })

  it('CreateOriginEndpoint answering that the endpoint exists: adopts it, no duplicate', async () => {
    await withFake({}, async (fake) => {
      let other: ReturnType<typeof fake.state.createEndpoint> | undefined
      fake.onOperation((_service, operation) => {
        if (operation === 'CreateOriginEndpoint' && !other) {
          other = fake.state.createEndpoint({ Id: 'news-live-hls', ChannelId: CHANNEL, HlsPackage: { SegmentDurationSeconds: 6, PlaylistWindowSeconds: 60 } })
        }
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(callsOf(fake, 'CreateOriginEndpoint')).toContain('UnprocessableEntityException')
      expect(fake.state.endpoints.get('news-live-hls')!.Arn).toBe(other!.Arn)
      expectComplete(fake, run, ENDPOINT_IDS)
    })
  })

  it("CreateDistributionWithTags answering DistributionAlreadyExists: finds the other run's distribution by its tag and completes it", async () => {
    await withFake({}, async (fake) => {
      let otherId: string | undefined
      fake.onOperation((_service, operation) => {
        if (operation === 'CreateDistributionWithTags' && !otherId) {
          const arn = fake.state.channels.get(CHANNEL)!.Arn
          otherId = fake.state.createDistribution({
            config: consoleConfig({ CallerReference: callerReferenceFor(CALLER_REFERENCE_PREFIX, arn) }),
            tags: { [ASSOC_TAG]: arn }
          }).Id
        }
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(callsOf(fake, 'CreateDistributionWithTags')).toEqual(['DistributionAlreadyExists'])
      expect(fake.state.distributions.size).toBe(1)
      const distribution = expectComplete(fake, run, ENDPOINT_IDS)
      expect(distribution.Id).toBe(otherId)
      expect(distribution.config.Comment).toBe(`Managed by MediaPackage - ${CHANNEL}`)
    })
  })

  it("CreateDistributionWithTags whose answer was lost after CloudFront created it: the retry's DistributionAlreadyExists is adopted", async () => {
    await withFake({}, async (fake) => {
      let created = false
      fake.onOperation((_service, operation) => {
        if (operation === 'CreateDistributionWithTags' && !created) {
          created = true
          const arn = fake.state.channels.get(CHANNEL)!.Arn
          fake.state.createDistribution({
            config: consoleConfig({ CallerReference: callerReferenceFor(CALLER_REFERENCE_PREFIX, arn) }),
            tags: { [ASSOC_TAG]: arn }
          })
          throw new ServiceError('ServiceUnavailable', 503, 'CloudFront is temporarily unavailable.')
        }
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(callsOf(fake, 'CreateDistributionWithTags')).toEqual(['ServiceUnavailable', 'DistributionAlreadyExists'])
      expect(fake.state.distributions.size).toBe(1)
      expectComplete(fake, run, ENDPOINT_IDS)
    })
  })

  it('two runs started at once on a new channel end with one channel, one distribution and every endpoint', async () => {
    await withFake({ latencyMs: 5 }, async (fake) => {
      const manifest = writeManifest(TWO_ENDPOINTS)
      // Make the race certain, not a matter of timing on a loaded machine: no create is answered until
      // both runs have read the channel (and so both plan every create).
      let describes = 0
      let bothRead!: () => void
      const read = new Promise<void>((resolve) => (bothRead = resolve))
      fake.onOperation(async (_service, operation) => {
        if (operation === 'DescribeChannel' && ++describes === 2) bothRead()
        if (operation.startsWith('Create')) await read
      })
      const [a, b] = await Promise.all([runReconcile(fake, manifest), runReconcile(fake, manifest)])
      expectSucceeded(a)
      expectSucceeded(b)
      // They really raced, on the channel, the endpoints and the distribution.
      expect(callsOf(fake, 'CreateChannel')).toHaveLength(2)
      expect(callsOf(fake, 'CreateOriginEndpoint')).toHaveLength(4)
      expect(callsOf(fake, 'CreateDistributionWithTags')).toHaveLength(2)
      expect(a.outputs['distribution-id']).toBe(b.outputs['distribution-id'])
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
      expectComplete(fake, a, ENDPOINT_IDS)
      expectComplete(fake, b, ENDPOINT_IDS)
    })
  })
})

describe('a run killed part way is completed by the next, with nothing duplicated', () => {
  it('killed after the channel (every CreateOriginEndpoint fails)', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'mediapackage', operation: 'CreateOriginEndpoint', error: { status: 400, code: 'BadRequestException', message: 'killed' } })
      const first = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expect(failureMessages(first)).toHaveLength(1)
      expect(census(fake)).toEqual({ channels: 1, endpoints: 0, distributions: 0 })
      const arn = fake.state.channels.get(CHANNEL)!.Arn

      fake.faults.clear()
      fake.resetCalls()
      const second = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(second)
      expect(callsOf(fake, 'CreateChannel')).toEqual([])
      expect(fake.state.channels.get(CHANNEL)!.Arn).toBe(arn)
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
      expectComplete(fake, second, ENDPOINT_IDS)
    })
  })

  it('killed after some endpoints (the 2nd CreateOriginEndpoint fails)', async () => {
    await withFake({}, async (fake) => {
      let creates = 0
      fake.onOperation((_service, operation) => {
        if (operation === 'CreateOriginEndpoint' && ++creates === 2) throw new ServiceError('BadRequestException', 400, 'killed')
      })
      const first = await runReconcile(fake, writeManifest(THREE_ENDPOINTS))
      expect(failureMessages(first)).toHaveLength(1)
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 0 })
      const survivors = new Map([...fake.state.endpoints.values()].map((endpoint) => [endpoint.Id, endpoint.Arn]))

      fake.resetCalls()
      const second = await runReconcile(fake, writeManifest(THREE_ENDPOINTS))
      expectSucceeded(second)
      expect(callsOf(fake, 'CreateOriginEndpoint')).toEqual([undefined])
      for (const [id, arn] of survivors) expect(fake.state.endpoints.get(id)!.Arn).toBe(arn)
      expect(census(fake)).toEqual({ channels: 1, endpoints: 3, distributions: 1 })
      expectComplete(fake, second, THREE_IDS, THREE_PATTERNS)
    })
  })

  it('killed after the distribution was created but before it was updated for the new endpoints', async () => {
    await withFake({}, async (fake) => {
      expectSucceeded(await runReconcile(fake, writeManifest(BARE_CHANNEL)))
      const id = [...fake.state.distributions.keys()][0]!
      fake.faults.add({ service: 'cloudfront', operation: 'UpdateDistribution', error: { status: 400, code: 'InvalidArgument', message: 'killed' } })
      const first = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expect(failureMessages(first)).toHaveLength(1)
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
      expect(fake.state.distributions.get(id)!.config.Origins?.Items?.[0]?.DomainName).toBe('mediapackage.amazonaws.com')

      fake.faults.clear()
      fake.resetCalls()
      const second = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(second)
      expect(mutatingCalls(fake)).toEqual(['cloudfront:UpdateDistribution'])
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
      expect(expectComplete(fake, second, ENDPOINT_IDS).Id).toBe(id)
    })
  })

  it('killed after the update but before Deployed (wait timeout): every output set, and the next run waits without writing', async () => {
    await withFake({ deployDelayMs: 60_000 }, async (fake) => {
      const first = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), { 'wait-timeout-minutes': '0.002' })
      const distribution = [...fake.state.distributions.values()][0]!
      const messages = failureMessages(first)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(distribution.Id)
      expect(messages[0]).toContain('InProgress')
      expect(messages[0]).toMatch(/\d+(\.\d)? s/)
      expect(messages[0]).not.toMatch(/\n\s+at\s/)
      expect(first.outputs['distribution-status']).toBe('InProgress')
      expectComplete(fake, first, ENDPOINT_IDS)

      distribution.inProgressUntil = Date.now() + 100 // CloudFront finishes a moment into the next run
      fake.resetCalls()
      const second = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(second)
      expect(mutatingCalls(fake)).toEqual([])
      expect(second.outputs['distribution-status']).toBe('Deployed')
      expect(second.outputs.changed).toBe('false')
      expect(census(fake)).toEqual({ channels: 1, endpoints: 2, distributions: 1 })
      expectComplete(fake, second, ENDPOINT_IDS)
    })
  })
})
