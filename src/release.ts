import { checkBases, type BaseImages } from './base-image.js'
import { PartialRetagError, TagMismatchError, type Engine, type FoundImage } from './engines/engine.js'
import { explain, TagConflictError } from './errors.js'
import type { AppPlan, AppResult, Logger, ReleaseOutcome, ReleaseSettings } from './model.js'
import { formatReference } from './oci/reference.js'
import { factsRequest, judgeFacts, needsImageFacts, type ReuseCheck, type ReuseRules } from './reuse.js'
import { promote, readAllTargets, type PromoteJob, type Promotion } from './promote.js'
import type { TargetState } from './tagging.js'

export interface ReleaseDeps {
  engine: Engine
  /**
   * Finds and tags what the build pushed; defaults to `engine`. The docker engine may be unable
   * to write (no buildx, no daemon): the registry API then tags the fresh build.
   */
  buildTagger?: Engine
  /** Runs the fallback build for this app; throws when it fails. */
  build: (plan: AppPlan) => Promise<void>
  log: Logger
  /** Milliseconds since the epoch: the duration of a release and the age of an image. */
  clock?: () => number
  /** Resolves recorded bases now; needed with `rebuild-if-base-changed`. */
  bases?: BaseImages
}

/** A phase either settles the release or hands the build path the reason it was taken. */
type Settled = { done: ReleaseOutcome } | { build: string }

const failed = (reason: string): ReleaseOutcome => ({ path: 'fail', tags: [], written: [], reason })

/**
 * A promotion as the app's outcome. A destination that failed after writes began somewhere fails
 * the app without a rebuild: the tags written name the commit image, a rebuild would give it a
 * second digest. A failed app claims no digest and no tag; its destinations say what each holds.
 */
function outcomeOf(path: 'retag' | 'build', promoted: Promotion, reason?: string): ReleaseOutcome {
  const { failure, destinations, ...done } = promoted
  if (failure === undefined) return { path, ...(reason ? { reason } : {}), ...done, destinations }
  const why = `retag-failed: ${failure}; not rebuilding`
  return { ...failed(reason ? `${reason}; ${why}` : why), destinations }
}

/**
 * The decision for one app: find the commit image; check it may be reused; re-tag it; otherwise,
 * or when the re-tag fails, build and then tag what the build pushed. Failures become a `fail`
 * result, so one app never stops the others of a batch.
 */
export async function releaseApp(plan: AppPlan, settings: ReleaseSettings, deps: ReleaseDeps): Promise<AppResult> {
  const clock = deps.clock ?? Date.now
  const started = clock()
  const release = new AppRelease(plan, settings, deps)
  const outcome = await release.run()
  return {
    app: plan.app,
    image: plan.image,
    ...outcome,
    ...(release.checks && { checks: release.checks }),
    dryRun: settings.dryRun,
    durationMs: Math.round(clock() - started)
  }
}

class AppRelease {
  /**
   * What the target tags point at now is read while the commit manifest is fetched: the
   * critical path of a re-tag is then one read round trip and the writes.
   */
  private readonly targets: Promise<TargetState[]>
  private readonly short: string
  private readonly commitRef: string
  /** What the reuse checks found, when the commit image was found and a check is enabled. */
  checks: ReuseCheck[] | undefined

  constructor(
    private readonly plan: AppPlan,
    private readonly settings: ReleaseSettings,
    private readonly deps: ReleaseDeps
  ) {
    this.targets = readAllTargets(plan, settings, deps.engine)
    this.targets.catch(() => {}) // unused when the image is missing; a failure surfaces where it is used
    this.short = plan.commit.slice(0, 7)
    this.commitRef = formatReference(plan.repository, plan.commitTag)
  }

  async run(): Promise<ReleaseOutcome> {
    const checked = await this.checkCommitImage()
    const settled = 'image' in checked ? await this.retagExisting(checked.image) : checked
    return 'done' in settled ? settled.done : this.onMissing(settled.build)
  }

  private async checkCommitImage(): Promise<{ image: FoundImage } | { build: string }> {
    const { plan, deps } = this
    try {
      const found = await deps.engine.find(plan.repository, plan.commitTag)
      if (!found) {
        deps.log.info(`No existing image found for commit ${this.short}, will build`)
        return { build: 'not-found' }
      }
      const why = await this.whyNotReuse(found)
      if (why) {
        deps.log.info(`Found ${this.commitRef} but not reusing it (${why}), will build`)
        return { build: why }
      }
      return { image: found }
    } catch (error) {
      // a 403 or an outage is not "not found": say so, and still try the build
      deps.log.warning(`Could not check for an existing image of commit ${this.short} (${explain(error)}), will build`)
      return { build: `check-failed: ${explain(error)}` }
    }
  }

  /**
   * Runs the enabled reuse checks on the image (while the target tags are looked up) and logs what
   * each found; the first that fails says why the image is not reused.
   */
  private async whyNotReuse(found: FoundImage): Promise<string | undefined> {
    const { plan, settings, deps } = this
    const rules: ReuseRules = { ...settings, commit: plan.commit }
    if (!needsImageFacts(rules)) return undefined
    const facts = await deps.engine.facts(found, factsRequest(rules))
    const checks = judgeFacts(facts, rules, (deps.clock ?? Date.now)())
    if (rules.rebuildIfBaseChanged) {
      if (!deps.bases) throw new Error('rebuild-if-base-changed needs a base resolver')
      checks.push(await checkBases(facts.bases ?? [], deps.bases))
    }
    this.checks = checks
    for (const { check, outcome, detail } of checks) {
      const line = `Reuse check ${check}: ${outcome} (${detail})`
      if (outcome === 'unknown') deps.log.warning(`${line}; reusing the image all the same`)
      else deps.log.info(line)
    }
    return checks.find((check) => check.outcome === 'fail')?.detail
  }

  private async retagExisting(image: FoundImage): Promise<Settled> {
    const { log } = this.deps
    log.info(`✅ Found existing image for commit ${this.short}: ${this.commitRef}`)
    log.info('Optimizing: Re-tagging existing image instead of rebuilding')
    try {
      const promoted = await promote(image, await this.targets, this.job(this.deps.engine))
      return { done: outcomeOf('retag', promoted) }
    } catch (error) {
      if (error instanceof TagConflictError) return { done: failed(error.message) }
      // some tags already name the commit image, or hold what the registry or another writer put
      // there: a rebuild could only give the image a second digest
      if (error instanceof PartialRetagError || error instanceof TagMismatchError)
        return { done: failed(`retag-failed: ${error.message}; not rebuilding`) }
      log.warning(`Failed to tag existing image, falling back to rebuild (${explain(error)})`)
      return { build: `retag-failed: ${explain(error)}` }
    }
  }

  /** The `on-missing` policy, for a commit image that is missing or may not be reused. */
  private async onMissing(reason: string): Promise<ReleaseOutcome> {
    const { plan, settings, deps } = this
    if (settings.onMissing === 'fail') return failed(`${reason}; on-missing is fail, so nothing was built`)
    if (settings.onMissing === 'defer') {
      deps.log.info(`Deferring the build of ${plan.app} (on-missing: defer): listed in the deferred output`)
      return { path: 'defer', tags: [], written: [], reason }
    }
    if (settings.dryRun) {
      deps.log.info(`Dry run: would run the build command for ${plan.app}, then tag ${this.commitRef}`)
      return { path: 'build', tags: [], written: [], reason }
    }
    return this.buildThenTag(reason)
  }

  private async buildThenTag(reason: string): Promise<ReleaseOutcome> {
    const { plan, deps } = this
    try {
      deps.log.info(`Building ${plan.app} for commit ${this.short}`)
      await deps.build(plan)
    } catch (error) {
      return failed(`${reason}; build failed: ${explain(error)}`)
    }
    const tagger = deps.buildTagger ?? deps.engine
    try {
      const built = await tagger.find(plan.repository, plan.commitTag)
      if (!built)
        throw new Error(`the build command finished but ${this.commitRef} does not exist: it must push the commit tag`)
      deps.log.info(`Build pushed ${this.commitRef} (${built.digest})`)
      // where the tags pointed before the build (read at the start): the build may have moved some
      const before = await this.targets.catch(() => undefined)
      const after = await readAllTargets(plan, this.settings, tagger)
      const targets = after.map((state, i) => ({ ...state, beforeBuild: before?.[i]?.current }))
      const promoted = await promote(built, targets, this.job(tagger))
      return outcomeOf('build', promoted, reason)
    } catch (error) {
      if (error instanceof TagConflictError) return failed(`${reason}; ${error.message}`)
      return failed(`${reason}; tagging the build failed: ${explain(error)}`)
    }
  }

  private job(engine: Engine): PromoteJob {
    return { plan: this.plan, settings: this.settings, engine, log: this.deps.log }
  }
}
