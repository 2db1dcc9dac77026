import {
  CreateChannelCommand,
  CreateOriginEndpointCommand,
  DeleteChannelCommand,
  DeleteOriginEndpointCommand,
  DescribeChannelCommand,
  DescribeOriginEndpointCommand,
  paginateListOriginEndpoints,
  TagResourceCommand,
  UpdateChannelCommand,
  UpdateOriginEndpointCommand,
  type Channel,
  type CreateOriginEndpointRequest,
  type MediaPackageClient,
  type OriginEndpoint,
  type UpdateOriginEndpointRequest
} from '@aws-sdk/client-mediapackage'
import { AwsCaller } from '../../aws/call.js'

/** Exactly the MediaPackage v1 calls the action makes, with typed results and wrapped errors. */
export class MediaPackage {
  constructor(
    private readonly client: MediaPackageClient,
    private readonly aws: AwsCaller = new AwsCaller('mediapackage')
  ) {}

  /** The channel, or undefined when it does not exist. */
  describeChannel(id: string): Promise<Channel | undefined> {
    return this.aws.call({
      operation: 'DescribeChannel',
      resource: `channel ${id}`,
      send: () => this.client.send(new DescribeChannelCommand({ Id: id })),
      expected: ['NotFoundException']
    })
  }

  createChannel(id: string, description: string | undefined, tags: Record<string, string> | undefined): Promise<Channel> {
    return this.aws.call({
      operation: 'CreateChannel',
      resource: `channel ${id}`,
      send: () => this.client.send(new CreateChannelCommand({ Id: id, Description: description, Tags: tags }))
    })
  }

  updateChannel(id: string, description: string): Promise<Channel> {
    return this.aws.call({
      operation: 'UpdateChannel',
      resource: `channel ${id}`,
      send: () => this.client.send(new UpdateChannelCommand({ Id: id, Description: description }))
    })
  }

  /** Adds or overwrites tags; never removes one. */
  async tagResource(arn: string, tags: Record<string, string>): Promise<void> {
    await this.aws.call({ operation: 'TagResource', resource: arn, send: () => this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })) })
  }

  /** Every endpoint of the channel, all pages. */
  async listEndpoints(channelId: string): Promise<OriginEndpoint[]> {
    const all = await this.aws.call({
      operation: 'ListOriginEndpoints',
      resource: `channel ${channelId}`,
      send: async () => {
        const endpoints: OriginEndpoint[] = []
        for await (const page of paginateListOriginEndpoints({ client: this.client }, { ChannelId: channelId, MaxResults: 1000 })) {
          endpoints.push(...(page.OriginEndpoints ?? []))
        }
        return endpoints
      },
      // Listed alongside DescribeChannel, before we know the channel exists: no channel, no endpoints.
      expected: ['NotFoundException']
    })
    return all ?? []
  }

  createEndpoint(request: CreateOriginEndpointRequest): Promise<OriginEndpoint> {
    return this.aws.call({
      operation: 'CreateOriginEndpoint',
      resource: `endpoint ${request.Id}`,
      send: () => this.client.send(new CreateOriginEndpointCommand(request))
    })
  }

  /** Creates the endpoint; undefined while MediaPackage does not know the channel yet (right after CreateChannel). */
  createEndpointUnlessChannelMissing(request: CreateOriginEndpointRequest): Promise<OriginEndpoint | undefined> {
    return this.aws.call({
      operation: 'CreateOriginEndpoint',
      resource: `endpoint ${request.Id}`,
      send: () => this.client.send(new CreateOriginEndpointCommand(request)),
      expected: ['NotFoundException']
    })
  }

  updateEndpoint(request: UpdateOriginEndpointRequest): Promise<OriginEndpoint> {
    return this.aws.call({
      operation: 'UpdateOriginEndpoint',
      resource: `endpoint ${request.Id}`,
      send: () => this.client.send(new UpdateOriginEndpointCommand(request))
    })
  }

  /** Deletes the endpoint; `gone` when it was already deleted. */
  async deleteEndpoint(id: string): Promise<'deleted' | 'gone'> {
    const done = await this.aws.call({
      operation: 'DeleteOriginEndpoint',
      resource: `endpoint ${id}`,
      send: async () => {
        await this.client.send(new DeleteOriginEndpointCommand({ Id: id }))
        return 'deleted' as const
      },
      expected: ['NotFoundException']
    })
    return done ?? 'gone'
  }

  /** `has-endpoints`: MediaPackage refuses to delete a channel that still has endpoints (422). */
  async deleteChannel(id: string): Promise<'deleted' | 'gone' | 'has-endpoints'> {
    return (
      (await this.aws.call({
        operation: 'DeleteChannel',
        resource: `channel ${id}`,
        send: async (): Promise<'deleted' | 'has-endpoints'> => {
          try {
            await this.client.send(new DeleteChannelCommand({ Id: id }))
            return 'deleted'
          } catch (error) {
            if ((error as Error).name === 'UnprocessableEntityException') return 'has-endpoints'
            throw error
          }
        },
        expected: ['NotFoundException']
      })) ?? 'gone'
    )
  }

  /** The endpoint, or undefined when it does not exist (ids are unique per Region, across channels). */
  describeEndpoint(id: string): Promise<OriginEndpoint | undefined> {
    return this.aws.call({
      operation: 'DescribeOriginEndpoint',
      resource: `endpoint ${id}`,
      send: () => this.client.send(new DescribeOriginEndpointCommand({ Id: id })),
      expected: ['NotFoundException']
    })
  }
}
