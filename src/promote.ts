import { mapLimit } from './concurrency.js'
import { PartialRetagError, TagMismatchError, type Engine, type FoundImage } from './engines/engine.js'
import { explain } from './errors.js'
import type { AppPlan, DestinationResult, EngineName, Logger, ReleaseSettings } from './model.js'
import { formatRepository } from './oci/reference.js'
import {
  conflictError,
  planTags,
  readTargets,
  sameRepository,
  writePlanned,
  type TagJob,
  type TagPlan,
  type TargetState
} from './tagging.js'
import type { CopyStats } from './oci/copy.js'

/** Destinations published at once for one app: each copy runs its own blob transfers in parallel. */
const DESTINATIONS_AT_ONCE = 4

const NO_COPY: CopyStats = { mounted: 0, copied: 0, skipped: 0, bytes: 0, manifests: 0, referrers: 0 }

/** Who publishes what, and how. */
export interface PromoteJob {
  plan: AppPlan
  settings: ReleaseSettings
  engine: Engine
  log: Logger
}

/** The release of one image to every destination of its app. */
export interface Promotion {
  digest: string
  /** Full references pointing at the digest after the release, across destinations. */
  tags: string[]
  /** Full references this run wrote (in a dry run: would write), across destinations. */
  written: string[]
  latest: string
  /** Why each floating tag moved or not; absent without floating-tags. */
  floating?: string[]
  engine: EngineName
  destinations: DestinationResult[]
  /** Set when a destination failed after writes began somewhere: why, per destination. */
  failure?: string
}

/** What one destination came to. */
interface Published {
  result: DestinationResult
  /** The engine that wrote there. */
  engine?: EngineName
  /** What went wrong, when it did. */
  error?: unknown
}

/** Reads the target tags of every destination at once (see readTargets). */
export function readAllTargets(plan: AppPlan, settings: ReleaseSettings, engine: Engine): Promise<TargetState[]> {
  return Promise.all(plan.destinations.map((repository) => readTargets(plan, settings.latest, engine, repository)))
}

/**
 * Publishes the image to every destination: all or nothing before the first write (a conflict at
 * any destination is a TagConflictError, and nothing was copied or written anywhere), then per
 * destination the copy, the tags and the read-back, destinations at once. A destination that fails
 * then is reported for itself; the others keep what they got. Throws the failure when every
 * destination failed with nothing written, so the caller may still build.
 */
export async function promote(image: FoundImage, targets: TargetState[], job: PromoteJob): Promise<Promotion> {
  const { plan } = job
  const jobs = plan.destinations.map((repository): TagJob => ({ ...job, repository }))
  const plans = jobs.map((tagJob, i) => planTags(image, targets[i], tagJob))
  const conflicts = plans.flatMap((planned) => planned.conflicts)
  if (conflicts.length > 0) throw conflictError(image, conflicts, plan)
  const steps = jobs.map((tagJob, i) => ({ tagJob, planned: plans[i] }))
  const published = await mapLimit(steps, DESTINATIONS_AT_ONCE, (step) => publish(image, step.planned, step.tagJob))
  const failed = published.filter((p) => p.error !== undefined)
  const wroteSomewhere = published.some((p) => p.result.written.length > 0 || p.error instanceof TagMismatchError)
  if (failed.length === published.length && !wroteSomewhere) throw nothingWritten(failed)
  return summed(image, published)
}

/** Copy, tags, read-back in one destination; a failure is kept with what was written before it. */
async function publish(image: FoundImage, planned: TagPlan, job: TagJob): Promise<Published> {
  const { repository, settings, engine, log } = job
  const where = formatRepository(repository)
  const source = sameRepository(repository, image.repository)
  let stats = NO_COPY
  try {
    if (settings.dryRun) {
      if (!source) log.info(`Dry run: would copy ${formatRepository(image.repository)}@${image.digest} to ${where}`)
    } else if (!source) {
      stats = await engine.copy(image, repository, { referrers: settings.referrers })
      log.info(`Copied ${image.digest} to ${where}: ${describeCopy(stats)}`)
    }
    const tagged = await writePlanned(image, planned, job)
    const { tags, written, latest, floating } = tagged
    const result = destination(where, stats, { tags, written, latest, floating })
    return { result, engine: tagged.engine }
  } catch (error) {
    const written = error instanceof PartialRetagError ? error.written : []
    const floating = planned.floating.map((d) => d.why)
    const result = destination(where, stats, { tags: written, written, latest: planned.latest.why, floating })
    return { result: { ...result, error: explain(error) }, error }
  }
}

function destination(
  repository: string,
  stats: CopyStats,
  tags: { tags: string[]; written: string[]; latest: string; floating: string[] }
): DestinationResult {
  const { mounted, copied, skipped, bytes, referrers } = stats
  const { floating, ...rest } = tags
  // without floating-tags, no empty list in the result
  const floated = floating.length > 0 ? { floating } : {}
  return { repository, ...rest, ...floated, blobs: { mounted, copied, skipped }, bytes, referrers }
}

function describeCopy(stats: CopyStats): string {
  const { mounted, copied, skipped, bytes, referrers } = stats
  return `${mounted} blobs mounted, ${copied} copied (${bytes} bytes), ${skipped} already there, ${referrers} referrers`
}

/** The floating-tag decisions of every destination, each saying where when there are several. */
function floatingOf(results: DestinationResult[]): { floating?: string[] } {
  const where = (r: DestinationResult): string => (results.length > 1 ? `${r.repository}: ` : '')
  const floating = results.flatMap((r) => (r.floating ?? []).map((why) => where(r) + why))
  return floating.length > 0 ? { floating } : {}
}

/** Every destination failed before writing a tag: the one failure as it was, or all of them. */
function nothingWritten(failed: Published[]): unknown {
  if (failed.length === 1) return failed[0].error
  return new Error(failed.map((p) => `${p.result.repository}: ${p.result.error}`).join('; '))
}

/** The app's view over its destinations: tags and writes of all, a failure naming each destination that failed. */
function summed(image: FoundImage, published: Published[]): Promotion {
  const results = published.map((p) => p.result)
  const failed = published.filter((p) => p.error !== undefined)
  const single = published.length === 1
  const failure = single
    ? (failed[0]?.error as Error | undefined)?.message
    : failed.map((p) => `${p.result.repository}: ${p.result.error}`).join('; ')
  const latests = [...new Set(results.map((r) => r.latest))]
  // with several destinations and several decisions, each says where it was made
  const latest =
    latests.length === 1 ? (latests[0] ?? '') : results.map((r) => `${r.repository}: ${r.latest}`).join('; ')
  return {
    digest: image.digest,
    tags: results.flatMap((r) => r.tags),
    written: results.flatMap((r) => r.written),
    latest,
    ...floatingOf(results),
    engine: published.find((p) => p.engine !== undefined && p.result.written.length > 0)?.engine ?? image.engine,
    destinations: results,
    ...(failure ? { failure } : {})
  }
}
