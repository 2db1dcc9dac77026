import {
  CreateChannelCommand,
  CreateChannelGroupCommand,
  CreateOriginEndpointCommand,
  DeleteChannelCommand,
  DeleteChannelGroupCommand,
  DeleteOriginEndpointCommand,
  GetChannelCommand,
  GetChannelGroupCommand,
  GetOriginEndpointCommand,
  GetOriginEndpointPolicyCommand,
  PutOriginEndpointPolicyCommand,
  TagResourceCommand,
  UpdateChannelCommand,
  UpdateChannelGroupCommand,
  UpdateOriginEndpointCommand,
  paginateListChannels,
  paginateListOriginEndpoints,
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

  /** The names of every channel of the group, all pages; none when the group is gone. */
  async listChannelNames(group: string): Promise<string[]> {
    const names = await this.aws.call({
      operation: 'ListChannels',
      resource: `channel group ${group}`,
      send: async () => {
        const found: string[] = []
        for await (const page of paginateListChannels({ client: this.client }, { ChannelGroupName: group, MaxResults: 100 })) {
          found.push(...(page.Items ?? []).flatMap((item) => (item.ChannelName ? [item.ChannelName] : [])))
        }
        return found
      },
      expected: NOT_FOUND
    })
    return names ?? []
  }

  /** The names of every endpoint of the channel, all pages; none when the channel is gone. */
  async listEndpointNames(group: string, channel: string): Promise<string[]> {
    const names = await this.aws.call({
      operation: 'ListOriginEndpoints',
      resource: `channel ${group}/${channel}`,
      send: async () => {
        const found: string[] = []
        const request = { ChannelGroupName: group, ChannelName: channel, MaxResults: 100 }
        for await (const page of paginateListOriginEndpoints({ client: this.client }, request)) {
          found.push(...(page.Items ?? []).flatMap((item) => (item.OriginEndpointName ? [item.OriginEndpointName] : [])))
        }
        return found
      },
      expected: NOT_FOUND
    })
    return names ?? []
  }

  /** Deletes the endpoint; its endpoint policy is part of it and goes with it. `gone`: it was not there. */
  async deleteEndpoint(at: EndpointAt): Promise<'deleted' | 'gone'> {
    const done = await this.aws.call({
      operation: 'DeleteOriginEndpoint',
      resource: endpointName(at),
      send: async () => {
        await this.client.send(new DeleteOriginEndpointCommand(names(at)))
        return 'deleted' as const
      },
      expected: NOT_FOUND
    })
    return done ?? 'gone'
  }

  /** `in-use`: MediaPackage v2 refuses to delete a channel that still has endpoints (409 ConflictException). */
  deleteChannel(group: string, channel: string): Promise<'deleted' | 'gone' | 'in-use'> {
    return this.deleteOrInUse('DeleteChannel', `channel ${group}/${channel}`, () =>
      this.client.send(new DeleteChannelCommand({ ChannelGroupName: group, ChannelName: channel }))
    )
  }

  /** `in-use`: MediaPackage v2 refuses to delete a channel group that still has channels (409 ConflictException). */
  deleteChannelGroup(group: string): Promise<'deleted' | 'gone' | 'in-use'> {
    return this.deleteOrInUse('DeleteChannelGroup', `channel group ${group}`, () =>
      this.client.send(new DeleteChannelGroupCommand({ ChannelGroupName: group }))
    )
  }

  private async deleteOrInUse(operation: string, resource: string, send: () => Promise<unknown>): Promise<'deleted' | 'gone' | 'in-use'> {
    const done = await this.aws.call({
      operation,
      resource,
      send: async (): Promise<'deleted' | 'in-use'> => {
        try {
          await send()
          return 'deleted'
        } catch (error) {
          if ((error as Error).name === 'ConflictException') return 'in-use'
          throw error
        }
      },
      expected: NOT_FOUND
    })
    return done ?? 'gone'
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
