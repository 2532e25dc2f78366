import type { Engine, FoundImage } from './engines/engine.js'
import type { AppPlan, OnMissing } from './inputs.js'
import { formatReference } from './oci/reference.js'

export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export type ReleasePath = 'retag' | 'build' | 'fail'

/** What happened to one app: the `result` output holds one of these per app. */
export interface AppResult {
  app: string
  image: string
  path: ReleasePath
  /** Digest the tags now point at (the commit image's). */
  digest?: string
  /** Full references of every tag that points at the digest after the release. */
  tags: string[]
  /** Why the build path was taken (`not-found`, `retag-failed: …`), or why the app failed. */
  reason?: string
  durationMs: number
}

export interface ReleaseSettings {
  onMissing: OnMissing
}

export interface ReleaseDeps {
  engine: Engine
  /** Runs the fallback build for this app; throws when it fails. */
  build: (plan: AppPlan) => Promise<void>
  log: Logger
  now?: () => number
}

/**
 * The decision for one app: find the commit image; re-tag it when found; otherwise, or when the
 * re-tag fails, build and then tag what the build pushed. Failures become a `fail` result, so
 * one app never stops the others of a batch.
 */
export async function releaseApp(plan: AppPlan, settings: ReleaseSettings, deps: ReleaseDeps): Promise<AppResult> {
  const now = deps.now ?? Date.now
  const started = now()
  const { log } = deps
  const short = plan.commit.slice(0, 7)
  const commitRef = formatReference(plan.repository, plan.commitTag)
  const done = (result: Omit<AppResult, 'app' | 'image' | 'durationMs'>): AppResult => ({
    app: plan.app,
    image: plan.image,
    ...result,
    durationMs: Math.round(now() - started)
  })

  let reason: string
  try {
    const found = await deps.engine.find(plan.repository, plan.commitTag)
    if (found) {
      log.info(`✅ Found existing image for commit ${short}: ${commitRef}`)
      log.info('Optimizing: Re-tagging existing image instead of rebuilding')
      try {
        return done({ path: 'retag', ...(await applyTags(found, plan, deps)) })
      } catch (error) {
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

  if (settings.onMissing === 'fail') {
    return done({ path: 'fail', tags: [], reason: `${reason}; on-missing is fail, so nothing was built` })
  }
  try {
    log.info(`Building ${plan.app} for commit ${short}`)
    await deps.build(plan)
    const built = await deps.engine.find(plan.repository, plan.commitTag)
    if (!built) throw new Error(`the build command finished but ${commitRef} does not exist: it must push the commit tag`)
    log.info(`Build pushed ${commitRef} (${built.manifest.digest})`)
    return done({ path: 'build', reason, ...(await applyTags(built, plan, deps)) })
  } catch (error) {
    return done({ path: 'fail', tags: [], reason: `${reason}; build failed: ${messageOf(error)}` })
  }
}

async function applyTags(image: FoundImage, plan: AppPlan, deps: ReleaseDeps): Promise<Pick<AppResult, 'digest' | 'tags'>> {
  const outcome = await deps.engine.retag(image, plan.tags)
  for (const tag of outcome.written) deps.log.info(`Tagged ${formatReference(plan.repository, tag)}`)
  for (const tag of outcome.unchanged) deps.log.info(`${formatReference(plan.repository, tag)} already points at ${image.manifest.digest}`)
  return {
    digest: image.manifest.digest,
    tags: [plan.commitTag, ...plan.tags].map((tag) => formatReference(plan.repository, tag))
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
