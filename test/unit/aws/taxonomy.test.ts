/**
 * The error taxonomy on the SDK's own exception classes: each failure is classified by its code
 * before its HTTP status, and each class says something different to the user.
 */
import { describe, expect, it } from '@jest/globals'
import { AccessDenied, CloudFrontServiceException, CNAMEAlreadyExists } from '@aws-sdk/client-cloudfront'
import { ForbiddenException, TooManyRequestsException } from '@aws-sdk/client-mediapackage'
import { ConflictException, ServiceQuotaExceededException, ValidationException } from '@aws-sdk/client-mediapackagev2'
import { AwsCallError, awsErrorCode, isAccessDenied, wrapAwsError, type CallSite } from '../../../src/aws/errors.js'
import { classify, readDenial } from '../../../src/aws/taxonomy.js'
import { CLOUDFRONT_USER_ERRORS } from '../../../src/aws/user-errors.js'
import { AwsUserError } from '../../../src/errors.js'

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 })

function cloudfrontError(name: string, status: number, message = `${name} message`): CloudFrontServiceException {
  return new CloudFrontServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: meta(status), message })
}

const node = (code: string, message = `connect ${code} 127.0.0.1:1`) => Object.assign(new Error(message), { code })

const site = (extra: Partial<CallSite> = {}): CallSite => ({ service: 'cloudfront', operation: 'UpdateDistribution', resource: 'distribution E1', ...extra })

function wrapped(error: unknown, extra: Partial<CallSite> = {}): AwsUserError {
  const result = wrapAwsError(error, site(extra))
  expect(result).toBeInstanceOf(AwsUserError)
  return result as AwsUserError
}

describe('classified by code before status', () => {
  it.each([
    ['ExpiredToken', 403, 'expired-credentials'],
    ['ExpiredTokenException', 400, 'expired-credentials'],
    ['RequestExpired', 400, 'expired-credentials'],
    ['InvalidClientTokenId', 403, 'invalid-credentials'],
    ['UnrecognizedClientException', 403, 'invalid-credentials'],
    ['SignatureDoesNotMatch', 403, 'invalid-credentials'],
    ['InvalidSignatureException', 400, 'invalid-credentials'],
    ['IncompleteSignature', 403, 'invalid-credentials'],
    ['MissingAuthenticationToken', 403, 'invalid-credentials'],
    ['AccessDenied', 403, 'access-denied'],
    ['AccessDeniedException', 400, 'access-denied'],
    ['SomethingNew', 403, 'access-denied'],
    ['Throttling', 400, 'throttled'],
    ['SomethingNew', 429, 'throttled'],
    ['CNAMEAlreadyExists', 409, 'rejected'],
    ['TooManyDistributions', 400, 'quota'],
    ['TooManySomethingNew', 400, 'quota'],
    ['NoSuchDistribution', 404, 'not-found'],
    ['ServiceUnavailable', 503, 'server'],
    ['MalformedXML', 400, 'unexpected']
  ] as const)('%s (%i) is %s', (code, status, kind) => {
    expect(classify(cloudfrontError(code, status), 'cloudfront').kind).toBe(kind)
  })

  it('a 403 with a credential code is never access denied, so it is not collected as a permission', () => {
    for (const code of ['ExpiredToken', 'SignatureDoesNotMatch', 'InvalidClientTokenId']) {
      const error = cloudfrontError(code, 403)
      expect(isAccessDenied(error, 'cloudfront')).toBe(false)
      expect(wrapped(error).iamActions).toEqual([])
    }
    expect(isAccessDenied(new AccessDenied({ $metadata: meta(403), message: 'Access denied' }), 'cloudfront')).toBe(true)
  })

  it("Node's network codes, TLS codes and the SDK's timeouts are network failures", () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ECONNRESET',
      'ETIMEDOUT',
      'CERT_HAS_EXPIRED',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'EPROTO'
    ]) {
      expect(classify(node(code), 'mediapackage')).toMatchObject({ kind: 'network', code })
    }
    expect(classify(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'mediapackage')).toMatchObject({
      kind: 'network',
      code: 'TimeoutError'
    })
    // The SDK's wrapper for an error it did not recognise as one keeps only the text.
    expect(classify(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), 'mediapackage')).toMatchObject({
      kind: 'network',
      code: 'ECONNREFUSED'
    })
    // A code-like word in a message AWS answered is not a network failure.
    expect(classify(cloudfrontError('InvalidArgument', 400, 'ECONNREFUSED is not a valid origin'), 'cloudfront').kind).toBe('rejected')
  })

  it('a CredentialsProviderError (no credentials anywhere) says where credentials come from', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
    const message = wrapped(error, { service: 'mediapackage', operation: 'DescribeChannel', resource: 'channel news' }).message
    expect(message).toBe(
      'DescribeChannel channel news: no AWS credentials were found (CredentialsProviderError). Add aws-actions/configure-aws-credentials before this step ' +
        '(with `permissions: id-token: write` for OIDC), or check the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or AWS_PROFILE) the step gets.'
    )
  })
})

describe('messages per class', () => {
  it('expired: points at role-duration-seconds, and at the wait when it happened there', () => {
    const error = cloudfrontError('ExpiredToken', 403)
    expect(wrapped(error).message).toContain('the AWS credentials expired (ExpiredToken). Run again with fresh credentials')
    expect(wrapped(error, { waiting: true, operation: 'GetDistribution' }).message).toContain('expired while waiting for Deployed (ExpiredToken)')
    expect(wrapped(cloudfrontError('RequestExpired', 400)).message).toContain("runner's clock")
  })

  it.each([
    ['with an explicit deny in a service control policy', 'AWS Organization'],
    ['with an explicit deny in a resource control policy', 'AWS Organization'],
    ['because no service control policy allows the cloudfront:UpdateDistribution action', 'AWS Organization'],
    ['with an explicit deny in a permissions boundary', 'permissions boundary must allow'],
    ['because no permissions boundary allows the cloudfront:UpdateDistribution action', 'permissions boundary must allow'],
    ['with an explicit deny in an identity-based policy', 'A Deny statement in a policy of the role'],
    ['because no identity-based policy allows the cloudfront:UpdateDistribution action', 'Allow "cloudfront:UpdateDistribution" for the role'],
    ['with an explicit deny in a resource-based policy', "resource's own policy denies it"],
    ['because no resource-based policy allows the cloudfront:UpdateDistribution action', "resource's own policy does not allow it"],
    ['with an explicit deny in a session policy', 'inline-session-policy'],
    ['with an explicit deny in a VPC endpoint policy', 'VPC endpoint whose policy denies it']
  ])('access denied "%s": keeps the reason and says %s', (reason, todo) => {
    const message = `User: arn:aws:sts::123456789012:assumed-role/ci/s is not authorized to perform: cloudfront:UpdateDistribution on resource: arn:aws:cloudfront::123456789012:distribution/E1 ${reason}`
    const error = wrapped(new AccessDenied({ $metadata: meta(403), message }))
    expect(error.message).toContain(`AWS says: ${reason}.`)
    expect(error.message).toContain(todo)
    expect(error.message).not.toContain('123456789012')
    expect(error.iamActions).toEqual(['cloudfront:UpdateDistribution'])
  })

  it('access denied names the action AWS names, else the one the call maps to (three for CreateDistributionWithTags)', () => {
    const tagging = new AccessDenied({
      $metadata: meta(403),
      message: 'User: x is not authorized to perform: cloudfront:TagResource because no identity-based policy allows it'
    })
    expect(wrapped(tagging, { operation: 'CreateDistributionWithTags' }).iamActions).toEqual(['cloudfront:TagResource'])
    expect(wrapped(new AccessDenied({ $metadata: meta(403), message: 'Access denied' }), { operation: 'CreateDistributionWithTags' }).iamActions).toEqual([
      'cloudfront:CreateDistributionWithTags',
      'cloudfront:CreateDistribution',
      'cloudfront:TagResource'
    ])
    const mediapackage = wrapped(new ForbiddenException({ $metadata: meta(403), message: 'Forbidden' }), {
      service: 'mediapackage',
      operation: 'CreateChannel'
    })
    expect(mediapackage.iamActions).toEqual(['mediapackage:CreateChannel'])
    expect(mediapackage.message).toContain('Allow "mediapackage:CreateChannel" for the role this job uses')
  })

  it('throttling keeps its rate-or-quota advice', () => {
    const error = new TooManyRequestsException({ $metadata: { ...meta(429), attempts: 8 }, message: 'Too Many Requests' })
    const message = wrapped(error, { service: 'mediapackage', operation: 'CreateChannel', resource: 'channel a' }).message
    expect(message).toContain('AWS kept refusing with TooManyRequestsException after 8 attempts')
    expect(message).toContain('lower max-concurrency or raise AWS_MAX_ATTEMPTS')
    expect(message).toContain('30 channels, 10 endpoints per channel')
  })

  it('every documented CloudFront user error says what AWS said and what to do', () => {
    expect(CLOUDFRONT_USER_ERRORS.length).toBeGreaterThanOrEqual(60)
    for (const code of CLOUDFRONT_USER_ERRORS) {
      const error = wrapped(cloudfrontError(code, 400, 'what CloudFront said'))
      expect(error.message).toMatch(
        new RegExp(`^UpdateDistribution distribution E1: CloudFront (refused it \\(${code}\\)|answered ${code}): what CloudFront said\\. \\S`)
      )
    }
    const cname = wrapped(new CNAMEAlreadyExists({ $metadata: meta(409), message: 'CNAME in use' }))
    expect(cname.message).toContain('distribution.aliases')
  })

  it('MediaPackage v2: the validation type, the conflict type, and the quota a create met', () => {
    const v2 = { service: 'mediapackagev2' as const, resource: 'channel live/a' }
    const validation = new ValidationException({
      $metadata: meta(400),
      message: 'Container type cannot change',
      ValidationExceptionType: 'CONTAINER_TYPE_IMMUTABLE'
    })
    expect(wrapped(validation, { ...v2, operation: 'UpdateOriginEndpoint' }).message).toContain(
      'MediaPackage v2 refused it (ValidationException CONTAINER_TYPE_IMMUTABLE): Container type cannot change.'
    )
    const conflict = new ConflictException({ $metadata: meta(409), message: 'exists', ConflictExceptionType: 'RESOURCE_ALREADY_EXISTS' })
    expect(wrapped(conflict, { ...v2, operation: 'CreateChannel' }).message).toContain(
      '(ConflictException RESOURCE_ALREADY_EXISTS): exists. One with this name exists already'
    )
    const quota = new ServiceQuotaExceededException({ $metadata: meta(402), message: 'Quota exceeded' })
    expect(classify(quota, 'mediapackagev2').kind).toBe('quota')
    expect(wrapped(quota, { ...v2, operation: 'CreateChannel' }).message).toContain('The quota is 10 channels per channel group.')
    expect(wrapped(quota, { ...v2, operation: 'CreateChannelGroup' }).message).toContain('The quota is 3 channel groups per account and Region.')
    expect(wrapped(quota, { ...v2, operation: 'CreateOriginEndpoint' }).message).toContain('The quota is 10 origin endpoints per channel.')
  })

  it('network: names the endpoint and its variable; a certificate problem points at NODE_EXTRA_CA_CERTS', () => {
    const refused = wrapped(node('ECONNREFUSED'), { endpointSource: 'AWS_ENDPOINT_URL_CLOUDFRONT' })
    expect(refused.message).toContain("cannot reach CloudFront at AWS's endpoint: connection refused")
    expect(refused.message).toContain('Check AWS_ENDPOINT_URL_CLOUDFRONT (it points there)')
    expect(wrapped(node('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')).message).toContain('NODE_EXTRA_CA_CERTS')
    expect(wrapped(node('ENOTFOUND', 'getaddrinfo ENOTFOUND x')).message).toContain('AWS_ENDPOINT_URL_CLOUDFRONT / AWS_ENDPOINT_URL (unset')
  })

  it('an unknown answer is a bug: AwsCallError with the cause, and it is classified once', () => {
    const error = cloudfrontError('MalformedXML', 400)
    const result = wrapAwsError(error, site())
    expect(result).toBeInstanceOf(AwsCallError)
    expect(result.cause).toBe(error)
    expect(awsErrorCode(result)).toBe('MalformedXML')
    expect(wrapAwsError(result, site({ operation: 'Other' }))).toBe(result)
  })
})

describe('readDenial', () => {
  it('reads the action and the reason, and says nothing when IAM gave none', () => {
    expect(readDenial('User: u is not authorized to perform: tag:GetResources with an explicit deny in a service control policy')).toEqual({
      action: 'tag:GetResources',
      reason: 'with an explicit deny in a service control policy',
      policy: 'service control policy',
      explicit: true
    })
    expect(readDenial('Access Denied')).toEqual({ action: undefined, reason: undefined, policy: undefined, explicit: false })
  })
})
