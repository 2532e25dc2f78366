import { describe, expect, test } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { decideFloating, planFloatingTags, type FloatingTag } from '../../src/moving-tags.js'

const plan = (templates: string[], version: string, app = 'api'): FloatingTag[] =>
  planFloatingTags(templates, app, version, 'floating-tags')

describe('planFloatingTags', () => {
  test.each<[string[], string, Array<[string | undefined, string]>]>([
    [
      ['v{major}', 'v{major}.{minor}'],
      'v1.2.3',
      [
        ['v1.2', 'minor'],
        ['v1', 'major']
      ]
    ],
    [
      ['{major}', '{major}.{minor}'],
      '1.2.3',
      [
        ['1.2', 'minor'],
        ['1', 'major']
      ]
    ],
    [['{app}-v{major}'], 'v10.0.1', [['api-v10', 'major']]],
    [['v{major}', 'v{major}'], 'v1.2.3', [['v1', 'major']]],
    [
      ['v{major}', 'v{major}.{minor}'],
      'v2.0.0-rc.1',
      [
        [undefined, 'minor'],
        [undefined, 'major']
      ]
    ],
    [['v{major}'], 'nightly', [[undefined, 'major']]]
  ])('%j for %s', (templates, version, expected) => {
    expect(plan(templates, version).map((f) => [f.tag, f.line])).toEqual(expected)
  })

  test.each([
    ['latest', /'latest': it has no \{major\} placeholder\. Expected a template such as v\{major\}/],
    ['v{minor}', /'v\{minor\}': it has no \{major\} placeholder/],
    ['v{major}-{short}', /unknown placeholder \{short\}\. Expected any of \{app\}, \{major\}, \{minor\}/],
    ['v{major}-{version}', /unknown placeholder \{version\}/],
    ['-v{major}', /Invalid floating-tags '-v0' \(from '-v\{major\}'\)\. Expected an OCI tag/],
    ['v{major}/x', /Expected an OCI tag/]
  ])('%s is refused, whatever the version', (template, message) => {
    for (const version of ['v1.2.3', 'nightly']) {
      expect(() => plan([template], version)).toThrow(InputError)
      expect(() => plan([template], version)).toThrow(message)
    }
  })
})

describe('decideFloating', () => {
  const [minor, major] = plan(['v{major}', 'v{major}.{minor}'], 'v1.2.1')
  // each row: name, the floating tag and the repository's tags, then the expected move and why
  test.each<[string, [FloatingTag, string[]], boolean, string]>([
    ['first of its line', [major, ['v0.9.0']], true, 'v1 follows v1.2.1: the first version of the 1.x line'],
    [
      'lower than a release of its line',
      [major, ['v1.3.0', 'v1.2.0']],
      false,
      'v1 is left alone: v1.2.1 is lower than v1.3.0, already released in the 1.x line'
    ],
    [
      'highest of its own line, whatever other lines hold',
      [minor, ['v1.3.0', 'v1.2.0', 'v2.0.0']],
      true,
      'v1.2 follows v1.2.1: the highest version of the 1.2.x line (previous highest v1.2.0)'
    ],
    [
      're-released, same version',
      [minor, ['v1.2.1', '1.2.1']],
      true,
      'v1.2 follows v1.2.1: the highest version of the 1.2.x line'
    ],
    [
      'numeric, not lexical order',
      [major, ['v1.10.0']],
      false,
      'v1 is left alone: v1.2.1 is lower than v1.10.0, already released in the 1.x line'
    ],
    [
      'pre-releases do not hold it back',
      [major, ['v1.3.0-rc.1', 'v1', 'v1.2', 'latest']],
      true,
      'v1 follows v1.2.1: the first version of the 1.x line'
    ]
  ])('%s', (_name, [floating, existing], move, why) => {
    expect(decideFloating(floating, 'v1.2.1', existing)).toEqual({ tag: floating.tag, move, why })
  })

  test.each([
    ['v2.0.0-rc.1', 'v{major} is left alone: v2.0.0-rc.1 is a pre-release'],
    ['nightly', 'v{major} is left alone: nightly is not a semantic version']
  ])('%s moves no floating tag', (version, why) => {
    const [floating] = plan(['v{major}'], version)
    expect(decideFloating(floating, version, [])).toEqual({ tag: 'v{major}', move: false, why })
  })

  test('entries of a tag list that are not tags are ignored', () => {
    expect(decideFloating(major, 'v1.2.1', [null, 3, { tag: 'v1.9.0' }, 'v 1.9.0']).move).toBe(true)
  })
})

describe('the sequence v1.2.0 (A), v1.3.0 (B), v1.2.1 (C), v2.0.0-rc.1 (D)', () => {
  test('ends with v1 on B, v1.2 on C, v1.3 on B and no v2', () => {
    const repository = new Map<string, string>()
    const release = (version: string, digest: string): string[] => {
      const existing = [...repository.keys()]
      repository.set(version, digest)
      const moved = plan(['v{major}', 'v{major}.{minor}'], version)
        .map((floating) => decideFloating(floating, version, existing))
        .filter((decision) => decision.move)
      for (const { tag } of moved) repository.set(tag, digest)
      return moved.map((decision) => decision.tag)
    }
    expect(release('v1.2.0', 'A')).toEqual(['v1.2', 'v1'])
    expect(release('v1.3.0', 'B')).toEqual(['v1.3', 'v1'])
    expect(release('v1.2.1', 'C')).toEqual(['v1.2'])
    expect(release('v2.0.0-rc.1', 'D')).toEqual([])
    expect(Object.fromEntries(repository)).toEqual({
      'v1.2.0': 'A',
      'v1.3.0': 'B',
      'v1.2.1': 'C',
      'v2.0.0-rc.1': 'D',
      v1: 'B',
      'v1.2': 'C',
      'v1.3': 'B'
    })
  })
})
