/**
 * CloudWatch over AWS JSON 1.0, the protocol @aws-sdk/client-cloudwatch speaks
 * (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`). CloudWatch is "awsQueryCompatible":
 * an error carries the shape name in `__type` and the older Query protocol's code in the
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header, which the SDK reads first.
 * GetMetricData only, answering from the points stored for the request's signing Region.
 */
import {
  GetMetricDataInput$,
  GetMetricDataOutput$,
  InternalServiceFault$,
  InvalidNextToken$,
  InvalidParameterValueException$,
  MissingRequiredParameterException$,
  ValidationException$,
  type GetMetricDataInput
} from '@aws-sdk/client-cloudwatch'
import { NormalizedSchema } from '@smithy/core/schema'
import { writeJson, type SchemaRef } from './json-codec.js'
import { readInput, targetOperation } from './json-rpc.js'
import { getMetricData } from './metric-data.js'
import { ServiceError } from './service-error.js'
import type { FakeState } from './state.js'
import type { RoutedOperation, ServiceHandler, WireRequest, WireResponse } from './wire.js'

export const CLOUDWATCH_TARGET = 'GraniteServiceVersion20100801'
const CONTENT_TYPE = 'application/x-amz-json-1.0'
const NAMESPACE = 'com.amazonaws.cloudwatch'

/** Shape name → Query error code, from each error shape's `awsQueryError` trait in the SDK model. */
const QUERY_CODES = new Map<string, string>(
  [InternalServiceFault$, InvalidNextToken$, InvalidParameterValueException$, MissingRequiredParameterException$, ValidationException$].map((schema) => {
    const ns = NormalizedSchema.of(schema)
    const name = ns.getName() ?? ''
    const [code] = (ns.getMergedTraits().awsQueryError as [string, number] | undefined) ?? [name]
    return [name, code] as const
  })
)

function ok(schema: SchemaRef, value: unknown): WireResponse {
  return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: JSON.stringify(writeJson(schema, value, { useJsonName: false }) ?? {}) }
}

export class CloudWatchService implements ServiceHandler {
  readonly service = 'cloudwatch' as const

  constructor(
    private readonly state: FakeState,
    private readonly pageSize: number | undefined,
    /** The Region the request was signed for (from its Authorization header). */
    private readonly signingRegion: (request: WireRequest) => string | undefined
  ) {}

  private getMetricData(request: WireRequest): WireResponse {
    const input = readInput<GetMetricDataInput>(request, GetMetricDataInput$, 'ValidationException')
    const region = this.signingRegion(request) ?? this.state.region
    return ok(GetMetricDataOutput$, getMetricData(this.state.metrics, region, input, this.pageSize))
  }

  route(request: WireRequest): RoutedOperation | undefined {
    const operation = targetOperation(request, CLOUDWATCH_TARGET)
    if (operation === undefined) return undefined
    if (operation === 'GetMetricData') return { operation, mutating: false, run: () => this.getMetricData(request) }
    return {
      operation,
      mutating: /^(Put|Delete|Set|Enable|Disable|Start|Stop|Tag|Untag)/.test(operation),
      run: () => {
        throw new ServiceError('UnknownOperationException', 400, `The fake AWS does not implement ${operation}.`)
      }
    }
  }

  renderError(error: ServiceError, requestId: string): WireResponse {
    const queryCode = QUERY_CODES.get(error.code) ?? error.code
    return {
      status: error.status,
      headers: {
        'content-type': CONTENT_TYPE,
        'x-amzn-RequestId': requestId,
        'x-amzn-query-error': `${queryCode};${error.status >= 500 ? 'Receiver' : 'Sender'}`
      },
      body: JSON.stringify({ __type: `${NAMESPACE}#${error.code}`, message: error.message })
    }
  }
}
