import { RegistryClient, type Manifest } from '../oci/client.js'
import { copyImage } from '../oci/copy.js'
import { explain } from '../errors.js'
import { RegistryError } from '../oci/errors.js'
import type { Repository } from '../oci/reference.js'
import { neutralise } from '../oci/text.js'
import type { Transport } from '../oci/transport.js'
import type { FactsRequest, ImageFacts } from '../reuse.js'
import { PartialRetagError, TagMismatchError, type Engine, type FoundImage } from './engine.js'
import { readImageFacts } from './image-facts.js'
import type { CopyStats } from '../oci/copy.js'

/**
 * Re-tags through the OCI distribution API: one GET of the commit manifest, then one PUT of the
 * same bytes per tag. No blob is read or written by a re-tag, so the digest is preserved and a
 * multi-arch index stays whole.
 */
export class RegistryEngine implements Engine {
  readonly name = 'registry' as const

  constructor(
    private readonly transportFor: (registry: string) => Transport,
    /** Whether this run may write: tokens are then asked for pull and push at once. */
    private readonly mayWrite: boolean
  ) {}

  async find(repository: Repository, tag: string): Promise<FoundImage | undefined> {
    const manifest = await this.client(repository).getManifest(tag)
    return (
      manifest && {
        repository,
        tag,
        digest: manifest.digest,
        mediaType: manifest.mediaType,
        manifest,
        engine: this.name
      }
    )
  }

  resolve(repository: Repository, tags: string[]): Promise<Array<string | undefined>> {
    const client = this.client(repository)
    return Promise.all(tags.map(async (tag) => (await client.headManifest(tag))?.digest))
  }

  listTags(repository: Repository): Promise<string[]> {
    return this.client(repository).listTags()
  }

  /** What the reuse checks asked for: see image-facts.ts for what is read, and when. */
  async facts(image: FoundImage, read: FactsRequest): Promise<ImageFacts> {
    const manifest = await this.bytesOf(image)
    return readImageFacts(this.client(image.repository), { tag: image.tag, mediaType: image.mediaType, manifest }, read)
  }

  /** Writes the tags in `destination` (default: the image's own repository), after `copy` there. */
  async retag(image: FoundImage, groups: string[][], destination = image.repository): Promise<'registry'> {
    const client = this.client(destination)
    const { digest } = image
    const manifest = await this.bytesOf(image)
    const put = async (tag: string): Promise<void> => {
      // a registry that omits Docker-Content-Digest is asked what it stored
      const stored = (await client.putManifest(tag, manifest)).digest ?? (await client.headManifest(tag))?.digest
      if (stored === digest) return
      if (stored === undefined)
        throw new RegistryError(`pushing ${client.ref(tag)}: the registry accepted the write but has no such tag`)
      // something is stored under the tag now: say what, and never treat it as "nothing written"
      throw new TagMismatchError(
        `pushing ${client.ref(tag)}: the registry stored ${neutralise(stored, 80)} under ${tag}, expected ${digest}`
      )
    }
    const written: string[] = []
    for (const group of groups) {
      const outcomes = await Promise.allSettled(group.map(put))
      written.push(...group.filter((_, i) => outcomes[i].status === 'fulfilled').map((tag) => client.ref(tag)))
      const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []))
      if (failures.length === 0) continue
      // a tag that now holds something else says more than any other failure of the group
      const failure = failures.find((e) => e instanceof TagMismatchError) ?? failures[0]
      if (written.length > 0) throw new PartialRetagError(explain(failure), written)
      throw failure
    }
    return this.name
  }

  /**
   * Makes the image exist in `destination` by digest: see oci/copy.ts. Its own repository has it
   * already, and so has its referrers.
   */
  async copy(image: FoundImage, destination: Repository, options: { referrers: boolean }): Promise<CopyStats> {
    const zero = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 }
    const { registry, path } = image.repository
    if (destination.registry === registry && destination.path === path) return zero
    const manifest = await this.bytesOf(image)
    const side = (repository: Repository) => ({ transport: this.transportFor(repository.registry), repository })
    return copyImage(side(image.repository), side(destination), manifest, options)
  }

  /** The manifest bytes; read by digest when another engine found the image. */
  private async bytesOf(image: FoundImage): Promise<Manifest> {
    if (image.manifest) return image.manifest
    const manifest = await this.client(image.repository).getManifest(image.digest)
    if (!manifest) throw new RegistryError(`${image.digest} of ${image.tag} is gone from the registry`)
    return manifest
  }

  private client(repository: Repository): RegistryClient {
    return new RegistryClient(
      this.transportFor(repository.registry),
      repository,
      this.mayWrite ? ['pull', 'push'] : ['pull']
    )
  }
}
