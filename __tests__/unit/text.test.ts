import { describe, expect, test } from '@jest/globals'
import { neutralise } from '../../src/oci/text.js'

describe('neutralise', () => {
  test.each([
    ['plain text stays', 'manifest unknown', 'manifest unknown'],
    ['a newline cannot start a workflow command', 'x\n::add-mask::y', 'x\\n::add-mask::y'],
    ['carriage return and tab', 'a\rb\tc', 'a\\rb\\tc'],
    ['escape sequences of a terminal', '\u001b[2Jboom', '\\u001b[2Jboom'],
    ['NUL and DEL', 'a\u0000b\u007f', 'a\\u0000b\\u007f'],
    ['C1 next-line control', 'a\u0085b', 'a\\u0085b'],
    ['Unicode line separator', 'a\u2028b', 'a\\u2028b']
  ])('%s', (_, input, expected) => {
    expect(neutralise(input)).toBe(expected)
  })

  test('long text is cut at 200 characters by default, and says so', () => {
    expect(neutralise('x'.repeat(250))).toBe(`${'x'.repeat(200)}…`)
  })

  test('the cap applies after escaping, so escapes cannot smuggle length', () => {
    expect(neutralise('\n'.repeat(10), 6)).toBe('\\n\\n\\n…')
  })
})
