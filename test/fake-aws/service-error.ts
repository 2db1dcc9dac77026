/** The services the fake speaks, named as in the call log and in fault rules. */
export type ServiceName = 'mediapackage' | 'cloudfront' | 'tagging' | 'secretsmanager' | 'cloudwatch' | 'mediapackagev2'

export const SERVICE_NAMES: readonly ServiceName[] = ['mediapackage', 'cloudfront', 'tagging', 'secretsmanager', 'cloudwatch', 'mediapackagev2']

/**
 * An error AWS would answer with: its code (the exception name the SDK will surface), the HTTP status
 * and the message. Each service renders it in its own wire shape.
 */
export class ServiceError extends Error {
  override name = 'ServiceError'

  constructor(
    readonly code: string,
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError
}
