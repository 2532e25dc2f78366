import { describe, expect, test } from '@jest/globals'
import { InvalidReferenceError, NOT_FOUND_CODES, parseErrorBody, RegistryError } from '../../src/oci/errors.js'

describe('RegistryError', () => {
  test('carries what the registry said and what the client was doing', () => {
    const cause = new Error('below')
    const error = new RegistryError('fetching r/a:v1: DENIED.', {
      status: 403,
      code: 'DENIED',
      temporary: false,
      cause,
      operation: 'fetch',
      registry: 'ghcr.io'
    })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('RegistryError')
    expect(error.message).toBe('fetching r/a:v1: DENIED.')
    expect(error.status).toBe(403)
    expect(error.code).toBe('DENIED')
    expect(error.temporary).toBe(false)
    expect(error.cause).toBe(cause)
    expect(error.operation).toBe('fetch')
    expect(error.registry).toBe('ghcr.io')
  })

  test('a message alone: not temporary, nothing else known', () => {
    const error = new RegistryError('x')
    expect(error.temporary).toBe(false)
    expect([error.status, error.code, error.cause, error.operation, error.registry]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined
    ])
    expect('cause' in error).toBe(false)
  })

  test('temporary is what the constructor was told', () => {
    expect(new RegistryError('x', { temporary: true }).temporary).toBe(true)
  })
})

describe('InvalidReferenceError', () => {
  test('is an Error with its own name', () => {
    const error = new InvalidReferenceError('bad')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('InvalidReferenceError')
  })
})

describe('NOT_FOUND_CODES', () => {
  test('are the codes of a missing manifest or repository, not of a refusal', () => {
    expect([...NOT_FOUND_CODES].sort()).toEqual(['MANIFEST_UNKNOWN', 'NAME_UNKNOWN'])
  })
})

describe('parseErrorBody', () => {
  test.each<[string, { code?: string; message?: string }]>([
    ['{"errors":[{"code":"DENIED","message":"no"}]}', { code: 'DENIED', message: 'no' }],
    ['{"errors":[{"code":"A"},{"code":"B"}]}', { code: 'A', message: undefined }],
    ['{"errors":[{"message":"no code"}]}', {}],
    ['{"errors":[]}', {}],
    ['{}', {}],
    ['<html>502 Bad Gateway</html>', {}],
    ['', {}],
    // raw words (the quoting client scrubs and escapes them); a message that is no string is none
    ['{"errors":[{"code":"DENIED","message":{"nested":1}}]}', { code: 'DENIED', message: undefined }]
  ])('%j -> %j', (text, expected) => {
    expect(parseErrorBody(text)).toEqual(expected)
  })
})
