import { describe, expect, test } from '@jest/globals'
import type { AppResult } from '../../src/model.js'
import {
  cleanStrings,
  escapeHtml,
  failureMessage,
  guardText,
  outgoing,
  overallPath,
  Redactor,
  summaryTable
} from '../../src/report.js'
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

  test.each([
    ['**bold** _em_ ~~gone~~', '&#42;&#42;bold&#42;&#42; &#95;em&#95; &#126;&#126;gone&#126;&#126;'],
    ['[click](javascript:x) ![i](x)', '&#91;click&#93;(javascript:x) !&#91;i&#93;(x)'],
    ['`code` | cell \\', '&#96;code&#96; &#124; cell &#92;']
  ])('Markdown characters become entities: %j', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected)
  })

  test('a newline becomes <br>: no blank line can end the table and start Markdown', () => {
    expect(escapeHtml('a\n\n# heading\r\nb')).toBe('a<br><br># heading<br>b')
    expect(escapeHtml('a\n\n# heading')).not.toContain('\n')
  })
})

describe('Redactor', () => {
  test('every secret added is replaced by ***, the longest first; nothing else changes', () => {
    const redactor = new Redactor()
    redactor.add('pass')
    redactor.add('dXNlcjpwYXNz')
    redactor.add('')
    expect(redactor.redact('denied: Basic dXNlcjpwYXNz (user pass) pass')).toBe('denied: Basic *** (user ***) ***')
    expect(redactor.redact('')).toBe('')
  })

  test('a secret that contains another goes as a whole', () => {
    const redactor = new Redactor()
    redactor.add('ab')
    redactor.add('xaby')
    expect(redactor.redact('xaby ab')).toBe('*** ***')
  })
})

describe('guardText', () => {
  test.each([
    ['::error::x', '\\::error::x'],
    ['ok\n::add-mask::secret\n  ::warning file=a::b', 'ok\n\\::add-mask::secret\n  \\::warning file=a::b'],
    ['ok\n\t::debug::x', 'ok\n\\u0009::debug::x'],
    ['a\r::error::x', 'a\\u000d::error::x'],
    ['a\u2028::error::x', 'a\\u2028::error::x'],
    ['\u00a0::error::x', '\u00a0\\::error::x'],
    ['text ##[add-mask]secret', 'text ##\\[add-mask]secret'],
    [
      'bell \u0007 escape \u001b[31m nul \u0000 del \u007f c1 \u009b',
      'bell \\u0007 escape \\u001b[31m nul \\u0000 del \\u007f c1 \\u009b'
    ],
    ['bidi \u202e txt', 'bidi \\u202e txt'],
    ['a :: b\nc::d', 'a :: b\nc::d'],
    ['plain v1.0.1, two\nlines', 'plain v1.0.1, two\nlines']
  ])('%j -> %j', (text, expected) => {
    expect(guardText(text)).toBe(expected)
  })

  test('no line of the result starts a workflow command, and guarding twice changes nothing', () => {
    const hostile = '\n::error::a\r\n ::add-mask::b\n\u000b::x::\n##[error]c\n\u2029::set-output name=x::y'
    const guarded = guardText(hostile)
    for (const line of guarded.split(/\r\n|\r|\n/)) {
      expect(line.trimStart()).not.toMatch(/^::/)
      expect(line).not.toContain('##[')
    }
    expect(guardText(guarded)).toBe(guarded)
  })
})

describe('outgoing and cleanStrings', () => {
  test('secrets out first, then guarded: every string of a result, nothing else changed', () => {
    const redactor = new Redactor()
    const out = outgoing(redactor)
    redactor.add('tok3n')
    const dirty = result({
      reason: 'revision-mismatch: x\n::add-mask::tok3n',
      latest: 'tok3n',
      tags: ['ghcr.io/o/api:v1'],
      durationMs: 7
    })
    expect(cleanStrings(dirty, out)).toEqual({
      ...dirty,
      reason: 'revision-mismatch: x\n\\::add-mask::***',
      latest: '***'
    })
    expect(dirty.latest).toBe('tok3n')
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
      ['App', 'Path', 'Digest', 'Repository', 'Tags', 'Moving tags', 'Reason', 'Time'].map((data) => ({
        data,
        header: true
      }))
    )
    expect(table[1][0]).toBe('api')
    expect(table[2][0]).toBe('web')
    for (const row of table) expect(row).toHaveLength(8)
  })

  test('a Checks column when a reuse check ran: one line per check, escaped', () => {
    const checks = [
      { check: 'max-age' as const, outcome: 'pass' as const, detail: 'built 2026-09-01, within max-age 30d' },
      { check: 'rebuild-if-base-changed' as const, outcome: 'unknown' as const, detail: 'could not resolve <b>' }
    ]
    const table = summaryTable([
      { ...base, checks },
      { ...base, app: 'web' }
    ])
    expect(table[0].map((cell) => (typeof cell === 'string' ? cell : cell.data))).toEqual([
      'App',
      'Path',
      'Digest',
      'Repository',
      'Tags',
      'Moving tags',
      'Reason',
      'Checks',
      'Time'
    ])
    expect(table[1][7]).toBe(
      'max-age: pass (built 2026-09-01, within max-age 30d)<br>rebuild-if-base-changed: unknown (could not resolve &#60;b&#62;)'
    )
    expect(table[2][7]).toBe('–')
  })

  test('the Moving tags cell: latest, then each floating tag, one a line, escaped', () => {
    const floating = ['v1.2 follows v1.2.1: the highest version of the 1.2.x line', 'v1 is left alone: <v1.3.0>']
    const [, row] = summaryTable([{ ...base, latest: 'latest is left alone', floating }])
    expect(row[5]).toBe(
      'latest is left alone<br>v1.2 follows v1.2.1: the highest version of the 1.2.x line<br>v1 is left alone: &#60;v1.3.0&#62;'
    )
  })

  test('a retag row', () => {
    const [, row] = summaryTable([base])
    expect(row).toEqual([
      'api',
      '♻️ retag',
      '<code>sha256:0123456789ab…</code>',
      '<code>ghcr.io/o/api</code>',
      '<code>ghcr.io/o/api:abc</code><br><code>ghcr.io/o/api:v1</code> (new)',
      'latest is left alone because the latest input is false',
      '–',
      '250 ms'
    ])
  })

  test('a dry-run row says would write', () => {
    const [, row] = summaryTable([{ ...base, dryRun: true }])
    expect(row[4]).toBe('<code>ghcr.io/o/api:abc</code><br><code>ghcr.io/o/api:v1</code> (would write)')
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
      '<code>ghcr.io/o/api</code>',
      '–',
      '–',
      'not-found; build failed: &#60;oops&#62; &#34;x&#34;',
      '1.5 s'
    ])
  })

  test('a build row', () => {
    const [, row] = summaryTable([{ ...base, path: 'build', reason: 'not-found', durationMs: 999 }])
    expect(row[1]).toBe('🔨 build')
    expect(row[6]).toBe('not-found')
    expect(row[7]).toBe('999 ms')
  })

  test('a hostile reason stays one line of entities', () => {
    const [, row] = summaryTable([{ ...base, reason: 'x\n\n**boom** <b>[a](b)</b>\n| c |' }])
    expect(row[6]).toBe('x<br><br>&#42;&#42;boom&#42;&#42; &#60;b&#62;&#91;a&#93;(b)&#60;/b&#62;<br>&#124; c &#124;')
  })

  test('one row per destination: its repository and what was copied there, its tags, its latest, its error', () => {
    const copied = { blobs: { mounted: 2, copied: 3, skipped: 1 }, bytes: 4_200_000, referrers: 1 }
    const table = summaryTable([
      {
        ...base,
        path: 'fail',
        reason: 'retag-failed: docker.io/o/api: DENIED; not rebuilding',
        // a failed app claims no tag: each destination says what it wrote
        tags: [],
        written: [],
        destinations: [
          { repository: 'ghcr.io/o/api', tags: ['ghcr.io/o/api:v1'], written: ['ghcr.io/o/api:v1'], ...copied },
          {
            repository: 'quay.io/o/api',
            tags: ['quay.io/o/api:v1'],
            written: ['quay.io/o/api:v1'],
            latest: 'latest stays',
            ...copied,
            blobs: { mounted: 0, copied: 0, skipped: 0 },
            referrers: 0
          },
          { repository: 'docker.io/o/api', tags: [], written: [], ...copied, error: 'DENIED' }
        ]
      }
    ])
    expect(table).toHaveLength(4)
    expect(table[1][3]).toBe(
      '<code>ghcr.io/o/api</code><br>blobs: 2 mounted, 3 copied (4.2 MB), 1 already there; 1 referrer'
    )
    expect(table[1][4]).toBe('<code>ghcr.io/o/api:v1</code> (new)')
    expect(table[2][3]).toBe('<code>quay.io/o/api</code>')
    expect(table[2][5]).toBe('latest stays')
    expect(table[1][5]).toBe(escapeHtml(base.latest!))
    expect(table[3][4]).toBe('–')
    expect(table[3][6]).toBe('DENIED')
    expect(table[1][6]).toBe('retag-failed: docker.io/o/api: DENIED; not rebuilding')
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
