import { PartialRetagError, type Engine, type FoundImage } from './engines/engine.js'
import type { AppPlan, OnMissing } from './inputs.js'
import { messageOf } from './errors.js'
import { formatReference } from './oci/reference.js'
import { needsFacts, reuseVerdict } from './reuse.js'
import { decideLatest, needsTagList, type LatestDecision, type LatestPolicy } from './tags.js'

export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export type ReleasePath = 'retag' | 'build' | 'defer' | 'fail'

/** What happened to one app: the `result` output holds one of these per app. */
export interface AppResult {
  app: string
  image: string
  path: ReleasePath
  /** Digest the tags point at (the commit image's). */
  digest?: string
  /** Full references of every tag that points at the digest after the release. */
  tags: string[]
  /** Tags this run wrote (or, in a dry run, would write). */
  written: string[]
  /** Why the build path was taken (`not-found`, `retag-failed: …`), or why the app failed. */
  reason?: string
  /** Why `latest` was or was not moved. */
  latest?: string
  /** The engine that found or wrote the image (`registry`, `docker`). */
  engine?: string
  dryRun: boolean
  durationMs: number
}

export interface ReleaseSettings {
  onMissing: OnMissing
  latest: LatestPolicy
  allowOverwrite: boolean
  dryRun: boolean
  platforms: string[]
  verifyRevision: boolean
}

export interface ReleaseDeps {
  engine: Engine
  /**
   * Finds and tags what the build pushed; defaults to `engine`. The docker engine may be unable
   * to write (no buildx, no daemon): the registry API then tags the fresh build.
   */
  afterBuild?: Engine
  /** Runs the fallback build for this app; throws when it fails. */
  build: (plan: AppPlan) => Promise<void>
  log: Logger
  now?: () => number
}

/** A version tag already names other bits: releasing would rewrite history, so nothing is written. */
export class TagConflictError extends Error {
  override readonly name = 'TagConflictError'
}

type Outcome = Omit<AppResult, 'app' | 'image' | 'durationMs' | 'dryRun'>

/**
 * The decision for one app: find the commit image; check it may be reused; re-tag it; otherwise,
 * or when the re-tag fails, build and then tag what the build pushed. Failures become a `fail`
 * result, so one app never stops the others of a batch.
 */
export async function releaseApp(plan: AppPlan, settings: ReleaseSettings, deps: ReleaseDeps): Promise<AppResult> {
  const now = deps.now ?? Date.now
  const started = now()
  const { log } = deps
  const short = plan.commit.slice(0, 7)
  const commitRef = formatReference(plan.repository, plan.commitTag)
  const done = (outcome: Outcome): AppResult => ({ app: plan.app, image: plan.image, ...outcome, dryRun: settings.dryRun, durationMs: Math.round(now() - started) })
  const failed = (reason: string): AppResult => done({ path: 'fail', tags: [], written: [], reason })

  // What the target tags point at now is read while the commit manifest is fetched: the
  // critical path of a re-tag is then one read round trip and the writes.
  const targets = readTargets(plan, settings, deps.engine)
  targets.catch(() => {}) // unused when the image is missing; a failure surfaces where it is used

  let reason: string
  try {
    const found = await deps.engine.find(plan.repository, plan.commitTag)
    const reuse = { platforms: settings.platforms, verifyRevision: settings.verifyRevision, commit: plan.commit }
    const verdict = found && needsFacts(reuse) ? reuseVerdict(await deps.engine.describe(found, { revisions: settings.verifyRevision }), reuse) : undefined
    if (found && verdict) {
      reason = verdict
      log.info(`Found ${commitRef} but not reusing it (${verdict}), will build`)
    } else if (found) {
      log.info(`✅ Found existing image for commit ${short}: ${commitRef}`)
      log.info('Optimizing: Re-tagging existing image instead of rebuilding')
      try {
        return done({ path: 'retag', ...(await applyTags(found, plan, settings, deps, targets)) })
      } catch (error) {
        if (error instanceof TagConflictError) return failed(error.message)
        // some tags already name the commit image: a rebuild could only give it a second digest
        if (error instanceof PartialRetagError) return failed(`retag-failed: ${error.message}; not rebuilding`)
        reason = `retag-failed: ${messageOf(error)}`
        log.warning(`Failed to tag existing image, falling back to rebuild (${messageOf(error)})`)
      }
    } else {
      reason = 'not-found'
      log.info(`No existing image found for commit ${short}, will build`)
    }
  } catch (error) {
    // a 403 or an outage is not "not found": say so, and still try the build
    reason = `check-failed: ${messageOf(error)}`
    log.warning(`Could not check for an existing image of commit ${short} (${messageOf(error)}), will build`)
  }

  if (settings.onMissing === 'fail') return failed(`${reason}; on-missing is fail, so nothing was built`)
  if (settings.onMissing === 'defer') {
    log.info(`Deferring the build of ${plan.app} (on-missing: defer): listed in the deferred output`)
    return done({ path: 'defer', tags: [], written: [], reason })
  }
  if (settings.dryRun) {
    log.info(`Dry run: would run the build command for ${plan.app}, then tag ${commitRef}`)
    return done({ path: 'build', tags: [], written: [], reason })
  }
  try {
    log.info(`Building ${plan.app} for commit ${short}`)
    await deps.build(plan)
  } catch (error) {
    return failed(`${reason}; build failed: ${messageOf(error)}`)
  }
  const tagger = deps.afterBuild ?? deps.engine
  try {
    const built = await tagger.find(plan.repository, plan.commitTag)
    if (!built) throw new Error(`the build command finished but ${commitRef} does not exist: it must push the commit tag`)
    log.info(`Build pushed ${commitRef} (${built.digest})`)
    return done({ path: 'build', reason, ...(await applyTags(built, plan, settings, { ...deps, engine: tagger }, readTargets(plan, settings, tagger))) })
  } catch (error) {
    if (error instanceof TagConflictError) return failed(`${reason}; ${error.message}`)
    return failed(`${reason}; tagging the build failed: ${messageOf(error)}`)
  }
}

/** What the target tags point at before anything is written. */
interface TargetState {
  /** Digest each looked-up tag points at now (undefined: absent). */
  now: Map<string, string | undefined>
  /** The repository's tags, when `latest: auto` needs them; an Error when they could not be listed. */
  existing?: string[] | Error
}

/**
 * Looks up the version, extra tags and (when it may move) `latest`, and the tag list `auto`
 * needs. Where the list is read anyway it answers for the new tags: a tag it does not name does
 * not exist, so only `latest` and tags already present cost a HEAD.
 */
async function readTargets(plan: AppPlan, settings: ReleaseSettings, engine: Engine): Promise<TargetState> {
  const named = [plan.version, ...plan.extraTags]
  if (!needsTagList(settings.latest, plan.version)) {
    const looked = settings.latest === 'true' ? [...named, 'latest'] : named
    const current = await engine.resolve(plan.repository, looked)
    return { now: new Map(looked.map((tag, i) => [tag, current[i]])) }
  }
  const [[latest], existing] = await Promise.all([
    engine.resolve(plan.repository, ['latest']),
    // without the list, latest stays where it is; the release itself goes on
    engine.listTags(plan.repository).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
  ])
  const present = existing instanceof Error ? named : named.filter((tag) => existing.includes(tag))
  const current = present.length > 0 ? await engine.resolve(plan.repository, present) : []
  const now = new Map<string, string | undefined>([...named.map((tag): [string, undefined] => [tag, undefined]), ['latest', latest]])
  present.forEach((tag, i) => now.set(tag, current[i]))
  return { now, existing }
}

/**
 * Points the version tag, the extra tags and (per policy) `latest` at the image, in that order.
 * Everything is looked up before the first write: a version or extra tag on another digest stops
 * the release unless `allow-overwrite`, and then nothing at all has been written.
 */
async function applyTags(
  image: FoundImage,
  plan: AppPlan,
  settings: ReleaseSettings,
  deps: ReleaseDeps,
  targets: Promise<TargetState>
): Promise<Omit<Outcome, 'path' | 'reason'>> {
  const { engine, log } = deps
  const { digest } = image
  const ref = (tag: string): string => formatReference(plan.repository, tag)
  const named = [plan.version, ...plan.extraTags]
  const { now, existing } = await targets

  const conflicts = named.filter((tag) => now.get(tag) !== undefined && now.get(tag) !== digest)
  if (conflicts.length > 0 && !settings.allowOverwrite) {
    const list = conflicts.map((tag) => `${ref(tag)} already points at ${now.get(tag)}`).join('; ')
    throw new TagConflictError(`${list}, not at ${digest} (the image of commit ${plan.commit.slice(0, 7)}). Version tags are immutable: nothing was written. Set allow-overwrite: true to move them.`)
  }
  for (const tag of conflicts) log.warning(`Moving ${ref(tag)} from ${now.get(tag)} to ${digest} (allow-overwrite)`)

  const latest: LatestDecision =
    existing instanceof Error
      ? { move: false, why: `latest is left alone: the repository's tags could not be listed (${existing.message})` }
      : decideLatest(settings.latest, plan.version, existing)
  if (existing instanceof Error) log.warning(latest.why)
  else log.info(latest.why)
  const tagged = latest.move ? [...named, 'latest'] : named
  const stale = (tag: string): boolean => now.get(tag) !== digest
  const written = tagged.filter(stale)
  for (const tag of tagged) if (!stale(tag)) log.info(`${ref(tag)} already points at ${digest}`)

  let writer = image.engine
  if (settings.dryRun) {
    for (const tag of written) log.info(`Dry run: would tag ${ref(tag)}`)
  } else if (written.length > 0) {
    // version first, extra tags next, latest last: a group is written only after the one before it
    const groups = [[plan.version], plan.extraTags, latest.move ? ['latest'] : []].map((group) => group.filter(stale)).filter((group) => group.length > 0)
    writer = await engine.retag(image, groups)
    for (const tag of written) log.info(`Tagged ${ref(tag)}`)
  }
  return { digest, tags: [plan.commitTag, ...tagged].map(ref), written: written.map(ref), latest: latest.why, engine: writer }
}
