import { BlockList, isIP } from 'node:net'
import { directFetch } from './direct.js'
import type { FetchLike } from './http.js'
import type { ProxiedFetch } from './proxy-agent.js'

/** The proxy variables self-hosted runners set, in either case. */
export interface ProxySettings {
  httpProxy?: string
  httpsProxy?: string
  /** `NO_PROXY` entries: `host`, `.suffix`, `host:port`, or `*`. */
  noProxy: string[]
}

export function proxySettingsFrom(env: NodeJS.ProcessEnv): ProxySettings {
  const pick = (name: string): string | undefined => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined
  return {
    httpProxy: pick('http_proxy'),
    httpsProxy: pick('https_proxy'),
    noProxy: (pick('no_proxy') ?? '')
      .split(/[\s,]+/)
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean)
  }
}

/**
 * The proxy for a URL, or undefined to connect directly: HTTPS through HTTPS_PROXY, HTTP through
 * HTTP_PROXY (as Go and docker do), unless NO_PROXY names the host, a parent domain or its network.
 */
export function proxyFor(url: URL, settings: ProxySettings): string | undefined {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy
  if (!proxy) return undefined
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '')
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  for (const entry of settings.noProxy) {
    if (entry === '*') return undefined
    if (entry.includes('/')) {
      if (inNetwork(host, entry)) return undefined
      continue
    }
    const [entryHost, entryPort] = splitHostPort(entry)
    if (entryPort && entryPort !== port) continue
    const bare = entryHost.replace(/^\*?\./, '')
    if (host === bare || host.endsWith(`.${bare}`)) return undefined
  }
  return proxy
}

/** Whether an IP address is inside a CIDR network (`10.0.0.0/8`); names never are. */
function inNetwork(host: string, cidr: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr)
  if (!match) return false // a malformed entry matches nothing
  const [, network, bits] = match
  const family = isIP(network)
  if (!family || isIP(host) !== family) return false
  const type = family === 4 ? 'ipv4' : 'ipv6'
  const list = new BlockList()
  try {
    list.addSubnet(network, Number(bits), type)
  } catch {
    return false // a malformed entry matches nothing
  }
  return list.check(host, type)
}

/** `host`, `host:port`, `[::1]:port`, or a bare IPv6 address (colons but no port). */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return [bracketed[1], bracketed[2]]
  const colon = entry.indexOf(':')
  if (colon < 0 || colon !== entry.lastIndexOf(':')) return [entry, undefined]
  return [entry.slice(0, colon), entry.slice(colon + 1)]
}

/**
 * Requests straight to the registry over kept-alive connections, or through the proxy the
 * environment names for the URL. undici, which speaks to proxies, is loaded only when one is used.
 */
export function proxiedFetch(settings: ProxySettings): FetchLike {
  const direct = directFetch()
  let viaProxy: Promise<ProxiedFetch> | undefined
  return async (input, init) => {
    const url = new URL(input)
    const proxy = proxyFor(url, settings)
    if (!proxy) return direct(url, init)
    viaProxy ??= import('./proxy-agent.js').then(({ proxyAgentFetch }) => proxyAgentFetch())
    return (await viaProxy)(proxy, url, init)
  }
}
