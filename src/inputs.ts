import { formatRepository, isValidRegistryHost, parseRepository, type Repository } from './oci/reference.js'
import { InvalidReferenceError } from './oci/errors.js'
import { InputError, renderTemplate, validateTag, type LatestPolicy } from './tags.js'
import { BUILD_PLACEHOLDERS, splitCommand, unknownPlaceholders } from './build.js'

/** Input names as action.yml spells them; nothing else repeats them. */
export const INPUT = {
  app: 'app',
  version: 'version',
  commit: 'commit',
  image: 'image',
  commitTag: 'commit-tag',
  latest: 'latest',
  tags: 'tags',
  buildCommand: 'build-command',
  onMissing: 'on-missing',
  platforms: 'platforms',
  verifyRevision: 'verify-revision',
  allowOverwrite: 'allow-overwrite',
  dryRun: 'dry-run',
  engine: 'engine',
  concurrency: 'concurrency',
  username: 'username',
  password: 'password',
  githubToken: 'github-token',
  insecureRegistries: 'insecure-registries'
} as const

export const DEFAULT_COMMIT_TAG = '{commit}'
/** rules_oci's `oci_push` target `//<app>:push`, told where to push and which tag to give. */
export const DEFAULT_BUILD_COMMAND = 'bazel run //{app}:push -- --repository {image} --tag {commit-tag}'

export type OnMissing = 'build' | 'fail' | 'defer'
export type EngineName = 'registry' | 'docker' | 'auto'

export interface Inputs {
  apps: string[]
  version: string
  commit: string
  imageTemplate: string
  commitTagTemplate: string
  latest: LatestPolicy
  /** Extra tag templates, applied after the version tag. */
  tagTemplates: string[]
  buildCommand: string
  onMissing: OnMissing
  platforms: string[]
  verifyRevision: boolean
  allowOverwrite: boolean
  dryRun: boolean
  engine: EngineName
  /** Apps processed at once in a batch. */
  concurrency: number
  username?: string
  password?: string
  githubToken?: string
  /** Registries (host or host:port, lower-case) spoken to over plain HTTP. */
  insecureRegistries: string[]
}

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
}

/** Reads an input by name; an absent input is ''. */
export type InputReader = (name: string) => string

/** Where the action runs: fills defaults that come from the workflow. */
export interface RunContext {
  sha?: string
  owner?: string
}

/** Newline- or comma-separated list, trimmed, empty entries dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

function oneOf<T extends string>(input: string, value: string, allowed: readonly T[]): T {
  const normalised = value.trim().toLowerCase()
  if ((allowed as readonly string[]).includes(normalised)) return normalised as T
  throw new InputError(`Invalid ${input} '${value}'. Expected one of: ${allowed.join(', ')}.`)
}

function bool(input: string, value: string, fallback: boolean): boolean {
  if (value.trim() === '') return fallback
  return oneOf(input, value, ['true', 'false'] as const) === 'true'
}

function wholeNumber(input: string, value: string, fallback: number, min: number, max: number): number {
  if (value.trim() === '') return fallback
  const parsed = Number(value.trim())
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new InputError(`Invalid ${input} '${value}'. Expected a whole number from ${min} to ${max}.`)
  }
  return parsed
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/
const APP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/
const COMMIT = /^[0-9a-fA-F]{7,64}$/

/** Reads and validates every input. Nothing here touches the network. */
export function getInputs(read: InputReader, context: RunContext = {}): Inputs {
  const apps = parseList(read(INPUT.app))
  if (apps.length === 0) throw new InputError(`Input ${INPUT.app} is required: one app name, or several separated by newlines or commas.`)
  for (const app of apps) {
    if (!APP.test(app)) throw new InputError(`Invalid ${INPUT.app} '${app}'. Expected a name of letters, digits, '.', '_' or '-' (at most 128).`)
  }
  if (new Set(apps).size !== apps.length) throw new InputError(`Invalid ${INPUT.app}: an app is listed twice.`)

  const version = read(INPUT.version).trim()
  if (!version) throw new InputError(`Input ${INPUT.version} is required, e.g. v1.0.1.`)
  validateTag(version, INPUT.version)
  if (version === 'latest') throw new InputError(`Invalid ${INPUT.version} 'latest'. Expected a release tag such as v1.0.1; the ${INPUT.latest} input decides about latest.`)

  const commit = read(INPUT.commit).trim() || context.sha || ''
  if (!COMMIT.test(commit)) {
    throw new InputError(`Invalid ${INPUT.commit} '${commit}'. Expected a commit SHA of 7 to 64 hexadecimal digits.`)
  }

  const insecureRegistries = parseList(read(INPUT.insecureRegistries)).map((r) => r.toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, ''))
  for (const registry of insecureRegistries) {
    if (!isValidRegistryHost(registry)) throw new InputError(`Invalid ${INPUT.insecureRegistries} entry '${registry}'. Expected host or host:port.`)
  }

  const buildCommand = read(INPUT.buildCommand).trim() || DEFAULT_BUILD_COMMAND
  try {
    if (splitCommand(buildCommand).length === 0) throw new Error('it is empty')
  } catch (error) {
    throw new InputError(`Invalid ${INPUT.buildCommand}: ${(error as Error).message}. Expected a command and its arguments (quotes allowed, no shell).`)
  }
  const unknown = unknownPlaceholders(buildCommand)
  if (unknown.length > 0) {
    throw new InputError(`Invalid ${INPUT.buildCommand}: unknown placeholder {${unknown[0]}}. Expected any of ${BUILD_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`)
  }

  const imageTemplate = read(INPUT.image).trim() || defaultImage(context.owner)
  const username = read(INPUT.username).trim() || undefined
  const password = read(INPUT.password) || undefined
  if (Boolean(username) !== Boolean(password)) {
    throw new InputError(`Inputs ${INPUT.username} and ${INPUT.password} go together: give both or neither.`)
  }

  const inputs: Inputs = {
    apps,
    version,
    commit,
    imageTemplate,
    commitTagTemplate: read(INPUT.commitTag).trim() || DEFAULT_COMMIT_TAG,
    latest: oneOf(INPUT.latest, read(INPUT.latest) || 'auto', ['auto', 'true', 'false'] as const),
    tagTemplates: parseList(read(INPUT.tags)),
    buildCommand,
    onMissing: oneOf(INPUT.onMissing, read(INPUT.onMissing) || 'build', ['build', 'fail', 'defer'] as const),
    platforms: parseList(read(INPUT.platforms)).map((p) => p.toLowerCase()),
    verifyRevision: bool(INPUT.verifyRevision, read(INPUT.verifyRevision), false),
    allowOverwrite: bool(INPUT.allowOverwrite, read(INPUT.allowOverwrite), false),
    dryRun: bool(INPUT.dryRun, read(INPUT.dryRun), false),
    engine: oneOf(INPUT.engine, read(INPUT.engine) || 'registry', ['registry', 'docker', 'auto'] as const),
    concurrency: wholeNumber(INPUT.concurrency, read(INPUT.concurrency), 8, 1, 64),
    username,
    password,
    githubToken: read(INPUT.githubToken) || undefined,
    insecureRegistries
  }
  for (const platform of inputs.platforms) {
    if (!PLATFORM.test(platform)) throw new InputError(`Invalid ${INPUT.platforms} entry '${platform}'. Expected os/architecture[/variant], e.g. linux/arm64.`)
  }
  // render every app's templates now, so a bad template fails before any network call
  planApps(inputs)
  return inputs
}

/** Renders each app's image, commit tag and target tags; throws InputError on anything invalid. */
export function planApps(inputs: Inputs): AppPlan[] {
  const plans = inputs.apps.map((app) => {
    const values = { app, commit: inputs.commit, short: inputs.commit.slice(0, 7), version: inputs.version }
    // GHCR owners may have capitals, repository names may not; host names ignore case anyway
    const image = renderTemplate(inputs.imageTemplate, { app }, INPUT.image).toLowerCase()
    let repository: Repository
    try {
      repository = parseRepository(image)
    } catch (error) {
      if (!(error instanceof InvalidReferenceError)) throw error
      throw new InputError(`Invalid ${INPUT.image} '${inputs.imageTemplate}': ${error.message}. Expected registry/path/name with {app}, e.g. ghcr.io/owner/{app}.`)
    }
    const commitTag = validateTag(renderTemplate(inputs.commitTagTemplate, values, INPUT.commitTag), INPUT.commitTag, inputs.commitTagTemplate)
    const extraTags = inputs.tagTemplates.map((template) => validateTag(renderTemplate(template, values, INPUT.tags), INPUT.tags, template))
    if (extraTags.includes('latest')) {
      throw new InputError(`Invalid ${INPUT.tags}: 'latest' is governed by the ${INPUT.latest} input (auto, true or false), not listed as a tag.`)
    }
    return {
      app,
      repository,
      image: formatRepository(repository),
      commit: inputs.commit,
      version: inputs.version,
      commitTag,
      extraTags: [...new Set(extraTags)].filter((tag) => tag !== inputs.version && tag !== commitTag)
    }
  })
  // two apps in one repository would race for the same version tag and latest
  const byImage = new Map<string, string>()
  for (const plan of plans) {
    const other = byImage.get(plan.image)
    if (other) throw new InputError(`Invalid ${INPUT.image} '${inputs.imageTemplate}': apps ${other} and ${plan.app} both release to ${plan.image}. Expected a template with {app} for a batch.`)
    byImage.set(plan.image, plan.app)
  }
  return plans
}

function defaultImage(owner: string | undefined): string {
  if (!owner) throw new InputError(`Input ${INPUT.image} is required outside GitHub Actions, e.g. ghcr.io/owner/{app}.`)
  return `ghcr.io/${owner}/{app}`
}
