import * as core from '@actions/core'
import { exec } from '@actions/exec'
import { context } from '@actions/github'
import { runBuild, type CommandRunner } from './build.js'
import { AutoEngine } from './engines/auto.js'
import { DockerEngine, dockerCli, privateDockerConfig } from './engines/docker.js'
import type { Engine } from './engines/engine.js'
import { RegistryEngine } from './engines/registry.js'
import { getInputs, planApps, type AppPlan, type Inputs } from './inputs.js'
import { findCredential, secretsOf, type Credential } from './oci/credentials.js'
import { isLoopback } from './oci/reference.js'
import { DEFAULT_RETRY, Transport, type RetryPolicy } from './oci/transport.js'
import { InputError } from './tags.js'
import { mapLimit, oneAtATime } from './batch.js'
import { releaseApp, messageOf, type AppResult, type Logger, type ReleasePath } from './release.js'
import { summaryTable } from './summary.js'

/** Output names as action.yml spells them. */
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

const execRunner: CommandRunner = (command, args, env) =>
  exec(command, args, { env: { ...(process.env as Record<string, string>), ...env }, ignoreReturnCode: true })

/** The action: read inputs, release each app, report. The only place that fails the step. */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs((name) => core.getInput(name), { sha: context.sha, owner: process.env.GITHUB_REPOSITORY_OWNER })
    const plans = planApps(inputs)
    const credentials = await credentialsFor(inputs, [...new Set(plans.map((p) => p.repository.registry))])
    const { engine, cleanup } = await engineFor(inputs, credentials)
    const build = oneAtATime((plan: AppPlan) => core.group(`Build ${plan.app}`, () => runBuild(plan, inputs.buildCommand, execRunner)))

    let results: AppResult[]
    try {
      results = await mapLimit(plans, inputs.concurrency, (plan) =>
        inGroup(`Release ${plan.app} ${plan.version}`, plans.length > 1, (log) => releaseApp(plan, inputs, { engine, log, build }))
      )
    } finally {
      await cleanup()
    }
    setOutputs(results)
    await writeSummary(results, inputs.dryRun)

    const failed = results.filter((r) => r.path === 'fail')
    const list = failed.map((r) => `${r.app}: ${r.reason}`).join('\n')
    if (failed.length > 0) core.setFailed(results.length === 1 ? list : `${failed.length} of ${results.length} apps failed:\n${list}`)
  } catch (error) {
    core.setFailed(messageOf(error))
  }
}

/**
 * Runs one app's release inside a log group. Apps of a batch run at once, so their lines are
 * held back and printed as one group when the app is done, instead of interleaving.
 */
async function inGroup<T>(title: string, buffered: boolean, task: (log: Logger) => Promise<T>): Promise<T> {
  if (!buffered) return core.group(title, () => task({ info: core.info, warning: core.warning, debug: core.debug }))
  const lines: Array<() => void> = []
  const log: Logger = {
    info: (message) => lines.push(() => core.info(message)),
    warning: (message) => lines.push(() => core.warning(message)),
    debug: (message) => lines.push(() => core.debug(message))
  }
  try {
    return await task(log)
  } finally {
    core.startGroup(title)
    for (const line of lines) line()
    core.endGroup()
  }
}

/** The credential of each registry (undefined: anonymous), every secret in it masked. */
async function credentialsFor(inputs: Inputs, registries: string[]): Promise<Map<string, Credential | undefined>> {
  const credentials = new Map<string, Credential | undefined>()
  for (const registry of registries) {
    const found = await findCredential(registry, { ...inputs, warn: core.warning })
    if (found) {
      for (const secret of secretsOf(found.credential)) core.setSecret(secret)
      core.info(`Using credentials for ${registry} from ${found.source}`)
    }
    credentials.set(registry, found?.credential)
  }
  return credentials
}

/**
 * The engine the `engine` input asks for. One transport per registry: one connection pool and
 * one token cache shared by all its apps. The docker CLI gets the explicit credentials through
 * a private DOCKER_CONFIG, otherwise it uses its own login.
 */
async function engineFor(inputs: Inputs, credentials: Map<string, Credential | undefined>): Promise<{ engine: Engine; cleanup: () => Promise<void> }> {
  const insecure = (registry: string): boolean => isLoopback(registry) || inputs.insecureRegistries.includes(registry)
  const transports = new Map<string, Transport>()
  for (const [registry, credential] of credentials) {
    transports.set(
      registry,
      new Transport({ registry, credential, insecure: insecure(registry), ...tuning(process.env), onSecret: core.setSecret, debug: core.debug })
    )
  }
  const registryEngine = new RegistryEngine((registry) => transports.get(registry)!, !inputs.dryRun)
  if (inputs.engine === 'registry') return { engine: registryEngine, cleanup: async () => {} }

  let env: NodeJS.ProcessEnv = process.env
  let cleanup = async (): Promise<void> => {}
  if (inputs.username && inputs.password) {
    const explicit = new Map([...credentials].filter((entry): entry is [string, Credential] => entry[1] !== undefined))
    const config = await privateDockerConfig(explicit)
    env = { ...process.env, DOCKER_CONFIG: config.dir }
    cleanup = config.cleanup
  }
  const docker = new DockerEngine(dockerCli(env), { insecure, reader: registryEngine })
  const engine = inputs.engine === 'docker' ? docker : new AutoEngine(registryEngine, docker, core.warning)
  return { engine, cleanup }
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

function overallPath(results: AppResult[]): ReleasePath | 'mixed' {
  const paths = new Set(results.map((r) => r.path))
  return paths.size === 1 ? results[0].path : paths.has('fail') ? 'fail' : 'mixed'
}

function setOutputs(results: AppResult[]): void {
  const first = results[0]
  core.setOutput(OUTPUT.path, overallPath(results))
  core.setOutput(OUTPUT.retagged, String(results.every((r) => r.path === 'retag')))
  core.setOutput(OUTPUT.image, first.image)
  core.setOutput(OUTPUT.digest, first.digest ?? '')
  core.setOutput(OUTPUT.tags, results.flatMap((r) => r.tags).join('\n'))
  core.setOutput(OUTPUT.reason, results.map((r) => r.reason).filter(Boolean).join('\n'))
  core.setOutput(OUTPUT.result, JSON.stringify(results))
  core.setOutput(OUTPUT.deferred, JSON.stringify(results.filter((r) => r.path === 'defer').map((r) => r.app)))
  core.setOutput(OUTPUT.engine, [...new Set(results.map((r) => r.engine).filter(Boolean))].join(','))
}

async function writeSummary(results: AppResult[], dryRun: boolean): Promise<void> {
  try {
    await core.summary.addHeading(dryRun ? 'Image release (dry run: nothing written)' : 'Image release', 3).addTable(summaryTable(results)).write()
  } catch (error) {
    // outside a runner there is no summary file: the outputs still say everything
    core.debug(`no job summary: ${messageOf(error)}`)
  }
}
