import { RegistryClient } from '../oci/client.js'
import { RegistryError } from '../oci/errors.js'
import type { Repository } from '../oci/reference.js'
import type { Transport } from '../oci/transport.js'
import type { Engine, FoundImage, RetagOutcome } from './engine.js'

/**
 * Re-tags through the OCI distribution API: one GET of the commit manifest, then one PUT of the
 * same bytes per tag that does not already point at it. No blob is read or written, so the
 * digest is preserved and a multi-arch index stays whole.
 */
export class RegistryEngine implements Engine {
  readonly name = 'registry'

  constructor(
    private readonly transportFor: (registry: string) => Transport,
    /** Whether this run may write: tokens are then asked for pull and push at once. */
    private readonly mayWrite: boolean
  ) {}

  async find(repository: Repository, tag: string): Promise<FoundImage | undefined> {
    const manifest = await this.client(repository).getManifest(tag)
    return manifest && { repository, tag, manifest }
  }

  async retag(image: FoundImage, tags: string[]): Promise<RetagOutcome> {
    const client = this.client(image.repository)
    const { digest } = image.manifest
    // Look at every target first: a tag already on the digest is not rewritten (ECR's immutable
    // repositories refuse even an identical PUT).
    const current = await Promise.all(tags.map((tag) => client.headManifest(tag)))
    const outcome: RetagOutcome = { written: [], unchanged: [] }
    for (const [i, tag] of tags.entries()) {
      if (current[i]?.digest === digest) {
        outcome.unchanged.push(tag)
        continue
      }
      // one at a time, in order: a later tag (latest) is never written unless the earlier ones were
      const reported = await client.putManifest(tag, image.manifest)
      if (reported && reported !== digest) {
        throw new RegistryError(`pushing ${client.ref(tag)}: the registry stored ${reported}, expected ${digest}`)
      }
      outcome.written.push(tag)
    }
    return outcome
  }

  private client(repository: Repository): RegistryClient {
    return new RegistryClient(this.transportFor(repository.registry), repository, this.mayWrite ? ['pull', 'push'] : ['pull'])
  }
}
