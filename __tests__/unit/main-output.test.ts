// What leaves the action: every log line, output, summary cell and failure message has the run's
// secrets taken out and cannot start a workflow command, whatever a registry or an image said.
import { beforeEach, describe, expect, jest, test } from '@jest/globals'
import type { Config } from '../../src/inputs.js'
import type { AppResult, Host } from '../../src/model.js'
import * as core from '../fixtures/fakes/core.js'
import { result } from '../fixtures/data.js'

const releaseAll = jest.fn<(config: Config, host: Host) => Promise<AppResult[]>>()
jest.unstable_mockModule('../../src/runner.js', () => core)
jest.unstable_mockModule('../../src/release-all.js', () => ({ releaseAll }))
const { run } = await import('../../src/main.js')

const ENV = { GITHUB_SHA: 'abc123def4567890abc123def4567890abc12345' }
const TOKEN = 'tok-3c7e1'
const BASIC = Buffer.from(`u:${TOKEN}`).toString('base64')
const HOSTILE = `mismatch\n::add-mask::${TOKEN}\n  ::error title=x::pwned\r::warning::y ##[error]z`

/** Every text the fake core was handed: log lines, outputs, summary cells, the failure. */
function everythingShown(): string[] {
  const logged = [core.info, core.warning, core.debug, core.setFailed].flatMap((fn) => fn.mock.calls.map(([m]) => m))
  const cells = core.summaryState.rows.flat().map((cell) => JSON.stringify(cell))
  return [...logged.map(String), ...Object.values(core.outputs()), ...cells]
}

function expectNoCommandLine(text: string): void {
  for (const line of text.split(/\r\n|\r|\n/)) {
    expect(line.trimStart()).not.toMatch(/^::/)
    expect(line).not.toContain('##[')
  }
}

beforeEach(() => {
  core.reset()
  releaseAll.mockReset()
  core.inputs.set('app', 'api')
  core.inputs.set('version', 'v1.0.1')
  core.inputs.set('image', 'ghcr.io/o/{app}')
})

describe('run: what leaves the action', () => {
  test('a secret echoed by a registry is masked and taken out of log lines, outputs, summary and failure', async () => {
    releaseAll.mockImplementation(async (_config, host) => {
      host.setSecret(TOKEN)
      host.setSecret(BASIC)
      host.log.warning(`pushing: DENIED (Authorization: Basic ${BASIC} refused)`)
      host.log.info(`token ${TOKEN}`)
      return [result({ path: 'fail', reason: `check-failed: DENIED (bad token ${TOKEN}, Basic ${BASIC})` })]
    })
    await run(ENV)
    expect(core.setSecret.mock.calls.map(([s]) => s)).toEqual([TOKEN, BASIC])
    const shown = everythingShown()
    expect(shown.join('\n')).not.toContain(TOKEN)
    expect(shown.join('\n')).not.toContain(BASIC)
    expect(core.outputs().reason).toBe('check-failed: DENIED (bad token ***, Basic ***)')
    expect(JSON.parse(core.outputs().result)[0].reason).toBe(core.outputs().reason)
    expect(core.setFailed).toHaveBeenCalledWith('api: check-failed: DENIED (bad token ***, Basic ***)')
    expect(core.info).toHaveBeenCalledWith('token ***')
  })

  test('registry text cannot start a workflow command in a log line, an output or the summary', async () => {
    releaseAll.mockImplementation(async (_config, host) => {
      host.log.info(`Found it but not reusing it (${HOSTILE}), will build`)
      host.log.warning(HOSTILE)
      host.log.debug(HOSTILE)
      return [result({ path: 'build', reason: `revision-mismatch: ${HOSTILE}`, latest: HOSTILE, tags: [HOSTILE] })]
    })
    await run(ENV)
    for (const text of everythingShown()) expectNoCommandLine(text)
    expect(core.outputs().reason).toBe(
      'revision-mismatch: mismatch\n\\::add-mask::tok-3c7e1\n  \\::error title=x::pwned\\u000d::warning::y ##\\[error]z'
    )
    const reasonCell = String(core.summaryState.rows[1][5])
    expect(reasonCell).toContain('<br>')
    expect(reasonCell.replaceAll('<br>', '')).not.toMatch(/[\n\r<>]/)
  })

  test('the held lines of a batch go through the same guard', async () => {
    core.inputs.set('app', 'api,web')
    releaseAll.mockImplementation(async (config, host) =>
      Promise.all(
        config.plans.map((plan) =>
          host.appGroup(plan, true, async (log) => {
            host.setSecret(TOKEN)
            log.info(`${plan.app}: ${HOSTILE}`)
            return result({ app: plan.app })
          })
        )
      )
    )
    await run(ENV)
    expect(core.startGroup).toHaveBeenCalledTimes(2)
    for (const text of everythingShown()) {
      expectNoCommandLine(text)
      expect(text).not.toContain(TOKEN)
    }
  })

  test('a thrown error is guarded and redacted too', async () => {
    releaseAll.mockImplementation(async (_config, host) => {
      host.setSecret(TOKEN)
      throw new Error(`registry said\n::add-mask::${TOKEN}`)
    })
    await run(ENV)
    expect(core.setFailed).toHaveBeenCalledWith('registry said\n\\::add-mask::***')
  })
})
