import { describe, expect, test } from '@jest/globals'
import { TagMismatchError } from '../../src/engines/engine.js'
import { TagConflictError } from '../../src/errors.js'
import type { ReleaseSettings } from '../../src/model.js'
import { conflictError, planTags, readTargets, writePlanned, type TagJob, type TargetState } from '../../src/tagging.js'
import type { FoundImage } from '../../src/engines/engine.js'
import { DIGEST, image, OTHER, plan, REPO, SETTINGS } from '../fixtures/data.js'
import { scriptedEngine, type EngineScript } from '../fixtures/fakes/engine.js'

const ref = (tag: string): string => `ghcr.io/o/api:${tag}`
const THIRD = `sha256:${'f'.repeat(64)}`

function setup(script: EngineScript, settings: Partial<ReleaseSettings> = {}) {
  const { engine, calls } = scriptedEngine(script)
  const warnings: string[] = []
  const log = { info: () => {}, warning: (m: string) => void warnings.push(m), debug: () => {} }
  const job: TagJob = {
    plan: plan({ extraTags: ['stable'] }),
    settings: { ...SETTINGS, ...settings },
    engine,
    log,
    repository: REPO
  }
  return { engine, calls, warnings, job }
}

/** One destination's release as the promotion does it: plan (conflicts stop it), then write and read back. */
async function applyTags(found: FoundImage, targets: TargetState, job: TagJob) {
  const planned = planTags(found, targets, job)
  if (planned.conflicts.length > 0) throw conflictError(found, planned.conflicts, job.plan)
  return writePlanned(found, planned, job)
}

describe('readTargets', () => {
  test('latest: auto looks up the version and extra tags whatever the tag list says, in one round with the list', async () => {
    let listed!: (tags: string[]) => void
    const { engine, calls } = setup({ current: { 'v1.0.1': OTHER } })
    engine.listTags.mockImplementation(() => new Promise((resolve) => (listed = resolve)))
    const reading = readTargets(plan({ extraTags: ['stable'] }), 'auto', engine, REPO)
    await new Promise((resolve) => setImmediate(resolve))
    // every look-up was asked before the list answered: one round trip, not two
    expect(calls.resolve).toEqual([['v1.0.1', 'stable', 'latest']])
    listed(['v0.9.0']) // a list that lags: v1.0.1 is not in it
    const targets = await reading
    expect(targets.current.get('v1.0.1')).toBe(OTHER)
    expect(targets.existing).toEqual(['v0.9.0'])
  })

  test('a version tag missing from the tag list but present on another digest is a conflict', async () => {
    const { job } = setup({ current: { 'v1.0.1': OTHER }, tagList: ['v0.9.0'] })
    const targets = await readTargets(job.plan, 'auto', job.engine, REPO)
    await expect(
      applyTags(image(), targets, { ...job, settings: { ...job.settings, latest: 'auto' } })
    ).rejects.toThrow(TagConflictError)
  })

  test('latest: false reads no list and does not look up latest', async () => {
    const { calls, job } = setup({})
    const targets = await readTargets(job.plan, 'false', job.engine, REPO)
    expect(calls.resolve).toEqual([['v1.0.1', 'stable']])
    expect(calls.listTags).toBe(0)
    expect(targets.existing).toBeUndefined()
  })
})

describe('applyTags: read-back', () => {
  test('every written tag is read back in one round after the last write', async () => {
    const { calls, job } = setup({ current: { stable: DIGEST } }, { latest: 'true' })
    const targets = await readTargets(job.plan, 'true', job.engine, REPO)
    const result = await applyTags(image(), targets, job)
    expect(calls.resolve).toEqual([
      ['v1.0.1', 'stable', 'latest'],
      ['v1.0.1', 'latest']
    ])
    expect(result.written).toEqual([ref('v1.0.1'), ref('latest')])
  })

  test('nothing written, or a dry run: nothing read back', async () => {
    const done = setup({ current: { 'v1.0.1': DIGEST, stable: DIGEST } })
    await applyTags(image(), await readTargets(done.job.plan, 'false', done.engine, REPO), done.job)
    expect(done.calls.resolve).toHaveLength(1)
    const dry = setup({}, { dryRun: true })
    await applyTags(image(), await readTargets(dry.job.plan, 'false', dry.engine, REPO), dry.job)
    expect(dry.calls.resolve).toHaveLength(1)
  })

  test('an extra tag another writer moved fails the release naming the tag and both digests', async () => {
    const { job } = setup({ movedBy: { stable: OTHER } })
    const targets = await readTargets(job.plan, 'false', job.engine, REPO)
    const error = (await applyTags(image(), targets, job).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(TagMismatchError)
    expect(error.message).toBe(
      `${ref('stable')} now points at ${OTHER}, not at ${DIGEST}: another writer moved what this run wrote (two releases of one version at once?)`
    )
  })

  test('the version tag lost to another release: latest, written by this run, follows the version there', async () => {
    const holder = image(OTHER, { tag: 'v1.0.1' })
    const { calls, warnings, job } = setup({ movedBy: { 'v1.0.1': OTHER }, finds: [holder] }, { latest: 'true' })
    const targets = await readTargets(job.plan, 'true', job.engine, REPO)
    const error = (await applyTags(image(), targets, job).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(TagMismatchError)
    expect(error.message).toContain(`${ref('v1.0.1')} now points at ${OTHER}, not at ${DIGEST}`)
    expect(error.message).toContain(`; ${ref('latest')} was put on ${OTHER}, with v1.0.1`)
    expect(calls.retag).toEqual([
      { digest: DIGEST, tags: ['v1.0.1', 'stable', 'latest'] },
      { digest: OTHER, tags: ['latest'] }
    ])
    expect(warnings).toContain(`Put ${ref('latest')} back on ${OTHER}, where v1.0.1 points now`)
  })

  test('latest is not touched again when the version tag moved once more meanwhile', async () => {
    const { calls, job } = setup(
      { movedBy: { 'v1.0.1': OTHER }, finds: [image(THIRD, { tag: 'v1.0.1' })] },
      { latest: 'true' }
    )
    const targets = await readTargets(job.plan, 'true', job.engine, REPO)
    const error = (await applyTags(image(), targets, job).catch((e: unknown) => e)) as Error
    expect(error.message).toContain(`${ref('latest')} was left where this run put it: v1.0.1 moved again`)
    expect(calls.retag).toHaveLength(1)
  })
})
