/**
 * Which endpoint a failed call was talking to, so a network failure can name it (host:port) without
 * the user digging through a stack trace. A middleware on every client notes it on the way out.
 */
const endpoints = new WeakMap<object, string>()

interface RequestLike {
  protocol?: string
  hostname?: string
  port?: number
}

/** `host:port` of a request as the SDK built it (after endpoint resolution). */
export function hostAndPort(request: RequestLike): string | undefined {
  if (!request.hostname) return undefined
  const port = request.port ?? (request.protocol === 'http:' ? 80 : 443)
  return `${request.hostname}:${port}`
}

export function noteEndpoint(error: unknown, request: unknown): void {
  if (typeof error !== 'object' || error === null || typeof request !== 'object' || request === null) return
  const where = hostAndPort(request)
  if (where && !endpoints.has(error)) endpoints.set(error, where)
}

export function endpointOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? endpoints.get(error) : undefined
}
