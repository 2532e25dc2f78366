import { neutralise } from './oci/text.js'

/** What the registry says about a commit image, read only when a reuse check needs it. */
export interface ImageFacts {
  /** `os/architecture[/variant]` of every image in it (one for a single manifest). */
  platforms: string[]
  /**
   * Every `org.opencontainers.image.revision` found, as the image says it: annotations of the index,
   * of its entries and of the image manifests, and the labels of the image configs.
   */
  revisions: string[]
}

export interface ReuseRules {
  /** Platforms the image must contain, `linux/arm64` or `linux/arm/v7`. */
  platforms: string[]
  /** Require every revision label present to name the commit. */
  verifyRevision: boolean
  commit: string
}

export const REVISION_LABEL = 'org.opencontainers.image.revision'

/** Characters of a contradicting revision shown in `reason`: a SHA-256 commit is 64. */
const REVISION_SHOWN = 80

export function needsImageFacts(rules: ReuseRules): boolean {
  return rules.platforms.length > 0 || rules.verifyRevision
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
 * Why the commit image must not be reused (the `reason` output), or undefined when it may be.
 * The seed's "smart cache invalidation": an image without a required platform, or built from
 * another commit than its tag claims, is rebuilt rather than released.
 */
export function whyNotReusable(facts: ImageFacts, rules: ReuseRules): string | undefined {
  const missing = rules.platforms.filter((wanted) => !facts.platforms.some((p) => platformMatches(wanted, p)))
  if (missing.length > 0) return `missing-platform: ${missing.join(', ')}`
  if (rules.verifyRevision) {
    const wrong = facts.revisions.find((revision) => !sameCommit(revision, rules.commit))
    // the label is the image's text: it goes into the log and the outputs escaped and capped
    if (wrong !== undefined) return `revision-mismatch: ${neutralise(wrong, REVISION_SHOWN)}`
  }
  return undefined
}
