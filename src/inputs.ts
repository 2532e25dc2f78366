import { splitCommand } from './build.js'
import { INPUT } from './contract.js'
import { InputError } from './errors.js'
import type { AppPlan, EngineName, LatestPolicy, MaxAge, OnMissing, ReleaseSettings } from './model.js'
import { InvalidReferenceError } from './oci/errors.js'
import { formatRepository, parseRepository, registryHostProblem, type Repository } from './oci/reference.js'
import { planFloatingTags, type FloatingTag } from './moving-tags.js'
import { validateTag } from './tags.js'
import { listPlaceholders, renderTemplate, unknownBuildPlaceholders } from './template.js'

/** rules_oci's `oci_push` target `//<app>:push`, told where to push and which tag to give. */
export const DEFAULT_BUILD_COMMAND = 'bazel run //{app}:push -- --repository {image} --tag {commit-tag}'

/** Every input, read and checked one by one; templates are not rendered yet. */
export interface Inputs {
  apps: string[]
  version: string
  commit: string
  imageTemplate: string
  /** Templates of the repositories the release is published to; empty: the image repository. */
  toTemplates: string[]
  commitTagTemplate: string
  latest: LatestPolicy
  /** Extra tag templates, applied after the version tag. */
  tagTemplates: string[]
  /** Floating tag templates (`v{major}`), moved only forward within their line. */
  floatingTemplates: string[]
  buildCommand: string
  onMissing: OnMissing
  platforms: string[]
  verifyRevision: boolean
  rebuildIfBaseChanged: boolean
  maxAge?: MaxAge
  allowOverwrite: boolean
  dryRun: boolean
  referrers: boolean
  engine: EngineName
  /** Apps processed at once in a batch. */
  concurrency: number
  username?: string
  password?: string
  githubToken?: string
  /** Registries (host or host:port, lower-case) spoken to over plain HTTP. */
  insecureRegistries: string[]
}

/** The explicit credentials: only the credential lookup sees them. */
export interface CredentialInputs {
  username?: string
  password?: string
  githubToken?: string
}

/** A run, ready to go: every app planned, every input checked. */
export interface Config {
  plans: AppPlan[]
  release: ReleaseSettings
  buildCommand: string
  engine: EngineName
  concurrency: number
  insecureRegistries: string[]
  credentials: CredentialInputs
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

function bool(input: string, value: string): boolean {
  if (value.trim() === '') return false
  return oneOf(input, value, ['true', 'false'] as const) === 'true'
}

/** The bounds of a number input; `fallback` when it is empty. */
interface NumberRange {
  fallback: number
  min: number
  max: number
}

/**
 * A number input (or environment variable): decimal digits only, surrounding blanks ignored, within
 * the range. `1e1`, `0x10`, `+8`, `08` and `2.0` are refused rather than guessed at.
 */
export function wholeNumber(input: string, value: string, range: NumberRange): number {
  const { fallback, min, max } = range
  const digits = value.trim()
  if (digits === '') return fallback
  const parsed = /^(?:0|[1-9][0-9]{0,15})$/.test(digits) ? Number(digits) : NaN
  if (!(parsed >= min && parsed <= max)) {
    throw new InputError(
      `Invalid ${input} '${value}'. Expected a whole number from ${min} to ${max}, in decimal digits.`
    )
  }
  return parsed
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/
const APP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/
const COMMIT = /^[0-9a-f]{7,64}$/

/** Reads, checks and plans every input. Nothing here touches the network. */
export function getInputs(read: InputReader, context: RunContext = {}): Config {
  const inputs = readInputs(read, context)
  const { onMissing, latest, allowOverwrite, dryRun, platforms, verifyRevision, referrers } = inputs
  const { rebuildIfBaseChanged, maxAge } = inputs
  const { username, password, githubToken } = inputs
  return {
    // every app's templates are rendered now, so a bad template fails before any network call
    plans: planApps(inputs),
    release: {
      onMissing,
      latest,
      allowOverwrite,
      dryRun,
      platforms,
      verifyRevision,
      referrers,
      rebuildIfBaseChanged,
      maxAge
    },
    buildCommand: inputs.buildCommand,
    engine: inputs.engine,
    concurrency: inputs.concurrency,
    insecureRegistries: inputs.insecureRegistries,
    credentials: { username, password, githubToken }
  }
}

/** Reads and checks each input on its own. */
export function readInputs(read: InputReader, context: RunContext = {}): Inputs {
  // in the order the checks have always run: the first bad input is the one reported
  return {
    apps: readApps(read(INPUT.app)),
    version: readVersion(read(INPUT.version)),
    commit: readCommit(read(INPUT.commit).trim() || context.sha || ''),
    insecureRegistries: readInsecureRegistries(read(INPUT.insecureRegistries)),
    buildCommand: readBuildCommand(read(INPUT.buildCommand)),
    imageTemplate: read(INPUT.image).trim() || defaultImage(context.owner),
    toTemplates: parseList(read(INPUT.to)),
    ...readCredentials(read),
    commitTagTemplate: read(INPUT.commitTag).trim() || '{commit}',
    latest: oneOf(INPUT.latest, read(INPUT.latest) || 'auto', ['auto', 'true', 'false'] as const),
    tagTemplates: parseList(read(INPUT.tags)),
    floatingTemplates: parseList(read(INPUT.floatingTags)),
    onMissing: oneOf(INPUT.onMissing, read(INPUT.onMissing) || 'build', ['build', 'fail', 'defer'] as const),
    verifyRevision: bool(INPUT.verifyRevision, read(INPUT.verifyRevision)),
    rebuildIfBaseChanged: bool(INPUT.rebuildIfBaseChanged, read(INPUT.rebuildIfBaseChanged)),
    maxAge: readMaxAge(read(INPUT.maxAge)),
    allowOverwrite: bool(INPUT.allowOverwrite, read(INPUT.allowOverwrite)),
    dryRun: bool(INPUT.dryRun, read(INPUT.dryRun)),
    // on unless told otherwise: a promotion without its signatures is a different release
    referrers: read(INPUT.referrers).trim() === '' || bool(INPUT.referrers, read(INPUT.referrers)),
    engine: oneOf(INPUT.engine, read(INPUT.engine) || 'registry', ['registry', 'docker', 'auto'] as const),
    concurrency: wholeNumber(INPUT.concurrency, read(INPUT.concurrency), { fallback: 8, min: 1, max: 64 }),
    platforms: readPlatforms(read(INPUT.platforms))
  }
}

function readApps(value: string): string[] {
  const apps = parseList(value)
  if (apps.length === 0)
    throw new InputError(`Input ${INPUT.app} is required: one app name, or several separated by newlines or commas.`)
  for (const app of apps) {
    if (!APP.test(app))
      throw new InputError(
        `Invalid ${INPUT.app} '${app}'. Expected a name of letters, digits, '.', '_' or '-' (at most 128).`
      )
  }
  if (new Set(apps).size !== apps.length) throw new InputError(`Invalid ${INPUT.app}: an app is listed twice.`)
  return apps
}

function readVersion(value: string): string {
  const version = value.trim()
  if (!version) throw new InputError(`Input ${INPUT.version} is required, e.g. v1.0.1.`)
  validateTag(version, INPUT.version)
  if (version === 'latest') {
    throw new InputError(
      `Invalid ${INPUT.version} 'latest'. Expected a release tag such as v1.0.1; the ${INPUT.latest} input decides about latest.`
    )
  }
  return version
}

/** Git writes SHAs in lower case, and so do the tags made from them: `ABC123D` is `abc123d`. */
function readCommit(value: string): string {
  const commit = value.toLowerCase()
  if (!COMMIT.test(commit))
    throw new InputError(`Invalid ${INPUT.commit} '${value}'. Expected a commit SHA of 7 to 64 hexadecimal digits.`)
  return commit
}

/** An absent build command is the default; a blank one, or one whose command word is empty, is a mistake. */
function readBuildCommand(value: string): string {
  if (value === '') return DEFAULT_BUILD_COMMAND
  const command = value.trim()
  try {
    if (command === '') throw new Error('it is blank')
    const [program] = splitCommand(command)
    if (program === undefined) throw new Error('it has no words')
    if (program === '') throw new Error('the command to run is an empty word')
  } catch (error) {
    throw new InputError(
      `Invalid ${INPUT.buildCommand}: ${(error as Error).message}. Expected a command and its arguments (quotes allowed, no shell).`
    )
  }
  const [unknown] = unknownBuildPlaceholders(command)
  if (unknown !== undefined) {
    throw new InputError(
      `Invalid ${INPUT.buildCommand}: unknown placeholder {${unknown}}. Expected any of ${listPlaceholders('build')}.`
    )
  }
  return command
}

function readPlatforms(value: string): string[] {
  const platforms = parseList(value).map((p) => p.toLowerCase())
  for (const platform of platforms) {
    if (!PLATFORM.test(platform))
      throw new InputError(
        `Invalid ${INPUT.platforms} entry '${platform}'. Expected os/architecture[/variant], e.g. linux/arm64.`
      )
  }
  return platforms
}

const DURATION = /^([1-9][0-9]{0,5})([dhm])$/
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 }
/** A hundred years: any longer limit is no limit, and a mistake. */
const MAX_AGE_MS = 36_500 * UNIT_MS.d

/** `30d`, `12h`, `90m`; empty: no limit. */
function readMaxAge(value: string): MaxAge | undefined {
  const text = value.trim().toLowerCase()
  if (text === '') return undefined
  const match = DURATION.exec(text)
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN
  if (!(ms <= MAX_AGE_MS)) {
    throw new InputError(
      `Invalid ${INPUT.maxAge} '${value}'. Expected a whole number and a unit, d (days), h (hours) or m (minutes), e.g. 30d, 12h or 90m, up to 36500d; empty for no limit.`
    )
  }
  return { text, ms }
}

function readCredentials(read: InputReader): CredentialInputs {
  const username = read(INPUT.username).trim() || undefined
  const password = read(INPUT.password) || undefined
  if (Boolean(username) !== Boolean(password)) {
    throw new InputError(`Inputs ${INPUT.username} and ${INPUT.password} go together: give both or neither.`)
  }
  return { username, password, githubToken: read(INPUT.githubToken) || undefined }
}

function readInsecureRegistries(value: string): string[] {
  const registries = parseList(value).map((r) =>
    r
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '')
  )
  for (const registry of registries) {
    const problem = registryHostProblem(registry)
    if (problem !== undefined) {
      throw new InputError(
        `Invalid ${INPUT.insecureRegistries} entry '${registry}': ${problem}. Expected host or host:port, e.g. registry.internal:5000.`
      )
    }
  }
  return registries
}

function defaultImage(owner: string | undefined): string {
  if (!owner) throw new InputError(`Input ${INPUT.image} is required outside GitHub Actions, e.g. ghcr.io/owner/{app}.`)
  return `ghcr.io/${owner}/{app}`
}

/** Renders each app's image, commit tag and target tags; throws InputError on anything invalid. */
export function planApps(inputs: Inputs): AppPlan[] {
  const plans = inputs.apps.map((app) => planApp(app, inputs))
  // two apps in one repository would race for the same version tag and latest
  const byImage = new Map<string, string>()
  for (const plan of plans) {
    const other = byImage.get(plan.image)
    if (other) {
      throw new InputError(
        `Invalid ${INPUT.image} '${inputs.imageTemplate}': apps ${other} and ${plan.app} both release to ${plan.image}. Expected a template with {app} for a batch.`
      )
    }
    byImage.set(plan.image, plan.app)
  }
  refuseSharedDestinations(plans, inputs)
  return plans
}

/** Two apps of a batch publishing to one repository would race for the same tags. */
function refuseSharedDestinations(plans: AppPlan[], inputs: Inputs): void {
  if (inputs.toTemplates.length === 0) return // the images, checked above
  const byDestination = new Map<string, string>()
  for (const plan of plans) {
    for (const destination of plan.destinations.map(formatRepository)) {
      const other = byDestination.get(destination)
      if (other) {
        throw new InputError(
          `Invalid ${INPUT.to} '${inputs.toTemplates.join(', ')}': apps ${other} and ${plan.app} both publish to ${destination}. Expected templates with {app} for a batch.`
        )
      }
      byDestination.set(destination, plan.app)
    }
  }
}

/** The repositories one app is published to: the `to` templates rendered, else its image repository. */
function destinationsOf(app: string, repository: Repository, templates: string[]): Repository[] {
  if (templates.length === 0) return [repository]
  const destinations = templates.map((template) =>
    readRepository(INPUT.to, template, renderTemplate('image', template, { app }, INPUT.to))
  )
  const names = destinations.map(formatRepository)
  const twice = names.find((name, i) => names.indexOf(name) !== i)
  if (twice !== undefined) {
    throw new InputError(
      `Invalid ${INPUT.to}: ${twice} is listed twice (for app ${app}). Expected each repository once.`
    )
  }
  return destinations
}

function planApp(app: string, inputs: Inputs): AppPlan {
  const values = { app, commit: inputs.commit, short: inputs.commit.slice(0, 7), version: inputs.version }
  const repository = repositoryOf(app, inputs.imageTemplate)
  const commitTag = validateTag(
    renderTemplate('tag', inputs.commitTagTemplate, values, INPUT.commitTag),
    INPUT.commitTag,
    inputs.commitTagTemplate
  )
  const extraTags = inputs.tagTemplates.map((template) =>
    validateTag(renderTemplate('tag', template, values, INPUT.tags), INPUT.tags, template)
  )
  if (extraTags.includes('latest')) {
    throw new InputError(
      `Invalid ${INPUT.tags}: 'latest' is governed by the ${INPUT.latest} input (auto, true or false), not listed as a tag.`
    )
  }
  return {
    app,
    repository,
    image: formatRepository(repository),
    commit: inputs.commit,
    version: inputs.version,
    commitTag,
    extraTags: [...new Set(extraTags)].filter((tag) => tag !== inputs.version && tag !== commitTag),
    floatingTags: floatingTagsOf(app, inputs, [inputs.version, commitTag, ...extraTags]),
    destinations: destinationsOf(app, repository, inputs.toTemplates)
  }
}

/** A floating tag may not also be the version, the commit tag or an extra tag: those never move. */
function floatingTagsOf(app: string, inputs: Inputs, fixed: string[]): FloatingTag[] {
  const floating = planFloatingTags(inputs.floatingTemplates, app, inputs.version, INPUT.floatingTags)
  for (const { tag, template } of floating) {
    if (tag === undefined || !fixed.includes(tag)) continue
    throw new InputError(
      `Invalid ${INPUT.floatingTags} '${template}': it renders to '${tag}', which is also the version, the commit tag or an extra tag. Expected a tag that only moves, such as v{major}.`
    )
  }
  return floating
}

function repositoryOf(app: string, template: string): Repository {
  return readRepository(INPUT.image, template, renderTemplate('image', template, { app }, INPUT.image))
}

/**
 * A repository input (`image`, `to`), rendered from `template`: host, port and path are checked,
 * and the error names the input.
 */
function readRepository(input: string, template: string, rendered: string): Repository {
  try {
    // GHCR owners may have capitals, repository names may not; host names ignore case anyway
    return parseRepository(rendered.toLowerCase())
  } catch (error) {
    if (!(error instanceof InvalidReferenceError)) throw error
    throw new InputError(
      `Invalid ${input} '${template}': ${error.message}. Expected registry/path/name with {app}, e.g. ghcr.io/owner/{app}.`
    )
  }
}
