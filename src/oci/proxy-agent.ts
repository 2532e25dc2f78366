import { ProxyAgent, request, type Dispatcher } from 'undici'
import { webStream } from './direct.js'
import type { FetchAnswer, FetchLike } from './http.js'

/** A request sent through the proxy named first. */
export type ProxiedFetch = (proxy: string, url: URL, init: RequestInit) => Promise<FetchAnswer>

/** Kept-alive connections; the HTTP layer's per-request signal is the one timeout, whatever its length. */
const POOL = { keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 } as const

/** Requests through proxies, over kept-alive connections: one agent per proxy. */
export function proxyAgentFetch(): ProxiedFetch {
  const agents = new Map<string, Dispatcher>()
  const agentFor = (proxy: string): Dispatcher => {
    let agent = agents.get(proxy)
    // plain-HTTP registries are sent to the proxy as ordinary requests (as curl and docker do),
    // so it can log and filter them; HTTPS still tunnels through CONNECT
    if (!agent) agents.set(proxy, (agent = new ProxyAgent({ uri: proxy, ...POOL, proxyTunnel: false })))
    return agent
  }
  return (proxy, url, init) => dispatcherFetch(agentFor(proxy))(url, init)
}

/** Statuses whose answers have no body (a `Response` refuses one). */
const NO_BODY = new Set([204, 205, 304])

/**
 * One request through undici's dispatcher API, answered as a `Response`. Not `fetch`: fetch is
 * the browsers' API and refuses the ports browsers block (6000, 6666, 10080, …), where a registry
 * may well listen. No redirect is followed here; the HTTP layer follows them itself.
 */
export function dispatcherFetch(dispatcher: Dispatcher): FetchLike {
  return async (input, init) => {
    const url = new URL(input)
    const answer = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers as Record<string, string> | undefined,
      body: init.body as Uint8Array | undefined,
      signal: init.signal ?? undefined,
      dispatcher
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
