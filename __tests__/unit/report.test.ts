import { describe, expect, test } from '@jest/globals'
import type { AppResult } from '../../src/model.js'
import { escapeHtml, failureMessage, overallPath, summaryTable } from '../../src/report.js'
import { result } from '../fixtures/data.js'

describe('escapeHtml', () => {
  test.each([
    ['<script>alert(1)</script>', '&#60;script&#62;alert(1)&#60;/script&#62;'],
    [`"double" 'single'`, '&#34;double&#34; &#39;single&#39;'],
    ['a & b', 'a &#38; b'],
    ['&#60;', '&#38;#60;'],
    ['plain v1.0.1', 'plain v1.0.1']
  ])('%j -> %j', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected)
  })

  test('nothing dangerous survives', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">`)).not.toMatch(/[<>"']/)
  })
})

describe('summaryTable', () => {
  const base: AppResult = {
    app: 'api',
    image: 'ghcr.io/o/api',
    path: 'retag',
    digest: `sha256:${'0123456789abcdef'.repeat(4)}`,
    tags: ['ghcr.io/o/api:abc', 'ghcr.io/o/api:v1'],
    written: ['ghcr.io/o/api:v1'],
    latest: 'latest is left alone because the latest input is false',
    dryRun: false,
    durationMs: 250
  }

  test('a header row, then one row per app', () => {
    const table = summaryTable([base, { ...base, app: 'web' }])
    expect(table).toHaveLength(3)
    expect(table[0]).toEqual(
      ['App', 'Path', 'Digest', 'Tags', 'Latest', 'Reason', 'Time'].map((data) => ({ data, header: true }))
    )
    expect(table[1][0]).toBe('api')
    expect(table[2][0]).toBe('web')
    for (const row of table) expect(row).toHaveLength(7)
  })

  test('a retag row', () => {
    const [, row] = summaryTable([base])
    expect(row).toEqual([
      'api',
      '♻️ retag',
      '<code>sha256:0123456789ab…</code>',
      '<code>ghcr.io/o/api:abc</code><br><code>ghcr.io/o/api:v1</code> (new)',
      'latest is left alone because the latest input is false',
      '–',
      '250 ms'
    ])
  })

  test('a dry-run row says would write', () => {
    const [, row] = summaryTable([{ ...base, dryRun: true }])
    expect(row[3]).toBe('<code>ghcr.io/o/api:abc</code><br><code>ghcr.io/o/api:v1</code> (would write)')
  })

  test('a failed row: dashes in empty cells, escaped reason, seconds', () => {
    const [, row] = summaryTable([
      {
        ...base,
        app: 'a<b>',
        path: 'fail',
        digest: undefined,
        tags: [],
        written: [],
        latest: undefined,
        reason: 'not-found; build failed: <oops> "x"',
        durationMs: 1500
      }
    ])
    expect(row).toEqual([
      'a&#60;b&#62;',
      '❌ fail',
      '–',
      '–',
      '–',
      'not-found; build failed: &#60;oops&#62; &#34;x&#34;',
      '1.5 s'
    ])
  })

  test('a build row', () => {
    const [, row] = summaryTable([{ ...base, path: 'build', reason: 'not-found', durationMs: 999 }])
    expect(row[1]).toBe('🔨 build')
    expect(row[5]).toBe('not-found')
    expect(row[6]).toBe('999 ms')
  })

  test('no results: only the header', () => {
    expect(summaryTable([])).toHaveLength(1)
  })
})

describe('overallPath', () => {
  test.each<[string, AppResult['path'][], string]>([
    ['one app', ['build'], 'build'],
    ['every app the same path', ['retag', 'retag'], 'retag'],
    ['any failure', ['retag', 'fail', 'build'], 'fail'],
    ['different paths, none failed', ['retag', 'build'], 'mixed']
  ])('%s', (_name, paths, expected) => {
    expect(overallPath(paths.map((path, i) => result({ app: `a${i}`, path })))).toBe(expected)
  })
})

describe('failureMessage', () => {
  test('no failure: undefined', () => {
    expect(failureMessage([result()])).toBeUndefined()
  })

  test('one app: its reason', () => {
    expect(failureMessage([result({ path: 'fail', reason: 'not-found; build failed' })])).toBe(
      'api: not-found; build failed'
    )
  })

  test('a batch: how many failed, then each', () => {
    const results = [
      result({ app: 'a', path: 'fail', reason: 'x' }),
      result({ app: 'b' }),
      result({ app: 'c', path: 'fail', reason: 'y' })
    ]
    expect(failureMessage(results)).toBe('2 of 3 apps failed:\na: x\nc: y')
  })
})
