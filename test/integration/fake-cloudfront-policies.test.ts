/**
 * The fake CloudFront's origin access controls and cache policies, through the real
 * @aws-sdk/client-cloudfront client, and how distributions refuse references to ones that don't exist.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CloudFrontClient,
  CreateCachePolicyCommand,
  CreateDistributionWithTagsCommand,
  CreateOriginAccessControlCommand,
  DeleteOriginAccessControlCommand,
  GetCachePolicyCommand,
  GetCachePolicyConfigCommand,
  GetDistributionConfigCommand,
  GetOriginAccessControlCommand,
  GetOriginAccessControlConfigCommand,
  ListCachePoliciesCommand,
  ListOriginAccessControlsCommand,
  UpdateDistributionCommand,
  UpdateOriginAccessControlCommand,
  type CachePolicyConfig,
  type DistributionConfig,
  type OriginAccessControlConfig
} from '@aws-sdk/client-cloudfront'
import { startFakeAws, type FakeAws } from '../fake-aws/index.js'

const credentials = { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }
const V2_HOST = 'abcde1.egress.xyz123.mediapackagev2.us-west-2.amazonaws.com'
const ELEMENTAL_MEDIAPACKAGE = '08627262-05a9-4f76-9ded-b50ca2e3a84f'

let fake: FakeAws
let cf: CloudFrontClient
let serial = 0

beforeAll(async () => {
  fake = await startFakeAws({ seed: 11 })
  cf = new CloudFrontClient({ endpoint: fake.url, credentials, region: 'us-east-1', maxAttempts: 1 })
})

afterAll(async () => {
  cf.destroy()
  await fake.close()
})

async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } }
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('expected the call to fail')
}

function oacConfig(extra: Partial<OriginAccessControlConfig> = {}): OriginAccessControlConfig {
  return { Name: `oac-${++serial}`, SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 'mediapackagev2', ...extra }
}

async function oac(extra: Partial<OriginAccessControlConfig> = {}) {
  return cf.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: oacConfig(extra) }))
}

/** A distribution in front of a MediaPackage v2 egress domain, as the action will build it. */
function v2Config(change: (c: DistributionConfig) => void = () => {}): DistributionConfig {
  const config: DistributionConfig = {
    CallerReference: `ref-${++serial}`,
    Comment: 'v2 channel',
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [{ Id: 'mp2', DomainName: V2_HOST, CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }]
    },
    DefaultCacheBehavior: { TargetOriginId: 'mp2', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: ELEMENTAL_MEDIAPACKAGE }
  }
  change(config)
  return config
}

const withOac = (id: string) => (c: DistributionConfig) => {
  c.Origins!.Items![0]!.OriginAccessControlId = id
}

async function distribution(config: DistributionConfig) {
  return cf.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config, Tags: { Items: [] } } }))
}

describe('origin access controls', () => {
  it('creates an OAC (201, ETag, Location) and gets it and its config back', async () => {
    const created = await oac({ Name: 'mediapackagev2-oac', Description: 'for v2 origins' })
    expect(created.$metadata.httpStatusCode).toBe(201)
    const id = created.OriginAccessControl!.Id!
    expect(id).toMatch(/^E[A-Z0-9]{13}$/)
    expect(created.Location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/${id}`)
    expect(created.ETag).toMatch(/^E[A-Z0-9]{13}$/)
    expect(created.OriginAccessControl!.OriginAccessControlConfig).toEqual({
      Name: 'mediapackagev2-oac',
      Description: 'for v2 origins',
      SigningProtocol: 'sigv4',
      SigningBehavior: 'always',
      OriginAccessControlOriginType: 'mediapackagev2'
    })
    const got = await cf.send(new GetOriginAccessControlCommand({ Id: id }))
    expect(got).toMatchObject({ ETag: created.ETag, OriginAccessControl: created.OriginAccessControl })
    const config = await cf.send(new GetOriginAccessControlConfigCommand({ Id: id }))
    expect(config).toMatchObject({ ETag: created.ETag, OriginAccessControlConfig: created.OriginAccessControl!.OriginAccessControlConfig })
    expect(await failure(cf.send(new GetOriginAccessControlCommand({ Id: 'E0000000000000' })))).toMatchObject({
      name: 'NoSuchOriginAccessControl',
      status: 404
    })
  })

  it('lists OACs page by page with Marker and MaxItems', async () => {
    for (let i = 0; i < 3; i++) await oac({ Description: undefined })
    const ids: string[] = []
    let marker: string | undefined
    let pages = 0
    do {
      const { OriginAccessControlList: list } = await cf.send(new ListOriginAccessControlsCommand({ MaxItems: 2, Marker: marker }))
      expect(list!.Quantity).toBe(list!.Items?.length ?? 0)
      expect(list!.Marker).toBe(marker ?? '')
      for (const item of list!.Items ?? []) {
        expect(item.Description).toBe(fake.state.originAccessControls.get(item.Id!)!.config.Description)
        ids.push(item.Id!)
      }
      marker = list!.IsTruncated ? list!.NextMarker : undefined
      pages++
    } while (marker)
    expect(pages).toBeGreaterThan(1)
    expect(ids).toEqual([...fake.state.originAccessControls.byId.keys()])
    expect(await failure(cf.send(new ListOriginAccessControlsCommand({ Marker: 'nope' })))).toMatchObject({ name: 'InvalidArgument', status: 400 })
  })

  it('refuses a taken name, a long name and values outside the enums', async () => {
    const taken = await oac()
    const create = (c: Partial<OriginAccessControlConfig>) =>
      failure(cf.send(new CreateOriginAccessControlCommand({ OriginAccessControlConfig: oacConfig(c) })))
    expect(await create({ Name: taken.OriginAccessControl!.OriginAccessControlConfig!.Name })).toMatchObject({
      name: 'OriginAccessControlAlreadyExists',
      status: 409
    })
    expect(await create({ Name: 'n'.repeat(65) })).toMatchObject({ name: 'InvalidArgument', status: 400 })
    expect(await create({ SigningProtocol: 'sigv2' as 'sigv4' })).toMatchObject({ name: 'InvalidArgument' })
    expect(await create({ SigningBehavior: 'sometimes' as 'always' })).toMatchObject({ name: 'InvalidArgument' })
    expect(await create({ OriginAccessControlOriginType: 'mediapackage' as 's3' })).toMatchObject({ name: 'InvalidArgument' })
    expect(await create({ Name: undefined })).toMatchObject({ name: 'MalformedXML', status: 400 })
    const longest = await oac({ Name: 'n'.repeat(64) })
    expect(longest.OriginAccessControl!.OriginAccessControlConfig!.Name).toHaveLength(64)
  })

  it('updates an OAC only with its current ETag', async () => {
    const created = await oac()
    const id = created.OriginAccessControl!.Id!
    const next = oacConfig({ SigningBehavior: 'no-override' })
    expect(await failure(cf.send(new UpdateOriginAccessControlCommand({ Id: id, OriginAccessControlConfig: next })))).toMatchObject({
      name: 'InvalidIfMatchVersion',
      status: 400
    })
    const updated = await cf.send(new UpdateOriginAccessControlCommand({ Id: id, IfMatch: created.ETag, OriginAccessControlConfig: next }))
    expect(updated.OriginAccessControl!.OriginAccessControlConfig).toMatchObject({ SigningBehavior: 'no-override', Name: next.Name })
    expect(updated.ETag).not.toBe(created.ETag)
    expect(await failure(cf.send(new UpdateOriginAccessControlCommand({ Id: id, IfMatch: created.ETag, OriginAccessControlConfig: next })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412
    })
    const other = await oac()
    const rename = { ...next, Name: other.OriginAccessControl!.OriginAccessControlConfig!.Name }
    expect(await failure(cf.send(new UpdateOriginAccessControlCommand({ Id: id, IfMatch: updated.ETag, OriginAccessControlConfig: rename })))).toMatchObject({
      name: 'OriginAccessControlAlreadyExists'
    })
  })

  it('refuses to delete an OAC a distribution uses, and deletes it once no origin does', async () => {
    const created = await oac()
    const id = created.OriginAccessControl!.Id!
    const d = await distribution(v2Config(withOac(id)))
    expect(d.Distribution!.DistributionConfig!.Origins!.Items![0]!.OriginAccessControlId).toBe(id)

    expect(await failure(cf.send(new DeleteOriginAccessControlCommand({ Id: id })))).toMatchObject({ name: 'InvalidIfMatchVersion', status: 400 })
    expect(await failure(cf.send(new DeleteOriginAccessControlCommand({ Id: id, IfMatch: 'E00000000000000' })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412
    })
    expect(await failure(cf.send(new DeleteOriginAccessControlCommand({ Id: id, IfMatch: created.ETag })))).toMatchObject({
      name: 'OriginAccessControlInUse',
      status: 409
    })

    const current = await cf.send(new GetDistributionConfigCommand({ Id: d.Distribution!.Id }))
    current.DistributionConfig!.Origins!.Items![0]!.OriginAccessControlId = ''
    await cf.send(new UpdateDistributionCommand({ Id: d.Distribution!.Id, IfMatch: current.ETag, DistributionConfig: current.DistributionConfig }))
    const deleted = await cf.send(new DeleteOriginAccessControlCommand({ Id: id, IfMatch: created.ETag }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    expect(await failure(cf.send(new GetOriginAccessControlCommand({ Id: id })))).toMatchObject({ name: 'NoSuchOriginAccessControl', status: 404 })
    expect(await failure(cf.send(new DeleteOriginAccessControlCommand({ Id: id, IfMatch: created.ETag })))).toMatchObject({ name: 'NoSuchOriginAccessControl' })
  })
})

describe('distributions and origin access controls', () => {
  it('refuses an origin naming an OAC that does not exist, on create and on update', async () => {
    expect(await failure(distribution(v2Config(withOac('E1NOSUCHOAC000'))))).toMatchObject({ name: 'InvalidOriginAccessControl', status: 400 })
    const d = await distribution(v2Config())
    const current = await cf.send(new GetDistributionConfigCommand({ Id: d.Distribution!.Id }))
    withOac('E1NOSUCHOAC000')(current.DistributionConfig!)
    expect(
      await failure(cf.send(new UpdateDistributionCommand({ Id: d.Distribution!.Id, IfMatch: current.ETag, DistributionConfig: current.DistributionConfig })))
    ).toMatchObject({ name: 'InvalidOriginAccessControl' })
  })

  it('refuses an OAC together with an origin access identity, and a mediapackagev2 OAC on another host', async () => {
    const s3 = await oac({ OriginAccessControlOriginType: 's3' })
    const both = v2Config((c) => {
      c.Origins!.Items![0] = {
        Id: 'mp2',
        DomainName: 'bucket.s3.us-east-1.amazonaws.com',
        S3OriginConfig: { OriginAccessIdentity: 'origin-access-identity/cloudfront/E2OAI' },
        OriginAccessControlId: s3.OriginAccessControl!.Id
      }
    })
    expect(await failure(distribution(both))).toMatchObject({ name: 'IllegalOriginAccessConfiguration', status: 400 })

    const v2 = await oac()
    const onV1Host = v2Config((c) => {
      c.Origins!.Items![0]!.DomainName = 'abcdef0123456789.mediapackage.us-west-2.amazonaws.com'
      c.Origins!.Items![0]!.OriginAccessControlId = v2.OriginAccessControl!.Id
    })
    expect(await failure(distribution(onV1Host))).toMatchObject({ name: 'InvalidDomainNameForOriginAccessControl', status: 400 })
    const good = await distribution(v2Config(withOac(v2.OriginAccessControl!.Id!)))
    expect(good.Distribution!.Status).toBeDefined()
  })
})

describe('cache policies', () => {
  it('lists the managed policies under their published ids and names', async () => {
    const { CachePolicyList: list } = await cf.send(new ListCachePoliciesCommand({ Type: 'managed' }))
    const byId = new Map((list!.Items ?? []).map((s) => [s.CachePolicy!.Id!, s]))
    expect(list!.Quantity).toBe(byId.size)
    const names: Record<string, string> = {
      [ELEMENTAL_MEDIAPACKAGE]: 'Managed-Elemental-MediaPackage',
      '658327ea-f89d-4fab-a63d-7e88639e58f6': 'Managed-CachingOptimized',
      '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': 'Managed-CachingDisabled',
      '83da9c7e-98b4-4e11-a168-04f0df8e2c65': 'UseOriginCacheControlHeaders',
      '4cc15a8a-d715-48a4-82b8-cc0b614638fe': 'UseOriginCacheControlHeaders-QueryStrings'
    }
    for (const [id, name] of Object.entries(names)) {
      expect(byId.get(id)).toMatchObject({ Type: 'managed', CachePolicy: { Id: id, CachePolicyConfig: { Name: name } } })
    }
    const media = byId.get(ELEMENTAL_MEDIAPACKAGE)!.CachePolicy!.CachePolicyConfig!
    expect(media).toMatchObject({ MinTTL: 0, DefaultTTL: 86400, MaxTTL: 31536000 })
    expect(media.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Origin'] } },
      CookiesConfig: { CookieBehavior: 'none' },
      QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: { Items: ['aws.manifestfilter', 'start', 'end', 'm'] } }
    })
    expect(byId.get('4135ea2d-6df8-44a3-9df3-4b5a84be39ad')!.CachePolicy!.CachePolicyConfig).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 })
    expect(byId.get('83da9c7e-98b4-4e11-a168-04f0df8e2c65')!.CachePolicy!.CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: { QueryStringsConfig: { QueryStringBehavior: 'none' } }
    })
    expect(
      byId.get('4cc15a8a-d715-48a4-82b8-cc0b614638fe')!.CachePolicy!.CachePolicyConfig!.ParametersInCacheKeyAndForwardedToOrigin!.QueryStringsConfig
    ).toEqual({
      QueryStringBehavior: 'all'
    })
    const one = await cf.send(new GetCachePolicyCommand({ Id: ELEMENTAL_MEDIAPACKAGE }))
    expect(one.CachePolicy!.CachePolicyConfig).toEqual(media)
    expect(one.ETag).toMatch(/^E[A-Z0-9]{13}$/)
  })

  it('creates a custom policy with CloudFront’s TTL defaults, lists it as custom and gets it back', async () => {
    const config: CachePolicyConfig = {
      Name: 'mediapackagev2-live',
      Comment: 'honor origin TTLs, key on the v2 query strings',
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Origin'] } },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: {
          QueryStringBehavior: 'whitelist',
          QueryStrings: { Quantity: 4, Items: ['aws.manifestfilter', 'aws.manifestsettings', '_HLS_msn', '_HLS_part'] }
        }
      }
    }
    const created = await cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: config }))
    expect(created.$metadata.httpStatusCode).toBe(201)
    const id = created.CachePolicy!.Id!
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(created.Location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/cache-policy/${id}`)
    expect(created.CachePolicy!.CachePolicyConfig).toMatchObject({ ...config, DefaultTTL: 86400, MaxTTL: 31536000 })
    expect(created.CachePolicy!.LastModifiedTime).toBeInstanceOf(Date)

    const got = await cf.send(new GetCachePolicyConfigCommand({ Id: id }))
    expect(got).toMatchObject({ ETag: created.ETag, CachePolicyConfig: created.CachePolicy!.CachePolicyConfig })
    const { CachePolicyList: custom } = await cf.send(new ListCachePoliciesCommand({ Type: 'custom' }))
    expect(custom!.Items!.map((s) => s.CachePolicy!.Id)).toContain(id)
    expect(custom!.Items!.every((s) => s.Type === 'custom')).toBe(true)
    const { CachePolicyList: all } = await cf.send(new ListCachePoliciesCommand({ MaxItems: 3 }))
    expect(all!.Items).toHaveLength(3)
    expect(all!.NextMarker).toBe(all!.Items![2]!.CachePolicy!.Id)

    expect(await failure(cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: config })))).toMatchObject({ name: 'CachePolicyAlreadyExists', status: 409 })
    expect(await failure(cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: { ...config, Name: 'Managed-CachingOptimized' } })))).toMatchObject({
      name: 'CachePolicyAlreadyExists'
    })
  })

  it('refuses what CreateCachePolicy refuses', async () => {
    const base: CachePolicyConfig = {
      Name: 'x',
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: false,
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' }
      }
    }
    const create = (change: (c: CachePolicyConfig) => void) => {
      const c = structuredClone(base)
      c.Name = `refused-${++serial}`
      change(c)
      return failure(cf.send(new CreateCachePolicyCommand({ CachePolicyConfig: c })))
    }
    const qs = (c: CachePolicyConfig) => c.ParametersInCacheKeyAndForwardedToOrigin!.QueryStringsConfig!
    expect(
      await create((c) => {
        c.DefaultTTL = 10
        c.MaxTTL = 5
      })
    ).toMatchObject({ name: 'InvalidArgument', status: 400 })
    expect(
      await create((c) => {
        c.MinTTL = 100
        c.DefaultTTL = 10
      })
    ).toMatchObject({ name: 'InvalidArgument' })
    expect(await create((c) => (c.Comment = 'c'.repeat(129)))).toMatchObject({ name: 'InvalidArgument' })
    expect(await create((c) => (qs(c).QueryStringBehavior = 'whitelist'))).toMatchObject({ name: 'InvalidArgument' })
    expect(
      await create((c) => {
        const names = Array.from({ length: 11 }, (_, i) => `q${i}`)
        c.ParametersInCacheKeyAndForwardedToOrigin!.QueryStringsConfig = { QueryStringBehavior: 'whitelist', QueryStrings: { Quantity: 11, Items: names } }
      })
    ).toMatchObject({ name: 'TooManyQueryStringsInCachePolicy', status: 400 })
    expect(
      await create((c) => {
        c.ParametersInCacheKeyAndForwardedToOrigin!.HeadersConfig = { HeaderBehavior: 'whitelist', Headers: { Quantity: 2, Items: ['Origin'] } }
      })
    ).toMatchObject({ name: 'InconsistentQuantities', status: 400 })
    expect(
      await create((c) => {
        c.MaxTTL = 0
        c.DefaultTTL = 0
        qs(c).QueryStringBehavior = 'all'
      })
    ).toMatchObject({ name: 'InvalidArgument' })
    expect(await create((c) => (c.MinTTL = undefined))).toMatchObject({ name: 'MalformedXML', status: 400 })
    expect(await failure(cf.send(new GetCachePolicyCommand({ Id: '00000000-0000-4000-a000-000000000000' })))).toMatchObject({
      name: 'NoSuchCachePolicy',
      status: 404
    })
    expect(await failure(cf.send(new ListCachePoliciesCommand({ Type: 'shared' as 'custom' })))).toMatchObject({ name: 'InvalidArgument' })
  })

  it('refuses a behavior naming a cache policy that does not exist, and accepts a custom one', async () => {
    const missing = '11111111-2222-4333-8444-555555555555'
    const refused = v2Config((c) => (c.DefaultCacheBehavior!.CachePolicyId = missing))
    expect(await failure(distribution(refused))).toMatchObject({ name: 'NoSuchCachePolicy', status: 404 })
    const withBehavior = v2Config((c) => {
      c.CacheBehaviors = { Quantity: 1, Items: [{ PathPattern: '*.m3u8', TargetOriginId: 'mp2', ViewerProtocolPolicy: 'https-only', CachePolicyId: missing }] }
    })
    expect(await failure(distribution(withBehavior))).toMatchObject({ name: 'NoSuchCachePolicy' })

    const custom = await cf.send(
      new CreateCachePolicyCommand({ CachePolicyConfig: { Name: `for-behaviors-${++serial}`, MinTTL: 0, DefaultTTL: 1, MaxTTL: 1209600 } })
    )
    const d = await distribution(v2Config((c) => (c.DefaultCacheBehavior!.CachePolicyId = custom.CachePolicy!.Id)))
    expect(d.Distribution!.DistributionConfig!.DefaultCacheBehavior!.CachePolicyId).toBe(custom.CachePolicy!.Id)

    const current = await cf.send(new GetDistributionConfigCommand({ Id: d.Distribution!.Id }))
    current.DistributionConfig!.DefaultCacheBehavior!.CachePolicyId = missing
    expect(
      await failure(cf.send(new UpdateDistributionCommand({ Id: d.Distribution!.Id, IfMatch: current.ETag, DistributionConfig: current.DistributionConfig })))
    ).toMatchObject({ name: 'NoSuchCachePolicy' })
  })
})
