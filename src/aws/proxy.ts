/**
 * An HTTP(S) proxy for the AWS calls, as runners behind a corporate proxy need: one proxy URL (the
 * http-proxy input, else HTTPS_PROXY) for every AWS endpoint, and NO_PROXY for the hosts that must be
 * reached directly. The SDK has no proxy support of its own; it takes an agent.
 */
import { BlockList, connect as netConnect, isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { UserError } from '../errors.js'

export interface ProxySettings {
  /** `http://[user:password@]host:port`; the password never appears in a message (see proxyLabel). */
  url: string
  /** NO_PROXY as given: host names, `.domain` suffixes, `host:port`, IP addresses or CIDR ranges, `*` for all. */
  noProxy: string
}

/** A proxy URL as people write it (`proxy:3128` or `http://proxy:3128`), checked once so a typo fails before any call. */
export function parseProxyUrl(text: string, source: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new UserError(`${source}: "${redact(text)}" is not a proxy URL; use one such as http://proxy.example.com:3128.`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new UserError(`${source}: "${redact(text)}" is not a proxy URL; use http:// or https:// and a host, e.g. http://proxy.example.com:3128.`)
  }
  return url.href
}

function redact(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@')
}

/** `http://proxy.example.com:3128`, without credentials, for messages. */
export function proxyLabel(url: string): string {
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}`
}

function normalHost(host: string): string {
  return host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
}

function cidrMatches(entry: string, host: string): boolean {
  const [base, bitsText] = entry.split('/')
  const family = isIP(base ?? '')
  const hostFamily = isIP(host)
  if (!family || family !== hostFamily || !bitsText || !/^\d+$/.test(bitsText)) return false
  const list = new BlockList()
  const type = family === 4 ? 'ipv4' : 'ipv6'
  list.addSubnet(base!, Number(bitsText), type)
  return list.check(host, type)
}

/**
 * Whether NO_PROXY sends `host:port` around the proxy. An entry matches the host itself and its
 * subdomains (`example.com` and `.example.com` both match `api.example.com`), with a port only that
 * port; `*` matches everything.
 */
export function bypassesProxy(noProxy: string, host: string, port: number): boolean {
  const target = normalHost(host)
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((raw) => {
      if (raw === '*') return true
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw)
      const withPort = bracketed ? undefined : /^([^:]+):(\d+)$/.exec(raw)
      const entryHost = normalHost(bracketed?.[1] ?? withPort?.[1] ?? raw)
      const entryPort = bracketed?.[2] ?? withPort?.[2]
      if (entryPort !== undefined && Number(entryPort) !== port) return false
      if (entryHost.includes('/')) return cidrMatches(entryHost, target)
      const domain = entryHost.replace(/^\*?\.?/, '')
      return domain !== '' && (target === domain || target.endsWith(`.${domain}`))
    })
}

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1]

/**
 * Tunnels each request through the proxy with CONNECT (for https and http endpoints alike), except
 * for hosts NO_PROXY names, which get a direct connection.
 */
export class ProxyAgent extends HttpsProxyAgent<string> {
  constructor(private readonly settings: ProxySettings) {
    super(settings.url, { keepAlive: true })
  }

  override async connect(request: Parameters<HttpsProxyAgent<string>['connect']>[0], options: ConnectOptions): Promise<Socket> {
    const { host, port } = options
    if (!host || !bypassesProxy(this.settings.noProxy, host, port)) return super.connect(request, options)
    if (!options.secureEndpoint) return netConnect({ host, port })
    return tlsConnect({ host, port, ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }) })
  }
}
