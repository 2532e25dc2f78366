import { beforeEach, describe, expect, jest, test } from '@jest/globals'
import * as core from '../fixtures/fakes/core.js'

jest.unstable_mockModule('../../src/runner.js', () => core)
const { run } = await import('../../src/main.js')

// loopback port 1: refused at once, so the check fails without a registry
const IMAGE = '127.0.0.1:1/o/{app}'
const ENV = {
  GITHUB_SHA: 'abc123def4567890abc123def4567890abc12345',
  IMAGE_RETAG_RETRY_ATTEMPTS: '1',
  DOCKER_CONFIG: '/nonexistent-docker-config'
}

function given(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) core.inputs.set(name, value)
}

beforeEach(() => core.reset())

describe('run', () => {
  test('a bad input fails the step once, naming the input; no output, no summary', async () => {
    given({ app: 'api', version: 'v1;x', image: IMAGE })
    await run(ENV)
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed.mock.calls[0][0]).toMatch(/^Invalid version 'v1;x'/)
    expect(core.setOutput).not.toHaveBeenCalled()
    expect(core.summary.write).not.toHaveBeenCalled()
  })

  test('a failed app: every output, a summary row, and one setFailed with the reason', async () => {
    given({ app: 'api', version: 'v1.0.1', image: IMAGE, 'on-missing': 'fail' })
    await run(ENV)
    const outputs = core.outputs()
    expect(Object.keys(outputs).sort()).toEqual([
      'deferred',
      'digest',
      'engine',
      'image',
      'path',
      'reason',
      'result',
      'retagged',
      'tags'
    ])
    expect(outputs).toMatchObject({
      path: 'fail',
      retagged: 'false',
      image: '127.0.0.1:1/o/api',
      digest: '',
      tags: '',
      deferred: '[]',
      engine: ''
    })
    expect(outputs.reason).toMatch(/^check-failed: .*; on-missing is fail, so nothing was built$/)
    // the commit input is not given: GITHUB_SHA is the commit
    expect(JSON.parse(outputs.result)).toEqual([
      expect.objectContaining({ app: 'api', path: 'fail', reason: outputs.reason })
    ])
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('Could not check for an existing image of commit abc123d')
    )

    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed).toHaveBeenCalledWith(`api: ${outputs.reason}`)
    expect(core.summaryState.heading).toBe('Image release')
    expect(core.summaryState.rows).toHaveLength(2)
    expect(core.group).toHaveBeenCalledWith('Release api v1.0.1', expect.any(Function))
  })

  test('a deferred batch in a dry run: no failure, each app logged as one group, the dry-run heading', async () => {
    given({ app: 'api,web', version: 'v1.0.1', image: IMAGE, 'on-missing': 'defer', 'dry-run': 'true' })
    await run(ENV)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.outputs()).toMatchObject({ path: 'defer', deferred: '["api","web"]', retagged: 'false' })
    expect(core.group).not.toHaveBeenCalled()
    expect(core.startGroup.mock.calls.map(([title]) => title).sort()).toEqual([
      'Release api v1.0.1',
      'Release web v1.0.1'
    ])
    expect(core.endGroup).toHaveBeenCalledTimes(2)
    expect(core.info).toHaveBeenCalledWith(expect.stringContaining('Deferring the build of web'))
    expect(core.summaryState.heading).toBe('Image release (dry run: nothing written)')
  })

  test('no summary file outside a runner: a debug line, the step still passes', async () => {
    core.summaryState.fail = true
    given({ app: 'api', version: 'v1.0.1', image: IMAGE, 'on-missing': 'defer' })
    await run(ENV)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.debug).toHaveBeenCalledWith(expect.stringMatching(/^no job summary: /))
  })

  test('credentials from the inputs are masked and named in the log', async () => {
    given({ app: 'api', version: 'v1.0.1', image: IMAGE, 'on-missing': 'defer', username: 'u', password: 's3cret' })
    await run(ENV)
    expect(core.setSecret).toHaveBeenCalledWith('s3cret')
    expect(core.info).toHaveBeenCalledWith('Using credentials for 127.0.0.1:1 from inputs')
  })

  test('a bad network setting in the environment fails the step before any request', async () => {
    given({ app: 'api', version: 'v1.0.1', image: IMAGE })
    await run({ ...ENV, IMAGE_RETAG_TIMEOUT_MS: 'soon' })
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed).toHaveBeenCalledWith(
      "Invalid IMAGE_RETAG_TIMEOUT_MS 'soon'. Expected a whole number from 100 to 3600000, in decimal digits."
    )
  })
})
