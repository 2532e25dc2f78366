import { BlockList, isIP } from 'node:net'
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici'
import type { FetchLike } from './http.js'

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

/** Kept-alive connections; the HTTP layer's per-request signal is the one timeout, whatever its length. */
const POOL = { keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 } as const

/**
 * Requests over kept-alive connections (one pool per origin), through the proxy the environment
 * names for each URL.
 */
export function proxiedFetch(settings: ProxySettings): FetchLike {
  const direct = new Agent(POOL)
  const proxies = new Map<string, Dispatcher>()
  return dispatcherFetch((url) => {
    const proxy = proxyFor(url, settings)
    if (!proxy) return direct
    let agent = proxies.get(proxy)
    // plain-HTTP registries are sent to the proxy as ordinary requests (as curl and docker do),
    // so it can log and filter them; HTTPS still tunnels through CONNECT
    if (!agent) proxies.set(proxy, (agent = new ProxyAgent({ uri: proxy, ...POOL, proxyTunnel: false })))
    return agent
  })
}

/** Statuses whose answers have no body (a `Response` refuses one). */
const NO_BODY = new Set([204, 205, 304])

/**
 * One request through undici's dispatcher API, answered as a `Response`. Not `fetch`: fetch is
 * the browsers' API and refuses the ports browsers block (6000, 6666, 10080, …), where a registry
 * may well listen. No redirect is followed here; the HTTP layer follows them itself.
 */
export function dispatcherFetch(dispatcherFor: (url: URL) => Dispatcher): FetchLike {
  return async (input, init) => {
    const url = new URL(input)
    const answer = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers as Record<string, string> | undefined,
      body: init.body as Uint8Array | undefined,
      signal: init.signal ?? undefined,
      dispatcher: dispatcherFor(url)
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of [value ?? []].flat()) headers.append(name, one)
    }
    const status = answer.statusCode
    if (status < 200 || status > 599) {
      await answer.body.dump()
      throw new Error(`answered with HTTP status ${status}, which is not a final answer`)
    }
    if (NO_BODY.has(status)) {
      await answer.body.dump()
      return new Response(null, { status, headers })
    }
    return new Response(webStream(answer.body), { status, headers })
  }
}

/**
 * The body as a web stream, read only as it is pulled (so the HTTP layer's size cap stops the
 * transfer), and cancelled by ending the iteration, which closes the connection.
 */
function webStream(body: AsyncIterable<Buffer>): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next()
        if (done) controller.close()
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      },
      async cancel() {
        await chunks.return?.()
      }
    },
    { highWaterMark: 0 }
  )
}
