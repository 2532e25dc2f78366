import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { AnswerHeaders, FetchAnswer, FetchLike } from './http.js'

/** Statuses whose answers have no body. */
const NO_BODY = new Set([204, 205, 304])

/**
 * Requests straight to the registry through node's own HTTP client, on kept-alive connections,
 * answered without fetch's `Response` (whose first use loads node's own copy of undici).
 * Not undici: undici closes the connection after every HEAD (in case a server sends a body it
 * must not), so each look-up would cost a new connection, a TCP and TLS handshake over HTTPS.
 * Node reads a HEAD answer as bodiless and keeps the connection for the next request. No redirect
 * is followed here; the HTTP layer follows them itself.
 */
export function directFetch(): FetchLike {
  const agents = {
    http: new HttpAgent({ keepAlive: true, scheduling: 'lifo' }),
    https: new HttpsAgent({ keepAlive: true, scheduling: 'lifo' })
  }
  return (input, init) =>
    new Promise<FetchAnswer>((resolve, reject) => {
      const url = new URL(input)
      const tls = url.protocol === 'https:'
      const options = {
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string> | undefined,
        agent: tls ? agents.https : agents.http,
        signal: init.signal ?? undefined
      }
      const request = (tls ? httpsRequest : httpRequest)(url, options)
      request.on('response', (answer) => {
        try {
          resolve(responseOf(answer, options.signal))
        } catch (error) {
          answer.destroy()
          reject(error as Error)
        }
      })
      request.on('error', reject)
      send(request, init.body).catch((error: unknown) => request.destroy(error as Error))
    })
}

/** Writes the body (bytes, or chunks as they come) and ends the request. */
async function send(request: ClientRequest, body: RequestInit['body']): Promise<void> {
  if (body === undefined || body === null) request.end()
  else if (body instanceof Uint8Array) request.end(body)
  else await pipeline(Readable.from(body as AsyncIterable<Uint8Array>), request)
}

function responseOf(answer: IncomingMessage, signal: AbortSignal | undefined): FetchAnswer {
  const status = answer.statusCode ?? 0
  if (status < 200 || status > 599) throw new Error(`answered with HTTP status ${status}, which is not a final answer`)
  const headers = headersOf(answer.rawHeaders)
  const ok = status < 300
  if (NO_BODY.has(status)) {
    answer.resume()
    return { status, ok, headers, body: null }
  }
  return { status, ok, headers, body: webStream(answer, signal) }
}

/** Every header as sent, names in any case, repeated ones joined with `, ` (as fetch's `Headers` does). */
function headersOf(raw: string[]): AnswerHeaders {
  const values = new Map<string, string>()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    const before = values.get(name)
    values.set(name, before === undefined ? raw[i + 1] : `${before}, ${raw[i + 1]}`)
  }
  return { get: (name) => values.get(name.toLowerCase()) ?? null, has: (name) => values.has(name.toLowerCase()) }
}

/**
 * The body as a web stream, read only as it is pulled (so the HTTP layer's size cap stops the
 * transfer), and cancelled by ending the iteration, which closes the connection. A body cut off
 * by the request's signal fails with the signal's reason (a timeout), not the reset it caused.
 */
export function webStream(body: AsyncIterable<Buffer>, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<Buffer>
        try {
          next = await chunks.next()
        } catch (error) {
          throw signal?.aborted ? signal.reason : error
        }
        if (next.done) controller.close()
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength))
      },
      async cancel() {
        await chunks.return?.()
      }
    },
    { highWaterMark: 0 }
  )
}
