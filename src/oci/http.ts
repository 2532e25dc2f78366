import type { Scope } from './challenge.js'
import { RegistryError } from './errors.js'

/**
 * Sends one HTTP request and answers its response, following no redirect: the seam below the
 * HTTP layer. The default (proxy.ts) speaks through undici's dispatchers, not `fetch`, which
 * refuses the ports browsers block; tests inject their own.
 */
export type FetchLike = (url: string | URL, init: RequestInit) => Promise<Response>

/**
 * A body sent as it is read, with the length known up front: blobs only. It can be sent once, so
 * no layer may replay it (no retry, no answer to a challenge, no redirect).
 */
export interface StreamedBody {
  length: number
  chunks: AsyncIterable<Uint8Array>
}

/** A request as every layer sees it: the repository scope it needs travels with it. */
export interface HttpRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: Uint8Array
  /** Instead of `body`: a streamed body (a blob upload). */
  stream?: StreamedBody
  /** Answer a 2xx body as a stream, neither buffered nor capped (a blob download). */
  streamAnswer?: boolean
  /**
   * The repository scopes this request needs (`repository:o/app:pull,push`); several for a request
   * that touches two repositories (a cross-repository mount), all in one token.
   */
  scope?: Scope | Scope[]
}

export interface HttpResponse {
  /** Where the answer came from, after redirects: the auth layer answers challenges of its own origin only. */
  url: string
  status: number
  headers: Headers
  body: Uint8Array
  /** The body still to be read, when the request asked for a streamed answer and got a 2xx. */
  stream?: ReadableStream<Uint8Array>
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
    const deadline = deadlineFor(request, timeoutMs)
    for (let hop = 0; ; hop++) {
      let response: Response
      try {
        response = await fetchImpl(url, initFor(request, headers, deadline))
      } catch (error) {
        deadline.clear()
        debug?.(`${request.method} ${where(url)} -> network error after ${now() - started} ms`)
        throw networkError({ method: request.method, url, timeoutMs }, error, 'answer')
      }
      const next = redirectTarget(response, url, hop)
      if (next) {
        await response.body?.cancel()
        if (request.stream)
          throw new RegistryError(`${request.method} ${where(url)}: refusing to follow a redirect with a streamed body`)
        headers = headersFor(next, url, request, headers)
        url = next
        continue
      }
      debug?.(`${request.method} ${where(url)} -> ${response.status} (${now() - started} ms)`)
      const exchange = { method: request.method, url, timeoutMs }
      if (request.streamAnswer && response.ok && response.body) {
        const stream = response.body.pipeThrough(touching(deadline))
        return { url: url.href, status: response.status, headers: response.headers, body: new Uint8Array(), stream }
      }
      try {
        const body = await readBody(response, exchange)
        return { url: url.href, status: response.status, headers: response.headers, body }
      } finally {
        deadline.clear()
      }
    }
  }
}

/**
 * The request's abort signal. A buffered exchange has `timeoutMs` in all; a streamed one (a blob
 * of any size) fails only when no byte moved for `timeoutMs`.
 */
interface Deadline {
  signal: AbortSignal
  /** A byte moved: the idle clock starts again. */
  touch(): void
  clear(): void
}

function deadlineFor(request: HttpRequest, timeoutMs: number): Deadline {
  if (!request.stream && !request.streamAnswer) {
    return { signal: AbortSignal.timeout(timeoutMs), touch: () => {}, clear: () => {} }
  }
  const controller = new AbortController()
  const expire = (): void => controller.abort(new DOMException('no byte moved in time', 'TimeoutError'))
  let timer = setTimeout(expire, timeoutMs).unref()
  return {
    signal: controller.signal,
    touch: () => {
      clearTimeout(timer)
      timer = setTimeout(expire, timeoutMs).unref()
    },
    clear: () => clearTimeout(timer)
  }
}

function initFor(request: HttpRequest, headers: Record<string, string>, deadline: Deadline): RequestInit {
  const init: RequestInit = { method: request.method, headers, redirect: 'manual', signal: deadline.signal }
  if (request.stream) {
    const { length, chunks } = request.stream
    return {
      ...init,
      headers: { ...headers, 'content-length': String(length) },
      body: sent(chunks, deadline) as BodyInit,
      duplex: 'half'
    } as RequestInit
  }
  return { ...init, body: request.body as BodyInit | undefined }
}

/** The chunks of a streamed body, each restarting the idle clock as it goes out. */
async function* sent(chunks: AsyncIterable<Uint8Array>, deadline: Deadline): AsyncIterable<Uint8Array> {
  for await (const chunk of chunks) {
    deadline.touch()
    yield chunk
  }
  deadline.touch() // the registry now verifies and stores the blob: it gets a full period for that
}

/** Passes a streamed answer through, restarting the idle clock with every chunk. */
function touching(deadline: Deadline): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      deadline.touch()
      controller.enqueue(chunk)
    },
    flush: () => deadline.clear()
  })
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
  if (request.body || request.stream) {
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
