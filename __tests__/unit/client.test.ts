import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { nextPage, RegistryClient } from '../../src/oci/client.js'
import { RegistryError } from '../../src/oci/errors.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { parseRepository } from '../../src/oci/reference.js'
import { Transport } from '../../src/oci/transport.js'
import { fakeFetch, ociError as error, sequence, status, type Handler } from '../fixtures/fakes/fetch.js'
import { sha256 } from '../fixtures/util.js'

function client(handler: Handler, actions?: string[]) {
  const { fetch, calls } = fakeFetch(handler)
  const transport = new Transport({
    registry: 'ghcr.io',
    fetch,
    sleep: async () => {},
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, totalMs: 60_000 }
  })
  return { c: new RegistryClient(transport, parseRepository('ghcr.io/o/app'), actions), calls }
}

const MANIFEST = Buffer.from(
  '{\n  "schemaVersion": 2,\n  "mediaType": "application/vnd.oci.image.manifest.v1+json",\n  "config": {}\n}\n'
)
const DIGEST = sha256(MANIFEST)

const ok = (body: BodyInit, headers: Record<string, string>) => () => new Response(body, { status: 200, headers })

describe('getManifest', () => {
  test('returns the exact bytes, the media type without parameters, and the digest', async () => {
    const { c, calls } = client(
      ok(MANIFEST, { 'content-type': `${MEDIA_TYPES.ociManifest}; charset=utf-8`, 'docker-content-digest': DIGEST })
    )
    const manifest = await c.getManifest('v1')
    expect(manifest).toBeDefined()
    expect(Buffer.from(manifest!.bytes).equals(MANIFEST)).toBe(true)
    expect(manifest!.mediaType).toBe(MEDIA_TYPES.ociManifest)
    expect(manifest!.digest).toBe(DIGEST)

    expect(calls).toHaveLength(1)
    expect(calls[0].method).toBe('GET')
    expect(calls[0].url).toBe('https://ghcr.io/v2/o/app/manifests/v1')
    for (const type of Object.values(MEDIA_TYPES)) expect(calls[0].headers.accept).toContain(type)
  })

  test('computes the digest when the registry sends none', async () => {
    const { c } = client(ok(MANIFEST, { 'content-type': MEDIA_TYPES.dockerManifest }))
    const manifest = await c.getManifest('v1')
    expect(manifest!.digest).toBe(DIGEST)
    expect(manifest!.mediaType).toBe(MEDIA_TYPES.dockerManifest)
  })

  test('keeps bytes that are not canonical JSON exactly', async () => {
    const odd = Buffer.from('{"schemaVersion":2,   "manifests":[]}   \r\n')
    const { c } = client(ok(odd, { 'content-type': MEDIA_TYPES.ociIndex }))
    const manifest = await c.getManifest('v1')
    expect(Buffer.from(manifest!.bytes).equals(odd)).toBe(true)
    expect(manifest!.digest).toBe(sha256(odd))
  })

  test.each([
    [
      'a generic type, mediaType field',
      'application/json',
      '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[]}',
      MEDIA_TYPES.dockerList
    ],
    ['no type, an index without mediaType', '', '{"schemaVersion":2,"manifests":[]}', MEDIA_TYPES.ociIndex],
    [
      'no type, a manifest without mediaType',
      '',
      '{"schemaVersion":2,"config":{},"layers":[]}',
      MEDIA_TYPES.ociManifest
    ],
    ['text/plain, an index', 'text/plain', '{"schemaVersion":2,"manifests":[]}', MEDIA_TYPES.ociIndex],
    ['upper-case content type', 'Application/VND.OCI.Image.Index.v1+JSON', '{}', MEDIA_TYPES.ociIndex]
  ])('media type from %s', async (_name, contentType, body, expected) => {
    const { c } = client(ok(body, contentType ? { 'content-type': contentType } : {}))
    expect((await c.getManifest('v1'))!.mediaType).toBe(expected)
  })

  test('an HTML page answered 200 (a captive portal) is an error saying what came back, escaped', async () => {
    const page = '<!DOCTYPE html>\n::error::owned\n<title>Sign in</title>' + 'x'.repeat(500)
    const { c } = client(ok(page, { 'content-type': 'text/html; charset=utf-8' }))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.operation).toBe('fetch')
    expect(err.message).toContain('fetching ghcr.io/o/app:v1: the registry answered text/html; charset=utf-8 starting')
    expect(err.message).toContain('"<!DOCTYPE html>\\n::error::owned\\n<title>Sign in</title>xxx')
    expect(err.message).toContain('not an image manifest')
    expect(err.message).not.toContain('\n')
    expect(err.message.length).toBeLessThan(400)
  })

  test.each([
    ['JSON that is no manifest', 'application/json', '{"hello":"world"}'],
    ['schemaVersion 1', 'application/json', '{"schemaVersion":1,"manifests":[]}'],
    ['a mediaType that is no manifest type', '', '{"schemaVersion":2,"mediaType":"text/html","manifests":[]}'],
    ['config without layers', 'application/octet-stream', '{"schemaVersion":2,"config":{}}'],
    ['not JSON under a generic type', 'text/plain', 'Service Unavailable'],
    ['an empty body', '', ''],
    ['a config blob type', 'application/vnd.oci.image.config.v1+json', '{"schemaVersion":2,"manifests":[]}']
  ])('%s is not a manifest', async (_name, contentType, body) => {
    const { c } = client(ok(body, contentType ? { 'content-type': contentType } : {}))
    await expect(c.getManifest('v1')).rejects.toThrow(/the registry answered .*, not an image manifest/)
  })

  test('a Docker-Content-Digest mismatch throws', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`
    const { c } = client(ok(MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': wrong }))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as Error
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.message).toContain('ghcr.io/o/app:v1')
    expect(err.message).toContain(wrong)
    expect(err.message).toContain(DIGEST)
  })

  test('a sha512 Docker-Content-Digest is checked with sha512', async () => {
    const digest = `sha512:${createHash('sha512').update(MANIFEST).digest('hex')}`
    const { c } = client(ok(MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': digest }))
    expect((await c.getManifest('v1'))!.digest).toBe(digest)
  })

  test.each([
    ['MANIFEST_UNKNOWN', 'MANIFEST_UNKNOWN'],
    ['NAME_UNKNOWN', 'NAME_UNKNOWN'],
    ['404 without a body', undefined]
  ])('%s -> undefined', async (_name, code) => {
    const { c } = client(error(404, code))
    await expect(c.getManifest('v1')).resolves.toBeUndefined()
  })

  test('a 404 with another code is an error, not "not found"', async () => {
    const { c } = client(error(404, 'UNSUPPORTED'))
    await expect(c.getManifest('v1')).rejects.toThrow(RegistryError)
  })

  test('403 DENIED throws a RegistryError with status 403 (not undefined)', async () => {
    const { c } = client(error(403, 'DENIED', 'requested access to the resource is denied'))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.status).toBe(403)
    expect(err.code).toBe('DENIED')
    expect(err.temporary).toBe(false)
    expect(err.operation).toBe('fetch')
    expect(err.registry).toBe('ghcr.io')
    expect(err.message).toBe('fetching ghcr.io/o/app:v1: DENIED (requested access to the resource is denied).')
    // the registry's own words and the tag, for advice that depends on them (ECR, GHCR)
    expect([err.detail, err.reference]).toEqual(['requested access to the resource is denied', 'v1'])
  })

  test('401 after auth keeps the status and code, for the caller to advise on', async () => {
    const { c } = client(error(401, 'UNAUTHORIZED'))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect([err.status, err.code, err.operation]).toEqual([401, 'UNAUTHORIZED', 'fetch'])
    expect(err.message).toBe('fetching ghcr.io/o/app:v1: UNAUTHORIZED (msg).')
  })

  test('a 408 is retried, and when it persists the error is temporary', async () => {
    const { c, calls } = client(error(408))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(calls).toHaveLength(2)
    expect([err.status, err.temporary]).toEqual([408, true])
    expect(err.message).toBe('fetching ghcr.io/o/app:v1: HTTP 408.')
  })

  test('a 501 is neither retried nor temporary', async () => {
    const { c, calls } = client(error(501, 'UNSUPPORTED', 'no'))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(calls).toHaveLength(1)
    expect([err.status, err.code, err.temporary]).toEqual([501, 'UNSUPPORTED', false])
  })

  test('TOOMANYREQUESTS is temporary under any status', async () => {
    const { c, calls } = client(error(403, 'TOOMANYREQUESTS', 'slow down'))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(calls).toHaveLength(2)
    expect([err.status, err.code, err.temporary]).toEqual([403, 'TOOMANYREQUESTS', true])
  })

  test('a 500 HTML page is a temporary error with the status', async () => {
    const { c, calls } = client(() => new Response('<html>oops</html>', { status: 500 }))
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(err.status).toBe(500)
    expect(err.temporary).toBe(true)
    expect(err.message).toContain('HTTP 500')
    expect(calls).toHaveLength(2) // retried once by the transport
  })

  test('the scope carries the client actions', async () => {
    const { c, calls } = client(
      (call) => {
        if (call.url.startsWith('https://ghcr.io/token')) return new Response('{"token":"t"}', { status: 200 })
        return call.headers.authorization === 'Bearer t'
          ? new Response(MANIFEST, { status: 200, headers: { 'content-type': MEDIA_TYPES.ociManifest } })
          : new Response(null, {
              status: 401,
              headers: { 'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io"' }
            })
      },
      ['pull', 'push']
    )
    await c.getManifest('v1')
    const token = calls.find((call) => call.url.startsWith('https://ghcr.io/token'))!
    expect(new URL(token.url).searchParams.getAll('scope')).toEqual(['repository:o/app:pull,push'])
  })
})

describe('getManifest by digest', () => {
  test('no Docker-Content-Digest and bytes that hash to something else: throws', async () => {
    const asked = `sha256:${'a'.repeat(64)}`
    const { c, calls } = client(ok(MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest }))
    const err = (await c.getManifest(asked).catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.message).toContain(`expected ${asked} but the bytes hash to ${DIGEST}`)
    expect(err.message).toMatch(/^fetching ghcr\.io\/o\/app/)
    expect([err.operation, err.registry, err.status]).toEqual(['fetch', 'ghcr.io', undefined])
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe(`https://ghcr.io/v2/o/app/manifests/${asked}`)
  })

  test('no Docker-Content-Digest and bytes that match: returns the manifest', async () => {
    const { c } = client(ok(MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest }))
    const manifest = await c.getManifest(DIGEST)
    expect(manifest).toBeDefined()
    expect(manifest!.digest).toBe(DIGEST)
    expect(Buffer.from(manifest!.bytes).equals(MANIFEST)).toBe(true)
  })

  test('a Docker-Content-Digest that matches the bytes but not the digest asked for: throws', async () => {
    // content addressing: what was asked for by digest must hash to that digest, whatever the header says
    const asked = `sha256:${'b'.repeat(64)}`
    const { c } = client(ok(MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': DIGEST }))
    const err = (await c.getManifest(asked).catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.message).toContain(asked)
    expect(err.message).toContain(DIGEST)
  })
})

describe('headManifest', () => {
  test('uses the HEAD digest', async () => {
    const { c, calls } = client(
      () =>
        new Response(null, {
          status: 200,
          headers: { 'content-type': MEDIA_TYPES.ociIndex, 'docker-content-digest': DIGEST }
        })
    )
    expect(await c.headManifest('v1')).toEqual({ digest: DIGEST })
    expect(calls.map((call) => call.method)).toEqual(['HEAD'])
  })

  test('falls back to GET without a digest header', async () => {
    const { c, calls } = client((call) =>
      call.method === 'HEAD'
        ? new Response(null, { status: 200 })
        : new Response(MANIFEST, { status: 200, headers: { 'content-type': MEDIA_TYPES.ociManifest } })
    )
    const head = await c.headManifest('v1')
    expect(head?.digest).toBe(DIGEST)
    expect(calls.map((call) => call.method)).toEqual(['HEAD', 'GET'])
  })

  test('a HEAD answered with an HTML page is an error, whatever digest it carries', async () => {
    const head = status(200, { 'content-type': 'text/html', 'docker-content-digest': DIGEST })
    const { c, calls } = client(head)
    await expect(c.headManifest('v1')).rejects.toThrow(
      'checking ghcr.io/o/app:v1: the registry answered text/html with an empty body, not an image manifest'
    )
    expect(calls).toHaveLength(1)
  })

  test('a HEAD under a generic type keeps its digest', async () => {
    const { c } = client(status(200, { 'content-type': 'application/json', 'docker-content-digest': DIGEST }))
    expect(await c.headManifest('v1')).toEqual({ digest: DIGEST })
  })

  test('a HEAD digest that is no digest is checked with a GET', async () => {
    const { c, calls } = client(
      sequence(
        status(200, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': '<b>oops</b>' }),
        ok(MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest })
      )
    )
    expect(await c.headManifest('v1')).toMatchObject({ digest: DIGEST })
    expect(calls.map((call) => call.method)).toEqual(['HEAD', 'GET'])
  })

  test('404 -> undefined', async () => {
    const { c } = client(error(404))
    await expect(c.headManifest('v1')).resolves.toBeUndefined()
  })

  test('a refusal is a check', async () => {
    const err = (await client(error(403, 'DENIED'))
      .c.headManifest('v1')
      .catch((e: unknown) => e)) as RegistryError
    expect([err.operation, err.message]).toEqual(['check', 'checking ghcr.io/o/app:v1: DENIED (msg).'])
  })
})

describe('putManifest', () => {
  const manifest = { bytes: new Uint8Array(MANIFEST), mediaType: MEDIA_TYPES.ociManifest, digest: DIGEST }

  test.each([200, 201, 202])('sends the bytes with the media type and accepts %i', async (code) => {
    const { c, calls } = client(
      () => new Response(null, { status: code, headers: { 'docker-content-digest': DIGEST } })
    )
    await expect(c.putManifest('v2', manifest)).resolves.toEqual({ digest: DIGEST, indexedSubject: false })
    expect(calls).toHaveLength(1)
    expect(calls[0].method).toBe('PUT')
    expect(calls[0].url).toBe('https://ghcr.io/v2/o/app/manifests/v2')
    expect(calls[0].headers['content-type']).toBe(MEDIA_TYPES.ociManifest)
    expect(Buffer.from(calls[0].body as Uint8Array).equals(MANIFEST)).toBe(true)
  })

  test('returns undefined when the registry reports no digest', async () => {
    const { c } = client(() => new Response(null, { status: 201 }))
    await expect(c.putManifest('v2', manifest)).resolves.toEqual({ digest: undefined, indexedSubject: false })
  })

  test('a 400 throws an error naming the reference', async () => {
    const { c } = client(error(400, 'MANIFEST_INVALID', 'manifest invalid'))
    const err = (await c.putManifest('v2', manifest).catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.status).toBe(400)
    expect(err.message).toBe('pushing ghcr.io/o/app:v2: MANIFEST_INVALID (manifest invalid).')
    expect(err.operation).toBe('push')
  })

  test('a 403 on push is a push refusal, for the caller to advise on write permission', async () => {
    const { c } = client(error(403, 'DENIED'))
    const err = (await c.putManifest('v2', manifest).catch((e: unknown) => e)) as RegistryError
    expect([err.status, err.code, err.operation, err.registry]).toEqual([403, 'DENIED', 'push', 'ghcr.io'])
  })

  test('a 404 on push is an error, never silently undefined', async () => {
    const { c } = client(error(404, 'NAME_UNKNOWN'))
    await expect(c.putManifest('v2', manifest)).rejects.toThrow(RegistryError)
  })
})

describe('listTags', () => {
  test('follows Link pagination', async () => {
    const { c, calls } = client((call) => {
      const url = new URL(call.url)
      if (url.searchParams.get('last') === 'b') return new Response('{"name":"o/app","tags":["c"]}', { status: 200 })
      return new Response('{"name":"o/app","tags":["a","b"]}', {
        status: 200,
        headers: { link: '</v2/o/app/tags/list?last=b&n=2>; rel="next"' }
      })
    })
    expect(await c.listTags(2)).toEqual(['a', 'b', 'c'])
    expect(calls.map((call) => call.url)).toEqual([
      'https://ghcr.io/v2/o/app/tags/list?n=2',
      'https://ghcr.io/v2/o/app/tags/list?last=b&n=2'
    ])
  })

  test('entries that are not valid tags are left out', async () => {
    const body = '{"tags":[null,"v1.0.0",7,{"a":1},["x"],"",true,"bad tag","-x","v2.0.0"]}'
    expect(await client(() => new Response(body, { status: 200 })).c.listTags()).toEqual(['v1.0.0', 'v2.0.0'])
  })

  test('a body that is no tag list is an error saying what came back', async () => {
    const html = client(ok('<html>\nlogin</html>', { 'content-type': 'text/html' }))
    await expect(html.c.listTags()).rejects.toThrow(
      'listing tags of ghcr.io/o/app: the registry answered text/html starting "<html>\\nlogin</html>", not a tag list'
    )
    const object = client(ok('{"tags":{"a":1}}', { 'content-type': 'application/json' }))
    await expect(object.c.listTags()).rejects.toThrow('not a tag list')
    const nothing = client(ok('null', { 'content-type': 'application/json' }))
    await expect(nothing.c.listTags()).rejects.toThrow('not a tag list')
  })

  test('a registry whose every page links to a new page is stopped after maxPages, saying so', async () => {
    const { c, calls } = client((call) => {
      const n = Number(new URL(call.url).searchParams.get('page') ?? 0) + 1
      return new Response(`{"tags":["t${n}"]}`, {
        status: 200,
        headers: { link: `</v2/o/app/tags/list?page=${n}>; rel="next"` }
      })
    })
    const err = (await c.listTags(100, { maxPages: 20 }).catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.operation).toBe('list')
    expect(err.message).toBe(
      'listing tags of ghcr.io/o/app: stopped after 20 pages (20 tags), the bound of 20 pages, with the registry still linking to a next page'
    )
    expect(calls).toHaveLength(20)
  })

  test('the default bound reads well over 100 pages (10,000 commit tags at 100 a page)', async () => {
    const { c, calls } = client((call) => {
      const n = Number(new URL(call.url).searchParams.get('page') ?? 0) + 1
      const tags = Array.from({ length: 100 }, (_, i) => `c${n}-${i}`)
      const link = n < 150 ? { link: `</v2/o/app/tags/list?page=${n}>; rel="next"` } : undefined
      return new Response(JSON.stringify({ tags }), { status: 200, headers: link })
    })
    expect(await c.listTags()).toHaveLength(15_000)
    expect(calls).toHaveLength(150)
  })

  test('a list that takes longer than maxMs is stopped, saying so', async () => {
    let t = 0
    const { c, calls } = client(
      (call) =>
        new Response('{"tags":["a"]}', {
          status: 200,
          headers: { link: `</v2/o/app/tags/list?after=${calls.length}${call.method}>; rel="next"` }
        })
    )
    const err = (await c.listTags(100, { maxMs: 1000, now: () => (t += 300) }).catch((e: unknown) => e)) as Error
    expect(err.message).toBe(
      'listing tags of ghcr.io/o/app: stopped after 3 pages (3 tags), the bound of 1000 ms, with the registry still linking to a next page'
    )
    expect(calls).toHaveLength(3)
  })

  test('null tags and a missing repository give no tags', async () => {
    expect(await client(() => new Response('{"tags":null}', { status: 200 })).c.listTags()).toEqual([])
    expect(await client(error(404, 'NAME_UNKNOWN')).c.listTags()).toEqual([])
  })

  test('403 is an error', async () => {
    const err = (await client(error(403, 'DENIED'))
      .c.listTags()
      .catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect([err.operation, err.message]).toEqual(['list', 'listing tags of ghcr.io/o/app: DENIED (msg).'])
  })

  test('a Link back to the page just read stops with an error', async () => {
    let served = 0
    // a registry that would loop for ever; after 5 pages it stops linking, so a missing check fails instead of hanging
    const { c, calls } = client(
      () =>
        new Response('{"name":"o/app","tags":["a"]}', {
          status: 200,
          headers: ++served < 5 ? { link: '</v2/o/app/tags/list?n=2>; rel="next"' } : {}
        })
    )
    await expect(c.listTags(2)).rejects.toThrow('listing tags of ghcr.io/o/app: the registry sent the same page twice')
    expect(calls).toHaveLength(1)
  })

  test('a Link back to an earlier page stops with an error', async () => {
    let served = 0
    const { c, calls } = client((call) => {
      if (++served > 5) return new Response('{"tags":[]}', { status: 200 })
      const last = new URL(call.url).searchParams.get('last')
      // page 1 -> page 2 -> page 1 again: an endless loop without the check
      const next = last === 'b' ? '/v2/o/app/tags/list?n=2' : '/v2/o/app/tags/list?last=b&n=2'
      return new Response(JSON.stringify({ tags: last === 'b' ? ['c'] : ['a', 'b'] }), {
        status: 200,
        headers: { link: `<${next}>; rel="next"` }
      })
    })
    const err = (await c.listTags(2).catch((e: unknown) => e)) as RegistryError
    expect(err).toBeInstanceOf(RegistryError)
    expect(err.message).toBe('listing tags of ghcr.io/o/app: the registry sent the same page twice')
    expect(err.operation).toBe('list')
    expect(calls.map((call) => call.url)).toEqual([
      'https://ghcr.io/v2/o/app/tags/list?n=2',
      'https://ghcr.io/v2/o/app/tags/list?last=b&n=2'
    ])
  })
})

describe('nextPage', () => {
  test.each([
    [null, undefined],
    ['', undefined],
    ['</v2/o/app/tags/list?last=b&n=2>; rel="next"', '/v2/o/app/tags/list?last=b&n=2'],
    ['<https://evil.example/v2/o/app/tags/list?last=b>; rel="next"', '/v2/o/app/tags/list?last=b'],
    ['</prev>; rel="prev", </v2/next?x=1>; rel=next', '/v2/next?x=1'],
    ['</v2/x>; rel="prev"', undefined]
  ])('%j -> %j', (link, expected) => {
    expect(nextPage(link)).toBe(expected)
  })
})

describe('getJsonBlob', () => {
  const config = Buffer.from('{"config":{"Labels":{"a":"b"}}}')
  const digest = sha256(config)

  test('returns the parsed blob when the bytes match the digest', async () => {
    const { c, calls } = client(() => new Response(config, { status: 200 }))
    expect(await c.getJsonBlob(digest)).toEqual({ config: { Labels: { a: 'b' } } })
    expect(calls[0].url).toBe(`https://ghcr.io/v2/o/app/blobs/${digest}`)
  })

  test('throws when the bytes do not match', async () => {
    const { c } = client(() => new Response('{"tampered":true}', { status: 200 }))
    await expect(c.getJsonBlob(digest)).rejects.toThrow(/hash to sha256:/)
  })

  test('a refusal names the blob', async () => {
    const err = (await client(error(404, 'BLOB_UNKNOWN', 'gone'))
      .c.getJsonBlob(digest)
      .catch((e: unknown) => e)) as RegistryError
    expect([err.operation, err.message]).toEqual([
      'blob',
      `fetching blob of ghcr.io/o/app@${digest}: BLOB_UNKNOWN (gone).`
    ])
  })
})

describe('registry text in messages', () => {
  const password = `pw-${'s'.repeat(300)}`
  const withCredential = (handler: Handler) => {
    const { fetch } = fakeFetch(handler)
    const transport = new Transport({
      registry: 'ghcr.io',
      credential: { kind: 'basic', username: 'u', password },
      fetch,
      sleep: async () => {},
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 1 }
    })
    return new RegistryClient(transport, parseRepository('ghcr.io/o/app'))
  }

  test('a secret the registry echoes is scrubbed before the message is cut, so no prefix of it survives', async () => {
    const echo = () => Response.json({ errors: [{ code: 'DENIED', message: `refused ${password}` }] }, { status: 403 })
    const err = (await withCredential(echo)
      .getManifest('v1')
      .catch((e: unknown) => e)) as RegistryError
    expect(err.message).toContain('DENIED (refused ***)')
    expect(err.message).not.toContain('pw-sss')
    expect(err.detail).toBe('refused ***')
  })

  test('an echo inside a page that is no manifest is scrubbed from the whole body before its start is quoted', async () => {
    const page = () => new Response(`<p>${password}</p>`, { status: 200, headers: { 'content-type': 'text/html' } })
    const err = (await withCredential(page)
      .getManifest('v1')
      .catch((e: unknown) => e)) as RegistryError
    expect(err.message).toContain('text/html starting "<p>***</p>"')
    expect(err.message).not.toContain('pw-sss')
  })

  test('the registry words cannot start a line of their own', async () => {
    const { c } = client(() =>
      Response.json({ errors: [{ code: 'DENIED', message: 'no\n::add-mask::x' }] }, { status: 403 })
    )
    const err = (await c.getManifest('v1').catch((e: unknown) => e)) as RegistryError
    expect(err.message).toContain('DENIED (no\\n::add-mask::x)')
    expect(err.message).not.toContain('\n')
  })
})
