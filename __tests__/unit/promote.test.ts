// The release of one commit image to several repositories, through releaseApp with the fake engine.
import { describe, expect, jest, test } from '@jest/globals'
import { PartialRetagError } from '../../src/engines/engine.js'
import type { AppPlan, ReleaseSettings } from '../../src/model.js'
import { parseRepository } from '../../src/oci/reference.js'
import { releaseApp } from '../../src/release.js'
import { COMMIT, DIGEST, image, OTHER, plan, REPO, SETTINGS } from '../fixtures/data.js'
import { scriptedEngine, type EngineScript } from '../fixtures/fakes/engine.js'

const HUB = 'docker.io/acme/api'
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api'
const SOURCE = 'ghcr.io/o/api'

/** The image repository and two others. */
const promoted = (overrides: Partial<AppPlan> = {}): AppPlan =>
  plan({ destinations: [REPO, parseRepository(HUB), parseRepository(ECR)], ...overrides })

function setup(script: EngineScript = {}) {
  const { engine, calls } = scriptedEngine(script)
  const lines = { info: [] as string[], warning: [] as string[] }
  const log = {
    info: (m: string) => void lines.info.push(m),
    warning: (m: string) => void lines.warning.push(m),
    debug: () => {}
  }
  const build = jest.fn(async () => {})
  return { engine, calls, lines, build, deps: { engine, build, log } }
}

const release = (script: EngineScript, settings: Partial<ReleaseSettings> = {}, p = promoted()) => {
  const s = setup(script)
  return { ...s, result: releaseApp(p, { ...SETTINGS, ...settings }, s.deps) }
}

describe('promotion to several repositories', () => {
  test('each destination other than the source gets a copy, then its tags; one digest everywhere', async () => {
    const { calls, build, result } = release({}, { latest: 'true' })
    const done = await result
    expect(done.path).toBe('retag')
    expect(done.digest).toBe(DIGEST)
    expect(calls.copy).toEqual([
      { digest: DIGEST, destination: HUB, referrers: true },
      { digest: DIGEST, destination: ECR, referrers: true }
    ])
    expect(calls.retagIn.sort()).toEqual([ECR, SOURCE, HUB].sort())
    for (const call of calls.retag) expect(call).toEqual({ digest: DIGEST, tags: ['v1.0.1', 'latest'] })
    expect(done.tags).toEqual([
      `${SOURCE}:${COMMIT}`,
      `${SOURCE}:v1.0.1`,
      `${SOURCE}:latest`,
      `${HUB}:v1.0.1`,
      `${HUB}:latest`,
      `${ECR}:v1.0.1`,
      `${ECR}:latest`
    ])
    expect(done.destinations).toEqual([
      expect.objectContaining({ repository: SOURCE, blobs: { mounted: 0, copied: 0, skipped: 0 }, referrers: 0 }),
      expect.objectContaining({
        repository: HUB,
        tags: [`${HUB}:v1.0.1`, `${HUB}:latest`],
        written: [`${HUB}:v1.0.1`, `${HUB}:latest`],
        blobs: { mounted: 0, copied: 3, skipped: 0 },
        bytes: 300,
        referrers: 1
      }),
      expect.objectContaining({ repository: ECR, written: [`${ECR}:v1.0.1`, `${ECR}:latest`] })
    ])
    expect(done.destinations?.some((d) => d.error !== undefined)).toBe(false)
    expect(build).not.toHaveBeenCalled()
  })

  test("every destination's targets are looked up before the commit image is even found", async () => {
    const { engine, calls, deps } = setup()
    let found!: () => void
    engine.find.mockImplementationOnce(() => new Promise((resolve) => (found = () => resolve(image()))))
    const releasing = releaseApp(promoted(), SETTINGS, deps)
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls.resolve).toEqual([['v1.0.1'], ['v1.0.1'], ['v1.0.1']])
    found()
    expect((await releasing).path).toBe('retag')
  })

  test('a conflict at one destination: the app fails with nothing copied or written anywhere', async () => {
    const { calls, build, result } = release({ elsewhere: { [ECR]: { 'v1.0.1': OTHER } } }, { latest: 'true' })
    const done = await result
    expect(done.path).toBe('fail')
    expect(done.reason).toBe(
      `${ECR}:v1.0.1 already points at ${OTHER}, not at ${DIGEST} (the image of commit abc123d). Version tags are immutable: nothing was written. Set allow-overwrite: true to move them.`
    )
    expect(calls.copy).toEqual([])
    expect(calls.retag).toEqual([])
    expect(build).not.toHaveBeenCalled()
  })

  test('conflicts at several destinations are all named', async () => {
    const { result } = release({ current: { 'v1.0.1': OTHER }, elsewhere: { [HUB]: { 'v1.0.1': OTHER } } })
    const done = await result
    expect(done.reason).toContain(
      `${SOURCE}:v1.0.1 already points at ${OTHER}; ${HUB}:v1.0.1 already points at ${OTHER}`
    )
  })

  test('each destination judges latest on its own tags', async () => {
    const { engine, lines, deps } = setup()
    engine.listTags.mockImplementation(async (repository) => (repository.registry === 'docker.io' ? ['v2.0.0'] : []))
    const done = await releaseApp(promoted(), { ...SETTINGS, latest: 'auto' }, deps)
    expect(done.written).toEqual([
      `${SOURCE}:v1.0.1`,
      `${SOURCE}:latest`,
      `${HUB}:v1.0.1`,
      `${ECR}:v1.0.1`,
      `${ECR}:latest`
    ])
    const held = 'latest is left alone: v1.0.1 is lower than v2.0.0, already released'
    expect(done.destinations?.map((d) => d.latest)).toEqual([
      'latest follows v1.0.1: the first version',
      held,
      'latest follows v1.0.1: the first version'
    ])
    expect(lines.info).toContain(`${HUB}: ${held}`)
    expect(done.latest).toContain(`${HUB}: ${held}`)
  })

  test('a re-run: every tag already in place everywhere, nothing written', async () => {
    const everywhere = { 'v1.0.1': DIGEST }
    const { calls, result } = release({ current: everywhere, elsewhere: { [HUB]: everywhere, [ECR]: everywhere } })
    const done = await result
    expect(done.path).toBe('retag')
    expect(done.written).toEqual([])
    expect(calls.retag).toEqual([])
    expect(done.tags).toEqual([`${SOURCE}:${COMMIT}`, `${SOURCE}:v1.0.1`, `${HUB}:v1.0.1`, `${ECR}:v1.0.1`])
  })

  test('referrers: false is passed to the copy', async () => {
    const { calls, result } = release({}, { referrers: false })
    await result
    expect(calls.copy.map((c) => c.referrers)).toEqual([false, false])
  })

  test('a dry run copies nothing, writes nothing and says what it would copy and tag per destination', async () => {
    const { calls, lines, result } = release({}, { dryRun: true })
    const done = await result
    expect(done).toMatchObject({ path: 'retag', dryRun: true })
    expect(done.written).toEqual([`${SOURCE}:v1.0.1`, `${HUB}:v1.0.1`, `${ECR}:v1.0.1`])
    expect(calls.copy).toEqual([])
    expect(calls.retag).toEqual([])
    expect(lines.info).toContain(`Dry run: would copy ${SOURCE}@${DIGEST} to ${HUB}`)
    expect(lines.info).toContain(`Dry run: would tag ${ECR}:v1.0.1`)
    expect(lines.info.some((l) => l.includes(`would copy ${SOURCE}@${DIGEST} to ${SOURCE}`))).toBe(false)
  })
})

describe('a destination failing after writes began', () => {
  test('is reported for itself; the others keep their tags; the app fails without a rebuild', async () => {
    const denied = new Error(`pushing ${HUB}:v1.0.1: DENIED`)
    const { calls, build, lines, result } = release({ failAt: { [HUB]: denied } })
    const done = await result
    expect(done.path).toBe('fail')
    expect(done.reason).toBe(`retag-failed: ${HUB}: pushing ${HUB}:v1.0.1: DENIED; not rebuilding`)
    expect(done.digest).toBeUndefined()
    expect(done.tags).toEqual([])
    expect(done.destinations?.map((d) => [d.repository, d.written, d.error])).toEqual([
      [SOURCE, [`${SOURCE}:v1.0.1`], undefined],
      [HUB, [], `pushing ${HUB}:v1.0.1: DENIED`],
      [ECR, [`${ECR}:v1.0.1`], undefined]
    ])
    expect(calls.retagIn.sort()).toEqual([SOURCE, ECR].sort())
    expect(build).not.toHaveBeenCalled()
    expect(lines.warning.some((w) => w.includes('falling back to rebuild'))).toBe(false)
  })

  test('a partial write at one destination says what it wrote there', async () => {
    const partial = new PartialRetagError('pushing latest: DENIED', [`${ECR}:v1.0.1`])
    const { result } = release({ failAt: { [ECR]: partial } }, { latest: 'true' })
    const done = await result
    expect(done.destinations?.[2]).toMatchObject({ repository: ECR, written: [`${ECR}:v1.0.1`] })
    expect(done.destinations?.[2].error).toContain('pushing latest: DENIED')
  })

  test('every destination failing before any tag was written: the build runs, as for a failed re-tag', async () => {
    const refused = new Error('copy refused')
    const destinations = [parseRepository(HUB), parseRepository(ECR)]
    const { build, lines, calls, result } = release(
      { finds: [image(), image()], failAt: { [HUB]: refused, [ECR]: refused } },
      {},
      promoted({ destinations })
    )
    const done = await result
    expect(build).toHaveBeenCalledTimes(1)
    expect(lines.warning.some((w) => w.startsWith('Failed to tag existing image, falling back to rebuild'))).toBe(true)
    expect(done.path).toBe('fail')
    expect(done.reason).toMatch(
      new RegExp(
        `^retag-failed: ${HUB}: copy refused; ${ECR.replace(/\./g, '\\.')}: copy refused; tagging the build failed`
      )
    )
    expect(calls.retag).toEqual([])
  })
})

describe('the build path promotes too', () => {
  test('the build pushes to the image repository; its tags go to every destination', async () => {
    const { calls, build, result } = release({ finds: [undefined, image()] })
    const done = await result
    expect(build).toHaveBeenCalledTimes(1)
    expect(done).toMatchObject({ path: 'build', reason: 'not-found', digest: DIGEST })
    expect(calls.find.map(([repository]) => repository)).toEqual([REPO, REPO])
    expect(calls.copy.map((c) => c.destination)).toEqual([HUB, ECR])
    expect(done.written).toEqual([`${SOURCE}:v1.0.1`, `${HUB}:v1.0.1`, `${ECR}:v1.0.1`])
  })

  test('a release only to other repositories leaves the image repository untagged', async () => {
    const { calls, result } = release({}, {}, promoted({ destinations: [parseRepository(HUB)] }))
    const done = await result
    expect(calls.retagIn).toEqual([HUB])
    expect(done.tags).toEqual([`${HUB}:v1.0.1`])
  })
})
