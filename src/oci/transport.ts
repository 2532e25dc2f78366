import { Authenticator, type AuthResponse, type Send } from './auth.js'
import type { Scope } from './challenge.js'
import type { Credential } from './credentials.js'
import { RegistryError } from './errors.js'
import { proxiedFetch, proxySettingsFrom } from './proxy.js'
import { apiHost, isLoopback } from './reference.js'
import { VERSION } from '../version.js'

/** The subset of `fetch` the registry client needs; tests and the proxy set-up inject their own. */
export type FetchLike = (url: string | URL, init: RequestInit) => Promise<Response>

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  /** First back-off; doubles each time, with jitter. */
  baseDelayMs: number
  /** Longest single wait, `Retry-After` included. */
  maxDelayMs: number
  /** No new try starts after this long since the first: a release must not hang for minutes. */
  totalMs: number
}

export interface TransportOptions {
  registry: string
  credential?: Credential
  /** Speak plain HTTP (loopback registries always do). */
  insecure?: boolean
  fetch?: FetchLike
  userAgent?: string
  timeoutMs?: number
  retry?: RetryPolicy
  sleep?: (ms: number) => Promise<void>
  onSecret?: (secret: string) => void
  debug?: (message: string) => void
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT'
  /** Path below the registry root, starting with `/v2/`. */
  path: string
  headers?: Record<string, string>
  body?: Uint8Array
  scope?: Scope
}

export type RegistryResponse = AuthResponse

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504])
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000, totalMs: 60_000 }
/** Manifests are at most a few MiB (the spec suggests 4); refuse to buffer anything larger. */
const MAX_BODY_BYTES = 8 * 1024 * 1024
const MAX_REDIRECTS = 5

/**
 * The HTTP pipeline to one registry, outside in: user agent -> retry -> auth -> HTTP.
 * Every layer is a plain function over `Send`, so each can be tested alone.
 */
export class Transport {
  readonly baseUrl: string
  private readonly send: Send

  constructor(private readonly options: TransportOptions) {
    const insecure = options.insecure || isLoopback(options.registry)
    this.baseUrl = `${insecure ? 'http' : 'https'}://${apiHost(options.registry)}`
    const http = httpLayer(options.fetch ?? proxiedFetch(proxySettingsFrom(process.env)), options.timeoutMs ?? 30_000, options.debug)
    const authenticator = new Authenticator({
      registry: options.registry,
      credential: options.credential,
      insecure,
      unauthenticated: http,
      onSecret: options.onSecret
    })
    const auth: Send = (request) => authenticator.send(request, http)
    this.send = retryLayer(auth, options.retry ?? DEFAULT_RETRY, options.sleep ?? defaultSleep, options.debug)
  }

  request(request: RegistryRequest): Promise<RegistryResponse> {
    const userAgent = this.options.userAgent ?? `image-retag-action/${VERSION}`
    return this.send({
      method: request.method,
      url: this.baseUrl + request.path,
      headers: { 'user-agent': userAgent, ...request.headers },
      body: request.body,
      scope: request.scope
    })
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Plain HTTP: a timeout per request, redirects followed by hand so credentials never change host. */
export function httpLayer(fetchImpl: FetchLike, timeoutMs: number, debug?: (message: string) => void): Send {
  return async (request) => {
    let url = new URL(request.url)
    let headers = request.headers
    const started = Date.now()
    for (let hop = 0; ; hop++) {
      let response: Response
      try {
        response = await fetchImpl(url, {
          method: request.method,
          headers,
          body: request.body as BodyInit | undefined,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs)
        })
      } catch (error) {
        debug?.(`${request.method} ${where(url)} -> network error after ${Date.now() - started} ms`)
        throw networkError(request.method, url, error, timeoutMs)
      }
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel()
        const next = new URL(location, url)
        if (next.origin !== url.origin) {
          // a form with a refresh token must not follow a redirect anywhere
          if (request.body) throw new RegistryError(`${request.method} ${where(url)}: refusing to follow a redirect to ${next.origin} with a request body`)
          // a redirect to blob storage, or down to plain HTTP, must not carry the registry's credentials
          const { authorization: _dropped, ...rest } = headers
          headers = rest
        }
        url = next
        continue
      }
      const body = await readBody(response, request.method, url)
      debug?.(`${request.method} ${where(url)} -> ${response.status} (${Date.now() - started} ms)`)
      return { status: response.status, headers: response.headers, body }
    }
  }
}

/** Origin and path: query strings of redirects (signed blob URLs) stay out of logs and errors. */
function where(url: URL): string {
  return `${url.origin}${url.pathname}`
}

/** The whole body, up to MAX_BODY_BYTES whether or not the server says how long it is. */
async function readBody(response: Response, method: string, url: URL): Promise<Uint8Array> {
  const tooLarge = (): RegistryError => new RegistryError(`${method} ${where(url)}: the response is larger than any manifest (${MAX_BODY_BYTES} bytes)`, response.status)
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    await response.body?.cancel()
    throw tooLarge()
  }
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength
      if (size > MAX_BODY_BYTES) throw tooLarge() // leaving the loop cancels the stream
      chunks.push(chunk)
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error
    throw networkError(method, url, error)
  }
  return Buffer.concat(chunks)
}

/** Network failures, said plainly; a name that does not resolve will not resolve on a retry. */
function networkError(method: string, url: URL, error: unknown, timeoutMs?: number): RegistryError {
  const cause = error as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = cause.cause?.code
  const request = `${method} ${where(url)}`
  if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return new RegistryError(`${request}: no answer within ${timeoutMs ?? '?'} ms`, undefined, undefined, true)
  if (code === 'ENOTFOUND') return new RegistryError(`${request}: could not resolve host ${url.hostname} (ENOTFOUND)`)
  const what = code ?? cause.cause?.message ?? cause.message ?? String(error)
  return new RegistryError(`${request}: ${what}`, undefined, undefined, true)
}

/**
 * Retries what is safe to retry: every request here is idempotent (GET, HEAD, PUT of a manifest
 * by tag), so 408/429/5xx answers and network failures are tried again with exponential
 * back-off and jitter, waiting what `Retry-After` asks (capped).
 */
export function retryLayer(next: Send, policy: RetryPolicy, sleep: (ms: number) => Promise<void>, debug?: (message: string) => void): Send {
  return async (request) => {
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= policy.attempts || Date.now() - started >= policy.totalMs
      let asked: number
      let why: string
      try {
        const response = await next(request)
        if (!RETRY_STATUSES.has(response.status) || last) return response
        asked = retryAfterMs(response.headers.get('retry-after')) ?? backoff(policy, attempt)
        why = `${request.method} ${request.url}: HTTP ${response.status}`
      } catch (error) {
        if (!(error instanceof RegistryError && error.temporary) || last) throw error
        asked = backoff(policy, attempt)
        why = error.message
      }
      const wait = Math.min(asked, policy.maxDelayMs, Math.max(0, policy.totalMs - (Date.now() - started)))
      debug?.(`${why}, attempt ${attempt} of ${policy.attempts}, retrying in ${wait} ms`)
      await sleep(wait)
    }
  }
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1)
  return Math.round(exponential / 2 + Math.random() * (exponential / 2))
}

/** `Retry-After` is seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  // an HTTP date names a weekday or month; '1.5' or '-1' are invalid, not dates in 2001
  if (!/[a-z]{3}/i.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
