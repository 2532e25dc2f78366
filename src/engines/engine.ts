import type { Manifest } from '../oci/client.js'
import type { Repository } from '../oci/reference.js'

/** The commit-tagged image as found in the registry. */
export interface FoundImage {
  repository: Repository
  tag: string
  manifest: Manifest
}

export interface RetagOutcome {
  /** Tags this run pointed at the digest. */
  written: string[]
  /** Tags that already pointed at the digest and were left alone. */
  unchanged: string[]
}

/** How the action talks to a registry: the native API, or (later) the docker CLI. */
export interface Engine {
  readonly name: string
  /** The image under `repository:tag`, or undefined when it does not exist. Throws on any other failure. */
  find(repository: Repository, tag: string): Promise<FoundImage | undefined>
  /** Points every tag at the image's digest, in the given order. */
  retag(image: FoundImage, tags: string[]): Promise<RetagOutcome>
}
