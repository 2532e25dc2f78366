import { describe, expect, test } from '@jest/globals'
import {
  factsRequest,
  judgeAge,
  judgeFacts,
  needsImageFacts,
  platformMatches,
  whyNotReusable
} from '../../src/reuse.js'

const COMMIT = 'abc123def4567890abc123def4567890abc12345'

describe('platformMatches', () => {
  test.each([
    ['linux/amd64', 'linux/amd64', true],
    ['linux/arm64', 'linux/arm64/v8', true], // no variant asked: any variant
    ['linux/arm64/v8', 'linux/arm64', true], // arm64 without a variant means v8
    ['linux/arm64/v8', 'linux/arm64/v8', true],
    ['linux/arm/v7', 'linux/arm/v7', true],
    ['linux/arm/v7', 'linux/arm/v6', false],
    ['linux/arm/v7', 'linux/arm', false], // arm has no default variant
    ['linux/amd64', 'linux/arm64', false],
    ['linux/amd64', 'windows/amd64', false],
    ['LINUX/AMD64', 'linux/amd64', true]
  ])('%s in %s: %s', (wanted, available, expected) => {
    expect(platformMatches(wanted, available)).toBe(expected)
  })
})

describe('whyNotReusable', () => {
  const rules = { platforms: [] as string[], verifyRevision: false, commit: COMMIT }

  test('no rules: nothing is read, any image may be reused', () => {
    expect(needsImageFacts(rules)).toBe(false)
    expect(needsImageFacts({ ...rules, platforms: ['linux/amd64'] })).toBe(true)
    expect(needsImageFacts({ ...rules, verifyRevision: true })).toBe(true)
    expect(whyNotReusable({ platforms: [], revisions: ['0000000'] }, rules)).toBeUndefined()
  })

  test('every missing platform is named, in the order asked', () => {
    const verdict = whyNotReusable(
      { platforms: ['linux/amd64'], revisions: [] },
      { ...rules, platforms: ['linux/arm64', 'linux/amd64', 'linux/arm/v7'] }
    )
    expect(verdict).toBe('missing-platform: linux/arm64, linux/arm/v7')
  })

  test('all platforms present: reusable', () => {
    expect(
      whyNotReusable(
        { platforms: ['linux/amd64', 'linux/arm64/v8'], revisions: [] },
        { ...rules, platforms: ['linux/amd64', 'linux/arm64'] }
      )
    ).toBeUndefined()
  })

  test.each([
    [[COMMIT], undefined],
    [[COMMIT.slice(0, 7)], undefined], // a short SHA label names the same commit
    [[COMMIT.toUpperCase()], undefined],
    [[], undefined], // no label: nothing contradicts the commit
    [['0123456789abcdef0123456789abcdef01234567'], 'revision-mismatch: 0123456789abcdef0123456789abcdef01234567'],
    [['abc12'], 'revision-mismatch: abc12'], // under 7 digits names nothing
    [[COMMIT, 'ffffffff'], 'revision-mismatch: ffffffff'] // one platform built elsewhere is enough
  ])('verify-revision with labels %j: %s', (revisions, expected) => {
    expect(whyNotReusable({ platforms: [], revisions }, { ...rules, verifyRevision: true })).toBe(expected)
  })

  test('labels are ignored without verify-revision; platforms are checked first', () => {
    expect(whyNotReusable({ platforms: ['linux/amd64'], revisions: ['ffffffff'] }, rules)).toBeUndefined()
    expect(
      whyNotReusable(
        { platforms: [], revisions: ['ffffffff'] },
        { ...rules, verifyRevision: true, platforms: ['linux/amd64'] }
      )
    ).toBe('missing-platform: linux/amd64')
  })

  test('a revision label is text from the image: escaped and capped in the reason, never a line of its own', () => {
    const label = `ffffffff\n::error ::injected\r\n::add-mask::x\u0000${'a'.repeat(300)}`
    const reason = whyNotReusable({ platforms: [], revisions: [label] }, { ...rules, verifyRevision: true })!
    expect(reason.startsWith('revision-mismatch: ffffffff\\n::error ::injected\\r\\n::add-mask::x\\u0000aaa')).toBe(
      true
    )
    expect(reason).not.toMatch(/\p{Cc}/u)
    expect(reason.length).toBeLessThan(120)
  })
})

describe('max-age (judgeAge), on a fixed clock', () => {
  const NOW = Date.parse('2026-09-10T12:00:00Z')
  const DAYS30 = { text: '30d', ms: 30 * 86_400_000 }

  test.each<[string, Array<string | undefined>, string, string]>([
    ['within the limit', ['2026-09-01T00:00:00Z'], 'pass', 'built 2026-09-01, within max-age 30d'],
    ['older than the limit', ['2026-08-01T00:00:00Z'], 'fail', 'too-old: built 2026-08-01, max-age 30d'],
    [
      'the oldest image counts',
      ['2026-09-09T00:00:00Z', '2026-08-01T10:00:00Z'],
      'fail',
      'too-old: built 2026-08-01, max-age 30d'
    ],
    ['exactly at the limit', ['2026-08-11T12:00:00Z'], 'pass', 'built 2026-08-11, within max-age 30d'],
    [
      'nanoseconds and an offset, as Go writes them',
      ['2026-09-01T02:00:00.123456789+02:00'],
      'pass',
      'built 2026-09-01, within max-age 30d'
    ],
    [
      'a clock a few minutes ahead is skew, not the future',
      ['2026-09-10T12:04:00Z'],
      'pass',
      'built 2026-09-10, within max-age 30d'
    ]
  ])('%s', (_name, created, outcome, detail) => {
    expect(judgeAge(created, DAYS30, NOW)).toEqual({ check: 'max-age', outcome, detail })
  })

  test.each<[string, Array<string | undefined>, string]>([
    ['no time at all', [], 'no creation time recorded'],
    ['an image without one', ['2026-09-01T00:00:00Z', undefined], 'no creation time recorded'],
    ['a date without a time', ['2026-09-01'], 'the creation time "2026-09-01" is no RFC 3339 time'],
    [
      'a time Date.parse would guess at',
      ['Tue, 01 Sep 2026 00:00:00 GMT'],
      'the creation time "Tue, 01 Sep 2026 00:00:00 GMT" is no RFC 3339 time'
    ],
    ['an impossible date', ['2026-13-45T00:00:00Z'], 'the creation time "2026-13-45T00:00:00Z" is no RFC 3339 time'],
    [
      'the reproducible-build epoch',
      ['1970-01-01T00:00:00Z'],
      'created at the Unix epoch, a reproducible build placeholder'
    ],
    ['a time in the future', ['2026-09-10T12:06:00Z'], 'created 2026-09-10T12:06:00.000Z, in the future']
  ])('%s: not trusted, so not reusable with max-age set', (_name, created, why) => {
    expect(judgeAge(created, DAYS30, NOW)).toEqual({
      check: 'max-age',
      outcome: 'fail',
      detail: `age-unknown: ${why}, max-age 30d`
    })
  })

  test('a time that is the image text is escaped in the reason', () => {
    const { detail } = judgeAge(['\n::error::x'], DAYS30, NOW)
    expect(detail).toBe('age-unknown: the creation time "\\n::error::x" is no RFC 3339 time, max-age 30d')
  })
})

describe('what the checks ask to be read', () => {
  const rules = { platforms: [] as string[], verifyRevision: false, commit: COMMIT }

  test('each check reads only what it needs', () => {
    expect(needsImageFacts({ ...rules, rebuildIfBaseChanged: true })).toBe(true)
    expect(needsImageFacts({ ...rules, maxAge: { text: '1d', ms: 86_400_000 } })).toBe(true)
    expect(needsImageFacts({ ...rules, rebuildIfBaseChanged: false })).toBe(false)
    expect(factsRequest({ ...rules, rebuildIfBaseChanged: true })).toEqual({
      readRevisions: false,
      readPlatforms: false,
      readBases: true,
      readCreated: false
    })
    expect(factsRequest({ ...rules, platforms: ['linux/amd64'], maxAge: { text: '1d', ms: 1 } })).toEqual({
      readRevisions: false,
      readPlatforms: true,
      readBases: false,
      readCreated: true
    })
  })

  test('judgeFacts reports every enabled check, also when all pass', () => {
    const facts = { platforms: ['linux/amd64'], revisions: [COMMIT], created: ['2026-09-09T00:00:00Z'] }
    const all = {
      platforms: ['linux/amd64'],
      verifyRevision: true,
      commit: COMMIT,
      maxAge: { text: '30d', ms: 30 * 86_400_000 }
    }
    expect(judgeFacts(facts, all, Date.parse('2026-09-10T00:00:00Z'))).toEqual([
      { check: 'platforms', outcome: 'pass', detail: 'has linux/amd64' },
      { check: 'verify-revision', outcome: 'pass', detail: 'every recorded revision names the commit' },
      { check: 'max-age', outcome: 'pass', detail: 'built 2026-09-09, within max-age 30d' }
    ])
    expect(judgeFacts(facts, rules, 0)).toEqual([])
  })
})
