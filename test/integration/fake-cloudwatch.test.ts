/**
 * The fake CloudWatch through the real @aws-sdk/client-cloudwatch (AWS JSON 1.0, query-compatible
 * errors): GetMetricData over seeded points, per Region, with CloudWatch's exact dimension matching,
 * period buckets, statistics, pagination and refusals.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { CloudFrontClient, CreateDistributionWithTagsCommand } from '@aws-sdk/client-cloudfront'
import {
  CloudWatchClient,
  GetMetricDataCommand,
  InvalidNextToken,
  MissingRequiredParameterException,
  ValidationException,
  type GetMetricDataCommandInput,
  type MetricDataQuery
} from '@aws-sdk/client-cloudwatch'
import { CreateChannelCommand, CreateOriginEndpointCommand, MediaPackageClient } from '@aws-sdk/client-mediapackage'
import { startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0)
const minute = 60_000
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * minute + seconds * 1000)

let fake: FakeAws
let east: CloudWatchClient
let west: CloudWatchClient

beforeAll(async () => {
  fake = await startFakeAws({ seed: 31 })
  east = new CloudWatchClient({ endpoint: fake.url, credentials, region: 'us-east-1', maxAttempts: 1 })
  west = new CloudWatchClient({ endpoint: fake.url, credentials, region: 'us-west-2', maxAttempts: 1 })
})

afterAll(async () => {
  east.destroy()
  west.destroy()
  await fake.close()
})

beforeEach(() => {
  fake.state.metrics.clear()
  fake.faults.clear()
})

type CloudWatchError = Error & { Code?: string; $metadata: { httpStatusCode?: number; attempts?: number } }

async function rejection(call: Promise<unknown>): Promise<CloudWatchError> {
  try {
    await call
  } catch (error) {
    return error as CloudWatchError
  }
  throw new Error('expected the call to fail')
}

const CHANNEL = '0123456789abcdef0123456789abcdef'
const ENDPOINT = 'fedcba9876543210fedcba9876543210'

function egress(dimensions: Record<string, string>, minutes: number, value = 1, seconds = 0) {
  fake.state.putMetric({
    region: 'us-west-2',
    namespace: 'AWS/MediaPackage',
    metricName: 'EgressRequestCount',
    dimensions,
    timestamp: at(minutes, seconds),
    value,
    unit: 'Count'
  })
}

function query(
  id: string,
  dimensions: Record<string, string>,
  more: { period?: number; stat?: string; unit?: string; label?: string; returnData?: boolean } = {}
): MetricDataQuery {
  return {
    Id: id,
    ...(more.label !== undefined ? { Label: more.label } : {}),
    ...(more.returnData !== undefined ? { ReturnData: more.returnData } : {}),
    MetricStat: {
      Metric: {
        Namespace: 'AWS/MediaPackage',
        MetricName: 'EgressRequestCount',
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }))
      },
      Period: more.period ?? 60,
      Stat: more.stat ?? 'Sum',
      ...(more.unit !== undefined ? { Unit: more.unit as 'Count' } : {})
    }
  }
}

function request(queries: MetricDataQuery[], more: Partial<GetMetricDataCommandInput> = {}): GetMetricDataCommand {
  return new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: at(0), EndTime: at(10), ...more })
}

const series = (r: { Timestamps?: Date[]; Values?: number[] } | undefined) => (r?.Timestamps ?? []).map((t, i) => [t.toISOString(), r?.Values?.[i]])

describe('GetMetricData', () => {
  it('speaks JSON 1.0 to the real client, answers Complete results and logs the call with its signing Region', async () => {
    egress({ Channel: CHANNEL, OriginEndpoint: ENDPOINT }, 2, 5)
    fake.resetCalls()
    const answer = await west.send(request([query('egress', { Channel: CHANNEL, OriginEndpoint: ENDPOINT })]))
    expect(answer.MetricDataResults).toEqual([{ Id: 'egress', Label: 'EgressRequestCount', Timestamps: [at(2)], Values: [5], StatusCode: 'Complete' }])
    expect(answer.NextToken).toBeUndefined()
    expect(fake.calls.map(({ service, operation, mutating, status, region }) => ({ service, operation, mutating, status, region }))).toEqual([
      { service: 'cloudwatch', operation: 'GetMetricData', mutating: false, status: 200, region: 'us-west-2' }
    ])
  })

  it('sums points into Period buckets from StartTime (inclusive) to EndTime (exclusive), newest first', async () => {
    const dims = { Channel: CHANNEL }
    egress(dims, -1) // before StartTime
    egress(dims, 0, 2) // at StartTime: included
    egress(dims, 1, 3, 59)
    egress(dims, 4, 1)
    egress(dims, 4, 4, 30)
    egress(dims, 10) // at EndTime: excluded
    const perMinute = await west.send(request([query('m', dims)]))
    expect(series(perMinute.MetricDataResults?.[0])).toEqual([
      [at(4).toISOString(), 5],
      [at(1).toISOString(), 3],
      [at(0).toISOString(), 2]
    ])
    const fiveMinutes = await west.send(request([query('m', dims, { period: 300 })], { ScanBy: 'TimestampAscending' }))
    expect(series(fiveMinutes.MetricDataResults?.[0])).toEqual([[at(0).toISOString(), 10]])
  })

  it('rounds StartTime down to the minute, so the buckets start on the minute', async () => {
    const dims = { Channel: CHANNEL }
    egress(dims, 3, 1, 10)
    const answer = await west.send(request([query('m', dims)], { StartTime: at(0, 40), ScanBy: 'TimestampAscending' }))
    expect(series(answer.MetricDataResults?.[0])).toEqual([[at(3).toISOString(), 1]])
  })

  it('answers Average, Minimum, Maximum and SampleCount as well as Sum', async () => {
    const dims = { Channel: CHANNEL }
    for (const v of [2, 4, 9]) egress(dims, 1, v)
    const answer = await west.send(request(['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'].map((stat) => query(stat.toLowerCase(), dims, { stat }))))
    expect(answer.MetricDataResults?.map((r) => [r.Id, r.Values])).toEqual([
      ['sum', [15]],
      ['average', [5]],
      ['minimum', [2]],
      ['maximum', [9]],
      ['samplecount', [3]]
    ])
  })

  it('matches dimensions exactly: Channel alone and Channel+OriginEndpoint are different metrics', async () => {
    egress({ Channel: CHANNEL, OriginEndpoint: ENDPOINT }, 1, 7)
    egress({ Channel: CHANNEL }, 1, 3)
    const answer = await west.send(
      request([
        query('both', { OriginEndpoint: ENDPOINT, Channel: CHANNEL }), // order does not matter
        query('channel', { Channel: CHANNEL }),
        query('endpoint', { OriginEndpoint: ENDPOINT }),
        query('none', {}),
        query('other', { Channel: CHANNEL, OriginEndpoint: 'ffffffffffffffffffffffffffffffff' })
      ])
    )
    expect(answer.MetricDataResults?.map((r) => [r.Id, r.Values])).toEqual([
      ['both', [7]],
      ['channel', [3]],
      ['endpoint', []],
      ['none', []],
      ['other', []]
    ])
  })

  it('answers from the Region the client signs for', async () => {
    fake.state.putMetric({
      region: 'us-east-1',
      namespace: 'AWS/CloudFront',
      metricName: 'Requests',
      dimensions: { DistributionId: 'E123', Region: 'Global' },
      timestamp: at(1),
      value: 9
    })
    const cf: MetricDataQuery = {
      Id: 'cf',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/CloudFront',
          MetricName: 'Requests',
          Dimensions: [
            { Name: 'DistributionId', Value: 'E123' },
            { Name: 'Region', Value: 'Global' }
          ]
        },
        Period: 60,
        Stat: 'Sum'
      }
    }
    expect((await east.send(request([cf]))).MetricDataResults?.[0]?.Values).toEqual([9])
    expect((await west.send(request([cf]))).MetricDataResults?.[0]?.Values).toEqual([])
  })

  it('uses the given Label, filters by Unit, and leaves out queries with ReturnData false', async () => {
    egress({ Channel: CHANNEL }, 1, 2)
    const answer = await west.send(
      request([
        query('labelled', { Channel: CHANNEL }, { label: 'viewers' }),
        query('bytes', { Channel: CHANNEL }, { unit: 'Bytes' }),
        query('counted', { Channel: CHANNEL }, { unit: 'Count' }),
        query('hidden', { Channel: CHANNEL }, { returnData: false })
      ])
    )
    expect(answer.MetricDataResults?.map((r) => [r.Id, r.Label, r.Values])).toEqual([
      ['labelled', 'viewers', [2]],
      ['bytes', 'EgressRequestCount', []],
      ['counted', 'EgressRequestCount', [2]]
    ])
  })

  it('pages with NextToken when MaxDatapoints is exceeded, PartialData until a query is complete', async () => {
    for (let m = 0; m < 3; m++) egress({ Channel: CHANNEL }, m, m + 1)
    for (let m = 0; m < 2; m++) egress({ Channel: CHANNEL, OriginEndpoint: ENDPOINT }, m, 10 * (m + 1))
    const queries = [query('a', { Channel: CHANNEL }), query('b', { Channel: CHANNEL, OriginEndpoint: ENDPOINT })]
    const pages = []
    let token: string | undefined
    do {
      const page = await west.send(request(queries, { MaxDatapoints: 2, ScanBy: 'TimestampAscending', NextToken: token }))
      pages.push(page.MetricDataResults?.map((r) => [r.Id, r.Values, r.StatusCode]))
      token = page.NextToken
    } while (token)
    expect(pages).toEqual([
      [
        ['a', [1, 2], 'PartialData'],
        ['b', [], 'PartialData']
      ],
      [
        ['a', [3], 'Complete'],
        ['b', [10], 'PartialData']
      ],
      [
        ['a', [], 'Complete'],
        ['b', [20], 'Complete']
      ]
    ])
  })

  it('refuses a NextToken from another request, or one it never made, with InvalidNextToken', async () => {
    for (let m = 0; m < 3; m++) egress({ Channel: CHANNEL }, m)
    const first = await west.send(request([query('a', { Channel: CHANNEL })], { MaxDatapoints: 1 }))
    expect(first.NextToken).toBeTruthy()
    const other = await rejection(west.send(request([query('b', { Channel: CHANNEL })], { MaxDatapoints: 1, NextToken: first.NextToken })))
    expect(other).toBeInstanceOf(InvalidNextToken)
    expect(other.$metadata.httpStatusCode).toBe(400)
    expect(await rejection(west.send(request([query('a', { Channel: CHANNEL })], { NextToken: 'garbage' })))).toBeInstanceOf(InvalidNextToken)
  })

  it('caps every page at the fake pageSize, as for the other services', async () => {
    const small = await startFakeAws({ seed: 32, pageSize: 1 })
    const client = new CloudWatchClient({ endpoint: small.url, credentials, region: 'us-west-2', maxAttempts: 1 })
    try {
      for (let m = 0; m < 2; m++)
        small.state.putMetric({ region: 'us-west-2', namespace: 'AWS/MediaPackage', metricName: 'EgressRequestCount', timestamp: at(m), value: 1 })
      const page = await client.send(request([query('all', {})]))
      expect(page.MetricDataResults?.[0]?.Values).toEqual([1])
      expect(page.NextToken).toBeTruthy()
    } finally {
      client.destroy()
      await small.close()
    }
  })
})

describe('GetMetricData refusals', () => {
  it('refuses a request without queries with MissingRequiredParameterException (Query code MissingParameter)', async () => {
    const error = await rejection(west.send(request([])))
    expect(error).toBeInstanceOf(MissingRequiredParameterException)
    expect(error.Code).toBe('MissingParameter')
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('refuses more than 500 queries', async () => {
    const queries = Array.from({ length: 501 }, (_, i) => query(`q${i}`, {}))
    const error = await rejection(west.send(request(queries)))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.Code).toBe('ValidationError')
    await west.send(request(queries.slice(0, 500)))
  })

  it('lists every Id that does not start with a lower-case letter, as CloudWatch does', async () => {
    const error = await rejection(west.send(request([query('Upper', {}), query('ok_1', {}), query('5xx', {})])))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.Code).toBe('ValidationError')
    expect(error.message).toBe(
      'The value Upper for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n' +
        'The value 5xx for parameter MetricDataQueries.member.3.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.'
    )
  })

  it('refuses a StartTime after, or equal to, the EndTime', async () => {
    const after = await rejection(west.send(request([query('a', {})], { StartTime: at(10), EndTime: at(0) })))
    expect(after).toBeInstanceOf(ValidationException)
    expect(after.message).toBe('The parameter EndTime must be greater than StartTime.')
    const equal = await rejection(west.send(request([query('a', {})], { StartTime: at(5), EndTime: at(5) })))
    expect(equal.message).toBe('The parameter StartTime must not equal parameter EndTime.')
  })

  const refused: [string, MetricDataQuery[]][] = [
    ['two queries with one Id', [query('a', {}), query('a', {})]],
    ['a Period that is not 1, 5, 10, 20, 30 or a multiple of 60', [query('a', {}, { period: 45 })]],
    ['an unknown statistic', [query('a', {}, { stat: 'Total' })]],
    ['a query with neither MetricStat nor Expression', [{ Id: 'a' }]],
    ['a metric math Expression, which the fake does not implement', [{ Id: 'a', Expression: 'SUM(METRICS())' }]]
  ]

  it.each(refused)('refuses %s with ValidationException', async (_what, queries) => {
    const error = await rejection(west.send(request(queries)))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('answers the CloudWatch fault errors: throttling the SDK retries, and AccessDenied', async () => {
    const retrying = new CloudWatchClient({ endpoint: fake.url, credentials, region: 'us-west-2', maxAttempts: 3 })
    try {
      fake.faults.add({ service: 'cloudwatch', error: 'throttle', times: 1 })
      const answer = await retrying.send(request([query('a', {})]))
      expect(answer.$metadata.attempts).toBe(2)
    } finally {
      retrying.destroy()
    }
    fake.faults.add({ service: 'cloudwatch', operation: 'GetMetricData', error: 'access-denied' })
    const denied = await rejection(west.send(request([query('a', {})])))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
  })

  it('is reachable through AWS_ENDPOINT_URL_CLOUDWATCH', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, fake.env)
    const client = new CloudWatchClient({ region: 'us-east-1' })
    try {
      fake.resetCalls()
      await client.send(request([query('a', {})]))
      expect(fake.calls.map((c) => [c.service, c.operation, c.region])).toEqual([['cloudwatch', 'GetMetricData', 'us-east-1']])
    } finally {
      client.destroy()
      process.env = saved
    }
  })
})

describe('viewer requests played through the fake', () => {
  it('count in CloudFront Requests (us-east-1) and MediaPackage EgressRequestCount (channel Region), by GUID', async () => {
    const common = { endpoint: fake.url, credentials, maxAttempts: 1 }
    const mediapackage = new MediaPackageClient({ ...common, region: 'us-west-2' })
    const cloudfront = new CloudFrontClient({ ...common, region: 'us-east-1' })
    try {
      const channel = await mediapackage.send(new CreateChannelCommand({ Id: 'watched' }))
      const endpoint = await mediapackage.send(new CreateOriginEndpointCommand({ Id: 'watched-hls', ChannelId: 'watched', HlsPackage: {} }))
      const url = new URL(endpoint.Url!)
      const { Distribution: d } = await cloudfront.send(
        new CreateDistributionWithTagsCommand({
          DistributionConfigWithTags: {
            DistributionConfig: {
              CallerReference: 'watched',
              Comment: 'watched',
              Enabled: true,
              Origins: {
                Quantity: 1,
                Items: [{ Id: 'mp', DomainName: url.host, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }]
              },
              DefaultCacheBehavior: { TargetOriginId: 'mp', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '08627262-05a9-4f76-9ded-b50ca2e3a84f' }
            },
            Tags: { Items: [] }
          }
        })
      )
      const watchedFrom = new Date(Date.now() - minute)
      for (let i = 0; i < 3; i++) expect(fake.play(d!.Id!, url.pathname, 'new').status).toBe(200)
      expect(fake.play(d!.Id!, '/out/v1/00000000000000000000000000000000/index.m3u8', 'new').status).toBe(404)

      const window = { StartTime: watchedFrom, EndTime: new Date(Date.now() + minute) }
      const cf: MetricDataQuery = {
        Id: 'cf',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/CloudFront',
            MetricName: 'Requests',
            Dimensions: [
              { Name: 'DistributionId', Value: d!.Id },
              { Name: 'Region', Value: 'Global' }
            ]
          },
          Period: 300,
          Stat: 'Sum'
        }
      }
      const sum = (r: { Values?: number[] } | undefined) => (r?.Values ?? []).reduce((a, b) => a + b, 0)
      expect(sum((await east.send(request([cf], window))).MetricDataResults?.[0])).toBe(4)

      const channelGuid = channel.Arn!.split('/')[1]!
      const endpointGuid = endpoint.Arn!.split('/')[1]!
      const mp = await west.send(
        request(
          [
            query('endpoint', { Channel: channelGuid, OriginEndpoint: endpointGuid }, { period: 300 }),
            query('channel', { Channel: channelGuid }, { period: 300 }),
            query('ok', { Channel: channelGuid, StatusCodeRange: '2xx' }, { period: 300 }),
            query('byid', { Channel: 'watched' }, { period: 300 })
          ],
          window
        )
      )
      expect(mp.MetricDataResults?.map((r) => [r.Id, sum(r)])).toEqual([
        ['endpoint', 3],
        ['channel', 3],
        ['ok', 3],
        ['byid', 0]
      ])
    } finally {
      mediapackage.destroy()
      cloudfront.destroy()
    }
  })
})
