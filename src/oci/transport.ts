import { Authenticator, type Credential } from './auth.js'
import type { Scope } from './challenge.js'
import { httpLayer, type FetchLike, type HttpResponse, type Send, type StreamedBody } from './http.js'
import { proxiedFetch, proxySettingsFrom } from './proxy.js'
import { apiHost, isLoopback } from './reference.js'
import { DEFAULT_RETRY, retryLayer, type RetryPolicy } from './retry.js'

export interface TransportOptions {
  registry: string
  credential?: Credential
  /** Speak plain HTTP to the registry (loopback registries always do). */
  insecure?: boolean
  /**
   * Other hosts (`host[:port]`) that may be spoken to over plain HTTP, for token realms: the
   * insecure registries. Loopback hosts always may, and the registry itself when it is insecure.
   */
  plainHttp?: (host: string) => boolean
  /** The `client_id` of OAuth2 refresh-token requests: the application's name. */
  clientId?: string
  /** Sent as `User-Agent` on every request; none is set without it. */
  userAgent?: string
  /** Defaults to kept-alive connections through the proxies `env` names. */
  fetch?: FetchLike
  /** Where the default fetch reads HTTP(S)_PROXY and NO_PROXY. */
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  retry?: RetryPolicy
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  onSecret?: (secret: string) => void
  debug?: (message: string) => void
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'
  /** Path below the registry root, starting with `/v2/`, with any query string. */
  path: string
  headers?: Record<string, string>
  body?: Uint8Array
  /** A blob upload: sent as it is read, never replayed. */
  stream?: StreamedBody
  /** A blob download: a 2xx body is answered as a stream, unbuffered. */
  streamAnswer?: boolean
  scope?: Scope | Scope[]
}

/**
 * The HTTP pipeline to one registry, outside in: user agent -> retry -> auth -> HTTP.
 * Every layer is a plain function over `Send`, so each can be tested alone.
 */
export class Transport {
  readonly baseUrl: string
  private readonly send: Send

  constructor(options: TransportOptions) {
    const insecure = options.insecure || isLoopback(options.registry)
    const host = apiHost(options.registry)
    this.baseUrl = `${insecure ? 'http' : 'https'}://${host}`
    const { debug, now = Date.now, sleep = defaultSleep } = options
    const fetch = options.fetch ?? proxiedFetch(proxySettingsFrom(options.env ?? process.env))
    const http = httpLayer(fetch, options.timeoutMs ?? 30_000, { debug, now })
    const authenticator = new Authenticator({
      registry: options.registry,
      credential: options.credential,
      plainHttp: (other) => isLoopback(other) || (insecure && other === host) || (options.plainHttp?.(other) ?? false),
      clientId: options.clientId,
      unauthenticated: http,
      onSecret: options.onSecret
    })
    const auth: Send = (request) => authenticator.send(request, http)
    const retry = retryLayer(auth, options.retry ?? DEFAULT_RETRY, { sleep, now, debug })
    this.send = userAgentLayer(retry, options.userAgent)
  }

  request(request: RegistryRequest): Promise<HttpResponse> {
    const { path, headers = {}, ...rest } = request
    return this.send({ ...rest, url: this.baseUrl + path, headers })
  }
}

/** Names the client on every registry request; token requests go straight to the HTTP layer, without it. */
export function userAgentLayer(next: Send, userAgent: string | undefined): Send {
  if (!userAgent) return next
  return (request) => next({ ...request, headers: { 'user-agent': userAgent, ...request.headers } })
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
