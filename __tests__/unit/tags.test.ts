import { describe, expect, test } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { decideLatest, needsTagList, parseVersion, tagListStart, validateTag } from '../../src/tags.js'

describe('validateTag', () => {
  test('returns a valid tag', () => {
    expect(validateTag('v1.0.1', 'version')).toBe('v1.0.1')
  })

  test.each([
    ['v1;touch /tmp/x', 'version', undefined, "Invalid version 'v1;touch /tmp/x'. Expected an OCI tag"],
    ['-abc', 'commit-tag', '-{short}', "Invalid commit-tag '-abc' (from '-{short}'). Expected an OCI tag"],
    ['.x', 'commit-tag', '.x', "Invalid commit-tag '.x'. Expected an OCI tag"]
  ])('%j is refused', (tag, input, template, message) => {
    expect(() => validateTag(tag, input, template)).toThrow(InputError)
    expect(() => validateTag(tag, input, template)).toThrow(message)
  })
})

describe('parseVersion', () => {
  test.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v10.0.0-rc.1', '10.0.0-rc.1'],
    ['v1.2', null],
    ['release-1', null],
    ['latest', null],
    ['vv1.2.3', null],
    ['V1.2.3', null]
  ])('%s -> %s', (tag, expected) => {
    expect(parseVersion(tag)?.version ?? null).toBe(expected)
  })
})

describe('tagListStart', () => {
  test.each([
    ['v1.2.3', 'v'],
    ['v10.0.0', 'v'],
    ['1.2.3', undefined],
    ['version-1', undefined]
  ])('%s lists from %s', (version, start) => {
    expect(tagListStart(version)).toBe(start)
  })

  test('every v-prefixed version sorts after the start, and commit tags before it', () => {
    for (const tag of ['v0.0.1', 'v1.2.3', 'v99.0.0-rc.1']) expect(tag > 'v').toBe(true)
    for (const tag of ['0123abcd'.repeat(5), 'f'.repeat(40), 'sha-0123abc', 'main-0123abc', 'pr-12']) {
      expect(tag < 'v').toBe(true)
    }
  })
})

describe('needsTagList', () => {
  test.each([
    ['auto', 'v1.2.3', true],
    ['auto', '1.2.3', true],
    ['auto', 'v1.2.3-rc.1', false],
    ['auto', 'nightly', false],
    ['true', 'v1.2.3', false],
    ['false', 'v1.2.3', false]
  ] as const)('%s %s -> %s', (policy, version, expected) => {
    expect(needsTagList(policy, version)).toBe(expected)
  })
})

describe('decideLatest', () => {
  // each row: name, the decideLatest arguments (policy, version, existing tags), then the expected move and why
  test.each<[string, [policy: 'auto' | 'true' | 'false', version: string, existing: string[]], boolean, RegExp]>([
    ['true always moves', ['true', 'v0.0.1', ['v9.0.0']], true, /latest input is true/],
    ['true moves even for a non-semver', ['true', 'nightly', []], true, /latest input is true/],
    ['false never moves', ['false', 'v9.0.0', []], false, /latest input is false/],
    ['auto, first version', ['auto', 'v1.0.0', []], true, /latest follows v1\.0\.0: the first version/],
    ['auto, only non-versions exist', ['auto', 'v1.0.0', ['latest', 'main', 'abc123d']], true, /first version/],
    [
      'auto, highest',
      ['auto', 'v1.3.0', ['v1.2.9', 'v1.0.0', 'latest']],
      true,
      /latest follows v1\.3\.0: the highest version so far \(previous highest v1\.2\.9\)/
    ],
    ['auto, same as highest', ['auto', 'v1.2.3', ['1.2.3']], true, /highest version/],
    [
      'auto, lower than released',
      ['auto', 'v1.2.3', ['v1.10.0', 'v1.2.4']],
      false,
      /v1\.2\.3 is lower than v1\.10\.0, already released/
    ],
    ['auto, numeric not lexical order', ['auto', 'v1.10.0', ['v1.9.0']], true, /highest version/],
    ['auto, pre-releases do not hold latest back', ['auto', 'v1.2.3', ['v2.0.0-rc.1']], true, /first version/],
    ['auto, pre-release version', ['auto', 'v2.0.0-rc.1', []], false, /is a pre-release/],
    ['auto, non-semver version', ['auto', 'nightly-5', []], false, /not a semantic version/]
  ])('%s', (_name, args, move, why) => {
    const decision = decideLatest(...args)
    expect(decision.move).toBe(move)
    expect(decision.why).toMatch(why)
  })
})

describe('decideLatest with a tag list from a registry', () => {
  test('entries that are not valid tags (null, numbers, objects) are ignored, not a crash', () => {
    const existing: unknown[] = [null, 3, { tag: 'v9.0.0' }, ['v9.0.0'], undefined, 'v 9.0.0', 'v1.2.0', 'latest']
    const decision = decideLatest('auto', 'v1.3.0', existing)
    expect(decision).toEqual({
      move: true,
      why: 'latest follows v1.3.0: the highest version so far (previous highest v1.2.0)'
    })
  })
})
