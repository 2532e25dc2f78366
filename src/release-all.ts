import { mapLimit, oneAtATime } from './concurrency.js'
import { runBuild } from './build.js'
import type { Config } from './inputs.js'
import type { AppPlan, AppResult, Host } from './model.js'
import { releaseApp } from './release.js'
import { createEngines, findCredentials, networkSettingsFromEnv, registriesOf } from './wiring.js'

/**
 * Releases every app of the config: credentials of every registry (images and destinations), engine, then each app (`concurrency` at once,
 * builds one at a time). Shared by the action and the CLI, which hand in their environment.
 */
export async function releaseAll(config: Config, host: Host, env: NodeJS.ProcessEnv): Promise<AppResult[]> {
  const { plans } = config
  const network = networkSettingsFromEnv(env) // validated before any request
  const credentials = await findCredentials(registriesOf(plans), config.credentials, host, env)
  const { engine, buildTagger, bases, cleanup } = await createEngines(config, credentials, { env, host, network })
  const build = oneAtATime((plan: AppPlan) => runBuild(plan, config.buildCommand, host.runner))
  try {
    return await mapLimit(plans, config.concurrency, (plan) =>
      host.appGroup(plan, plans.length > 1, (log) =>
        releaseApp(plan, config.release, { engine, buildTagger, bases, log, build })
      )
    )
  } finally {
    await cleanup()
  }
}
