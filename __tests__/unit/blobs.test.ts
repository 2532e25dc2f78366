import { describe, expect, test } from '@jest/globals'
import { transferBlob, uploadPath, type Side } from '../../src/oci/blobs.js'
import { RegistryError } from '../../src/oci/errors.js'
import { parseRepository } from '../../src/oci/reference.js'
import { Transport } from '../../src/oci/transport.js'
import { fakeFetch, type Call, type Handler } from '../fixtures/fakes/fetch.js'
import { sha256 } from '../fixtures/util.js'

const BLOB = Buffer.from('0123456789'.repeat(1000))
const DIGEST = sha256(BLOB)
const REF = { digest: DIGEST, size: BLOB.length }
const OPTIONS = { attempts: 3, sleep: async () => {} }

function transportFor(registry: string, handler: Handler, credential = false) {
  const { fetch, calls } = fakeFetch(handler)
  const transport = new Transport({
    registry,
    fetch,
    sleep: async () => {},
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, totalMs: 60_000 },
    ...(credential ? { credential: { kind: 'basic' as const, username: 'u', password: 'p' } } : {})
  })
  return { transport, calls }
}

const side = (transport: Transport, name: string): Side => ({ transport, repository: parseRepository(name) })

/** The source's bytes in chunks of 1000, optionally breaking off after `breakAfter` chunks. */
function blobAnswer(bytes: Buffer, breakAfter?: number): Response {
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (breakAfter !== undefined && sent / 1000 >= breakAfter) return controller.error(new Error('socket hang up'))
      if (sent >= bytes.length) return controller.close()
      controller.enqueue(bytes.subarray(sent, sent + 1000))
      sent += 1000
    }
  })
  return new Response(stream, { status: 200, headers: { 'content-length': String(bytes.length) } })
}

/** What a PUT with a streamed body delivered, read as a server would; `null` when it broke off. */
async function received(call: Call): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of call.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk))
    return { bytes: Buffer.concat(chunks), complete: true }
  } catch {
    return { bytes: Buffer.concat(chunks), complete: false }
  }
}

/** A destination registry that opens sessions and stores whole uploads; mounts answer `mount`. */
function destination(mount: () => Response, stored: Buffer[] = []): Handler {
  return async (call) => {
    const url = new URL(call.url)
    if (call.method === 'POST' && url.searchParams.has('mount')) return mount()
    if (call.method === 'POST')
      return new Response(null, { status: 202, headers: { location: '/v2/dst/app/blobs/uploads/s1?_state=x' } })
    if (call.method === 'HEAD') return new Response(null, { status: 404 })
    if (call.method === 'PUT') {
      const { bytes, complete } = await received(call)
      if (!complete) throw new Error('connection reset by the client')
      stored.push(bytes)
      return new Response(null, { status: 201, headers: { 'docker-content-digest': DIGEST } })
    }
    return new Response(null, { status: 405 })
  }
}

describe('cross-repository mount', () => {
  test('201: mounted with one request, nothing read from the source', async () => {
    const { transport, calls } = transportFor(
      'reg.example.com',
      destination(() => new Response(null, { status: 201 }))
    )
    const outcome = await transferBlob(
      side(transport, 'reg.example.com/src/app'),
      side(transport, 'reg.example.com/dst/app'),
      REF,
      OPTIONS
    )
    expect(outcome).toBe('mounted')
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['POST', `https://reg.example.com/v2/dst/app/blobs/uploads/?mount=${encodeURIComponent(DIGEST)}&from=src%2Fapp`]
    ])
  })

  test('202: refused; the blob is streamed into the session the registry opened', async () => {
    const stored: Buffer[] = []
    const session = () => new Response(null, { status: 202, headers: { location: '/v2/dst/app/blobs/uploads/m1' } })
    const handler = destination(session, stored)
    const { transport, calls } = transportFor('reg.example.com', (call, i) =>
      call.method === 'GET' ? blobAnswer(BLOB) : handler(call, i)
    )
    const outcome = await transferBlob(
      side(transport, 'reg.example.com/src/app'),
      side(transport, 'reg.example.com/dst/app'),
      REF,
      OPTIONS
    )
    expect(outcome).toBe('copied')
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET', 'PUT'])
    expect(calls[2].url).toBe(
      `https://reg.example.com/v2/dst/app/blobs/uploads/m1?digest=${encodeURIComponent(DIGEST)}`
    )
    expect(Buffer.concat(stored).equals(BLOB)).toBe(true)
  })

  test.each([401, 400, 403, 404])('%i: refused, never an error; the blob is copied instead', async (code) => {
    const stored: Buffer[] = []
    const handler = destination(() => new Response(null, { status: code }), stored)
    const { transport, calls } = transportFor('reg.example.com', (call, i) =>
      call.method === 'GET' ? blobAnswer(BLOB) : handler(call, i)
    )
    const outcome = await transferBlob(
      side(transport, 'reg.example.com/src/app'),
      side(transport, 'reg.example.com/dst/app'),
      REF,
      OPTIONS
    )
    expect(outcome).toBe('copied')
    expect(calls.map((c) => c.method)).toEqual(['POST', 'POST', 'GET', 'PUT'])
    expect(Buffer.concat(stored).equals(BLOB)).toBe(true)
  })

  test('one token with pull,push on the destination and pull on the source, asked in one request', async () => {
    const challenge = 'Bearer realm="https://auth.example.com/token",service="reg"'
    const { transport, calls } = transportFor(
      'reg.example.com',
      (call) => {
        if (call.url.startsWith('https://auth.example.com/')) return Response.json({ token: 'tok' })
        if (call.headers.authorization !== 'Bearer tok')
          return new Response(null, { status: 401, headers: { 'www-authenticate': challenge } })
        return new Response(null, { status: 201 })
      },
      true
    )
    const outcome = await transferBlob(
      side(transport, 'reg.example.com/src/app'),
      side(transport, 'reg.example.com/dst/app'),
      REF,
      OPTIONS
    )
    expect(outcome).toBe('mounted')
    const tokens = calls.filter((c) => c.url.startsWith('https://auth.example.com/'))
    expect(tokens).toHaveLength(1)
    expect(new URL(tokens[0].url).searchParams.getAll('scope').sort()).toEqual([
      'repository:dst/app:pull,push',
      'repository:src/app:pull'
    ])
  })
})

describe('streamed copy across registries', () => {
  const across = (source: Handler, dest: Handler) => {
    const src = transportFor('src.example.com', source)
    const dst = transportFor('dst.example.com', dest)
    const ends = [side(src.transport, 'src.example.com/o/app'), side(dst.transport, 'dst.example.com/o/app')] as const
    return { ends, src: src.calls, dst: dst.calls }
  }

  test('a blob the destination has is skipped after one HEAD', async () => {
    const { ends, src, dst } = across(
      () => blobAnswer(BLOB),
      () => new Response(null, { status: 200 })
    )
    expect(await transferBlob(...ends, REF, OPTIONS)).toBe('skipped')
    expect(src).toHaveLength(0)
    expect(dst.map((c) => c.method)).toEqual(['HEAD'])
  })

  test('one session, then ONE monolithic PUT with the digest and Content-Length, the body streamed', async () => {
    const stored: Buffer[] = []
    const { ends, dst } = across(
      () => blobAnswer(BLOB),
      destination(() => new Response(null, { status: 405 }), stored)
    )
    expect(await transferBlob(...ends, REF, OPTIONS)).toBe('copied')
    expect(dst.map((c) => c.method)).toEqual(['HEAD', 'POST', 'PUT'])
    const put = dst[2]
    expect(put.url).toBe(
      `https://dst.example.com/v2/dst/app/blobs/uploads/s1?_state=x&digest=${encodeURIComponent(DIGEST)}`
    )
    expect(put.headers['content-length']).toBe(String(BLOB.length))
    expect(put.headers['content-type']).toBe('application/octet-stream')
    expect(put.headers['transfer-encoding']).toBeUndefined()
    expect(Buffer.concat(stored).equals(BLOB)).toBe(true)
  })

  test('bytes that do not hash to the digest: the upload is cut before its last chunk, and not retried', async () => {
    const wrong = Buffer.from(BLOB)
    wrong[5000] ^= 1
    const puts: Array<{ bytes: Buffer; complete: boolean }> = []
    const { ends, src } = across(
      () => blobAnswer(wrong),
      async (call) => {
        if (call.method === 'HEAD') return new Response(null, { status: 404 })
        if (call.method === 'POST')
          return new Response(null, { status: 202, headers: { location: '/v2/o/app/blobs/uploads/s' } })
        const got = await received(call)
        puts.push(got)
        if (!got.complete) throw new Error('the client aborted the request')
        return new Response(null, { status: 201 })
      }
    )
    const error = (await transferBlob(...ends, REF, OPTIONS).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toContain(`fetching blob src.example.com/o/app@${DIGEST}: the bytes hash to sha256:`)
    expect(error.temporary).toBe(false)
    expect(src).toHaveLength(1)
    expect(puts).toHaveLength(1)
    expect(puts[0].complete).toBe(false)
    expect(puts[0].bytes.length).toBeLessThan(BLOB.length)
  })

  test('a source that breaks off mid-blob: the blob is copied again from the start, a new session and all', async () => {
    const stored: Buffer[] = []
    const { ends, src, dst } = across(
      (_call, i) => (i === 0 ? blobAnswer(BLOB, 4) : blobAnswer(BLOB)),
      destination(() => new Response(null, { status: 405 }), stored)
    )
    expect(await transferBlob(...ends, REF, OPTIONS)).toBe('copied')
    expect(src.map((c) => c.method)).toEqual(['GET', 'GET'])
    expect(dst.map((c) => c.method)).toEqual(['HEAD', 'POST', 'PUT', 'POST', 'PUT'])
    expect(stored).toHaveLength(1)
    expect(stored[0].equals(BLOB)).toBe(true)
  })

  test('a 401 to the PUT is not answered by replaying the body: that try fails, the next starts over', async () => {
    let puts = 0
    const stored: Buffer[] = []
    const dest = destination(() => new Response(null, { status: 405 }), stored)
    const { ends, dst } = across(
      () => blobAnswer(BLOB),
      async (call, i) => {
        if (call.method === 'PUT' && puts++ === 0) {
          await received(call)
          return new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } })
        }
        return dest(call, i)
      }
    )
    expect(await transferBlob(...ends, REF, OPTIONS)).toBe('copied')
    expect(dst.map((c) => c.method)).toEqual(['HEAD', 'POST', 'PUT', 'POST', 'PUT'])
    expect(stored[0].equals(BLOB)).toBe(true)
  })

  test('failing every try: the last failure, after the retry budget', async () => {
    const { ends, src } = across(
      () => blobAnswer(BLOB, 2),
      destination(() => new Response(null, { status: 405 }))
    )
    const error = (await transferBlob(...ends, REF, OPTIONS).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toContain('the transfer broke off after 2000 bytes')
    expect(src).toHaveLength(3)
  })
})

describe('uploadPath', () => {
  const { transport } = transportFor('reg.example.com', () => new Response(null))
  const dest = side(transport, 'reg.example.com/o/app')

  test.each([
    ['/v2/o/app/blobs/uploads/u1', `/v2/o/app/blobs/uploads/u1?digest=${encodeURIComponent(DIGEST)}`],
    [
      '/v2/o/app/blobs/uploads/u1?_state=a%2Bb',
      `/v2/o/app/blobs/uploads/u1?_state=a%2Bb&digest=${encodeURIComponent(DIGEST)}`
    ],
    ['https://reg.example.com/up/u1?x=1', `/up/u1?x=1&digest=${encodeURIComponent(DIGEST)}`]
  ])('%s -> %s', (location, path) => {
    expect(uploadPath(dest, location, DIGEST)).toBe(path)
  })

  test('a location on another origin is refused: credentials stay with the registry', () => {
    expect(() => uploadPath(dest, 'https://elsewhere.example.net/u1', DIGEST)).toThrow('on another origin')
  })
})
