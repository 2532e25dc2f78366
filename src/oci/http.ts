import type { Scope } from './challenge.js'
import { RegistryError } from './errors.js'

/**
 * Sends one HTTP request and answers its response, following no redirect: the seam below the
 * HTTP layer. The default (proxy.ts) speaks through undici's dispatchers, not `fetch`, which
 * refuses the ports browsers block; tests inject their own.
 */
export type FetchLike = (url: string | URL, init: RequestInit) => Promise<Response>

/** A request as every layer sees it: the repository scope it needs travels with it. */
export interface HttpRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: Uint8Array
  /** The repository scope this request needs (`repository:o/app:pull,push`). */
  scope?: Scope
}

export interface HttpResponse {
  /** Where the answer came from, after redirects: the auth layer answers challenges of its own origin only. */
  url: string
  status: number
  headers: Headers
  body: Uint8Array
}

/** One layer of the transport, or all of them. */
export type Send = (request: HttpRequest) => Promise<HttpResponse>

export interface HttpLayerOptions {
  debug?: (message: string) => void
  /** The clock for the durations in debug lines. */
  now?: () => number
}

/** Manifests are at most a few MiB (the spec suggests 4); refuse to buffer anything larger. */
const MAX_BODY_BYTES = 8 * 1024 * 1024
const MAX_REDIRECTS = 5

/** Plain HTTP: a timeout per request, redirects followed by hand so credentials never change host. */
export function httpLayer(fetchImpl: FetchLike, timeoutMs: number, options: HttpLayerOptions = {}): Send {
  const { debug, now = Date.now } = options
  return async (request) => {
    let url = new URL(request.url)
    let headers = request.headers
    const started = now()
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
        debug?.(`${request.method} ${where(url)} -> network error after ${now() - started} ms`)
        throw networkError({ method: request.method, url, timeoutMs }, error, 'answer')
      }
      const next = redirectTarget(response, url, hop)
      if (next) {
        await response.body?.cancel()
        headers = headersFor(next, url, request, headers)
        url = next
        continue
      }
      const body = await readBody(response, { method: request.method, url, timeoutMs })
      debug?.(`${request.method} ${where(url)} -> ${response.status} (${now() - started} ms)`)
      return { url: url.href, status: response.status, headers: response.headers, body }
    }
  }
}

function redirectTarget(response: Response, url: URL, hop: number): URL | undefined {
  const location = response.headers.get('location')
  if (response.status < 300 || response.status >= 400 || !location || hop >= MAX_REDIRECTS) return undefined
  return new URL(location, url)
}

/** The headers for the next hop of a redirect; across origins they lose the credentials. */
function headersFor(
  next: URL,
  url: URL,
  request: HttpRequest,
  headers: Record<string, string>
): Record<string, string> {
  if (next.origin === url.origin) return headers
  // a form with a refresh token must not follow a redirect anywhere
  if (request.body) {
    const refusal = `refusing to follow a redirect to ${next.origin} with a request body`
    throw new RegistryError(`${request.method} ${where(url)}: ${refusal}`)
  }
  // a redirect to blob storage, or down to plain HTTP, must not carry the registry's credentials
  const { authorization: _dropped, ...rest } = headers
  return rest
}

/** Origin and path: query strings of redirects (signed blob URLs) stay out of logs and errors. */
function where(url: URL): string {
  return `${url.origin}${url.pathname}`
}

interface Exchange {
  method: string
  url: URL
  timeoutMs: number
}

/** The whole body, up to MAX_BODY_BYTES whether or not the server says how long it is. */
async function readBody(response: Response, exchange: Exchange): Promise<Uint8Array> {
  const { method, url } = exchange
  const tooLarge = (): RegistryError =>
    new RegistryError(`${method} ${where(url)}: the response is larger than any manifest (${MAX_BODY_BYTES} bytes)`, {
      status: response.status
    })
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
    throw networkError(exchange, error, 'body')
  }
  return Buffer.concat(chunks)
}

interface Failure {
  name?: string
  message?: string
  code?: unknown
  cause?: { code?: string; message?: string }
}

/** Network failures, said plainly; a name that does not resolve will not resolve on a retry. */
function networkError(failed: Exchange, error: unknown, stage: 'answer' | 'body'): RegistryError {
  const { method, url, timeoutMs } = failed
  // fetch wraps the system error in `cause`; undici's dispatchers throw it as it is
  const failure = error as Failure
  const code = failure.cause?.code ?? (typeof failure.code === 'string' ? failure.code : undefined)
  const request = `${method} ${where(url)}`
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    const what = stage === 'body' ? 'the answer began but its body did not arrive in full' : 'no answer'
    return new RegistryError(`${request}: ${what} within ${timeoutMs} ms`, { temporary: true, cause: error })
  }
  if (code === 'ENOTFOUND') {
    return new RegistryError(`${request}: could not resolve host ${url.hostname} (ENOTFOUND)`, { cause: error })
  }
  // undici's own codes (UND_ERR_SOCKET) say less than their messages ("other side closed")
  const known = code && !code.startsWith('UND_ERR') ? code : undefined
  const what = known ?? failure.cause?.message ?? failure.message ?? String(error)
  return new RegistryError(`${request}: ${what}`, { temporary: true, cause: error })
}
