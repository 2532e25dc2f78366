import { messageOf } from '../errors.js'
import type { Repository } from '../oci/reference.js'
import type { ImageFacts } from '../reuse.js'
import { PartialRetagError, type Engine, type FoundImage } from './engine.js'

/**
 * `engine: auto`: the registry API first; when it fails for a reason other than "not found" (an
 * auth scheme it cannot speak, a network policy), the same step again with the docker CLI.
 */
export class AutoEngine implements Engine {
  readonly name = 'auto'

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
    return this.either('listing tags', (engine) => engine.listTags(repository))
  }

  describe(image: FoundImage, wants: { revisions: boolean }): Promise<ImageFacts> {
    return this.either('reading the image', (engine) => engine.describe(image, wants))
  }

  retag(image: FoundImage, groups: string[][]): Promise<string> {
    return this.either('re-tagging', (engine) => engine.retag(image, groups))
  }

  private async either<T>(step: string, action: (engine: Engine) => Promise<T>): Promise<T> {
    try {
      return await action(this.primary)
    } catch (error) {
      if (error instanceof PartialRetagError) throw error // the same writes again elsewhere would not help
      this.warn(`${step} through the ${this.primary.name} engine failed (${messageOf(error)}); trying the ${this.fallback.name} engine`)
      return action(this.fallback)
    }
  }
}
