// What the registry engine reads for the reuse checks (src/engines/image-facts.ts), over a fake registry.
import { describe, expect, test } from '@jest/globals'
import { RegistryEngine } from '../../src/engines/registry.js'
import { RegistryError } from '../../src/oci/errors.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { parseRepository } from '../../src/oci/reference.js'
import { Transport } from '../../src/oci/transport.js'
import { whyNotReusable, type FactsRequest } from '../../src/reuse.js'
import { fakeFetch } from '../fixtures/fakes/fetch.js'
import { sha256 } from '../fixtures/util.js'

const REPO = parseRepository('ghcr.io/o/app')
const REVISION = 'org.opencontainers.image.revision'
const COMMIT = 'abc123def4567890abc123def4567890abc12345'
const OTHER = '0123456789abcdef0123456789abcdef01234567'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
const COSIGN = 'application/vnd.dev.cosign.artifact.sig.v1+json'
const NOT_JSON = Buffer.from([0, 0, 0, 0x1f, 0x8b, 0x0a, 0x3a, 0x3a])

type Annotations = Record<string, string>
interface Blob {
  bytes: Buffer
  type: string
  digest: string
}

/** A content-addressed fake registry: whatever is added is served by digest. */
function store() {
  const blobs = new Map<string, Blob>()
  const add = (value: unknown, type: string): Blob => {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))
    const blob = { bytes, type, digest: sha256(bytes) }
    blobs.set(blob.digest, blob)
    return blob
  }
  const { fetch, calls } = fakeFetch(({ url }) => {
    const blob = blobs.get(url.split('/').pop()!)
    if (!blob) return new Response('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 })
    const headers = { 'content-type': blob.type, 'docker-content-digest': blob.digest }
    return new Response(blob.bytes as BodyInit, { status: 200, headers })
  })
  const transport = new Transport({
    registry: REPO.registry,
    fetch,
    sleep: async () => {},
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 60_000 }
  })
  const engine = new RegistryEngine(() => transport, false)
  const requested = (): string[] => calls.map((c) => new URL(c.url).pathname.split('/').slice(-2).join('/'))
  return { add, engine, calls, requested }
}

type Store = ReturnType<typeof store>

/** An image manifest with its config; `labels` go into the config, `annotations` into the manifest. */
function image(
  s: Store,
  opts: { arch?: string; labels?: Annotations; annotations?: Annotations; created?: string } = {}
): Blob {
  const arch = opts.arch ?? 'amd64'
  const created = opts.created ? { created: opts.created } : {}
  const config = s.add(
    { os: 'linux', architecture: arch, ...created, config: { Labels: opts.labels ?? {} } },
    OCI_CONFIG
  )
  const descriptor = { mediaType: OCI_CONFIG, digest: config.digest, size: config.bytes.length }
  const manifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: descriptor, layers: [] }
  return s.add({ ...manifest, ...(opts.annotations ? { annotations: opts.annotations } : {}) }, MEDIA_TYPES.ociManifest)
}

/** An OCI 1.1 artifact whose config is not JSON (a signature, an SBOM, ...). */
function artifact(s: Store, withArtifactType: boolean): Blob {
  const config = s.add(NOT_JSON, COSIGN)
  const descriptor = { mediaType: COSIGN, digest: config.digest, size: config.bytes.length }
  const manifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: descriptor, layers: [] }
  return s.add({ ...manifest, ...(withArtifactType ? { artifactType: COSIGN } : {}) }, MEDIA_TYPES.ociManifest)
}

function entry(blob: Blob, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { mediaType: blob.type, digest: blob.digest, size: blob.bytes.length, ...more }
}

const linux = (architecture: string) => ({ platform: { os: 'linux', architecture } })

function index(s: Store, entries: Array<Record<string, unknown>>, annotations?: Annotations): Blob {
  return s.add(
    { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: entries, ...(annotations ? { annotations } : {}) },
    MEDIA_TYPES.ociIndex
  )
}

const facts = (s: Store, top: Blob, readRevisions: boolean) =>
  s.engine.facts(
    {
      repository: REPO,
      tag: COMMIT,
      digest: top.digest,
      mediaType: top.type,
      manifest: { bytes: top.bytes, mediaType: top.type, digest: top.digest },
      engine: 'registry'
    },
    { readRevisions }
  )

/** The facts a request reads, and the requests it cost. */
async function read(s: Store, top: Blob, request: FactsRequest) {
  s.calls.length = 0
  const found = {
    repository: REPO,
    tag: COMMIT,
    digest: top.digest,
    mediaType: top.type,
    manifest: { bytes: top.bytes, mediaType: top.type, digest: top.digest },
    engine: 'registry' as const
  }
  const facts = await s.engine.facts(found, request)
  return { facts, requested: s.requested() }
}

const verdict = async (s: Store, top: Blob): Promise<string | undefined> =>
  whyNotReusable(await facts(s, top, true), { platforms: [], verifyRevision: true, commit: COMMIT })

describe('RegistryEngine.facts: the revision in each of the four places', () => {
  const mine = { [REVISION]: COMMIT }
  const other = { [REVISION]: OTHER }

  test.each([
    ['index annotations', { index: other }],
    ['index entry annotations', { entry: other }],
    ['image manifest annotations', { manifest: other }],
    ['image config labels', { config: other }]
  ])(
    'an index whose %s name another commit: revision-mismatch',
    async (_where, claims: Record<string, Annotations>) => {
      const s = store()
      const amd = image(s, { labels: claims.config ?? mine, annotations: claims.manifest ?? mine })
      const arm = image(s, { arch: 'arm64', labels: mine, annotations: mine })
      const top = index(
        s,
        [entry(amd, { ...linux('amd64'), annotations: claims.entry ?? mine }), entry(arm, linux('arm64'))],
        claims.index ?? mine
      )
      expect(await verdict(s, top)).toBe(`revision-mismatch: ${OTHER}`)
    }
  )

  test('every place naming the commit: reusable, and each image costs its manifest and its config', async () => {
    const s = store()
    const amd = image(s, { labels: mine, annotations: mine })
    const top = index(s, [entry(amd, { ...linux('amd64'), annotations: mine })], mine)
    const read = await facts(s, top, true)
    expect(read.revisions).toEqual([COMMIT, COMMIT, COMMIT, COMMIT])
    expect(s.requested()).toEqual([
      `manifests/${amd.digest}`,
      `blobs/${JSON.parse(amd.bytes.toString()).config.digest}`
    ])
  })

  test.each([
    ['manifest annotations', { annotations: { [REVISION]: OTHER } }],
    ['config labels', { labels: { [REVISION]: OTHER } }]
  ])('a single manifest whose %s name another commit: revision-mismatch', async (_where, opts) => {
    const s = store()
    expect(await verdict(s, image(s, opts))).toBe(`revision-mismatch: ${OTHER}`)
  })

  test('without verify-revision an index whose entries name their platforms costs no request', async () => {
    const s = store()
    const top = index(s, [entry(image(s), { ...linux('amd64'), annotations: other })], other)
    s.calls.length = 0
    expect(await facts(s, top, false)).toEqual({ platforms: ['linux/amd64'], revisions: [OTHER, OTHER] })
    expect(s.calls).toEqual([])
  })

  test('an empty revision claims nothing; one that is no string claims another commit', async () => {
    const s = store()
    const top = index(s, [entry(image(s), { ...linux('amd64'), annotations: { [REVISION]: ' ' } })], {
      [REVISION]: 12345 as unknown as string
    })
    expect((await facts(s, top, true)).revisions).toEqual(['12345'])
  })
})

describe('RegistryEngine.facts: children that are no image', () => {
  test.each([
    ['an artifactType on the entry', (s: Store) => entry(artifact(s, true), { artifactType: COSIGN })],
    ['an artifactType in its manifest only', (s: Store) => entry(artifact(s, true))],
    ['a config that is no image config', (s: Store) => entry(artifact(s, false))],
    [
      'platform unknown/unknown',
      (s: Store) => entry(artifact(s, false), { platform: { os: 'unknown', architecture: 'unknown' } })
    ],
    ['a nested index', (s: Store) => entry(index(s, []))]
  ])('%s: skipped by both checks, its config never parsed', async (_what, child) => {
    const s = store()
    const amd = image(s, { labels: { [REVISION]: COMMIT } })
    const top = index(s, [entry(amd, linux('amd64')), child(s)])
    const rules = { platforms: ['linux/amd64'], verifyRevision: true, commit: COMMIT }
    for (const readRevisions of [false, true]) {
      const read = await facts(s, top, readRevisions)
      expect(read.platforms).toEqual(['linux/amd64'])
      expect(whyNotReusable(read, rules)).toBeUndefined()
    }
    expect(s.requested().filter((path) => path.endsWith(sha256(NOT_JSON)))).toEqual([])
  })

  test('an image config that is not JSON is an error that says so in words, without the bytes', async () => {
    const s = store()
    const config = s.add(NOT_JSON, OCI_CONFIG)
    const broken = s.add(
      {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: OCI_CONFIG, digest: config.digest, size: 8 }
      },
      MEDIA_TYPES.ociManifest
    )
    const top = index(s, [entry(broken, linux('amd64'))])
    const error = await facts(s, top, true).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as Error).message).toBe(
      `the image config ${config.digest} (${OCI_CONFIG}) of ghcr.io/o/app:${COMMIT} is not a JSON object`
    )
  })

  test('a manifest that is not JSON: said in words, its first bytes escaped', async () => {
    const s = store()
    const junk = s.add(Buffer.from('\u0000\n::error ::boom'), MEDIA_TYPES.ociManifest)
    const top = index(s, [entry(junk)])
    await expect(facts(s, top, true)).rejects.toThrow(
      `the manifest ${junk.digest} of ghcr.io/o/app:${COMMIT} is not a JSON object; it begins "\\u0000\\n::error ::boom"`
    )
  })

  test('a digest that is no digest is never put into a request path', async () => {
    const s = store()
    const top = index(s, [{ mediaType: MEDIA_TYPES.ociManifest, digest: '../../../v2/_catalog', size: 1 }])
    await expect(facts(s, top, true)).rejects.toThrow(
      'names a manifest or config by an invalid digest: ../../../v2/_catalog'
    )
    expect(s.calls).toEqual([])
  })
})

describe('RegistryEngine.facts: the base and the creation time, read only where needed', () => {
  const BASE = 'org.opencontainers.image.base.name'
  const BASE_DIGEST = 'org.opencontainers.image.base.digest'
  const CREATED = 'org.opencontainers.image.created'
  const D1 = `sha256:${'1'.repeat(64)}`
  const D2 = `sha256:${'2'.repeat(64)}`
  const bases: FactsRequest = { readRevisions: false, readPlatforms: false, readBases: true }
  const created: FactsRequest = { readRevisions: false, readPlatforms: false, readCreated: true }
  const configOf = (blob: Blob): string => `blobs/${JSON.parse(blob.bytes.toString()).config.digest}`

  test('on the index: no request at all', async () => {
    const s = store()
    const top = index(s, [entry(image(s), linux('amd64'))], {
      [BASE]: 'debian:12',
      [BASE_DIGEST]: D1,
      [CREATED]: '2026-09-01T00:00:00Z'
    })
    expect(await read(s, top, { ...bases, readCreated: true })).toEqual({
      facts: {
        platforms: ['linux/amd64'],
        revisions: [],
        bases: [{ name: 'debian:12', digest: D1, platform: undefined }],
        created: ['2026-09-01T00:00:00Z']
      },
      requested: []
    })
  })

  test('on the entries: no request, each base with the platform of its entry', async () => {
    const s = store()
    const top = index(s, [
      entry(image(s), { ...linux('amd64'), annotations: { [BASE]: 'debian:12', [BASE_DIGEST]: D1 } }),
      entry(image(s, { arch: 'arm64' }), { ...linux('arm64'), annotations: { [BASE]: 'debian:12', [BASE_DIGEST]: D2 } })
    ])
    const { facts, requested } = await read(s, top, bases)
    expect(facts.bases).toEqual([
      { name: 'debian:12', digest: D1, platform: 'linux/amd64' },
      { name: 'debian:12', digest: D2, platform: 'linux/arm64' }
    ])
    expect(requested).toEqual([])
  })

  test('on the image manifests: each manifest, never a config', async () => {
    const s = store()
    const amd = image(s, { annotations: { [BASE]: 'debian:12', [BASE_DIGEST]: D1 } })
    const top = index(s, [entry(amd, linux('amd64'))])
    const { facts, requested } = await read(s, top, bases)
    expect(facts.bases).toEqual([{ name: 'debian:12', digest: D1, platform: 'linux/amd64' }])
    expect(requested).toEqual([`manifests/${amd.digest}`])
  })

  test('a single manifest records its base: no request', async () => {
    const s = store()
    const single = image(s, {
      annotations: { [BASE]: 'debian:12', [BASE_DIGEST]: D1, [CREATED]: '2026-09-01T00:00:00Z' }
    })
    const { facts, requested } = await read(s, single, { ...bases, readCreated: true })
    expect(facts).toEqual({
      platforms: [],
      revisions: [],
      bases: [{ name: 'debian:12', digest: D1, platform: undefined }],
      created: ['2026-09-01T00:00:00Z']
    })
    expect(requested).toEqual([])
  })

  test('no annotation anywhere: every image manifest is read, and nothing is found', async () => {
    const s = store()
    const amd = image(s)
    const { facts, requested } = await read(s, index(s, [entry(amd, linux('amd64'))]), bases)
    expect(facts.bases).toEqual([])
    expect(requested).toEqual([`manifests/${amd.digest}`])
  })

  test('a name without a digest, or a digest without a name, is still recorded (for the check to judge)', async () => {
    const s = store()
    const top = index(s, [entry(image(s), { ...linux('amd64'), annotations: { [BASE_DIGEST]: D1 } })], { [BASE]: 'x' })
    expect((await read(s, top, bases)).facts.bases).toEqual([
      { name: 'x', digest: '', platform: undefined },
      { name: '', digest: D1, platform: 'linux/amd64' }
    ])
  })

  test('the creation time: the manifest annotation wins over the config, which is read only without one', async () => {
    const s = store()
    const annotated = image(s, { annotations: { [CREATED]: '2026-09-02T00:00:00Z' }, created: '2026-01-01T00:00:00Z' })
    const plain = image(s, { arch: 'arm64', created: '2026-09-03T00:00:00Z' })
    const top = index(s, [entry(annotated, linux('amd64')), entry(plain, linux('arm64'))])
    const { facts, requested } = await read(s, top, created)
    expect(facts.created).toEqual(['2026-09-02T00:00:00Z', '2026-09-03T00:00:00Z'])
    expect(requested.sort()).toEqual(
      [`manifests/${annotated.digest}`, `manifests/${plain.digest}`, configOf(plain)].sort()
    )
  })

  test('a single manifest without the annotation: its config created; with none, undefined', async () => {
    const s = store()
    const withTime = image(s, { created: '2026-09-03T00:00:00Z' })
    expect(await read(s, withTime, created)).toEqual({
      facts: { platforms: ['linux/amd64'], revisions: [], created: ['2026-09-03T00:00:00Z'] },
      requested: [configOf(withTime)]
    })
    expect((await read(s, image(s, { arch: 'arm64' }), created)).facts.created).toEqual([undefined])
  })

  test('an entry annotation is the time of its image: its manifest is not read', async () => {
    const s = store()
    const top = index(s, [entry(image(s), { ...linux('amd64'), annotations: { [CREATED]: '2026-09-04T00:00:00Z' } })])
    expect(await read(s, top, created)).toMatchObject({ facts: { created: ['2026-09-04T00:00:00Z'] }, requested: [] })
  })

  test('neither check asked: neither field, and no config read for them', async () => {
    const s = store()
    const single = image(s, { annotations: { [BASE]: 'debian:12', [BASE_DIGEST]: D1 } })
    const { facts, requested } = await read(s, single, { readRevisions: false, readPlatforms: false })
    expect(facts).toEqual({ platforms: [], revisions: [] })
    expect(requested).toEqual([])
  })
})
