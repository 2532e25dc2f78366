import { BaseImages } from './base-image.js'
import { dockerCli, privateDockerConfig, type DockerCli } from './engines/docker-cli.js'
import { DockerEngine } from './engines/docker.js'
import type { Engine } from './engines/engine.js'
import { FallbackEngine } from './engines/fallback.js'
import { RegistryEngine } from './engines/registry.js'
import { wholeNumber, type Config, type CredentialInputs } from './inputs.js'
import type { AppPlan, Host } from './model.js'
import { secretsOf } from './oci/auth.js'
import { defaultDockerConfigDir, findCredential, type FoundCredential } from './oci/keychain.js'
import { proxiedFetch, proxySettingsFrom } from './oci/proxy.js'
import { isLoopback } from './oci/reference.js'
import { DEFAULT_RETRY, type RetryPolicy } from './oci/retry.js'
import { Transport } from './oci/transport.js'
import { VERSION } from './version.js'

/** The credential of each registry; undefined: anonymous. */
export type Credentials = Map<string, FoundCredential | undefined>

/** Timeouts and retry bounds: the defaults, or what the environment says. */
export interface NetworkSettings {
  timeoutMs?: number
  retry: RetryPolicy
}

/** The engines a run uses, and what to remove afterwards. */
export interface Engines {
  engine: Engine
  /** Tags what a build pushed, where that differs from `engine`. */
  buildTagger?: Engine
  /** Resolves the bases images record, with `rebuild-if-base-changed`. */
  bases?: BaseImages
  cleanup: () => Promise<void>
}

export interface WiringContext {
  env: NodeJS.ProcessEnv
  host: Host
  network: NetworkSettings
  /** The docker CLI for an environment; tests inject their own. */
  docker?: (env: NodeJS.ProcessEnv) => DockerCli
}

/** An hour: longer than any request or retry budget should take, far below setTimeout's 2^31 - 1 ms. */
const HOUR_MS = 3_600_000

/**
 * Network tuning for unusual networks and for tests: timeouts and retry bounds from the
 * environment, each a decimal whole number within its range (an error names the variable).
 */
export function networkSettingsFromEnv(env: NodeJS.ProcessEnv): NetworkSettings {
  const number = (name: string, fallback: number, min: number, max: number): number =>
    wholeNumber(name, env[name] ?? '', { fallback, min, max })
  // unset: the transport's own default
  const timeoutMs = env.IMAGE_RETAG_TIMEOUT_MS?.trim() ? number('IMAGE_RETAG_TIMEOUT_MS', 0, 100, HOUR_MS) : undefined
  const attempts = number('IMAGE_RETAG_RETRY_ATTEMPTS', DEFAULT_RETRY.attempts, 1, 100)
  const totalMs = number('IMAGE_RETAG_RETRY_TOTAL_MS', DEFAULT_RETRY.totalMs, 0, HOUR_MS)
  return { timeoutMs, retry: { ...DEFAULT_RETRY, attempts, totalMs } }
}

/** The registries a run speaks to: where the images are (the `username`/`password` inputs are theirs), and where they go. */
export interface RunRegistries {
  images: string[]
  destinations: string[]
}

/** The registries of every app's image and of every destination, each once. */
export function registriesOf(plans: AppPlan[]): RunRegistries {
  return {
    images: [...new Set(plans.map((p) => p.repository.registry))],
    destinations: [...new Set(plans.flatMap((p) => p.destinations.map((d) => d.registry)))]
  }
}

/**
 * The credential of each registry: for the image registry the username/password inputs first;
 * then docker's config.json and its helpers (one docker/login-action per registry); else for
 * ghcr.io the github-token. Every secret in it is masked.
 */
export async function findCredentials(
  registries: RunRegistries,
  explicit: CredentialInputs,
  host: Host,
  env: NodeJS.ProcessEnv
): Promise<Credentials> {
  const credentials: Credentials = new Map()
  const fromConfig = { dockerConfigDir: defaultDockerConfigDir(env), warn: host.log.warning }
  const imageSources = { ...fromConfig, username: explicit.username, password: explicit.password }
  for (const registry of new Set([...registries.images, ...registries.destinations])) {
    const sources = registries.images.includes(registry) ? imageSources : fromConfig
    const found = (await findCredential(registry, sources)) ?? githubTokenFor(registry, explicit.githubToken)
    if (found) {
      for (const secret of secretsOf(found.credential)) host.setSecret(secret)
      host.log.info(`Using credentials for ${registry} from ${found.source}`)
    }
    credentials.set(registry, found)
  }
  return credentials
}

function githubTokenFor(registry: string, token: string | undefined): FoundCredential | undefined {
  if (registry !== 'ghcr.io' || !token) return undefined
  // GHCR accepts any user name with a token as the password
  return {
    credential: { kind: 'basic', username: 'x-access-token', password: token },
    source: 'github-token',
    fromDockerConfig: false
  }
}

/**
 * The engine the `engine` input asks for. One transport per registry (images and destinations
 * alike): one connection pool and one token cache shared by all its apps. The docker CLI gets the explicit credentials through
 * a private DOCKER_CONFIG, otherwise it uses its own login.
 */
export async function createEngines(
  config: Config,
  credentials: Credentials,
  context: WiringContext
): Promise<Engines> {
  const { host } = context
  const insecure = (registry: string): boolean => isLoopback(registry) || config.insecureRegistries.includes(registry)
  const transports = new Map<string, Transport>()
  for (const [registry, found] of credentials) {
    transports.set(registry, transportFor(registry, found, insecure, context))
  }
  const registryEngine = new RegistryEngine((registry) => transports.get(registry)!, !config.release.dryRun)
  const bases = config.release.rebuildIfBaseChanged
    ? new BaseImages(
        baseTransports(
          transports,
          config,
          (registry, found) => transportFor(registry, found, insecure, context),
          context
        )
      )
    : undefined
  if (config.engine === 'registry') return { engine: registryEngine, bases, cleanup: async () => {} }

  const { env, cleanup } = await dockerEnvironment(credentials, context.env)
  const docker = new DockerEngine((context.docker ?? dockerCli)(env), {
    insecure,
    reader: registryEngine,
    warn: host.log.warning
  })
  if (config.engine === 'auto')
    return { engine: new FallbackEngine(registryEngine, docker, host.log.warning), bases, cleanup }
  // a fresh build is tagged through the registry API where the docker CLI cannot write
  return { engine: docker, buildTagger: new FallbackEngine(docker, registryEngine, host.log.warning), bases, cleanup }
}

/**
 * The transport of each base registry, made when a base first needs it. A registry the release
 * already speaks to keeps its transport; any other gets its own credential the way docker finds
 * one (config.json, helpers; the github-token for ghcr.io), or none: the username/password inputs
 * belong to the release's registries and never go to a base's.
 */
function baseTransports(
  known: Map<string, Transport>,
  config: Config,
  make: (registry: string, found: FoundCredential | undefined) => Transport,
  context: WiringContext
): (registry: string) => Promise<Transport> {
  const made = new Map<string, Promise<Transport>>()
  const { host, env } = context
  const create = async (registry: string): Promise<Transport> => {
    const sources = { dockerConfigDir: defaultDockerConfigDir(env), warn: host.log.warning }
    const found = (await findCredential(registry, sources)) ?? githubTokenFor(registry, config.credentials.githubToken)
    if (found) {
      for (const secret of secretsOf(found.credential)) host.setSecret(secret)
      host.log.info(`Using credentials for ${registry} (a base image's registry) from ${found.source}`)
    }
    return make(registry, found)
  }
  return (registry) => {
    const transport = known.get(registry)
    if (transport) return Promise.resolve(transport)
    if (!made.has(registry)) made.set(registry, create(registry))
    return made.get(registry)!
  }
}

function transportFor(
  registry: string,
  found: FoundCredential | undefined,
  insecure: (registry: string) => boolean,
  context: WiringContext
): Transport {
  const { env, host, network } = context
  return new Transport({
    registry,
    credential: found?.credential,
    insecure: insecure(registry),
    plainHttp: insecure,
    clientId: 'image-retag-action',
    fetch: proxiedFetch(proxySettingsFrom(env)),
    userAgent: `image-retag-action/${VERSION}`,
    ...network,
    onSecret: host.setSecret,
    debug: host.log.debug
  })
}

/** The docker CLI's environment: credentials docker would not find itself go into a private config. */
async function dockerEnvironment(
  credentials: Credentials,
  env: NodeJS.ProcessEnv
): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  const handOver = new Map(
    [...credentials].flatMap(([registry, found]) =>
      found && !found.fromDockerConfig ? [[registry, found.credential] as const] : []
    )
  )
  if (handOver.size === 0) return { env, cleanup: async () => {} }
  const config = await privateDockerConfig(defaultDockerConfigDir(env), handOver, env.RUNNER_TEMP || undefined)
  return { env: { ...env, DOCKER_CONFIG: config.dir }, cleanup: config.cleanup }
}
