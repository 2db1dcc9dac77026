/**
 * Turns an AWS failure into what the user reads: one message naming the operation and the resource,
 * what happened and what to do. The kind comes from src/aws/taxonomy.ts; a failure that is not the
 * user's to fix keeps its stack (AwsCallError) for a bug report.
 */
import { AwsUserError, type AwsFailureDetails } from '../errors.js'
import { AWS_SERVICES, type AwsServiceName } from './config.js'
import { endpointOf } from './failed-request.js'
import { bypassesProxy, proxyLabel, type ProxySettings } from './proxy.js'
import { asRawError, classify, NETWORK_CODES, isCertificateCode, isHandshakeCode, readDenial, type Classification, type Denial } from './taxonomy.js'
import { documentedError, V2_CONFLICTS, V2_QUOTAS } from './user-errors.js'

/** Where a call was made: enough to say what failed and where to look. */
export interface CallSite {
  service: AwsServiceName
  operation: string
  resource: string
  /** The call polls for Deployed: an expired session then means the wait outlasted it. */
  waiting?: boolean | undefined
  /** The variable that set this service's endpoint, if one did (AWS_ENDPOINT_URL_CLOUDFRONT). */
  endpointSource?: string | undefined
  proxy?: ProxySettings | undefined
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
  return asRawError(error).name
}

/** Access denied, whether wrapped already or the SDK's error. */
export function isAccessDenied(error: unknown, service: AwsServiceName = 'mediapackage'): boolean {
  if (error instanceof AwsUserError) return error.kind === 'access-denied'
  if (error instanceof AwsCallError) return false
  return classify(error, service).kind === 'access-denied'
}

/**
 * The IAM actions to allow for a denied call. CreateDistributionWithTags is one call, but IAM has
 * named it both as its own action and as CreateDistribution plus TagResource (README, "Permissions").
 */
export function iamActionsFor(site: Pick<CallSite, 'service' | 'operation'>, denial: Denial): string[] {
  if (denial.action) return [denial.action]
  const action = `${AWS_SERVICES[site.service].iamPrefix}:${site.operation}`
  if (action === 'cloudfront:CreateDistributionWithTags') return [action, 'cloudfront:CreateDistribution', 'cloudfront:TagResource']
  return [action]
}

const quoted = (actions: readonly string[]) => actions.map((action) => `"${action}"`).join(', ')

function accessDenied(site: CallSite, failure: Classification): { message: string; iamActions: string[] } {
  const denial = readDenial(failure.message)
  const iamActions = iamActionsFor(site, denial)
  const allow = quoted(iamActions)
  const because = denial.reason ? ` AWS says: ${denial.reason}.` : ''
  let todo: string
  switch (denial.policy) {
    case 'service control policy':
    case 'resource control policy':
      // CloudFront and the Tagging API are called in us-east-1, which Region-restricting SCPs often leave out.
      todo =
        `A ${denial.policy} of your AWS Organization decides this, not the role's own policy: ask the organization's administrators to allow ${allow} ` +
        `for this account${AWS_SERVICES[site.service].usEast1 ? ' (in us-east-1: CloudFront and the Tagging API are called there)' : ''}.`
      break
    case 'permissions boundary':
      todo = `The role's permissions boundary must allow ${allow} too: add it to the boundary, not only to the role's policies.`
      break
    case 'session policy':
      todo = `The session policy of these credentials limits them: if configure-aws-credentials passes inline-session-policy or managed-session-policies, allow ${allow} there.`
      break
    case 'resource-based policy':
      todo = `The resource's own policy ${denial.explicit ? 'denies' : 'does not allow'} it (for a secret, its resource policy): change that policy.`
      break
    case 'VPC endpoint policy':
      todo = `The runner reaches AWS through a VPC endpoint whose policy ${denial.explicit ? 'denies' : 'does not allow'} it: change the endpoint policy.`
      break
    case 'identity-based policy':
      todo = denial.explicit
        ? `A Deny statement in a policy of the role matches ${allow}: remove or narrow it.`
        : `Allow ${allow} for the role this job uses (README, "Permissions"; the end of the run lists every denied action as one policy statement).`
      break
    default:
      todo = `Allow ${allow} for the role this job uses (README, "Permissions"; the end of the run lists every denied action as one policy statement).`
  }
  return { message: `access denied (${failure.code}).${because} ${todo}`, iamActions }
}

const CREDENTIAL_CAUSE: Record<string, string> = {
  InvalidClientTokenId: 'AWS does not know the access key (deleted, inactive, or from another partition), or the session token is not its own',
  InvalidAccessKeyId: 'AWS does not know the access key (deleted, inactive, or from another partition)',
  UnrecognizedClientException: 'AWS does not know the access key or its session token',
  SignatureDoesNotMatch: 'the secret access key does not belong to the access key id',
  InvalidSignatureException: 'the secret access key does not belong to the access key id',
  RequestTimeTooSkewed: "the runner's clock is more than 5 minutes off"
}

const GET_CREDENTIALS =
  'Add aws-actions/configure-aws-credentials before this step (with `permissions: id-token: write` for OIDC), ' +
  'or check the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or AWS_PROFILE) the step gets.'

function expired(site: CallSite, failure: Classification): string {
  if (site.waiting) {
    return (
      `the AWS credentials expired while waiting for Deployed (${failure.code}): the session is shorter than the run. ` +
      'Give configure-aws-credentials a role-duration-seconds above wait-timeout-minutes plus a few minutes (its default is 3600), and the role a maximum session duration at least as long. ' +
      'The changes are made; the next run only waits (README, "Troubleshooting").'
    )
  }
  const clock = failure.code === 'RequestExpired' ? ", or the runner's clock is more than 5 minutes off" : ''
  return (
    `the AWS credentials expired (${failure.code})${clock}. Run again with fresh credentials; for long runs give configure-aws-credentials ` +
    'a role-duration-seconds above the length of the run, wait-timeout-minutes included (README, "Troubleshooting").'
  )
}

function networkCause(code: string, status: number | undefined): string {
  if (status === 407) return 'the proxy asks for credentials (407 Proxy Authentication Required); put them in the proxy URL, http://user:password@host:port'
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens there)'
  if (code === 'ENOTFOUND') return 'the host name does not resolve (DNS, ENOTFOUND)'
  if (code === 'EAI_AGAIN') return 'DNS did not answer (EAI_AGAIN)'
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the connection was reset (${code})`
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN'].includes(code)) return `no route to the host (${code})`
  if (isCertificateCode(code)) return `its TLS certificate is not trusted (${code}); a proxy that inspects TLS needs its CA certificate in NODE_EXTRA_CA_CERTS`
  if (isHandshakeCode(code)) return `the TLS handshake failed (${code}); is it a plain http:// endpoint given as https://?`
  if (status !== undefined && !NETWORK_CODES.has(code)) return `something between the runner and AWS (a proxy or firewall?) answered HTTP ${status}`
  return `the connection timed out (${code})`
}

function network(site: CallSite, failure: Classification, endpoint: string | undefined): string {
  const info = AWS_SERVICES[site.service]
  const [host, port] = endpoint ? [endpoint.slice(0, endpoint.lastIndexOf(':')), Number(endpoint.slice(endpoint.lastIndexOf(':') + 1))] : ['', 0]
  const proxied = site.proxy && endpoint && !bypassesProxy(site.proxy.noProxy, host, port)
  const where = `${endpoint ?? "AWS's endpoint"}${proxied ? ` through the proxy ${proxyLabel(site.proxy!.url)}` : ''}`
  const attempts = failure.attempts && failure.attempts > 1 ? `, ${failure.attempts} attempts` : ''
  const variable = site.endpointSource
    ? `${site.endpointSource} (it points there)`
    : `AWS_ENDPOINT_URL_${info.endpointVariable} / AWS_ENDPOINT_URL (unset: AWS's own endpoint)`
  return (
    `cannot reach ${info.label} at ${where}: ${networkCause(failure.code, failure.status)}${attempts}. ` +
    `Check ${variable}, the proxy settings (http-proxy input, HTTPS_PROXY, NO_PROXY) and the runner's network.`
  )
}

function documented(site: CallSite, failure: Classification): string {
  const label = AWS_SERVICES[site.service].label
  const entry = documentedError(site.service, failure.code)!
  const code = failure.subtype ? `${failure.code} ${failure.subtype}` : failure.code
  let todo = entry.todo
  if (site.service === 'mediapackagev2' && failure.code === 'ConflictException' && failure.subtype) todo = V2_CONFLICTS[failure.subtype] ?? todo
  if (site.service === 'mediapackagev2' && failure.code === 'ServiceQuotaExceededException') {
    const limit = V2_QUOTAS[site.operation]
    if (limit) todo = `The quota is ${limit}. ${todo}`
  }
  const said = failure.message ? `: ${failure.message.replace(/\s*\.?\s*$/, '')}.` : '.'
  return entry.kind === 'not-found' ? `${label} answered ${code}${said} ${todo}` : `${label} refused it (${code})${said} ${todo}`
}

function describe(site: CallSite, failure: Classification, error: unknown): { message: string; iamActions?: string[] } | undefined {
  const attempts = failure.attempts && failure.attempts > 1 ? ` after ${failure.attempts} attempts` : ''
  switch (failure.kind) {
    case 'access-denied':
      return accessDenied(site, failure)
    case 'expired-credentials':
      return { message: expired(site, failure) }
    case 'no-credentials':
      return { message: `no AWS credentials were found (${failure.code}). ${GET_CREDENTIALS}` }
    case 'invalid-credentials':
      return { message: `the AWS credentials are not valid: ${CREDENTIAL_CAUSE[failure.code] ?? 'AWS refused them'} (${failure.code}). ${GET_CREDENTIALS}` }
    case 'network':
      return { message: network(site, failure, endpointOf(error)) }
    case 'throttled':
      // MediaPackage v1 answers 429 both for a request rate and for a quota (30 channels, 10 endpoints per channel).
      return {
        message:
          `AWS kept refusing with ${failure.code}${attempts} (${failure.message}). If it is a rate, run again, lower max-concurrency or raise AWS_MAX_ATTEMPTS; ` +
          'if it is a quota (MediaPackage: 30 channels, 10 endpoints per channel), ask AWS for an increase.'
      }
    case 'server':
      return { message: `AWS had a service error (${failure.code}: ${failure.message})${attempts}. Nothing is lost: run again.` }
    case 'quota':
    case 'rejected':
    case 'conflict':
    case 'not-found':
      if (documentedError(site.service, failure.code)) return { message: documented(site, failure) }
      return {
        message: `${failure.code}: ${failure.message} An AWS quota or rate limit was reached; ask for a quota increase or lower max-concurrency.`
      }
    case 'unexpected':
      return undefined
  }
}

/**
 * Wraps an AWS failure once, with the operation and the resource. Failures the user must act on become
 * AwsUserError with what to do; anything else keeps its stack (and its cause) for a bug report.
 */
export function wrapAwsError(error: unknown, site: CallSite): Error {
  if (error instanceof AwsUserError || error instanceof AwsCallError) return error
  const failure = classify(error, site.service)
  const described = describe(site, failure, error)
  if (!described) return new AwsCallError(`${site.operation} ${site.resource} failed: ${failure.code}: ${failure.message}`, failure.code, error)
  const details: AwsFailureDetails = {
    operation: site.operation,
    resource: site.resource,
    code: failure.code,
    kind: failure.kind,
    iamActions: described.iamActions
  }
  return new AwsUserError(details, described.message)
}
