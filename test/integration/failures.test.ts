/**
 * What a user reads when AWS says no: expired or bad credentials (told apart from access denied
 * whatever the HTTP status), access denied with IAM's reason and one policy statement for every
 * denied action, unreachable endpoints, and the services' documented user errors. Each runs the real
 * reconcile through the real SDK clients against the fake AWS.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, it } from '@jest/globals'
import { permissionsLog, permissionsReport, permissionsSection } from '../../src/report/permissions.js'
import { runReconcile, withFake, writeManifest, type RunOutcome } from '../support/harness.js'
import { closedPort } from '../support/proxy.js'
import { CHANNEL, STACK_LINE, TWO_ENDPOINTS, callsOf, expectSucceeded, failureMessages } from '../support/scenarios.js'

/** The run's single failure message; fails the test if there is not exactly one. */
function onlyFailure(run: RunOutcome): string {
  const messages = failureMessages(run)
  expect(messages).toHaveLength(1)
  return messages[0]!
}

/** A user error: one line, no stack, no SDK or internal class names. */
function expectPlainLine(message: string): void {
  expect(message).not.toMatch(STACK_LINE)
  expect(message).not.toContain('\n')
  expect(message).not.toMatch(/AwsCallError|AwsUserError|ServiceException|@smithy|NodeHttpHandler|SDK error wrapper/)
}

const denied = (run: RunOutcome) => run.execution.permissions?.denied() ?? []

const ALIASED = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - id: news-live-hls
        hls: {}
    distribution:
      aliases: [live.example.com]
      certificate-arn: arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b
`

describe('expired credentials', () => {
  it('while waiting for Deployed (GetDistribution answers 403 ExpiredToken): says so and points at role-duration-seconds', async () => {
    await withFake({ deployDelayMs: 2_000 }, async (fake) => {
      fake.faults.add({ service: 'cloudfront', operation: 'GetDistribution', error: 'expired-token' })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const message = onlyFailure(run)
      const id = [...fake.state.distributions.keys()][0]!
      expect(message).toContain(`GetDistribution distribution ${id}`)
      expect(message).toContain('expired while waiting for Deployed (ExpiredToken)')
      expect(message).toContain('role-duration-seconds')
      expect(message).toContain('wait-timeout-minutes')
      expect(message).toContain('The changes are made')
      expect(message).not.toMatch(/access denied/i)
      expectPlainLine(message)
      // It is not a permission: nothing to add to a policy.
      expect(denied(run)).toEqual([])
      // The changes were made before the session ran out.
      expect(fake.state.distributions.size).toBe(1)
      expect(fake.state.endpoints.size).toBe(2)
    })
  })

  it('at the first call (MediaPackage answers 403 ExpiredTokenException): expired, not access denied, and not about the wait', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'mediapackage', error: 'expired-token' })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const message = onlyFailure(run)
      expect(message).toMatch(/^(DescribeChannel channel|ListOriginEndpoints channel) news-live: the AWS credentials expired \(ExpiredTokenException\)/)
      expect(message).toContain('role-duration-seconds')
      expect(message).not.toContain('while waiting')
      expect(message).not.toMatch(/access denied/i)
      expectPlainLine(message)
      expect(denied(run)).toEqual([])
    })
  })
})

describe('credentials AWS does not accept', () => {
  it.each([
    ['cloudfront', 'CreateDistributionWithTags', 'invalid-token', 'InvalidClientTokenId', 'AWS does not know the access key'],
    ['cloudfront', 'CreateDistributionWithTags', 'bad-signature', 'SignatureDoesNotMatch', 'the secret access key does not belong to the access key id'],
    ['mediapackage', 'CreateChannel', 'bad-signature', 'InvalidSignatureException', 'the secret access key does not belong to the access key id'],
    ['tagging', 'GetResources', 'invalid-token', 'UnrecognizedClientException', 'AWS does not know the access key']
  ] as const)('%s %s answering %s (%s) says the credentials are wrong, not access denied', async (service, operation, kind, code, cause) => {
    await withFake({}, async (fake) => {
      // Seeded first where the call is only made for an existing channel.
      if (service === 'tagging') await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      fake.faults.add({ service, operation, error: kind })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const message = onlyFailure(run)
      expect(message).toContain(operation)
      expect(message).toContain(`the AWS credentials are not valid: ${cause}`)
      expect(message).toContain(`(${code}).`)
      expect(message).toContain('configure-aws-credentials')
      expect(message).not.toMatch(/access denied/i)
      expectPlainLine(message)
      expect(denied(run)).toEqual([])
    })
  })
})

describe('access denied', () => {
  it("keeps IAM's reason (an explicit deny in a service control policy), names the actions and collects them once", async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'cloudfront', operation: 'CreateDistributionWithTags', error: 'access-denied-scp' })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const message = onlyFailure(run)
      expect(message).toContain('CreateDistributionWithTags distribution of channel news-live: access denied (AccessDenied).')
      expect(message).toContain('AWS says: with an explicit deny in a service control policy.')
      expect(message).toContain('AWS Organization')
      expect(message).toContain('"cloudfront:CreateDistributionWithTags"')
      // The principal's ARN (with the account id) from IAM's message is not repeated.
      expect(message).not.toContain('assumed-role')
      expectPlainLine(message)
      expect(denied(run)).toEqual(['cloudfront:CreateDistributionWithTags'])
    })
  })

  it('a permissions boundary that does not allow it says to change the boundary', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'mediapackage', operation: 'CreateChannel', error: 'access-denied-boundary' })
      const message = onlyFailure(await runReconcile(fake, writeManifest(TWO_ENDPOINTS)))
      expect(message).toContain('AWS says: because no permissions boundary allows the mediapackage:CreateChannel action.')
      expect(message).toContain('The role\'s permissions boundary must allow "mediapackage:CreateChannel"')
      expectPlainLine(message)
    })
  })

  it('every denied action of the run, across channels and including the tag look-up it works around, in one sorted statement', async () => {
    await withFake({}, async (fake) => {
      const two = `
version: 1
region: us-west-2
channels:
  - id: news-live
    endpoints:
      - { id: news-live-hls, hls: {} }
      - { id: news-live-dash, dash: {} }
  - id: sports-live
    endpoints:
      - { id: sports-live-hls, hls: {} }
`
      fake.state.createChannel({ Id: 'news-live' })
      fake.faults.add({ service: 'tagging', operation: 'GetResources', error: 'access-denied' })
      fake.faults.add({ service: 'mediapackage', operation: 'CreateOriginEndpoint', error: 'access-denied' })
      fake.faults.add({ service: 'mediapackage', operation: 'CreateChannel', error: 'access-denied' })
      const run = await runReconcile(fake, writeManifest(two))
      expect(failureMessages(run)).toHaveLength(2)
      const expected = ['mediapackage:CreateChannel', 'mediapackage:CreateOriginEndpoint', 'tag:GetResources']
      expect(denied(run)).toEqual(expected)

      const report = permissionsReport(run.execution.permissions)!
      expect(report.statement).toEqual({ Sid: 'MediaPackageCloudFrontDeploy', Effect: 'Allow', Action: expected, Resource: '*' })
      expect(report.applyStatement).toBeUndefined()
      // In the log: the statement as JSON, ready to paste.
      const log = permissionsLog(report)
      expect(log[0]).toContain('The run was denied 3 IAM actions')
      expect(JSON.parse(log.slice(1).join('\n'))).toEqual(report.statement)
      // In the job summary: a section with the same statement in a json block.
      const section = permissionsSection(report)
      expect(section).toMatch(/^### Permissions/)
      const block = /```json\n([\s\S]*?)\n```/.exec(section)![1]!
      expect(JSON.parse(block)).toEqual(report.statement)
    })
  })

  it('in plan mode, a denied read is reported the same way, with the writes apply will need for that service', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({ service: 'mediapackage', operation: 'DescribeChannel', error: 'access-denied' })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), { mode: 'plan' })
      const message = onlyFailure(run)
      expect(message).toContain('DescribeChannel channel news-live: access denied (ForbiddenException).')
      expect(message).toContain('"mediapackage:DescribeChannel"')
      expect(fake.calls.filter((call) => call.mutating)).toEqual([])
      const report = permissionsReport(run.execution.permissions)!
      expect(report.statement.Action).toEqual(['mediapackage:DescribeChannel'])
      expect(report.applyStatement!.Action).toEqual([
        'mediapackage:CreateChannel',
        'mediapackage:CreateOriginEndpoint',
        'mediapackage:DescribeChannel',
        'mediapackage:DescribeOriginEndpoint',
        'mediapackage:TagResource',
        'mediapackage:UpdateChannel',
        'mediapackage:UpdateOriginEndpoint'
      ])
      expect(permissionsLog(report).join('\n')).toContain('Plan mode only reads')
    })
  })
})

describe('an endpoint that cannot be reached', () => {
  it('a closed port: one line naming host:port and what to check, after the retries, no stack', async () => {
    await withFake({}, async (fake) => {
      const port = await closedPort()
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { AWS_ENDPOINT_URL_MEDIAPACKAGE: `http://127.0.0.1:${port}` })
      const message = onlyFailure(run)
      expect(message).toMatch(/^(DescribeChannel|ListOriginEndpoints) channel news-live: cannot reach MediaPackage at 127\.0\.0\.1:\d+: connection refused/)
      expect(message).toContain(`127.0.0.1:${port}`)
      expect(message).toContain('4 attempts')
      expect(message).toContain('AWS_ENDPOINT_URL_MEDIAPACKAGE (it points there)')
      expect(message).toContain('HTTPS_PROXY')
      expectPlainLine(message)
      expect(denied(run)).toEqual([])
    })
  })

  it('AWS_ENDPOINT_URL for every service to a closed port names that variable', async () => {
    await withFake({}, async (fake) => {
      const port = await closedPort()
      const run = await runReconcile(
        fake,
        writeManifest(TWO_ENDPOINTS),
        {},
        {
          AWS_ENDPOINT_URL_MEDIAPACKAGE: '',
          AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
          AWS_MAX_ATTEMPTS: '1'
        }
      )
      const message = onlyFailure(run)
      expect(message).toContain(`cannot reach MediaPackage at 127.0.0.1:${port}: connection refused`)
      expect(message).toContain('Check AWS_ENDPOINT_URL (it points there)')
      expectPlainLine(message)
    })
  })

  it('a host name that does not resolve says DNS', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(
        fake,
        writeManifest(TWO_ENDPOINTS),
        {},
        { AWS_ENDPOINT_URL_MEDIAPACKAGE: 'http://mediapackage.invalid:8080', AWS_MAX_ATTEMPTS: '1' }
      )
      const message = onlyFailure(run)
      expect(message).toContain('cannot reach MediaPackage at mediapackage.invalid:8080')
      expect(message).toMatch(/DNS/)
      expectPlainLine(message)
    })
  })

  it('https:// to a plain HTTP endpoint says the TLS handshake failed', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(
        fake,
        writeManifest(TWO_ENDPOINTS),
        {},
        { AWS_ENDPOINT_URL_MEDIAPACKAGE: fake.url.replace('http:', 'https:'), AWS_MAX_ATTEMPTS: '1' }
      )
      const message = onlyFailure(run)
      expect(message).toContain(`cannot reach MediaPackage at ${new URL(fake.url).host}: the TLS handshake failed`)
      expectPlainLine(message)
    })
  })

  it('an endpoint that accepts and never answers times out (socket timeout), naming it', async () => {
    const sockets = new Set<Socket>()
    const silent: Server = createServer(() => {})
    silent.on('connection', (socket: Socket) => sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()))
    const port = (silent.address() as AddressInfo).port
    try {
      await withFake({}, async (fake) => {
        const run = await runReconcile(
          fake,
          writeManifest(TWO_ENDPOINTS),
          {},
          { AWS_ENDPOINT_URL_MEDIAPACKAGE: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: '2' },
          { http: { socketTimeoutMs: 150 } }
        )
        const message = onlyFailure(run)
        expect(message).toContain(`cannot reach MediaPackage at 127.0.0.1:${port}: the connection timed out (TimeoutError), 2 attempts`)
        expectPlainLine(message)
      })
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })
})

describe("the services' documented user errors", () => {
  it('CloudFront CNAMEAlreadyExists: what it means and what to do, not a bug with a stack', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({
        service: 'cloudfront',
        operation: 'CreateDistributionWithTags',
        error: { status: 409, code: 'CNAMEAlreadyExists', message: 'One or more of the CNAMEs you provided are already associated with a different resource.' }
      })
      const run = await runReconcile(fake, writeManifest(ALIASED))
      const message = onlyFailure(run)
      expect(message).toContain(
        'CreateDistributionWithTags distribution of channel news-live: CloudFront refused it (CNAMEAlreadyExists): One or more of the CNAMEs you provided are already associated with a different resource.'
      )
      expect(message).toContain('distribution.aliases')
      expectPlainLine(message)
      expect(fake.state.distributions.size).toBe(0)
    })
  })

  it('CloudFront InvalidWebACLId on an update points at web-acl-id', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      fake.faults.add({
        service: 'cloudfront',
        operation: 'UpdateDistribution',
        error: { status: 400, code: 'InvalidWebACLId', message: 'Web ACL is not accessible by the requester.' }
      })
      const withAcl = TWO_ENDPOINTS + '    distribution:\n      web-acl-id: 473e64fd-f30b-4765-81a0-62ad96dd167a\n'
      const message = onlyFailure(await runReconcile(fake, writeManifest(withAcl)))
      expect(message).toMatch(/^UpdateDistribution distribution E\w+: CloudFront refused it \(InvalidWebACLId\): Web ACL is not accessible by the requester\./)
      expect(message).toContain('distribution.web-acl-id')
      expectPlainLine(message)
    })
  })

  it('CloudFront TooManyDistributions is a quota: says where to ask for more', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({
        service: 'cloudfront',
        operation: 'CreateDistributionWithTags',
        error: { status: 400, code: 'TooManyDistributions', message: 'Your request contains more distributions than are allowed.' }
      })
      const message = onlyFailure(await runReconcile(fake, writeManifest(TWO_ENDPOINTS)))
      expect(message).toContain('CloudFront refused it (TooManyDistributions)')
      expect(message).toContain('Service Quotas')
      expectPlainLine(message)
    })
  })

  it('MediaPackage UnprocessableEntityException says to fix the manifest, with its message', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({
        service: 'mediapackage',
        operation: 'CreateOriginEndpoint',
        error: { status: 422, code: 'UnprocessableEntityException', message: 'SegmentDurationSeconds must be between 1 and 30.' }
      })
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      const messages = failureMessages(run)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toMatch(
        /^CreateOriginEndpoint endpoint news-live-(hls|dash): MediaPackage refused it \(UnprocessableEntityException\): SegmentDurationSeconds must be between 1 and 30\./
      )
      expect(messages[0]).toContain('fix it in the manifest')
      expectPlainLine(messages[0]!)
    })
  })

  it('MediaPackage NotFoundException where the channel should exist says it was deleted during the run', async () => {
    await withFake({}, async (fake) => {
      await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      fake.faults.add({
        service: 'mediapackage',
        operation: 'UpdateChannel',
        error: { status: 404, code: 'NotFoundException', message: `channel ${CHANNEL} not found` }
      })
      const changed = TWO_ENDPOINTS.replace('24/7 news', 'around the clock')
      const message = onlyFailure(await runReconcile(fake, writeManifest(changed)))
      expect(message).toContain(`UpdateChannel channel ${CHANNEL}: MediaPackage answered NotFoundException: channel ${CHANNEL} not found.`)
      expect(message).toContain('someone may have deleted it during the run. Run again.')
      expectPlainLine(message)
      expect(callsOf(fake, 'UpdateChannel')).toEqual(['NotFoundException'])
    })
  })

  it('an AWS answer no service documents stays a bug report, with its stack', async () => {
    await withFake({}, async (fake) => {
      fake.faults.add({
        service: 'cloudfront',
        operation: 'CreateDistributionWithTags',
        error: { status: 400, code: 'MalformedXML', message: 'The XML you provided was not well-formed.' }
      })
      const message = onlyFailure(await runReconcile(fake, writeManifest(TWO_ENDPOINTS)))
      expect(message).toContain('CreateDistributionWithTags distribution of channel news-live failed: MalformedXML')
      expect(message).toMatch(STACK_LINE)
    })
  })
})

describe('the same run without faults', () => {
  it('reports no permissions section at all', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS))
      expectSucceeded(run)
      expect(permissionsReport(run.execution.permissions)).toBeUndefined()
    })
  })
})
