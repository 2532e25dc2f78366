import { explain } from '../errors.js'
import { INDEX_TYPES, MEDIA_TYPES } from '../oci/media-types.js'
import { formatReference, formatRepository, type Repository } from '../oci/reference.js'
import type { FactsRequest, ImageFacts } from '../reuse.js'
import { COMMAND_NOT_FOUND, type CliResult, type DockerCli } from './docker-cli.js'
import { PartialRetagError, type Engine, type FoundImage } from './engine.js'
import type { CopyStats } from '../oci/copy.js'

export interface DockerEngineOptions {
  /** Whether a registry is spoken to over plain HTTP (`--insecure`). */
  insecure: (registry: string) => boolean
  /**
   * The registry API, for what the CLI cannot tell: digests where buildx is missing, the tag
   * list, image configs. Errors there are tolerated where the CLI can do without.
   */
  reader?: Engine
  /** Told what the CLI cannot do that was asked for (copying referrers). */
  warn?: (message: string) => void
}

/** The image a re-tag points at, and the repository whose tags it writes. */
interface Target {
  image: FoundImage
  destination: Repository
}

const NOT_FOUND = /no such manifest|manifest unknown|manifest .* not found/i

/** A docker CLI call that failed for a reason other than "not found". */
export class DockerError extends Error {
  override readonly name = 'DockerError'
}

/**
 * The procedure this action replaces, done with the docker CLI: `docker manifest inspect` to
 * check, `docker buildx imagetools create` to re-tag registry-side, and where buildx is missing
 * pull + tag + push, for a single Docker v2 manifest only.
 */
export class DockerEngine implements Engine {
  readonly name = 'docker' as const
  private buildx: Promise<boolean> | undefined

  constructor(
    private readonly cli: DockerCli,
    private readonly options: DockerEngineOptions
  ) {}

  async find(repository: Repository, tag: string): Promise<FoundImage | undefined> {
    const ref = formatReference(repository, tag)
    const inspected = await this.inspect(ref)
    if (!inspected) return this.confirmMissing(repository, tag)
    const mediaType = inspected.mediaType ?? (inspected.manifests ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest)
    return { repository, tag, mediaType, digest: await this.digestOf(repository, tag), engine: this.name }
  }

  async resolve(repository: Repository, tags: string[]): Promise<Array<string | undefined>> {
    return Promise.all(
      tags.map(async (tag) =>
        (await this.inspect(formatReference(repository, tag))) ? this.digestOf(repository, tag) : undefined
      )
    )
  }

  async listTags(repository: Repository): Promise<string[]> {
    if (!this.options.reader)
      throw new DockerError(`listing the tags of ${formatRepository(repository)} needs the registry API`)
    return this.options.reader.listTags(repository)
  }

  async facts(image: FoundImage, read: FactsRequest): Promise<ImageFacts> {
    if (!this.options.reader)
      throw new DockerError(`reading the image configs of ${formatRepository(image.repository)} needs the registry API`)
    return this.options.reader.facts(image, read)
  }

  /**
   * Nothing to do ahead: `imagetools create` (or a push) copies what the destination lacks when it
   * writes the tags. What refers to the digest does not go along.
   */
  async copy(image: FoundImage, destination: Repository, options: { referrers: boolean }): Promise<CopyStats> {
    if (options.referrers) {
      this.options.warn?.(
        `the docker engine does not copy signatures, attestations or SBOMs that refer to ${image.digest}: ${formatRepository(destination)} gets the image only`
      )
    }
    return { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 }
  }

  async retag(image: FoundImage, groups: string[][], destination = image.repository): Promise<'docker'> {
    const refGroups = groups
      .map((group) => group.map((tag) => formatReference(destination, tag)))
      .filter((refs) => refs.length > 0)
    if (refGroups.length === 0) return this.name
    const target = { image, destination }
    return (await this.hasBuildx()) ? this.retagWithBuildx(target, refGroups) : this.retagByPush(target, refGroups)
  }

  /** Registry-side: `imagetools create`, one call per group, so latest is never written unless the version tag was. */
  private async retagWithBuildx(target: Target, refGroups: string[][]): Promise<'docker'> {
    const { image } = target
    const source = `${formatRepository(image.repository)}@${image.digest}`
    // without --prefer-index=false buildx wraps a single manifest in a new index: a new digest
    const single = INDEX_TYPES.has(image.mediaType) ? [] : ['--prefer-index=false']
    const written: string[] = []
    for (const refs of refGroups) {
      await this.afterWriting(written, async () => {
        await this.run(['buildx', 'imagetools', 'create', ...single, ...refs.flatMap((ref) => ['--tag', ref]), source])
        await this.verify(target, refs)
      })
      written.push(...refs)
    }
    return this.name
  }

  /** Without buildx: pull + tag + push, which keeps the digest of a single Docker v2 manifest only. */
  private async retagByPush(target: Target, refGroups: string[][]): Promise<'docker'> {
    const { image } = target
    const source = `${formatRepository(image.repository)}@${image.digest}`
    if (INDEX_TYPES.has(image.mediaType)) {
      throw new DockerError(
        `docker buildx is not installed, and pull + tag + push would keep one platform of the multi-arch index ${source} and drop the others`
      )
    }
    if (image.mediaType !== MEDIA_TYPES.dockerManifest) {
      // docker's image store pushes what it pulled as a Docker manifest: an OCI one would get a new digest
      throw new DockerError(
        `docker buildx is not installed, and pull + tag + push would rewrite the ${image.mediaType} ${source} under a new digest`
      )
    }
    await this.run(['pull', source])
    const written: string[] = []
    for (const ref of refGroups.flat()) {
      await this.afterWriting(written, async () => {
        await this.run(['tag', source, ref])
        await this.run(['push', ref])
        await this.verify(target, [ref])
      })
      written.push(ref)
    }
    return this.name
  }

  /**
   * docker says "no such manifest" also when it may not read the repository: where the registry
   * API can tell, it decides whether the image is really missing.
   */
  private async confirmMissing(repository: Repository, tag: string): Promise<undefined> {
    const reader = this.options.reader
    if (!reader) return undefined
    const ref = formatReference(repository, tag)
    let found: FoundImage | undefined
    try {
      found = await reader.find(repository, tag)
    } catch (error) {
      throw new DockerError(
        `docker manifest inspect ${ref}: no such manifest, which docker also says when it may not read it; the registry API could not tell (${explain(error)})`
      )
    }
    if (found)
      throw new DockerError(
        `docker manifest inspect ${ref}: no such manifest, yet the registry API has it: docker is probably not logged in to ${repository.registry}`
      )
    return undefined
  }

  /** Runs a write step; a failure after earlier writes says which tags were already written. */
  private async afterWriting(written: string[], step: () => Promise<void>): Promise<void> {
    try {
      await step()
    } catch (error) {
      throw written.length > 0 ? new PartialRetagError(explain(error), written) : error
    }
  }

  /** The manifest JSON as `docker manifest inspect` prints it, or undefined when it does not exist. */
  private async inspect(ref: string): Promise<{ mediaType?: string; manifests?: unknown } | undefined> {
    const result = await this.cli(['manifest', 'inspect', ...this.insecureFlag(ref), ref])
    if (result.code === 0) return JSON.parse(result.stdout) as { mediaType?: string; manifests?: unknown }
    if (
      result.code !== COMMAND_NOT_FOUND &&
      NOT_FOUND.test(result.stderr) &&
      !/unauthorized|denied/i.test(result.stderr)
    )
      return undefined
    throw new DockerError(`docker manifest inspect ${ref}: ${whatDockerSaid(result)}`)
  }

  /**
   * The digest of a tag: from buildx, else the registry API, else `manifest inspect --verbose`
   * (which tells it for single manifests only).
   */
  private async digestOf(repository: Repository, tag: string): Promise<string> {
    const ref = formatReference(repository, tag)
    if (await this.hasBuildx()) {
      const result = await this.run(['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Manifest}}'])
      return (JSON.parse(result.stdout) as { digest: string }).digest
    }
    const [fromApi] = (await this.options.reader?.resolve(repository, [tag]).catch(() => undefined)) ?? []
    if (fromApi) return fromApi
    const verbose = await this.run(['manifest', 'inspect', '--verbose', ...this.insecureFlag(ref), ref])
    const parsed = JSON.parse(verbose.stdout) as { Descriptor?: { digest?: string } }
    if (parsed.Descriptor?.digest) return parsed.Descriptor.digest
    throw new DockerError(
      `cannot tell the digest of ${ref}: docker buildx is not installed and the registry API did not answer`
    )
  }

  /** After a write, every tag must name the commit image's digest: anything else is a failure naming the tag. */
  private async verify(target: Target, refs: string[]): Promise<void> {
    const { image, destination } = target
    for (const ref of refs) {
      const tag = ref.slice(ref.lastIndexOf(':') + 1)
      const digest = await this.digestOf(destination, tag)
      if (digest !== image.digest)
        throw new DockerError(`${ref} points at ${digest} after the re-tag, expected ${image.digest}`)
    }
  }

  private hasBuildx(): Promise<boolean> {
    this.buildx ??= this.cli(['buildx', 'version']).then((result) => result.code === 0)
    return this.buildx
  }

  private async run(args: string[]): Promise<CliResult> {
    const result = await this.cli(args)
    if (result.code !== 0) throw new DockerError(`docker ${args.slice(0, 3).join(' ')}: ${whatDockerSaid(result)}`)
    return result
  }

  private insecureFlag(ref: string): string[] {
    return this.options.insecure(ref.slice(0, ref.indexOf('/'))) ? ['--insecure'] : []
  }
}

/** What docker said, on one line: it may print `errors:` and then the causes, one a line. */
function whatDockerSaid(result: CliResult): string {
  const lines = (result.stderr || result.stdout)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && line !== 'errors:')
  return lines.join('; ') || `exit code ${result.code}`
}
