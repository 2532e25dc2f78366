import type { FloatingTag } from './moving-tags.js'
import type { Repository } from './oci/reference.js'

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
}

/** The inputs the release decision reads, and nothing else (no credential). */
export interface ReleaseSettings {
  onMissing: OnMissing
  latest: LatestPolicy
  allowOverwrite: boolean
  dryRun: boolean
  platforms: string[]
  verifyRevision: boolean
}

export type ReleasePath = 'retag' | 'build' | 'defer' | 'fail'

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
