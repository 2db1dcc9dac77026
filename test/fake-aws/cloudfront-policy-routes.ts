/**
 * CloudFront origin access controls (`/2020-05-31/origin-access-control`) and cache policies
 * (`/2020-05-31/cache-policy`) over REST-XML, with ETags and CloudFront's errors. Plugged into
 * CloudFrontService (cloudfront.ts), which renders the errors.
 */
import {
  CachePolicy$,
  CachePolicyConfig$,
  CachePolicyList$,
  OriginAccessControl$,
  OriginAccessControlConfig$,
  OriginAccessControlList$,
  type CachePolicyConfig,
  type OriginAccessControlConfig
} from '@aws-sdk/client-cloudfront'
import type { CachePolicyRecord } from './cloudfront-cache-policies.js'
import type { OriginAccessControlRecord } from './cloudfront-oac.js'
import { xmlBody, xmlResponse, type CloudFrontRoutes } from './cloudfront.js'
import { ServiceError } from './service-error.js'
import type { FakeState } from './state.js'
import { header, type RoutedOperation, type WireRequest, type WireResponse } from './wire.js'

const PREFIX = '/2020-05-31/'
const DEFAULT_PAGE = 100
const MAX_PAGE = 1000

const invalid = (message: string) => new ServiceError('InvalidArgument', 400, message)
const location = (kind: string, id: string) => `https://cloudfront.amazonaws.com/2020-05-31/${kind}/${id}`

/** A Marker/MaxItems page, as ListDistributions pages: NextMarker is the last Id of the page. */
function page<T extends { Id: string }>(request: WireRequest, all: T[], pageSize: number | undefined) {
  const asked = request.query.get('MaxItems')
  const maxItems = asked === null ? DEFAULT_PAGE : Number(asked)
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_PAGE) throw invalid(`MaxItems must be between 1 and ${MAX_PAGE}.`)
  const marker = request.query.get('Marker') ?? ''
  let start = 0
  if (marker !== '') {
    const at = all.findIndex((x) => x.Id === marker)
    if (at < 0) throw invalid('The Marker is not valid.')
    start = at + 1
  }
  const items = all.slice(start, start + Math.min(maxItems, pageSize ?? Number.POSITIVE_INFINITY))
  const truncated = start + items.length < all.length
  const last = items[items.length - 1]
  return { marker, maxItems, items, truncated, ...(truncated && last ? { NextMarker: last.Id } : {}) }
}

const oacShape = (o: OriginAccessControlRecord) => ({ Id: o.Id, OriginAccessControlConfig: o.config })
const cachePolicyShape = (p: CachePolicyRecord) => ({ Id: p.Id, LastModifiedTime: p.LastModifiedTime, CachePolicyConfig: p.config })

export class CloudFrontPolicyRoutes implements CloudFrontRoutes {
  constructor(
    private readonly state: FakeState,
    private readonly pageSize: number | undefined
  ) {}

  /** The first distribution whose current config has an origin using this OAC. */
  private distributionUsing(oacId: string): string | undefined {
    for (const d of this.state.distributions.values()) {
      if ((d.config.Origins?.Items ?? []).some((o) => o.OriginAccessControlId === oacId)) return d.Id
    }
    return undefined
  }

  private originAccessControls(request: WireRequest, id: string | undefined, sub: string | undefined): RoutedOperation | undefined {
    const oacs = this.state.originAccessControls
    const { method } = request
    const op = (operation: string, mutating: boolean, run: () => WireResponse): RoutedOperation => ({ operation, mutating, run })
    const withOac = (status: number, o: OriginAccessControlRecord, extra: Record<string, string> = {}) =>
      xmlResponse(status, OriginAccessControl$, oacShape(o), 'OriginAccessControl', { ETag: o.ETag, ...extra })
    const config = () => xmlBody(request, OriginAccessControlConfig$, 'OriginAccessControlConfig') as OriginAccessControlConfig

    if (id === undefined) {
      if (method === 'POST') {
        return op('CreateOriginAccessControl', true, () => {
          const o = oacs.create(config())
          return withOac(201, o, { Location: location('origin-access-control', o.Id) })
        })
      }
      if (method === 'GET') {
        return op('ListOriginAccessControls', false, () => {
          const p = page(request, [...oacs.byId.values()], this.pageSize)
          const list = {
            Marker: p.marker,
            ...(p.NextMarker !== undefined ? { NextMarker: p.NextMarker } : {}),
            MaxItems: p.maxItems,
            IsTruncated: p.truncated,
            Quantity: p.items.length,
            ...(p.items.length > 0 ? { Items: p.items.map((o) => ({ Id: o.Id, ...o.config })) } : {})
          }
          return xmlResponse(200, OriginAccessControlList$, list, 'OriginAccessControlList')
        })
      }
      return undefined
    }
    if (sub === undefined && method === 'GET') return op('GetOriginAccessControl', false, () => withOac(200, oacs.require(id)))
    if (sub === undefined && method === 'DELETE') {
      return op('DeleteOriginAccessControl', true, () => {
        oacs.require(id)
        oacs.delete(id, header(request, 'if-match'), this.distributionUsing(id))
        return { status: 204 }
      })
    }
    if (sub === 'config' && method === 'GET') {
      return op('GetOriginAccessControlConfig', false, () => {
        const o = oacs.require(id)
        return xmlResponse(200, OriginAccessControlConfig$, o.config, 'OriginAccessControlConfig', { ETag: o.ETag })
      })
    }
    if (sub === 'config' && method === 'PUT') {
      return op('UpdateOriginAccessControl', true, () => {
        oacs.require(id)
        return withOac(200, oacs.update(id, header(request, 'if-match'), config()))
      })
    }
    return undefined
  }

  private cachePolicies(request: WireRequest, id: string | undefined, sub: string | undefined): RoutedOperation | undefined {
    const policies = this.state.cachePolicies
    const { method } = request
    const op = (operation: string, mutating: boolean, run: () => WireResponse): RoutedOperation => ({ operation, mutating, run })
    const withPolicy = (status: number, p: CachePolicyRecord, extra: Record<string, string> = {}) =>
      xmlResponse(status, CachePolicy$, cachePolicyShape(p), 'CachePolicy', { ETag: p.ETag, ...extra })

    if (id === undefined) {
      if (method === 'POST') {
        return op('CreateCachePolicy', true, () => {
          const p = policies.create(xmlBody(request, CachePolicyConfig$, 'CachePolicyConfig') as CachePolicyConfig)
          return withPolicy(201, p, { Location: location('cache-policy', p.Id) })
        })
      }
      if (method === 'GET') {
        return op('ListCachePolicies', false, () => {
          const type = request.query.get('Type')
          if (type !== null && type !== 'managed' && type !== 'custom')
            throw invalid(`The parameter Type has an invalid value: ${type}. Allowed: managed, custom.`)
          const p = page(request, policies.list(type ?? undefined), this.pageSize)
          const list = {
            ...(p.NextMarker !== undefined ? { NextMarker: p.NextMarker } : {}),
            MaxItems: p.maxItems,
            Quantity: p.items.length,
            ...(p.items.length > 0 ? { Items: p.items.map((x) => ({ Type: x.Type, CachePolicy: cachePolicyShape(x) })) } : {})
          }
          return xmlResponse(200, CachePolicyList$, list, 'CachePolicyList')
        })
      }
      return undefined
    }
    if (sub === undefined && method === 'GET') return op('GetCachePolicy', false, () => withPolicy(200, policies.require(id)))
    if (sub === 'config' && method === 'GET') {
      return op('GetCachePolicyConfig', false, () => {
        const p = policies.require(id)
        return xmlResponse(200, CachePolicyConfig$, p.config, 'CachePolicyConfig', { ETag: p.ETag })
      })
    }
    return undefined
  }

  route(request: WireRequest): RoutedOperation | undefined {
    if (!request.path.startsWith(PREFIX)) return undefined
    const segments = request.path
      .slice(PREFIX.length)
      .split('/')
      .filter((s) => s !== '')
    if (segments.length > 3) return undefined
    const [kind, id, sub] = segments
    if (kind === 'origin-access-control') return this.originAccessControls(request, id, sub)
    if (kind === 'cache-policy') return this.cachePolicies(request, id, sub)
    return undefined
  }
}
