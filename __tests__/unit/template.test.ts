import { describe, expect, test } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { listPlaceholders, renderTemplate, renderWord, unknownBuildPlaceholders } from '../../src/template.js'

describe('renderTemplate', () => {
  const values = { app: 'api', commit: 'abc123def', short: 'abc123d', version: 'v1' }

  test.each([
    ['{commit}', 'abc123def'],
    ['sha-{short}', 'sha-abc123d'],
    ['{app}-{version}-{short}', 'api-v1-abc123d'],
    ['plain', 'plain'],
    ['{app}{app}', 'apiapi']
  ])('%s -> %s', (template, expected) => {
    expect(renderTemplate('tag', template, values, 'commit-tag')).toBe(expected)
  })

  test('an unknown placeholder names the input, the placeholder and the known ones', () => {
    expect(() => renderTemplate('tag', 'x-{comit}', values, 'commit-tag')).toThrow(InputError)
    expect(() => renderTemplate('tag', 'x-{comit}', values, 'commit-tag')).toThrow(
      "Invalid commit-tag 'x-{comit}': unknown placeholder {comit}. Expected any of {app}, {commit}, {short}, {version}."
    )
  })

  test('an image template knows {app} only', () => {
    expect(renderTemplate('image', 'ghcr.io/o/{app}', { app: 'api' }, 'image')).toBe('ghcr.io/o/api')
    expect(() => renderTemplate('image', 'ghcr.io/o/{version}', { app: 'api' }, 'image')).toThrow(
      "Invalid image 'ghcr.io/o/{version}': unknown placeholder {version}. Expected any of {app}."
    )
  })

  test('an empty placeholder is unknown too', () => {
    expect(() => renderTemplate('image', 'x{}', { app: 'a' }, 'image')).toThrow(/unknown placeholder \{\}/)
  })

  test('names of Object.prototype are no placeholders', () => {
    expect(() => renderTemplate('tag', '{constructor}', values, 'tags')).toThrow(/unknown placeholder \{constructor\}/)
  })

  test('values are not rendered again', () => {
    expect(renderTemplate('tag', '{version}', { ...values, version: '{app}' }, 'i')).toBe('{app}')
  })
})

describe('renderWord', () => {
  const values = {
    app: 'api',
    version: 'v1',
    commit: 'abc123def',
    short: 'abc123d',
    'commit-tag': 'c',
    image: 'ghcr.io/o/api'
  }

  test.each([
    ['//{app}:push', '//api:push'],
    ['{image}:{commit-tag}', 'ghcr.io/o/api:c'],
    ['{x}', '{x}'],
    ['{APP}', '{APP}'],
    ['{}', '{}'],
    ['${HOME}', '${HOME}']
  ])('%s -> %s', (word, expected) => {
    expect(renderWord(word, values)).toBe(expected)
  })
})

describe('unknownBuildPlaceholders', () => {
  test('every build placeholder is known, {short} included', () => {
    expect(unknownBuildPlaceholders('{app} {version} {commit} {short} {commit-tag} {image}')).toEqual([])
    expect(unknownBuildPlaceholders('docker build -t {image}:sha-{short} .')).toEqual([])
    expect(listPlaceholders('build')).toBe('{app}, {version}, {commit}, {short}, {commit-tag}, {image}')
  })

  test('a typo is reported', () => {
    expect(unknownBuildPlaceholders('bazel run //{app}:push -- --tag {comit}')).toEqual(['comit'])
  })

  test('every unknown one is reported, in order', () => {
    expect(unknownBuildPlaceholders('{comit} {app} {verison} {a_b}')).toEqual(['comit', 'verison', 'a_b'])
  })

  test('shell-style ${VAR} and forms not written like ours are ignored', () => {
    expect(unknownBuildPlaceholders('sh -c "echo ${HOME} $PATH {APP} {} {1}"')).toEqual([])
  })
})
