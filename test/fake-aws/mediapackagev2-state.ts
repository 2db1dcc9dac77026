/**
 * The fake account's MediaPackage v2 resources: channel groups → channels → origin endpoints, their
 * policies and tags, the account quotas and the ClientTokens already used. Every method applies the
 * API's rules, so tests can seed through it and get exactly what the API would have made.
 */
import type { CreateChannelGroupRequest, CreateChannelRequest, UpdateChannelGroupRequest, UpdateChannelRequest } from '@aws-sdk/client-mediapackagev2'
import {
  checkChannelOptions,
  checkEndpointSettings,
  checkInput,
  checkPolicyDocument,
  conflict,
  endpointRecord,
  newChannel,
  newChannelGroup,
  notFound,
  quotaExceeded,
  validationError,
  type BuildContext,
  type ChannelGroupRecord,
  type ChannelRecordV2,
  type EndpointInput,
  type EndpointSettings,
  type OriginEndpointRecord
} from './mediapackagev2-model.js'
import {
  CreateChannelGroupRequest as CreateChannelGroupShape,
  CreateChannelRequest as CreateChannelShape,
  CreateOriginEndpointRequest as CreateOriginEndpointShape,
  PutChannelPolicyRequest as PutChannelPolicyShape,
  PutOriginEndpointPolicyRequest as PutOriginEndpointPolicyShape,
  UpdateChannelGroupRequest as UpdateChannelGroupShape,
  UpdateChannelRequest as UpdateChannelShape,
  UpdateOriginEndpointRequest as UpdateOriginEndpointShape
} from './mediapackagev2-shapes.js'
import type { IdSource } from './random.js'

/** Account quotas (https://docs.aws.amazon.com/mediapackage/latest/userguide/quotas.html). Tests may lower them. */
export interface MediaPackageV2Quotas {
  channelGroups: number
  channelsPerGroup: number
  endpointsPerChannel: number
  manifestsPerEndpoint: number
}

export const DEFAULT_MEDIAPACKAGEV2_QUOTAS: Readonly<MediaPackageV2Quotas> = {
  channelGroups: 3,
  channelsPerGroup: 10,
  endpointsPerChannel: 10,
  manifestsPerEndpoint: 25
}

export type MediaPackageV2Resource =
  | { kind: 'channelGroup'; record: ChannelGroupRecord }
  | { kind: 'channel'; record: ChannelRecordV2 }
  | { kind: 'originEndpoint'; record: OriginEndpointRecord }

export interface PolicyInput {
  ChannelGroupName: string | undefined
  ChannelName: string | undefined
  OriginEndpointName?: string | undefined
  Policy: string | undefined
}

interface UsedToken {
  fingerprint: string
  current: () => unknown
  snapshot: unknown
}

/** Stable JSON of a request (keys sorted, the token itself left out) to tell a retry from a different request. */
function fingerprint(input: object): string {
  const sorted = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString()
    if (Array.isArray(v)) return v.map(sorted)
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k, x]) => k !== 'ClientToken' && x !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, sorted(x)])
      )
    }
    return v
  }
  return JSON.stringify(sorted(input))
}

export class MediaPackageV2State {
  /** Channel groups by name, in creation order. */
  readonly groups = new Map<string, ChannelGroupRecord>()
  /** Writable: lower them to test the 402s. */
  readonly quotas: MediaPackageV2Quotas
  private readonly tokens = new Map<string, UsedToken>()

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly ids: IdSource,
    quotas: Partial<MediaPackageV2Quotas> = {}
  ) {
    this.quotas = { ...DEFAULT_MEDIAPACKAGEV2_QUOTAS, ...quotas }
  }

  private context(): BuildContext {
    return {
      region: this.region,
      accountId: this.accountId,
      now: new Date(),
      etag: () => this.ids.hex(32),
      label: () => this.ids.lowerAlnum(6)
    }
  }

  // Lookups

  group(name: string): ChannelGroupRecord | undefined {
    return this.groups.get(name)
  }

  channel(group: string, channel: string): ChannelRecordV2 | undefined {
    return this.groups.get(group)?.channels.get(channel)
  }

  endpoint(group: string, channel: string, endpoint: string): OriginEndpointRecord | undefined {
    return this.channel(group, channel)?.endpoints.get(endpoint)
  }

  requireGroup(name: string | undefined): ChannelGroupRecord {
    const g = this.groups.get(name ?? '')
    if (!g) throw notFound('CHANNEL_GROUP', `Channel group "${name}" was not found.`)
    return g
  }

  requireChannel(group: string | undefined, channel: string | undefined): ChannelRecordV2 {
    const c = this.requireGroup(group).channels.get(channel ?? '')
    if (!c) throw notFound('CHANNEL', `Channel "${channel}" was not found in channel group "${group}".`)
    return c
  }

  requireEndpoint(group: string | undefined, channel: string | undefined, endpoint: string | undefined): OriginEndpointRecord {
    const e = this.requireChannel(group, channel).endpoints.get(endpoint ?? '')
    if (!e) throw notFound('ORIGIN_ENDPOINT', `Origin endpoint "${endpoint}" was not found on channel "${group}/${channel}".`)
    return e
  }

  /** The channel group whose egress domain is `host` (case-insensitive, as DNS names are). */
  groupByEgressDomain(host: string): ChannelGroupRecord | undefined {
    const wanted = host.toLowerCase()
    for (const g of this.groups.values()) if (g.EgressDomain.toLowerCase() === wanted) return g
    return undefined
  }

  /** Every group, channel and endpoint, parents first. */
  *resources(): Generator<MediaPackageV2Resource> {
    for (const g of this.groups.values()) {
      yield { kind: 'channelGroup', record: g }
      for (const c of g.channels.values()) {
        yield { kind: 'channel', record: c }
        for (const e of c.endpoints.values()) yield { kind: 'originEndpoint', record: e }
      }
    }
  }

  resource(arn: string): MediaPackageV2Resource | undefined {
    for (const r of this.resources()) if (r.record.Arn === arn) return r
    return undefined
  }

  /**
   * ClientToken semantics: the same token with the same request answers what the first request
   * made (as it is now, or as it was if it is gone); with a different request it is a 409.
   */
  private idempotent<T>(operation: string, input: { ClientToken?: string | undefined }, current: () => T | undefined, create: () => T): T {
    if (input.ClientToken === undefined) return create()
    const key = `${operation}:${input.ClientToken}`
    const print = fingerprint(input)
    const used = this.tokens.get(key)
    if (used) {
      if (used.fingerprint !== print) {
        throw conflict('IDEMPOTENT_PARAMETER_MISMATCH', `ClientToken "${input.ClientToken}" was already used with different parameters.`)
      }
      return (used.current() ?? used.snapshot) as T
    }
    const made = create()
    this.tokens.set(key, { fingerprint: print, current, snapshot: structuredClone(made) })
    return made
  }

  private checkETag(record: { ETag: string }, etag: string | undefined, what: string): void {
    if (etag !== undefined && etag !== record.ETag) {
      throw conflict('CONFLICTING_OPERATION', `The ETag "${etag}" does not match the current ETag of ${what}; get it again and retry.`)
    }
  }

  // Channel groups

  createChannelGroup(input: CreateChannelGroupRequest): ChannelGroupRecord {
    checkInput(CreateChannelGroupShape, input)
    const name = input.ChannelGroupName ?? ''
    return this.idempotent(
      'CreateChannelGroup',
      input,
      () => this.groups.get(name),
      () => {
        if (this.groups.has(name)) throw conflict('RESOURCE_ALREADY_EXISTS', `Channel group "${name}" already exists.`)
        if (this.groups.size >= this.quotas.channelGroups) {
          throw quotaExceeded(`The account already has ${this.groups.size} channel groups, the most allowed (${this.quotas.channelGroups}).`)
        }
        const group = newChannelGroup(input, this.context())
        this.groups.set(name, group)
        return group
      }
    )
  }

  /** UpdateChannelGroup: Description only; a field left out keeps its value. */
  updateChannelGroup(input: UpdateChannelGroupRequest): ChannelGroupRecord {
    checkInput(UpdateChannelGroupShape, input)
    const group = this.requireGroup(input.ChannelGroupName)
    this.checkETag(group, input.ETag, `channel group "${group.ChannelGroupName}"`)
    if (input.Description !== undefined) group.Description = input.Description
    group.ModifiedAt = new Date()
    group.ETag = this.context().etag()
    return group
  }

  /** Refused while the group has channels; a group that doesn't exist is already deleted. */
  deleteChannelGroup(name: string): void {
    const group = this.groups.get(name)
    if (!group) return
    if (group.channels.size > 0) {
      throw conflict('RESOURCE_IN_USE', `Channel group "${name}" still has ${group.channels.size} channel(s); delete them and their origin endpoints first.`)
    }
    this.groups.delete(name)
  }

  // Channels

  createChannel(input: CreateChannelRequest): ChannelRecordV2 {
    checkInput(CreateChannelShape, input)
    const group = this.requireGroup(input.ChannelGroupName)
    const name = input.ChannelName ?? ''
    return this.idempotent(
      'CreateChannel',
      input,
      () => this.channel(group.ChannelGroupName, name),
      () => {
        if (group.channels.has(name))
          throw conflict('RESOURCE_ALREADY_EXISTS', `Channel "${name}" already exists in channel group "${group.ChannelGroupName}".`)
        if (group.channels.size >= this.quotas.channelsPerGroup) {
          throw quotaExceeded(
            `Channel group "${group.ChannelGroupName}" already has ${group.channels.size} channels, the most allowed (${this.quotas.channelsPerGroup}).`
          )
        }
        const channel = newChannel(input, group, this.context())
        group.channels.set(name, channel)
        return channel
      }
    )
  }

  /** UpdateChannel: Description and the MQCS settings; a field left out keeps its value. InputType can't change. */
  updateChannel(input: UpdateChannelRequest): ChannelRecordV2 {
    checkInput(UpdateChannelShape, input)
    const channel = this.requireChannel(input.ChannelGroupName, input.ChannelName)
    this.checkETag(channel, input.ETag, `channel "${channel.ChannelGroupName}/${channel.ChannelName}"`)
    checkChannelOptions(channel.InputType, input)
    if (input.Description !== undefined) channel.Description = input.Description
    if (input.InputSwitchConfiguration !== undefined) channel.InputSwitchConfiguration = { MQCSInputSwitching: false, ...input.InputSwitchConfiguration }
    if (input.OutputHeaderConfiguration !== undefined) channel.OutputHeaderConfiguration = { PublishMQCS: false, ...input.OutputHeaderConfiguration }
    channel.ModifiedAt = new Date()
    channel.ETag = this.context().etag()
    return channel
  }

  /** Refused while the channel has origin endpoints; a channel that doesn't exist is already deleted. */
  deleteChannel(group: string, name: string): void {
    const channel = this.channel(group, name)
    if (!channel) return
    if (channel.endpoints.size > 0) {
      throw conflict('RESOURCE_IN_USE', `Channel "${group}/${name}" still has ${channel.endpoints.size} origin endpoint(s); delete them first.`)
    }
    this.groups.get(group)?.channels.delete(name)
  }

  // Origin endpoints

  createOriginEndpoint(input: EndpointInput): OriginEndpointRecord {
    checkInput(CreateOriginEndpointShape, input)
    const channel = this.requireChannel(input.ChannelGroupName, input.ChannelName)
    const group = this.requireGroup(input.ChannelGroupName)
    const name = input.OriginEndpointName ?? ''
    return this.idempotent(
      'CreateOriginEndpoint',
      input,
      () => channel.endpoints.get(name),
      () => {
        if (channel.endpoints.has(name)) {
          throw conflict('RESOURCE_ALREADY_EXISTS', `Origin endpoint "${name}" already exists on channel "${channel.ChannelGroupName}/${channel.ChannelName}".`)
        }
        if (channel.endpoints.size >= this.quotas.endpointsPerChannel) {
          throw quotaExceeded(
            `Channel "${channel.ChannelGroupName}/${channel.ChannelName}" already has ${channel.endpoints.size} origin endpoints, the most allowed (${this.quotas.endpointsPerChannel}).`
          )
        }
        checkEndpointSettings(input, channel, this.quotas.manifestsPerEndpoint)
        const ctx = this.context()
        const endpoint = endpointRecord(
          input,
          {
            Arn: `${channel.Arn}/originEndpoint/${name}`,
            ChannelGroupName: channel.ChannelGroupName,
            ChannelName: channel.ChannelName,
            OriginEndpointName: name,
            CreatedAt: ctx.now,
            Tags: { ...(input.Tags ?? {}) }
          },
          group.EgressDomain,
          ctx
        )
        channel.endpoints.set(name, endpoint)
        return endpoint
      }
    )
  }

  /**
   * UpdateOriginEndpoint replaces every setting with the request's (ContainerType is required and
   * must not change); names, ARN, CreatedAt, tags and the policy stay.
   */
  updateOriginEndpoint(
    input: EndpointSettings & { ChannelGroupName?: string; ChannelName?: string; OriginEndpointName?: string; ETag?: string }
  ): OriginEndpointRecord {
    checkInput(UpdateOriginEndpointShape, input)
    const channel = this.requireChannel(input.ChannelGroupName, input.ChannelName)
    const existing = this.requireEndpoint(input.ChannelGroupName, input.ChannelName, input.OriginEndpointName)
    this.checkETag(existing, input.ETag, `origin endpoint "${existing.OriginEndpointName}"`)
    if (input.ContainerType !== existing.ContainerType) {
      throw validationError(
        'CONTAINER_TYPE_IMMUTABLE',
        `The ContainerType of origin endpoint "${existing.OriginEndpointName}" is ${existing.ContainerType}; it can't change.`
      )
    }
    checkEndpointSettings(input, channel, this.quotas.manifestsPerEndpoint)
    const next = endpointRecord(input, existing, this.requireGroup(input.ChannelGroupName).EgressDomain, this.context())
    if (existing.policy !== undefined) next.policy = existing.policy
    channel.endpoints.set(existing.OriginEndpointName, next)
    return next
  }

  /** Deleting an endpoint deletes its policy with it; one that doesn't exist is already deleted. */
  deleteOriginEndpoint(group: string, channel: string, name: string): void {
    this.channel(group, channel)?.endpoints.delete(name)
  }

  // Policies

  putChannelPolicy(input: PolicyInput): void {
    checkInput(PutChannelPolicyShape, input)
    const channel = this.requireChannel(input.ChannelGroupName, input.ChannelName)
    checkPolicyDocument(input.Policy ?? '')
    channel.policy = input.Policy
  }

  /** PutOriginEndpointPolicy replaces the endpoint's one policy. */
  putOriginEndpointPolicy(input: PolicyInput): void {
    checkInput(PutOriginEndpointPolicyShape, input)
    const endpoint = this.requireEndpoint(input.ChannelGroupName, input.ChannelName, input.OriginEndpointName)
    checkPolicyDocument(input.Policy ?? '')
    endpoint.policy = input.Policy
  }

  // Tags

  /** The tags of a group, channel or endpoint; an unknown ARN is a ValidationException (the only error these operations model). */
  private tagged(arn: string): { Tags: Record<string, string> } {
    const r = this.resource(arn)
    if (!r) throw validationError(undefined, `No MediaPackage v2 resource has the ARN "${arn}".`)
    return r.record
  }

  tagsOf(arn: string): Record<string, string> {
    return this.tagged(arn).Tags
  }

  tagResource(arn: string, tags: Record<string, string>): void {
    Object.assign(this.tagged(arn).Tags, tags)
  }

  untagResource(arn: string, keys: readonly string[]): void {
    const tags = this.tagged(arn).Tags
    for (const key of keys) delete tags[key]
  }
}
