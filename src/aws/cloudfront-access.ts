import {
  CreateCachePolicyCommand,
  CreateOriginAccessControlCommand,
  ListCachePoliciesCommand,
  ListOriginAccessControlsCommand,
  type CachePolicyConfig,
  type CloudFrontClient,
  type OriginAccessControlConfig
} from '@aws-sdk/client-cloudfront'
import { AwsCaller } from './call.js'

/**
 * The account-wide CloudFront resources an origin may need besides its distribution: origin access
 * controls and custom cache policies. Neither can carry tags, so they are found again by name.
 */
export class CloudFrontAccess {
  constructor(
    private readonly client: CloudFrontClient,
    private readonly aws: AwsCaller = new AwsCaller('cloudfront')
  ) {}

  /** The id of the origin access control with this name, if the account has one (all pages). */
  async findOriginAccessControl(name: string): Promise<string | undefined> {
    let marker: string | undefined
    do {
      const page = await this.aws.call({
        operation: 'ListOriginAccessControls',
        resource: 'account',
        send: () => this.client.send(new ListOriginAccessControlsCommand({ Marker: marker, MaxItems: 100 }))
      })
      const found = page.OriginAccessControlList?.Items?.find((item) => item.Name === name)
      if (found?.Id) return found.Id
      marker = page.OriginAccessControlList?.IsTruncated ? page.OriginAccessControlList.NextMarker : undefined
    } while (marker)
    return undefined
  }

  /** Creates it; undefined when another run made one with this name first (409 OriginAccessControlAlreadyExists). */
  async createOriginAccessControl(config: OriginAccessControlConfig): Promise<string | undefined> {
    const created = await this.aws.call({
      operation: 'CreateOriginAccessControl',
      resource: `origin access control ${config.Name}`,
      send: () => this.client.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: config })),
      expected: ['OriginAccessControlAlreadyExists']
    })
    return created?.OriginAccessControl?.Id
  }

  /** The id of the custom cache policy with this name, if the account has one (all pages). */
  async findCustomCachePolicy(name: string): Promise<string | undefined> {
    let marker: string | undefined
    do {
      const page = await this.aws.call({
        operation: 'ListCachePolicies',
        resource: 'account',
        send: () => this.client.send(new ListCachePoliciesCommand({ Type: 'custom', Marker: marker, MaxItems: 100 }))
      })
      const found = page.CachePolicyList?.Items?.find((item) => item.CachePolicy?.CachePolicyConfig?.Name === name)
      if (found?.CachePolicy?.Id) return found.CachePolicy.Id
      marker = page.CachePolicyList?.NextMarker
    } while (marker)
    return undefined
  }

  /** Creates it; undefined when another run made one with this name first (409 CachePolicyAlreadyExists). */
  async createCachePolicy(config: CachePolicyConfig): Promise<string | undefined> {
    const created = await this.aws.call({
      operation: 'CreateCachePolicy',
      resource: `cache policy ${config.Name}`,
      send: () => this.client.send(new CreateCachePolicyCommand({ CachePolicyConfig: config })),
      expected: ['CachePolicyAlreadyExists']
    })
    return created?.CachePolicy?.Id
  }
}
