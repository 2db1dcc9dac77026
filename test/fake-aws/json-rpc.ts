/** The AWS JSON 1.1 protocol shared by Tagging and Secrets Manager: `X-Amz-Target`, `__type` errors. */
import { CodecError, readJson, writeJson, type SchemaRef } from './json-codec.js'
import { ServiceError } from './service-error.js'
import { header, type WireRequest, type WireResponse } from './wire.js'

const JSON_OPTIONS = { useJsonName: false }
const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** The operation named by `X-Amz-Target: <prefix>.<Operation>`, if the prefix matches. */
export function targetOperation(request: WireRequest, prefix: string): string | undefined {
  const target = header(request, 'x-amz-target')
  if (request.method !== 'POST' || !target?.startsWith(`${prefix}.`)) return undefined
  return target.slice(prefix.length + 1)
}

export function readInput<T>(request: WireRequest, schema: SchemaRef, validationCode: string): T {
  let parsed: unknown
  try {
    parsed = JSON.parse(request.body || '{}')
  } catch {
    throw new ServiceError('SerializationException', 400, 'The request body is not valid JSON.')
  }
  try {
    return (readJson(schema, parsed, JSON_OPTIONS) ?? {}) as T
  } catch (error) {
    if (error instanceof CodecError) throw new ServiceError(validationCode, 400, error.message)
    throw error
  }
}

export function jsonOk(schema: SchemaRef, value: unknown): WireResponse {
  return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: JSON.stringify(writeJson(schema, value, JSON_OPTIONS) ?? {}) }
}

export function renderJsonError(error: ServiceError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body: JSON.stringify({ __type: error.code, message: error.message })
  }
}
