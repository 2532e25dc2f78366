// Images for the bench, made quickly enough to give every measured run its own commit: one image
// is seeded with skopeo per registry, other repositories get it by cross-repository mounts, and a
// new commit is that image's index with one more annotation (a new digest, the same platforms).
import { seedImage, rawManifest, type RawManifest } from '../__tests__/fixtures/services/images.js'
import { MEDIA_TYPES, registryFetch, type Creds } from '../__tests__/fixtures/services/registry-client.js'
import { newCommit } from '../__tests__/fixtures/util.js'

const PUSH = (repo: string): string[] => [`repository:${repo}:pull,push`]
const BASE_TAG = 'bench-base'

/** Where the images go: a registry reached directly (not through the latency proxy). */
export interface Target {
  host: string
  creds?: Creds
}

interface Descriptor {
  digest: string
  mediaType?: string
}

/** Seeds the base image (a 2-platform OCI index) in `repo` and answers its index. */
export async function seedBase(target: Target, repo: string): Promise<RawManifest> {
  await seedImage(target.host, `${repo}:${BASE_TAG}`, 'oci-index', { salt: repo, creds: target.creds })
  return baseOf(target, repo)
}

async function baseOf(target: Target, repo: string): Promise<RawManifest> {
  const base = await rawManifest(target.host, `${repo}:${BASE_TAG}`, target.creds)
  if (!base) throw new Error(`no base image in ${repo}`)
  return base
}

interface Write {
  method: string
  type?: string
  body?: Buffer
  /** the token scopes the write needs */
  scopes: string[]
}

async function send(target: Target, path: string, write: Write): Promise<Buffer> {
  const response = await registryFetch(target.host, path, {
    method: write.method,
    headers: write.type ? { 'content-type': write.type } : {},
    body: write.body,
    creds: target.creds,
    scopes: write.scopes
  })
  const bytes = Buffer.from(await response.arrayBuffer())
  if (response.status >= 300) throw new Error(`${write.method} ${path}: ${response.status} ${bytes.toString('utf8')}`)
  return bytes
}

/** Copies the base image of `from` into `to` (blobs mounted, manifests put) and answers its index. */
export async function cloneBase(target: Target, from: string, to: string): Promise<RawManifest> {
  const index = await baseOf(target, from)
  const children = (JSON.parse(index.bytes.toString('utf8')) as { manifests: Descriptor[] }).manifests
  await Promise.all(
    children.map(async (child) => {
      const manifest = await rawManifest(target.host, `${from}@${child.digest}`, target.creds)
      if (!manifest) throw new Error(`${from}@${child.digest} is missing`)
      const parsed = JSON.parse(manifest.bytes.toString('utf8')) as { config: Descriptor; layers: Descriptor[] }
      for (const blob of [parsed.config, ...parsed.layers]) {
        const scopes = [...PUSH(to), `repository:${from}:pull`]
        await send(target, `/v2/${to}/blobs/uploads/?mount=${blob.digest}&from=${from}`, { method: 'POST', scopes })
      }
      await send(target, `/v2/${to}/manifests/${child.digest}`, {
        method: 'PUT',
        type: manifest.mediaType,
        body: manifest.bytes,
        scopes: PUSH(to)
      })
    })
  )
  await putManifest(target, to, BASE_TAG, index.bytes)
  return index
}

/** Puts an index (JSON bytes) under a tag. */
async function putManifest(target: Target, repo: string, tag: string, bytes: Buffer): Promise<void> {
  const write = { method: 'PUT', type: MEDIA_TYPES.ociIndex, body: bytes, scopes: PUSH(repo) }
  await send(target, `/v2/${repo}/manifests/${tag}`, write)
}

/** A commit never seen before: the base index with the commit as an annotation, put under the commit's tag. */
export async function freshCommit(
  target: Target,
  repo: string,
  base: RawManifest,
  commit = newCommit()
): Promise<string> {
  const index = JSON.parse(base.bytes.toString('utf8')) as { annotations?: Record<string, string> }
  index.annotations = { ...index.annotations, 'org.opencontainers.image.revision': commit }
  await putManifest(target, repo, commit, Buffer.from(JSON.stringify(index)))
  return commit
}

/** Tags the base image of `repo` under every tag, `width` requests at a time. */
export async function tagMany(target: Target, repo: string, tags: string[], width = 16): Promise<void> {
  const base = await baseOf(target, repo)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tags.length) await putManifest(target, repo, tags[next++], base.bytes)
  }
  await Promise.all(Array.from({ length: width }, worker))
}

/** The digest a tag points at, read directly from the registry; undefined when it does not exist. */
export async function digestOf(target: Target, repo: string, tag: string): Promise<string | undefined> {
  return (await rawManifest(target.host, `${repo}:${tag}`, target.creds))?.digest
}
