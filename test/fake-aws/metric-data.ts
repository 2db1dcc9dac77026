/**
 * GetMetricData over the stored points: CloudWatch's input checks, period buckets aligned to the
 * (rounded) StartTime, the Sum/Average/Minimum/Maximum/SampleCount statistics, ScanBy order and
 * MaxDatapoints pagination. Metric math and Metrics Insights are not implemented.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
import { createHash } from 'node:crypto'
import type { GetMetricDataInput, GetMetricDataOutput, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch'
import { MAX_DIMENSIONS, type MetricStore } from './metrics.js'
import { decodePageToken, encodePageToken } from './pages.js'
import { ServiceError } from './service-error.js'

/** The API reference's limits: 500 queries per call, 100,800 datapoints per page by default. */
export const MAX_METRIC_DATA_QUERIES = 500
export const DEFAULT_MAX_DATAPOINTS = 100_800
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/
const STATISTICS = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'] as const
/** Periods below a minute that high-resolution metrics allow; longer ones are multiples of 60. */
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30]

const validation = (message: string) => new ServiceError('ValidationException', 400, message)
const missing = (name: string) => new ServiceError('MissingRequiredParameterException', 400, `The parameter ${name} is required.`)

type Statistic = (typeof STATISTICS)[number]

function statistic(values: number[], stat: Statistic): number {
  const sum = values.reduce((a, b) => a + b, 0)
  switch (stat) {
    case 'Sum':
      return sum
    case 'Average':
      return sum / values.length
    case 'Minimum':
      return Math.min(...values)
    case 'Maximum':
      return Math.max(...values)
    case 'SampleCount':
      return values.length
  }
}

/** Refuses what CloudWatch refuses in one query; `at` is its wire path, `MetricDataQueries.member.N`. */
function checkQuery(q: MetricDataQuery, at: string): void {
  if (q.Expression !== undefined && q.MetricStat !== undefined) throw validation(`${at}: specify either Expression or MetricStat, not both.`)
  if (q.Expression !== undefined) throw validation(`${at}: the fake AWS does not implement metric math or Metrics Insights expressions; use MetricStat.`)
  const stat = q.MetricStat
  if (!stat) throw validation(`${at}: either Expression or MetricStat must be specified.`)
  if (!stat.Metric?.MetricName) throw validation(`${at}.MetricStat.Metric.MetricName is required.`)
  if ((stat.Metric.Dimensions?.length ?? 0) > MAX_DIMENSIONS)
    throw validation(`${at}.MetricStat.Metric.Dimensions can have at most ${MAX_DIMENSIONS} dimensions.`)
  const period = stat.Period
  if (period === undefined) throw missing(`${at}.MetricStat.Period`)
  if (!Number.isInteger(period) || period < 1 || (period < 60 ? !SUB_MINUTE_PERIODS.includes(period) : period % 60 !== 0)) {
    throw validation(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60.`)
  }
  if (!stat.Stat) throw missing(`${at}.MetricStat.Stat`)
  if (!(STATISTICS as readonly string[]).includes(stat.Stat)) {
    throw validation(`${at}.MetricStat.Stat "${stat.Stat}": the fake AWS implements only ${STATISTICS.join(', ')}.`)
  }
}

function checkInput(input: GetMetricDataInput): { queries: MetricDataQuery[]; start: number; end: number } {
  const queries = input.MetricDataQueries
  if (!queries || queries.length === 0) throw missing('MetricDataQueries')
  if (!input.StartTime) throw missing('StartTime')
  if (!input.EndTime) throw missing('EndTime')
  const start = input.StartTime.getTime()
  const end = input.EndTime.getTime()
  if (start === end) throw validation('The parameter StartTime must not equal parameter EndTime.')
  if (start > end) throw validation('The parameter EndTime must be greater than StartTime.')
  if (queries.length > MAX_METRIC_DATA_QUERIES) {
    throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_DATA_QUERIES}.`)
  }
  // CloudWatch lists every bad Id in one message, a line each.
  const badIds = queries
    .map((q, i) => ({ id: q.Id ?? '', at: `MetricDataQueries.member.${i + 1}.Id` }))
    .filter(({ id }) => !ID_PATTERN.test(id))
    .map(({ id, at }) => `The value ${id} for parameter ${at} is not matching the expected pattern ${ID_PATTERN.source}.`)
  if (badIds.length > 0) throw validation(badIds.join('\n'))
  const seen = new Set<string>()
  queries.forEach((q, i) => {
    if (seen.has(q.Id ?? '')) throw validation(`The value ${q.Id} for parameter MetricDataQueries.member.${i + 1}.Id is not unique.`)
    seen.add(q.Id ?? '')
    checkQuery(q, `MetricDataQueries.member.${i + 1}`)
  })
  // The SDK's type allows only the two values; a raw request can send anything.
  const scanBy: string | undefined = input.ScanBy
  if (scanBy !== undefined && scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw validation(`The parameter ScanBy must be TimestampDescending or TimestampAscending, not "${scanBy}".`)
  }
  if (input.MaxDatapoints !== undefined && (!Number.isInteger(input.MaxDatapoints) || input.MaxDatapoints < 1)) {
    throw validation('The parameter MaxDatapoints must be a positive integer.')
  }
  return { queries, start, end }
}

interface Series {
  query: MetricDataQuery
  timestamps: Date[]
  values: number[]
}

/**
 * One query's datapoints: points summed (or averaged, …) into Period buckets. Buckets start at the
 * StartTime rounded down to the minute (to the period, for sub-minute periods), only buckets with
 * points are returned, and each is stamped with its start.
 */
function series(store: MetricStore, region: string, query: MetricDataQuery, start: number, end: number, ascending: boolean): Series {
  const stat = query.MetricStat!
  const periodMs = stat.Period! * 1000
  const rounding = stat.Period! < 60 ? periodMs : 60_000
  const from = Math.floor(start / rounding) * rounding
  const dimensions: Record<string, string> = {}
  for (const d of stat.Metric?.Dimensions ?? []) dimensions[d.Name ?? ''] = d.Value ?? ''
  const points = store.matching(
    region,
    { namespace: stat.Metric?.Namespace ?? '', metricName: stat.Metric?.MetricName ?? '', dimensions, ...(stat.Unit !== undefined ? { unit: stat.Unit } : {}) },
    from,
    end
  )
  const buckets = new Map<number, number[]>()
  for (const p of points) {
    const bucket = from + Math.floor((p.timestamp - from) / periodMs) * periodMs
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), p.value])
  }
  const times = [...buckets.keys()].sort((a, b) => (ascending ? a - b : b - a))
  return {
    query,
    timestamps: times.map((t) => new Date(t)),
    values: times.map((t) => statistic(buckets.get(t) ?? [], stat.Stat as Statistic))
  }
}

/** A token is bound to the request it continues (Region, queries, window, order). */
function tokenKind(region: string, input: GetMetricDataInput): string {
  const bound = JSON.stringify([region, input.MetricDataQueries, input.StartTime, input.EndTime, input.ScanBy ?? null])
  return `metric-data:${createHash('sha256').update(bound).digest('hex').slice(0, 32)}`
}

/**
 * GetMetricData in `region`. Datapoints are counted across all queries in query order; a page holds
 * at most MaxDatapoints (and at most `pageLimit`, the fake's forced page size). Every query with
 * ReturnData is on every page, with the datapoints that fall in it, `PartialData` while more of its
 * datapoints are still to come and `Complete` once its last one has been returned.
 */
export function getMetricData(store: MetricStore, region: string, input: GetMetricDataInput, pageLimit?: number): GetMetricDataOutput {
  const { queries, start, end } = checkInput(input)
  const ascending = input.ScanBy === 'TimestampAscending'
  const all = queries.filter((q) => q.ReturnData !== false).map((q) => series(store, region, q, start, end, ascending))
  const kind = tokenKind(region, input)
  const offset = input.NextToken === undefined ? 0 : decodePageToken(input.NextToken, kind)
  if (offset === undefined) throw new ServiceError('InvalidNextToken', 400, 'The NextToken is not valid for this request.')
  const limit = Math.min(input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS, pageLimit ?? Number.POSITIVE_INFINITY)
  const pageEnd = offset + limit
  let first = 0
  let total = 0
  const results: MetricDataResult[] = all.map((s) => {
    first = total
    total += s.values.length
    const from = Math.max(0, offset - first)
    const to = Math.max(0, Math.min(s.values.length, pageEnd - first))
    return {
      Id: s.query.Id,
      Label: s.query.Label ?? s.query.MetricStat?.Metric?.MetricName,
      Timestamps: s.timestamps.slice(from, to),
      Values: s.values.slice(from, to),
      StatusCode: total <= pageEnd ? 'Complete' : 'PartialData'
    }
  })
  return {
    MetricDataResults: results,
    ...(pageEnd < total ? { NextToken: encodePageToken(kind, pageEnd) } : {}),
    Messages: []
  }
}
