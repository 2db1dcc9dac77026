/**
 * The HTTP side: one loopback server for all services. Each request is told apart by what the
 * SDK sends (JSON 1.1 `X-Amz-Target`, CloudFront's `/2020-05-31/` paths, the SigV4 signing name
 * `mediapackagev2` or its `/channelGroup` paths, MediaPackage v1 otherwise),
 * then goes latency → faults → rate limit → hooks → handler, and lands in the call log.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { faultError, type Faults, type RateLimiter } from './faults.js'
import { isServiceError, ServiceError, type ServiceName } from './service-error.js'
import { header, type ServiceHandler, type WireRequest, type WireResponse } from './wire.js'

export interface FakeCall {
  service: ServiceName
  /** The SDK operation name, e.g. `CreateDistributionWithTags`; `Unknown` when no route matched. */
  operation: string
  mutating: boolean
  status: number
  /** Epoch milliseconds (fractional) when the request arrived and when the answer was sent. */
  start: number
  end: number
  /** The Region in the request's SigV4 credential scope (the client's signing Region). */
  region?: string
  /** The error code answered, if any (e.g. `PreconditionFailed`, `Throttling`). */
  errorCode?: string
  requestId: string
}

export type OperationHook = (service: string, operation: string) => void | Promise<void>

export interface PipelineOptions {
  handlers: ServiceHandler[]
  latencyMs: number
  faults: Faults
  limiter: RateLimiter | undefined
  hooks: OperationHook[]
  calls: FakeCall[]
  accountId: string
}

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The Region from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/cloudfront/aws4_request, …`. */
export function signingRegion(request: Pick<WireRequest, 'headers'>): string | undefined {
  const auth = request.headers.authorization
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(auth ?? '')
  return match?.[1]
}

/** The service in `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-west-2/mediapackagev2/aws4_request, …`. */
export function signingService(request: Pick<WireRequest, 'headers'>): string | undefined {
  const match = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '')
  return match?.[1]
}

function serviceOf(request: WireRequest): ServiceName {
  const target = header(request, 'x-amz-target') ?? ''
  if (target.startsWith('ResourceGroupsTaggingAPI_')) return 'tagging'
  if (target.startsWith('secretsmanager.')) return 'secretsmanager'
  if (target.startsWith('GraniteServiceVersion20100801.')) return 'cloudwatch'
  if (request.path.startsWith('/2020-05-31/')) return 'cloudfront'
  // v1 and v2 both have `/tags/{arn}`: the signing name tells them apart, `/channelGroup` is v2's own.
  if (signingService(request) === 'mediapackagev2' || request.path.startsWith('/channelGroup')) return 'mediapackagev2'
  return 'mediapackage'
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export class Pipeline {
  private readonly handlers: Map<ServiceName, ServiceHandler>

  constructor(private readonly options: PipelineOptions) {
    this.handlers = new Map(options.handlers.map((h) => [h.service, h]))
  }

  async handle(request: WireRequest): Promise<{ response: WireResponse; call: FakeCall }> {
    const start = now()
    const requestId = randomUUID()
    const service = serviceOf(request)
    const handler = this.handlers.get(service)
    if (!handler) throw new Error(`no handler for ${service}`)
    const routed = handler.route(request)
    const operation = routed?.operation ?? 'Unknown'
    const region = signingRegion(request)
    let response: WireResponse
    let errorCode: string | undefined
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs)
    try {
      if (!routed) throw new ServiceError('UnknownOperationException', 404, `The fake AWS has no ${service} route for ${request.method} ${request.path}.`)
      const fault = this.options.faults.check(service, operation)
      if (fault) throw fault
      if (this.options.limiter && !this.options.limiter.take(service)) throw faultError(service, 'throttle', operation, this.options.accountId)
      for (const hook of this.options.hooks) await hook(service, operation)
      response = routed.run()
    } catch (error) {
      let serviceError: ServiceError
      if (isServiceError(error)) {
        serviceError = error
      } else {
        console.error(`fake-aws: ${service} ${operation} failed`, error)
        serviceError = faultError(service, 'server', operation, this.options.accountId)
      }
      errorCode = serviceError.code
      response = handler.renderError(serviceError, requestId)
    }
    const call: FakeCall = {
      service,
      operation,
      mutating: routed?.mutating ?? false,
      status: response.status,
      start,
      end: now(),
      ...(region !== undefined ? { region } : {}),
      ...(errorCode !== undefined ? { errorCode } : {}),
      requestId
    }
    this.options.calls.push(call)
    return { response: { ...response, headers: { ...response.headers, 'x-amzn-RequestId': requestId } }, call }
  }
}

export interface RunningServer {
  url: string
  close(): Promise<void>
}

export async function listen(pipeline: Pipeline, port: number, host: string): Promise<RunningServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://fake')
        const request: WireRequest = {
          method: req.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          rawPath: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: await readBody(req)
        }
        const { response } = await pipeline.handle(request)
        const body = response.status === 204 ? '' : (response.body ?? '')
        res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(body)) })
        res.end(body)
      } catch (error) {
        console.error('fake-aws: request failed', error)
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('fake-aws internal error')
      }
    })()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
