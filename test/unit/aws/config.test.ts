/**
 * The AWS configuration is resolved once from an explicit environment and the inputs; the clients
 * built from it use exactly that, whatever process.env holds.
 */
import { describe, expect, it } from '@jest/globals'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2'
import { clientSettings, createClients, destroyClients } from '../../../src/aws/clients.js'
import { AWS_SERVICES, resolveAwsConfig, type AwsServiceName } from '../../../src/aws/config.js'
import { UserError } from '../../../src/errors.js'

const region = 'eu-west-1'
const resolve = (env: NodeJS.ProcessEnv, extra: { httpProxy?: string } = {}) => resolveAwsConfig({ env, region, ...extra })

describe('endpoints', () => {
  it('reads AWS_ENDPOINT_URL_<SERVICE> for every service, CloudWatch and MediaPackage v2 included, and AWS_ENDPOINT_URL for the rest', () => {
    const config = resolve({
      AWS_ENDPOINT_URL_MEDIAPACKAGE: 'http://mp:1',
      AWS_ENDPOINT_URL_CLOUDFRONT: 'http://cf:2',
      AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: 'http://tag:3',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://sm:4',
      AWS_ENDPOINT_URL_CLOUDWATCH: 'http://cw:5',
      AWS_ENDPOINT_URL: 'http://everything:9'
    })
    expect(config.endpoints).toEqual({
      mediapackage: 'http://mp:1',
      cloudfront: 'http://cf:2',
      tagging: 'http://tag:3',
      secretsmanager: 'http://sm:4',
      cloudwatch: 'http://cw:5',
      mediapackagev2: 'http://everything:9'
    })
    expect(config.endpointSources.cloudwatch).toBe('AWS_ENDPOINT_URL_CLOUDWATCH')
    expect(config.endpointSources.mediapackagev2).toBe('AWS_ENDPOINT_URL')
  })

  it('none configured: the SDK resolves AWS’s own; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns the variables off', () => {
    expect(resolve({}).endpoints).toEqual({})
    expect(resolve({ AWS_ENDPOINT_URL: 'http://x:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }).endpoints).toEqual({})
  })

  it('a malformed endpoint is a user error naming the variable', () => {
    expect(() => resolve({ AWS_ENDPOINT_URL_CLOUDFRONT: 'localhost:4566' })).toThrow(
      new UserError('AWS_ENDPOINT_URL_CLOUDFRONT: "localhost:4566" is not an endpoint URL; use one such as https://host:port.')
    )
  })

  it.each(Object.keys(AWS_SERVICES) as AwsServiceName[])(
    '%s: the SDK client built from the settings talks to that endpoint, in its Region',
    async (service) => {
      const config = resolve({ [`AWS_ENDPOINT_URL_${AWS_SERVICES[service].endpointVariable}`]: 'http://127.0.0.1:4566' })
      const settings = clientSettings(config, service)
      expect(settings.region).toBe(service === 'cloudfront' || service === 'tagging' ? 'us-east-1' : region)
      const client = service === 'cloudwatch' ? new CloudWatchClient(settings) : service === 'mediapackagev2' ? new MediaPackageV2Client(settings) : undefined
      if (client) {
        const endpoint = await client.config.endpoint!()
        expect([endpoint.protocol, endpoint.hostname, endpoint.port]).toEqual(['http:', '127.0.0.1', 4566])
        client.destroy()
      }
    }
  )

  it("the action's clients use the configured endpoints and credentials, not process.env", async () => {
    const clients = createClients(
      resolve({
        AWS_ENDPOINT_URL_CLOUDFRONT: 'http://127.0.0.1:1111',
        AWS_ACCESS_KEY_ID: 'AKIAEXPLICIT',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token'
      })
    )
    try {
      const endpoint = await clients.cloudfront.config.endpoint!()
      expect(`${endpoint.hostname}:${endpoint.port}`).toBe('127.0.0.1:1111')
      expect(await clients.mediapackage.config.credentials()).toMatchObject({ accessKeyId: 'AKIAEXPLICIT', secretAccessKey: 'secret', sessionToken: 'token' })
      expect(await clients.mediapackage.config.region()).toBe(region)
      expect(await clients.tagging.config.region()).toBe('us-east-1')
    } finally {
      destroyClients(clients)
    }
  })
})

describe('credentials', () => {
  it('keys (and a session token) from the environment, as the SDK would read them first', () => {
    expect(resolve({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' }).credentials).toEqual({ accessKeyId: 'AKIA', secretAccessKey: 's' })
  })

  it("none, or AWS_PROFILE set: left to the SDK's chain (profile, web identity, container, instance)", () => {
    expect(resolve({}).credentials).toBeUndefined()
    expect(resolve({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: 'dev' }).credentials).toBeUndefined()
  })
})

describe('retries', () => {
  it('adaptive with 8 attempts unless AWS_RETRY_MODE / AWS_MAX_ATTEMPTS say otherwise; empty means unset', () => {
    expect(resolve({}).retry).toEqual({ mode: 'adaptive', maxAttempts: 8 })
    expect(resolve({ AWS_RETRY_MODE: 'standard', AWS_MAX_ATTEMPTS: '3' }).retry).toEqual({ mode: 'standard', maxAttempts: 3 })
    expect(resolve({ AWS_RETRY_MODE: '', AWS_MAX_ATTEMPTS: '' }).retry).toEqual({ mode: 'adaptive', maxAttempts: 8 })
  })

  it('a bad value is a user error naming the variable', () => {
    expect(() => resolve({ AWS_RETRY_MODE: 'fast' })).toThrow('AWS_RETRY_MODE: "fast" is not valid; use standard, adaptive or legacy.')
    expect(() => resolve({ AWS_MAX_ATTEMPTS: 'many' })).toThrow('AWS_MAX_ATTEMPTS: "many" is not valid')
    expect(() => resolve({ AWS_MAX_ATTEMPTS: '0' })).toThrow('AWS_MAX_ATTEMPTS: "0" is not valid')
  })
})

describe('proxy', () => {
  it('the http-proxy input, else HTTPS_PROXY, else https_proxy; NO_PROXY, else no_proxy', () => {
    expect(resolve({}).proxy).toBeUndefined()
    expect(resolve({ https_proxy: 'http://lower:1', no_proxy: 'a' }).proxy).toEqual({ url: 'http://lower:1/', noProxy: 'a' })
    expect(resolve({ HTTPS_PROXY: 'http://upper:2', https_proxy: 'http://lower:1', NO_PROXY: 'b', no_proxy: 'a' }).proxy).toEqual({
      url: 'http://upper:2/',
      noProxy: 'b'
    })
    expect(resolve({ HTTPS_PROXY: 'http://upper:2' }, { httpProxy: 'http://input:3' }).proxy?.url).toBe('http://input:3/')
  })

  it('takes host:port without a scheme, and refuses what is not a proxy URL without echoing a password', () => {
    expect(resolve({ HTTPS_PROXY: 'proxy.corp:3128' }).proxy?.url).toBe('http://proxy.corp:3128/')
    expect(() => resolve({ HTTPS_PROXY: 'socks5://u:p4ss@proxy:1080' })).toThrow('HTTPS_PROXY: "socks5://***@proxy:1080" is not a proxy URL')
  })
})
