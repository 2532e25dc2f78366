import type { FloatingTag } from './moving-tags.js'
import type { Repository } from './oci/reference.js'
import type { ReuseCheck } from './reuse.js'

/** The engines a run may choose; a result names the one that found or wrote the image. */
export type EngineName = 'registry' | 'docker' | 'auto'

export type OnMissing = 'build' | 'fail' | 'defer'

export type LatestPolicy = 'auto' | 'true' | 'false'

/** What one app's release needs, fully rendered and validated. */
export interface AppPlan {
  app: string
  repository: Repository
  /** `ghcr.io/owner/app` */
  image: string
  commit: string
  version: string
  commitTag: string
  /** Extra tags (the `tags` input), rendered for this app. */
  extraTags: string[]
  /** The `floating-tags`, rendered for this app and version, minor lines first. */
  floatingTags: FloatingTag[]
  /** Where the release is published (the `to` input): `repository` itself unless told otherwise. */
  destinations: Repository[]
}

/** The inputs the release decision reads, and nothing else (no credential). */
export interface ReleaseSettings {
  onMissing: OnMissing
  latest: LatestPolicy
  allowOverwrite: boolean
  dryRun: boolean
  platforms: string[]
  verifyRevision: boolean
  /** Not reusable when the base the image records has moved since the build. */
  rebuildIfBaseChanged: boolean
  /** Not reusable when the image was created longer ago; undefined: no limit. */
  maxAge?: MaxAge
  /** Copy what refers to the digest (signatures, attestations, SBOMs) along with a promotion. */
  referrers: boolean
}

/** A `max-age`, as given (`30d`) and in milliseconds. */
export interface MaxAge {
  text: string
  ms: number
}

export type ReleasePath = 'retag' | 'build' | 'defer' | 'fail'

/** What a release did in one destination repository. */
export interface DestinationResult {
  /** `ghcr.io/owner/app` */
  repository: string
  /** Full references in this repository that point at the digest after the release. */
  tags: string[]
  /** Full references this run wrote here (in a dry run: would write). */
  written: string[]
  /** Blobs the destination got by a mount, by a streamed copy, or had already. */
  blobs: { mounted: number; copied: number; skipped: number }
  /** Bytes streamed to this destination. */
  bytes: number
  /** Referrers (signatures, attestations, SBOMs) copied here. */
  referrers: number
  /** Why `latest` was or was not moved here. */
  latest?: string
  /** Why each floating tag was or was not moved here. */
  floating?: string[]
  /** Why this destination failed; the others are not rolled back. */
  error?: string
}

/** What the release decision came to for one app. */
export interface ReleaseOutcome {
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
  /** Why each floating tag was or was not moved, in the order they are written. */
  floating?: string[]
  /** The engine that found or wrote the image. */
  engine?: EngineName
  /** What each enabled reuse check found of the commit image, when it was found. */
  checks?: ReuseCheck[]
  /** One entry per destination repository, once the release got as far as tagging. */
  destinations?: DestinationResult[]
}

/** What happened to one app: the `result` output holds one of these per app. */
export interface AppResult extends ReleaseOutcome {
  app: string
  image: string
  dryRun: boolean
  durationMs: number
}

export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

/** Runs a program without a shell and resolves to its exit code; tests inject their own. */
export type CommandRunner = (command: string, args: string[], env: Record<string, string>) => Promise<number>

/** What the action and the CLI each provide: where lines go, how secrets are hidden, how builds run. */
export interface Host {
  log: Logger
  /** Hide this value wherever it would be printed. */
  setSecret(secret: string): void
  /** Runs one app's release with a logger of its own; `batch` says other apps run at the same time. */
  appGroup<T>(plan: AppPlan, batch: boolean, task: (log: Logger) => Promise<T>): Promise<T>
  /** Runs the build command (without a shell) and resolves to its exit code. */
  runner: CommandRunner
}
