import { describe, expect, test } from '@jest/globals'
import { explain, hintFor, messageOf, type ErrorFacts } from '../../src/errors.js'
import { RegistryError } from '../../src/oci/errors.js'

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

describe('hintFor: hosted registries', () => {
  const ECR =
    "The image tag 'latest' already exists in the 'app' repository and cannot be overwritten because the repository is immutable."
  const ghcr = { status: 403, code: 'DENIED', operation: 'push', registry: 'ghcr.io' }

  test.each<[string, ErrorFacts]>([
    ['in the message', { ...ghcr, message: 'pushing ghcr.io/o/a:v1: DENIED (permission_denied: write_package).' }],
    ['as the detail', { ...ghcr, detail: 'permission_denied: write_package' }],
    [
      'from a GHCR behind another name',
      { ...ghcr, registry: '127.0.0.1:5000', detail: 'permission_denied: write_package' }
    ]
  ])('GHCR write_package %s: Manage Actions access beside packages: write', (_name, facts) => {
    const hint = hintFor(facts)
    expect(hint).toContain('`permissions: packages: write`')
    expect(hint).toContain('"Manage Actions access", with the Write role')
  })

  test('a DENIED push to ghcr.io without write_package keeps the plain advice', () => {
    expect(hintFor({ ...ghcr, message: 'pushing ghcr.io/o/a:v1: DENIED.' })).not.toContain('Manage Actions access')
  })

  test.each<[string, ErrorFacts, string]>([
    ['named by ECR', { status: 400, code: 'TAG_INVALID', operation: 'push', detail: ECR }, 'latest'],
    [
      'in the message only',
      {
        status: 400,
        code: 'TAG_INVALID',
        operation: 'push',
        message: `pushing 1.dkr.ecr.io/app:latest: TAG_INVALID (${ECR}).`
      },
      'latest'
    ],
    [
      'from the error field',
      { status: 400, code: 'TAG_INVALID', operation: 'push', reference: 'v1', detail: 'tag is immutable' },
      'v1'
    ],
    [
      'from the reference pushed',
      {
        status: 400,
        code: 'TAG_INVALID',
        operation: 'push',
        message: 'pushing 127.0.0.1:5000/app:v1.2: TAG_INVALID (cannot be overwritten: the repository is immutable).'
      },
      'v1.2'
    ]
  ])('TAG_INVALID, immutable, tag %s: names it and the exclusion it needs', (_name, facts, tag) => {
    const hint = hintFor(facts)
    expect(hint).toContain(`\`${tag}\` already exists`)
    expect(hint).toContain(`IMMUTABLE_WITH_EXCLUSION with an image tag mutability exclusion filter \`${tag}\``)
  })

  test('a tag the message names that is no tag is not repeated', () => {
    const detail = "The image tag '::error ::x\n' already exists and the repository is immutable."
    const hint = hintFor({ status: 400, code: 'TAG_INVALID', operation: 'push', detail })
    expect(hint).toContain('this tag already exists')
    expect(hint).not.toContain('::error')
  })

  test('explain() reads a RegistryError: the registry wording, and the tag from its field', () => {
    const error = new RegistryError('pushing r.io/app@sha256:0: TAG_INVALID.', {
      status: 400,
      code: 'TAG_INVALID',
      operation: 'push',
      detail: 'immutable',
      reference: 'latest'
    })
    expect(explain(error)).toContain('exclusion filter `latest`')
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
