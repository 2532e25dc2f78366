// What the reuse checks read of a commit image: its platforms, every revision it claims, the base
// images it records and when it was created.
//
// A revision (`org.opencontainers.image.revision`) may be recorded in four places, by different
// tools: the index's annotations (buildx `--annotation index:`), an index entry's annotations
// (`buildah manifest annotate`), an image manifest's annotations (rules_oci, buildx
// `--annotation manifest:`) and an image config's labels (`LABEL`, `--label`). All four count.
//
// The base (`org.opencontainers.image.base.name` and `.base.digest`) and the creation time
// (`org.opencontainers.image.created`, else the config's `created`) are recorded the same ways,
// except in labels. Whatever an image records is its own text: the checks validate it.
//
// Children of an index that are not images (an `artifactType`, a config that is no image config,
// buildx attestations on platform unknown/unknown, nested indexes) are skipped: they have no
// platform and claim no revision of the image.
import type { Manifest, RegistryClient } from '../oci/client.js'
import { RegistryError } from '../oci/errors.js'
import { INDEX_TYPES, MEDIA_TYPES } from '../oci/media-types.js'
import { isValidDigest } from '../oci/reference.js'
import { neutralise } from '../oci/text.js'
import { REVISION_LABEL, type FactsRequest, type ImageFacts, type RecordedBase } from '../reuse.js'

const BASE_NAME = 'org.opencontainers.image.base.name'
const BASE_DIGEST = 'org.opencontainers.image.base.digest'
const CREATED_ANNOTATION = 'org.opencontainers.image.created'

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
  created?: unknown
}

/** What one image of the commit image says: the platform it names, and what it records. */
interface ImageRead {
  platform?: string
  revisions: string[]
  bases: RecordedBase[]
  /** The creation time it records, if it was read; undefined: none recorded. */
  created?: string
}

/** What the caller asks for, with the defaults filled in. */
type Wanted = Required<FactsRequest>

/** The image's descriptor in the index: what it already says without a request. */
interface Described {
  platform?: string
  annotations?: unknown
}

/**
 * Reads what the reuse checks need, and no more. The index, its entries and a single manifest are
 * in hand already. An index whose image entries name their platform costs no request unless a
 * check needs what only the images record: the revisions (each image's manifest and config, one
 * round in parallel), a base or a creation time that neither the index nor the entry records (the
 * manifest; the config only for a creation time the manifest lacks). A single manifest costs its
 * config when the platforms, the revisions or a creation time its annotations lack are asked for.
 */
export async function readImageFacts(
  client: RegistryClient,
  image: { tag: string; mediaType: string; manifest: Manifest },
  request: FactsRequest
): Promise<ImageFacts> {
  const wanted: Wanted = { readPlatforms: true, readBases: false, readCreated: false, ...request }
  const reader = new FactsReader(client, client.ref(image.tag), wanted)
  const top = reader.parse<ManifestJson>(image.manifest.bytes, 'the manifest')
  if (!INDEX_TYPES.has(image.mediaType)) {
    const single = await reader.image(top, {})
    return factsOf(wanted, single ? [single] : [], { revisions: [], bases: [] })
  }
  const own = annotated(top.annotations, {})
  const entries = (Array.isArray(top.manifests) ? (top.manifests as Descriptor[]) : []).filter(isImageEntry)
  const images = await Promise.all(entries.map((entry) => reader.entry(entry, own)))
  return factsOf(
    wanted,
    images.flatMap((one) => (one ? [one] : [])),
    own
  )
}

/** The facts of the images, after what the index itself records; only what was asked for. */
function factsOf(wanted: Wanted, images: ImageRead[], index: Omit<ImageRead, 'platform'>): ImageFacts {
  const facts: ImageFacts = {
    platforms: images.flatMap((one) => (one.platform ? [one.platform] : [])),
    revisions: [...index.revisions, ...images.flatMap((one) => one.revisions)]
  }
  if (wanted.readBases) facts.bases = [...index.bases, ...images.flatMap((one) => one.bases)]
  // the index's own time stands for all of its images; else each image's time counts
  if (wanted.readCreated) facts.created = index.created !== undefined ? [index.created] : images.map((i) => i.created)
  return facts
}

/** What an annotation (or label) map records; `platform` is that of the image it describes. */
function annotated(map: unknown, at: { platform?: string }): Omit<ImageRead, 'platform'> {
  const base = baseIn(map)
  return {
    revisions: revisionsIn(map),
    bases: base ? [{ ...base, platform: at.platform }] : [],
    created: stringIn(map, CREATED_ANNOTATION)
  }
}

class FactsReader {
  constructor(
    private readonly client: RegistryClient,
    /** The commit image, as messages name it. */
    private readonly ref: string,
    private readonly wanted: Wanted
  ) {}

  /** An index entry: what its descriptor says, and, where needed, what its manifest and config say. */
  async entry(entry: Descriptor, index: Omit<ImageRead, 'platform'>): Promise<ImageRead | undefined> {
    const platform = platformOf(entry.platform)
    const claimed = annotated(entry.annotations, { platform })
    const { readRevisions, readPlatforms, readBases, readCreated } = this.wanted
    const needsManifest =
      readRevisions ||
      (readPlatforms && !platform) ||
      (readBases && index.bases.length === 0 && claimed.bases.length === 0) ||
      (readCreated && index.created === undefined && claimed.created === undefined)
    if (!needsManifest) return { platform, ...claimed }
    const digest = this.digestIn(entry)
    const manifest = await this.client.getManifest(digest)
    if (!manifest) throw new RegistryError(`${this.ref} lists ${digest}, which the registry does not have`)
    const known = { platform, created: index.created ?? claimed.created }
    const read = await this.image(this.parse<ManifestJson>(manifest.bytes, `the manifest ${digest}`), known)
    // its own manifest may still say it is no image (an artifact listed without artifactType)
    return (
      read && {
        platform: platform ?? read.platform,
        revisions: [...claimed.revisions, ...read.revisions],
        bases: [...claimed.bases, ...read.bases],
        created: claimed.created ?? read.created
      }
    )
  }

  /**
   * An image manifest: its annotations, and its config where a check needs it; undefined when it
   * is no image. `known` is what the index already says of it.
   */
  async image(manifest: ManifestJson, known: Described & { created?: string }): Promise<ImageRead | undefined> {
    const config = manifest.config
    if (manifest.artifactType !== undefined || !config || !isImageConfig(config.mediaType)) return undefined
    const own = annotated(manifest.annotations, { platform: known.platform })
    const { readRevisions, readPlatforms, readCreated } = this.wanted
    const created = known.created ?? own.created
    const needsConfig = readRevisions || (readPlatforms && !known.platform) || (readCreated && created === undefined)
    if (!needsConfig) return { platform: known.platform, ...own }
    const json = await this.config(config)
    const platform = known.platform ?? platformOf(json)
    return {
      platform,
      revisions: [...own.revisions, ...revisionsIn(json.config?.Labels)],
      bases: own.bases.map((base) => ({ ...base, platform: base.platform ?? platform })),
      created: own.created ?? stringIn(json, 'created')
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

/** A string value of a map, as recorded; undefined when absent, empty or not a string. */
function stringIn(map: unknown, key: string): string | undefined {
  if (typeof map !== 'object' || map === null || !Object.hasOwn(map, key)) return undefined
  const value: unknown = (map as Record<string, unknown>)[key]
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/** The base an annotation map records: a name or a digest is enough to say one is recorded. */
function baseIn(map: unknown): Omit<RecordedBase, 'platform'> | undefined {
  const [name, digest] = [stringIn(map, BASE_NAME), stringIn(map, BASE_DIGEST)]
  if (name === undefined && digest === undefined) return undefined
  return { name: name ?? '', digest: digest ?? '' }
}
