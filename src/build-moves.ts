import type { Engine } from './engines/engine.js'
import { explain } from './errors.js'
import type { Logger } from './model.js'
import type { MovingDecision } from './moving-tags.js'
import { formatReference, type Repository } from './oci/reference.js'

/** Where to look and how to write. */
export interface PutBackJob {
  engine: Engine
  repository: Repository
  log: Logger
}

/**
 * Puts back the moving tags the build command moved where the policy would not: a build may push
 * more than the commit tag (rules_oci's oci_push applies its `remote_tags`, `latest` in its first
 * documented example), backwards on a re-release of an old version. `before` is where the tags
 * pointed before the build, `after` where they point now; a tag the policy moves to this release
 * is left to the release. A tag the build created is left where it is, with a warning: deleting a
 * tag is not supported by every registry (Distribution 2.x refuses it), and before the build there
 * was nothing to put back. Resolves to where the tags point afterwards.
 */
export async function putBackBuildMoves(
  decisions: MovingDecision[],
  states: { before: Map<string, string | undefined>; after: Map<string, string | undefined> },
  job: PutBackJob
): Promise<Map<string, string | undefined>> {
  const { before, after } = states
  const current = new Map(after)
  for (const { tag, move, why } of decisions) {
    if (move || !before.has(tag) || !after.has(tag) || before.get(tag) === after.get(tag)) continue
    current.set(tag, await putBack(tag, { from: after.get(tag), to: before.get(tag), why }, job))
  }
  return current
}

async function putBack(
  tag: string,
  move: { from?: string; to?: string; why: string },
  job: PutBackJob
): Promise<string | undefined> {
  const { engine, repository, log } = job
  const ref = formatReference(repository, tag)
  const { from, to, why } = move
  if (to === undefined) {
    log.warning(
      `The build command created ${ref} (${from}), against the policy (${why}); it is left there: ${tag} did not exist before and deleting a tag is not supported by every registry`
    )
    return from
  }
  try {
    const previous = await engine.find(repository, to)
    if (!previous) throw new Error(`${to} is gone from the registry`)
    await engine.retag(previous, [[tag]], repository)
    log.warning(`The build command moved ${ref} to ${from}; put it back on ${to} (${why})`)
    return to
  } catch (error) {
    log.warning(
      `The build command moved ${ref} to ${from}, against the policy (${why}); putting it back on ${to} failed: ${explain(error)}`
    )
    return from
  }
}
