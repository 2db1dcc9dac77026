import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import type { AwsCaller } from './call.js'

/** One metric by its full dimension set: CloudWatch matches the set exactly, so a subset sees nothing. */
export interface MetricSeries {
  namespace: string
  metricName: string
  dimensions: Readonly<Record<string, string>>
}

export interface MetricWindow {
  start: Date
  end: Date
}

/** GetMetricData takes at most 500 queries. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html */
const MAX_QUERIES = 500
/** One-minute points: standard-resolution metrics (MediaPackage's, CloudFront's) are kept per minute. */
const PERIOD_SECONDS = 60

/**
 * Exactly the CloudWatch call the action makes. A client is per Region and metrics live where their
 * service publishes them (CloudFront's in us-east-1), so a caller asks one Region at a time, and all of
 * its series go in one request.
 */
export class CloudWatch {
  constructor(
    private readonly clientFor: (region: string) => CloudWatchClient,
    private readonly aws: AwsCaller
  ) {}

  /** The Sum of each series over the window, in order (0 for a series without points). `resource` names what is read, for errors. */
  async sums(region: string, series: readonly MetricSeries[], window: MetricWindow, resource: string): Promise<number[]> {
    const client = this.clientFor(region)
    const totals = series.map(() => 0)
    for (let offset = 0; offset < series.length; offset += MAX_QUERIES) {
      const queries: MetricDataQuery[] = series.slice(offset, offset + MAX_QUERIES).map((one, index) => ({
        Id: `m${offset + index}`,
        MetricStat: {
          Metric: {
            Namespace: one.namespace,
            MetricName: one.metricName,
            Dimensions: Object.entries(one.dimensions).map(([Name, Value]) => ({ Name, Value }))
          },
          Period: PERIOD_SECONDS,
          Stat: 'Sum'
        }
      }))
      let token: string | undefined
      do {
        const page = await this.aws.call({
          operation: 'GetMetricData',
          resource,
          send: () => client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: window.start, EndTime: window.end, NextToken: token }))
        })
        // A long window can span pages; each page carries more points of the same queries, by Id.
        for (const result of page.MetricDataResults ?? []) {
          const index = Number(result.Id?.slice(1))
          if (Number.isInteger(index) && index < totals.length) totals[index]! += (result.Values ?? []).reduce((sum, value) => sum + value, 0)
        }
        token = page.NextToken
      } while (token)
    }
    return totals
  }
}
