import { describe, expect, jest, test } from '@jest/globals'
import { PartialRetagError, TagMismatchError } from '../../src/engines/engine.js'
import type { AppPlan } from '../../src/model.js'
import { BaseImages } from '../../src/base-image.js'
import { Transport } from '../../src/oci/transport.js'
import { releaseApp } from '../../src/release.js'
import { COMMIT, DIGEST, image, OTHER, plan, REPO, SETTINGS } from '../fixtures/data.js'
import { scriptedEngine, type EngineScript } from '../fixtures/fakes/engine.js'
import { fakeFetch } from '../fixtures/fakes/fetch.js'
import { sha256 } from '../fixtures/util.js'

const ref = (tag: string): string => `ghcr.io/o/api:${tag}`

function logger() {
  const lines: { info: string[]; warning: string[]; debug: string[] } = { info: [], warning: [], debug: [] }
  return {
    lines,
    log: {
      info: (m: string) => void lines.info.push(m),
      warning: (m: string) => void lines.warning.push(m),
      debug: (m: string) => void lines.debug.push(m)
    }
  }
}

function setup(script: EngineScript = {}, buildImpl: (p: AppPlan) => Promise<void> = async () => {}) {
  const { engine, calls } = scriptedEngine(script)
  const { lines, log } = logger()
  const build = jest.fn(buildImpl)
  let t = 1000
  const clock = () => (t += 5)
  return { calls, lines, build, deps: { engine, build, log, clock } }
}

describe('releaseApp: commit image found', () => {
  test('re-tags it with the seed log lines and does not build', async () => {
    const { calls, lines, build, deps } = setup()
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result).toEqual({
      app: 'api',
      image: 'ghcr.io/o/api',
      path: 'retag',
      digest: DIGEST,
      tags: [ref(COMMIT), ref('v1.0.1')],
      written: [ref('v1.0.1')],
      latest: expect.stringContaining('latest input is false'),
      dryRun: false,
      engine: 'registry',
      durationMs: 5,
      destinations: [
        {
          repository: 'ghcr.io/o/api',
          tags: [ref(COMMIT), ref('v1.0.1')],
          written: [ref('v1.0.1')],
          blobs: { mounted: 0, copied: 0, skipped: 0 },
          bytes: 0,
          referrers: 0,
          latest: expect.stringContaining('latest input is false')
        }
      ]
    })
    expect(lines.info).toContain(`✅ Found existing image for commit abc123d: ${ref(COMMIT)}`)
    expect(lines.info).toContain('Optimizing: Re-tagging existing image instead of rebuilding')
    expect(lines.info).toContain(`Tagged ${ref('v1.0.1')}`)
    expect(lines.info.indexOf('Optimizing: Re-tagging existing image instead of rebuilding')).toBe(
      lines.info.indexOf(`✅ Found existing image for commit abc123d: ${ref(COMMIT)}`) + 1
    )
    expect(lines.warning).toEqual([])
    expect(build).not.toHaveBeenCalled()
    expect(calls.find).toEqual([[REPO, COMMIT]])
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['v1.0.1'] }])
  })

  test('tags in order: version, extra tags, then latest', async () => {
    const { calls, deps } = setup()
    const result = await releaseApp(plan({ extraTags: ['stable', 'v1'] }), { ...SETTINGS, latest: 'true' }, deps)
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['v1.0.1', 'stable', 'v1', 'latest'] }])
    expect(result.tags).toEqual([ref(COMMIT), ref('v1.0.1'), ref('stable'), ref('v1'), ref('latest')])
  })

  test('latest=false never touches latest', async () => {
    const { calls, deps } = setup()
    const result = await releaseApp(plan(), { ...SETTINGS, latest: 'false' }, deps)
    expect(calls.retag[0].tags).not.toContain('latest')
    expect(calls.resolve[0]).not.toContain('latest')
    expect(result.tags).not.toContain(ref('latest'))
    expect(calls.listTags).toBe(0)
  })

  test.each([
    ['the highest version moves latest', 'v1.0.1', ['v1.0.0', 'v0.9.0'], true],
    ['an older version leaves latest alone', 'v1.0.1', ['v1.2.0'], false],
    ['a pre-release leaves latest alone', 'v2.0.0-rc.1', [], false]
  ])('latest=auto: %s', async (_name, version, tagList, moves) => {
    const { calls, deps } = setup({ tagList })
    const result = await releaseApp(plan({ version }), { ...SETTINGS, latest: 'auto' }, deps)
    expect(result.path).toBe('retag')
    expect(calls.retag[0].tags.includes('latest')).toBe(moves)
    expect(calls.retag[0].tags[0]).toBe(version)
  })

  test('tags already on the digest are not written again', async () => {
    const { calls, lines, deps } = setup({ current: { 'v1.0.1': DIGEST, latest: OTHER } })
    const result = await releaseApp(plan(), { ...SETTINGS, latest: 'true' }, deps)
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['latest'] }])
    expect(result.written).toEqual([ref('latest')])
    expect(result.tags).toEqual([ref(COMMIT), ref('v1.0.1'), ref('latest')])
    expect(lines.info).toContain(`${ref('v1.0.1')} already points at ${DIGEST}`)
  })

  test('a version tag on another digest stops the release before any write', async () => {
    const { calls, build, deps } = setup({ current: { 'v1.0.1': OTHER } })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result.path).toBe('fail')
    expect(result.reason).toContain(`${ref('v1.0.1')} already points at ${OTHER}`)
    expect(result.reason).toContain('nothing was written')
    expect(calls.retag).toEqual([])
    expect(build).not.toHaveBeenCalled()
  })

  test('allow-overwrite moves a version tag with a warning', async () => {
    const { calls, lines, deps } = setup({ current: { 'v1.0.1': OTHER } })
    const result = await releaseApp(plan(), { ...SETTINGS, allowOverwrite: true }, deps)
    expect(result.path).toBe('retag')
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['v1.0.1'] }])
    expect(lines.warning.some((w) => w.includes(`Moving ${ref('v1.0.1')} from ${OTHER} to ${DIGEST}`))).toBe(true)
  })

  test('a dry run writes nothing but reports what it would write', async () => {
    const { calls, lines, deps } = setup()
    const result = await releaseApp(plan(), { ...SETTINGS, dryRun: true }, deps)
    expect(result).toMatchObject({ path: 'retag', dryRun: true, written: [ref('v1.0.1')] })
    expect(calls.retag).toEqual([])
    expect(lines.info).toContain(`Dry run: would tag ${ref('v1.0.1')}`)
  })
})

describe('releaseApp: fallback to build', () => {
  test('not found: builds, finds the pushed image, tags it', async () => {
    const { calls, lines, build, deps } = setup({ finds: [undefined, image()] })
    const p = plan()
    const result = await releaseApp(p, SETTINGS, deps)
    expect(result).toMatchObject({
      path: 'build',
      reason: 'not-found',
      digest: DIGEST,
      tags: [ref(COMMIT), ref('v1.0.1')]
    })
    expect(lines.info).toContain('No existing image found for commit abc123d, will build')
    expect(build).toHaveBeenCalledTimes(1)
    expect(build).toHaveBeenCalledWith(p)
    expect(calls.find).toHaveLength(2)
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['v1.0.1'] }])
  })

  test('retag failure: warns and falls back to a rebuild', async () => {
    const { calls, lines, build, deps } = setup({ finds: [image(), image()], retagErrors: [new Error('PUT refused')] })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result.path).toBe('build')
    expect(result.reason).toMatch(/^retag-failed: /)
    expect(result.reason).toContain('PUT refused')
    expect(lines.warning.some((w) => w.startsWith('Failed to tag existing image, falling back to rebuild'))).toBe(true)
    expect(build).toHaveBeenCalledTimes(1)
    expect(calls.retag).toHaveLength(2)
  })

  test('find failure (403): check-failed, and the build still runs', async () => {
    const denied = new Error('fetching ghcr.io/o/api:abc: DENIED')
    const { lines, build, deps } = setup({ finds: [denied, image()] })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result.path).toBe('build')
    expect(result.reason).toMatch(/^check-failed: /)
    expect(result.reason).toContain('DENIED')
    expect(build).toHaveBeenCalledTimes(1)
    expect(lines.warning.some((w) => w.includes('Could not check for an existing image of commit abc123d'))).toBe(true)
  })

  test('a registry error that says what failed: the reason and the warning carry the advice', async () => {
    const denied = Object.assign(new Error('fetching ghcr.io/o/api:abc: DENIED.'), {
      status: 403,
      code: 'DENIED',
      operation: 'fetch',
      registry: 'ghcr.io'
    })
    const { lines, deps } = setup({ finds: [denied, image()] })
    const result = await releaseApp(plan(), SETTINGS, deps)
    const advice = 'fetching ghcr.io/o/api:abc: DENIED. The credentials lack read access'
    expect(result.reason).toMatch(new RegExp(`^check-failed: ${advice}`))
    expect(lines.warning.some((w) => w.includes(advice))).toBe(true)
  })

  test('a reuse rule that fails rebuilds instead of re-tagging', async () => {
    const { calls, lines, build, deps } = setup({
      finds: [image(OTHER), image()],
      facts: { platforms: ['linux/amd64'], revisions: [] }
    })
    const result = await releaseApp(plan(), { ...SETTINGS, platforms: ['linux/arm64'] }, deps)
    expect(result.path).toBe('build')
    expect(result.reason).toBe('missing-platform: linux/arm64')
    expect(build).toHaveBeenCalledTimes(1)
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['v1.0.1'] }])
    expect(lines.info.some((l) => l.includes('but not reusing it (missing-platform: linux/arm64)'))).toBe(true)
  })

  test('reuse facts are only read when a rule needs them', async () => {
    const without = setup()
    await releaseApp(plan(), SETTINGS, without.deps)
    expect(without.calls.facts).toBe(0)
    const withRule = setup()
    await releaseApp(plan(), { ...SETTINGS, platforms: ['linux/amd64'] }, withRule.deps)
    expect(withRule.calls.facts).toBe(1)
  })

  test('on-missing fail: path fail, nothing built', async () => {
    const { calls, build, deps } = setup({ finds: [undefined] })
    const result = await releaseApp(plan(), { ...SETTINGS, onMissing: 'fail' }, deps)
    expect(result).toMatchObject({ path: 'fail', tags: [], written: [] })
    expect(result.reason).toBe('not-found; on-missing is fail, so nothing was built')
    expect(build).not.toHaveBeenCalled()
    expect(calls.retag).toEqual([])
  })

  test('a build that pushes nothing fails, saying the commit tag must be pushed', async () => {
    const { calls, build, deps } = setup({ finds: [undefined, undefined] })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(build).toHaveBeenCalledTimes(1)
    expect(result.path).toBe('fail')
    // the build command itself succeeded: the failure is in finding what it pushed, not in the build
    expect(result.reason).toBe(
      `not-found; tagging the build failed: the build command finished but ${ref(COMMIT)} does not exist: it must push the commit tag`
    )
    expect(result.reason).not.toContain('; build failed:')
    expect(calls.find).toHaveLength(2)
    expect(calls.retag).toEqual([])
  })

  test('a failing build is a fail result, not an exception', async () => {
    const { calls, deps } = setup({ finds: [undefined] }, async () => {
      throw new Error('build command bazel exited with code 1')
    })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result.path).toBe('fail')
    expect(result.reason).toBe('not-found; build failed: build command bazel exited with code 1')
    expect(calls.find).toHaveLength(1)
  })

  test('a dry run does not build', async () => {
    const { build, deps } = setup({ finds: [undefined] })
    const result = await releaseApp(plan(), { ...SETTINGS, dryRun: true }, deps)
    expect(result).toMatchObject({ path: 'build', reason: 'not-found', tags: [], written: [], dryRun: true })
    expect(build).not.toHaveBeenCalled()
  })
})

describe('releaseApp: partial re-tags and unlistable tags', () => {
  test('a re-tag that fails after writing some tags fails the app and does not rebuild', async () => {
    const partial = new PartialRetagError('pushing ghcr.io/o/api:stable: DENIED', [ref('v1.0.1')])
    const { calls, lines, build, deps } = setup({ finds: [image(), image()], retagErrors: [partial] })
    const result = await releaseApp(plan({ extraTags: ['stable'] }), SETTINGS, deps)
    expect(result.path).toBe('fail')
    expect(result.reason).toBe(
      `retag-failed: pushing ghcr.io/o/api:stable: DENIED (after writing ${ref('v1.0.1')}); not rebuilding`
    )
    expect(build).not.toHaveBeenCalled()
    expect(calls.find).toHaveLength(1)
    expect(calls.retag).toHaveLength(1)
    expect(lines.warning.some((w) => w.includes('falling back to rebuild'))).toBe(false)
  })

  test('the registry stored something else under the version tag: the app fails, naming it, and nothing is rebuilt', async () => {
    const stored = new TagMismatchError(
      `pushing ${ref('v1.0.1')}: the registry stored ${OTHER} under v1.0.1, expected ${DIGEST}`
    )
    const { lines, build, deps } = setup({ retagErrors: [stored] })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result).toMatchObject({ path: 'fail', tags: [], written: [] })
    expect(result.digest).toBeUndefined()
    expect(result.reason).toBe(`retag-failed: ${stored.message}; not rebuilding`)
    expect(build).not.toHaveBeenCalled()
    expect(lines.warning.some((w) => w.includes('falling back to rebuild'))).toBe(false)
  })

  test('a written tag another writer moved before the read-back: the app fails with no digest in its outputs', async () => {
    const { build, deps } = setup({ movedBy: { 'v1.0.1': OTHER } })
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result).toMatchObject({ path: 'fail', tags: [], written: [] })
    expect(result.digest).toBeUndefined()
    expect(result.reason).toContain(`${ref('v1.0.1')} now points at ${OTHER}, not at ${DIGEST}`)
    expect(build).not.toHaveBeenCalled()
  })

  test('a partial re-tag with on-missing defer fails instead of deferring a build', async () => {
    const partial = new PartialRetagError('boom', [ref('v1.0.1')])
    const { build, deps } = setup({ retagErrors: [partial] })
    const result = await releaseApp(plan(), { ...SETTINGS, onMissing: 'defer' }, deps)
    expect(result).toMatchObject({ path: 'fail', tags: [], written: [] })
    expect(result.reason).toBe(`retag-failed: boom (after writing ${ref('v1.0.1')}); not rebuilding`)
    expect(build).not.toHaveBeenCalled()
  })

  test('latest auto with a tag list that cannot be read: the version is still re-tagged, latest left alone with a warning', async () => {
    const { calls, lines, build, deps } = setup({ tagListError: new Error('listing tags of ghcr.io/o/api: DENIED') })
    const result = await releaseApp(plan(), { ...SETTINGS, latest: 'auto' }, deps)
    expect(result.path).toBe('retag')
    expect(calls.listTags).toBe(1)
    expect(calls.retag).toEqual([{ digest: DIGEST, tags: ['v1.0.1'] }])
    expect(result.written).toEqual([ref('v1.0.1')])
    expect(result.tags).toEqual([ref(COMMIT), ref('v1.0.1')])
    expect(result.latest).toBe(
      "latest is left alone: the repository's tags could not be listed (listing tags of ghcr.io/o/api: DENIED)"
    )
    expect(lines.warning).toContain(
      "latest is left alone: the repository's tags could not be listed (listing tags of ghcr.io/o/api: DENIED)"
    )
    expect(build).not.toHaveBeenCalled()
  })

  test('a tag list that cannot be read does not matter when latest is false', async () => {
    const { calls, lines, deps } = setup({ tagListError: new Error('boom') })
    const result = await releaseApp(plan(), { ...SETTINGS, latest: 'false' }, deps)
    expect(result.path).toBe('retag')
    expect(calls.listTags).toBe(0)
    expect(lines.warning).toEqual([])
  })
})

describe('releaseApp: rebuild-if-base-changed and max-age', () => {
  /** What `debian:12` points at now: a single manifest, whose digest is that of its bytes. */
  const BASE_BYTES = Buffer.from(JSON.stringify({ schemaVersion: 2, config: {}, layers: [] }))
  const BASE_NOW = sha256(BASE_BYTES)
  const BASE_THEN = `sha256:${'a'.repeat(64)}`
  const NOW = Date.parse('2026-09-10T12:00:00Z')
  const record = (digest: string) => ({ name: 'debian:12', digest })

  /** A base registry whose `debian:12` now answers `status` (200: BASE_NOW). */
  function bases(status = 200) {
    const { fetch, calls } = fakeFetch(({ method }) => {
      if (status !== 200) return new Response(null, { status })
      const headers = {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': BASE_NOW
      }
      return new Response(method === 'HEAD' ? null : (BASE_BYTES as BodyInit), { status, headers })
    })
    const retry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalMs: 1000 }
    return { images: new BaseImages(async (registry) => new Transport({ registry, fetch, retry })), calls }
  }

  function fresh(script: EngineScript, base = bases()) {
    const made = setup(script)
    return { ...made, deps: { ...made.deps, bases: base.images, clock: () => NOW } }
  }

  test('a base that moved: not reused, the build runs, the reason names the base and both digests', async () => {
    const { build, lines, deps } = fresh({
      finds: [image(OTHER), image()],
      facts: { platforms: [], revisions: [], bases: [record(BASE_THEN)] }
    })
    const result = await releaseApp(plan(), { ...SETTINGS, rebuildIfBaseChanged: true }, deps)
    const reason = `base-changed: debian:12 moved from ${BASE_THEN} to ${BASE_NOW}`
    expect(result).toMatchObject({ path: 'build', reason })
    expect(result.checks).toEqual([{ check: 'rebuild-if-base-changed', outcome: 'fail', detail: reason }])
    expect(build).toHaveBeenCalledTimes(1)
    expect(lines.info).toContain(`Found ghcr.io/o/api:${COMMIT} but not reusing it (${reason}), will build`)
  })

  test('an unchanged base: re-tagged, and the result says what the check found', async () => {
    const { build, deps, calls } = fresh({ facts: { platforms: [], revisions: [], bases: [record(BASE_NOW)] } })
    const result = await releaseApp(plan(), { ...SETTINGS, rebuildIfBaseChanged: true }, deps)
    expect(result.path).toBe('retag')
    expect(result.checks).toEqual([
      { check: 'rebuild-if-base-changed', outcome: 'pass', detail: `base unchanged: debian:12 (${BASE_NOW})` }
    ])
    expect(build).not.toHaveBeenCalled()
    expect(calls.facts).toBe(1)
  })

  test('no base recorded: reused, and the log says the check could not apply', async () => {
    const { lines, deps } = fresh({ facts: { platforms: [], revisions: [], bases: [] } })
    const result = await releaseApp(plan(), { ...SETTINGS, rebuildIfBaseChanged: true }, deps)
    expect(result.path).toBe('retag')
    expect(result.checks?.[0].outcome).toBe('not-applicable')
    expect(lines.info.some((l) => l.includes('records no base') && l.includes('the check does not apply'))).toBe(true)
  })

  test('a base that cannot be resolved: reused, with a warning naming the base and what happened', async () => {
    const { lines, deps } = fresh({ facts: { platforms: [], revisions: [], bases: [record(BASE_THEN)] } }, bases(403))
    const result = await releaseApp(plan(), { ...SETTINGS, rebuildIfBaseChanged: true }, deps)
    expect(result.path).toBe('retag')
    expect(result.checks?.[0]).toMatchObject({ outcome: 'unknown' })
    expect(lines.warning).toEqual([
      expect.stringMatching(
        /^Reuse check rebuild-if-base-changed: unknown \(could not resolve the base debian:12: .*403.*reusing the image all the same$/
      )
    ])
  })

  test('max-age on a fixed clock: too old is rebuilt, a dry run says so and builds nothing', async () => {
    const { build, deps } = fresh({ facts: { platforms: [], revisions: [], created: ['2026-08-01T00:00:00Z'] } })
    const settings = { ...SETTINGS, dryRun: true, maxAge: { text: '30d', ms: 30 * 86_400_000 } }
    const result = await releaseApp(plan(), settings, deps)
    expect(result).toMatchObject({ path: 'build', reason: 'too-old: built 2026-08-01, max-age 30d', dryRun: true })
    expect(result.checks).toEqual([
      { check: 'max-age', outcome: 'fail', detail: 'too-old: built 2026-08-01, max-age 30d' }
    ])
    expect(build).not.toHaveBeenCalled()
  })

  test('max-age and the base together: both reported, the first that fails is the reason', async () => {
    const { deps } = fresh({
      finds: [image(OTHER), image()],
      facts: { platforms: [], revisions: [], bases: [record(BASE_NOW)], created: [undefined] }
    })
    const settings = { ...SETTINGS, rebuildIfBaseChanged: true, maxAge: { text: '12h', ms: 12 * 3_600_000 } }
    const result = await releaseApp(plan(), settings, deps)
    expect(result.reason).toBe('age-unknown: no creation time recorded, max-age 12h')
    expect(result.checks?.map((c) => [c.check, c.outcome])).toEqual([
      ['max-age', 'fail'],
      ['rebuild-if-base-changed', 'pass']
    ])
  })

  test('no check enabled: no checks in the result, no facts read', async () => {
    const { deps, calls } = fresh({})
    const result = await releaseApp(plan(), SETTINGS, deps)
    expect(result).not.toHaveProperty('checks')
    expect(calls.facts).toBe(0)
  })
})
