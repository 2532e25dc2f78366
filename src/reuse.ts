import type { MaxAge } from './model.js'
import { neutralise } from './oci/text.js'

/** A base image an image records, as it records it: text from the image, validated before use. */
export interface RecordedBase {
  /** `org.opencontainers.image.base.name` ('' when only the digest is recorded). */
  name: string
  /** `org.opencontainers.image.base.digest` ('' when only the name is recorded). */
  digest: string
  /** The platform of the image that records it; undefined for the index's own record. */
  platform?: string
}

/** What the registry says about a commit image, read only when a reuse check needs it. */
export interface ImageFacts {
  /** `os/architecture[/variant]` of every image in it (one for a single manifest). */
  platforms: string[]
  /**
   * Every `org.opencontainers.image.revision` found, as the image says it: annotations of the index,
   * of its entries and of the image manifests, and the labels of the image configs.
   */
  revisions: string[]
  /** Every base recorded (index, entries, image manifests); only when asked for. */
  bases?: RecordedBase[]
  /**
   * Creation times as recorded: the index's own, else one per image (its annotation, else its
   * config's `created`; undefined where it records none). Only when asked for.
   */
  created?: Array<string | undefined>
}

/** What a reuse check needs read; `readPlatforms` defaults to true, the others to false. */
export interface FactsRequest {
  readRevisions: boolean
  readPlatforms?: boolean
  readBases?: boolean
  readCreated?: boolean
}

export interface ReuseRules {
  /** Platforms the image must contain, `linux/arm64` or `linux/arm/v7`. */
  platforms: string[]
  /** Require every revision label present to name the commit. */
  verifyRevision: boolean
  commit: string
  /** Not reusable when a recorded base has moved since the build. */
  rebuildIfBaseChanged?: boolean
  /** Not reusable when created longer ago than this. */
  maxAge?: MaxAge
}

/** The input that asked for a check, as the `checks` of a result name it. */
export type CheckName = 'platforms' | 'verify-revision' | 'rebuild-if-base-changed' | 'max-age'

/**
 * What one reuse check found. `fail` makes the image not reusable (its detail is the reason);
 * `unknown` could not tell and lets the image be reused with a warning; `not-applicable` had
 * nothing to check.
 */
export interface ReuseCheck {
  check: CheckName
  outcome: 'pass' | 'fail' | 'unknown' | 'not-applicable'
  detail: string
}

export const REVISION_LABEL = 'org.opencontainers.image.revision'

/** Characters of a contradicting revision shown in `reason`: a SHA-256 commit is 64. */
const REVISION_SHOWN = 80
/** A creation time this far ahead of the clock is a clock's skew, not a time in the future. */
const CLOCK_SKEW_MS = 5 * 60_000
/** RFC 3339, as Go and every builder write it: `2026-08-01T12:00:00Z`, `…T12:00:00.123456789+02:00`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/

export function needsImageFacts(rules: ReuseRules): boolean {
  return rules.platforms.length > 0 || rules.verifyRevision || Boolean(rules.rebuildIfBaseChanged || rules.maxAge)
}

/** What the enabled checks need read, and nothing more. */
export function factsRequest(rules: ReuseRules): FactsRequest {
  return {
    readRevisions: rules.verifyRevision,
    readPlatforms: rules.platforms.length > 0,
    readBases: Boolean(rules.rebuildIfBaseChanged),
    readCreated: rules.maxAge !== undefined
  }
}

/** `linux/arm64` matches `linux/arm64/v8`; a variant, when asked for, must match (arm64 means v8). */
export function platformMatches(wanted: string, available: string): boolean {
  const [os, arch, variant] = wanted.toLowerCase().split('/')
  const [aOs, aArch, aVariant] = available.toLowerCase().split('/')
  if (os !== aOs || arch !== aArch) return false
  if (!variant) return true
  const normal = (v: string | undefined): string | undefined => v ?? (arch === 'arm64' ? 'v8' : undefined)
  return normal(variant) === normal(aVariant)
}

/** A revision names the commit when one is a prefix of the other (short SHAs), at least 7 digits. */
function sameCommit(revision: string, commit: string): boolean {
  const a = revision.trim().toLowerCase()
  const b = commit.toLowerCase()
  return a.length >= 7 && (a.startsWith(b) || b.startsWith(a))
}

/**
 * What the checks on the image's own facts found: platforms, revision and age, each when enabled.
 * The seed's "smart cache invalidation": an image without a required platform, built from another
 * commit than its tag claims, or older than allowed, is rebuilt rather than released.
 */
export function judgeFacts(facts: ImageFacts, rules: ReuseRules, now: number): ReuseCheck[] {
  const checks: ReuseCheck[] = []
  if (rules.platforms.length > 0) checks.push(platformCheck(facts, rules.platforms))
  if (rules.verifyRevision) checks.push(revisionCheck(facts, rules.commit))
  if (rules.maxAge) checks.push(judgeAge(facts.created ?? [], rules.maxAge, now))
  return checks
}

/** Why the commit image must not be reused (the `reason` output), or undefined when it may be. */
export function whyNotReusable(facts: ImageFacts, rules: ReuseRules, now = Date.now()): string | undefined {
  return judgeFacts(facts, rules, now).find((check) => check.outcome === 'fail')?.detail
}

function platformCheck(facts: ImageFacts, platforms: string[]): ReuseCheck {
  const missing = platforms.filter((wanted) => !facts.platforms.some((p) => platformMatches(wanted, p)))
  if (missing.length > 0)
    return { check: 'platforms', outcome: 'fail', detail: `missing-platform: ${missing.join(', ')}` }
  return { check: 'platforms', outcome: 'pass', detail: `has ${platforms.join(', ')}` }
}

function revisionCheck(facts: ImageFacts, commit: string): ReuseCheck {
  const wrong = facts.revisions.find((revision) => !sameCommit(revision, commit))
  // the label is the image's text: it goes into the log and the outputs escaped and capped
  if (wrong !== undefined)
    return {
      check: 'verify-revision',
      outcome: 'fail',
      detail: `revision-mismatch: ${neutralise(wrong, REVISION_SHOWN)}`
    }
  const detail = facts.revisions.length > 0 ? 'every recorded revision names the commit' : 'no revision recorded'
  return { check: 'verify-revision', outcome: 'pass', detail }
}

/**
 * The age check. The oldest image counts. A time that is missing, unreadable, in the future (past
 * a clock's skew) or the Unix epoch (a reproducible build's placeholder, no build time) says
 * nothing of the age: with a `max-age` set, such an image is not reused (`age-unknown: …`).
 */
export function judgeAge(created: Array<string | undefined>, maxAge: MaxAge, now: number): ReuseCheck {
  const unknown = (why: string): ReuseCheck => ({
    check: 'max-age',
    outcome: 'fail',
    detail: `age-unknown: ${why}, max-age ${maxAge.text}`
  })
  if (created.length === 0 || created.includes(undefined)) return unknown('no creation time recorded')
  const times = (created as string[]).map((text) => ({ text, ms: RFC3339.test(text) ? Date.parse(text) : NaN }))
  const bad = times.find((t) => Number.isNaN(t.ms))
  if (bad) return unknown(`the creation time "${neutralise(bad.text, 40)}" is no RFC 3339 time`)
  if (times.some((t) => t.ms === 0)) return unknown('created at the Unix epoch, a reproducible build placeholder')
  const ahead = times.find((t) => t.ms > now + CLOCK_SKEW_MS)
  if (ahead) return unknown(`created ${new Date(ahead.ms).toISOString()}, in the future`)
  const oldest = Math.min(...times.map((t) => t.ms))
  const built = new Date(oldest).toISOString().slice(0, 10)
  if (now - oldest > maxAge.ms)
    return { check: 'max-age', outcome: 'fail', detail: `too-old: built ${built}, max-age ${maxAge.text}` }
  return { check: 'max-age', outcome: 'pass', detail: `built ${built}, within max-age ${maxAge.text}` }
}
