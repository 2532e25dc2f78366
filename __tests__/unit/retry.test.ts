import { describe, expect, test } from '@jest/globals'
import { RegistryError } from '../../src/oci/errors.js'
import { httpLayer, type HttpRequest } from '../../src/oci/http.js'
import {
  isTemporary,
  retryAfterInMessage,
  retryAfterMs,
  retryLayer,
  type RetryPolicy,
  type RetryLayerOptions
} from '../../src/oci/retry.js'
import { fakeFetch, ociError, recordingSleep, sequence, status, type Handler } from '../fixtures/fakes/fetch.js'

const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000, totalMs: 60_000 }
const GET: HttpRequest = { method: 'GET', url: 'https://reg.example.com/v2/o/a/manifests/v1', headers: {} }

/** The retry layer over plain HTTP to a fake fetch; waits are recorded, not slept. */
function retrying(handler: Handler, policy: RetryPolicy = RETRY, options: Partial<RetryLayerOptions> = {}) {
  const { fetch, calls } = fakeFetch(handler)
  const { waits, sleep } = recordingSleep()
  const send = retryLayer(httpLayer(fetch, 1000), policy, { sleep, now: Date.now, ...options })
  return { send, calls, waits }
}

describe('isTemporary', () => {
  test.each([408, 429, 500, 502, 503, 504])('HTTP %i is temporary', (code) => {
    expect(isTemporary(code)).toBe(true)
  })

  test.each([200, 400, 401, 403, 404, 409, 501, 505])('HTTP %i is not', (code) => {
    expect(isTemporary(code)).toBe(false)
  })

  test.each(['TOOMANYREQUESTS', 'UNAVAILABLE'])('the OCI code %s is temporary whatever the status', (code) => {
    expect(isTemporary(400, code)).toBe(true)
    expect(isTemporary(undefined, code)).toBe(true)
  })

  test.each(['DENIED', 'UNAUTHORIZED', 'MANIFEST_UNKNOWN'])('the OCI code %s is not', (code) => {
    expect(isTemporary(403, code)).toBe(false)
  })

  test('nothing known is not temporary', () => {
    expect(isTemporary()).toBe(false)
  })
})

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

describe('retryAfterInMessage', () => {
  test.each<[string | undefined, number | undefined]>([
    ['retry-after: 333.9ms, allowed: 44000/minute', 334],
    ['retry-after: 1.16676ms, allowed: 44000/minute', 2],
    ['toomanyrequests: retry-after: 333.9ms', 334],
    ['Retry-After: 250ms', 250],
    ['retry-after: 0ms', 0],
    ['retry-after: 2s', 2000],
    ['retry-after: 1.1s', 1100],
    ['retry-after: 333.9', undefined],
    ['retry-after: soon', undefined],
    ['too many requests', undefined],
    ['', undefined],
    [undefined, undefined]
  ])('%j -> %s', (message, expected) => {
    expect(retryAfterInMessage(message)).toBe(expected)
  })
})

describe('retryLayer', () => {
  test('503 then 200: two calls, one back-off wait', async () => {
    const { send, calls, waits } = retrying(sequence(status(503), status(200)))
    expect((await send(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeGreaterThanOrEqual(50)
    expect(waits[0]).toBeLessThanOrEqual(100)
  })

  test.each([408, 429, 500, 502, 503, 504])('%i is retried', async (code) => {
    const { send, calls } = retrying(sequence(status(code), status(200)))
    expect((await send(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
  })

  test.each([400, 401, 403, 404, 409, 501])('%i is not retried', async (code) => {
    const { send, calls, waits } = retrying(sequence(status(code), status(200)))
    expect((await send(GET)).status).toBe(code)
    expect(calls).toHaveLength(1)
    expect(waits).toEqual([])
  })

  test('a temporary OCI code is retried even under an odd status', async () => {
    const { send, calls } = retrying(sequence(ociError(400, 'TOOMANYREQUESTS'), status(200)))
    expect((await send(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
  })

  test('429 with Retry-After: 1 waits 1000 ms', async () => {
    const { send, calls, waits } = retrying(sequence(status(429, { 'retry-after': '1' }), status(200)))
    expect((await send(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
    expect(waits).toEqual([1000])
  })

  // GHCR: no Retry-After header, the wait only in the error message
  const GHCR_429 = (wait: string) => ociError(429, 'TOOMANYREQUESTS', `retry-after: ${wait}, allowed: 44000/minute`)

  test('a 429 that names its wait only in the error body waits that long, rounded up', async () => {
    const { send, calls, waits } = retrying(sequence(GHCR_429('333.9ms'), GHCR_429('1.16676ms'), status(200)))
    expect((await send(GET)).status).toBe(200)
    expect(calls).toHaveLength(3)
    expect(waits).toEqual([334, 2])
  })

  test('a wait in the error body is capped at maxDelayMs, and the header wins over it', async () => {
    const capped = retrying(sequence(GHCR_429('3600000ms'), status(200)))
    await capped.send(GET)
    expect(capped.waits).toEqual([5000])
    const header = retrying(
      sequence(
        () => new Response(GHCR_429('333.9ms')().body, { status: 429, headers: { 'retry-after': '2' } }),
        status(200)
      )
    )
    await header.send(GET)
    expect(header.waits).toEqual([2000])
  })

  test('a wait in the error body stays within the retry budget', async () => {
    let clock = 0
    const { send, waits } = retrying(
      sequence(GHCR_429('4000ms'), status(200)),
      { ...RETRY, totalMs: 1500 },
      {
        now: () => (clock += 100)
      }
    )
    expect((await send(GET)).status).toBe(200)
    expect(waits).toHaveLength(1)
    expect(waits[0]).toBeLessThanOrEqual(1500)
  })

  test('Retry-After is capped at maxDelayMs', async () => {
    const { send, waits } = retrying(sequence(status(503, { 'retry-after': '3600' }), status(200)))
    await send(GET)
    expect(waits).toEqual([5000])
  })

  test('a Retry-After date is read against the injected clock', async () => {
    const now = Date.parse('2024-01-01T00:00:00Z')
    const { send, waits } = retrying(
      sequence(status(503, { 'retry-after': 'Mon, 01 Jan 2024 00:00:02 GMT' }), status(200)),
      RETRY,
      {
        now: () => now
      }
    )
    await send(GET)
    expect(waits).toEqual([2000])
  })

  test('gives up after `attempts` and returns the last answer', async () => {
    const { send, calls, waits } = retrying(sequence(status(503)))
    expect((await send(GET)).status).toBe(503)
    expect(calls).toHaveLength(3)
    expect(waits).toHaveLength(2)
  })

  test('back-off grows exponentially', async () => {
    const { send, waits } = retrying(sequence(status(503)), {
      attempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      totalMs: 60_000
    })
    await send(GET)
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

  test('the jitter comes from the injected random source', async () => {
    const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, totalMs: 60_000 }
    expect((await run(() => 0)).waits).toEqual([50, 100, 200])
    expect((await run(() => 0.5)).waits).toEqual([75, 150, 300])

    async function run(random: () => number) {
      const retry = retrying(sequence(status(503)), policy, { random })
      await retry.send(GET)
      return retry
    }
  })

  test('no new try starts after totalMs, and the last wait ends at it', async () => {
    let clock = 0
    const { fetch, calls } = fakeFetch(sequence(status(503)))
    const waits: number[] = []
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms)
      clock += ms
    }
    const policy = { attempts: 10, baseDelayMs: 1000, maxDelayMs: 10_000, totalMs: 2500 }
    const send = retryLayer(httpLayer(fetch, 1000), policy, { sleep, now: () => clock, random: () => 1 })
    expect((await send(GET)).status).toBe(503)
    expect(waits).toEqual([1000, 1500])
    expect(calls).toHaveLength(3)
  })

  test('a temporary network error is retried', async () => {
    const { send, calls, waits } = retrying((_call, index) => {
      if (index === 0) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      return new Response('ok', { status: 200 })
    })
    expect((await send(GET)).status).toBe(200)
    expect(calls).toHaveLength(2)
    expect(waits).toHaveLength(1)
  })

  test('persistent network errors reject, after every attempt, with the temporary RegistryError', async () => {
    const { send, calls } = retrying(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
    })
    const error = (await send(GET).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe('GET https://reg.example.com/v2/o/a/manifests/v1: ECONNREFUSED')
    expect(error.temporary).toBe(true)
    expect(calls).toHaveLength(3)
  })

  test('an error that is not temporary is thrown at once (ENOTFOUND)', async () => {
    const { send, calls, waits } = retrying(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })
    })
    await expect(send(GET)).rejects.toThrow(/could not resolve host reg\.example\.com/)
    expect(calls).toHaveLength(1)
    expect(waits).toEqual([])
  })

  test('an oversized body is not retried', async () => {
    const { send, calls } = retrying(sequence(status(200, { 'content-length': String(9 * 1024 * 1024) }, 'x')))
    await expect(send(GET)).rejects.toThrow(/larger than any manifest/)
    expect(calls).toHaveLength(1)
  })

  test('each retry is said at debug level', async () => {
    const debug: string[] = []
    const { send } = retrying(sequence(status(503), status(200)), RETRY, {
      debug: (m) => debug.push(m),
      random: () => 0
    })
    await send(GET)
    expect(debug).toEqual([
      'GET https://reg.example.com/v2/o/a/manifests/v1: HTTP 503, attempt 1 of 3, retrying in 50 ms'
    ])
  })
})
