import { describe, expect, test } from '@jest/globals'
import { httpLayer, retryAfterMs, Transport, type FetchLike, type RetryPolicy, type TransportOptions } from '../../src/oci/transport.js'
import { RegistryError } from '../../src/oci/errors.js'

interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body?: unknown
}

type Handler = (call: Call, index: number) => Response | Promise<Response>

function fakeFetch(handler: Handler) {
  const calls: Call[] = []
  const fetch: FetchLike = async (url, init) => {
    const call: Call = {
      url: String(url),
      method: String(init.method),
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body
    }
    calls.push(call)
    return handler(call, calls.length - 1)
  }
  return { fetch, calls }
}

/** Answers with the given responses in order (the last one repeats). */
function sequence(...responses: Array<() => Response>): Handler {
  return (_call, index) => responses[Math.min(index, responses.length - 1)]()
}

const status = (code: number, headers: Record<string, string> = {}, body: string | null = null) => () => new Response(body, { status: code, headers })

function recordingSleep() {
  const waits: number[] = []
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms)
  }
  return { waits, sleep }
}

const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000, totalMs: 60_000 }
const b64 = (text: string): string => Buffer.from(text).toString('base64')

function transport(handler: Handler, options: Partial<TransportOptions> = {}) {
  const { fetch, calls } = fakeFetch(handler)
  const { waits, sleep } = recordingSleep()
  const t = new Transport({ registry: 'reg.example.com', fetch, sleep, retry: RETRY, ...options })
  return { t, calls, waits }
}

const GET = { method: 'GET' as const, path: '/v2/o/a/manifests/v1' }

describe('retryAfterMs', () => {
  const now = Date.parse('2024-01-01T00:00:00Z')

  test.each<[string | null, number | undefined]>([
    ['1', 1000],
    ['0', 0],
    [' 2 ', 2000],
    ['120', 120_000],
    [new Date(now + 5000).toUTCString(), 5000],
    ['Mon, 01 Jan 2024 00:00:30 GMT', 30_000],
    [new Date(now - 60_000).toUTCString(), 0],
    ['garbage', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined]
  ])('%j -> %s', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected)
  })

  // RFC 9110 §10.2.3: Retry-After is an HTTP-date or 1*DIGIT; anything else must be ignored
  // (undefined, so the caller backs off) rather than read by Date.parse's lenient fallback.
  test.each(['1.5', '0.5', '-1', '-5', '2x', '1e3'])('invalid %j is ignored, not read as a date', (value) => {
    expect(retryAfterMs(value, now)).toBeUndefined()
  })
})

describe('Transport basics', () => {
  test.each([
    ['reg.example.com', {}, 'https://reg.example.com'],
    ['docker.io', {}, 'https://registry-1.docker.io'],
    ['localhost:5000', {}, 'http://localhost:5000'],
    ['127.0.0.1:5000', {}, 'http://127.0.0.1:5000'],
    ['[::1]:5000', {}, 'http://[::1]:5000'],
    ['reg.local:5000', { insecure: true }, 'http://reg.local:5000']
  ])('%s %j -> %s', (registry, options, baseUrl) => {
    const { t } = transport(sequence(status(200)), { registry, ...options })
    expect(t.baseUrl).toBe(baseUrl)
  })

  test('sends the default user agent and the request headers', async () => {
    const { t, calls } = transport(sequence(status(200)))
    const response = await t.request({ ...GET, headers: { accept: 'x/y' } })
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('https://reg.example.com/v2/o/a/manifests/v1')
    expect(calls[0].method).toBe('GET')
    expect(calls[0].headers).toEqual({ 'user-agent': 'image-retag-action/1.0.0', accept: 'x/y' })
  })

  test('sends a custom user agent', async () => {
    const { t, calls } = transport(sequence(status(200)), { userAgent: 'my-agent/1.0' })
    await t.request(GET)
    expect(calls[0].headers['user-agent']).toBe('my-agent/1.0')
  })

  test('returns the body bytes', async () => {
    const { t } = transport(sequence(status(200, {}, 'hello')))
    const response = await t.request(GET)
    expect(Buffer.from(response.body).toString()).toBe('hello')
  })

  test('refuses a body larger than any manifest', async () => {
    const { t } = transport(sequence(status(200, { 'content-length': String(9 * 1024 * 1024) }, 'x')))
    await expect(t.request(GET)).rejects.toThrow(/larger than any manifest/)
  })
})

describe('retries', () => {
  test('503 then 200: two calls, one back-off wait', async () => {
    const { t, calls, waits } = transport(sequence(status(503), status(200)))
    const response = await t.request(GET)
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(2)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(50)
    expect(waits[0]).toBeLessThanOrEqual(100)
  })

  test.each([408, 429, 500, 502, 503, 504])('%i is retried', async (code) => {
    const { t, calls } = transport(sequence(status(code), status(200)))
    expect((await t.request(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
  })

  test('429 with Retry-After: 1 waits 1000 ms', async () => {
    const { t, calls, waits } = transport(sequence(status(429, { 'retry-after': '1' }), status(200)))
    expect((await t.request(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
    expect(waits).toEqual([1000])
  })

  test('Retry-After is capped at maxDelayMs', async () => {
    const { t, waits } = transport(sequence(status(503, { 'retry-after': '3600' }), status(200)))
    await t.request(GET)
    expect(waits).toEqual([5000])
  })

  test('gives up after `attempts` and returns the last answer', async () => {
    const { t, calls, waits } = transport(sequence(status(503)))
    const response = await t.request(GET)
    expect(response.status).toBe(503)
    expect(calls).toHaveLength(3)
    expect(waits).toHaveLength(2)
  })

  test('back-off grows exponentially', async () => {
    const { t, waits } = transport(sequence(status(503)), { retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, totalMs: 60_000 } })
    await t.request(GET)
    expect(waits).toHaveLength(3)
    const bounds = [
      [50, 100],
      [100, 200],
      [200, 400]
    ]
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(bounds[i][0])
      expect(wait).toBeLessThanOrEqual(bounds[i][1])
    })
  })

  test.each([400, 401, 403, 404, 409])('%i is not retried', async (code) => {
    const { t, calls, waits } = transport(sequence(status(code), status(200)))
    expect((await t.request(GET)).status).toBe(code)
    expect(calls).toHaveLength(1)
    expect(waits).toEqual([])
  })

  test('a network error is retried', async () => {
    let n = 0
    const { t, calls, waits } = transport(() => {
      if (n++ === 0) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      return new Response('ok', { status: 200 })
    })
    expect((await t.request(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
    expect(waits).toHaveLength(1)
  })

  test('persistent network errors reject with a temporary RegistryError naming the cause', async () => {
    const { t, calls } = transport(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
    })
    const error = await t.request(GET).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as RegistryError).message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: ECONNREFUSED')
    expect((error as RegistryError).temporary).toBe(true)
    expect(calls).toHaveLength(3)
  })

  test('a timeout is reported as such', async () => {
    const { t } = transport(() => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    }, { timeoutMs: 1234, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 60_000 } })
    await expect(t.request(GET)).rejects.toThrow('no answer within 1234 ms')
  })
})

describe('redirects (httpLayer)', () => {
  const request = {
    method: 'GET',
    url: 'https://reg.example.com/v2/o/a/blobs/x',
    headers: { authorization: 'Bearer secret', 'user-agent': 'ua' }
  }

  test('a redirect to another host drops the Authorization header', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(307, { location: 'https://blobs.example.net/x?sig=1' }), status(200, {}, 'blob')))
    const response = await httpLayer(fetch, 1000)(request)
    expect(response.status).toBe(200)
    expect(calls.map((c) => c.url)).toEqual(['https://reg.example.com/v2/o/a/blobs/x', 'https://blobs.example.net/x?sig=1'])
    expect(calls[0].headers.authorization).toBe('Bearer secret')
    expect(calls[1].headers.authorization).toBeUndefined()
    expect(calls[1].headers['user-agent']).toBe('ua')
  })

  test('a redirect to another port of the same host drops it too', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(302, { location: 'https://reg.example.com:8443/x' }), status(200)))
    await httpLayer(fetch, 1000)(request)
    expect(calls[1].headers.authorization).toBeUndefined()
  })

  test('a relative same-host redirect keeps it', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(307, { location: '/v2/o/a/blobs/y' }), status(200)))
    await httpLayer(fetch, 1000)(request)
    expect(calls[1].url).toBe('https://reg.example.com/v2/o/a/blobs/y')
    expect(calls[1].headers.authorization).toBe('Bearer secret')
  })

  test('an absolute same-host redirect keeps it', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(308, { location: 'https://reg.example.com/other' }), status(200)))
    await httpLayer(fetch, 1000)(request)
    expect(calls[1].headers.authorization).toBe('Bearer secret')
  })

  test('once dropped, the header stays dropped when the chain comes back', async () => {
    const { fetch, calls } = fakeFetch(
      sequence(status(307, { location: 'https://cdn.example.net/a' }), status(307, { location: 'https://reg.example.com/b' }), status(200))
    )
    await httpLayer(fetch, 1000)(request)
    expect(calls).toHaveLength(3)
    expect(calls[2].headers.authorization).toBeUndefined()
  })

  // Same host but https -> http: the credentials would cross the network in clear text.
  test('a downgrade from https to http on the same host drops it', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(307, { location: 'http://reg.example.com/v2/o/a/blobs/x' }), status(200)))
    await httpLayer(fetch, 1000)(request)
    expect(calls).toHaveLength(2)
    expect(calls[1].headers.authorization).toBeUndefined()
  })

  test('stops following after 5 redirects and returns the last answer', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 302, headers: { location: '/loop' } }))
    const response = await httpLayer(fetch, 1000)(request)
    expect(response.status).toBe(302)
    expect(calls).toHaveLength(6)
  })

  test('a 3xx without Location is returned as is', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(304)))
    expect((await httpLayer(fetch, 1000)(request)).status).toBe(304)
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

describe('authentication through Transport', () => {
  const REALM = 'https://auth.example/token'
  const CHALLENGE = `Bearer realm="${REALM}",service="reg",scope="repository:o/a:pull"`
  const PUSH = { ...GET, scope: { type: 'repository', name: 'o/a', actions: ['pull', 'push'] } }

  /** A registry that wants `Bearer <accepted>` and a token server handing out `tokens` in turn. */
  function bearerServer(options: { tokens?: string[]; accepted?: (token: string, index: number) => boolean; field?: 'token' | 'access_token'; realm?: string } = {}) {
    const tokens = options.tokens ?? ['tok-1']
    let issued = 0
    let registryHits = 0
    const handler: Handler = (call) => {
      if (call.url.startsWith(options.realm ?? REALM)) {
        const token = tokens[Math.min(issued++, tokens.length - 1)]
        return new Response(JSON.stringify({ [options.field ?? 'token']: token }), { status: 200 })
      }
      const auth = call.headers.authorization
      const index = registryHits++
      const ok = auth?.startsWith('Bearer ') && (options.accepted ?? ((t) => t === tokens[0]))(auth.slice(7), index)
      return ok
        ? new Response('{}', { status: 200 })
        : new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', { status: 401, headers: { 'www-authenticate': options.realm ? `Bearer realm="${options.realm}",service="reg"` : CHALLENGE } })
    }
    return handler
  }

  const tokenCalls = (calls: Call[]) => calls.filter((c) => c.url.startsWith('https://auth.example/') || c.url.startsWith('http://auth.example/'))
  const registryCalls = (calls: Call[]) => calls.filter((c) => c.url.startsWith('https://reg.example.com/'))

  test('answers a Bearer challenge: service, merged scope, Basic to the realm, Bearer on the retry', async () => {
    const secrets: string[] = []
    const { t, calls } = transport(bearerServer({ field: 'access_token' }), {
      credential: { kind: 'basic', username: 'u', password: 'p' },
      onSecret: (s) => secrets.push(s)
    })
    const response = await t.request(PUSH)
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(3)

    expect(calls[0].headers.authorization).toBeUndefined()
    const [token] = tokenCalls(calls)
    expect(token.method).toBe('GET')
    const url = new URL(token.url)
    expect(url.origin + url.pathname).toBe(REALM)
    expect(url.searchParams.get('service')).toBe('reg')
    expect(url.searchParams.getAll('scope')).toEqual(['repository:o/a:pull,push'])
    expect(token.headers.authorization).toBe(`Basic ${b64('u:p')}`)

    expect(calls[2].url).toBe('https://reg.example.com/v2/o/a/manifests/v1')
    expect(calls[2].headers.authorization).toBe('Bearer tok-1')
    expect(calls[2].headers['user-agent']).toBe('image-retag-action/1.0.0')
    expect(secrets).toEqual(['tok-1'])
  })

  test('the `token` field works too', async () => {
    const { t, calls } = transport(bearerServer({ field: 'token' }))
    expect((await t.request(PUSH)).status).toBe(200)
    expect(calls[2].headers.authorization).toBe('Bearer tok-1')
  })

  test('anonymous token requests carry no Authorization', async () => {
    const { t, calls } = transport(bearerServer())
    await t.request(PUSH)
    expect(tokenCalls(calls)[0].headers.authorization).toBeUndefined()
  })

  test('a second request for the same scope reuses the token', async () => {
    const { t, calls } = transport(bearerServer(), { credential: { kind: 'basic', username: 'u', password: 'p' } })
    await t.request(PUSH)
    await t.request({ ...PUSH, path: '/v2/o/a/manifests/v2' })
    expect(tokenCalls(calls)).toHaveLength(1)
    const second = calls[calls.length - 1]
    expect(second.url).toBe('https://reg.example.com/v2/o/a/manifests/v2')
    expect(second.headers.authorization).toBe('Bearer tok-1')
    expect(registryCalls(calls)).toHaveLength(3) // 401, retry, then straight through
  })

  test('two concurrent first requests fetch ONE token', async () => {
    const { t, calls } = transport(bearerServer(), { credential: { kind: 'basic', username: 'u', password: 'p' } })
    const responses = await Promise.all([t.request(PUSH), t.request({ ...PUSH, path: '/v2/o/a/manifests/v2' })])
    expect(responses.map((r) => r.status)).toEqual([200, 200])
    expect(tokenCalls(calls)).toHaveLength(1)
  })

  test('a token the registry refuses later is replaced', async () => {
    // tok-1 works once; afterwards only tok-2 is accepted
    const { t, calls } = transport(
      bearerServer({ tokens: ['tok-1', 'tok-2'], accepted: (token, index) => (index <= 1 ? token === 'tok-1' : token === 'tok-2') })
    )
    expect((await t.request(PUSH)).status).toBe(200)
    expect((await t.request(PUSH)).status).toBe(200)
    expect(tokenCalls(calls)).toHaveLength(2)
    expect(calls[calls.length - 1].headers.authorization).toBe('Bearer tok-2')
  })

  test('an http:// realm is refused for a registry that is not insecure, without sending credentials', async () => {
    const { t, calls } = transport(bearerServer({ realm: 'http://auth.example/token' }), {
      credential: { kind: 'basic', username: 'u', password: 'p' }
    })
    await expect(t.request(PUSH)).rejects.toThrow(/not HTTPS/)
    expect(tokenCalls(calls)).toHaveLength(0)
    for (const call of calls) expect(call.headers.authorization).toBeUndefined()
  })

  test('an http:// realm is fine for an insecure registry', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      if (call.url.startsWith('http://auth.local/')) return new Response('{"token":"t"}', { status: 200 })
      return call.headers.authorization === 'Bearer t'
        ? new Response('{}', { status: 200 })
        : new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.local/token"' } })
    })
    const t = new Transport({ registry: 'localhost:5000', fetch, sleep: async () => {}, retry: RETRY })
    expect((await t.request(PUSH)).status).toBe(200)
    expect(calls.map((c) => c.url)).toEqual([
      'http://localhost:5000/v2/o/a/manifests/v1',
      'http://auth.local/token?scope=repository%3Ao%2Fa%3Apull%2Cpush',
      'http://localhost:5000/v2/o/a/manifests/v1'
    ])
  })

  test('an identity token is exchanged with a refresh-token POST', async () => {
    const { t, calls } = transport(bearerServer(), { credential: { kind: 'identity-token', token: 'refresh-me' } })
    expect((await t.request(PUSH)).status).toBe(200)
    const [token] = tokenCalls(calls)
    expect(token.method).toBe('POST')
    expect(token.url).toBe(REALM)
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(token.headers.authorization).toBeUndefined()
    const form = new URLSearchParams(Buffer.from(token.body as Uint8Array).toString())
    expect(form.get('grant_type')).toBe('refresh_token')
    expect(form.get('refresh_token')).toBe('refresh-me')
    expect(form.get('service')).toBe('reg')
    expect(form.getAll('scope')).toEqual(['repository:o/a:pull,push'])
  })

  test('a token service refusal is a RegistryError that does not leak the password', async () => {
    const { t } = transport(
      (call) =>
        call.url.startsWith(REALM)
          ? new Response('denied', { status: 401 })
          : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } }),
      { credential: { kind: 'basic', username: 'u', password: 'hunter2' } }
    )
    const error = (await t.request(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.status).toBe(401)
    expect(error.message).toMatch(/credentials were refused by the token service \(HTTP 401\)/)
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain(b64('u:hunter2'))
  })

  test('a token answer without a token is an error', async () => {
    const { t } = transport((call) =>
      call.url.startsWith(REALM) ? new Response('{}', { status: 200 }) : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
    )
    await expect(t.request(PUSH)).rejects.toThrow(/without a token/)
  })

  test('a Basic challenge is answered with the Basic credential, then sent up front', async () => {
    const basic = `Basic ${b64('u:p')}`
    const { t, calls } = transport(
      (call) =>
        call.headers.authorization === basic
          ? new Response('{}', { status: 200 })
          : new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="reg"' } }),
      { credential: { kind: 'basic', username: 'u', password: 'p' } }
    )
    expect((await t.request(GET)).status).toBe(200)
    expect((await t.request(GET)).status).toBe(200)
    expect(calls.map((c) => c.headers.authorization)).toEqual([undefined, basic, basic])
  })

  test('a Basic challenge without a credential returns the 401', async () => {
    const { t, calls } = transport(sequence(status(401, { 'www-authenticate': 'Basic realm="reg"' })))
    expect((await t.request(GET)).status).toBe(401)
    expect(calls).toHaveLength(1)
  })

  test('a Bearer-authorised request that hits a cross-host redirect drops the token', async () => {
    const { t, calls } = transport((call) => {
      if (call.url.startsWith(REALM)) return new Response('{"token":"tok-1"}', { status: 200 })
      if (call.url.startsWith('https://cdn.example.net/')) return new Response('blob', { status: 200 })
      return call.headers.authorization === 'Bearer tok-1'
        ? new Response(null, { status: 307, headers: { location: 'https://cdn.example.net/blob' } })
        : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
    })
    expect((await t.request(PUSH)).status).toBe(200)
    const cdn = calls.find((c) => c.url.startsWith('https://cdn.example.net/'))
    expect(cdn).toBeDefined()
    expect(cdn!.headers.authorization).toBeUndefined()
  })
})

describe('redirects of requests with a body', () => {
  const PUT = { method: 'PUT' as const, path: '/v2/o/a/manifests/v1', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"schemaVersion":2}') }

  test('a cross-origin redirect of a request with a body is refused before the body reaches the other origin', async () => {
    const { t, calls } = transport(sequence(status(307, { location: 'https://elsewhere.example.net/upload?sig=1' }), status(201)))
    const error = (await t.request(PUT).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe(
      'PUT https://reg.example.com/v2/o/a/manifests/v1: refusing to follow a redirect to https://elsewhere.example.net with a request body'
    )
    expect(error.temporary).toBe(false)
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('https://reg.example.com/v2/o/a/manifests/v1')
  })

  test('a redirect to another port of the same host counts as cross-origin', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(307, { location: 'https://reg.example.com:8443/x' }), status(200)))
    const send = httpLayer(fetch, 1000)
    await expect(send({ method: 'POST', url: 'https://reg.example.com/token', headers: {}, body: Buffer.from('a=b') })).rejects.toThrow(
      'POST https://reg.example.com/token: refusing to follow a redirect to https://reg.example.com:8443 with a request body'
    )
    expect(calls).toHaveLength(1)
  })

  test('a same-origin redirect of a request with a body is followed, body and credentials included', async () => {
    const { fetch, calls } = fakeFetch(sequence(status(307, { location: '/v2/o/a/manifests/v1-moved' }), status(201)))
    const body = Buffer.from('{"schemaVersion":2}')
    const response = await httpLayer(fetch, 1000)({ method: 'PUT', url: 'https://reg.example.com/v2/o/a/manifests/v1', headers: { authorization: 'Bearer t' }, body })
    expect(response.status).toBe(201)
    expect(calls.map((c) => c.url)).toEqual(['https://reg.example.com/v2/o/a/manifests/v1', 'https://reg.example.com/v2/o/a/manifests/v1-moved'])
    expect(calls[1].method).toBe('PUT')
    expect(calls[1].body).toBe(body)
    expect(calls[1].headers.authorization).toBe('Bearer t')
  })
})

describe('no query strings of redirects in logs or errors', () => {
  const SIGNED = 'https://blobs.example.net/x?X-Amz-Signature=secret&X-Amz-Credential=key'

  test('debug lines name the redirected URL without its query string', async () => {
    const debug: string[] = []
    const { t } = transport(sequence(status(307, { location: SIGNED }), status(200, {}, 'blob')), { debug: (m) => debug.push(m) })
    expect((await t.request(GET)).status).toBe(200)
    expect(debug).toHaveLength(1)
    expect(debug[0]).toMatch(/^GET https:\/\/blobs\.example\.net\/x -> 200 \(\d+ ms\)$/)
    for (const line of debug) {
      expect(line).not.toContain('X-Amz-Signature')
      expect(line).not.toContain('secret')
    }
  })

  test('a network error at the redirected URL: neither the debug lines nor the error carry the query', async () => {
    const debug: string[] = []
    const { t } = transport(
      (call) => {
        if (call.url.startsWith('https://blobs.example.net/')) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
        return new Response(null, { status: 307, headers: { location: SIGNED } })
      },
      { debug: (m) => debug.push(m) }
    )
    const error = (await t.request(GET).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
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
    const pulls: number[] = []
    const response = () => {
      const index = pulls.push(0) - 1
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulls[index] >= totalMiB) return controller.close()
            pulls[index]++
            controller.enqueue(new Uint8Array(MiB))
          }
        }),
        { status: 200 }
      )
    }
    return { response, pulls }
  }

  test('a chunked body (no Content-Length) larger than 8 MiB is refused, not retried', async () => {
    const body = chunked(20)
    const { t, calls } = transport(() => body.response())
    const error = (await t.request(GET).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: the response is larger than any manifest (8388608 bytes)')
    expect(error.status).toBe(200)
    expect(error.temporary).toBe(false)
    expect(calls).toHaveLength(1)
    // reading stopped soon after the limit
    expect(body.pulls).toHaveLength(1)
    expect(body.pulls[0]).toBeLessThan(20)
  })

  test('a chunked body of exactly 8 MiB is read whole', async () => {
    const body = chunked(8)
    const { t } = transport(() => body.response())
    const response = await t.request(GET)
    expect(response.body.byteLength).toBe(8 * MiB)
  })

  test('a Content-Length over 8 MiB is refused without reading the body', async () => {
    const { t, calls } = transport(sequence(status(200, { 'content-length': String(8 * MiB + 1) }, 'x')))
    const error = (await t.request(GET).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: the response is larger than any manifest (8388608 bytes)')
    expect(calls).toHaveLength(1)
  })
})

describe('network errors', () => {
  test('ENOTFOUND is not temporary: one try, and it says the host does not resolve', async () => {
    const { t, calls, waits } = transport(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND reg.example.com' } })
    })
    const error = (await t.request(GET).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: could not resolve host reg.example.com (ENOTFOUND)')
    expect(error.temporary).toBe(false)
    expect(calls).toHaveLength(1)
    expect(waits).toEqual([])
  })
})

describe('token service answers (through Transport)', () => {
  const REALM = 'https://auth.example/token'
  const CHALLENGE = `Bearer realm="${REALM}",service="reg",scope="repository:o/a:pull"`
  const PUSH = { ...GET, scope: { type: 'repository', name: 'o/a', actions: ['pull', 'push'] } }

  test('a 200 that is not JSON is an error that never quotes the body', async () => {
    const { t, calls } = transport(
      (call) =>
        call.url.startsWith(REALM)
          ? new Response('access_token=abc&x=1', { status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } }),
      { credential: { kind: 'basic', username: 'u', password: 'p' } }
    )
    const error = (await t.request(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe('authenticating to reg.example.com: the token service answered something that is not JSON')
    expect(error.message).not.toContain('abc')
    expect(error.temporary).toBe(false)
    // no retry of the registry request with a made-up token
    expect(calls.filter((c) => c.url.startsWith('https://reg.example.com/'))).toHaveLength(1)
  })

  test('an identity token POSTs the refresh-token form, client_id included, to the realm', async () => {
    const { t, calls } = transport(
      (call) => {
        if (call.url.startsWith(REALM)) return new Response('{"access_token":"tok"}', { status: 200 })
        return call.headers.authorization === 'Bearer tok'
          ? new Response('{}', { status: 200 })
          : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
      },
      { credential: { kind: 'identity-token', token: 'refresh-me' } }
    )
    expect((await t.request(PUSH)).status).toBe(200)
    const token = calls.filter((c) => c.url.startsWith(REALM))
    expect(token).toHaveLength(1)
    expect(token[0].method).toBe('POST')
    expect(token[0].url).toBe(REALM)
    expect(token[0].headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(Buffer.from(token[0].body as Uint8Array).toString())
    expect([...new Set(form.keys())].sort()).toEqual(['client_id', 'grant_type', 'refresh_token', 'scope', 'service'])
    expect(form.get('grant_type')).toBe('refresh_token')
    expect(form.get('refresh_token')).toBe('refresh-me')
    expect(form.get('service')).toBe('reg')
    expect(form.getAll('scope')).toEqual(['repository:o/a:pull,push'])
    expect(form.get('client_id')).toBe('image-retag-action')
    expect(calls[calls.length - 1].headers.authorization).toBe('Bearer tok')
  })

  test('a realm that redirects the refresh-token form to another origin is refused', async () => {
    const { t, calls } = transport(
      (call) => {
        if (call.url.startsWith(REALM)) return new Response(null, { status: 307, headers: { location: 'https://attacker.example/collect' } })
        if (call.url.startsWith('https://attacker.example/')) return new Response('{"token":"x"}', { status: 200 })
        return new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
      },
      { credential: { kind: 'identity-token', token: 'refresh-me' } }
    )
    await expect(t.request(PUSH)).rejects.toThrow(`POST ${REALM}: refusing to follow a redirect to https://attacker.example with a request body`)
    expect(calls.some((c) => c.url.startsWith('https://attacker.example/'))).toBe(false)
  })
})
