import { describe, expect, test } from '@jest/globals'
import { explain, hintFor, messageOf, type ErrorFacts } from '../../src/errors.js'

describe('messageOf', () => {
  test.each([
    [new Error('boom'), 'boom'],
    ['text', 'text'],
    [42, '42']
  ])('%p -> %s', (error, message) => {
    expect(messageOf(error)).toBe(message)
  })
})

describe('hintFor', () => {
  test.each<[string, ErrorFacts, string]>([
    [
      '401',
      { status: 401, operation: 'fetch', registry: 'ghcr.io' },
      'Check the credentials: the username/password inputs, docker login (config.json), or github-token for ghcr.io.'
    ],
    [
      'UNAUTHORIZED from the token service',
      { status: 400, code: 'UNAUTHORIZED', operation: 'auth', registry: 'r.io' },
      'Check the credentials'
    ],
    [
      '403 on a push to ghcr.io',
      { status: 403, code: 'DENIED', operation: 'push', registry: 'ghcr.io' },
      'needs `permissions: packages: write` in the job'
    ],
    [
      '403 on a push elsewhere',
      { status: 403, operation: 'push', registry: 'quay.io' },
      'The credentials may read but not write this repository.'
    ],
    [
      'DENIED on a read',
      { status: 403, code: 'DENIED', operation: 'fetch', registry: 'ghcr.io' },
      'The credentials lack read access, or the repository does not exist'
    ],
    [
      'DENIED from the token service',
      { status: 403, code: 'DENIED', operation: 'auth', registry: 'ghcr.io' },
      'The credentials lack read access'
    ],
    [
      '429',
      { status: 429, operation: 'check' },
      'The registry rate-limits this client: log in to raise the limit, or try again later.'
    ],
    ['TOOMANYREQUESTS', { status: 400, code: 'TOOMANYREQUESTS', operation: 'list' }, 'rate-limits this client'],
    [
      'NAME_INVALID',
      { status: 400, code: 'NAME_INVALID', operation: 'push' },
      'The registry does not accept this repository name.'
    ],
    [
      'MANIFEST_BLOB_UNKNOWN',
      { status: 400, code: 'MANIFEST_BLOB_UNKNOWN', operation: 'push' },
      'The manifest refers to blobs this repository does not have.'
    ],
    ['BLOB_UNKNOWN', { status: 404, code: 'BLOB_UNKNOWN', operation: 'blob' }, 'refers to blobs'],
    [
      'UNSUPPORTED',
      { status: 405, code: 'UNSUPPORTED', operation: 'push' },
      'The registry does not support this operation (or this manifest media type).'
    ],
    ['5xx', { status: 503, operation: 'fetch' }, 'The registry failed; it was retried before giving up.']
  ])('%s', (_name, facts, advice) => {
    const hint = hintFor(facts)
    expect(hint).toMatch(/^ \S/)
    expect(hint).toContain(advice)
  })

  test.each<[string, ErrorFacts]>([
    ['a code that says it all', { status: 404, code: 'MANIFEST_UNKNOWN', operation: 'fetch' }],
    ['a 400 without a code', { status: 400, operation: 'fetch' }],
    ['no operation: not a registry answer', { status: 401, code: 'UNAUTHORIZED' }],
    ['nothing at all', {}]
  ])('no advice for %s', (_name, facts) => {
    expect(hintFor(facts)).toBe('')
  })

  test('only a push to ghcr.io names the packages permission', () => {
    expect(hintFor({ status: 403, operation: 'fetch', registry: 'ghcr.io' })).not.toContain('packages: write')
    expect(hintFor({ status: 403, operation: 'push', registry: 'quay.io' })).not.toContain('packages: write')
  })
})

describe('explain', () => {
  test('the message, then the advice', () => {
    const error = Object.assign(new Error('pushing ghcr.io/o/a:v1: DENIED.'), {
      status: 403,
      operation: 'push',
      registry: 'ghcr.io'
    })
    expect(explain(error)).toBe(`pushing ghcr.io/o/a:v1: DENIED.${hintFor(error)}`)
    expect(explain(error)).toContain('packages: write')
  })

  test.each([[new Error('boom')], ['text'], [undefined]])('anything else: just its message (%p)', (error) => {
    expect(explain(error)).toBe(messageOf(error))
  })
})
