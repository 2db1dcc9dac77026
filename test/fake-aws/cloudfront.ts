/**
 * CloudFront over its REST-XML wire protocol (`/2020-05-31/…`), with ETags, optimistic concurrency
 * and CloudFront's `<ErrorResponse>` errors.
 */
import {
  Distribution$,
  DistributionConfig$,
  DistributionConfigWithTags$,
  DistributionList$,
  DistributionSummary$,
  Tags$,
  TagKeys$,
  type DistributionConfig,
  type Tag
} from '@aws-sdk/client-cloudfront'
import { NormalizedSchema } from '@smithy/core/schema'
import { CLOUDFRONT_XMLNS, parseXmlDocument, readXml, writeXmlDocument } from './cloudfront-xml.js'
import { validateTags } from './cloudfront-config.js'
import { CodecError, type SchemaRef } from './json-codec.js'
import { ServiceError } from './service-error.js'
import type { DistributionRecord, FakeState } from './state.js'
import type { RoutedOperation, ServiceHandler, WireRequest, WireResponse } from './wire.js'
import { header } from './wire.js'

const PREFIX = '/2020-05-31/'
export const CLOUDFRONT_DEFAULT_PAGE = 100
const CLOUDFRONT_MAX_PAGE = 1000

const noSuchDistribution = () => new ServiceError('NoSuchDistribution', 404, 'The specified distribution does not exist.')
const invalid = (message: string) => new ServiceError('InvalidArgument', 400, message)

export function xmlBody(request: WireRequest, schema: SchemaRef, root: string): unknown {
  if (request.body.trim() === '') throw new ServiceError('MalformedXML', 400, `The request body must be a <${root}> document.`)
  try {
    const doc = parseXmlDocument(request.body)
    if (doc.root !== root) throw new CodecError('', `expected root element <${root}>, found <${doc.root}>`)
    return readXml(schema, doc.content, root)
  } catch (error) {
    if (error instanceof CodecError)
      throw new ServiceError('MalformedXML', 400, `The XML you provided was not well-formed or did not validate against our published schema: ${error.message}`)
    throw error
  }
}

export function xmlResponse(status: number, schema: SchemaRef, value: unknown, root: string, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { 'content-type': 'text/xml', ...headers }, body: writeXmlDocument(schema, value, root) }
}

function tagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
}

/** More CloudFront resources under `/2020-05-31/` (OACs, cache policies), answered in CloudFront's wire shape. */
export interface CloudFrontRoutes {
  route(request: WireRequest): RoutedOperation | undefined
}

export class CloudFrontService implements ServiceHandler {
  readonly service = 'cloudfront' as const

  constructor(
    private readonly state: FakeState,
    private readonly pageSize: number | undefined,
    private readonly moreRoutes: readonly CloudFrontRoutes[] = []
  ) {}

  private distribution(id: string): DistributionRecord {
    const d = this.state.distributions.get(id)
    if (!d) throw noSuchDistribution()
    return d
  }

  /** The `Distribution` element CloudFront answers Create/Get/Update with. */
  private distributionShape(d: DistributionRecord) {
    return {
      Id: d.Id,
      ARN: d.ARN,
      Status: this.state.distributionStatus(d),
      LastModifiedTime: d.LastModifiedTime,
      InProgressInvalidationBatches: 0,
      DomainName: d.DomainName,
      ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
      ActiveTrustedKeyGroups: { Enabled: false, Quantity: 0 },
      DistributionConfig: d.config
    }
  }

  /** A `DistributionSummary`: every summary member taken from the distribution or its config. */
  private summaryShape(d: DistributionRecord): Record<string, unknown> {
    const own: Record<string, unknown> = {
      Id: d.Id,
      ARN: d.ARN,
      ETag: d.ETag,
      Status: this.state.distributionStatus(d),
      LastModifiedTime: d.LastModifiedTime,
      DomainName: d.DomainName
    }
    const config = d.config as unknown as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const [member] of NormalizedSchema.of(DistributionSummary$).structIterator()) {
      const v = own[member] ?? config[member]
      if (v !== undefined) out[member] = v
    }
    return out
  }

  private withDistribution(status: number, d: DistributionRecord, extra: Record<string, string> = {}): WireResponse {
    return xmlResponse(status, Distribution$, this.distributionShape(d), 'Distribution', { ETag: d.ETag, ...extra })
  }

  private create(request: WireRequest, withTags: boolean): WireResponse {
    let config: DistributionConfig
    let tags: Tag[] = []
    if (withTags) {
      const input = xmlBody(request, DistributionConfigWithTags$, 'DistributionConfigWithTags') as {
        DistributionConfig?: DistributionConfig
        Tags?: { Items?: Tag[] }
      }
      if (!input.DistributionConfig) throw new ServiceError('MalformedXML', 400, 'DistributionConfig is required.')
      config = input.DistributionConfig
      tags = input.Tags?.Items ?? []
      validateTags(tags)
    } else {
      config = xmlBody(request, DistributionConfig$, 'DistributionConfig') as DistributionConfig
    }
    const tagMap: Record<string, string> = {}
    for (const t of tags) tagMap[t.Key ?? ''] = t.Value ?? ''
    const d = this.state.createDistribution({ config, tags: tagMap })
    return this.withDistribution(201, d, { Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${d.Id}` })
  }

  /** Optimistic concurrency: a write must carry the distribution's current ETag in If-Match. */
  private checkIfMatch(request: WireRequest, d: DistributionRecord): void {
    const ifMatch = header(request, 'if-match')
    if (!ifMatch) throw new ServiceError('InvalidIfMatchVersion', 400, 'The If-Match version is missing or not valid for the resource.')
    if (ifMatch !== d.ETag)
      throw new ServiceError('PreconditionFailed', 412, 'The precondition given in one or more of the request-header fields evaluated to false.')
  }

  private update(request: WireRequest, id: string): WireResponse {
    const d = this.distribution(id)
    this.checkIfMatch(request, d)
    const config = xmlBody(request, DistributionConfig$, 'DistributionConfig') as DistributionConfig
    return this.withDistribution(200, this.state.updateDistribution(id, config))
  }

  /**
   * DeleteDistribution: only a disabled distribution whose last change has finished deploying
   * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowToDeleteDistribution.html).
   * A disabled one still InProgress is refused with the same DistributionNotDisabled.
   */
  private delete(request: WireRequest, id: string): WireResponse {
    const d = this.distribution(id)
    this.checkIfMatch(request, d)
    if (d.config.Enabled !== false || this.state.distributionStatus(d) === 'InProgress') {
      throw new ServiceError('DistributionNotDisabled', 409, 'The distribution you are trying to delete has not been disabled.')
    }
    this.state.distributions.delete(id)
    return { status: 204 }
  }

  private list(request: WireRequest): WireResponse {
    const asked = request.query.get('MaxItems')
    const maxItems = asked === null ? CLOUDFRONT_DEFAULT_PAGE : Number(asked)
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > CLOUDFRONT_MAX_PAGE) throw invalid(`MaxItems must be between 1 and ${CLOUDFRONT_MAX_PAGE}.`)
    const limit = Math.min(maxItems, this.pageSize ?? Number.POSITIVE_INFINITY)
    const all = [...this.state.distributions.values()]
    const marker = request.query.get('Marker') ?? ''
    let start = 0
    if (marker !== '') {
      const at = all.findIndex((d) => d.Id === marker)
      if (at < 0) throw invalid('The Marker is not valid.')
      start = at + 1
    }
    const page = all.slice(start, start + limit)
    const truncated = start + page.length < all.length
    const last = page[page.length - 1]
    const list = {
      Marker: marker,
      ...(truncated && last ? { NextMarker: last.Id } : {}),
      MaxItems: maxItems,
      IsTruncated: truncated,
      Quantity: page.length,
      ...(page.length > 0 ? { Items: page.map((d) => this.summaryShape(d)) } : {})
    }
    return xmlResponse(200, DistributionList$, list, 'DistributionList')
  }

  private taggedDistribution(request: WireRequest): DistributionRecord {
    const arn = request.query.get('Resource')
    if (!arn) throw invalid('The parameter Resource is required.')
    if (!/^arn:aws(-cn)?:cloudfront::\d{12}:(distribution|streaming-distribution)\/[A-Z0-9]+$/.test(arn)) throw invalid(`The ARN "${arn}" is not valid.`)
    const d = this.state.distributionByArn(arn)
    if (!d) throw new ServiceError('NoSuchResource', 404, 'The specified CloudFront resource does not exist.')
    return d
  }

  route(request: WireRequest): RoutedOperation | undefined {
    if (!request.path.startsWith(PREFIX)) return undefined
    const segments = request.path
      .slice(PREFIX.length)
      .split('/')
      .filter((s) => s !== '')
    const [kind, id, sub] = segments
    const { method, query } = request
    const op = (operation: string, mutating: boolean, run: () => WireResponse): RoutedOperation => ({ operation, mutating, run })

    if (kind === 'distribution' && segments.length <= 3) {
      if (id === undefined && method === 'POST') {
        return query.has('WithTags')
          ? op('CreateDistributionWithTags', true, () => this.create(request, true))
          : op('CreateDistribution', true, () => this.create(request, false))
      }
      if (id === undefined && method === 'GET') return op('ListDistributions', false, () => this.list(request))
      if (id !== undefined && sub === undefined && method === 'GET')
        return op('GetDistribution', false, () => this.withDistribution(200, this.distribution(id)))
      if (id !== undefined && sub === undefined && method === 'DELETE') return op('DeleteDistribution', true, () => this.delete(request, id))
      if (id !== undefined && sub === 'config' && method === 'GET') {
        return op('GetDistributionConfig', false, () => {
          const d = this.distribution(id)
          return xmlResponse(200, DistributionConfig$, d.config, 'DistributionConfig', { ETag: d.ETag })
        })
      }
      if (id !== undefined && sub === 'config' && method === 'PUT') return op('UpdateDistribution', true, () => this.update(request, id))
    }

    if (kind === 'tagging' && segments.length === 1) {
      if (method === 'GET') {
        return op('ListTagsForResource', false, () => xmlResponse(200, Tags$, { Items: tagList(this.taggedDistribution(request).tags) }, 'Tags'))
      }
      if (method === 'POST' && query.get('Operation') === 'Tag') {
        return op('TagResource', true, () => {
          const d = this.taggedDistribution(request)
          const input = xmlBody(request, Tags$, 'Tags') as { Items?: Tag[] }
          const merged = { ...d.tags }
          for (const t of input.Items ?? []) merged[t.Key ?? ''] = t.Value ?? ''
          validateTags(tagList(merged))
          d.tags = merged
          return { status: 204 }
        })
      }
      if (method === 'POST' && query.get('Operation') === 'Untag') {
        return op('UntagResource', true, () => {
          const d = this.taggedDistribution(request)
          const input = xmlBody(request, TagKeys$, 'TagKeys') as { Items?: string[] }
          for (const key of input.Items ?? []) delete d.tags[key]
          return { status: 204 }
        })
      }
    }
    for (const routes of this.moreRoutes) {
      const routed = routes.route(request)
      if (routed) return routed
    }
    return undefined
  }

  renderError(error: ServiceError, requestId: string): WireResponse {
    const type = error.status >= 500 ? 'Receiver' : 'Sender'
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId },
      body:
        `<?xml version="1.0"?>\n<ErrorResponse xmlns="${CLOUDFRONT_XMLNS}"><Error><Type>${type}</Type>` +
        `<Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`
    }
  }
}
