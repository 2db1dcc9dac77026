/**
 * Resource Groups Tagging API, GetResources only, answering for CloudFront distributions and
 * MediaPackage v2 channel groups, channels and origin endpoints. As in AWS, CloudFront (a global
 * service) resources are listed only to a client in us-east-1, and MediaPackage v2 ones only to a
 * client in the fake's Region.
 */
import { GetResourcesInput$, GetResourcesOutput$, type GetResourcesInput } from '@aws-sdk/client-resource-groups-tagging-api'
import { jsonOk, readInput, renderJsonError, targetOperation } from './json-rpc.js'
import { decodePageToken, encodePageToken } from './pages.js'
import { ServiceError } from './service-error.js'
import type { DistributionRecord, FakeState } from './state.js'
import type { RoutedOperation, ServiceHandler, WireRequest, WireResponse } from './wire.js'

const TARGET = 'ResourceGroupsTaggingAPI_20170126'
export const TAGGING_DEFAULT_PAGE = 50
const TAGGING_MAX_PAGE = 100
/** The Region CloudFront's tags live in, as far as the Tagging API is concerned. */
export const CLOUDFRONT_TAGGING_REGION = 'us-east-1'

const invalid = (message: string) => new ServiceError('InvalidParameterException', 400, message)

/** A taggable resource as GetResources sees it: `service:resourceType`, ARN and tags. */
interface Tagged {
  service: string
  type: string
  arn: string
  tags: Record<string, string>
}

/** Does a resource fall under one of these ResourceTypeFilters (`service[:resourceType]`)? */
function typeMatches(r: Tagged, filters: string[] | undefined): boolean {
  if (!filters || filters.length === 0) return true
  return filters.some((f) => f === r.service || f === `${r.service}:${r.type}`)
}

function tagsMatch(tags: Record<string, string>, filters: GetResourcesInput['TagFilters']): boolean {
  return (filters ?? []).every((f) => {
    const key = f.Key ?? ''
    if (!(key in tags)) return false
    return !f.Values || f.Values.length === 0 || f.Values.includes(tags[key] ?? '')
  })
}

const distribution = (d: DistributionRecord): Tagged => ({ service: 'cloudfront', type: 'distribution', arn: d.ARN, tags: d.tags })

export class TaggingService implements ServiceHandler {
  readonly service = 'tagging' as const

  constructor(
    private readonly state: FakeState,
    private readonly pageSize: number | undefined,
    /** The Region the request was signed for (from its Authorization header). */
    private readonly signingRegion: (request: WireRequest) => string | undefined
  ) {}

  private getResources(request: WireRequest): WireResponse {
    const input = readInput<GetResourcesInput>(request, GetResourcesInput$, 'InvalidParameterException')
    const perPage = input.ResourcesPerPage ?? TAGGING_DEFAULT_PAGE
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > TAGGING_MAX_PAGE) throw invalid(`ResourcesPerPage must be between 1 and ${TAGGING_MAX_PAGE}.`)
    if ((input.TagFilters?.length ?? 0) > 50) throw invalid('TagFilters can contain at most 50 filters.')
    if (input.TagFilters?.some((f) => !f.Key)) throw invalid('Each TagFilter needs a Key.')
    const limit = Math.min(perPage, this.pageSize ?? Number.POSITIVE_INFINITY)
    const region = this.signingRegion(request)
    const kind = `resources:${JSON.stringify([input.ResourceTypeFilters, input.TagFilters])}`
    const visible: Tagged[] = [
      ...(region === CLOUDFRONT_TAGGING_REGION ? [...this.state.distributions.values()].map(distribution) : []),
      ...(region === this.state.mediaPackageV2.region
        ? [...this.state.mediaPackageV2.resources()].map((r) => ({ service: 'mediapackagev2', type: r.kind, arn: r.record.Arn, tags: r.record.Tags }))
        : [])
    ]
    const matching = visible.filter((r) => typeMatches(r, input.ResourceTypeFilters) && Object.keys(r.tags).length > 0 && tagsMatch(r.tags, input.TagFilters))
    const offset = input.PaginationToken ? decodePageToken(input.PaginationToken, kind) : 0
    if (offset === undefined) throw new ServiceError('PaginationTokenExpiredException', 400, 'The PaginationToken is not valid or has expired.')
    const page = matching.slice(offset, offset + limit)
    const end = offset + page.length
    return jsonOk(GetResourcesOutput$, {
      PaginationToken: end < matching.length ? encodePageToken(kind, end) : '',
      ResourceTagMappingList: page.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) }))
    })
  }

  route(request: WireRequest): RoutedOperation | undefined {
    const operation = targetOperation(request, TARGET)
    if (operation === undefined) return undefined
    if (operation === 'GetResources') return { operation, mutating: false, run: () => this.getResources(request) }
    return {
      operation,
      mutating: false,
      run: () => {
        throw new ServiceError('UnknownOperationException', 400, `The fake AWS does not implement ${operation}.`)
      }
    }
  }

  renderError(error: ServiceError, requestId: string): WireResponse {
    return renderJsonError(error, requestId)
  }
}
