import { describe, expect, test } from '@jest/globals'
import { putBackBuildMoves } from '../../src/build-moves.js'
import { DIGEST, image, OTHER, REPO } from '../fixtures/data.js'
import { fakeEngine } from '../fixtures/fakes/engine.js'

const OLD = `sha256:${'0'.repeat(64)}`
const LEFT = { tag: 'latest', move: false, why: 'latest is left alone: v1.0.1 is lower than v2.0.0, already released' }

function setup(finds: Record<string, string> = { [OLD]: OLD }) {
  const warnings: string[] = []
  const { engine, calls } = fakeEngine('registry', {
    find: async (_repository, reference) => (finds[reference] ? image(finds[reference]) : undefined),
    retag: async () => 'registry'
  })
  const log = { info: () => {}, warning: (m: string) => void warnings.push(m), debug: () => {} }
  return { calls, warnings, job: { engine, repository: REPO, log } }
}

const states = (before: Record<string, string | undefined>, after: Record<string, string | undefined>) => ({
  before: new Map(Object.entries(before)),
  after: new Map(Object.entries(after))
})

describe('putBackBuildMoves', () => {
  test('latest the build moved against the policy goes back to its previous digest, with a warning', async () => {
    const { calls, warnings, job } = setup()
    const now = await putBackBuildMoves([LEFT], states({ latest: OLD }, { latest: DIGEST }), job)
    expect(now.get('latest')).toBe(OLD)
    expect(calls.retag).toEqual([{ digest: OLD, tags: ['latest'] }])
    expect(warnings).toEqual([
      `The build command moved ghcr.io/o/api:latest to ${DIGEST}; put it back on ${OLD} (${LEFT.why})`
    ])
  })

  test.each([
    ['the policy moves it to this release', [{ ...LEFT, move: true }], { latest: OLD }],
    ['the build did not touch it', [LEFT], { latest: DIGEST }],
    ['it was not looked up before the build', [LEFT], {}]
  ])('nothing is put back when %s', async (_name, decisions, before) => {
    const { calls, warnings, job } = setup()
    const now = await putBackBuildMoves(decisions, states(before, { latest: DIGEST }), job)
    expect(now.get('latest')).toBe(DIGEST)
    expect(calls.retag).toEqual([])
    expect(warnings).toEqual([])
  })

  test('a tag the build created is left, with a warning saying why', async () => {
    const { calls, warnings, job } = setup()
    const now = await putBackBuildMoves([LEFT], states({ latest: undefined }, { latest: DIGEST }), job)
    expect(now.get('latest')).toBe(DIGEST)
    expect(calls.retag).toEqual([])
    expect(warnings[0]).toMatch(
      /^The build command created ghcr\.io\/o\/api:latest .* it is left there: latest did not exist before/
    )
  })

  test('a previous image that is gone: a warning, and the tag stays where the build put it', async () => {
    const { warnings, job } = setup({})
    const now = await putBackBuildMoves([LEFT], states({ latest: OTHER }, { latest: DIGEST }), job)
    expect(now.get('latest')).toBe(DIGEST)
    expect(warnings[0]).toContain(`putting it back on ${OTHER} failed: ${OTHER} is gone from the registry`)
  })
})
