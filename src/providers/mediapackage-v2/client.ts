import {
  CreateChannelCommand,
  CreateChannelGroupCommand,
  CreateOriginEndpointCommand,
  GetChannelCommand,
  GetChannelGroupCommand,
  GetOriginEndpointCommand,
  GetOriginEndpointPolicyCommand,
  PutOriginEndpointPolicyCommand,
  TagResourceCommand,
  UpdateChannelCommand,
  UpdateChannelGroupCommand,
  UpdateOriginEndpointCommand,
  type CreateChannelGroupRequest,
  type CreateChannelRequest,
  type CreateOriginEndpointRequest,
  type GetChannelGroupResponse,
  type GetChannelResponse,
  type GetOriginEndpointResponse,
  type MediaPackageV2Client,
  type UpdateChannelGroupRequest,
  type UpdateChannelRequest,
  type UpdateOriginEndpointRequest
} from '@aws-sdk/client-mediapackagev2'
import { AwsCaller } from '../../aws/call.js'

export type ChannelGroup = GetChannelGroupResponse
export type Channel = GetChannelResponse
export type OriginEndpoint = GetOriginEndpointResponse

/** Where an endpoint is: v2 names are the identifiers. */
export interface EndpointAt {
  group: string
  channel: string
  endpoint: string
}

const NOT_FOUND = ['ResourceNotFoundException']
// A name that exists (a racing run) or a stale ETag: the caller reads again and decides.
const CONFLICT = ['ConflictException']

/** Exactly the MediaPackage v2 calls the action makes, with typed results and wrapped errors. */
export class MediaPackageV2 {
  constructor(
    private readonly client: MediaPackageV2Client,
    private readonly aws: AwsCaller = new AwsCaller('mediapackagev2')
  ) {}

  getChannelGroup(group: string): Promise<ChannelGroup | undefined> {
    return this.aws.call({
      operation: 'GetChannelGroup',
      resource: `channel group ${group}`,
      send: () => this.client.send(new GetChannelGroupCommand({ ChannelGroupName: group })),
      expected: NOT_FOUND
    })
  }

  /** Undefined when the name exists already (409 ConflictException). */
  async createChannelGroup(request: CreateChannelGroupRequest): Promise<ChannelGroup | undefined> {
    return this.aws.call({
      operation: 'CreateChannelGroup',
      resource: `channel group ${request.ChannelGroupName}`,
      send: () => this.client.send(new CreateChannelGroupCommand(request)),
      expected: CONFLICT
    })
  }

  /** Undefined when the ETag is stale (409 ConflictException): read again and re-apply. */
  updateChannelGroup(request: UpdateChannelGroupRequest): Promise<ChannelGroup | undefined> {
    return this.aws.call({
      operation: 'UpdateChannelGroup',
      resource: `channel group ${request.ChannelGroupName}`,
      send: () => this.client.send(new UpdateChannelGroupCommand(request)),
      expected: CONFLICT
    })
  }

  getChannel(group: string, channel: string): Promise<Channel | undefined> {
    return this.aws.call({
      operation: 'GetChannel',
      resource: `channel ${group}/${channel}`,
      send: () => this.client.send(new GetChannelCommand({ ChannelGroupName: group, ChannelName: channel })),
      expected: NOT_FOUND
    })
  }

  createChannel(request: CreateChannelRequest): Promise<Channel | undefined> {
    return this.aws.call({
      operation: 'CreateChannel',
      resource: `channel ${request.ChannelGroupName}/${request.ChannelName}`,
      send: () => this.client.send(new CreateChannelCommand(request)),
      expected: CONFLICT
    })
  }

  updateChannel(request: UpdateChannelRequest): Promise<Channel | undefined> {
    return this.aws.call({
      operation: 'UpdateChannel',
      resource: `channel ${request.ChannelGroupName}/${request.ChannelName}`,
      send: () => this.client.send(new UpdateChannelCommand(request)),
      expected: CONFLICT
    })
  }

  getEndpoint(at: EndpointAt): Promise<OriginEndpoint | undefined> {
    return this.aws.call({
      operation: 'GetOriginEndpoint',
      resource: endpointName(at),
      send: () => this.client.send(new GetOriginEndpointCommand(names(at))),
      expected: NOT_FOUND
    })
  }

  createEndpoint(request: CreateOriginEndpointRequest): Promise<OriginEndpoint | undefined> {
    return this.aws.call({
      operation: 'CreateOriginEndpoint',
      resource: endpointName(atOf(request)),
      send: () => this.client.send(new CreateOriginEndpointCommand(request)),
      expected: CONFLICT
    })
  }

  updateEndpoint(request: UpdateOriginEndpointRequest): Promise<OriginEndpoint | undefined> {
    return this.aws.call({
      operation: 'UpdateOriginEndpoint',
      resource: endpointName(atOf(request)),
      send: () => this.client.send(new UpdateOriginEndpointCommand(request)),
      expected: CONFLICT
    })
  }

  /** The endpoint's policy document, or undefined when it has none (or does not exist yet). */
  async getEndpointPolicy(at: EndpointAt): Promise<string | undefined> {
    const answer = await this.aws.call({
      operation: 'GetOriginEndpointPolicy',
      resource: endpointName(at),
      send: () => this.client.send(new GetOriginEndpointPolicyCommand(names(at))),
      expected: NOT_FOUND
    })
    return answer?.Policy
  }

  /** Replaces the whole policy document. */
  async putEndpointPolicy(at: EndpointAt, policy: string): Promise<void> {
    await this.aws.call({
      operation: 'PutOriginEndpointPolicy',
      resource: endpointName(at),
      send: () => this.client.send(new PutOriginEndpointPolicyCommand({ ...names(at), Policy: policy }))
    })
  }

  /** Adds or overwrites tags; never removes one. */
  async tagResource(arn: string, tags: Record<string, string>): Promise<void> {
    await this.aws.call({ operation: 'TagResource', resource: arn, send: () => this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })) })
  }
}

function names(at: EndpointAt) {
  return { ChannelGroupName: at.group, ChannelName: at.channel, OriginEndpointName: at.endpoint }
}

function atOf(request: { ChannelGroupName?: string | undefined; ChannelName?: string | undefined; OriginEndpointName?: string | undefined }): EndpointAt {
  return { group: request.ChannelGroupName ?? '', channel: request.ChannelName ?? '', endpoint: request.OriginEndpointName ?? '' }
}

function endpointName(at: EndpointAt): string {
  return `endpoint ${at.group}/${at.channel}/${at.endpoint}`
}
