import { explain } from '../errors.js'
import type { EngineName } from '../model.js'
import { RegistryError } from '../oci/errors.js'
import type { Repository } from '../oci/reference.js'
import type { FactsRequest, ImageFacts } from '../reuse.js'
import { PartialRetagError, TagMismatchError, type Engine, type FoundImage } from './engine.js'
import type { CopyStats } from '../oci/copy.js'

/**
 * Each step through `primary`; when it fails for a reason other than "not found" (an auth scheme
 * it cannot speak, a network policy), the same step again through `fallback`. `engine: auto` is
 * registry then docker; a fresh build under `engine: docker` is tagged docker then registry.
 */
export class FallbackEngine implements Engine {
  readonly name = 'auto' as const

  constructor(
    private readonly primary: Engine,
    private readonly fallback: Engine,
    private readonly warn: (message: string) => void
  ) {}

  find(repository: Repository, tag: string): Promise<FoundImage | undefined> {
    return this.either('checking', (engine) => engine.find(repository, tag))
  }

  resolve(repository: Repository, tags: string[]): Promise<Array<string | undefined>> {
    return this.either('looking up tags', (engine) => engine.resolve(repository, tags))
  }

  listTags(repository: Repository): Promise<string[]> {
    // a list the client stopped reading (no end, the same page twice, no list at all) comes from
    // the registry API, which is also where the docker engine reads tags: asking again only repeats it
    const judged = (error: unknown): boolean =>
      error instanceof RegistryError && error.operation === 'list' && error.status === undefined
    return this.either('listing tags', (engine) => engine.listTags(repository), judged)
  }

  facts(image: FoundImage, read: FactsRequest): Promise<ImageFacts> {
    return this.either('reading the image', (engine) => engine.facts(image, read))
  }

  retag(image: FoundImage, groups: string[][], destination?: Repository): Promise<EngineName> {
    return this.either('re-tagging', (engine) => engine.retag(image, groups, destination))
  }

  copy(image: FoundImage, destination: Repository, options: { referrers: boolean }): Promise<CopyStats> {
    return this.either('copying', (engine) => engine.copy(image, destination, options))
  }

  private async either<T>(
    step: string,
    action: (engine: Engine) => Promise<T>,
    final: (error: unknown) => boolean = () => false
  ): Promise<T> {
    try {
      return await action(this.primary)
    } catch (error) {
      // something was written (or stored under a tag): the same writes again elsewhere would not help
      if (error instanceof PartialRetagError || error instanceof TagMismatchError || final(error)) throw error
      this.warn(
        `${step} through the ${this.primary.name} engine failed (${explain(error)}); trying the ${this.fallback.name} engine`
      )
      return action(this.fallback)
    }
  }
}
