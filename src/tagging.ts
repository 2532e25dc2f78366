import { TagMismatchError, type Engine, type FoundImage } from './engines/engine.js'
import { explain, TagConflictError } from './errors.js'
import type { AppPlan, EngineName, LatestPolicy, Logger, ReleaseSettings } from './model.js'
import { formatReference } from './oci/reference.js'
import { decideLatest, needsTagList, tagListStart, type LatestDecision } from './tags.js'

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

/** Who tags what, and how. */
export interface TagJob {
  plan: AppPlan
  settings: ReleaseSettings
  engine: Engine
  log: Logger
}

/**
 * Looks up the version, the extra tags and (when it may move) `latest`, and reads the tag list
 * `auto` needs, all at once. Every tag a release may write other than `latest` is looked up
 * whatever the list says: lists lag behind (caches, eventually consistent registries), so the
 * list only decides where `latest` goes.
 */
export async function readTargets(plan: AppPlan, latest: LatestPolicy, engine: Engine): Promise<TargetState> {
  const listed = needsTagList(latest, plan.version)
  const named = [plan.version, ...plan.extraTags]
  const looked = listed || latest === 'true' ? [...named, 'latest'] : named
  const [digests, existing] = await Promise.all([
    engine.resolve(plan.repository, looked),
    // without the list, latest stays where it is; the release itself goes on
    listed
      ? engine
          .listTags(plan.repository, tagListStart(plan.version))
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
      : undefined
  ])
  return { current: new Map(looked.map((tag, i) => [tag, digests[i]])), existing }
}

/**
 * Points the version tag, the extra tags and (per policy) `latest` at the image, in that order.
 * Everything is looked up before the first write: a version or extra tag on another digest stops
 * the release unless `allow-overwrite`, and then nothing at all has been written. After the last
 * write every written tag is read back: one another writer moved meanwhile fails the release.
 */
export async function applyTags(image: FoundImage, targets: TargetState, job: TagJob): Promise<TagResult> {
  const { plan, log } = job
  const { digest } = image
  const ref = (tag: string): string => formatReference(plan.repository, tag)
  checkConflicts(image, targets.current, job)
  const latest = latestDecision(targets.existing, job)
  const tagged = latest.move ? [plan.version, ...plan.extraTags, 'latest'] : [plan.version, ...plan.extraTags]
  const needsWrite = (tag: string): boolean => targets.current.get(tag) !== digest
  const written = tagged.filter(needsWrite)
  for (const tag of tagged) if (!needsWrite(tag)) log.info(`${ref(tag)} already points at ${digest}`)
  const writer = await writeTags(image, written, latest.move, job)
  if (!job.settings.dryRun) await readBack(image, written, job)
  return {
    digest,
    tags: [plan.commitTag, ...tagged].map(ref),
    written: written.map(ref),
    latest: latest.why,
    engine: writer
  }
}

/** A version or extra tag on another digest: a TagConflictError, or with `allow-overwrite` a warning. */
function checkConflicts(image: FoundImage, current: Map<string, string | undefined>, job: TagJob): void {
  const { plan, settings, log } = job
  const ref = (tag: string): string => formatReference(plan.repository, tag)
  const conflicts = [plan.version, ...plan.extraTags].filter(
    (tag) => current.get(tag) !== undefined && current.get(tag) !== image.digest
  )
  if (conflicts.length > 0 && !settings.allowOverwrite) {
    const list = conflicts.map((tag) => `${ref(tag)} already points at ${current.get(tag)}`).join('; ')
    throw new TagConflictError(
      `${list}, not at ${image.digest} (the image of commit ${plan.commit.slice(0, 7)}). Version tags are immutable: nothing was written. Set allow-overwrite: true to move them.`
    )
  }
  for (const tag of conflicts)
    log.warning(`Moving ${ref(tag)} from ${current.get(tag)} to ${image.digest} (allow-overwrite)`)
}

function latestDecision(existing: TargetState['existing'], job: TagJob): LatestDecision {
  const { plan, settings, log } = job
  if (existing instanceof Error) {
    const decision = {
      move: false,
      why: `latest is left alone: the repository's tags could not be listed (${existing.message})`
    }
    log.warning(decision.why)
    return decision
  }
  const decision = decideLatest(settings.latest, plan.version, existing)
  log.info(decision.why)
  return decision
}

/** Writes the tags that need it; resolves to the engine that wrote (the finder's name when none did). */
async function writeTags(image: FoundImage, written: string[], latestMoves: boolean, job: TagJob): Promise<EngineName> {
  const { plan, settings, engine, log } = job
  const ref = (tag: string): string => formatReference(plan.repository, tag)
  if (settings.dryRun) {
    for (const tag of written) log.info(`Dry run: would tag ${ref(tag)}`)
    return image.engine
  }
  if (written.length === 0) return image.engine
  // version first, extra tags next, latest last: a group is written only after the one before it
  const groups = [[plan.version], plan.extraTags, latestMoves ? ['latest'] : []]
    .map((group) => group.filter((tag) => written.includes(tag)))
    .filter((group) => group.length > 0)
  const writer = await engine.retag(image, groups)
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
  const { plan, engine } = job
  const now = await engine.resolve(plan.repository, written)
  const moved = written.flatMap((tag, i) => (now[i] === image.digest ? [] : [{ tag, now: now[i] }]))
  if (moved.length === 0) return
  const ref = (tag: string): string => formatReference(plan.repository, tag)
  const told = moved.map((m) => `${ref(m.tag)} now points at ${m.now ?? 'nothing'}, not at ${image.digest}`)
  const lost = moved.find((m) => m.tag === plan.version)?.now
  const after = lost && written.includes('latest') && !moved.some((m) => m.tag === 'latest')
  const repair = after ? await putLatestBack(plan, lost, job) : ''
  throw new TagMismatchError(
    `${told.join('; ')}: another writer moved what this run wrote (two releases of one version at once?)${repair}`
  )
}

/** Points `latest` at what the version tag names now; says what happened, for the error message. */
async function putLatestBack(plan: AppPlan, digest: string, job: TagJob): Promise<string> {
  const { engine, log } = job
  const ref = formatReference(plan.repository, 'latest')
  try {
    const holder = await engine.find(plan.repository, plan.version)
    if (holder?.digest !== digest) return `; ${ref} was left where this run put it: ${plan.version} moved again`
    await engine.retag(holder, [['latest']])
    log.warning(`Put ${ref} back on ${digest}, where ${plan.version} points now`)
    return `; ${ref} was put on ${digest}, with ${plan.version}`
  } catch (error) {
    return `; putting ${ref} on ${digest} with ${plan.version} failed too (${explain(error)})`
  }
}
