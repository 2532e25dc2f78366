import type { SemVer } from 'semver'
import type { Engine } from './engines/engine.js'
import { explain } from './errors.js'
import type { Logger } from './model.js'
import { inLine, type MovingTag } from './moving-tags.js'
import { formatReference, type Repository } from './oci/reference.js'
import { highestStable, parseStable } from './tags.js'

/** Rounds of re-checks at most: each round moves a tag forward, so races of a few releases end well before. */
const MAX_ROUNDS = 5

/** What the registry said right after this run's writes: the tag list and where each moving tag points. */
export interface Observation {
  tags: string[] | Error
  current: Map<string, string | undefined>
}

/** Where a moving tag this run wrote ended, and why, when not on this run's image. */
export interface Settled {
  tag: string
  /** Digest it points at, as far as this run saw; undefined when unknown. */
  digest?: string
  /** Said in the log and the result when the tag went on past this release. */
  note?: string
}

export interface SettleJob {
  engine: Engine
  repository: Repository
  log: Logger
  /** Reads the tag list and the given tags again. */
  observe: (tags: string[]) => Promise<Observation>
}

/** What this run last put under one moving tag. */
interface Held {
  moving: MovingTag
  digest: string
  version: SemVer
  note?: string
}

/**
 * Moves each moving tag this run wrote on to the highest version of its line that the registry
 * shows after the writes, until nothing changes.
 *
 * Why two releases at once (v1.4.0, v1.5.0) always leave `latest` on v1.5.0, with no lock:
 * - each run writes its version tag before any moving tag, and re-checks after every moving-tag
 *   write; the re-check acts only while the tag still holds what this run last put there, and only
 *   moves it forward (to a higher version of the line, onto that version tag's digest);
 * - take the last write of `latest`, by run R. Every other run's moving-tag writes came before it,
 *   so their version tags did too; R's re-check comes after it, so its tag list shows all of them
 *   (the registry's list is read-after-write consistent, as Distribution's is). Had it shown a
 *   higher version than the one R put there, R would have written again, and the write would not
 *   have been the last. So the last write names the highest version whose run moved `latest`, and
 *   the highest release always moves it (nothing higher was released).
 * Another writer's later write is its own re-check's business, so two runs never undo each other.
 */
export async function settleMovingTags(
  written: Array<{ moving: MovingTag; digest: string; version: string }>,
  first: Observation,
  job: SettleJob
): Promise<Settled[]> {
  const held = new Map<string, Held>()
  for (const { moving, digest, version } of written) {
    const parsed = parseStable(version)
    if (parsed) held.set(moving.tag, { moving, digest, version: parsed })
  }
  let seen = first
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const moves = forward(held, seen, job)
    if (moves.length === 0) return report(written, held, seen)
    await moveOn(moves, held, job)
    seen = await job.observe(moves.map((m) => m.tag))
  }
  job.log.warning(`Moving tags still changing after ${MAX_ROUNDS} re-checks: left where they are`)
  return report(written, held, seen)
}

interface Move {
  tag: string
  to: { tag: string; version: SemVer }
}

/** Moving tags this run still holds whose line shows a higher version than the one they name. */
function forward(held: Map<string, Held>, seen: Observation, job: SettleJob): Move[] {
  if (seen.tags instanceof Error) {
    if (held.size > 0) job.log.warning(`Could not re-check the moving tags (${explain(seen.tags)})`)
    held.clear()
    return []
  }
  const moves: Move[] = []
  for (const [tag, h] of held) {
    // another writer wrote after this run: what happens next is that writer's re-check's business
    if (seen.current.has(tag) && seen.current.get(tag) !== h.digest) {
      held.delete(tag)
      continue
    }
    const highest = highestStable(seen.tags, inLine(h.moving.line, h.version))
    if (highest && highest.version.compare(h.version) > 0) moves.push({ tag, to: highest })
  }
  return moves
}

/** Puts each tag on the digest of the higher version tag, narrower lines first, `latest` last. */
async function moveOn(moves: Move[], held: Map<string, Held>, job: SettleJob): Promise<void> {
  const { engine, repository, log } = job
  for (const target of new Set(moves.map((m) => m.to.tag))) {
    const here = moves.filter((m) => m.to.tag === target)
    const holder = await engine.find(repository, target)
    for (const { tag, to } of here) {
      const before = held.get(tag)
      // a version tag gone meanwhile leaves nothing to follow
      if (!holder || !before) held.delete(tag)
      else
        held.set(tag, { ...before, digest: holder.digest, version: to.version, note: `${tag} moved on to ${target}` })
    }
    if (!holder) continue
    await engine.retag(
      holder,
      here.map((m) => [m.tag]),
      repository
    )
    for (const { tag } of here)
      log.info(`${formatReference(repository, tag)} moved on to ${target} (${holder.digest}): released meanwhile`)
  }
}

function report(
  written: Array<{ moving: MovingTag; digest: string }>,
  held: Map<string, Held>,
  seen: Observation
): Settled[] {
  return written.map(({ moving }) => {
    const h = held.get(moving.tag)
    const digest = h?.digest ?? (seen.current.has(moving.tag) ? seen.current.get(moving.tag) : undefined)
    return { tag: moving.tag, digest, note: h?.note }
  })
}
