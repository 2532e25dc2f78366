import { describe, expect, test } from '@jest/globals'
import { TagConflictError } from '../../src/errors.js'
import type { ReleaseSettings } from '../../src/model.js'
import { planFloatingTags } from '../../src/moving-tags.js'
import { planTags, readTargets, writePlanned, type TagJob, type TargetState } from '../../src/tagging.js'
import { DIGEST, image, OTHER, plan, REPO, SETTINGS } from '../fixtures/data.js'
import { scriptedEngine, type EngineScript } from '../fixtures/fakes/engine.js'

const ref = (tag: string): string => `ghcr.io/o/api:${tag}`
const floatingPlan = (version: string) =>
  plan({ version, floatingTags: planFloatingTags(['v{major}', 'v{major}.{minor}'], 'api', version, 'floating-tags') })

function setup(script: EngineScript, version = 'v1.2.1', settings: Partial<ReleaseSettings> = { latest: 'auto' }) {
  const { engine, calls } = scriptedEngine(script)
  const warnings: string[] = []
  const infos: string[] = []
  const log = {
    info: (m: string) => void infos.push(m),
    warning: (m: string) => void warnings.push(m),
    debug: () => {}
  }
  const job: TagJob = {
    plan: floatingPlan(version),
    settings: { ...SETTINGS, ...settings },
    engine,
    log,
    repository: REPO
  }
  return { engine, calls, warnings, infos, job }
}

async function release(job: TagJob, targets?: TargetState) {
  const read = targets ?? (await readTargets(job.plan, job.settings.latest, job.engine, REPO))
  return writePlanned(image(), planTags(image(), read, job), job)
}

describe('floating tags in a release', () => {
  test('looked up with the version, with the tag list, even when latest is false', async () => {
    const { calls, job } = setup({ tagList: [] }, 'v1.2.1', { latest: 'false' })
    await readTargets(job.plan, 'false', job.engine, REPO)
    expect(calls.resolve).toEqual([['v1.2.1', 'v1.2', 'v1']])
    expect(calls.listTags).toBe(1)
  })

  test('a pre-release looks up and lists nothing for them, and says why', async () => {
    const { calls, job } = setup({}, 'v2.0.0-rc.1', { latest: 'false' })
    const result = await release(job)
    expect(calls.resolve[0]).toEqual(['v2.0.0-rc.1'])
    expect(calls.listTags).toBe(0)
    expect(result.floating).toEqual([
      'v{major}.{minor} is left alone: v2.0.0-rc.1 is a pre-release',
      'v{major} is left alone: v2.0.0-rc.1 is a pre-release'
    ])
  })

  test('written after the version tag, the narrower line first, latest last, one group each', async () => {
    const { engine, job } = setup({ tagList: ['v1.2.0'] })
    const result = await release(job)
    expect(engine.retag.mock.calls[0][1]).toEqual([['v1.2.1'], ['v1.2'], ['v1'], ['latest']])
    expect(result.tags).toEqual([job.plan.commitTag, 'v1.2.1', 'v1.2', 'v1', 'latest'].map(ref))
  })

  test('v1.2.1 after v1.3.0 moves v1.2 only, and says why of each', async () => {
    const { calls, job, infos } = setup({ tagList: ['v1.2.0', 'v1.3.0'] })
    const result = await release(job)
    expect(calls.retag[0].tags).toEqual(['v1.2.1', 'v1.2'])
    expect(result.written).toEqual([ref('v1.2.1'), ref('v1.2')])
    expect(result.floating).toEqual([
      'v1.2 follows v1.2.1: the highest version of the 1.2.x line (previous highest v1.2.0)',
      'v1 is left alone: v1.2.1 is lower than v1.3.0, already released in the 1.x line'
    ])
    expect(result.latest).toBe('latest is left alone: v1.2.1 is lower than v1.3.0, already released')
    expect(infos).toEqual(expect.arrayContaining(result.floating))
  })

  test('a moving tag another release moved on after this run wrote it: no failure, and not claimed', async () => {
    const { job } = setup({ tagList: ['v1.2.0'], movedBy: { latest: OTHER } })
    const result = await release(job)
    expect(result.tags).not.toContain(ref('latest'))
    expect(result.tags).toContain(ref('v1'))
    expect(result.latest).toMatch(/; another release moved latest on since$/)
  })

  test('a tag list that cannot be read leaves the floating tags alone, with a warning; the version is released', async () => {
    const { job, warnings, calls } = setup({ tagListError: new Error('tags/list: 500') }, 'v1.2.1', { latest: 'false' })
    const result = await release(job)
    expect(calls.retag[0].tags).toEqual(['v1.2.1'])
    expect(warnings).toContain("v1 is left alone: the repository's tags could not be listed (tags/list: 500)")
    expect(result.latest).toBe('latest is left alone because the latest input is false')
  })
})

describe('tags the build moved', () => {
  const after = (current: Record<string, string | undefined>, before: Record<string, string | undefined>) => ({
    current: new Map(Object.entries(current)),
    existing: ['v2.0.0'],
    beforeBuild: new Map(Object.entries(before))
  })

  test('latest moved backwards by the build is put back where it was, with a warning', async () => {
    const { calls, job, warnings } = setup({ finds: [image(OTHER)] }, 'v1.0.1', { latest: 'auto' })
    const targets = after({ 'v1.0.1': undefined, latest: DIGEST }, { 'v1.0.1': undefined, latest: OTHER })
    const result = await release({ ...job, plan: plan() }, targets)
    expect(calls.retag).toEqual([
      { digest: OTHER, tags: ['latest'] },
      { digest: DIGEST, tags: ['v1.0.1'] }
    ])
    expect(warnings).toEqual([
      `The build command moved ${ref('latest')} to ${DIGEST}; put it back on ${OTHER} (latest is left alone: v1.0.1 is lower than v2.0.0, already released)`
    ])
    expect(result.tags).not.toContain(ref('latest'))
  })

  test('a version tag the build pointed at other bits is refused, nothing written', async () => {
    const { calls, job } = setup({}, 'v1.0.1', { latest: 'false' })
    const targets = after({ 'v1.0.1': OTHER }, { 'v1.0.1': undefined })
    expect(() => planTags(image(), targets, { ...job, plan: plan() })).toThrow(TagConflictError)
    expect(() => planTags(image(), targets, { ...job, plan: plan() })).toThrow(
      `the build command pointed ${ref('v1.0.1')} at ${OTHER}, not at ${DIGEST}, the image of the commit tag`
    )
    expect(calls.retag).toEqual([])
  })
})
