/**
 * The one way the adapters call AWS: a failure is classified and wrapped once, with the operation and
 * the resource; the codes a caller expects (NotFound, a stale ETag) come back as undefined instead;
 * denied actions are noted for the report at the end of the run.
 */
import { AwsUserError } from '../errors.js'
import type { AwsConfig, AwsServiceName } from './config.js'
import { awsErrorCode, wrapAwsError, type CallSite } from './errors.js'
import type { PermissionCollector } from './permissions.js'

/** What every call of a run shares. */
export interface CallContext {
  permissions?: PermissionCollector | undefined
  /** For network messages: which variable set an endpoint, and the proxy. */
  config?: Pick<AwsConfig, 'endpointSources' | 'proxy'> | undefined
}

export interface AwsCall<T> {
  operation: string
  /** `channel news-live`, `distribution E2QWRUHEXAMPLE`: what the user recognises. */
  resource: string
  send: () => Promise<T>
  /**
   * Error codes that answer the question rather than fail the call (NoSuchDistribution,
   * NotFoundException, a taken CallerReference, a stale ETag): the call resolves to undefined.
   */
  expected?: readonly string[]
  /** The call polls for Deployed (an expired session then points at role-duration-seconds). */
  waiting?: boolean
}

export class AwsCaller {
  constructor(
    readonly service: AwsServiceName,
    private readonly context: CallContext = {}
  ) {}

  call<T>(spec: AwsCall<T> & { expected: readonly string[] }): Promise<T | undefined>
  call<T>(spec: AwsCall<T>): Promise<T>
  async call<T>(spec: AwsCall<T>): Promise<T | undefined> {
    try {
      return await spec.send()
    } catch (error) {
      if (spec.expected?.includes(awsErrorCode(error) ?? '')) return undefined
      const site: CallSite = {
        service: this.service,
        operation: spec.operation,
        resource: spec.resource,
        waiting: spec.waiting,
        endpointSource: this.context.config?.endpointSources[this.service],
        proxy: this.context.config?.proxy
      }
      const wrapped = wrapAwsError(error, site)
      if (wrapped !== error && wrapped instanceof AwsUserError && wrapped.kind === 'access-denied') {
        this.context.permissions?.record({ service: this.service, operation: spec.operation, resource: spec.resource, actions: wrapped.iamActions })
      }
      throw wrapped
    }
  }
}
