import { TagMismatchError, type Engine, type FoundImage } from './engines/engine.js'
import { explain, TagConflictError } from './errors.js'
import type { AppPlan, EngineName, LatestPolicy, Logger, ReleaseSettings } from './model.js'
import { formatReference, formatRepository, type Repository } from './oci/reference.js'
import { decideLatest, needsTagList, type LatestDecision } from './tags.js'

/** Whether two repositories are one: the destination that is the source needs no copy. */
export function sameRepository(a: Repository, b: Repository): boolean {
  return a.registry === b.registry && a.path === b.path
}

/** What the target tags point at before anything is written. */
export interface TargetState {
  /** Digest each looked-up tag points at now (undefined: absent). */
  current: Map<string, string | undefined>
  /** The repository's tags, when `latest: auto` needs them; an Error when they could not be listed. */
  existing?: string[] | Error
}

/** The tags of one app once they point at the image. */
export interface TagResult {
  digest: string
  /** Full references of the commit tag and every tag that points at the digest now. */
  tags: string[]
  /** Full references this run wrote (in a dry run: would write). */
  written: string[]
  /** Why `latest` was or was not moved. */
  latest: string
  /** The engine that wrote (or, where nothing was written, found) the image. */
  engine: EngineName
}

/** Who tags what, where, and how. */
export interface TagJob {
  plan: AppPlan
  settings: ReleaseSettings
  engine: Engine
  log: Logger
  /** The repository tagged: one of the plan's destinations. */
  repository: Repository
}

/** What a release writes in one repository, decided before anything is written anywhere. */
export interface TagPlan {
  /** Every tag that points at the digest after the release (commit tag aside). */
  tagged: string[]
  /** The tags of `tagged` that need a write. */
  written: string[]
  latest: LatestDecision
  /** Version or extra tags on another digest that may not be moved: the release must stop. */
  conflicts: string[]
}

/**
 * Looks up the version, the extra tags and (when it may move) `latest` in the job's repository,
 * and reads the tag list `auto` needs, all at once. Every tag a release may write other than
 * `latest` is looked up whatever the list says: lists lag behind (caches, eventually consistent
 * registries), so the list only decides where `latest` goes.
 */
export async function readTargets(
  plan: AppPlan,
  latest: LatestPolicy,
  engine: Engine,
  repository: Repository
): Promise<TargetState> {
  const listed = needsTagList(latest, plan.version)
  const named = [plan.version, ...plan.extraTags]
  const looked = listed || latest === 'true' ? [...named, 'latest'] : named
  const [digests, existing] = await Promise.all([
    engine.resolve(repository, looked),
    // without the list, latest stays where it is; the release itself goes on
    listed
      ? engine
          .listTags(repository)
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
      : undefined
  ])
  return { current: new Map(looked.map((tag, i) => [tag, digests[i]])), existing }
}

/**
 * Decides what to write in the job's repository, judged against its own tags: a version or extra
 * tag on another digest is a conflict unless `allow-overwrite`; a tag already on the digest is
 * left alone; `latest` per policy. Writes nothing.
 */
export function planTags(image: FoundImage, targets: TargetState, job: TagJob): TagPlan {
  const { plan, log } = job
  const conflicts = findConflicts(image, targets.current, job)
  const latest = latestDecision(targets.existing, job)
  const tagged = latest.move ? [plan.version, ...plan.extraTags, 'latest'] : [plan.version, ...plan.extraTags]
  const written = tagged.filter((tag) => targets.current.get(tag) !== image.digest)
  for (const tag of tagged)
    if (!written.includes(tag)) log.info(`${formatReference(job.repository, tag)} already points at ${image.digest}`)
  return { tagged, written, latest, conflicts }
}

/** The error for every conflict of every destination: nothing was written anywhere. */
export function conflictError(image: FoundImage, conflicts: string[], plan: AppPlan): TagConflictError {
  return new TagConflictError(
    `${conflicts.join('; ')}, not at ${image.digest} (the image of commit ${plan.commit.slice(0, 7)}). Version tags are immutable: nothing was written. Set allow-overwrite: true to move them.`
  )
}

/**
 * Writes what `planned` says (version, extra tags, `latest`, in that order), then reads back every
 * written tag: one another writer moved meanwhile fails the release.
 */
export async function writePlanned(image: FoundImage, planned: TagPlan, job: TagJob): Promise<TagResult> {
  const { plan, repository } = job
  const ref = (tag: string): string => formatReference(repository, tag)
  const writer = await writeTags(image, planned, job)
  if (!job.settings.dryRun) await readBack(image, planned.written, job)
  const commitRef = sameRepository(repository, image.repository) ? [plan.commitTag] : []
  return {
    digest: image.digest,
    tags: [...commitRef, ...planned.tagged].map(ref),
    written: planned.written.map(ref),
    latest: planned.latest.why,
    engine: writer
  }
}

/** Version and extra tags on another digest that may not move; with `allow-overwrite` a warning each. */
function findConflicts(image: FoundImage, current: Map<string, string | undefined>, job: TagJob): string[] {
  const { plan, settings, log } = job
  const ref = (tag: string): string => formatReference(job.repository, tag)
  const conflicts = [plan.version, ...plan.extraTags].filter(
    (tag) => current.get(tag) !== undefined && current.get(tag) !== image.digest
  )
  if (!settings.allowOverwrite) return conflicts.map((tag) => `${ref(tag)} already points at ${current.get(tag)}`)
  for (const tag of conflicts)
    log.warning(`Moving ${ref(tag)} from ${current.get(tag)} to ${image.digest} (allow-overwrite)`)
  return []
}

function latestDecision(existing: TargetState['existing'], job: TagJob): LatestDecision {
  const { plan, settings, log } = job
  // with several destinations each decides on its own tags: say which one
  const where = plan.destinations.length > 1 ? `${formatRepository(job.repository)}: ` : ''
  if (existing instanceof Error) {
    const decision = {
      move: false,
      why: `latest is left alone: the repository's tags could not be listed (${existing.message})`
    }
    log.warning(where + decision.why)
    return decision
  }
  const decision = decideLatest(settings.latest, plan.version, existing)
  log.info(where + decision.why)
  return decision
}

/** Writes the tags that need it; resolves to the engine that wrote (the finder's name when none did). */
async function writeTags(image: FoundImage, planned: TagPlan, job: TagJob): Promise<EngineName> {
  const { plan, settings, engine, log, repository } = job
  const { written } = planned
  const ref = (tag: string): string => formatReference(repository, tag)
  if (settings.dryRun) {
    for (const tag of written) log.info(`Dry run: would tag ${ref(tag)}`)
    return image.engine
  }
  if (written.length === 0) return image.engine
  // version first, extra tags next, latest last: a group is written only after the one before it
  const groups = [[plan.version], plan.extraTags, planned.latest.move ? ['latest'] : []]
    .map((group) => group.filter((tag) => written.includes(tag)))
    .filter((group) => group.length > 0)
  const writer = await engine.retag(image, groups, repository)
  for (const tag of written) log.info(`Tagged ${ref(tag)}`)
  return writer
}

/**
 * Reads back, in one round, every tag this run wrote. A tag that names another digest now was
 * moved by another writer (two releases of one version at once): the release fails naming the
 * tag and both digests, so no output claims a tag this run does not hold. When the version tag
 * was lost that way, a `latest` this run wrote is put where the version tag went: it followed
 * this version, and the other release of it holds the version now.
 */
async function readBack(image: FoundImage, written: string[], job: TagJob): Promise<void> {
  if (written.length === 0) return
  const { plan, engine, repository } = job
  const now = await engine.resolve(repository, written)
  const moved = written.flatMap((tag, i) => (now[i] === image.digest ? [] : [{ tag, now: now[i] }]))
  if (moved.length === 0) return
  const ref = (tag: string): string => formatReference(repository, tag)
  const told = moved.map((m) => `${ref(m.tag)} now points at ${m.now ?? 'nothing'}, not at ${image.digest}`)
  const lost = moved.find((m) => m.tag === plan.version)?.now
  const after = lost && written.includes('latest') && !moved.some((m) => m.tag === 'latest')
  const repair = after ? await putLatestBack(lost, job) : ''
  throw new TagMismatchError(
    `${told.join('; ')}: another writer moved what this run wrote (two releases of one version at once?)${repair}`
  )
}

/** Points `latest` at what the version tag names now; says what happened, for the error message. */
async function putLatestBack(digest: string, job: TagJob): Promise<string> {
  const { plan, engine, log, repository } = job
  const ref = formatReference(repository, 'latest')
  try {
    const holder = await engine.find(repository, plan.version)
    if (holder?.digest !== digest) return `; ${ref} was left where this run put it: ${plan.version} moved again`
    await engine.retag(holder, [['latest']], repository)
    log.warning(`Put ${ref} back on ${digest}, where ${plan.version} points now`)
    return `; ${ref} was put on ${digest}, with ${plan.version}`
  } catch (error) {
    return `; putting ${ref} on ${digest} with ${plan.version} failed too (${explain(error)})`
  }
}
