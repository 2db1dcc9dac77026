import type { Known, Resource } from '../change.js'
import type { VersionedDistribution } from '../aws/cloudfront.js'
import type { MetricSeries } from '../aws/cloudwatch.js'
import type { AccessMode, BehaviorPattern, HeaderDecision, OriginTarget } from '../cloudfront/intent.js'
import type { StepGroup, Step } from './steps.js'
import type { Runtime } from './runtime.js'

/** An endpoint as the run reports it: its URLs at the origin; the workflow adds the CDN's. */
export interface EndpointReport {
  id: string
  /** What it serves, e.g. `hls`, `cmaf`, or for v2 `cmaf: hls, ll-hls, dash`. */
  packaging: string
  originUrls: string[]
}

export interface IngestReport {
  id: string
  url: string
  /** v1 WebDAV user; v2 ingest is signed with SigV4 and has none. */
  username?: string | undefined
}

/** What the channel reports, from what is known so far (after a failure too). */
export interface ProviderReport {
  arn?: string | undefined
  endpoints: EndpointReport[]
  ingest: IngestReport[]
}

/** The distribution's side of a channel, as the provider sees it now (in plan mode: predicted, with holes). */
export interface DistributionSide {
  /** The tag that links distribution and channel; its value is the channel's ARN, a hole until the channel exists. */
  link: { key: string; value: Known<string> }
  /** Prefix of the deterministic CallerReference (the link value follows it). */
  callerReferencePrefix: string
  defaultComment: string
  origin: OriginTarget
  placeholder?: { id: string; host: string } | undefined
  patterns: readonly BehaviorPattern[]
  /** A hole while an earlier step makes the policy (a custom cache policy the provider creates once per account). */
  cachePolicyId: Known<string>
  originReadTimeout?: number | undefined
  access: AccessMode
  /** With header access: what the origin must send. */
  header?: HeaderDecision | undefined
  /** What the distribution's change should say besides its fields (a rotation that waits). */
  notes?: readonly string[] | undefined
}

/** A channel's work, as one provider plans it. Steps close over the provider's own state, which their `apply` fills in. */
export interface ChannelWork {
  /** Origin-side writes before the distribution (secret, channel, endpoints), in order. */
  origin: StepGroup[]
  /** Changes to how the endpoints let CloudFront in (CDN authorization); around them a live audience needs the bridge. */
  access: Step[]
  /** Writes that need the distribution to exist (an endpoint policy naming its ARN), and deletes that go after it (an endpoint retired on its own). */
  after: StepGroup[]
  /** The distribution's side from what is known now. */
  distribution(): DistributionSide
  report(): ProviderReport
}

/** A retired channel's origin side, as one provider plans it. */
export interface RetireWork {
  /** Delete steps: every endpoint of the channel (named in the manifest or not), then the channel. */
  steps: StepGroup[]
  report(): ProviderReport
}

/**
 * A resource the run would delete, with the CloudWatch metric that counts its viewers: the viewer
 * guard reads it before any delete (src/workflow/guard.ts). `resource` and `id` name the delete's change.
 */
export interface ViewerProbe {
  resource: Resource
  id: string
  /** Where the service publishes the metric. */
  region: string
  series: MetricSeries
}

export interface PlanContext {
  /** Where the channel is in the manifest, e.g. `channels[0]`, for messages at the right line. */
  path: string
  rt: Runtime
  /** The channel's distribution as observed, if it has one. */
  distribution?: VersionedDistribution | undefined
  /**
   * The distribution's ARN as the run knows it when asked: `after` steps call it in `apply`, once the
   * distribution step has made it (an endpoint policy names it); a hole in plan mode for a new one.
   */
  distributionArn(): Known<string>
}

/**
 * What the workflow needs from an origin type (MediaPackage v1, v2, …). The workflow and the CloudFront
 * code call only this; a provider never imports another.
 */
export interface OriginProvider<Spec, Seen> {
  readonly name: string
  /** Reads what AWS holds for the channel, all at once. No decisions. */
  observe(spec: Spec, rt: Runtime, mode: 'plan' | 'apply'): Promise<Seen>
  /** The key of the tag that links a distribution to its channel; the look-up starts with the reads. */
  readonly linkKey: string
  /** The link tag's value (the channel's ARN) once the channel exists: the workflow finds the distribution by it. */
  linkValue(seen: Seen): string | undefined
  /** The channel's work, from (manifest, what AWS holds). Pure: the steps do the I/O when applied. An endpoint retired on its own is a delete step in it. */
  plan(spec: Spec, seen: Seen, ctx: PlanContext): ChannelWork
  /** A retired channel (`state: absent`): its delete steps, endpoints first, then the channel. The workflow tears the distribution down before them. Pure. */
  retire?(spec: Spec, seen: Seen, ctx: PlanContext): RetireWork
  /** What this run would delete at the origin (a retired channel's endpoints, endpoints retired on their own), each with its viewer metric. */
  viewerProbes?(spec: Spec, seen: Seen): ViewerProbe[]
}
