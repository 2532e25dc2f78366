import { describe, expect, test } from '@jest/globals'
import type { Send } from '../../src/oci/http.js'
import type { RetryPolicy } from '../../src/oci/retry.js'
import { Transport, userAgentLayer, type TransportOptions } from '../../src/oci/transport.js'
import { fakeFetch, recordingSleep, sequence, status, type Handler } from '../fixtures/fakes/fetch.js'

const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000, totalMs: 60_000 }
const GET = { method: 'GET' as const, path: '/v2/o/a/manifests/v1' }
const REALM = 'https://auth.example/token'
const CHALLENGE = `Bearer realm="${REALM}",service="reg"`

function transport(handler: Handler, options: Partial<TransportOptions> = {}) {
  const { fetch, calls } = fakeFetch(handler)
  const { waits, sleep } = recordingSleep()
  const t = new Transport({ registry: 'reg.example.com', fetch, sleep, retry: RETRY, ...options })
  return { t, calls, waits }
}

describe('base URL', () => {
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
})

describe('userAgentLayer', () => {
  const request = { method: 'GET', url: 'https://reg.example.com/v2/', headers: { accept: 'x/y' } }

  function recording(): { next: Send; seen: Array<Record<string, string>> } {
    const seen: Array<Record<string, string>> = []
    const next: Send = async (r) => {
      seen.push(r.headers)
      return { url: r.url, status: 200, headers: new Headers(), body: new Uint8Array() }
    }
    return { next, seen }
  }

  test('sets the User-Agent beside the request headers', async () => {
    const { next, seen } = recording()
    await userAgentLayer(next, 'my-agent/1.0')(request)
    expect(seen).toEqual([{ 'user-agent': 'my-agent/1.0', accept: 'x/y' }])
  })

  test('without a user agent, the request goes down unchanged', async () => {
    const { next, seen } = recording()
    await userAgentLayer(next, undefined)(request)
    expect(seen).toEqual([{ accept: 'x/y' }])
  })
})

describe('Transport', () => {
  test('sends the request headers, and no User-Agent unless given one', async () => {
    const { t, calls } = transport(sequence(status(200, {}, 'hello')))
    const response = await t.request({ ...GET, headers: { accept: 'x/y' } })
    expect(response.status).toBe(200)
    expect(Buffer.from(response.body).toString()).toBe('hello')
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('https://reg.example.com/v2/o/a/manifests/v1')
    expect(calls[0].method).toBe('GET')
    expect(calls[0].headers).toEqual({ accept: 'x/y' })
  })

  test('the user agent is the outer layer: every retry carries it, token requests go below it', async () => {
    let registryHits = 0
    const { t, calls } = transport(
      (call) => {
        if (call.url.startsWith(REALM)) return new Response('{"token":"t"}')
        if (registryHits++ === 0) return new Response(null, { status: 503 })
        if (call.headers.authorization !== 'Bearer t')
          return new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
        return new Response('{}')
      },
      { userAgent: 'image-retag-action/1.2.3' }
    )
    expect((await t.request(GET)).status).toBe(200)
    expect(calls.map((c) => [c.url.startsWith(REALM) ? 'token' : 'registry', c.headers['user-agent']])).toEqual([
      ['registry', 'image-retag-action/1.2.3'],
      ['registry', 'image-retag-action/1.2.3'],
      ['token', undefined],
      ['registry', 'image-retag-action/1.2.3']
    ])
  })

  test('retries above auth: a 503 is tried again with the token already obtained', async () => {
    let tokenCalls = 0
    let answered = 0
    const { t, calls, waits } = transport((call) => {
      if (call.url.startsWith(REALM)) return new Response(`{"token":"t${++tokenCalls}"}`)
      if (call.headers.authorization !== 'Bearer t1')
        return new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
      return new Response(null, { status: answered++ === 0 ? 503 : 200 })
    })
    expect((await t.request(GET)).status).toBe(200)
    expect(tokenCalls).toBe(1)
    expect(waits).toHaveLength(1)
    expect(calls.map((c) => c.headers.authorization)).toEqual([undefined, undefined, 'Bearer t1', 'Bearer t1'])
  })

  test('the timeout reaches the HTTP layer', async () => {
    const { t } = transport(
      () => {
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError')
      },
      { timeoutMs: 1234, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 60_000 } }
    )
    await expect(t.request(GET)).rejects.toThrow('no answer within 1234 ms')
  })

  test('the injected clock bounds the retries', async () => {
    let clock = 0
    const { t, calls } = transport(sequence(status(503)), {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms
      },
      retry: { attempts: 10, baseDelayMs: 2000, maxDelayMs: 1000, totalMs: 2000 }
    })
    expect((await t.request(GET)).status).toBe(503)
    expect(calls).toHaveLength(3)
  })

  test('debug lines reach the caller', async () => {
    const debug: string[] = []
    const { t } = transport(sequence(status(200)), { debug: (m) => debug.push(m) })
    await t.request(GET)
    expect(debug).toEqual([
      expect.stringMatching(/^GET https:\/\/reg\.example\.com\/v2\/o\/a\/manifests\/v1 -> 200 \(\d+ ms\)$/)
    ])
  })
})

describe('which hosts a token realm may use plain HTTP on', () => {
  /** A registry whose challenge names `realm`; the realm answers a token to anyone. */
  const naming =
    (realm: string): Handler =>
    (call) => {
      if (call.url.startsWith(realm)) return new Response('{"token":"t"}')
      if (call.headers.authorization === 'Bearer t') return new Response('{}')
      return new Response(null, { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}"` } })
    }
  const BASIC = { kind: 'basic' as const, username: 'u', password: 'p' }

  test.each<[string, string, Partial<TransportOptions>, boolean]>([
    ['a loopback registry', 'http://127.0.0.1:5001/token', { registry: 'localhost:5000' }, true],
    ['a loopback registry', 'http://auth.example.net/token', { registry: 'localhost:5000' }, false],
    [
      'an insecure registry, its own host',
      'http://reg.local:5000/token',
      { registry: 'reg.local:5000', insecure: true },
      true
    ],
    ['an insecure registry', 'http://reg.local:5001/token', { registry: 'reg.local:5000', insecure: true }, false],
    ['an insecure registry', 'http://auth.local/token', { registry: 'reg.local:5000', insecure: true }, false],
    [
      'a host the predicate allows',
      'http://auth.local/token',
      { registry: 'reg.local:5000', insecure: true, plainHttp: (host) => host === 'auth.local' },
      true
    ],
    ['an HTTPS registry', 'http://reg.example.com/token', { plainHttp: () => false }, false]
  ])('%s naming %s: used %s', async (_, realm, options, used) => {
    const { t, calls } = transport(naming(realm), { credential: BASIC, ...options })
    const outcome = await t.request(GET).then(
      (response) => response.status,
      (error: Error) => error.message
    )
    expect(calls.some((c) => c.url.startsWith(realm))).toBe(used)
    if (used) expect(outcome).toBe(200)
    else expect(outcome).toContain('which is not HTTPS; credentials are not sent there')
  })

  test('clientId reaches the refresh-token form', async () => {
    const { t, calls } = transport(naming(REALM), {
      credential: { kind: 'identity-token', token: 'refresh' },
      clientId: 'my-app'
    })
    await t.request(GET).catch(() => undefined)
    const form = new URLSearchParams(Buffer.from(calls.find((c) => c.url.startsWith(REALM))!.body!).toString())
    expect(form.get('client_id')).toBe('my-app')
  })
})
