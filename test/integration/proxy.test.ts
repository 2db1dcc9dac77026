/**
 * Runners behind a proxy: HTTPS_PROXY (or the http-proxy input) sends every AWS call through it with
 * CONNECT, NO_PROXY hosts go direct, and a proxy that is down or wants credentials says so in one
 * line. The real reconcile, through the real SDK clients, to the fake AWS behind a loopback proxy.
 */
import { describe, expect, it } from '@jest/globals'
import { runReconcile, withFake, writeManifest } from '../support/harness.js'
import { closedPort, startProxy, type TestProxy } from '../support/proxy.js'
import { ENDPOINT_IDS, STACK_LINE, TWO_ENDPOINTS, expectComplete, expectSucceeded, failureMessages, userVisible } from '../support/scenarios.js'

async function withProxy<T>(options: { credentials?: string }, body: (proxy: TestProxy) => Promise<T>): Promise<T> {
  const proxy = await startProxy(options)
  try {
    return await body(proxy)
  } finally {
    await proxy.close()
  }
}

const fakeHost = (url: string) => new URL(url).host

describe('HTTPS_PROXY', () => {
  it('sends every AWS call through the proxy, and the run converges as without it', async () => {
    await withFake({}, async (fake) => {
      await withProxy({}, async (proxy) => {
        const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { HTTPS_PROXY: proxy.url })
        expectSucceeded(run)
        expectComplete(fake, run, ENDPOINT_IDS)
        // Keep-alive tunnels carry several calls each, but every one went through the proxy to the fake.
        expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
        expect(new Set(proxy.tunnels)).toEqual(new Set([fakeHost(fake.url)]))
        expect(fake.calls.length).toBeGreaterThan(proxy.tunnels.length)
      })
    })
  })

  it('takes https_proxy too, and the http-proxy input over both', async () => {
    await withFake({}, async (fake) => {
      await withProxy({}, async (proxy) => {
        const dead = `http://127.0.0.1:${await closedPort()}`
        const viaInput = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), { 'http-proxy': proxy.url }, { HTTPS_PROXY: dead, https_proxy: dead })
        expectSucceeded(viaInput)
        const tunnelled = proxy.tunnels.length
        expect(tunnelled).toBeGreaterThanOrEqual(1)
        const viaLowerCase = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { https_proxy: proxy.url })
        expectSucceeded(viaLowerCase)
        expect(proxy.tunnels.length).toBeGreaterThan(tunnelled)
      })
    })
  })

  it.each([['127.0.0.1'], ['localhost,127.0.0.1'], ['.example.com, 127.0.0.0/8'], ['*']])('NO_PROXY=%s bypasses the proxy for the fake', async (noProxy) => {
    await withFake({}, async (fake) => {
      await withProxy({}, async (proxy) => {
        const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { HTTPS_PROXY: proxy.url, NO_PROXY: noProxy })
        expectSucceeded(run)
        expectComplete(fake, run, ENDPOINT_IDS)
        expect(proxy.tunnels).toEqual([])
      })
    })
  })

  it('no_proxy with another port does not bypass it', async () => {
    await withFake({}, async (fake) => {
      await withProxy({}, async (proxy) => {
        const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { HTTPS_PROXY: proxy.url, no_proxy: '127.0.0.1:1' })
        expectSucceeded(run)
        expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
      })
    })
  })

  it('passes the credentials in the proxy URL, and never prints them', async () => {
    await withFake({}, async (fake) => {
      await withProxy({ credentials: 'ci:s3cret-pass' }, async (proxy) => {
        const url = `http://ci:s3cret-pass@127.0.0.1:${proxy.port}`
        const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { HTTPS_PROXY: url })
        expectSucceeded(run)
        expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1)
        expect(userVisible(run)).not.toContain('s3cret-pass')
      })
    })
  })
})

describe('when the proxy is the problem', () => {
  it('a proxy that is down: one line naming the endpoint, the proxy and what to check, no stack', async () => {
    await withFake({}, async (fake) => {
      const port = await closedPort()
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { HTTPS_PROXY: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: '1' })
      const [message, ...more] = failureMessages(run)
      expect(more).toEqual([])
      expect(message).toContain(`cannot reach MediaPackage at ${fakeHost(fake.url)} through the proxy http://127.0.0.1:${port}`)
      expect(message).toContain('connection refused')
      expect(message).toContain('HTTPS_PROXY')
      expect(message).not.toMatch(STACK_LINE)
      expect(message).not.toContain('\n')
      expect(fake.calls).toEqual([])
    })
  })

  it('a proxy that wants credentials: says 407 and how to give them, without retrying for long', async () => {
    await withFake({}, async (fake) => {
      await withProxy({ credentials: 'ci:secret' }, async (proxy) => {
        const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), {}, { HTTPS_PROXY: proxy.url })
        const [message, ...more] = failureMessages(run)
        expect(more).toEqual([])
        expect(message).toContain('407')
        expect(message).toContain('http://user:password@host:port')
        expect(message).not.toMatch(STACK_LINE)
        expect(proxy.tunnels).toEqual([])
        expect(fake.calls).toEqual([])
      })
    })
  })

  it('a bad http-proxy input fails before any AWS call, naming the input', async () => {
    await withFake({}, async (fake) => {
      const run = await runReconcile(fake, writeManifest(TWO_ENDPOINTS), { 'http-proxy': 'ftp://proxy.example.com' })
      expect(failureMessages(run)).toEqual([expect.stringContaining('Input http-proxy: "ftp://proxy.example.com" is not a proxy URL')])
      expect(fake.calls).toEqual([])
    })
  })
})
