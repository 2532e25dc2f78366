import { buildEnvironment } from './build.js'
import { INPUT, OUTPUT } from './contract.js'
import { explain, messageOf } from './errors.js'
import { getInputs } from './inputs.js'
import type { AppPlan, AppResult, CommandRunner, Host, Logger } from './model.js'
import { cleanStrings, failureMessage, outgoing, overallPath, Redactor, summaryTable } from './report.js'
import * as core from './runner.js'

/**
 * The action: read inputs, release each app, report. The only place that fails the step. No text
 * leaves it (log line, output, summary, failure) without its secrets taken out and guarded.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = new Redactor()
  const out = outgoing(redactor)
  try {
    // the runner's own variables: all @actions/github's context would add is start-up time
    const config = getInputs(readInput, { sha: env.GITHUB_SHA, owner: env.GITHUB_REPOSITORY_OWNER })
    // loaded only once the inputs are good: a run rejected for bad input loads no HTTP client
    const { releaseAll } = await import('./release-all.js')
    const results = cleanStrings(await releaseAll(config, actionHost(env, redactor), env), out)
    setOutputs(results)
    await writeSummary(results, config.release.dryRun)
    const failure = failureMessage(results)
    if (failure) core.setFailed(failure)
  } catch (error) {
    core.setFailed(out(explain(error)))
  }
}

/** An input as given; only a build command is left untrimmed, so a blank one is told from an absent one. */
function readInput(name: string): string {
  return core.getInput(name, { trimWhitespace: name !== INPUT.buildCommand })
}

/** @actions/core's log, every line through `out`. */
function coreLogger(out: (text: string) => string): Logger {
  return {
    info: (message) => core.info(out(message)),
    warning: (message) => core.warning(out(message)),
    debug: (message) => core.debug(out(message))
  }
}

function actionHost(env: NodeJS.ProcessEnv, redactor: Redactor): Host {
  const log = coreLogger(outgoing(redactor))
  const runner: CommandRunner = async (command, args, values) => {
    const { exec } = await import('@actions/exec')
    return exec(command, args, { env: buildEnvironment(env, values), ignoreReturnCode: true })
  }
  const setSecret = (secret: string): void => {
    core.setSecret(secret)
    redactor.add(secret)
  }
  return { log, setSecret, appGroup: (plan, batch, task) => inGroup(log, { plan, batch }, task), runner }
}

/**
 * Runs one app's release inside a log group. Apps of a batch run at once, so their lines are
 * held back and printed as one group when the app is done, instead of interleaving (a build's
 * own output, streamed as it runs, stays outside: log groups do not nest).
 */
async function inGroup<T>(
  log: Logger,
  app: { plan: AppPlan; batch: boolean },
  task: (log: Logger) => Promise<T>
): Promise<T> {
  const title = `Release ${app.plan.app} ${app.plan.version}`
  if (!app.batch) return core.group(title, () => task(log))
  const lines: Array<() => void> = []
  const held: Logger = {
    info: (message) => lines.push(() => log.info(message)),
    warning: (message) => lines.push(() => log.warning(message)),
    debug: (message) => lines.push(() => log.debug(message))
  }
  try {
    return await task(held)
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
  core.setOutput(
    OUTPUT.reason,
    results
      .map((r) => r.reason)
      .filter(Boolean)
      .join('\n')
  )
  core.setOutput(OUTPUT.result, JSON.stringify(results))
  core.setOutput(OUTPUT.deferred, JSON.stringify(results.filter((r) => r.path === 'defer').map((r) => r.app)))
  core.setOutput(OUTPUT.engine, [...new Set(results.map((r) => r.engine).filter(Boolean))].join(','))
}

async function writeSummary(results: AppResult[], dryRun: boolean): Promise<void> {
  try {
    await core.summary
      .addHeading(dryRun ? 'Image release (dry run: nothing written)' : 'Image release', 3)
      .addTable(summaryTable(results))
      .write()
  } catch (error) {
    // outside a runner there is no summary file: the outputs still say everything
    core.debug(`no job summary: ${messageOf(error)}`)
  }
}
