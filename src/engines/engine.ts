import type { EngineName } from '../model.js'
import type { Manifest } from '../oci/client.js'
import type { Repository } from '../oci/reference.js'
import type { FactsRequest, ImageFacts } from '../reuse.js'
import type { CopyStats } from '../oci/copy.js'

/** The commit-tagged image as found in the registry. */
export interface FoundImage {
  repository: Repository
  tag: string
  digest: string
  mediaType: string
  /** The exact bytes, when the engine read them (the registry engine always does). */
  manifest?: Manifest
  /** Name of the engine that found it. */
  engine: EngineName
}

/** A re-tag that failed after writing some tags: those already name the commit image. */
export class PartialRetagError extends Error {
  override readonly name = 'PartialRetagError'
  constructor(
    message: string,
    /** Full references written before the failure. */
    readonly written: string[]
  ) {
    super(`${message} (after writing ${written.join(', ')})`)
  }
}

/**
 * A tag points at another digest than the one this run put there: the registry stored something
 * else under it (a write answered with another digest), or another writer moved it since. The
 * registry holds something under the tag, so a rebuild cannot help.
 */
export class TagMismatchError extends Error {
  override readonly name = 'TagMismatchError'
}

/** How the action talks to a registry: the native API, or the docker CLI. */
export interface Engine {
  readonly name: EngineName
  /** The image under `repository:tag`, or undefined when it does not exist. Throws on any other failure. */
  find(repository: Repository, tag: string): Promise<FoundImage | undefined>
  /** The digest each tag points at now (undefined: the tag does not exist). */
  resolve(repository: Repository, tags: string[]): Promise<Array<string | undefined>>
  /** Every tag of the repository. */
  listTags(repository: Repository): Promise<string[]>
  /** What the reuse checks asked for: platforms, revisions, recorded bases, creation times. */
  facts(image: FoundImage, read: FactsRequest): Promise<ImageFacts>
  /**
   * Points every tag at the image's digest and verifies what the registry stored. Groups are
   * written in order, each only after the one before succeeded; the tags of one group may be
   * written together. Resolves to the name of the engine that wrote.
   */
  retag(image: FoundImage, groups: string[][], destination?: Repository): Promise<EngineName>
  /**
   * Makes the image exist in `destination` under its digest, byte for byte (blobs, child manifests,
   * the image; with `referrers`, what refers to the digest too). Writes no tag.
   */
  copy(image: FoundImage, destination: Repository, options: { referrers: boolean }): Promise<CopyStats>
}
