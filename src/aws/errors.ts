import { AwsUserError } from '../errors.js'

interface SdkError {
  name?: string
  message?: string
  $fault?: 'client' | 'server'
  $metadata?: { httpStatusCode?: number; attempts?: number }
}

function asSdkError(error: unknown): SdkError {
  return typeof error === 'object' && error !== null ? error : { message: String(error) }
}

export function errorName(error: unknown): string | undefined {
  return asSdkError(error).name
}

export function httpStatus(error: unknown): number | undefined {
  return asSdkError(error).$metadata?.httpStatusCode
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'ForbiddenException', 'UnauthorizedOperation'])
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'])
// The SDK's own throttling codes (@smithy/service-error-classification), as each service spells them.
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete'
])
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch'])

/** Access denied, whether the SDK's error or one we already wrapped. */
export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorCode(error) ?? '') || httpStatus(error) === 403
}

/**
 * Wraps an AWS failure once, with the operation and the resource. Failures the user must act on become
 * AwsUserError with what to do; anything else keeps its stack (and its cause) for a bug report.
 */
export function wrapAwsError(error: unknown, service: string, operation: string, resource: string): Error {
  const { name = 'Error', message = '' } = asSdkError(error)
  const iamAction = `${service}:${operation}`
  if (isAccessDenied(error)) {
    return new AwsUserError(operation, resource, `access denied. Allow "${iamAction}" for the role this job uses (README, "Permissions").`, name)
  }
  if (EXPIRED.has(name)) {
    return new AwsUserError(
      operation,
      resource,
      'the AWS credentials expired during the run. Ask configure-aws-credentials for a longer role-duration-seconds than the wait (README, "Troubleshooting").',
      name
    )
  }
  if (BAD_CREDENTIALS.has(name) || name === 'CredentialsProviderError') {
    return new AwsUserError(operation, resource, `no valid AWS credentials (${name}). Add aws-actions/configure-aws-credentials before this step.`, name)
  }
  const { $fault, $metadata } = asSdkError(error)
  const attempts = $metadata?.attempts ? ` after ${$metadata.attempts} attempts` : ''
  if (THROTTLING.has(name) || $metadata?.httpStatusCode === 429) {
    // MediaPackage answers 429 both for a request rate and for a quota (30 channels, 10 endpoints per channel).
    return new AwsUserError(
      operation,
      resource,
      `AWS kept refusing with ${name}${attempts} (${message}). If it is a rate, run again, lower max-concurrency or raise AWS_MAX_ATTEMPTS; ` +
        'if it is a quota (MediaPackage: 30 channels, 10 endpoints per channel), ask AWS for an increase.',
      name
    )
  }
  if ($fault === 'server' || ($metadata?.httpStatusCode ?? 0) >= 500) {
    return new AwsUserError(operation, resource, `AWS had a service error (${name}: ${message})${attempts}. Nothing is lost: run again.`, name)
  }
  if (name.startsWith('TooMany') || name === 'LimitExceededException') {
    return new AwsUserError(
      operation,
      resource,
      `${name}: ${message} An AWS quota or rate limit was reached; ask for a quota increase or lower max-concurrency.`,
      name
    )
  }
  if (name === 'UnprocessableEntityException' || name === 'InvalidArgument' || name === 'BadRequestException') {
    return new AwsUserError(operation, resource, `AWS refused the request (${name}): ${message}`, name)
  }
  return new AwsCallError(`${operation} ${resource} failed: ${name}: ${message}`, name, error)
}

/** An AWS failure that is not the user's to fix (a fault that outlived the retries, or a bug). Keeps its stack. */
export class AwsCallError extends Error {
  override name = 'AwsCallError'
  constructor(
    message: string,
    readonly code: string,
    cause: unknown
  ) {
    super(message, { cause })
  }
}

/** The AWS error code behind an error, wrapped or not. */
export function awsErrorCode(error: unknown): string | undefined {
  if (error instanceof AwsCallError || error instanceof AwsUserError) return error.code
  return errorName(error)
}

/** Runs one AWS call, wrapping its failure. */
export async function call<T>(service: string, operation: string, resource: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    throw wrapAwsError(error, service, operation, resource)
  }
}
