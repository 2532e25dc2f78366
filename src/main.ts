import * as core from '@actions/core'
import { exec } from '@actions/exec'
import { context } from '@actions/github'
import { runBuild, type CommandRunner } from './build.js'
import { RegistryEngine } from './engines/registry.js'
import { getInputs, planApps, type Inputs } from './inputs.js'
import { findCredential, secretsOf } from './oci/credentials.js'
import { Transport } from './oci/transport.js'
import { releaseApp, messageOf, type AppResult, type ReleasePath } from './release.js'
import { summaryTable } from './summary.js'

/** Output names as action.yml spells them. */
export const OUTPUT = {
  path: 'path',
  retagged: 'retagged',
  image: 'image',
  digest: 'digest',
  tags: 'tags',
  reason: 'reason',
  result: 'result'
} as const

const execRunner: CommandRunner = (command, args, env) =>
  exec(command, args, { env: { ...(process.env as Record<string, string>), ...env }, ignoreReturnCode: true })

/** The action: read inputs, release each app, report. The only place that fails the step. */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs((name) => core.getInput(name), { sha: context.sha, owner: process.env.GITHUB_REPOSITORY_OWNER })
    const plans = planApps(inputs)
    const transports = await transportsFor(inputs, [...new Set(plans.map((p) => p.repository.registry))])
    const engine = new RegistryEngine((registry) => transports.get(registry)!, !inputs.dryRun)
    const log = { info: core.info, warning: core.warning, debug: core.debug }

    const results: AppResult[] = []
    for (const plan of plans) {
      const result = await core.group(`Release ${plan.app} ${plan.version}`, () =>
        releaseApp(plan, inputs, { engine, log, build: (p) => runBuild(p, inputs.buildCommand, execRunner) })
      )
      results.push(result)
    }
    setOutputs(results)
    await writeSummary(results, inputs.dryRun)

    const failed = results.filter((r) => r.path === 'fail')
    if (failed.length > 0) core.setFailed(failed.map((r) => `${r.app}: ${r.reason}`).join('\n'))
  } catch (error) {
    core.setFailed(messageOf(error))
  }
}

/** One transport per registry: one connection pool and one token cache shared by all its apps. */
async function transportsFor(inputs: Inputs, registries: string[]): Promise<Map<string, Transport>> {
  const transports = new Map<string, Transport>()
  for (const registry of registries) {
    const found = await findCredential(registry, { ...inputs, warn: core.warning })
    if (found) {
      for (const secret of secretsOf(found.credential)) core.setSecret(secret)
      core.info(`Using credentials for ${registry} from ${found.source}`)
    }
    transports.set(
      registry,
      new Transport({
        registry,
        credential: found?.credential,
        insecure: inputs.insecureRegistries.includes(registry),
        onSecret: core.setSecret,
        debug: core.debug
      })
    )
  }
  return transports
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
}

async function writeSummary(results: AppResult[], dryRun: boolean): Promise<void> {
  try {
    await core.summary.addHeading(dryRun ? 'Image release (dry run: nothing written)' : 'Image release', 3).addTable(summaryTable(results)).write()
  } catch (error) {
    // outside a runner there is no summary file: the outputs still say everything
    core.debug(`no job summary: ${messageOf(error)}`)
  }
}
