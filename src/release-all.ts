import { mapLimit, oneAtATime } from './batch.js'
import { runBuild, type CommandRunner } from './build.js'
import { AutoEngine } from './engines/auto.js'
import { DockerEngine, dockerCli, privateDockerConfig } from './engines/docker.js'
import type { Engine } from './engines/engine.js'
import { RegistryEngine } from './engines/registry.js'
import { planApps, type AppPlan, type Inputs } from './inputs.js'
import { secretsOf } from './oci/auth.js'
import { defaultDockerConfigDir, findCredential, type FoundCredential } from './oci/keychain.js'
import { isLoopback } from './oci/reference.js'
import { DEFAULT_RETRY, type RetryPolicy } from './oci/retry.js'
import { Transport } from './oci/transport.js'
import { releaseApp, type AppResult, type Logger, type ReleasePath } from './release.js'
import { InputError } from './tags.js'
import { VERSION } from './version.js'

/** What the action and the CLI each provide: where lines go, how secrets are hidden, how builds run. */
export interface Io {
  log: Logger
  /** Hide this value wherever it would be printed. */
  setSecret(secret: string): void
  /** Runs one app's release with a logger of its own; `batch` says other apps run at the same time. */
  appGroup<T>(plan: AppPlan, batch: boolean, task: (log: Logger) => Promise<T>): Promise<T>
  /** Runs the build command (without a shell) and resolves to its exit code. */
  runner: CommandRunner
}

/**
 * Releases every app of the inputs: credentials, engine, then each app (`concurrency` at once,
 * builds one at a time). Shared by the action and the CLI.
 */
export async function releaseAll(inputs: Inputs, io: Io): Promise<AppResult[]> {
  const plans = planApps(inputs)
  const network = tuning(process.env) // validated before any request
  const credentials = await credentialsFor(inputs, [...new Set(plans.map((p) => p.repository.registry))], io)
  const { engine, afterBuild, cleanup } = await engineFor(inputs, credentials, network, io)
  const build = oneAtATime((plan: AppPlan) => runBuild(plan, inputs.buildCommand, io.runner))
  try {
    return await mapLimit(plans, inputs.concurrency, (plan) =>
      io.appGroup(plan, plans.length > 1, (log) => releaseApp(plan, inputs, { engine, afterBuild, log, build }))
    )
  } finally {
    await cleanup()
  }
}

/** The credential of each registry (undefined: anonymous), every secret in it masked. */
async function credentialsFor(inputs: Inputs, registries: string[], io: Io): Promise<Map<string, FoundCredential | undefined>> {
  const credentials = new Map<string, FoundCredential | undefined>()
  for (const registry of registries) {
    const sources = { ...inputs, dockerConfigDir: defaultDockerConfigDir(process.env), warn: io.log.warning }
    const found = (await findCredential(registry, sources)) ?? githubTokenCredential(registry, inputs.githubToken)
    if (found) {
      for (const secret of secretsOf(found.credential)) io.setSecret(secret)
      io.log.info(`Using credentials for ${registry} from ${found.source}`)
    }
    credentials.set(registry, found)
  }
  return credentials
}

/** The last source, for ghcr.io only: the workflow's GITHUB_TOKEN. */
function githubTokenCredential(registry: string, githubToken: string | undefined): FoundCredential | undefined {
  if (registry !== 'ghcr.io' || !githubToken) return undefined
  // GHCR accepts any user name with a token as the password
  const credential = { kind: 'basic' as const, username: 'x-access-token', password: githubToken }
  return { credential, source: 'github-token', fromDockerConfig: false }
}

/**
 * The engine the `engine` input asks for. One transport per registry: one connection pool and
 * one token cache shared by all its apps. The docker CLI gets the explicit credentials through
 * a private DOCKER_CONFIG, otherwise it uses its own login.
 */
async function engineFor(
  inputs: Inputs,
  credentials: Map<string, FoundCredential | undefined>,
  network: ReturnType<typeof tuning>,
  io: Io
): Promise<{ engine: Engine; afterBuild?: Engine; cleanup: () => Promise<void> }> {
  const insecure = (registry: string): boolean => isLoopback(registry) || inputs.insecureRegistries.includes(registry)
  const transports = new Map<string, Transport>()
  for (const [registry, found] of credentials) {
    const credential = found?.credential
    transports.set(
      registry,
      new Transport({
        registry,
        credential,
        insecure: insecure(registry),
        userAgent: `image-retag-action/${VERSION}`,
        env: process.env,
        ...network,
        onSecret: io.setSecret,
        debug: io.log.debug
      })
    )
  }
  const registryEngine = new RegistryEngine((registry) => transports.get(registry)!, !inputs.dryRun)
  if (inputs.engine === 'registry') return { engine: registryEngine, cleanup: async () => {} }

  let env: NodeJS.ProcessEnv = process.env
  let cleanup = async (): Promise<void> => {}
  // credentials docker would not find itself are handed to it through a private config
  const handOver = new Map([...credentials].flatMap(([registry, found]) => (found && !found.fromDockerConfig ? [[registry, found.credential] as const] : [])))
  if (handOver.size > 0) {
    const config = await privateDockerConfig(defaultDockerConfigDir(process.env), handOver)
    env = { ...process.env, DOCKER_CONFIG: config.dir }
    cleanup = config.cleanup
  }
  const docker = new DockerEngine(dockerCli(env), { insecure, reader: registryEngine })
  if (inputs.engine === 'auto') return { engine: new AutoEngine(registryEngine, docker, io.log.warning), cleanup }
  // a fresh build is tagged through the registry API where the docker CLI cannot write
  return { engine: docker, afterBuild: new AutoEngine(docker, registryEngine, io.log.warning), cleanup }
}

/** Network tuning for unusual networks and for tests: timeouts and retry bounds from the environment. */
export function tuning(env: NodeJS.ProcessEnv): { timeoutMs?: number; retry: RetryPolicy } {
  const number = (name: string): number | undefined => {
    const value = env[name]
    if (value === undefined || value === '') return undefined
    if (!/^\d+$/.test(value)) throw new InputError(`Invalid ${name} '${value}'. Expected a whole number.`)
    return Number(value)
  }
  return {
    timeoutMs: number('IMAGE_RETAG_TIMEOUT_MS'),
    retry: { ...DEFAULT_RETRY, attempts: number('IMAGE_RETAG_RETRY_ATTEMPTS') ?? DEFAULT_RETRY.attempts, totalMs: number('IMAGE_RETAG_RETRY_TOTAL_MS') ?? DEFAULT_RETRY.totalMs }
  }
}

export function overallPath(results: AppResult[]): ReleasePath | 'mixed' {
  const paths = new Set(results.map((r) => r.path))
  return paths.size === 1 ? results[0].path : paths.has('fail') ? 'fail' : 'mixed'
}

/** The step's failure message: every failed app and why. */
export function failureMessage(results: AppResult[]): string | undefined {
  const failed = results.filter((r) => r.path === 'fail')
  if (failed.length === 0) return undefined
  const list = failed.map((r) => `${r.app}: ${r.reason}`).join('\n')
  return results.length === 1 ? list : `${failed.length} of ${results.length} apps failed:\n${list}`
}
