import { describe, expect, test } from '@jest/globals'
import { PartialRetagError, TagMismatchError } from '../../src/engines/engine.js'
import { RegistryEngine } from '../../src/engines/registry.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { RegistryError } from '../../src/oci/errors.js'
import { parseRepository } from '../../src/oci/reference.js'
import type { FetchLike } from '../../src/oci/http.js'
import { Transport } from '../../src/oci/transport.js'
import { sha256 } from '../fixtures/util.js'

interface Call {
  method: string
  path: string
  body?: Uint8Array
}

const REPO = parseRepository('ghcr.io/o/app')
const ref = (tag: string): string => `ghcr.io/o/app:${tag}`
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

const REVISION = 'org.opencontainers.image.revision'
const COMMIT = 'abc123def4567890abc123def4567890abc12345'

/** A single-platform image: manifest and config. */
function image(os: string, architecture: string, variant?: string) {
  const config = json({ os, architecture, ...(variant ? { variant } : {}), config: { Labels: { [REVISION]: COMMIT } } })
  const manifest = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: []
  })
  return { config, manifest, digest: sha256(manifest) }
}

interface RegistryOptions {
  /** Tags whose PUT is refused with 403 DENIED. */
  refuse?: string[]
  /** PUT answers carry no Docker-Content-Digest. */
  noDigestOnPut?: boolean
  /** Tags whose PUT is answered 201 with this Docker-Content-Digest instead of the digest of the bytes. */
  storedAs?: Record<string, string>
}

/** An in-memory registry behind a fake fetch: manifests by tag or digest, blobs by digest. */
function fakeRegistry(options: RegistryOptions = {}) {
  const manifests = new Map<string, { bytes: Uint8Array; type: string }>()
  const blobs = new Map<string, Uint8Array>()
  const calls: Call[] = []
  const prefix = `/v2/${REPO.path}/`
  const fetch: FetchLike = async (url, init) => {
    const { pathname } = new URL(String(url))
    const method = String(init.method)
    const body = init.body as Uint8Array | undefined
    calls.push({ method, path: pathname.slice(prefix.length), body })
    const [kind, reference] = pathname.slice(prefix.length).split('/')
    if (kind === 'blobs') {
      const blob = blobs.get(reference)
      return blob
        ? new Response(blob as BodyInit, { status: 200 })
        : new Response('{"errors":[{"code":"BLOB_UNKNOWN"}]}', { status: 404 })
    }
    if (kind !== 'manifests') return new Response(null, { status: 400 })
    if (method === 'PUT') {
      if (options.refuse?.includes(reference))
        return new Response('{"errors":[{"code":"DENIED","message":"no"}]}', { status: 403 })
      const bytes = new Uint8Array(body!)
      const type = (init.headers as Record<string, string>)['content-type']
      manifests.set(reference, { bytes, type })
      manifests.set(sha256(bytes), { bytes, type })
      return new Response(null, {
        status: 201,
        headers: options.noDigestOnPut
          ? {}
          : { 'docker-content-digest': options.storedAs?.[reference] ?? sha256(bytes) }
      })
    }
    const stored = manifests.get(reference)
    if (!stored)
      return new Response(method === 'HEAD' ? null : '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 })
    const headers = { 'content-type': stored.type, 'docker-content-digest': sha256(stored.bytes) }
    return new Response(method === 'HEAD' ? null : (stored.bytes as BodyInit), { status: 200, headers })
  }
  const put = (references: string[], bytes: Uint8Array, type: string): void => {
    for (const reference of references) manifests.set(reference, { bytes, type })
  }
  const engine = new RegistryEngine(
    (registry) =>
      new Transport({
        registry,
        fetch,
        sleep: async () => {},
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 60_000 }
      }),
    true
  )
  return { engine, calls, manifests, blobs, put }
}

describe('RegistryEngine.retag', () => {
  function setup(options: RegistryOptions = {}) {
    const registry = fakeRegistry(options)
    const amd = image('linux', 'amd64')
    registry.put([COMMIT, amd.digest], amd.manifest, MEDIA_TYPES.ociManifest)
    return { ...registry, amd }
  }

  test('writes every group with the exact bytes and resolves to its name', async () => {
    const { engine, calls, amd } = setup()
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    await expect(engine.retag(found, [['v1'], ['stable', 'v1-edge'], ['latest']])).resolves.toBe('registry')
    const puts = calls.filter((c) => c.method === 'PUT')
    expect(puts.map((c) => c.path).sort()).toEqual([
      'manifests/latest',
      'manifests/stable',
      'manifests/v1',
      'manifests/v1-edge'
    ])
    for (const put of puts) expect(Buffer.from(put.body!).equals(amd.manifest)).toBe(true)
    // version first, latest last
    expect(puts[0].path).toBe('manifests/v1')
    expect(puts[puts.length - 1].path).toBe('manifests/latest')
  })

  test('a failure in a later group, after an earlier one succeeded, is a PartialRetagError listing the written refs', async () => {
    const { engine, calls } = setup({ refuse: ['stable'] })
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    const error = (await engine
      .retag(found, [['v1'], ['stable'], ['latest']])
      .catch((e: unknown) => e)) as PartialRetagError
    expect(error).toBeInstanceOf(PartialRetagError)
    expect(error.written).toEqual([ref('v1')])
    expect(error.message).toMatch(/^pushing ghcr\.io\/o\/app:stable: DENIED \(no\)\./)
    expect(error.message).toMatch(/ \(after writing ghcr\.io\/o\/app:v1\)$/)
    // the group after the failing one is never written
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual(['manifests/v1', 'manifests/stable'])
  })

  test('the written refs include the tags of the failing group that did succeed', async () => {
    const { engine } = setup({ refuse: ['v1-edge'] })
    const found = (await engine.find(REPO, COMMIT))!
    const error = (await engine
      .retag(found, [['v1'], ['stable', 'v1-edge']])
      .catch((e: unknown) => e)) as PartialRetagError
    expect(error).toBeInstanceOf(PartialRetagError)
    expect(error.written).toEqual([ref('v1'), ref('stable')])
  })

  test('a failure in the first group, with nothing written, throws the plain error', async () => {
    const { engine, calls } = setup({ refuse: ['v1'] })
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    const error = (await engine.retag(found, [['v1'], ['stable']]).catch((e: unknown) => e)) as RegistryError
    expect(error).not.toBeInstanceOf(PartialRetagError)
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.status).toBe(403)
    expect(error.message).toMatch(/^pushing ghcr\.io\/o\/app:v1: DENIED \(no\)\./)
    expect(error.message).not.toContain('after writing')
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual(['manifests/v1'])
  })

  test('a PUT answered 201 with another digest: a TagMismatchError naming the tag, expected and stored', async () => {
    const other = `sha256:${'e'.repeat(64)}`
    const { engine, calls, amd } = setup({ storedAs: { v1: other } })
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    const error = (await engine.retag(found, [['v1'], ['latest']]).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(TagMismatchError)
    expect(error.message).toBe(`pushing ${ref('v1')}: the registry stored ${other} under v1, expected ${amd.digest}`)
    // latest is never written after the version tag went wrong
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PUT manifests/v1'])
  })

  test('a stored digest in a later group is a PartialRetagError that says what was stored', async () => {
    const { engine } = setup({ storedAs: { latest: '<b>sha256:x</b>' } })
    const found = (await engine.find(REPO, COMMIT))!
    const error = (await engine.retag(found, [['v1'], ['latest']]).catch((e: unknown) => e)) as PartialRetagError
    expect(error).toBeInstanceOf(PartialRetagError)
    expect(error.written).toEqual([ref('v1')])
    expect(error.message).toContain(`the registry stored <b>sha256:x</b> under latest, expected`)
  })

  test('a registry that sends no digest on PUT is asked what it stored', async () => {
    const { engine, calls } = setup({ noDigestOnPut: true })
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    await expect(engine.retag(found, [['v1']])).resolves.toBe('registry')
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PUT manifests/v1', 'HEAD manifests/v1'])
  })

  test('an image found by another engine is read by digest before the writes', async () => {
    const { engine, calls, amd } = setup()
    const found = {
      repository: REPO,
      tag: COMMIT,
      digest: amd.digest,
      mediaType: MEDIA_TYPES.ociManifest,
      engine: 'docker' as const
    }
    await engine.retag(found, [['v1']])
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET manifests/${amd.digest}`, 'PUT manifests/v1'])
  })
})

describe('RegistryEngine.facts', () => {
  function indexSetup(
    children: Array<{
      image: ReturnType<typeof image>
      platform?: { os: string; architecture: string; variant?: string }
    }>
  ) {
    const registry = fakeRegistry()
    const attestation = json({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { digest: sha256('att'), size: 3 },
      layers: []
    })
    for (const child of children) {
      registry.put([child.image.digest], child.image.manifest, MEDIA_TYPES.ociManifest)
      registry.blobs.set(sha256(child.image.config), child.image.config)
    }
    const index = json({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [
        ...children.map((child) => ({
          mediaType: MEDIA_TYPES.ociManifest,
          digest: child.image.digest,
          size: child.image.manifest.length,
          ...(child.platform ? { platform: child.platform } : {})
        })),
        // buildx attestation: never a platform, never read
        {
          mediaType: MEDIA_TYPES.ociManifest,
          digest: sha256(attestation),
          size: attestation.length,
          platform: { os: 'unknown', architecture: 'unknown' }
        }
      ],
      annotations: { [REVISION]: COMMIT }
    })
    registry.put([COMMIT, sha256(index)], index, MEDIA_TYPES.ociIndex)
    return registry
  }

  const amd = image('linux', 'amd64')
  const arm = image('linux', 'arm64', 'v8')

  test('readRevisions: false, an index whose children all name platforms: no request at all', async () => {
    const { engine, calls } = indexSetup([
      { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
      { image: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }
    ])
    const found = (await engine.find(REPO, COMMIT))!
    expect(found.mediaType).toBe(MEDIA_TYPES.ociIndex)
    calls.length = 0
    const facts = await engine.facts(found, { readRevisions: false })
    expect(calls).toEqual([])
    expect(facts).toEqual({ platforms: ['linux/amd64', 'linux/arm64/v8'], revisions: [COMMIT] })
  })

  test('readRevisions: true reads each child manifest and its config, skipping attestations', async () => {
    const { engine, calls } = indexSetup([
      { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
      { image: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }
    ])
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    const facts = await engine.facts(found, { readRevisions: true })
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(
      [
        `GET manifests/${amd.digest}`,
        `GET manifests/${arm.digest}`,
        `GET blobs/${sha256(amd.config)}`,
        `GET blobs/${sha256(arm.config)}`
      ].sort()
    )
    expect(facts.platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])
    expect(facts.revisions).toEqual([COMMIT, COMMIT, COMMIT])
  })

  test('revisions: false still reads the config of a child without a platform', async () => {
    const { engine, calls } = indexSetup([
      { image: amd, platform: { os: 'linux', architecture: 'amd64' } },
      { image: arm }
    ])
    const found = (await engine.find(REPO, COMMIT))!
    calls.length = 0
    const facts = await engine.facts(found, { readRevisions: false })
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET manifests/${arm.digest}`,
      `GET blobs/${sha256(arm.config)}`
    ])
    expect(facts.platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])
  })

  test('a single manifest: its config names the platform and the revision', async () => {
    const registry = fakeRegistry()
    registry.put([COMMIT], amd.manifest, MEDIA_TYPES.ociManifest)
    registry.blobs.set(sha256(amd.config), amd.config)
    const found = (await registry.engine.find(REPO, COMMIT))!
    registry.calls.length = 0
    expect(await registry.engine.facts(found, { readRevisions: false })).toEqual({
      platforms: ['linux/amd64'],
      revisions: [COMMIT]
    })
    expect(registry.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET blobs/${sha256(amd.config)}`])
  })
})
