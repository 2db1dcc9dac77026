/**
 * Everything the fake AWS account holds. Tests may read and write it directly; the seeding methods
 * go through the same rules as the API, so a seeded resource looks exactly like an API-made one.
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront'
import type { CreateChannelRequest, CreateOriginEndpointRequest } from '@aws-sdk/client-mediapackage'
import { CachePolicies } from './cloudfront-cache-policies.js'
import { validateDistributionConfig, validateTags, withCloudFrontDefaults } from './cloudfront-config.js'
import { OriginAccessControls } from './cloudfront-oac.js'
import { checkDistributionReferences } from './cloudfront-references.js'
import { newChannel, newEndpoint, type ChannelRecord, type EndpointRecord, type MediaPackageAccount } from './mediapackage-model.js'
import { MetricStore, type MetricPointSeed } from './metrics.js'
import { MediaPackageV2State } from './mediapackagev2-state.js'
import type { IdSource } from './random.js'
import { ServiceError } from './service-error.js'

export type { ChannelRecord, EndpointRecord } from './mediapackage-model.js'

export type DistributionStatus = 'InProgress' | 'Deployed'

export interface DistributionRecord {
  Id: string
  ARN: string
  DomainName: string
  /** Current ETag; changes on every update. */
  ETag: string
  /** The config as CloudFront returns it (defaults filled in), in the SDK's shape. */
  config: DistributionConfig
  /** Tags by key (CloudFront tags are unique by key). */
  tags: Record<string, string>
  LastModifiedTime: Date
  /** Epoch ms until which the distribution is InProgress; set it to 0 to make it Deployed now. */
  inProgressUntil: number
  /**
   * The config that was last fully deployed, which the "old" edges keep serving while InProgress.
   * An update that arrives while Deployed makes the pre-update config this; one that arrives while
   * InProgress leaves it as it was. `undefined` until the distribution has been Deployed once and then
   * updated. Only meaningful while InProgress: once Deployed every edge serves `config`
   * (`FakeState.edgeConfig` applies this rule).
   */
  deployedConfig?: DistributionConfig
}

/** Which CloudFront edges a playback request reaches while a change rolls out. */
export type Edge = 'old' | 'new'

export interface SecretVersion {
  VersionId: string
  SecretString?: string
  CreatedDate: Date
  /** Staging labels (AWSCURRENT, AWSPREVIOUS, …). A version without labels is deprecated. */
  stages: string[]
}

export interface SecretRecord {
  ARN: string
  Name: string
  Description?: string
  KmsKeyId?: string
  CreatedDate: Date
  LastChangedDate: Date
  Tags: { Key: string; Value: string }[]
  versions: SecretVersion[]
}

/** A distribution as you might make it by hand: any DistributionConfig; CallerReference is optional. */
export interface DistributionSeed {
  config: Omit<DistributionConfig, 'CallerReference'> & { CallerReference?: string }
  tags?: Record<string, string>
}

export class FakeState {
  /** MediaPackage channels by channel Id. */
  readonly channels = new Map<string, ChannelRecord>()
  /** MediaPackage origin endpoints by endpoint Id. */
  readonly endpoints = new Map<string, EndpointRecord>()
  /** CloudFront distributions by distribution Id, in creation order (ListDistributions order). */
  readonly distributions = new Map<string, DistributionRecord>()
  /** Secrets Manager secrets by ARN. */
  readonly secrets = new Map<string, SecretRecord>()
  /** CloudWatch metric points, per Region. */
  readonly metrics = new MetricStore()
  /** CloudFront origin access controls by Id. */
  readonly originAccessControls: OriginAccessControls
  /** CloudFront cache policies by Id: the managed ones, then the account's own. */
  readonly cachePolicies: CachePolicies
  readonly mediaPackage: MediaPackageAccount
  /** MediaPackage v2: channel groups → channels → origin endpoints, with policies, tags and quotas. */
  readonly mediaPackageV2: MediaPackageV2State

  constructor(
    readonly region: string,
    readonly accountId: string,
    readonly ids: IdSource,
    /** How long a distribution stays InProgress after each create/update. Writable. */
    public deployDelayMs: number
  ) {
    this.mediaPackage = { region, accountId, egressHost: ids.hex(16), ingestHosts: [ids.hex(16), ids.hex(16)] }
    this.mediaPackageV2 = new MediaPackageV2State(region, accountId, ids)
    this.originAccessControls = new OriginAccessControls(ids)
    this.cachePolicies = new CachePolicies(ids)
  }

  // MediaPackage

  createChannel(input: CreateChannelRequest): ChannelRecord {
    const channel = newChannel(input, this.mediaPackage, this.ids, new Date())
    if (this.channels.has(channel.Id)) {
      throw new ServiceError('UnprocessableEntityException', 422, `Channel "${channel.Id}" already exists.`)
    }
    this.channels.set(channel.Id, channel)
    return channel
  }

  createEndpoint(input: CreateOriginEndpointRequest): EndpointRecord {
    const endpoint = newEndpoint(input, this.mediaPackage, this.ids, new Date())
    if (!this.channels.has(endpoint.ChannelId)) {
      throw new ServiceError('NotFoundException', 404, `Channel "${endpoint.ChannelId}" not found.`)
    }
    if (this.endpoints.has(endpoint.Id)) {
      throw new ServiceError('UnprocessableEntityException', 422, `OriginEndpoint "${endpoint.Id}" already exists.`)
    }
    this.endpoints.set(endpoint.Id, endpoint)
    return endpoint
  }

  /** The channel or endpoint with this ARN. */
  mediaPackageResource(arn: string): ChannelRecord | EndpointRecord | undefined {
    for (const c of this.channels.values()) if (c.Arn === arn) return c
    for (const e of this.endpoints.values()) if (e.Arn === arn) return e
    return undefined
  }

  // CloudFront

  distributionStatus(d: DistributionRecord, now = Date.now()): DistributionStatus {
    return now < d.inProgressUntil ? 'InProgress' : 'Deployed'
  }

  private newETag(): string {
    return `E${this.ids.upperAlnum(13)}`
  }

  /**
   * Creates a distribution as CreateDistributionWithTags would (validation, defaults, CallerReference
   * uniqueness, InProgress for deployDelayMs). Use it to seed a "console-made" distribution.
   */
  createDistribution(seed: DistributionSeed): DistributionRecord {
    const config = { ...seed.config, CallerReference: seed.config.CallerReference ?? `seed-${this.ids.hex(16)}` } as DistributionConfig
    validateDistributionConfig(config)
    checkDistributionReferences(config, this)
    const tagList = Object.entries(seed.tags ?? {}).map(([Key, Value]) => ({ Key, Value }))
    validateTags(tagList)
    for (const d of this.distributions.values()) {
      if (d.config.CallerReference === config.CallerReference) {
        // AWS's own wording, which names the distribution that holds the CallerReference.
        throw new ServiceError(
          'DistributionAlreadyExists',
          409,
          `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${d.Id}`
        )
      }
    }
    const id = `E${this.ids.upperAlnum(13)}`
    const now = Date.now()
    const record: DistributionRecord = {
      Id: id,
      ARN: `arn:aws:cloudfront::${this.accountId}:distribution/${id}`,
      DomainName: `d${this.ids.lowerAlnum(13)}.cloudfront.net`,
      ETag: this.newETag(),
      config: withCloudFrontDefaults(config),
      tags: { ...(seed.tags ?? {}) },
      LastModifiedTime: new Date(now),
      inProgressUntil: now + this.deployDelayMs
    }
    this.distributions.set(id, record)
    return record
  }

  /**
   * Replaces a distribution's config as UpdateDistribution does (validation, defaults, new ETag,
   * InProgress again), without an ETag check. Pass a function to edit the current config in place,
   * e.g. to simulate a person changing the distribution in the console.
   */
  updateDistribution(id: string, change: DistributionConfig | ((config: DistributionConfig) => void)): DistributionRecord {
    const d = this.distributions.get(id)
    if (!d) throw new ServiceError('NoSuchDistribution', 404, 'The specified distribution does not exist.')
    let next: DistributionConfig
    if (typeof change === 'function') {
      next = structuredClone(d.config)
      change(next)
    } else {
      next = change
    }
    validateDistributionConfig(next, d.config)
    checkDistributionReferences(next, this)
    const now = Date.now()
    // Edges that haven't taken the rollout yet keep the last fully deployed config.
    if (this.distributionStatus(d, now) === 'Deployed') d.deployedConfig = d.config
    d.config = withCloudFrontDefaults(next)
    d.ETag = this.newETag()
    d.LastModifiedTime = new Date(now)
    d.inProgressUntil = now + this.deployDelayMs
    return d
  }

  /**
   * The config an edge serves. Once Deployed, every edge serves the current config. While InProgress,
   * `'new'` edges serve the current config and `'old'` edges the last fully deployed one
   * (`deployedConfig`), or nothing (`undefined`) while a new distribution has never been Deployed.
   */
  edgeConfig(d: DistributionRecord, edge: Edge, now = Date.now()): DistributionConfig | undefined {
    if (edge === 'new' || this.distributionStatus(d, now) === 'Deployed') return d.config
    return d.deployedConfig
  }

  /** The distribution with this ARN. */
  distributionByArn(arn: string): DistributionRecord | undefined {
    for (const d of this.distributions.values()) if (d.ARN === arn) return d
    return undefined
  }

  /** Distributions carrying tag `key` (with `value`, if given). */
  distributionsTagged(key: string, value?: string): DistributionRecord[] {
    return [...this.distributions.values()].filter((d) => key in d.tags && (value === undefined || d.tags[key] === value))
  }

  // CloudWatch

  /**
   * Stores a metric point in a Region, as the service that owns the metric would publish it:
   * CloudFront's in us-east-1 (`AWS/CloudFront`, DistributionId + Region=Global), MediaPackage's in
   * the channel's Region (`AWS/MediaPackage`, Channel / OriginEndpoint GUIDs).
   */
  putMetric(point: MetricPointSeed): void {
    this.metrics.put(point)
  }

  // Secrets Manager

  /** A secret by name or ARN. */
  secret(idOrArn: string): SecretRecord | undefined {
    const byArn = this.secrets.get(idOrArn)
    if (byArn) return byArn
    for (const s of this.secrets.values()) if (s.Name === idOrArn) return s
    return undefined
  }

  createSecret(input: {
    Name: string
    SecretString?: string
    Description?: string
    Tags?: { Key: string; Value: string }[]
    VersionId?: string
  }): SecretRecord {
    if (this.secret(input.Name)) {
      throw new ServiceError('ResourceExistsException', 400, `The operation failed because the secret ${input.Name} already exists.`)
    }
    const now = new Date()
    const secret: SecretRecord = {
      ARN: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${input.Name}-${this.ids.alnum(6)}`,
      Name: input.Name,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      CreatedDate: now,
      LastChangedDate: now,
      Tags: input.Tags ?? [],
      versions: []
    }
    if (input.SecretString !== undefined) {
      secret.versions.push({ VersionId: input.VersionId ?? this.ids.uuid(), SecretString: input.SecretString, CreatedDate: now, stages: ['AWSCURRENT'] })
    }
    this.secrets.set(secret.ARN, secret)
    return secret
  }

  /** PutSecretValue: the new version becomes AWSCURRENT, the old current AWSPREVIOUS. Idempotent per VersionId. */
  putSecretValue(secret: SecretRecord, secretString: string, versionId: string = this.ids.uuid()): SecretVersion {
    const existing = secret.versions.find((v) => v.VersionId === versionId)
    if (existing) {
      if (existing.SecretString !== secretString) {
        throw new ServiceError(
          'ResourceExistsException',
          400,
          `A resource with the ID you requested already exists: version ${versionId} has a different value.`
        )
      }
      return existing
    }
    const now = new Date()
    for (const v of secret.versions) {
      if (v.stages.includes('AWSPREVIOUS')) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS')
    }
    for (const v of secret.versions) {
      if (v.stages.includes('AWSCURRENT')) v.stages = [...v.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS']
    }
    const version: SecretVersion = { VersionId: versionId, SecretString: secretString, CreatedDate: now, stages: ['AWSCURRENT'] }
    secret.versions.push(version)
    secret.LastChangedDate = now
    return version
  }
}
