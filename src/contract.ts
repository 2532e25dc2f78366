/** Input names as action.yml spells them; the CLI's flags are the same names. */
export const INPUT = {
  app: 'app',
  version: 'version',
  commit: 'commit',
  image: 'image',
  commitTag: 'commit-tag',
  latest: 'latest',
  tags: 'tags',
  floatingTags: 'floating-tags',
  buildCommand: 'build-command',
  onMissing: 'on-missing',
  platforms: 'platforms',
  verifyRevision: 'verify-revision',
  rebuildIfBaseChanged: 'rebuild-if-base-changed',
  maxAge: 'max-age',
  allowOverwrite: 'allow-overwrite',
  dryRun: 'dry-run',
  engine: 'engine',
  concurrency: 'concurrency',
  username: 'username',
  password: 'password',
  githubToken: 'github-token',
  insecureRegistries: 'insecure-registries',
  to: 'to',
  referrers: 'referrers'
} as const

export type InputName = (typeof INPUT)[keyof typeof INPUT]

/** Inputs that are `true` or `false`: a bare `--flag` on the command line. */
export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set([
  INPUT.verifyRevision,
  INPUT.rebuildIfBaseChanged,
  INPUT.allowOverwrite,
  INPUT.dryRun,
  INPUT.referrers
])

/** Inputs that are secrets: never a command-line flag, where every process could read them. */
export const SECRET_INPUTS: ReadonlySet<InputName> = new Set([INPUT.password, INPUT.githubToken])

export const OUTPUT = {
  path: 'path',
  retagged: 'retagged',
  image: 'image',
  digest: 'digest',
  tags: 'tags',
  reason: 'reason',
  result: 'result',
  deferred: 'deferred',
  engine: 'engine'
} as const
