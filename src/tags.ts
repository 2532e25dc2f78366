// the one function the tag policy needs: the whole of semver (ranges and all) is start-up time
import parse from 'semver/functions/parse.js'
import type { SemVer } from 'semver'
import { InputError } from './errors.js'
import type { LatestPolicy } from './model.js'
import { isValidTag } from './oci/reference.js'

const TAG_FORMAT = 'an OCI tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}'

export function validateTag(tag: string, input: string, template?: string): string {
  if (!isValidTag(tag)) {
    const from = template && template !== tag ? ` (from '${template}')` : ''
    throw new InputError(`Invalid ${input} '${tag}'${from}. Expected ${TAG_FORMAT}.`)
  }
  return tag
}

export interface LatestDecision {
  move: boolean
  /** Said in the log and the summary. */
  why: string
}

/** `v1.2.3` or `1.2.3`, strictly: `v1.2` or `release-1` are not versions `latest` can follow. */
export function parseVersion(tag: string): SemVer | null {
  return parse(tag.replace(/^v(?=\d)/, ''))
}

/**
 * Where the tag list `latest: auto` reads starts (`last=`), so a busy repository's commit tags are
 * not read page by page. A `v`-prefixed version lists the tags after `v`: that holds every
 * `v`-prefixed version, while commit tags (hex, `sha-…`) sort before it; such a version is
 * compared with the `v`-prefixed versions. A version without prefix starts with a digit, and so
 * do half the hex commit tags: no start skips them, so it reads the whole list and is compared
 * with every version, prefixed or not.
 */
export function tagListStart(version: string): string | undefined {
  return /^v\d/.test(version) ? 'v' : undefined
}

/** Whether `latest: auto` needs the repository's tag list to decide. */
export function needsTagList(policy: LatestPolicy, version: string): boolean {
  const parsed = parseVersion(version)
  return policy === 'auto' && parsed !== null && parsed.prerelease.length === 0
}

/**
 * `auto` moves `latest` only to a stable version at least as high as every stable version
 * already tagged, so re-releasing an old commit never moves `latest` backwards. Pre-release
 * tags in the repository do not hold `latest` back: `latest` is for stable releases.
 */
export function decideLatest(policy: LatestPolicy, version: string, existing: readonly unknown[] = []): LatestDecision {
  if (policy === 'true') return { move: true, why: `latest follows ${version}: the latest input is true` }
  if (policy === 'false') return { move: false, why: 'latest is left alone because the latest input is false' }
  const parsed = parseVersion(version)
  if (!parsed) return { move: false, why: `latest is left alone: ${version} is not a semantic version` }
  if (parsed.prerelease.length > 0) return { move: false, why: `latest is left alone: ${version} is a pre-release` }
  const highest = highestStable(existing)
  if (highest && parsed.compare(highest.version) < 0) {
    return { move: false, why: `latest is left alone: ${version} is lower than ${highest.tag}, already released` }
  }
  if (!highest) return { move: true, why: `latest follows ${version}: the first version` }
  return { move: true, why: `latest follows ${version}: the highest version so far (previous highest ${highest.tag})` }
}

/** A stable version (`v1.2.3`, `1.2.3`, no pre-release), or null. */
export function parseStable(tag: string): SemVer | null {
  const version = parseVersion(tag)
  return version && version.prerelease.length === 0 ? version : null
}

/**
 * The highest stable version among the tags (within a line, when `within` says which versions
 * count); entries that are not valid tags (null, numbers) are ignored.
 */
export function highestStable(
  tags: readonly unknown[],
  within: (version: SemVer) => boolean = () => true
): { tag: string; version: SemVer } | undefined {
  let highest: { tag: string; version: SemVer } | undefined
  for (const tag of tags) {
    if (typeof tag !== 'string' || !isValidTag(tag)) continue
    const version = parseStable(tag)
    if (!version || !within(version)) continue
    if (!highest || version.compare(highest.version) > 0) highest = { tag, version }
  }
  return highest
}
