/**
 * Every IAM action the run was denied, collected as the calls fail (including denials the run works
 * around, such as tag:GetResources), so the action can print them once at the end as one policy
 * statement instead of one permission per failed run.
 */
import type { AwsServiceName } from './config.js'

/**
 * The actions apply calls and plan never does, per service (README, "Permissions", "API calls made
 * per mode"). A plan denied a read of a service will, in apply, need these too.
 */
export const APPLY_ONLY_ACTIONS: Partial<Record<AwsServiceName, readonly string[]>> = {
  mediapackage: [
    'mediapackage:CreateChannel',
    'mediapackage:UpdateChannel',
    'mediapackage:TagResource',
    'mediapackage:CreateOriginEndpoint',
    'mediapackage:UpdateOriginEndpoint',
    'mediapackage:DescribeOriginEndpoint'
  ],
  cloudfront: ['cloudfront:CreateDistributionWithTags', 'cloudfront:CreateDistribution', 'cloudfront:TagResource', 'cloudfront:UpdateDistribution'],
  secretsmanager: ['secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret']
}

export interface DeniedCall {
  service: AwsServiceName
  operation: string
  resource: string
  actions: readonly string[]
}

export class PermissionCollector {
  private readonly calls: DeniedCall[] = []

  constructor(readonly mode: 'plan' | 'apply') {}

  record(call: DeniedCall): void {
    this.calls.push(call)
  }

  /** Each denied action once, sorted. */
  denied(): string[] {
    return [...new Set(this.calls.flatMap((call) => call.actions))].sort()
  }

  /** In plan mode: what apply will also need for the services a read was denied on. */
  applyAlsoNeeds(): string[] {
    if (this.mode !== 'plan') return []
    const denied = new Set(this.denied())
    const services = new Set(this.calls.map((call) => call.service))
    return [...services]
      .flatMap((service) => APPLY_ONLY_ACTIONS[service] ?? [])
      .filter((action) => !denied.has(action))
      .sort()
  }
}
