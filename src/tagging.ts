import { TagMismatchError, type Engine, type FoundImage } from './engines/engine.js'
import { explain, TagConflictError } from './errors.js'
import type { AppPlan, EngineName, LatestPolicy, Logger, ReleaseSettings } from './model.js'
import { formatReference, formatRepository, type Repository } from './oci/reference.js'
import { decideFloating, type MovingDecision, type MovingTag } from './moving-tags.js'
import { putBackBuildMoves } from './build-moves.js'
import { settleMovingTags, type Observation, type Settled } from './settle.js'
import { decideLatest, needsTagList, tagListStart, type LatestDecision } from './tags.js'

/** Whether two repositories are one: the destination that is the source needs no copy. */
export function sameRepository(a: Repository, b: Repository): boolean {
  return a.registry === b.registry && a.path === b.path
}

/** What the target tags point at before anything is written. */
export interface TargetState {
  /** Digest each looked-up tag points at now (undefined: absent). */
  current: Map<string, string | undefined>
  /** The repository's tags, when `latest: auto` or floating tags need them; an Error when they could not be listed. */
  existing?: string[] | Error
  /** On the build path: where the tags pointed before the build ran (see putBackBuildMoves). */
  beforeBuild?: Map<string, string | undefined>
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
  /** Why each floating tag was or was not moved. */
  floating: string[]
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
  /** One decision per floating tag, minor lines first. */
  floating: MovingDecision[]
  /** On the build path: where the tags pointed before and after the build. */
  build?: { before: Map<string, string | undefined>; after: Map<string, string | undefined> }
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
  const latestListed = needsTagList(latest, plan.version)
  const floating = floatingTagsOf(plan)
  const listed = latestListed || floating.length > 0
  const named = [plan.version, ...plan.extraTags, ...floating]
  const looked = latestListed || latest === 'true' ? [...named, 'latest'] : named
  const [digests, existing] = await Promise.all([
    engine.resolve(repository, looked),
    // without the list, latest and the floating tags stay where they are; the release itself goes on
    listed
      ? engine.listTags(repository, tagListStart(plan.version)).catch((error: unknown) => asError(error))
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
  const floating = floatingDecisions(targets.existing, job)
  const moving = [...floating.filter((d) => d.move).map((d) => d.tag), ...(latest.move ? ['latest'] : [])]
  const tagged = [plan.version, ...plan.extraTags, ...moving]
  if (targets.beforeBuild) refuseBuildMoves(image, targets, job)
  const written = tagged.filter((tag) => targets.current.get(tag) !== image.digest)
  for (const tag of tagged)
    if (!written.includes(tag)) log.info(`${formatReference(job.repository, tag)} already points at ${image.digest}`)
  const build = targets.beforeBuild && { before: targets.beforeBuild, after: targets.current }
  return { tagged, written, latest, floating, conflicts, ...(build ? { build } : {}) }
}

/**
 * A version or extra tag the build command pointed at other bits than the commit tag: the build
 * disagrees with itself, and no policy can tell which image the release is. Nothing is written.
 */
function refuseBuildMoves(image: FoundImage, targets: TargetState, job: TagJob): void {
  const { plan, repository } = job
  const { current, beforeBuild } = targets
  const moved = [plan.version, ...plan.extraTags].filter(
    (tag) =>
      current.get(tag) !== undefined && current.get(tag) !== image.digest && current.get(tag) !== beforeBuild?.get(tag)
  )
  if (moved.length === 0) return
  const told = moved.map(
    (tag) => `the build command pointed ${formatReference(repository, tag)} at ${current.get(tag)}`
  )
  throw new TagConflictError(
    `${told.join('; ')}, not at ${image.digest}, the image of the commit tag ${plan.commitTag}: a version tag names the commit's image. Nothing more was written.`
  )
}

/** The floating tags this release could write: none when the version is not a stable semver. */
function floatingTagsOf(plan: AppPlan): string[] {
  return plan.floatingTags.flatMap((f) => (f.tag === undefined ? [] : [f.tag]))
}

/** The tags that move with releases, each with the line it follows. */
function movingTagsOf(plan: AppPlan): MovingTag[] {
  const floating = plan.floatingTags.flatMap((f) => (f.tag === undefined ? [] : [{ tag: f.tag, line: f.line }]))
  return [...floating, { tag: 'latest', line: 'all' }]
}

/** The error for every conflict of every destination: nothing was written anywhere. */
export function conflictError(image: FoundImage, conflicts: string[], plan: AppPlan): TagConflictError {
  return new TagConflictError(
    `${conflicts.join('; ')}, not at ${image.digest} (the image of commit ${plan.commit.slice(0, 7)}). Version tags are immutable: nothing was written. Set allow-overwrite: true to move them.`
  )
}

/**
 * Writes what `planned` says (version, extra tags, floating tags, `latest`, in that order), then
 * reads back every written tag: a version or extra tag another writer moved meanwhile fails the
 * release, a moving tag is settled. On the build path, the moving tags the build moved against
 * the policy are put back first. The tags listed are those that point at the digest at the end.
 */
export async function writePlanned(image: FoundImage, planned: TagPlan, job: TagJob): Promise<TagResult> {
  const { plan, repository, settings } = job
  const ref = (tag: string): string => formatReference(repository, tag)
  if (planned.build && !settings.dryRun)
    await putBackBuildMoves([...planned.floating, { tag: 'latest', ...planned.latest }], planned.build, job)
  const writer = await writeTags(image, planned, job)
  const settled = settings.dryRun ? new Map<string, Settled>() : await readBack(image, planned, job)
  const holds = (tag: string): boolean => (settled.get(tag)?.digest ?? image.digest) === image.digest
  const why = (tag: string, decided: string): string => decided + afterwards(tag, settled.get(tag), image)
  const commitRef = sameRepository(repository, image.repository) ? [plan.commitTag] : []
  return {
    digest: image.digest,
    tags: [...commitRef, ...planned.tagged.filter(holds)].map(ref),
    written: planned.written.map(ref),
    latest: why('latest', planned.latest.why),
    floating: planned.floating.map((d) => why(d.tag, d.why)),
    engine: writer
  }
}

/** What became of a moving tag after this run wrote it, for its decision's sentence. */
function afterwards(tag: string, settled: Settled | undefined, image: FoundImage): string {
  if (settled === undefined || settled.digest === image.digest) return ''
  if (settled.note) return `; then ${settled.note}, released meanwhile`
  return `; another release moved ${tag} on since`
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
  if (existing instanceof Error && settings.latest === 'auto') {
    const decision = { move: false, why: `latest is left alone: ${unlisted(existing)}` }
    log.warning(where + decision.why)
    return decision
  }
  const decision = decideLatest(settings.latest, plan.version, existing instanceof Error ? [] : existing)
  log.info(where + decision.why)
  return decision
}

/** Each floating tag judged against the versions of its own line; said in the log. */
function floatingDecisions(existing: TargetState['existing'], job: TagJob): MovingDecision[] {
  const { plan, log } = job
  const where = plan.destinations.length > 1 ? `${formatRepository(job.repository)}: ` : ''
  return plan.floatingTags.map((floating) => {
    if (existing instanceof Error && floating.tag !== undefined) {
      const decision = { tag: floating.tag, move: false, why: `${floating.tag} is left alone: ${unlisted(existing)}` }
      log.warning(where + decision.why)
      return decision
    }
    const decision = decideFloating(floating, plan.version, existing instanceof Error ? [] : (existing ?? []))
    log.info(where + decision.why)
    return decision
  })
}

const unlisted = (error: Error): string => `the repository's tags could not be listed (${error.message})`

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
  // version, extra tags, floating tags (the narrower line first), latest: each group only after the one before
  const floating = (line: string): string[] =>
    plan.floatingTags.filter((f) => f.line === line).flatMap((f) => f.tag ?? [])
  const groups = [[plan.version], plan.extraTags, floating('minor'), floating('major'), ['latest']]
    .map((group) => group.filter((tag) => written.includes(tag)))
    .filter((group) => group.length > 0)
  const writer = await engine.retag(image, groups, repository)
  for (const tag of written) log.info(`Tagged ${ref(tag)}`)
  return writer
}

/**
 * Reads back, in one round, every tag this run wrote, with the tag list when a moving tag was
 * written. A version or extra tag that names another digest now was moved by another writer (two
 * releases of one version at once): the release fails naming the tag and both digests, so no
 * output claims a tag this run does not hold; the moving tags this run wrote followed this
 * version, so they are put where the version tag went. A moving tag is then settled (settle.ts):
 * another release moving it on is no failure. Resolves to where each written moving tag ended.
 */
async function readBack(image: FoundImage, planned: TagPlan, job: TagJob): Promise<Map<string, Settled>> {
  const { written } = planned
  if (written.length === 0) return new Map()
  const { plan, engine, repository, log } = job
  const moving = movingTagsOf(plan).filter((m) => written.includes(m.tag))
  // `latest: true` follows whichever release wrote last: there is nothing to converge to
  const settling = moving.filter((m) => m.tag !== 'latest' || job.settings.latest === 'auto')
  const seen = await observe(written, settling.length > 0, job)
  const lost = written
    .filter((tag) => !moving.some((m) => m.tag === tag) && seen.current.get(tag) !== image.digest)
    .map((tag) => ({ tag, now: seen.current.get(tag) }))
  if (lost.length > 0) {
    const held = moving.map((m) => m.tag).filter((tag) => seen.current.get(tag) === image.digest)
    throw await lostError(image, lost, held, job)
  }
  const wrote = settling.map((m) => ({ moving: m, digest: image.digest, version: plan.version }))
  const settled = await settleMovingTags(wrote, seen, {
    engine,
    repository,
    log,
    observe: (tags) => observe(tags, true, job)
  })
  const unsettled = moving
    .filter((m) => !settling.includes(m))
    .map((m) => ({ tag: m.tag, digest: seen.current.get(m.tag) }))
  return new Map([...settled, ...unsettled].map((s) => [s.tag, s]))
}

/** Where these tags point now, and the repository's tags when `listed`. */
async function observe(tags: string[], listed: boolean, job: TagJob): Promise<Observation> {
  const { engine, repository, plan } = job
  const [now, list] = await Promise.all([
    engine.resolve(repository, tags),
    listed ? engine.listTags(repository, tagListStart(plan.version)).catch((error: unknown) => asError(error)) : []
  ])
  return { tags: list, current: new Map(tags.map((tag, i) => [tag, now[i]])) }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))

/** The failure for version or extra tags another writer moved; the moving tags follow the version tag. */
async function lostError(
  image: FoundImage,
  lost: Array<{ tag: string; now?: string }>,
  held: string[],
  job: TagJob
): Promise<TagMismatchError> {
  const ref = (tag: string): string => formatReference(job.repository, tag)
  const told = lost.map((m) => `${ref(m.tag)} now points at ${m.now ?? 'nothing'}, not at ${image.digest}`)
  const version = lost.find((m) => m.tag === job.plan.version)?.now
  const repair = version && held.length > 0 ? await putMovingBack(version, held, job) : ''
  return new TagMismatchError(
    `${told.join('; ')}: another writer moved what this run wrote (two releases of one version at once?)${repair}`
  )
}

/** Points the moving tags at what the version tag names now; says what happened, for the error message. */
async function putMovingBack(digest: string, tags: string[], job: TagJob): Promise<string> {
  const { plan, engine, log, repository } = job
  const refs = tags.map((tag) => formatReference(repository, tag)).join(', ')
  const [was, it] = tags.length === 1 ? ['was', 'it'] : ['were', 'them']
  try {
    const holder = await engine.find(repository, plan.version)
    if (holder?.digest !== digest) return `; ${refs} ${was} left where this run put ${it}: ${plan.version} moved again`
    await engine.retag(
      holder,
      tags.map((tag) => [tag]),
      repository
    )
    log.warning(`Put ${refs} back on ${digest}, where ${plan.version} points now`)
    return `; ${refs} ${was} put on ${digest}, with ${plan.version}`
  } catch (error) {
    return `; putting ${refs} on ${digest} with ${plan.version} failed too (${explain(error)})`
  }
}
