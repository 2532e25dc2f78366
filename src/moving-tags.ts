import type { SemVer } from 'semver'
import { InputError } from './errors.js'
import { highestStable, parseStable, parseVersion, validateTag } from './tags.js'
import { renderTemplate } from './template.js'

/** The versions a floating tag follows: one major (`v1`), or one major.minor (`v1.2`). */
export type Line = 'major' | 'minor'

/** One `floating-tags` template, rendered for a plan. */
export interface FloatingTag {
  template: string
  /** The tag for this release's version; undefined when the version is not a stable semver. */
  tag?: string
  line: Line
}

/** A tag that moves with releases: `latest` follows every stable version, a floating tag its line. */
export interface MovingTag {
  tag: string
  line: Line | 'all'
}

/** Whether a moving tag (a floating tag, or `latest`) goes to this release, and why. */
export interface MovingDecision {
  tag: string
  move: boolean
  /** Said in the log, the summary and the `result` output. */
  why: string
}

/**
 * Renders and checks the `floating-tags` templates for one app. Each must name `{major}` (a tag
 * without it would not follow a line), and must render to a valid tag whatever the version; it is
 * rendered for real only when the version is a stable semver. Minor lines come first: the write
 * order is the order of this list, and a narrower tag is written before the broader one.
 */
export function planFloatingTags(
  templates: readonly string[],
  app: string,
  version: string,
  input: string
): FloatingTag[] {
  const parsed = parseStable(version)
  const planned = templates.map((template) => {
    if (!template.includes('{major}'))
      throw new InputError(
        `Invalid ${input} '${template}': it has no {major} placeholder. Expected a template such as v{major} or v{major}.{minor}.`
      )
    const line: Line = template.includes('{minor}') ? 'minor' : 'major'
    // checked with a stand-in version too, so a bad template fails whatever the version is
    validateTag(renderTemplate('floating', template, { app, major: '0', minor: '0' }, input), input, template)
    if (!parsed) return { template, line }
    const values = { app, major: String(parsed.major), minor: String(parsed.minor) }
    return { template, line, tag: validateTag(renderTemplate('floating', template, values, input), input, template) }
  })
  const unique = planned.filter((f, i) => f.tag === undefined || planned.findIndex((g) => g.tag === f.tag) === i)
  return [...unique.filter((f) => f.line === 'minor'), ...unique.filter((f) => f.line === 'major')]
}

/**
 * A floating tag follows the highest stable version of its line: it moves to `version` only when
 * no stable version tag of the same major (for `{major}`) or major.minor (for `{major}.{minor}`)
 * in the repository is higher. Releasing v1.2.1 after v1.3.0 moves `v1.2` and leaves `v1` alone.
 */
export function decideFloating(floating: FloatingTag, version: string, existing: readonly unknown[]): MovingDecision {
  const parsed = parseVersion(version)
  const { tag, template } = floating
  if (!parsed || tag === undefined) {
    const why = parsed ? 'is a pre-release' : 'is not a semantic version'
    return { tag: tag ?? template, move: false, why: `${tag ?? template} is left alone: ${version} ${why}` }
  }
  const line = lineName(floating.line, parsed)
  const highest = highestStable(existing, inLine(floating.line, parsed))
  if (highest && parsed.compare(highest.version) < 0) {
    return {
      tag,
      move: false,
      why: `${tag} is left alone: ${version} is lower than ${highest.tag}, already released in ${line}`
    }
  }
  const previous = highest && highest.version.compare(parsed) !== 0 ? ` (previous highest ${highest.tag})` : ''
  const first = highest ? `the highest version of ${line}${previous}` : `the first version of ${line}`
  return { tag, move: true, why: `${tag} follows ${version}: ${first}` }
}

/** Whether `candidate` is in the line of `version`: same major, and for a minor line same minor (`latest`: any). */
export function inLine(line: Line | 'all', version: SemVer): (candidate: SemVer) => boolean {
  if (line === 'all') return () => true
  return (candidate) => candidate.major === version.major && (line === 'major' || candidate.minor === version.minor)
}

function lineName(line: Line, version: SemVer): string {
  return line === 'major' ? `the ${version.major}.x line` : `the ${version.major}.${version.minor}.x line`
}
