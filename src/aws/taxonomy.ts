/**
 * What kind of failure an AWS call met, decided once, by the error code before the HTTP status: IAM
 * and STS answer some credential errors with 403, so a 403 alone does not mean access denied.
 * Network failures have no HTTP status at all and are told apart by Node's error code.
 */
import type { AwsServiceName } from './config.js'
import { documentedError, type UserErrorKind } from './user-errors.js'

export type FailureKind =
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'no-credentials'
  | 'access-denied'
  | 'throttled'
  | 'server'
  | 'network'
  | UserErrorKind
  /** Not the user's to fix, or an answer we do not know: a bug report with the stack. */
  | 'unexpected'

/** The fields of an SDK error (or a Node network error) that classification reads. */
export interface RawAwsError {
  name?: string
  message?: string
  code?: string
  $fault?: 'client' | 'server'
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string }
  /** MediaPackage v2's subtypes. */
  ValidationExceptionType?: string
  ConflictExceptionType?: string
  ResourceTypeNotFound?: string
}

export interface Classification {
  kind: FailureKind
  /** The AWS error code (the SDK exception name), Node's error code for a network failure. */
  code: string
  message: string
  status?: number | undefined
  attempts?: number | undefined
  /** MediaPackage v2's ValidationExceptionType / ConflictExceptionType / ResourceTypeNotFound. */
  subtype?: string | undefined
}

export function asRawError(error: unknown): RawAwsError {
  return typeof error === 'object' && error !== null ? error : { message: String(error) }
}

/** The session ran out: configure-aws-credentials' role-duration-seconds is the usual fix. */
export const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired'])

/** Credentials AWS does not accept, whatever the status it answers them with (STS and IAM use 403). */
export const INVALID_CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'RequestTimeTooSkewed'
])

export const ACCESS_DENIED_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'ForbiddenException', 'UnauthorizedOperation', 'UnauthorizedException'])

/** The SDK's own throttling codes (@smithy/service-error-classification), as each service spells them. */
export const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
  'EC2ThrottledException'
])

/** Node's codes for a connection that could not be made or kept, and the SDK's timeouts. */
export const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException'
])

/** TLS certificate verification failures (a proxy that inspects TLS, a self-signed emulator). */
export function isCertificateCode(code: string): boolean {
  return (
    code.startsWith('CERT_') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'ERR_TLS_CERT_ALTNAME_INVALID'
  )
}

/** TLS failures before any certificate: an https:// URL to a plain-HTTP endpoint, say. */
export function isHandshakeCode(code: string): boolean {
  return code === 'EPROTO' || code.startsWith('ERR_SSL_') || (code.startsWith('ERR_TLS_') && !isCertificateCode(code))
}

const isNetworkCode = (code: string) => NETWORK_CODES.has(code) || isCertificateCode(code) || isHandshakeCode(code)

function networkCode(raw: RawAwsError): string | undefined {
  const code = typeof raw.code === 'string' ? raw.code : undefined
  if (code && isNetworkCode(code)) return code
  if (raw.name && NETWORK_CODES.has(raw.name)) return raw.name
  // Node's error may reach us only as text ("AWS SDK error wrapper for Error: connect ECONNREFUSED …"),
  // when the SDK did not recognise it as an Error; never for an answer AWS gave.
  if (raw.$metadata?.httpStatusCode !== undefined) return undefined
  const named = /\b(E[A-Z]{3,}|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|ERR_(?:SSL|TLS)_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\b/.exec(
    raw.message ?? ''
  )
  return named?.[1] && isNetworkCode(named[1]) ? named[1] : undefined
}

function kindOfCode(service: AwsServiceName, code: string): FailureKind | undefined {
  if (EXPIRED_CODES.has(code)) return 'expired-credentials'
  if (INVALID_CREDENTIAL_CODES.has(code)) return 'invalid-credentials'
  if (code === 'CredentialsProviderError') return 'no-credentials'
  if (ACCESS_DENIED_CODES.has(code)) return 'access-denied'
  if (THROTTLING_CODES.has(code)) return 'throttled'
  const documented = documentedError(service, code)
  if (documented) return documented.kind
  if (code === 'LimitExceededException' || code === 'ServiceQuotaExceededException' || code.startsWith('TooMany')) return 'quota'
  return undefined
}

function kindOfStatus(raw: RawAwsError): FailureKind | undefined {
  const status = raw.$metadata?.httpStatusCode
  // A proxy that wants credentials answers the tunnel with 407; the SDK sees it as the response.
  if (status === 407) return 'network'
  // An HTTP answer the SDK cannot read, without an AWS request id, came from something in between.
  if (status !== undefined && status < 500 && !raw.$metadata?.requestId && (raw.name === 'Unknown' || raw.name === 'UnknownError')) return 'network'
  if (status === 401 || status === 403) return 'access-denied'
  if (status === 429) return 'throttled'
  if (status === 402) return 'quota'
  if (raw.$fault === 'server' || (status ?? 0) >= 500) return 'server'
  return undefined
}

/** Classifies one failure of a call to `service`. */
export function classify(error: unknown, service: AwsServiceName): Classification {
  const raw = asRawError(error)
  const network = networkCode(raw)
  const code = network ?? raw.name ?? 'Error'
  const kind = (network ? 'network' : kindOfCode(service, code)) ?? kindOfStatus(raw) ?? 'unexpected'
  return {
    kind,
    code,
    message: raw.message ?? '',
    status: raw.$metadata?.httpStatusCode,
    attempts: raw.$metadata?.attempts,
    subtype: raw.ValidationExceptionType ?? raw.ConflictExceptionType ?? raw.ResourceTypeNotFound
  }
}

/** Which kind of policy refused, as IAM's message says it (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html). */
export type DenyingPolicy =
  | 'service control policy'
  | 'resource control policy'
  | 'permissions boundary'
  | 'session policy'
  | 'identity-based policy'
  | 'resource-based policy'
  | 'VPC endpoint policy'

export interface Denial {
  /** The IAM action AWS names (`cloudfront:TagResource`), when it names one. */
  action?: string | undefined
  /** AWS's own words for why: "with an explicit deny in a service control policy". */
  reason?: string | undefined
  policy?: DenyingPolicy | undefined
  explicit: boolean
}

const POLICY =
  '(service control policy|resource control policy|permissions boundary|session policy|identity-based policy|resource-based policy|VPC endpoint policy)'
const EXPLICIT = new RegExp(`with an explicit deny in an? ${POLICY}`, 'i')
const IMPLICIT = new RegExp(`because no ${POLICY} allows the \\S+ action`, 'i')

/** Reads IAM's access-denied message; the principal's ARN in it is left out of what we print. */
export function readDenial(message: string): Denial {
  const action = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1]
  const explicit = EXPLICIT.exec(message)
  const implicit = explicit ? undefined : IMPLICIT.exec(message)
  const match = explicit ?? implicit
  return {
    action,
    reason: match?.[0],
    policy: match?.[1] ? (match[1].replace(/^vpc/i, 'VPC') as DenyingPolicy) : undefined,
    explicit: explicit !== null && explicit !== undefined
  }
}
