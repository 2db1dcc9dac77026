/**
 * CloudWatch metric points, kept per Region as CloudWatch keeps them: CloudFront publishes its
 * distribution metrics in us-east-1, MediaPackage in the channel's Region, and GetMetricData answers
 * from the Region the client signs for. Tests seed points with `putMetric`; the fake's playback
 * records viewer requests the same way.
 */
/** A point as a test seeds it: dimensions as `{Name: Value}`. */
export interface MetricPointSeed {
  region: string
  namespace: string
  metricName: string
  dimensions?: Record<string, string>
  /** When the value was measured; a Date or epoch milliseconds. */
  timestamp: Date | number
  value: number
  /** A CloudWatch StandardUnit; default `None`. */
  unit?: string
}

export interface MetricPoint {
  namespace: string
  metricName: string
  dimensions: Record<string, string>
  /** Epoch milliseconds. */
  timestamp: number
  value: number
  unit: string
}

/** Which metric a query names: CloudWatch tells metrics apart by namespace, name and the exact dimension set. */
export interface MetricIdentity {
  namespace: string
  metricName: string
  dimensions: Record<string, string>
  /** When given, only points stored with this unit (CloudWatch does not convert units). */
  unit?: string
}

/** CloudWatch allows 30 dimensions per metric (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension). */
export const MAX_DIMENSIONS = 30

const sameDimensions = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && b[k] === a[k])
}

export class MetricStore {
  private readonly byRegion = new Map<string, MetricPoint[]>()

  /** Stores one point. Refuses what PutMetricData would refuse for these fields. */
  put(seed: MetricPointSeed): MetricPoint {
    if (!seed.region) throw new Error('putMetric: region is required (CloudFront metrics live in us-east-1, MediaPackage ones in the channel Region).')
    if (!seed.namespace || !seed.metricName) throw new Error('putMetric: namespace and metricName are required.')
    const dimensions = { ...(seed.dimensions ?? {}) }
    if (Object.keys(dimensions).length > MAX_DIMENSIONS) throw new Error(`putMetric: a metric has at most ${MAX_DIMENSIONS} dimensions.`)
    const timestamp = seed.timestamp instanceof Date ? seed.timestamp.getTime() : seed.timestamp
    if (!Number.isFinite(timestamp)) throw new Error('putMetric: timestamp must be a valid Date or epoch milliseconds.')
    if (!Number.isFinite(seed.value)) throw new Error('putMetric: value must be a finite number.')
    const point: MetricPoint = { namespace: seed.namespace, metricName: seed.metricName, dimensions, timestamp, value: seed.value, unit: seed.unit ?? 'None' }
    const points = this.byRegion.get(seed.region) ?? []
    points.push(point)
    this.byRegion.set(seed.region, points)
    return point
  }

  /** Every point stored in the Region, in the order they were put. */
  points(region: string): readonly MetricPoint[] {
    return this.byRegion.get(region) ?? []
  }

  /** The points of exactly this metric in [from, to) (epoch ms), in the Region. */
  matching(region: string, metric: MetricIdentity, from: number, to: number): MetricPoint[] {
    return this.points(region).filter(
      (p) =>
        p.namespace === metric.namespace &&
        p.metricName === metric.metricName &&
        sameDimensions(p.dimensions, metric.dimensions) &&
        (metric.unit === undefined || p.unit === metric.unit) &&
        p.timestamp >= from &&
        p.timestamp < to
    )
  }

  clear(): void {
    this.byRegion.clear()
  }
}
