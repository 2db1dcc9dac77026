/**
 * MediaPackage v2 over its REST-JSON wire protocol (`/channelGroup/…`, `/tags/{arn}`): bodies with
 * the model's member names (see mediapackagev2-shapes.ts), names in the URI, `x-amzn-client-token`
 * and `x-amzn-update-if-match` headers, errors as `x-amzn-ErrorType` + `{"Message", …Type}`.
 */
import type {
  CreateChannelGroupRequest as CreateChannelGroupInput,
  CreateChannelRequest as CreateChannelInput,
  UpdateChannelGroupRequest as UpdateChannelGroupInput,
  UpdateChannelRequest as UpdateChannelInput
} from '@aws-sdk/client-mediapackagev2'
import { CodecError, readJson, writeJson } from './json-codec.js'
import { MediaPackageV2Error, validationError, type EndpointInput, type EndpointSettings } from './mediapackagev2-model.js'
import {
  CreateChannelGroupRequest,
  CreateChannelGroupResponse,
  CreateChannelRequest,
  CreateChannelResponse,
  CreateOriginEndpointRequest,
  CreateOriginEndpointResponse,
  ErrorBody,
  GetChannelGroupResponse,
  GetChannelPolicyResponse,
  GetChannelResponse,
  GetOriginEndpointPolicyResponse,
  GetOriginEndpointResponse,
  ListChannelGroupsResponse,
  ListChannelsResponse,
  ListOriginEndpointsResponse,
  ListTagsForResourceResponse,
  PutChannelPolicyRequest,
  PutOriginEndpointPolicyRequest,
  RESOURCE_NAME_PATTERN,
  schemaOf,
  TagResourceRequest,
  UpdateChannelGroupRequest,
  UpdateChannelGroupResponse,
  UpdateChannelRequest,
  UpdateChannelResponse,
  UpdateOriginEndpointRequest,
  UpdateOriginEndpointResponse
} from './mediapackagev2-shapes.js'
import type { MediaPackageV2State, PolicyInput } from './mediapackagev2-state.js'
import { decodePageToken, encodePageToken } from './pages.js'
import type { StructureShape } from './shape-schema.js'
import type { ServiceError } from './service-error.js'
import { header, type RoutedOperation, type ServiceHandler, type WireRequest, type WireResponse } from './wire.js'

const JSON_OPTIONS = { useJsonName: true }
/** ListResourceMaxResults is 1–100 in the model; the default page size is not documented, 50 is the fake's choice. */
export const MEDIAPACKAGEV2_DEFAULT_PAGE = 50
const MEDIAPACKAGEV2_MAX_PAGE = 100

type Body = Record<string, unknown>

function body<T = Body>(request: WireRequest, shape: StructureShape): T {
  let parsed: unknown = {}
  if (request.body.trim() !== '') {
    try {
      parsed = JSON.parse(request.body)
    } catch {
      throw validationError(undefined, 'The request body is not valid JSON.')
    }
  }
  try {
    return (readJson(schemaOf(shape), parsed, JSON_OPTIONS) ?? {}) as T
  } catch (error) {
    if (error instanceof CodecError) throw validationError('MEMBER_INVALID', error.message)
    throw error
  }
}

function ok(shape: StructureShape, value: unknown, status = 200): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(writeJson(schemaOf(shape), value, JSON_OPTIONS) ?? {}) }
}

const empty = (status = 200): WireResponse => ({ status, headers: { 'content-type': 'application/json' }, body: status === 204 ? '' : '{}' })

/** A name in the URI must be a ResourceName too; AWS checks labels like any other member. */
function checkName(what: string, name: string): string {
  if (name.length > 256) throw validationError('MEMBER_MAX_LENGTH', `${what} must be at most 256 characters long.`)
  if (!RESOURCE_NAME_PATTERN.test(name)) throw validationError('MEMBER_DOES_NOT_MATCH_PATTERN', `${what} "${name}" does not match the pattern [a-zA-Z0-9_-]+.`)
  return name
}

export class MediaPackageV2Service implements ServiceHandler {
  readonly service = 'mediapackagev2' as const

  constructor(
    private readonly state: MediaPackageV2State,
    private readonly pageSize: number | undefined
  ) {}

  private page<T>(request: WireRequest, kind: string, items: T[]): { Items: T[]; NextToken?: string } {
    const asked = request.query.get('maxResults')
    const max = asked === null ? MEDIAPACKAGEV2_DEFAULT_PAGE : Number(asked)
    if (!Number.isInteger(max) || max < 1 || max > MEDIAPACKAGEV2_MAX_PAGE) {
      throw validationError('INVALID_PAGINATION_MAX_RESULTS', `maxResults must be between 1 and ${MEDIAPACKAGEV2_MAX_PAGE}.`)
    }
    const limit = Math.min(max, this.pageSize ?? Number.POSITIVE_INFINITY)
    const token = request.query.get('nextToken')
    const offset = token === null ? 0 : decodePageToken(token, kind)
    if (offset === undefined) throw validationError('INVALID_PAGINATION_TOKEN', 'The nextToken is not valid.')
    const slice = items.slice(offset, offset + limit)
    const end = offset + slice.length
    return end < items.length ? { Items: slice, NextToken: encodePageToken(kind, end) } : { Items: slice }
  }

  route(request: WireRequest): RoutedOperation | undefined {
    const segments = request.rawPath
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent)
    const { method } = request
    const op = (operation: string, mutating: boolean, run: () => WireResponse): RoutedOperation => ({ operation, mutating, run })
    const token = header(request, 'x-amzn-client-token')
    const etag = header(request, 'x-amzn-update-if-match')
    const withHeaders = <T extends object>(input: T): T & { ClientToken?: string; ETag?: string } => ({
      ...input,
      ...(token !== undefined ? { ClientToken: token } : {}),
      ...(etag !== undefined ? { ETag: etag } : {})
    })
    const s = this.state

    if (segments[0] === 'tags' && segments.length === 2) {
      const arn = segments[1] ?? ''
      if (method === 'GET') return op('ListTagsForResource', false, () => ok(ListTagsForResourceResponse, { Tags: s.tagsOf(arn) }))
      if (method === 'POST') {
        return op('TagResource', true, () => {
          const input = body<{ Tags?: Record<string, string> }>(request, TagResourceRequest)
          if (!input.Tags) throw validationError('MEMBER_MISSING', 'tags is required.')
          s.tagResource(arn, input.Tags)
          return empty(204)
        })
      }
      if (method === 'DELETE') {
        return op('UntagResource', true, () => {
          const keys = request.query.getAll('tagKeys')
          if (keys.length === 0) throw validationError('MEMBER_MISSING', 'tagKeys is required.')
          s.untagResource(arn, keys)
          return empty(204)
        })
      }
      return undefined
    }

    if (segments[0] !== 'channelGroup') return undefined
    const [, g, channelWord, c, sub, e, leaf] = segments

    if (g === undefined) {
      if (method === 'POST') {
        return op('CreateChannelGroup', true, () =>
          ok(CreateChannelGroupResponse, s.createChannelGroup(withHeaders(body<CreateChannelGroupInput>(request, CreateChannelGroupRequest))))
        )
      }
      if (method === 'GET') return op('ListChannelGroups', false, () => ok(ListChannelGroupsResponse, this.page(request, 'groups', [...s.groups.values()])))
      return undefined
    }

    if (channelWord === undefined) {
      const name = () => checkName('ChannelGroupName', g)
      if (method === 'GET') return op('GetChannelGroup', false, () => ok(GetChannelGroupResponse, s.requireGroup(name())))
      if (method === 'PUT') {
        return op('UpdateChannelGroup', true, () =>
          ok(
            UpdateChannelGroupResponse,
            s.updateChannelGroup(withHeaders({ ...body<UpdateChannelGroupInput>(request, UpdateChannelGroupRequest), ChannelGroupName: name() }))
          )
        )
      }
      if (method === 'DELETE') {
        return op('DeleteChannelGroup', true, () => {
          s.deleteChannelGroup(name())
          return empty()
        })
      }
      return undefined
    }
    if (channelWord !== 'channel') return undefined
    const labels = () => ({ ChannelGroupName: checkName('ChannelGroupName', g), ...(c !== undefined ? { ChannelName: checkName('ChannelName', c) } : {}) })

    if (c === undefined) {
      if (method === 'POST') {
        return op('CreateChannel', true, () =>
          ok(CreateChannelResponse, s.createChannel(withHeaders({ ...body<CreateChannelInput>(request, CreateChannelRequest), ...labels() })))
        )
      }
      if (method === 'GET') {
        return op('ListChannels', false, () => {
          const group = s.requireGroup(labels().ChannelGroupName)
          return ok(ListChannelsResponse, this.page(request, `channels:${g}`, [...group.channels.values()]))
        })
      }
      return undefined
    }

    if (sub === undefined) {
      if (method === 'GET') {
        return op('GetChannel', false, () => {
          const l = labels()
          return ok(GetChannelResponse, s.requireChannel(l.ChannelGroupName, l.ChannelName))
        })
      }
      if (method === 'PUT') {
        return op('UpdateChannel', true, () =>
          ok(UpdateChannelResponse, s.updateChannel(withHeaders({ ...body<UpdateChannelInput>(request, UpdateChannelRequest), ...labels() })))
        )
      }
      if (method === 'DELETE') {
        return op('DeleteChannel', true, () => {
          const l = labels()
          s.deleteChannel(l.ChannelGroupName, l.ChannelName ?? '')
          return empty()
        })
      }
      return undefined
    }

    if (sub === 'policy' && e === undefined) {
      if (method === 'PUT') {
        return op('PutChannelPolicy', true, () => {
          s.putChannelPolicy({ ...body<PolicyInput>(request, PutChannelPolicyRequest), ...labels() })
          return empty()
        })
      }
      if (method === 'GET') {
        return op('GetChannelPolicy', false, () => {
          const l = labels()
          const channel = s.requireChannel(l.ChannelGroupName, l.ChannelName)
          if (channel.policy === undefined) throw new MediaPackageV2Error('ResourceNotFoundException', 404, `Channel "${g}/${c}" has no policy.`)
          return ok(GetChannelPolicyResponse, { ChannelGroupName: g, ChannelName: c, Policy: channel.policy })
        })
      }
      if (method === 'DELETE') {
        return op('DeleteChannelPolicy', true, () => {
          const l = labels()
          const channel = s.channel(l.ChannelGroupName, l.ChannelName ?? '')
          if (channel) delete channel.policy
          return empty()
        })
      }
      return undefined
    }

    if (sub !== 'originEndpoint') return undefined
    const endpointLabels = () => ({ ...labels(), ...(e !== undefined ? { OriginEndpointName: checkName('OriginEndpointName', e) } : {}) })

    if (e === undefined) {
      if (method === 'POST') {
        return op('CreateOriginEndpoint', true, () =>
          ok(CreateOriginEndpointResponse, s.createOriginEndpoint(withHeaders({ ...body<EndpointInput>(request, CreateOriginEndpointRequest), ...labels() })))
        )
      }
      if (method === 'GET') {
        return op('ListOriginEndpoints', false, () => {
          const l = labels()
          const channel = s.requireChannel(l.ChannelGroupName, l.ChannelName)
          return ok(ListOriginEndpointsResponse, this.page(request, `endpoints:${g}/${c}`, [...channel.endpoints.values()]))
        })
      }
      return undefined
    }

    if (leaf === undefined) {
      if (method === 'GET') {
        return op('GetOriginEndpoint', false, () => {
          const l = endpointLabels()
          return ok(GetOriginEndpointResponse, s.requireEndpoint(l.ChannelGroupName, l.ChannelName, l.OriginEndpointName))
        })
      }
      if (method === 'PUT') {
        return op('UpdateOriginEndpoint', true, () =>
          ok(
            UpdateOriginEndpointResponse,
            s.updateOriginEndpoint(withHeaders({ ...body<EndpointSettings>(request, UpdateOriginEndpointRequest), ...endpointLabels() }))
          )
        )
      }
      if (method === 'DELETE') {
        return op('DeleteOriginEndpoint', true, () => {
          const l = endpointLabels()
          s.deleteOriginEndpoint(l.ChannelGroupName, l.ChannelName ?? '', l.OriginEndpointName ?? '')
          return empty()
        })
      }
      return undefined
    }

    if (leaf === 'policy' && segments.length === 7) {
      if (method === 'POST') {
        return op('PutOriginEndpointPolicy', true, () => {
          s.putOriginEndpointPolicy({ ...body<PolicyInput>(request, PutOriginEndpointPolicyRequest), ...endpointLabels() })
          return empty()
        })
      }
      if (method === 'GET') {
        return op('GetOriginEndpointPolicy', false, () => {
          const l = endpointLabels()
          const endpoint = s.requireEndpoint(l.ChannelGroupName, l.ChannelName, l.OriginEndpointName)
          if (endpoint.policy === undefined) throw new MediaPackageV2Error('ResourceNotFoundException', 404, `Origin endpoint "${g}/${c}/${e}" has no policy.`)
          return ok(GetOriginEndpointPolicyResponse, { ChannelGroupName: g, ChannelName: c, OriginEndpointName: e, Policy: endpoint.policy })
        })
      }
      if (method === 'DELETE') {
        return op('DeleteOriginEndpointPolicy', true, () => {
          const l = endpointLabels()
          const endpoint = s.endpoint(l.ChannelGroupName, l.ChannelName ?? '', l.OriginEndpointName ?? '')
          if (endpoint) delete endpoint.policy
          return empty()
        })
      }
    }
    return undefined
  }

  renderError(error: ServiceError, requestId: string): WireResponse {
    const fields = error instanceof MediaPackageV2Error ? error.fields : {}
    return {
      status: error.status,
      headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': error.code, 'x-amzn-RequestId': requestId },
      body: JSON.stringify(writeJson(schemaOf(ErrorBody), { Message: error.message, ...fields }, JSON_OPTIONS))
    }
  }
}
