/**
 * MediaPackage v1 over its REST-JSON wire protocol: lowerCamel JSON bodies (`hlsIngest`,
 * `originEndpoints`, `nextToken`), errors as `x-amzn-ErrorType` + `{"message"}`.
 */
import {
  CreateChannelRequest$,
  CreateChannelResponse$,
  CreateOriginEndpointRequest$,
  DescribeChannelResponse$,
  DescribeOriginEndpointResponse$,
  ListChannelsResponse$,
  ListOriginEndpointsResponse$,
  ListTagsForResourceResponse$,
  TagResourceRequest$,
  UpdateChannelRequest$,
  UpdateChannelResponse$,
  UpdateOriginEndpointRequest$,
  UpdateOriginEndpointResponse$,
  CreateOriginEndpointResponse$,
  type CreateChannelRequest,
  type CreateOriginEndpointRequest,
  type UpdateOriginEndpointRequest
} from '@aws-sdk/client-mediapackage'
import { CodecError, readJson, writeJson, type SchemaRef } from './json-codec.js'
import { updatedEndpoint } from './mediapackage-model.js'
import { decodePageToken, encodePageToken } from './pages.js'
import { ServiceError } from './service-error.js'
import type { FakeState } from './state.js'
import type { RoutedOperation, ServiceHandler, WireRequest, WireResponse } from './wire.js'

const JSON_OPTIONS = { useJsonName: true }
/** MediaPackage's default page size is not documented; 50 is the fake's choice. */
export const MEDIAPACKAGE_DEFAULT_PAGE = 50
const MEDIAPACKAGE_MAX_PAGE = 1000

const unprocessable = (message: string) => new ServiceError('UnprocessableEntityException', 422, message)
const notFound = (message: string) => new ServiceError('NotFoundException', 404, message)

function body<T>(request: WireRequest, schema: SchemaRef): T {
  let parsed: unknown = {}
  if (request.body.trim() !== '') {
    try {
      parsed = JSON.parse(request.body)
    } catch {
      throw unprocessable('The request body is not valid JSON.')
    }
  }
  try {
    return (readJson(schema, parsed, JSON_OPTIONS) ?? {}) as T
  } catch (error) {
    if (error instanceof CodecError) throw unprocessable(error.message)
    throw error
  }
}

function ok(schema: SchemaRef, value: unknown, status = 200): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(writeJson(schema, value, JSON_OPTIONS) ?? {})
  }
}

const noContent = (status: number): WireResponse => ({ status, headers: { 'content-type': 'application/json' }, body: '' })

export class MediaPackageService implements ServiceHandler {
  readonly service = 'mediapackage' as const

  constructor(
    private readonly state: FakeState,
    private readonly pageSize: number | undefined
  ) {}

  private pageLimit(request: WireRequest): number {
    const asked = request.query.get('maxResults')
    const n = asked === null ? MEDIAPACKAGE_DEFAULT_PAGE : Number(asked)
    if (!Number.isInteger(n) || n < 1 || n > MEDIAPACKAGE_MAX_PAGE) throw unprocessable(`maxResults must be between 1 and ${MEDIAPACKAGE_MAX_PAGE}.`)
    return Math.min(n, this.pageSize ?? Number.POSITIVE_INFINITY)
  }

  private page<T>(request: WireRequest, kind: string, items: T[]): { items: T[]; NextToken?: string } {
    const limit = this.pageLimit(request)
    const token = request.query.get('nextToken')
    const offset = token === null ? 0 : decodePageToken(token, kind)
    if (offset === undefined) throw unprocessable('The nextToken is not valid.')
    const slice = items.slice(offset, offset + limit)
    const end = offset + slice.length
    return end < items.length ? { items: slice, NextToken: encodePageToken(kind, end) } : { items: slice }
  }

  private channel(id: string) {
    const c = this.state.channels.get(id)
    if (!c) throw notFound(`Channel "${id}" not found.`)
    return c
  }

  private endpoint(id: string) {
    const e = this.state.endpoints.get(id)
    if (!e) throw notFound(`OriginEndpoint "${id}" not found.`)
    return e
  }

  route(request: WireRequest): RoutedOperation | undefined {
    const segments = request.rawPath
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent)
    const [collection, id, extra] = segments
    const { method } = request
    if (extra !== undefined) return undefined
    const op = (operation: string, mutating: boolean, run: () => WireResponse): RoutedOperation => ({ operation, mutating, run })

    if (collection === 'channels') {
      if (id === undefined && method === 'POST') {
        return op('CreateChannel', true, () => ok(CreateChannelResponse$, this.state.createChannel(body<CreateChannelRequest>(request, CreateChannelRequest$))))
      }
      if (id === undefined && method === 'GET') {
        return op('ListChannels', false, () => {
          const { items, NextToken } = this.page(request, 'channels', [...this.state.channels.values()])
          return ok(ListChannelsResponse$, { Channels: items, NextToken })
        })
      }
      if (id !== undefined && method === 'GET') return op('DescribeChannel', false, () => ok(DescribeChannelResponse$, this.channel(id)))
      if (id !== undefined && method === 'PUT') {
        return op('UpdateChannel', true, () => {
          const channel = this.channel(id)
          const input = body<{ Description?: string }>(request, UpdateChannelRequest$)
          if (input.Description !== undefined) channel.Description = input.Description
          return ok(UpdateChannelResponse$, channel)
        })
      }
      if (id !== undefined && method === 'DELETE') {
        return op('DeleteChannel', true, () => {
          this.channel(id)
          if ([...this.state.endpoints.values()].some((e) => e.ChannelId === id)) {
            throw unprocessable(`Channel "${id}" still has origin endpoints; delete them first.`)
          }
          this.state.channels.delete(id)
          return noContent(202)
        })
      }
    }

    if (collection === 'origin_endpoints') {
      if (id === undefined && method === 'POST') {
        return op('CreateOriginEndpoint', true, () =>
          ok(CreateOriginEndpointResponse$, this.state.createEndpoint(body<CreateOriginEndpointRequest>(request, CreateOriginEndpointRequest$)))
        )
      }
      if (id === undefined && method === 'GET') {
        return op('ListOriginEndpoints', false, () => {
          const channelId = request.query.get('channelId')
          const all = [...this.state.endpoints.values()].filter((e) => channelId === null || e.ChannelId === channelId)
          const { items, NextToken } = this.page(request, `endpoints:${channelId ?? ''}`, all)
          return ok(ListOriginEndpointsResponse$, { OriginEndpoints: items, NextToken })
        })
      }
      if (id !== undefined && method === 'GET') return op('DescribeOriginEndpoint', false, () => ok(DescribeOriginEndpointResponse$, this.endpoint(id)))
      if (id !== undefined && method === 'PUT') {
        return op('UpdateOriginEndpoint', true, () => {
          const existing = this.endpoint(id)
          const input = body<UpdateOriginEndpointRequest>(request, UpdateOriginEndpointRequest$)
          // The SDK can't send channelId on update; a raw request can, and AWS refuses a change.
          const raw = JSON.parse(request.body || '{}') as { channelId?: unknown }
          const channelId = typeof raw.channelId === 'string' ? raw.channelId : undefined
          const next = updatedEndpoint(existing, { ...input, ...(channelId !== undefined ? { ChannelId: channelId } : {}) }, this.state.mediaPackage)
          this.state.endpoints.set(id, next)
          return ok(UpdateOriginEndpointResponse$, next)
        })
      }
      if (id !== undefined && method === 'DELETE') {
        return op('DeleteOriginEndpoint', true, () => {
          this.endpoint(id)
          this.state.endpoints.delete(id)
          return noContent(202)
        })
      }
    }

    if (collection === 'tags' && id !== undefined) {
      const resource = () => {
        const r = this.state.mediaPackageResource(id)
        if (!r) throw notFound(`Resource "${id}" not found.`)
        return r
      }
      if (method === 'GET') return op('ListTagsForResource', false, () => ok(ListTagsForResourceResponse$, { Tags: resource().Tags }))
      if (method === 'POST') {
        return op('TagResource', true, () => {
          const r = resource()
          const input = body<{ Tags?: Record<string, string> }>(request, TagResourceRequest$)
          if (!input.Tags) throw unprocessable('tags is required.')
          Object.assign(r.Tags, input.Tags)
          return noContent(204)
        })
      }
      if (method === 'DELETE') {
        return op('UntagResource', true, () => {
          const r = resource()
          for (const key of request.query.getAll('tagKeys')) delete r.Tags[key]
          return noContent(204)
        })
      }
    }
    return undefined
  }

  renderError(error: ServiceError, requestId: string): WireResponse {
    return {
      status: error.status,
      headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': error.code, 'x-amzn-RequestId': requestId },
      body: JSON.stringify({ message: error.message })
    }
  }
}
