import { describe, expect, test } from '@jest/globals'
import type { MovingTag } from '../../src/moving-tags.js'
import { settleMovingTags, type Observation } from '../../src/settle.js'
import { image, REPO } from '../fixtures/data.js'
import { fakeEngine } from '../fixtures/fakes/engine.js'

const digest = (c: string): string => `sha256:${c.repeat(64)}`
const [D14, D15, D16, D20] = ['4', '5', '6', '2'].map(digest)
const LATEST: MovingTag = { tag: 'latest', line: 'all' }
const V1: MovingTag = { tag: 'v1', line: 'major' }

/** A registry of tag -> digest; `afterWrite` changes it after each of this run's writes (another release). */
function registry(tags: Record<string, string>, afterWrite: (tags: Map<string, string>) => void = () => {}) {
  const state = new Map(Object.entries(tags))
  const warnings: string[] = []
  const { engine, calls } = fakeEngine('registry', {
    find: async (_repository, tag) => (state.has(tag) ? image(state.get(tag)) : undefined),
    resolve: async (_repository, tags) => tags.map((tag) => state.get(tag)),
    listTags: async () => [...state.keys()],
    retag: async (found, groups) => {
      for (const tag of groups.flat()) state.set(tag, found.digest)
      afterWrite(state)
      return 'registry'
    }
  })
  const observe = async (tags: string[]): Promise<Observation> => {
    const [list, digests] = await Promise.all([engine.listTags(REPO), engine.resolve(REPO, tags)])
    return { tags: list, current: new Map(tags.map((tag, i) => [tag, digests[i]])) }
  }
  const log = { info: () => {}, warning: (m: string) => void warnings.push(m), debug: () => {} }
  return { state, calls, warnings, job: { engine, repository: REPO, log, observe } }
}

/** v1.4.0's run has just written latest and v1 onto its image. */
const wrote = (...moving: MovingTag[]) => moving.map((m) => ({ moving: m, digest: D14, version: 'v1.4.0' }))

describe('settleMovingTags', () => {
  test('a higher version released meanwhile: the tags this run wrote move on to it', async () => {
    const r = registry({ 'v1.4.0': D14, 'v1.5.0': D15, latest: D14, v1: D14 })
    const settled = await settleMovingTags(wrote(V1, LATEST), await r.job.observe(['v1', 'latest']), r.job)
    expect(settled).toEqual([
      { tag: 'v1', digest: D15, note: 'v1 moved on to v1.5.0' },
      { tag: 'latest', digest: D15, note: 'latest moved on to v1.5.0' }
    ])
    expect(r.calls.retag).toEqual([{ digest: D15, tags: ['v1', 'latest'] }])
    expect([r.state.get('v1'), r.state.get('latest')]).toEqual([D15, D15])
  })

  test('a tag another writer wrote after this run is left to that writer', async () => {
    const r = registry({ 'v1.4.0': D14, 'v1.5.0': D15, latest: D15 })
    const settled = await settleMovingTags(wrote(LATEST), await r.job.observe(['latest']), r.job)
    expect(settled).toEqual([{ tag: 'latest', digest: D15, note: undefined }])
    expect(r.calls.retag).toEqual([])
    expect(r.calls.find).toEqual([])
  })

  test('nothing higher: nothing more is read or written', async () => {
    const r = registry({ 'v1.3.0': D15, 'v1.4.0': D14, latest: D14, 'v2.0.0-rc.1': D20 })
    const settled = await settleMovingTags(wrote(LATEST), await r.job.observe(['latest']), r.job)
    expect(settled).toEqual([{ tag: 'latest', digest: D14, note: undefined }])
    expect(r.calls.listTags).toBe(1)
    expect(r.calls.retag).toEqual([])
  })

  test('a floating tag follows its own line only: v2.0.0 moves latest, not v1', async () => {
    const r = registry({ 'v1.4.0': D14, 'v2.0.0': D20, latest: D14, v1: D14 })
    const settled = await settleMovingTags(wrote(V1, LATEST), await r.job.observe(['v1', 'latest']), r.job)
    expect(settled.map((s) => [s.tag, s.digest])).toEqual([
      ['v1', D14],
      ['latest', D20]
    ])
  })

  test('a still higher version appearing during the re-check is followed too', async () => {
    let released = false
    const r = registry({ 'v1.4.0': D14, 'v1.5.0': D15, latest: D14 }, (state) => {
      if (!released) state.set('v1.6.0', D16)
      released = true
    })
    const settled = await settleMovingTags(wrote(LATEST), await r.job.observe(['latest']), r.job)
    expect(settled).toEqual([{ tag: 'latest', digest: D16, note: 'latest moved on to v1.6.0' }])
    expect(r.calls.retag.map((c) => c.digest)).toEqual([D15, D16])
  })

  test('bounded: releases that never stop coming leave the tag where it is after five rounds, with a warning', async () => {
    let minor = 5
    const r = registry({ 'v1.4.0': D14, 'v1.5.0': D15, latest: D14 }, (state) => {
      minor++
      state.set(`v1.${minor}.0`, digest(String(minor % 10)))
    })
    await settleMovingTags(wrote(LATEST), await r.job.observe(['latest']), r.job)
    expect(r.calls.retag).toHaveLength(5)
    expect(r.warnings).toEqual(['Moving tags still changing after 5 re-checks: left where they are'])
  })

  test('a tag list that cannot be read: a warning, and the tags stay where this run put them', async () => {
    const r = registry({ latest: D14 })
    const first: Observation = { tags: new Error('tags/list: 500'), current: new Map([['latest', D14]]) }
    const settled = await settleMovingTags(wrote(LATEST), first, r.job)
    expect(settled).toEqual([{ tag: 'latest', digest: D14, note: undefined }])
    expect(r.warnings).toEqual(['Could not re-check the moving tags (tags/list: 500)'])
  })
})
