import { createHash } from 'node:crypto'
import { transferBlob, type BlobCopyOptions, type BlobRef, type Side } from './blobs.js'
import { RegistryClient, type Manifest } from './client.js'
import { RegistryError } from './errors.js'
import { limiter } from './limit.js'
import { INDEX_TYPES, MEDIA_TYPES } from './media-types.js'
import { isValidDigest } from './reference.js'
import { askReferrersApi, cosignTags, listReferrers, mergeReferrersIndex, referrersTag } from './referrers.js'
import type { ReferrerDescriptor } from './referrers.js'
import { neutralise } from './text.js'

/** What a copy moved. */
export interface CopyStats {
  /** Blobs the destination got through a cross-repository mount. */
  mounted: number
  /** Blobs streamed from the source. */
  copied: number
  /** Blobs the destination had already. */
  skipped: number
  /** Bytes streamed. */
  bytes: number
  /** Manifests written by digest: children of an index, the image itself, referrers. */
  manifests: number
  /** Referrers (signatures, attestations, SBOMs) copied. */
  referrers: number
}

export interface CopyOptions {
  /** Copy what refers to the digest too: signatures, attestations, SBOMs. */
  referrers: boolean
  /** Blobs in flight at once, across the whole image. */
  concurrency?: number
  /** Tries of one blob, each from the start. */
  attempts?: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Makes `manifest` exist in `destination` under its digest, byte for byte: the blobs of every
 * image (mounted within a registry, streamed across registries, only where missing), every child
 * of an index before the index, each manifest PUT by digest with the source's exact bytes and
 * media type. With `referrers`, what refers to the digest follows. Writes no tag of the image.
 */
export async function copyImage(
  source: Side,
  destination: Side,
  manifest: Manifest,
  options: CopyOptions
): Promise<CopyStats> {
  const copy = new ImageCopy(source, destination, options)
  await copy.manifest(manifest.digest, manifest)
  if (options.referrers) await Promise.all([copy.listedReferrers(manifest.digest), copy.cosign(manifest.digest)])
  return copy.counts
}

class ImageCopy {
  readonly counts: CopyStats = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 }
  private readonly from: RegistryClient
  private readonly to: RegistryClient
  /** One transfer per blob, however many images of the index share it. */
  private readonly blobs = new Map<string, Promise<void>>()
  private readonly gate: ReturnType<typeof limiter>
  private readonly blobOptions: BlobCopyOptions
  /** Whether the destination answered `OCI-Subject` to this copy's PUTs of manifests with a subject. */
  private indexesSubjects: boolean | undefined

  constructor(
    private readonly source: Side,
    private readonly destination: Side,
    options: CopyOptions
  ) {
    this.from = new RegistryClient(source.transport, source.repository, ['pull'])
    this.to = new RegistryClient(destination.transport, destination.repository, ['pull', 'push'])
    this.gate = limiter(options.concurrency ?? 4)
    this.blobOptions = { attempts: options.attempts ?? 3, sleep: options.sleep ?? defaultSleep }
  }

  /** Copies one manifest and what it names, unless the destination has it already; true when written. */
  async manifest(digest: string, known?: Manifest): Promise<boolean> {
    if (await this.to.headManifest(digest)) return false
    const manifest = known ?? (await this.from.getManifest(digest))
    if (!manifest) throw new RegistryError(`copying ${this.from.ref(digest)}: it is gone from the source`)
    await this.contents(manifest)
    await this.put(digest, manifest)
    return true
  }

  /** The referrers the source lists (API, else the tag schema), and the destination's index of them. */
  async listedReferrers(subject: string): Promise<void> {
    const found = await listReferrers(this.source, this.from, subject)
    const written = await Promise.all(found.map((referrer) => this.manifest(referrer.digest)))
    this.counts.referrers += written.filter(Boolean).length
    if (found.length === 0) return
    const hasApi = this.indexesSubjects ?? (await askReferrersApi(this.destination, subject)) !== undefined
    if (!hasApi) await this.mergeFallbackIndex(subject, found)
  }

  /** cosign's `sha256-<hex>.sig/.att/.sbom`: copied and tagged the same at the destination. */
  async cosign(subject: string): Promise<void> {
    await Promise.all(
      cosignTags(subject).map(async (tag) => {
        const found = await this.from.headManifest(tag)
        if (!found || (await this.to.headManifest(tag))?.digest === found.digest) return
        const manifest = await this.from.getManifest(found.digest)
        if (!manifest) return
        await this.contents(manifest)
        await this.put(tag, manifest)
        this.counts.referrers++
      })
    )
  }

  /** A destination without the referrers API lists them under the tag schema: merged, never dropped. */
  private async mergeFallbackIndex(subject: string, found: ReferrerDescriptor[]): Promise<void> {
    const tag = referrersTag(subject)
    const bytes = mergeReferrersIndex((await this.to.getManifest(tag))?.bytes, found)
    if (!bytes) return
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    await this.put(tag, { bytes, mediaType: MEDIA_TYPES.ociIndex, digest })
  }

  private async contents(manifest: Manifest): Promise<void> {
    const { children, blobs } = partsOf(manifest, () => this.from.ref(manifest.digest))
    await Promise.all([...children.map((child) => this.manifest(child)), ...blobs.map((blob) => this.blob(blob))])
  }

  private blob(blob: BlobRef): Promise<void> {
    let pending = this.blobs.get(blob.digest)
    if (!pending) {
      pending = this.gate(() => transferBlob(this.source, this.destination, blob, this.blobOptions)).then((outcome) => {
        this.counts[outcome]++
        if (outcome === 'copied') this.counts.bytes += blob.size
      })
      this.blobs.set(blob.digest, pending)
    }
    return pending
  }

  /** PUTs the exact bytes; the digest the destination stored must be the source's. */
  private async put(reference: string, manifest: Manifest): Promise<void> {
    const answer = await this.to.putManifest(reference, manifest)
    const stored = answer.digest ?? (await this.to.headManifest(reference))?.digest
    if (stored !== manifest.digest) {
      const what = stored === undefined ? 'nothing' : neutralise(stored, 80)
      throw new RegistryError(
        `pushing ${this.to.ref(reference)}: the registry stored ${what}, expected ${manifest.digest}`,
        {
          operation: 'push',
          registry: this.destination.repository.registry,
          reference
        }
      )
    }
    this.counts.manifests++
    if (hasSubject(manifest)) this.indexesSubjects = answer.indexedSubject && (this.indexesSubjects ?? true)
  }
}

interface Parts {
  /** Digests of the manifests an index lists. */
  children: string[]
  /** The config and layers of an image; layers that may not be distributed stay where their URLs say. */
  blobs: BlobRef[]
}

interface Parsed {
  manifests?: unknown
  config?: unknown
  layers?: unknown
  subject?: unknown
}

function partsOf(manifest: Manifest, where: () => string): Parts {
  const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as Parsed
  const invalid = (): never => {
    throw new RegistryError(`copying ${where()}: the manifest names something that is no valid descriptor`)
  }
  if (INDEX_TYPES.has(manifest.mediaType)) {
    const entries = Array.isArray(parsed.manifests) ? parsed.manifests : invalid()
    return { children: entries.map((entry) => (isDescriptor(entry) ? entry.digest : invalid())), blobs: [] }
  }
  const layers = Array.isArray(parsed.layers) ? (parsed.layers as unknown[]) : []
  const blobs = [parsed.config, ...layers]
    .map((entry) => (isDescriptor(entry) ? entry : invalid()))
    .filter((entry) => !/foreign|nondistributable/.test(entry.mediaType))
    .map(({ digest, size }) => ({ digest, size }))
  return { children: [], blobs }
}

function isDescriptor(entry: unknown): entry is { digest: string; size: number; mediaType: string } {
  if (!entry || typeof entry !== 'object') return false
  const { digest, size, mediaType } = entry as Record<string, unknown>
  const sized = Number.isSafeInteger(size) && (size as number) >= 0
  return typeof digest === 'string' && isValidDigest(digest) && sized && typeof mediaType === 'string'
}

function hasSubject(manifest: Manifest): boolean {
  try {
    const { subject } = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as Parsed
    return typeof subject === 'object' && subject !== null
  } catch {
    return false
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
