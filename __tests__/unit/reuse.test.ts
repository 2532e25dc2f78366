import { describe, expect, test } from '@jest/globals'
import { needsImageFacts, platformMatches, whyNotReusable } from '../../src/reuse.js'

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
