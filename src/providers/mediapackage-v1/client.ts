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
import { call, errorName, wrapAwsError } from '../../aws/errors.js'

const SERVICE = 'mediapackage'

/** Exactly the MediaPackage v1 calls the action makes, with typed results and wrapped errors. */
export class MediaPackage {
  constructor(private readonly client: MediaPackageClient) {}

  /** The channel, or undefined when it does not exist. */
  async describeChannel(id: string): Promise<Channel | undefined> {
    try {
      return await this.client.send(new DescribeChannelCommand({ Id: id }))
    } catch (error) {
      if (errorName(error) === 'NotFoundException') return undefined
      throw wrapAwsError(error, SERVICE, 'DescribeChannel', `channel ${id}`)
    }
  }

  createChannel(id: string, description: string | undefined, tags: Record<string, string> | undefined): Promise<Channel> {
    return call(SERVICE, 'CreateChannel', `channel ${id}`, () => this.client.send(new CreateChannelCommand({ Id: id, Description: description, Tags: tags })))
  }

  updateChannel(id: string, description: string): Promise<Channel> {
    return call(SERVICE, 'UpdateChannel', `channel ${id}`, () => this.client.send(new UpdateChannelCommand({ Id: id, Description: description })))
  }

  /** Adds or overwrites tags; never removes one. */
  async tagResource(arn: string, tags: Record<string, string>): Promise<void> {
    await call(SERVICE, 'TagResource', arn, () => this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })))
  }

  /** Every endpoint of the channel, all pages. */
  async listEndpoints(channelId: string): Promise<OriginEndpoint[]> {
    const endpoints: OriginEndpoint[] = []
    try {
      for await (const page of paginateListOriginEndpoints({ client: this.client }, { ChannelId: channelId, MaxResults: 1000 })) {
        endpoints.push(...(page.OriginEndpoints ?? []))
      }
      return endpoints
    } catch (error) {
      // Listed alongside DescribeChannel, before we know the channel exists: no channel, no endpoints.
      if (errorName(error) === 'NotFoundException') return []
      throw wrapAwsError(error, SERVICE, 'ListOriginEndpoints', `channel ${channelId}`)
    }
  }

  createEndpoint(request: CreateOriginEndpointRequest): Promise<OriginEndpoint> {
    return call(SERVICE, 'CreateOriginEndpoint', `endpoint ${request.Id}`, () => this.client.send(new CreateOriginEndpointCommand(request)))
  }

  /** Creates the endpoint; undefined while MediaPackage does not know the channel yet (right after CreateChannel). */
  async createEndpointUnlessChannelMissing(request: CreateOriginEndpointRequest): Promise<OriginEndpoint | undefined> {
    try {
      return await this.client.send(new CreateOriginEndpointCommand(request))
    } catch (error) {
      if (errorName(error) === 'NotFoundException') return undefined
      throw wrapAwsError(error, SERVICE, 'CreateOriginEndpoint', `endpoint ${request.Id}`)
    }
  }

  updateEndpoint(request: UpdateOriginEndpointRequest): Promise<OriginEndpoint> {
    return call(SERVICE, 'UpdateOriginEndpoint', `endpoint ${request.Id}`, () => this.client.send(new UpdateOriginEndpointCommand(request)))
  }

  /** Deletes the endpoint; `gone` when it was already deleted. */
  async deleteEndpoint(id: string): Promise<'deleted' | 'gone'> {
    try {
      await this.client.send(new DeleteOriginEndpointCommand({ Id: id }))
      return 'deleted'
    } catch (error) {
      if (errorName(error) === 'NotFoundException') return 'gone'
      throw wrapAwsError(error, SERVICE, 'DeleteOriginEndpoint', `endpoint ${id}`)
    }
  }

  /**
   * Deletes the channel; `gone` when it was already deleted, `has-endpoints` when MediaPackage refuses
   * because endpoints remain (what AWS answers then is not documented: 422 is assumed, see test/fake-aws/README.md).
   */
  async deleteChannel(id: string): Promise<'deleted' | 'gone' | 'has-endpoints'> {
    try {
      await this.client.send(new DeleteChannelCommand({ Id: id }))
      return 'deleted'
    } catch (error) {
      if (errorName(error) === 'NotFoundException') return 'gone'
      if (errorName(error) === 'UnprocessableEntityException') return 'has-endpoints'
      throw wrapAwsError(error, SERVICE, 'DeleteChannel', `channel ${id}`)
    }
  }

  /** The endpoint, or undefined when it does not exist (ids are unique per Region, across channels). */
  async describeEndpoint(id: string): Promise<OriginEndpoint | undefined> {
    try {
      return await this.client.send(new DescribeOriginEndpointCommand({ Id: id }))
    } catch (error) {
      if (errorName(error) === 'NotFoundException') return undefined
      throw wrapAwsError(error, SERVICE, 'DescribeOriginEndpoint', `endpoint ${id}`)
    }
  }
}
