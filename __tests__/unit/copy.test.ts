import { describe, expect, test } from '@jest/globals'
import { copyImage } from '../../src/oci/copy.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { parseRepository } from '../../src/oci/reference.js'
import { mergeReferrersIndex } from '../../src/oci/referrers.js'
import { Transport } from '../../src/oci/transport.js'
import { fakeFetch, type Call } from '../fixtures/fakes/fetch.js'
import { sha256 } from '../fixtures/util.js'

const blob = (n: number) => ({ mediaType: 'application/octet-stream', digest: sha256(`blob${n}`), size: 5 })
const image = (n: number) =>
  Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: blob(n), layers: [blob(9)] })
  )
const CHILDREN = [image(1), image(2)]
// the index's own formatting is kept: spaces a re-serialisation would lose
const INDEX = Buffer.from(
  `{ "schemaVersion": 2, "mediaType": "${MEDIA_TYPES.ociIndex}", "manifests": ${JSON.stringify(
    CHILDREN.map((bytes) => ({ mediaType: MEDIA_TYPES.ociManifest, digest: sha256(bytes), size: bytes.length }))
  )} }`
)
const MANIFESTS = new Map([...CHILDREN, INDEX].map((bytes) => [sha256(bytes), bytes]))

/** One registry: the source repository serves the manifests, the destination has what `present` says. */
function registry(present: Set<string>) {
  return fakeFetch(async (call: Call) => {
    const { pathname, searchParams } = new URL(call.url)
    const reference = decodeURIComponent(pathname.split('/').pop()!)
    if (pathname.startsWith('/v2/src/app/manifests/') && call.method === 'GET') {
      const bytes = MANIFESTS.get(reference)
      const type = bytes === INDEX ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest
      return bytes ? new Response(bytes, { headers: { 'content-type': type } }) : new Response(null, { status: 404 })
    }
    if (pathname.startsWith('/v2/dst/app/manifests/') && call.method === 'HEAD') {
      if (!present.has(reference)) return new Response(null, { status: 404 })
      return new Response(null, {
        headers: { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': reference }
      })
    }
    if (call.method === 'PUT') {
      present.add(reference)
      return new Response(null, { status: 201, headers: { 'docker-content-digest': sha256(call.body!) } })
    }
    if (call.method === 'POST' && searchParams.has('mount')) return new Response(null, { status: 201 })
    return new Response(null, { status: 404 })
  })
}

function ends(fetch: ReturnType<typeof registry>['fetch']) {
  const transport = new Transport({ registry: 'reg.example.com', fetch, sleep: async () => {} })
  const side = (path: string) => ({ transport, repository: parseRepository(`reg.example.com/${path}`) })
  return [side('src/app'), side('dst/app')] as const
}

const indexManifest = { bytes: INDEX, mediaType: MEDIA_TYPES.ociIndex, digest: sha256(INDEX) }

describe('copyImage', () => {
  test('children by digest before the index; the index with its exact bytes and media type; shared blobs once', async () => {
    const { fetch, calls } = registry(new Set())
    const stats = await copyImage(...ends(fetch), indexManifest, { referrers: false })
    const puts = calls.filter((c) => c.method === 'PUT')
    const written = puts.map((c) => decodeURIComponent(c.url.split('/').pop()!))
    expect(written.slice(0, 2).sort()).toEqual(CHILDREN.map((bytes) => sha256(bytes)).sort())
    expect(puts[2].url).toBe(`https://reg.example.com/v2/dst/app/manifests/${sha256(INDEX)}`)
    expect(Buffer.from(puts[2].body!).equals(INDEX)).toBe(true)
    expect(puts[2].headers['content-type']).toBe(MEDIA_TYPES.ociIndex)
    // two configs and one layer both images share
    expect(stats).toEqual({ mounted: 3, copied: 0, skipped: 0, bytes: 0, manifests: 3, referrers: 0 })
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(3)
  })

  test('an index the destination has already: one HEAD, nothing written', async () => {
    const { fetch, calls } = registry(new Set([sha256(INDEX)]))
    const stats = await copyImage(...ends(fetch), indexManifest, { referrers: false })
    expect(calls.map((c) => c.method)).toEqual(['HEAD'])
    expect(stats.manifests).toBe(0)
  })

  test('a child the destination has is not copied again', async () => {
    const { fetch, calls } = registry(new Set([sha256(CHILDREN[0])]))
    const stats = await copyImage(...ends(fetch), indexManifest, { referrers: false })
    expect(stats.manifests).toBe(2)
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.url)).not.toContain(
      `https://reg.example.com/v2/dst/app/manifests/${sha256(CHILDREN[0])}`
    )
  })
})

describe('mergeReferrersIndex', () => {
  const entry = (n: number) => ({
    mediaType: MEDIA_TYPES.ociManifest,
    digest: sha256(`r${n}`),
    size: n,
    artifactType: `t/${n}`
  })

  test('keeps every entry already there, as it is, and appends the new ones', () => {
    const existing = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [entry(1), { odd: true }] }))
    const merged = JSON.parse(Buffer.from(mergeReferrersIndex(existing, [entry(1), entry(2)])!).toString('utf8'))
    expect(merged).toEqual({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [entry(1), { odd: true }, entry(2)]
    })
  })

  test('nothing new: nothing to write', () => {
    const existing = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [entry(1)] }))
    expect(mergeReferrersIndex(existing, [entry(1)])).toBeUndefined()
  })

  test('no index yet: one with the new entries, each once', () => {
    const merged = JSON.parse(Buffer.from(mergeReferrersIndex(undefined, [entry(3), entry(3)])!).toString('utf8'))
    expect(merged.manifests).toEqual([entry(3)])
  })
})
