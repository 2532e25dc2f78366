import { describe, expect, test } from '@jest/globals'
import { RegistryError } from '../../src/oci/errors.js'
import { httpLayer, type FetchLike, type HttpRequest } from '../../src/oci/http.js'
import { fakeFetch, sequence, status, type Handler } from '../fixtures/fakes/fetch.js'

const GET: HttpRequest = { method: 'GET', url: 'https://reg.example.com/v2/o/a/manifests/v1', headers: {} }

function http(
  handler: Handler,
  options: { timeoutMs?: number; debug?: (message: string) => void; now?: () => number } = {}
) {
  const { fetch, calls } = fakeFetch(handler)
  const { timeoutMs = 1000, ...rest } = options
  return { send: httpLayer(fetch, timeoutMs, rest), calls }
}

const failed = (request: Promise<unknown>): Promise<RegistryError> =>
  request.then(
    () => {
      throw new Error('expected a RegistryError')
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(RegistryError)
      return error as RegistryError
    }
  )

describe('requests and answers', () => {
  test('sends method, URL, headers and body; answers status, headers and the body bytes', async () => {
    const { send, calls } = http(sequence(status(201, { 'x-a': 'b' }, 'hello')))
    const body = Buffer.from('{}')
    const response = await send({ method: 'PUT', url: GET.url, headers: { accept: 'x/y' }, body })
    expect(calls).toEqual([{ url: GET.url, method: 'PUT', headers: { accept: 'x/y' }, body }])
    expect(response.status).toBe(201)
    expect(response.url).toBe(GET.url)
    expect(response.headers.get('x-a')).toBe('b')
    expect(Buffer.from(response.body).toString()).toBe('hello')
  })

  test('debug lines time each request with the injected clock', async () => {
    const debug: string[] = []
    let clock = 1000
    const { send } = http(sequence(status(200)), { debug: (m) => debug.push(m), now: () => (clock += 7) })
    await send(GET)
    expect(debug).toEqual(['GET https://reg.example.com/v2/o/a/manifests/v1 -> 200 (7 ms)'])
  })
})

describe('redirects', () => {
  const request: HttpRequest = {
    method: 'GET',
    url: 'https://reg.example.com/v2/o/a/blobs/x',
    headers: { authorization: 'Bearer secret', 'user-agent': 'ua' }
  }

  test('a redirect to another host drops the Authorization header', async () => {
    const { send, calls } = http(
      sequence(status(307, { location: 'https://blobs.example.net/x?sig=1' }), status(200, {}, 'blob'))
    )
    const response = await send(request)
    expect(response.status).toBe(200)
    expect(calls.map((c) => c.url)).toEqual([
      'https://reg.example.com/v2/o/a/blobs/x',
      'https://blobs.example.net/x?sig=1'
    ])
    expect(calls[0].headers.authorization).toBe('Bearer secret')
    expect(calls[1].headers.authorization).toBeUndefined()
    expect(calls[1].headers['user-agent']).toBe('ua')
  })

  test('a redirect to another port of the same host drops it too', async () => {
    const { send, calls } = http(sequence(status(302, { location: 'https://reg.example.com:8443/x' }), status(200)))
    await send(request)
    expect(calls[1].headers.authorization).toBeUndefined()
  })

  test('the answer names where it came from after the redirects', async () => {
    const { send } = http(
      sequence(status(307, { location: 'https://blobs.example.net/x?sig=1' }), status(401, {}, 'who are you'))
    )
    const response = await send(request)
    expect([response.status, response.url]).toEqual([401, 'https://blobs.example.net/x?sig=1'])
  })

  test('a relative same-host redirect keeps it', async () => {
    const { send, calls } = http(sequence(status(307, { location: '/v2/o/a/blobs/y' }), status(200)))
    await send(request)
    expect(calls[1].url).toBe('https://reg.example.com/v2/o/a/blobs/y')
    expect(calls[1].headers.authorization).toBe('Bearer secret')
  })

  test('an absolute same-host redirect keeps it', async () => {
    const { send, calls } = http(sequence(status(308, { location: 'https://reg.example.com/other' }), status(200)))
    await send(request)
    expect(calls[1].headers.authorization).toBe('Bearer secret')
  })

  test('once dropped, the header stays dropped when the chain comes back', async () => {
    const { send, calls } = http(
      sequence(
        status(307, { location: 'https://cdn.example.net/a' }),
        status(307, { location: 'https://reg.example.com/b' }),
        status(200)
      )
    )
    await send(request)
    expect(calls).toHaveLength(3)
    expect(calls[2].headers.authorization).toBeUndefined()
  })

  // Same host but https -> http: the credentials would cross the network in clear text.
  test('a downgrade from https to http on the same host drops it', async () => {
    const { send, calls } = http(
      sequence(status(307, { location: 'http://reg.example.com/v2/o/a/blobs/x' }), status(200))
    )
    await send(request)
    expect(calls).toHaveLength(2)
    expect(calls[1].headers.authorization).toBeUndefined()
  })

  test('stops following after 5 redirects and returns the last answer', async () => {
    const { send, calls } = http(sequence(status(302, { location: '/loop' })))
    const response = await send(request)
    expect(response.status).toBe(302)
    expect(calls).toHaveLength(6)
  })

  test('a 3xx without Location is returned as is', async () => {
    const { send, calls } = http(sequence(status(304)))
    expect((await send(request)).status).toBe(304)
    expect(calls).toHaveLength(1)
  })

  test('redirects are never left to fetch', async () => {
    const inits: RequestInit[] = []
    const fetch: FetchLike = async (_url, init) => {
      inits.push(init)
      return new Response(null, { status: 200 })
    }
    await httpLayer(fetch, 1000)(request)
    expect(inits[0].redirect).toBe('manual')
    expect(inits[0].signal).toBeInstanceOf(AbortSignal)
  })
})

describe('redirects of requests with a body', () => {
  const PUT: HttpRequest = {
    ...GET,
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{"schemaVersion":2}')
  }

  test('a cross-origin redirect is refused before the body reaches the other origin', async () => {
    const { send, calls } = http(
      sequence(status(307, { location: 'https://elsewhere.example.net/upload?sig=1' }), status(201))
    )
    const error = await failed(send(PUT))
    expect(error.message).toBe(
      'PUT https://reg.example.com/v2/o/a/manifests/v1: refusing to follow a redirect to https://elsewhere.example.net with a request body'
    )
    expect(error.temporary).toBe(false)
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('https://reg.example.com/v2/o/a/manifests/v1')
  })

  test('a redirect to another port of the same host counts as cross-origin', async () => {
    const { send, calls } = http(sequence(status(307, { location: 'https://reg.example.com:8443/x' }), status(200)))
    await expect(
      send({ method: 'POST', url: 'https://reg.example.com/token', headers: {}, body: Buffer.from('a=b') })
    ).rejects.toThrow(
      'POST https://reg.example.com/token: refusing to follow a redirect to https://reg.example.com:8443 with a request body'
    )
    expect(calls).toHaveLength(1)
  })

  test('a same-origin redirect is followed, body and credentials included', async () => {
    const { send, calls } = http(sequence(status(307, { location: '/v2/o/a/manifests/v1-moved' }), status(201)))
    const body = Buffer.from('{"schemaVersion":2}')
    const response = await send({ method: 'PUT', url: GET.url, headers: { authorization: 'Bearer t' }, body })
    expect(response.status).toBe(201)
    expect(calls.map((c) => c.url)).toEqual([GET.url, 'https://reg.example.com/v2/o/a/manifests/v1-moved'])
    expect(calls[1].method).toBe('PUT')
    expect(calls[1].body).toBe(body)
    expect(calls[1].headers.authorization).toBe('Bearer t')
  })
})

describe('no query strings of redirects in logs or errors', () => {
  const SIGNED = 'https://blobs.example.net/x?X-Amz-Signature=secret&X-Amz-Credential=key'

  test('debug lines name the redirected URL without its query string', async () => {
    const debug: string[] = []
    const { send } = http(sequence(status(307, { location: SIGNED }), status(200, {}, 'blob')), {
      debug: (m) => debug.push(m)
    })
    expect((await send(GET)).status).toBe(200)
    expect(debug).toHaveLength(1)
    expect(debug[0]).toMatch(/^GET https:\/\/blobs\.example\.net\/x -> 200 \(\d+ ms\)$/)
    expect(debug[0]).not.toContain('secret')
  })

  test('a network error at the redirected URL: neither the debug lines nor the error carry the query', async () => {
    const debug: string[] = []
    const { send } = http(
      (call) => {
        if (call.url.startsWith('https://blobs.example.net/'))
          throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
        return new Response(null, { status: 307, headers: { location: SIGNED } })
      },
      { debug: (m) => debug.push(m) }
    )
    const error = await failed(send(GET))
    expect(error.message).toBe('GET https://blobs.example.net/x: ECONNRESET')
    expect(debug.length).toBeGreaterThan(0)
    for (const line of [...debug, error.message]) {
      expect(line).not.toContain('secret')
      expect(line).not.toContain('X-Amz')
    }
  })
})

describe('response bodies', () => {
  const MiB = 1024 * 1024

  /** A body streamed in 1 MiB chunks with no Content-Length, as a chunked answer arrives. */
  function chunked(totalMiB: number) {
    let pulls = 0
    const response = new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulls >= totalMiB) return controller.close()
          pulls++
          controller.enqueue(new Uint8Array(MiB))
        }
      }),
      { status: 200 }
    )
    return { response, pulls: () => pulls }
  }

  test('a chunked body (no Content-Length) larger than 8 MiB is refused, and not as temporary', async () => {
    const body = chunked(20)
    const { send } = http(() => body.response)
    const error = await failed(send(GET))
    expect(error.message).toBe(
      'GET https://reg.example.com/v2/o/a/manifests/v1: the response is larger than any manifest (8388608 bytes)'
    )
    expect(error.status).toBe(200)
    expect(error.temporary).toBe(false)
    // reading stopped soon after the limit
    expect(body.pulls()).toBeLessThan(20)
  })

  test('a chunked body of exactly 8 MiB is read whole', async () => {
    const body = chunked(8)
    const { send } = http(() => body.response)
    expect((await send(GET)).body.byteLength).toBe(8 * MiB)
  })

  test('a Content-Length over 8 MiB is refused without reading the body', async () => {
    const { send, calls } = http(sequence(status(200, { 'content-length': String(8 * MiB + 1) }, 'x')))
    const error = await failed(send(GET))
    expect(error.message).toBe(
      'GET https://reg.example.com/v2/o/a/manifests/v1: the response is larger than any manifest (8388608 bytes)'
    )
    expect(calls).toHaveLength(1)
  })

  test('a body that breaks off is a temporary network error that keeps the cause', async () => {
    const reset = new TypeError('terminated', { cause: { code: 'ECONNRESET' } })
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10))
        controller.error(reset)
      }
    })
    const { send } = http(() => new Response(stream, { status: 200 }))
    const error = await failed(send(GET))
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: ECONNRESET')
    expect(error.temporary).toBe(true)
    expect(error.cause).toBe(reset)
  })
})

describe('network errors', () => {
  test('a refused connection is temporary, names the code and keeps the original error as cause', async () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
    const { send } = http(() => {
      throw refused
    })
    const error = await failed(send(GET))
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: ECONNREFUSED')
    expect(error.temporary).toBe(true)
    expect(error.status).toBeUndefined()
    expect(error.cause).toBe(refused)
  })

  test('ENOTFOUND is not temporary, and says the host does not resolve', async () => {
    const notFound = new TypeError('fetch failed', {
      cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND reg.example.com' }
    })
    const { send } = http(() => {
      throw notFound
    })
    const error = await failed(send(GET))
    expect(error.message).toBe(
      'GET https://reg.example.com/v2/o/a/manifests/v1: could not resolve host reg.example.com (ENOTFOUND)'
    )
    expect(error.temporary).toBe(false)
    expect(error.cause).toBe(notFound)
  })

  test('a timeout is temporary and says how long it waited', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const { send } = http(
      () => {
        throw timeout
      },
      { timeoutMs: 1234 }
    )
    const error = await failed(send(GET))
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: no answer within 1234 ms')
    expect(error.temporary).toBe(true)
    expect(error.cause).toBe(timeout)
  })

  test('a body that stalls past the timeout names the timeout, and that the answer had begun', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10))
        controller.error(timeout)
      }
    })
    const { send } = http(() => new Response(stream, { status: 200 }), { timeoutMs: 4321 })
    const error = await failed(send(GET))
    expect(error.message).toBe(
      'GET https://reg.example.com/v2/o/a/manifests/v1: the answer began but its body did not arrive in full within 4321 ms'
    )
    expect(error.temporary).toBe(true)
  })

  // undici's dispatcher API throws the system error itself, not a TypeError with a cause
  test('a system error thrown as it is names its code', async () => {
    const { send } = http(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    })
    const error = await failed(send(GET))
    expect([error.message, error.temporary]).toEqual([
      'GET https://reg.example.com/v2/o/a/manifests/v1: ECONNREFUSED',
      true
    ])
  })

  test("undici's own codes give way to their messages", async () => {
    const { send } = http(() => {
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
    })
    await expect(send(GET)).rejects.toThrow('GET https://reg.example.com/v2/o/a/manifests/v1: other side closed')
  })

  test('without a code, the message of the cause is said', async () => {
    const { send } = http(() => {
      throw new TypeError('fetch failed', { cause: { message: 'other side closed' } })
    })
    await expect(send(GET)).rejects.toThrow('GET https://reg.example.com/v2/o/a/manifests/v1: other side closed')
  })
})
