/**
 * The errors each service documents for the calls this action makes that are the user's to fix,
 * each with what to do. A code here is a user error (a message, no stack trace); a code nowhere in
 * src/aws/taxonomy.ts is treated as a bug.
 *
 * CloudFront: the errors of CreateDistributionWithTags and UpdateDistribution,
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateDistributionWithTags.html#API_CreateDistributionWithTags_Errors
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html#API_UpdateDistribution_Errors
 * Quotas: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
import type { AwsServiceName } from './config.js'

export type UserErrorKind = 'rejected' | 'quota' | 'conflict' | 'not-found'

export interface DocumentedError {
  kind: UserErrorKind
  /** What to do, in a sentence or two. */
  todo: string
}

const rejected = (todo: string): DocumentedError => ({ kind: 'rejected', todo })
const quota = (todo: string): DocumentedError => ({ kind: 'quota', todo })

const BY_HAND = 'The manifest does not set this: it was set on the distribution outside this action. Fix it in the CloudFront console, then run again.'
const CLOUDFRONT_QUOTA = 'This is a CloudFront quota: ask for an increase in Service Quotas (CloudFront), or remove what is unused.'

const CLOUDFRONT: Record<string, DocumentedError> = {
  CNAMEAlreadyExists: rejected(
    'An alias in distribution.aliases is already used by another distribution, in this or another AWS account. Remove it there, or from the manifest; ' +
      'to move a domain between distributions see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/alternate-domain-names-move.html.'
  ),
  InvalidViewerCertificate: rejected(
    'Check distribution.certificate-arn: an issued ACM certificate in us-east-1 that covers every alias in distribution.aliases (aliases added by hand count too).'
  ),
  InvalidMinimumProtocolVersion: rejected('Use a distribution.minimum-protocol-version CloudFront offers for SNI, TLSv1.2_2021 or later.'),
  InvalidProtocolSettings: rejected('The TLS settings do not fit together: with sni-only, set distribution.minimum-protocol-version to TLSv1.2_2021 or later.'),
  InvalidWebACLId: rejected(
    'Check distribution.web-acl-id: a web ACL of this account with CloudFront scope (made in us-east-1), as its ARN for AWS WAF or its ID for WAF Classic.'
  ),
  TooManyDistributionCNAMEs: quota(
    'A distribution takes 100 aliases by default: list fewer in distribution.aliases (aliases added by hand count too), or ask for a higher quota.'
  ),
  TooManyDistributions: quota(
    'The account has as many distributions as its quota allows (500 by default; this action makes one per channel). ' + CLOUDFRONT_QUOTA
  ),
  TooManyOrigins: quota('A distribution takes 100 origins by default. ' + CLOUDFRONT_QUOTA),
  TooManyOriginGroupsPerDistribution: quota('A distribution takes 10 origin groups by default. ' + CLOUDFRONT_QUOTA),
  TooManyCacheBehaviors: quota('A distribution takes 75 cache behaviors by default. ' + CLOUDFRONT_QUOTA),
  TooManyOriginCustomHeaders: quota(
    'An origin takes 10 custom headers by default, and CDN authorization adds one. Remove unused headers in the CloudFront console.'
  ),
  TooManyCertificates: quota(CLOUDFRONT_QUOTA),
  TooManyTrustedSigners: quota(CLOUDFRONT_QUOTA),
  TooManyKeyGroupsAssociatedToDistribution: quota(CLOUDFRONT_QUOTA),
  TooManyHeadersInForwardedValues: quota(CLOUDFRONT_QUOTA),
  TooManyCookieNamesInWhiteList: quota(CLOUDFRONT_QUOTA),
  TooManyQueryStringParameters: quota(CLOUDFRONT_QUOTA),
  TooManyFunctionAssociations: quota(CLOUDFRONT_QUOTA),
  TooManyLambdaFunctionAssociations: quota(CLOUDFRONT_QUOTA),
  TooManyDistributionsAssociatedToCachePolicy: quota('The cache policy is used by as many distributions as allowed. ' + CLOUDFRONT_QUOTA),
  TooManyDistributionsAssociatedToOriginRequestPolicy: quota('The origin request policy is used by as many distributions as allowed. ' + CLOUDFRONT_QUOTA),
  TooManyDistributionsAssociatedToResponseHeadersPolicy: quota('The response headers policy is used by as many distributions as allowed. ' + CLOUDFRONT_QUOTA),
  TooManyDistributionsAssociatedToKeyGroup: quota(CLOUDFRONT_QUOTA),
  TooManyDistributionsAssociatedToOriginAccessControl: quota(CLOUDFRONT_QUOTA),
  TooManyDistributionsAssociatedToFieldLevelEncryptionConfig: quota(CLOUDFRONT_QUOTA),
  TooManyDistributionsWithFunctionAssociations: quota(CLOUDFRONT_QUOTA),
  TooManyDistributionsWithLambdaAssociations: quota(CLOUDFRONT_QUOTA),
  TooManyDistributionsWithSingleFunctionARN: quota(CLOUDFRONT_QUOTA),
  InvalidArgument: rejected(
    "CloudFront's message names the setting. If the manifest sets it, fix the manifest; if it was set by hand, fix it in the CloudFront console."
  ),
  InconsistentQuantities: rejected(
    "A list in the distribution's config has a Quantity that does not match its items. If it was edited outside the console, fix it there; otherwise please report a bug."
  ),
  IllegalUpdate: rejected(
    'CloudFront does not allow this change in place; its message says which. Change it in the CloudFront console, or undo it in the manifest.'
  ),
  InvalidOrigin: rejected('An origin names a domain CloudFront cannot use (for Amazon S3: a bucket that does not exist). ' + BY_HAND),
  InvalidOriginAccessControl: rejected('An origin uses an origin access control that is not valid. ' + BY_HAND),
  NoSuchOriginAccessControl: rejected('An origin uses an origin access control that does not exist (deleted?). ' + BY_HAND),
  InvalidDomainNameForOriginAccessControl: rejected('An origin access control is on an origin whose kind it does not support. ' + BY_HAND),
  IllegalOriginAccessConfiguration: rejected('An origin has both an origin access control and an origin access identity; keep one. ' + BY_HAND),
  InvalidOriginAccessIdentity: rejected('An origin uses an origin access identity that does not exist. ' + BY_HAND),
  InvalidOriginReadTimeout: rejected('An origin response timeout is outside what CloudFront allows (1–60 s unless a quota was raised). ' + BY_HAND),
  InvalidOriginKeepaliveTimeout: rejected('An origin keep-alive timeout is outside what CloudFront allows (1–60 s unless a quota was raised). ' + BY_HAND),
  InvalidTagging: rejected(
    'Tags must have keys of 1–128 and values of up to 256 characters (letters, digits, spaces and _ . : / = + - @), at most 50; check the tags on the distribution.'
  ),
  InvalidRelativePath: rejected('An error page path must start with / and be URL-encoded. ' + BY_HAND),
  InvalidErrorCode: rejected('A custom error response uses an HTTP code CloudFront does not allow. ' + BY_HAND),
  InvalidResponseCode: rejected('A custom error response answers with an HTTP code CloudFront does not allow. ' + BY_HAND),
  InvalidDefaultRootObject: rejected('The default root object is too long or has characters CloudFront refuses. ' + BY_HAND),
  InvalidRequiredProtocol: rejected('The distribution asks for RequiredProtocols other than https. ' + BY_HAND),
  InvalidTTLOrder: rejected('A cache behavior has MinTTL ≤ DefaultTTL ≤ MaxTTL out of order. ' + BY_HAND),
  InvalidForwardCookies: rejected('A cache behavior forwards cookies in a way CloudFront refuses. ' + BY_HAND),
  InvalidHeadersForS3Origin: rejected('A cache behavior forwards headers an S3 origin does not take. ' + BY_HAND),
  InvalidQueryStringParameters: rejected('A cache behavior lists query string parameters CloudFront refuses. ' + BY_HAND),
  InvalidGeoRestrictionParameter: rejected('The geographic restriction is not valid. ' + BY_HAND),
  InvalidLocationCode: rejected('The geographic restriction names a country code CloudFront does not know. ' + BY_HAND),
  InvalidFunctionAssociation: rejected('A CloudFront Functions association is not valid (unpublished function, wrong event type?). ' + BY_HAND),
  InvalidLambdaFunctionAssociation: rejected('A Lambda@Edge association is not valid (it needs a numbered version in us-east-1). ' + BY_HAND),
  TrustedSignerDoesNotExist: rejected('A cache behavior restricts viewers to a trusted signer that does not exist. ' + BY_HAND),
  TrustedKeyGroupDoesNotExist: rejected('A cache behavior restricts viewers to a key group that does not exist. ' + BY_HAND),
  NoSuchCachePolicy: rejected('A cache behavior names a cache policy that does not exist (deleted?). ' + BY_HAND),
  NoSuchOriginRequestPolicy: rejected('A cache behavior names an origin request policy that does not exist (deleted?). ' + BY_HAND),
  NoSuchResponseHeadersPolicy: rejected('A cache behavior names a response headers policy that does not exist (deleted?). ' + BY_HAND),
  NoSuchRealtimeLogConfig: rejected('A cache behavior names a real-time log configuration that does not exist. ' + BY_HAND),
  RealtimeLogConfigOwnerMismatch: rejected('A cache behavior names a real-time log configuration of another account. ' + BY_HAND),
  NoSuchFieldLevelEncryptionConfig: rejected('A cache behavior names a field-level encryption configuration that does not exist. ' + BY_HAND),
  IllegalFieldLevelEncryptionConfigAssociationWithCacheBehavior: rejected('A field-level encryption configuration does not fit its cache behavior. ' + BY_HAND),
  NoSuchOrigin: rejected('A cache behavior targets an origin id the distribution does not have. ' + BY_HAND),
  NoSuchContinuousDeploymentPolicy: rejected('The distribution names a continuous deployment policy that does not exist. ' + BY_HAND),
  ContinuousDeploymentPolicyInUse: rejected('The continuous deployment setup of this distribution blocks the change. ' + BY_HAND),
  StagingDistributionInUse: rejected('The distribution is tied to a staging distribution. ' + BY_HAND),
  EntityNotFound: rejected('Something the distribution refers to does not exist; CloudFront names it. ' + BY_HAND),
  NoSuchDistribution: { kind: 'not-found', todo: 'The distribution was deleted during the run. Run again: the action then creates or finds the right one.' }
}

const MEDIAPACKAGE: Record<string, DocumentedError> = {
  UnprocessableEntityException: rejected(
    'MediaPackage\'s message says which setting it refuses: fix it in the manifest (its keys are the MediaPackage API\'s field names, see README "Manifest reference").'
  ),
  NotFoundException: { kind: 'not-found', todo: 'It does not exist (any more): someone may have deleted it during the run. Run again.' }
}

const SECRETS_MANAGER: Record<string, DocumentedError> = {
  DecryptionFailure: rejected("Secrets Manager cannot decrypt the secret with its KMS key: allow kms:Decrypt on that key for this job's role."),
  EncryptionFailure: rejected(
    "Secrets Manager cannot encrypt the secret with its KMS key: check the key is enabled and allow kms:GenerateDataKey on it for this job's role."
  ),
  InvalidRequestException: rejected(
    'The secret cannot be used that way (is it scheduled for deletion?): restore it in the Secrets Manager console, or name another one in cdn-authorization.secret.'
  ),
  InvalidParameterException: rejected('Check cdn-authorization.secret: a secret name or a full ARN in the MediaPackage account and Region.'),
  ResourceExistsException: { kind: 'conflict', todo: 'A secret with this name was created meanwhile (by another run?). Run again: the action then uses it.' },
  ResourceNotFoundException: { kind: 'not-found', todo: 'The secret does not exist: check cdn-authorization.secret, or set create-secret: true.' },
  LimitExceededException: quota('A Secrets Manager quota was reached: ask for an increase in Service Quotas, or delete unused secrets.')
}

const TAGGING: Record<string, DocumentedError> = {
  PaginationTokenExpiredException: rejected('The tag look-up took longer than its page token lives. Run again.'),
  ConstraintViolationException: rejected(
    'AWS Organizations constraints refused the look-up (tag policies or a missing service-linked role): ask your Organizations administrators.'
  ),
  InvalidParameterException: rejected('The Tagging API refused the look-up; its message says why. If it persists, please report a bug.')
}

/** MediaPackage v2 types its refusals; what to do for the conflict types its model lists. */
export const V2_CONFLICTS: Record<string, string> = {
  RESOURCE_IN_USE: 'Another resource still uses it: wait for that to finish, or detach it, then run again.',
  RESOURCE_ALREADY_EXISTS: 'One with this name exists already (made by another run?). Run again to use it, or choose another name.',
  IDEMPOTENT_PARAMETER_MISMATCH: 'A retry of this create sent other settings than the first try. Run again.',
  CONFLICTING_OPERATION: 'Another change to it is in progress. Run again when it has finished.'
}

/**
 * The MediaPackage v2 quotas a create can meet (https://docs.aws.amazon.com/mediapackage/latest/userguide/quotas.html):
 * 402 ServiceQuotaExceededException, not a 429 as in v1.
 */
export const V2_QUOTAS: Record<string, string> = {
  CreateChannelGroup: '3 channel groups per account and Region',
  CreateChannel: '10 channels per channel group',
  CreateOriginEndpoint: '10 origin endpoints per channel'
}

const MEDIAPACKAGE_V2: Record<string, DocumentedError> = {
  ValidationException: rejected("MediaPackage's message says which setting it refuses: fix it in the manifest."),
  ConflictException: { kind: 'conflict', todo: 'Another change to it is in progress. Run again in a minute.' },
  ServiceQuotaExceededException: quota('Ask for an increase in Service Quotas (MediaPackage), or remove unused resources.'),
  ResourceNotFoundException: { kind: 'not-found', todo: 'It does not exist (any more): someone may have deleted it during the run. Run again.' }
}

const BY_SERVICE: Partial<Record<AwsServiceName, Record<string, DocumentedError>>> = {
  cloudfront: CLOUDFRONT,
  mediapackage: MEDIAPACKAGE,
  mediapackagev2: MEDIAPACKAGE_V2,
  secretsmanager: SECRETS_MANAGER,
  tagging: TAGGING
}

export function documentedError(service: AwsServiceName, code: string): DocumentedError | undefined {
  return BY_SERVICE[service]?.[code]
}

/** The CloudFront codes above, for tests that walk the list. */
export const CLOUDFRONT_USER_ERRORS: readonly string[] = Object.keys(CLOUDFRONT)
