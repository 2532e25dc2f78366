// What the reuse checks read of a commit image: its platforms and every revision it claims.
//
// A revision (`org.opencontainers.image.revision`) may be recorded in four places, by different
// tools: the index's annotations (buildx `--annotation index:`), an index entry's annotations
// (`buildah manifest annotate`), an image manifest's annotations (rules_oci, buildx
// `--annotation manifest:`) and an image config's labels (`LABEL`, `--label`). All four count.
//
// Children of an index that are not images (an `artifactType`, a config that is no image config,
// buildx attestations on platform unknown/unknown, nested indexes) are skipped: they have no
// platform and claim no revision of the image.
import type { Manifest, RegistryClient } from '../oci/client.js'
import { RegistryError } from '../oci/errors.js'
import { INDEX_TYPES, MEDIA_TYPES } from '../oci/media-types.js'
import { isValidDigest } from '../oci/reference.js'
import { neutralise } from '../oci/text.js'
import { REVISION_LABEL, type ImageFacts } from '../reuse.js'

/** The config media types of container images; any other config belongs to an artifact. */
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json'
])
const IMAGE_MANIFEST_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest])

interface Platform {
  os?: unknown
  architecture?: unknown
  variant?: unknown
}
interface Descriptor {
  mediaType?: unknown
  digest?: unknown
  artifactType?: unknown
  platform?: Platform
  annotations?: unknown
}
interface ManifestJson {
  artifactType?: unknown
  config?: Descriptor
  manifests?: unknown
  annotations?: unknown
}
interface ConfigJson extends Platform {
  config?: { Labels?: unknown } | null
}

/** One image of the commit image: the platform it names and the revisions it claims. */
interface ImageRead {
  platform?: string
  revisions: string[]
}

/**
 * Reads what the reuse checks need, and no more. The index, its entries and a single manifest are
 * in hand already. Without `readRevisions`, an index whose image entries all name their platform
 * costs no request; otherwise each image entry costs its manifest and its config (one round, in
 * parallel), and a single manifest costs its config.
 */
export async function readImageFacts(
  client: RegistryClient,
  image: { tag: string; mediaType: string; manifest: Manifest },
  read: { readRevisions: boolean }
): Promise<ImageFacts> {
  const reader = new FactsReader(client, client.ref(image.tag))
  const top = reader.parse<ManifestJson>(image.manifest.bytes, 'the manifest')
  if (!INDEX_TYPES.has(image.mediaType)) {
    const single = await reader.image(top)
    return { platforms: single?.platform ? [single.platform] : [], revisions: single?.revisions ?? [] }
  }
  const entries = (Array.isArray(top.manifests) ? (top.manifests as Descriptor[]) : []).filter(isImageEntry)
  const images = await Promise.all(entries.map((entry) => reader.entry(entry, read.readRevisions)))
  return {
    platforms: images.flatMap((one) => (one?.platform ? [one.platform] : [])),
    revisions: [...revisionsIn(top.annotations), ...images.flatMap((one) => one?.revisions ?? [])]
  }
}

class FactsReader {
  constructor(
    private readonly client: RegistryClient,
    /** The commit image, as messages name it. */
    private readonly ref: string
  ) {}

  /** An index entry: what its descriptor says, and, where needed, what its manifest and config say. */
  async entry(entry: Descriptor, readRevisions: boolean): Promise<ImageRead | undefined> {
    const described = platformOf(entry.platform)
    const claimed = revisionsIn(entry.annotations)
    if (described && !readRevisions) return { platform: described, revisions: claimed }
    const digest = this.digestIn(entry)
    const manifest = await this.client.getManifest(digest)
    if (!manifest) throw new RegistryError(`${this.ref} lists ${digest}, which the registry does not have`)
    const read = await this.image(this.parse<ManifestJson>(manifest.bytes, `the manifest ${digest}`))
    // its own manifest may still say it is no image (an artifact listed without artifactType)
    return read && { platform: described ?? read.platform, revisions: [...claimed, ...read.revisions] }
  }

  /** An image manifest: its annotations and its config; undefined when it is no image. */
  async image(manifest: ManifestJson): Promise<ImageRead | undefined> {
    const config = manifest.config
    if (manifest.artifactType !== undefined || !config || !isImageConfig(config.mediaType)) return undefined
    const json = await this.config(config)
    return {
      platform: platformOf(json),
      revisions: [...revisionsIn(manifest.annotations), ...revisionsIn(json.config?.Labels)]
    }
  }

  parse<T>(bytes: Uint8Array, what: string): T {
    const text = Buffer.from(bytes).toString('utf8')
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as T
    } catch {
      // said below, in words
    }
    throw new RegistryError(`${what} of ${this.ref} is not a JSON object; it begins "${neutralise(text, 40)}"`)
  }

  private async config(descriptor: Descriptor): Promise<ConfigJson> {
    const digest = this.digestIn(descriptor)
    try {
      const config = await this.client.getJsonBlob<unknown>(digest)
      if (typeof config === 'object' && config !== null && !Array.isArray(config)) return config as ConfigJson
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
    }
    // the parser's own message quotes the bytes (NULs and all): say what happened instead
    const type = neutralise(String(descriptor.mediaType), 100)
    throw new RegistryError(`the image config ${digest} (${type}) of ${this.ref} is not a JSON object`)
  }

  /** A digest from the registry's JSON goes into a request path: only a well-formed one does. */
  private digestIn(descriptor: Descriptor): string {
    const { digest } = descriptor
    if (typeof digest === 'string' && isValidDigest(digest)) return digest
    throw new RegistryError(
      `${this.ref} names a manifest or config by an invalid digest: ${neutralise(String(digest), 80)}`
    )
  }
}

/** An index entry that may be an image: none of an artifact's marks, nor a nested index. */
function isImageEntry(entry: Descriptor): boolean {
  if (typeof entry !== 'object' || entry === null || entry.artifactType !== undefined) return false
  // buildx attestations are listed on platform unknown/unknown
  if (entry.platform?.os === 'unknown') return false
  return entry.mediaType === undefined || IMAGE_MANIFEST_TYPES.has(String(entry.mediaType))
}

/** Docker schema 2 configs and some old OCI tools leave the config's media type out: an image then. */
function isImageConfig(mediaType: unknown): boolean {
  return mediaType === undefined || IMAGE_CONFIG_TYPES.has(String(mediaType))
}

function platformOf(p: Platform | null | undefined): string | undefined {
  if (!p || typeof p.os !== 'string' || !p.os) return undefined
  const part = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined)
  return [p.os, part(p.architecture) ?? 'unknown', part(p.variant)].filter(Boolean).join('/')
}

/**
 * The revision a label or annotation map claims. An empty one claims nothing (a build that had no
 * commit at hand); a value that is no string claims no commit either, so it is taken as another.
 */
function revisionsIn(map: unknown): string[] {
  if (typeof map !== 'object' || map === null || !Object.hasOwn(map, REVISION_LABEL)) return []
  const value: unknown = (map as Record<string, unknown>)[REVISION_LABEL]
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return []
  return [typeof value === 'string' ? value : JSON.stringify(value)]
}
