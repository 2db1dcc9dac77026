/**
 * Issue 3, "Faults: converge, never duplicate": throttling and 5xx, the retry settings users set,
 * 412 on UpdateDistribution, eventual consistency after CreateChannel, access denied, a tag on two
 * distributions and a denied tag:GetResources. Each test runs the real reconcile through the real
 * SDK against the fake AWS and looks at what a user would notice.
 */
import { describe, expect, it } from '@jest/globals'
import { createClients, destroyClients } from '../../src/aws/clients.js'
import { resolveAwsConfig } from '../../src/aws/config.js'
import { ASSOC_TAG } from '../../src/providers/mediapackage-v1/console.js'
import { mutatingCalls, runReconcile, withFake, writeManifest } from '../support/harness.js'
import {
  CHANNEL,
  ENDPOINT_IDS,
  STACK_LINE,
  TWO_ENDPOINTS,
  callsOf,
  expectComplete,
  expectSucceeded,
  failureMessages,
  seedConsoleDistribution
} from '../support/scenarios.js'

const PRICE_100 =
  TWO_ENDPOINTS +
  `    distribution:
      price-class: PriceClass_100
`

describe('throttling and 5xx on any call', () => {
  // The action's default retry mode is adaptive, whose client-side rate limiter slows a fresh client to
  // ~0.5 requests/s after its first throttle: this run takes a few seconds by design.
  it.each([
    ['throttled', 'throttle'],
    ['answered with a 5xx', 'server']
  ] as const)(
    'converges when 30%% of all calls are %s: one distribution, every endpoint, right outputs',
    async (_label, error) => {
      await withFake({ deployDelayMs: 30 }, async (fake) => {
        fake.faults.add({ probability: 0.3, error })
        // AWS_MAX_ATTEMPTS unset: the action's own retry settings apply, as on a runner without the variable.
        const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { AWS_MAX_ATTEMPTS: '' })
        expectSucceeded(run)
        // The faults really happened, on more than one service.
        const faulted = fake.calls.filter((call) => call.errorCode !== undefined)
        expect(faulted.length).toBeGreaterThanOrEqual(3)
        expect(new Set(faulted.map((call) => call.service)).size).toBeGreaterThanOrEqual(2)
        expectComplete(fake, run, ENDPOINT_IDS)
        expect(fake.state.distributions.size).toBe(1)
        expect(run.outputs.changed).toBe('true')
        expect(run.outputs['distribution-status']).toBe('Deployed')

        // Once converged, a run through the same faults writes nothing (standard mode, to keep it quick).
        fake.resetCalls()
        const again = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { AWS_MAX_ATTEMPTS: '', AWS_RETRY_MODE: 'standard' })
        expectSucceeded(again)
        expect(mutatingCalls(fake)).toEqual([])
        expect(again.outputs.changed).toBe('false')
        expect(again.outputs['distribution-id']).toBe(run.outputs['distribution-id'])
      })
    },
    20_000
  )

  it('honours AWS_MAX_ATTEMPTS: 3 attempts absorb 2 failures of a call, and stop after the third', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'mediapackage', operation: 'CreateChannel', times: 2, error: 'server' })
      const ok = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { AWS_MAX_ATTEMPTS: '3' })
      expectSucceeded(ok)
      expect(callsOf(fake, 'CreateChannel')).toEqual(['InternalServerErrorException', 'InternalServerErrorException', undefined])
    })
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'mediapackage', operation: 'CreateChannel', times: 3, error: 'server' })
      const failed = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { AWS_MAX_ATTEMPTS: '3' })
      expect(callsOf(fake, 'CreateChannel')).toEqual(Array(3).fill('InternalServerErrorException'))
      expect(failureMessages(failed)).toHaveLength(1)
      expect(fake.state.channels.size).toBe(0)
    })
  })

  // A throttle that outlives the retries is a rate limit the user acts on (lower max-concurrency, raise
  // AWS_MAX_ATTEMPTS): one clear line naming the call, not our stack trace.
  it.each([
    ['mediapackage', 'CreateChannel', false],
    // BUG (fails at 4e20ade, fixed in 0a508c6 by the THROTTLING set in src/aws/errors.ts): wrapAwsError only treated
    // `TooMany*` names as rate limits, so CloudFront's `Throttling` became an AwsCallError, printed with a stack trace.
    ['cloudfront', 'CreateDistributionWithTags', false],
    // BUG (same, for the Tagging API's `ThrottledException`). Seeded first: a new channel never needs the look-up.
    ['tagging', 'GetResources', true]
  ] as const)('AWS_MAX_ATTEMPTS=1: a single %s throttle (%s) fails the run with a clear message, no stack trace', async (service, operation, seeded) => {
    await withFake({}, async (fake) => {
      if (seeded) await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      fake.resetCalls()
      fake.faults.add({ service, operation, times: 1, error: 'throttle' })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { AWS_MAX_ATTEMPTS: '1' })
      expect(callsOf(fake, operation)).toHaveLength(1) // no retry: the variable was honoured
      const messages = failureMessages(run)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(operation)
      expect(messages[0]).toMatch(/rate|throttl/i)
      expect(messages[0]).not.toMatch(STACK_LINE)
    })
  })

  it('honours AWS_RETRY_MODE and AWS_MAX_ATTEMPTS in the clients it builds, and defaults to adaptive retries otherwise', async () => {
    const region = 'us-west-2'
    const modeAndAttempts = async (env: NodeJS.ProcessEnv) => {
      const clients = createClients(resolveAwsConfig({ env, region }))
      try {
        return await Promise.all(
          [clients.mediapackage, clients.cloudfront, clients.tagging].map(async (client) => {
            const strategy = (await client.config.retryStrategy()) as { mode?: string }
            return [strategy.mode, await client.config.maxAttempts()]
          })
        )
      } finally {
        destroyClients(clients)
      }
    }
    expect(await modeAndAttempts({})).toEqual(Array(3).fill(['adaptive', 8]))
    expect(await modeAndAttempts({ AWS_RETRY_MODE: 'standard', AWS_MAX_ATTEMPTS: '2' })).toEqual(Array(3).fill(['standard', 2]))
  })
})

describe('412 PreconditionFailed: someone changed the distribution meanwhile', () => {
  it("reads it again, re-applies the change on the fresh config, and keeps the person's edit", async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const id = [...fake.state.distributions.keys()][0]!
      let edited = false
      fake.onOperation((service, operation) => {
        if (service === 'cloudfront' && operation === 'UpdateDistribution' && !edited) {
          edited = true // a person saves a comment in the console between our read and our write
          fake.state.updateDistribution(id, (config) => {
            config.Comment = 'edited by a person'
          })
        }
      })
      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(PRICE_100))
      expectSucceeded(run)
      expect(callsOf(fake, 'UpdateDistribution')).toEqual(['PreconditionFailed', undefined])
      const distribution = fake.state.distributions.get(id)!
      expect(distribution.config.PriceClass).toBe('PriceClass_100')
      expect(distribution.config.Comment).toBe('edited by a person')
      expect(fake.state.distributions.size).toBe(1)
      expect(run.outputs.changed).toBe('true')
      expect(run.log.text()).toMatch(/412/)
    })
  })

  it('gives up after a bounded number of tries, saying why, when the distribution changes before every update', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const id = [...fake.state.distributions.keys()][0]!
      let edits = 0
      fake.onOperation((service, operation) => {
        if (service === 'cloudfront' && operation === 'UpdateDistribution') {
          fake.state.updateDistribution(id, (config) => {
            config.Comment = `edit ${++edits}`
          })
        }
      })
      fake.resetCalls()
      const started = Date.now()
      const run = await runReconcile(fake, writeManifest(PRICE_100))
      expect(Date.now() - started).toBeLessThan(5000)
      const updates = callsOf(fake, 'UpdateDistribution')
      expect(updates.length).toBeGreaterThanOrEqual(2)
      expect(updates.length).toBeLessThanOrEqual(10)
      expect(updates.every((code) => code === 'PreconditionFailed')).toBe(true)
      const messages = failureMessages(run)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(id)
      expect(messages[0]).toMatch(new RegExp(`${updates.length} times`))
      expect(messages[0]).toMatch(/412|PreconditionFailed|changed/)
      expect(messages[0]).not.toMatch(STACK_LINE)
      expect(fake.state.distributions.get(id)!.config.PriceClass).not.toBe('PriceClass_100')
      expect(fake.state.distributions.get(id)!.config.Comment).toBe(`edit ${edits}`)
    })
  })
})

describe('eventual consistency right after CreateChannel', () => {
  it.each([1, 2])('retries CreateOriginEndpoint answering NotFoundException %i time(s), and converges', async (times) => {
    await withFake({}, async (fake) => {
      fake.faults.add({
        service: 'mediapackage',
        operation: 'CreateOriginEndpoint',
        times,
        error: { status: 404, code: 'NotFoundException', message: `Channel ${CHANNEL} not found.` }
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(callsOf(fake, 'CreateOriginEndpoint').filter((code) => code === 'NotFoundException')).toHaveLength(times)
      expectComplete(fake, run, ENDPOINT_IDS)
    })
  })

  it('gives up with a message saying to run again when the channel never shows up', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({
        service: 'mediapackage',
        operation: 'CreateOriginEndpoint',
        error: { status: 404, code: 'NotFoundException', message: 'Channel not found.' }
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const messages = failureMessages(run)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toMatch(/does not exist|not found/)
      expect(messages[0]).not.toMatch(STACK_LINE)
      expect(fake.state.distributions.size).toBe(0)
    })
  })
})

describe('access denied on a write', () => {
  it.each([
    ['mediapackage', 'CreateOriginEndpoint', 'mediapackage:CreateOriginEndpoint', 'news-live-'],
    ['cloudfront', 'UpdateDistribution', 'cloudfront:UpdateDistribution', 'distribution']
  ] as const)('%s %s denied: the failure names %s, without a stack trace', async (service, operation, iamAction, resource) => {
    await withFake({}, async (fake) => {
      if (operation === 'UpdateDistribution') await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      fake.faults.add({ service, operation, error: 'access-denied' })
      const run = await runReconcile(fake, writeManifest(operation === 'UpdateDistribution' ? PRICE_100 : TWO_ENDPOINTS))
      const messages = failureMessages(run)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(iamAction)
      expect(messages[0]).toContain(resource)
      expect(messages[0]).not.toMatch(STACK_LINE)
      expect(callsOf(fake, operation).length).toBeGreaterThanOrEqual(1)
    })
  })
})

describe('finding the distribution by its tag', () => {
  it('fails naming both distributions when the tag is on two, and writes nothing', async () => {
    await withFake({}, async (fake) => {
      const channel = fake.state.createChannel({ Id: CHANNEL })
      const first = seedConsoleDistribution(fake, channel.Arn)
      const second = seedConsoleDistribution(fake, channel.Arn)
      fake.resetCalls()
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expect(mutatingCalls(fake)).toEqual([])
      const messages = failureMessages(run)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(first.Id)
      expect(messages[0]).toContain(second.Id)
      expect(messages[0]).toContain(ASSOC_TAG)
      expect(messages[0]).not.toMatch(STACK_LINE)
      expect(fake.state.endpoints.size).toBe(0)
    })
  })

  // BUG (fails at 4e20ade, fixed in 0a508c6: isAccessDenied reads awsErrorCode):
  // tagLookup checked isAccessDenied on the error findTaggedDistributions throws, which is already an AwsUserError
  // (name 'AwsUserError', no $metadata, no cause), so the denial was not recognised and the run failed.
  it('falls back to scanning distributions when tag:GetResources is denied: finds the distribution, warns once', async () => {
    await withFake({}, async (fake) => {
      fake.seedDistributions(4)
      const channel = fake.state.createChannel({ Id: CHANNEL })
      const consoleMade = seedConsoleDistribution(fake, channel.Arn)
      fake.seedDistributions(3)
      fake.faults.add({ service: 'tagging', operation: 'GetResources', error: 'access-denied' })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(fake.state.distributions.size).toBe(8)
      expect(run.outputs['distribution-id']).toBe(consoleMade.Id)
      expectComplete(fake, run, ENDPOINT_IDS)
      expect(run.log.warnings.filter((warning) => warning.includes('tag:GetResources'))).toHaveLength(1)
      expect(run.log.warnings).toHaveLength(1)
      expect(callsOf(fake, 'ListDistributions').length).toBeGreaterThanOrEqual(1)
    })
  })
})
