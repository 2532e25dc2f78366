// rebuild-if-base-changed (src/base-image.ts): base names from images, and the verdict over a fake base registry.
import { describe, expect, test } from '@jest/globals'
import { BaseImages, checkBases, parseBaseName } from '../../src/base-image.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { Transport } from '../../src/oci/transport.js'
import type { RecordedBase } from '../../src/reuse.js'
import { fakeFetch, type Call } from '../fixtures/fakes/fetch.js'
import { sha256 } from '../fixtures/util.js'

const OLD = `sha256:${'0'.repeat(64)}`

describe('parseBaseName', () => {
  test.each([
    ['debian:12', { repository: { registry: 'docker.io', path: 'library/debian' }, tag: '12' }],
    ['docker.io/library/debian:12', { repository: { registry: 'docker.io', path: 'library/debian' }, tag: '12' }],
    ['index.docker.io/debian', { repository: { registry: 'docker.io', path: 'library/debian' }, tag: 'latest' }],
    ['127.0.0.1:5000/base/os:v1', { repository: { registry: '127.0.0.1:5000', path: 'base/os' }, tag: 'v1' }],
    [`ghcr.io/o/base:v1@${OLD}`, { repository: { registry: 'ghcr.io', path: 'o/base' }, tag: 'v1', pinned: OLD }],
    [`ghcr.io/o/base@${OLD}`, { repository: { registry: 'ghcr.io', path: 'o/base' }, tag: undefined, pinned: OLD }]
  ])('%s', (name, reference) => {
    expect(parseBaseName(name)).toEqual(reference)
  })

  test.each([
    ['', 'no name'],
    ['x'.repeat(600), 'no name'],
    ['Debian:12', 'no valid repository name'],
    ['debian:12@sha256:abc', 'a digest that is no sha256 digest'],
    ['debian:-bad', 'a tag that is no valid tag'],
    ['../../v2/_catalog', 'no valid repository name'],
    ['evil host/x:1', 'no valid repository name'],
    ['debian:12\n::error::x', 'no valid repository name']
  ])('%j is refused: %s', (name, why) => {
    expect(parseBaseName(name)).toBe(why)
  })
})

interface Served {
  bytes: Buffer
  type: string
  digest: string
}

/** Base registries by host: `tags` say what each tag points at; manifests are served by digest. */
function baseRegistries(answer?: (call: Call) => Response | undefined) {
  const manifests = new Map<string, Served>()
  const tags = new Map<string, string>()
  const add = (value: unknown, type: string): Served => {
    const bytes = Buffer.from(JSON.stringify(value))
    const served = { bytes, type, digest: sha256(bytes) }
    manifests.set(served.digest, served)
    return served
  }
  const { fetch, calls } = fakeFetch((call) => {
    const special = answer?.(call)
    if (special) return special
    const url = new URL(call.url)
    const ref = url.pathname.split('/').pop()!
    const found = manifests.get(tags.get(`${url.host}${url.pathname}`) ?? ref)
    if (!found) return new Response(null, { status: 404 })
    const headers = { 'content-type': found.type, 'docker-content-digest': found.digest }
    return new Response(call.method === 'HEAD' ? null : (found.bytes as BodyInit), { status: 200, headers })
  })
  const transports: string[] = []
  const images = new BaseImages(async (registry) => {
    transports.push(registry)
    const retry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 1000 }
    return new Transport({ registry, fetch, sleep: async () => {}, retry })
  })
  /** A base index of amd64 and arm64 images, under `host/path:tag`. */
  const pushBase = (at: string, salt: string) => {
    const child = (architecture: string) => add({ schemaVersion: 2, salt, architecture }, MEDIA_TYPES.ociManifest)
    const [amd, arm] = [child('amd64'), child('arm64')]
    const entry = (c: Served, architecture: string) => ({
      mediaType: c.type,
      digest: c.digest,
      size: c.bytes.length,
      platform: { os: 'linux', architecture }
    })
    const index = add(
      { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [entry(amd, 'amd64'), entry(arm, 'arm64')] },
      MEDIA_TYPES.ociIndex
    )
    const [repo, tag] = at.split(':')
    const [host, ...path] = repo.split('/')
    tags.set(`${host}/v2/${path.join('/')}/manifests/${tag}`, index.digest)
    return { index: index.digest, amd: amd.digest, arm: arm.digest }
  }
  return { images, calls, transports, pushBase }
}

const HUB = 'registry-1.docker.io'

describe('checkBases', () => {
  test('the index digest recorded, still the same: unchanged, one HEAD', async () => {
    const r = baseRegistries()
    const base = r.pushBase(`${HUB}/library/debian:12`, 'a')
    expect(await checkBases([{ name: 'debian:12', digest: base.index }], r.images)).toEqual({
      check: 'rebuild-if-base-changed',
      outcome: 'pass',
      detail: `base unchanged: debian:12 (${base.index})`
    })
    expect(r.calls.map((c) => `${c.method} ${c.url}`)).toEqual([`HEAD https://${HUB}/v2/library/debian/manifests/12`])
    expect(r.transports).toEqual(['docker.io'])
  })

  test("the platform's child recorded, still in the index: unchanged, after one GET of the index", async () => {
    const r = baseRegistries()
    const base = r.pushBase(`${HUB}/library/debian:12`, 'a')
    const records: RecordedBase[] = [
      { name: 'docker.io/library/debian:12', digest: base.amd, platform: 'linux/amd64' },
      { name: 'docker.io/library/debian:12', digest: base.arm, platform: 'linux/arm64' }
    ]
    expect((await checkBases(records, r.images)).outcome).toBe('pass')
    // one HEAD and one GET, whatever the number of images that record the base
    expect(r.calls.map((c) => c.method).sort()).toEqual(['GET', 'HEAD'])
  })

  test('a child of another platform does not count for this one', async () => {
    const r = baseRegistries()
    const base = r.pushBase(`${HUB}/library/debian:12`, 'a')
    const verdict = await checkBases([{ name: 'debian:12', digest: base.arm, platform: 'linux/amd64' }], r.images)
    expect(verdict).toMatchObject({
      outcome: 'fail',
      detail: `base-changed: debian:12 moved from ${base.arm} to ${base.amd}`
    })
  })

  test('a re-pushed base: base-changed, naming the base and both digests', async () => {
    const r = baseRegistries()
    const old = r.pushBase(`${HUB}/library/debian:12`, 'old')
    const now = r.pushBase(`${HUB}/library/debian:12`, 'new')
    expect(await checkBases([{ name: 'debian:12', digest: old.index }], r.images)).toEqual({
      check: 'rebuild-if-base-changed',
      outcome: 'fail',
      detail: `base-changed: debian:12 moved from ${old.index} to ${now.index}`
    })
    const child = await checkBases([{ name: 'debian:12', digest: old.amd, platform: 'linux/amd64' }], r.images)
    expect(child.detail).toBe(`base-changed: debian:12 moved from ${old.amd} to ${now.amd}`)
  })

  test('resolved once per run, however many images and apps record it', async () => {
    const r = baseRegistries()
    const base = r.pushBase(`${HUB}/library/debian:12`, 'a')
    await Promise.all([1, 2, 3].map(() => checkBases([{ name: 'debian:12', digest: base.amd }], r.images)))
    expect(r.calls).toHaveLength(2)
  })

  test('pinned by digest: it cannot move, and nothing is asked', async () => {
    const r = baseRegistries()
    const verdict = await checkBases([{ name: `debian@${OLD}`, digest: OLD }], r.images)
    expect(verdict.outcome).toBe('pass')
    expect(r.calls).toEqual([])
  })

  test.each<[string, (call: Call) => Response | undefined, RegExp]>([
    ['gone (404)', () => new Response(null, { status: 404 }), /the registry has no such image now \(404\)/],
    ['denied (403)', () => new Response(null, { status: 403 }), /checking docker\.io\/library\/debian:12: HTTP 403/],
    ['unauthorized without a challenge (401)', () => new Response(null, { status: 401 }), /401/]
  ])('a base that cannot be resolved, %s: unknown, naming the base and what happened', async (_n, answer, why) => {
    const r = baseRegistries(answer)
    const verdict = await checkBases([{ name: 'debian:12', digest: OLD }], r.images)
    expect(verdict.outcome).toBe('unknown')
    expect(verdict.detail).toMatch(/^could not resolve the base debian:12: /)
    expect(verdict.detail).toMatch(why)
  })

  test('no record: not applicable; invalid records: not applicable, named escaped, nothing asked', async () => {
    const r = baseRegistries()
    expect(await checkBases([], r.images)).toEqual({
      check: 'rebuild-if-base-changed',
      outcome: 'not-applicable',
      detail:
        'the image records no base (org.opencontainers.image.base.name and .base.digest): the check does not apply'
    })
    const bad = await checkBases(
      [
        { name: 'Evil\n::error::x', digest: OLD },
        { name: 'debian:12', digest: 'md5:1' }
      ],
      r.images
    )
    expect(bad.outcome).toBe('not-applicable')
    expect(bad.detail).toBe(
      'the image records no valid base: the name "Evil\\n::error::x" has no valid repository name: the check does not apply'
    )
    expect(r.calls).toEqual([])
  })
})
