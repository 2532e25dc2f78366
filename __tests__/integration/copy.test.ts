// Promotion at the engine level against three real CNCF Distribution registries at once (no auth,
// htpasswd, token): RegistryEngine.copy puts an image into other repositories and registries by
// digest (mounts within a registry, streamed monolithic uploads across), with its signatures and
// referrers; a broken transfer is survived; memory stays bounded with a 100 MB layer (measured in a
// child process). Referrers through the API use a front that implements it over a real registry.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { RegistryEngine } from '../../src/engines/registry.js'
import type { FoundImage } from '../../src/engines/engine.js'
import { parseRepository } from '../../src/oci/reference.js'
import { Transport } from '../../src/oci/transport.js'
import { startFront, type StartedFront } from '../fixtures/services/fronts/front.js'
import { startReferrersFront, type StartedReferrersFront } from '../fixtures/services/fronts/referrers.js'
import { pushReferrer, pushSignature, rawManifest, seedImage } from '../fixtures/services/images.js'
import type { Creds } from '../fixtures/services/registry-client.js'
import {
  actionRequests,
  credentialsOf,
  startRegistry,
  type AccessEntry,
  type StartedRegistry
} from '../fixtures/services/registry.js'
import { makeTempDir, removeDir, run } from '../fixtures/util.js'

let none: StartedRegistry
let basic: StartedRegistry
let token: StartedRegistry

beforeAll(async () => {
  ;[none, basic, token] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: 'basic' }),
    startRegistry({ auth: 'token' })
  ])
}, 60_000)
afterAll(async () => {
  await Promise.all([none?.stop(), basic?.stop(), token?.stop()])
})

const credsOf = (registry: StartedRegistry): Creds | undefined =>
  registry.auth === 'none' ? undefined : credentialsOf(registry)

/** An engine with one transport per host; hosts of authenticated registries get their credentials. */
function engineFor(...hosts: Array<{ host: string; creds?: Creds }>): RegistryEngine {
  const transports = new Map<string, Transport>()
  for (const { host, creds } of hosts) {
    const credential = creds && { kind: 'basic' as const, ...creds }
    transports.set(host, new Transport({ registry: host, credential, userAgent: 'image-retag-action/test' }))
  }
  return new RegistryEngine((registry) => transports.get(registry)!, true)
}

const allThree = () => engineFor(...[none, basic, token].map((r) => ({ host: r.host, creds: credsOf(r) })))

async function found(engine: RegistryEngine, repository: string, tag: string): Promise<FoundImage> {
  const image = await engine.find(parseRepository(repository), tag)
  if (!image) throw new Error(`${repository}:${tag} not found`)
  return image
}

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE'])
const writes = (entries: AccessEntry[]) => entries.filter((e) => WRITES.has(e.method))

/** `skopeo copy --all` from the registry to an OCI layout: every platform and blob must be readable. */
async function skopeoCopiesAll(registry: StartedRegistry, reference: string): Promise<void> {
  const dir = await makeTempDir('skopeo-out')
  try {
    const args = ['--insecure-policy', 'copy', '--all', '--quiet', '--src-tls-verify=false']
    const creds = credsOf(registry)
    if (creds) {
      const authFile = join(dir, 'auth.json')
      const auth = Buffer.from(`${creds.username}:${creds.password}`).toString('base64')
      await writeFile(authFile, JSON.stringify({ auths: { [registry.host]: { auth } } }), { mode: 0o600 })
      args.push('--src-authfile', authFile)
    } else args.push('--src-no-creds')
    const secrets = creds ? [creds.password] : []
    await run('skopeo', [...args, `docker://${registry.host}/${reference}`, `oci:${join(dir, 'out')}`], {
      secrets,
      env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir },
      timeoutMs: 60_000
    })
  } finally {
    await removeDir(dir)
  }
}

const MB = 1024 * 1024

describe('a 2-platform index with multi-megabyte layers and a cosign signature', () => {
  test('copied to all three registries: same digest and bytes, readable in full, signature along; mounts within the registry; a second copy writes nothing', async () => {
    const source = `${none.host}/promo/app-ci`
    const seeded = await seedImage(none.host, 'promo/app-ci:abc1234', 'oci-index', {
      salt: 'promo',
      layerBytes: 3 * MB
    })
    const signature = await pushSignature(none.host, 'promo/app-ci', seeded.digest)
    const engine = allThree()
    const image = await found(engine, source, 'abc1234')
    const sourceBytes = (await rawManifest(none.host, `promo/app-ci@${seeded.digest}`))!.bytes
    const sigTag = `${seeded.digest.replace(':', '-')}.sig`

    for (const registry of [none, basic, token]) {
      await registry.reset()
      const stats = await engine.copy(image, parseRepository(`${registry.host}/promo/app`), { referrers: true })
      const served = await rawManifest(registry.host, `promo/app@${seeded.digest}`, credsOf(registry))
      expect(served?.bytes.equals(sourceBytes)).toBe(true)
      expect((await rawManifest(registry.host, `promo/app:${sigTag}`, credsOf(registry)))?.digest).toBe(
        signature.digest
      )
      await skopeoCopiesAll(registry, `promo/app@${seeded.digest}`)
      // 2 layers + 2 configs of the image, config + layer of the signature; 2 images, index, signature
      expect(stats.manifests).toBe(4)
      expect(stats.referrers).toBe(1)
      if (registry === none) {
        expect(stats).toMatchObject({ mounted: 6, copied: 0, bytes: 0 })
        const requests = actionRequests(await none.settledRequests())
        const blobReads = requests.filter((e) => e.method === 'GET' && e.path.includes('/blobs/'))
        expect(blobReads).toEqual([])
        expect(requests.filter((e) => e.query.startsWith('mount=') && e.status === 201)).toHaveLength(6)
      } else {
        expect(stats).toMatchObject({ mounted: 0, copied: 6, skipped: 0 })
        expect(stats.bytes).toBeGreaterThan(6 * MB)
      }
    }

    for (const registry of [none, basic, token]) {
      await registry.reset()
      const again = await engine.copy(image, parseRepository(`${registry.host}/promo/app`), { referrers: true })
      expect(again).toEqual({ mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 })
      expect(writes(await registry.settledRequests())).toEqual([])
    }
  })

  test('within the token registry: mounts with one token for both repositories', async () => {
    const creds = credentialsOf(token)
    const seeded = await seedImage(token.host, 'mount/src:abc', 'oci-index', { salt: 'token-mount', creds })
    const engine = engineFor({ host: token.host, creds })
    const image = await found(engine, `${token.host}/mount/src`, 'abc')
    token.tokenServer!.clearIssued()
    const stats = await engine.copy(image, parseRepository(`${token.host}/mount/dst`), { referrers: false })
    expect(stats).toMatchObject({ mounted: 4, copied: 0, manifests: 3 })
    expect((await rawManifest(token.host, `mount/dst@${seeded.digest}`, creds))?.digest).toBe(seeded.digest)
    const both = token.tokenServer!.issued().filter((t) => t.scopes.length === 2)
    expect(both.map((t) => [...t.scopes].sort())).toEqual([
      ['repository:mount/dst:pull,push', 'repository:mount/src:pull']
    ])
  })
})

describe('a connection reset in the middle of a blob', () => {
  let front: StartedFront | undefined
  afterAll(async () => front?.stop())

  test('is survived: the blob is copied again from the start and the destination holds the right bytes', async () => {
    const seeded = await seedImage(none.host, 'reset/app:abc', 'oci-manifest', { salt: 'reset', layerBytes: 2 * MB })
    const layer = (
      JSON.parse((await rawManifest(none.host, 'reset/app:abc'))!.bytes.toString('utf8')) as {
        layers: Array<{ digest: string }>
      }
    ).layers[0].digest
    let cut = false
    front = await startFront({
      target: none.host,
      answer: (req, res) => {
        if (cut || req.method !== 'GET' || !req.url?.endsWith(`/blobs/${layer}`)) return false
        cut = true
        cutAfter(none.host, req.url, res, 512 * 1024)
        return true
      }
    })
    const engine = engineFor({ host: front.host }, { host: basic.host, creds: credentialsOf(basic) })
    const image = await found(engine, `${front.host}/reset/app`, 'abc')
    const stats = await engine.copy(image, parseRepository(`${basic.host}/reset/app`), { referrers: false })
    expect(cut).toBe(true)
    expect(front.seen().filter((r) => r.url.endsWith(`/blobs/${layer}`))).toHaveLength(2)
    expect(stats).toMatchObject({ copied: 2, manifests: 1 })
    expect((await rawManifest(basic.host, `reset/app@${seeded.digest}`, credentialsOf(basic)))?.digest).toBe(
      seeded.digest
    )
    await skopeoCopiesAll(basic, `reset/app@${seeded.digest}`)
  })
})

/** Answers with the registry's headers and the first `bytes` of its body, then drops the connection. */
function cutAfter(target: string, path: string, res: import('node:http').ServerResponse, bytes: number): void {
  const [host, port] = target.split(':')
  request({ host, port, path, method: 'GET' }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, { 'content-length': answer.headers['content-length'] ?? '0' })
    let sent = 0
    answer.on('data', (chunk: Buffer) => {
      if (sent >= bytes) return
      res.write(chunk.subarray(0, bytes - sent))
      sent += chunk.length
      if (sent >= bytes) {
        answer.destroy()
        res.socket?.destroy()
      }
    })
  }).end()
}

describe('memory', () => {
  test('a 100 MB layer is streamed: the copying process grows far less than the layer', async () => {
    await seedImage(none.host, 'big/app:abc', 'oci-manifest', { salt: 'big', layerBytes: 100 * MB })
    const spec = {
      tag: 'abc',
      source: { repository: `${none.host}/big/app` },
      destination: { repository: `${basic.host}/big/app`, credential: { kind: 'basic', ...credentialsOf(basic) } }
    }
    const { stdout } = await run('npx', ['tsx', '__tests__/fixtures/services/copy-process.ts'], {
      env: { ...process.env, COPY_SPEC: JSON.stringify(spec) },
      secrets: [credentialsOf(basic).password],
      timeoutMs: 120_000
    })
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      stats: { copied: number; bytes: number }
      beforeKb: number
      peakKb: number
    }
    expect(result.stats.bytes).toBeGreaterThan(100 * MB)
    // buffering the layer anywhere would add at least its 100 MB; streaming stays near 35-50 MB
    // (Node 20 and 24 measured), whatever the layer size
    const growthMb = (result.peakKb - result.beforeKb) / 1024
    expect(growthMb).toBeLessThan(75)
  }, 180_000)
})

describe('referrers', () => {
  let fronts: StartedReferrersFront[] = []
  afterAll(async () => {
    await Promise.all(fronts.map((f) => f.stop()))
  })

  test('through the tag schemes: the referrers tag index and cosign tags are copied; entries already at the destination stay', async () => {
    const seeded = await seedImage(none.host, 'tags/app:abc', 'oci-index', { salt: 'tag-schemes' })
    const subject = {
      mediaType: seeded.mediaType,
      digest: seeded.digest,
      size: (await rawManifest(none.host, 'tags/app:abc'))!.bytes.length
    }
    const sbom = await pushReferrer(none.host, 'tags/app', subject, {
      artifactType: 'application/spdx+json',
      fallbackTag: true
    })
    const signature = await pushSignature(none.host, 'tags/app', seeded.digest)
    // the destination already lists a referrer of its own under the tag
    const theirs = await pushReferrer(token.host, 'tags/app', subject, {
      artifactType: 'application/vnd.example',
      fallbackTag: true
    }).catch(() => undefined)
    const engine = allThree()
    const image = await found(engine, `${none.host}/tags/app`, 'abc')
    const stats = await engine.copy(image, parseRepository(`${basic.host}/tags/app`), { referrers: true })
    expect(stats.referrers).toBe(2)
    const tag = seeded.digest.replace(':', '-')
    const index = await rawManifest(basic.host, `tags/app:${tag}`, credentialsOf(basic))
    const listed = (
      JSON.parse(index!.bytes.toString('utf8')) as { manifests: Array<{ digest: string; artifactType?: string }> }
    ).manifests
    expect(listed).toEqual([expect.objectContaining({ digest: sbom.digest, artifactType: 'application/spdx+json' })])
    expect((await rawManifest(basic.host, `tags/app@${sbom.digest}`, credentialsOf(basic)))?.digest).toBe(sbom.digest)
    expect((await rawManifest(basic.host, `tags/app:${tag}.sig`, credentialsOf(basic)))?.digest).toBe(signature.digest)
    expect(theirs).toBeUndefined() // the token registry wants credentials: that push was refused, as meant
    await basic.reset()
    await engine.copy(image, parseRepository(`${basic.host}/tags/app`), { referrers: true })
    expect(writes(await basic.settledRequests())).toEqual([])
  })

  test('a destination index of referrers is merged, never replaced', async () => {
    const seeded = await seedImage(none.host, 'merge/app:abc', 'oci-manifest', { salt: 'merge' })
    const subject = {
      mediaType: seeded.mediaType,
      digest: seeded.digest,
      size: (await rawManifest(none.host, 'merge/app:abc'))!.bytes.length
    }
    const ours = await pushReferrer(none.host, 'merge/app', subject, {
      artifactType: 'application/spdx+json',
      fallbackTag: true
    })
    const theirs = await pushReferrer(none.host, 'merge/dst', subject, {
      artifactType: 'application/vnd.example',
      fallbackTag: true
    })
    const engine = allThree()
    const image = await found(engine, `${none.host}/merge/app`, 'abc')
    await engine.copy(image, parseRepository(`${none.host}/merge/dst`), { referrers: true })
    const index = await rawManifest(none.host, `merge/dst:${seeded.digest.replace(':', '-')}`)
    const digests = (
      JSON.parse(index!.bytes.toString('utf8')) as { manifests: Array<{ digest: string }> }
    ).manifests.map((m) => m.digest)
    expect(digests).toEqual([theirs.digest, ours.digest])
  })

  test('through the OCI 1.1 referrers API: discovered there, and indexed by a destination that has it', async () => {
    const [source, destination] = await Promise.all([startReferrersFront(none.host), startReferrersFront(basic.host)])
    fronts = [source, destination]
    const seeded = await seedImage(none.host, 'api/app:abc', 'oci-index', { salt: 'api' })
    const subject = {
      mediaType: seeded.mediaType,
      digest: seeded.digest,
      size: (await rawManifest(none.host, 'api/app:abc'))!.bytes.length
    }
    const sbom = await pushReferrer(source.host, 'api/app', subject, { artifactType: 'application/spdx+json' })
    expect(await rawManifest(none.host, `api/app:${seeded.digest.replace(':', '-')}`)).toBeUndefined()
    const engine = engineFor(
      { host: source.host },
      { host: destination.host, creds: credentialsOf(basic) },
      { host: token.host, creds: credentialsOf(token) }
    )
    const image = await found(engine, `${source.host}/api/app`, 'abc')

    const withApi = await engine.copy(image, parseRepository(`${destination.host}/api/app`), { referrers: true })
    expect(withApi.referrers).toBe(1)
    expect(destination.referrers('api/app', seeded.digest).map((r) => r.digest)).toEqual([sbom.digest])
    expect(
      await rawManifest(basic.host, `api/app:${seeded.digest.replace(':', '-')}`, credentialsOf(basic))
    ).toBeUndefined()

    const withoutApi = await engine.copy(image, parseRepository(`${token.host}/api/app`), { referrers: true })
    expect(withoutApi.referrers).toBe(1)
    const index = await rawManifest(token.host, `api/app:${seeded.digest.replace(':', '-')}`, credentialsOf(token))
    const listed = (
      JSON.parse(index!.bytes.toString('utf8')) as { manifests: Array<{ digest: string; artifactType?: string }> }
    ).manifests
    expect(listed).toEqual([expect.objectContaining({ digest: sbom.digest, artifactType: 'application/spdx+json' })])
  })
})
