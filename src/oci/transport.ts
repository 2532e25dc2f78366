import { Authenticator, secretsOf, type Credential } from './auth.js'
import type { Scope } from './challenge.js'
import { httpLayer, type FetchLike, type HttpResponse, type Send, type StreamedBody } from './http.js'
import { proxiedFetch, proxySettingsFrom } from './proxy.js'
import { apiHost, isLoopback } from './reference.js'
import { DEFAULT_RETRY, retryLayer, type RetryPolicy } from './retry.js'
import { neutralise } from './text.js'

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
  /** Every secret this transport holds or obtained: scrubbed from registry text before it is quoted. */
  private readonly secrets = new Set<string>()

  constructor(options: TransportOptions) {
    const insecure = options.insecure || isLoopback(options.registry)
    const host = apiHost(options.registry)
    this.baseUrl = `${insecure ? 'http' : 'https'}://${host}`
    const { debug, now = Date.now, sleep = defaultSleep } = options
    for (const secret of options.credential ? secretsOf(options.credential) : []) this.secrets.add(secret)
    const fetch = options.fetch ?? proxiedFetch(proxySettingsFrom(options.env ?? process.env))
    const http = httpLayer(fetch, options.timeoutMs ?? 30_000, { debug, now })
    const authenticator = new Authenticator({
      registry: options.registry,
      credential: options.credential,
      plainHttp: (other) => isLoopback(other) || (insecure && other === host) || (options.plainHttp?.(other) ?? false),
      clientId: options.clientId,
      unauthenticated: http,
      onSecret: (token) => {
        this.secrets.add(token)
        options.onSecret?.(token)
      }
    })
    const auth: Send = (request) => authenticator.send(request, http)
    const retry = retryLayer(auth, options.retry ?? DEFAULT_RETRY, { sleep, now, debug })
    this.send = userAgentLayer(retry, options.userAgent)
  }

  /**
   * Text this registry sent, fit to quote in a message: the secrets it may echo replaced first
   * (before the cap could cut one into an unrecognisable prefix), then neutralised.
   */
  quote(text: string, max?: number): string {
    let scrubbed = text
    for (const secret of this.secrets) if (secret) scrubbed = scrubbed.split(secret).join('***')
    return neutralise(scrubbed, max)
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
