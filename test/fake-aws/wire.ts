/** The shapes every service handler shares: a parsed HTTP request in, an HTTP response out. */
import type { IncomingHttpHeaders } from 'node:http'
import type { ServiceError, ServiceName } from './service-error.js'

export interface WireRequest {
  method: string
  /** Decoded path without the query string, e.g. `/2020-05-31/distribution/E123/config`. */
  path: string
  /** The raw path segments (still percent-encoded), for labels such as an ARN in `/tags/{arn}`. */
  rawPath: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export interface WireResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

export interface RoutedOperation {
  operation: string
  mutating: boolean
  run(): WireResponse
}

export interface ServiceHandler {
  readonly service: ServiceName
  /** The operation this request calls, or undefined if the service has no such route. */
  route(request: WireRequest): RoutedOperation | undefined
  /** The error in this service's wire shape. */
  renderError(error: ServiceError, requestId: string): WireResponse
}

export function header(request: WireRequest, name: string): string | undefined {
  const v = request.headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}
