/**
 * Two kinds of failure:
 * - UserError: the user can fix it (bad manifest or input, missing permission, quota, a conflict in
 *   their account). Reported as a message without a stack trace.
 * - anything else is our bug and keeps its stack trace.
 */

/** Where in a file a problem is, 1-based, for `::error file=…,line=…,col=…::`. */
export interface SourcePosition {
  file: string
  line?: number
  col?: number
}

/** One thing wrong with the user's input. `path` is the manifest path, e.g. `channels[0].endpoints[1].hls`. */
export interface Problem {
  message: string
  path?: string
  position?: SourcePosition
}

export class UserError extends Error {
  override name = 'UserError'
  readonly problems: readonly Problem[]

  constructor(message: string, problems: readonly Problem[] = []) {
    super(message)
    this.problems = problems
  }
}

/** What an AWS failure was, for callers that react to one kind (src/aws/taxonomy.ts has the list). */
export interface AwsFailureDetails {
  operation: string
  resource: string
  /** The AWS error code, or Node's for a network failure. */
  code?: string | undefined
  kind?: string | undefined
  /** For access denied: the IAM actions to allow. */
  iamActions?: readonly string[] | undefined
}

/** An AWS call failed in a way the user must act on (access denied, quota, conflicting resources). */
export class AwsUserError extends UserError {
  override name = 'AwsUserError'
  readonly operation: string
  readonly resource: string
  readonly code: string | undefined
  readonly kind: string | undefined
  readonly iamActions: readonly string[]

  constructor(details: AwsFailureDetails, message: string) {
    super(`${details.operation} ${details.resource}: ${message}`)
    this.operation = details.operation
    this.resource = details.resource
    this.code = details.code
    this.kind = details.kind
    this.iamActions = details.iamActions ?? []
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError
}
