import * as core from '@actions/core'
import { exec } from '@actions/exec'
import { buildEnvironment, type CommandRunner } from './build.js'
import { getInputs, type AppPlan } from './inputs.js'
import { messageOf } from './errors.js'
import type { AppResult, Logger } from './release.js'
import { failureMessage, overallPath, releaseAll, type Io } from './release-all.js'
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

const execRunner: CommandRunner = (command, args, env) => exec(command, args, { env: buildEnvironment(process.env, env), ignoreReturnCode: true })

/** The action: read inputs, release each app, report. The only place that fails the step. */
export async function run(): Promise<void> {
  try {
    // the runner's own variables: all @actions/github's context would add is start-up time
    const inputs = getInputs((name) => core.getInput(name), { sha: process.env.GITHUB_SHA, owner: process.env.GITHUB_REPOSITORY_OWNER })
    const results = await releaseAll(inputs, actionIo)
    setOutputs(results)
    await writeSummary(results, inputs.dryRun)
    const failure = failureMessage(results)
    if (failure) core.setFailed(failure)
  } catch (error) {
    core.setFailed(messageOf(error))
  }
}

const coreLog: Logger = { info: core.info, warning: core.warning, debug: core.debug }

const actionIo: Io = {
  log: coreLog,
  setSecret: core.setSecret,
  appGroup: inGroup,
  runner: execRunner
}

/**
 * Runs one app's release inside a log group. Apps of a batch run at once, so their lines are
 * held back and printed as one group when the app is done, instead of interleaving (a build's
 * own output, streamed as it runs, stays outside: log groups do not nest).
 */
async function inGroup<T>(plan: AppPlan, batch: boolean, task: (log: Logger) => Promise<T>): Promise<T> {
  const title = `Release ${plan.app} ${plan.version}`
  if (!batch) return core.group(title, () => task(coreLog))
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
