import { describe, expect, test } from '@jest/globals'
import {
  apiHost,
  formatReference,
  formatRepository,
  hostname,
  isLoopback,
  isValidDigest,
  isValidTag,
  parseRepository,
  registryHostProblem
} from '../../src/oci/reference.js'
import { InvalidReferenceError } from '../../src/oci/errors.js'

describe('parseRepository', () => {
  test.each([
    ['nginx', 'docker.io', 'library/nginx'],
    ['owner/app', 'docker.io', 'owner/app'],
    ['index.docker.io/x', 'docker.io', 'library/x'],
    ['registry-1.docker.io/library/x', 'docker.io', 'library/x'],
    ['docker.io/owner/x', 'docker.io', 'owner/x'],
    ['ghcr.io/o/app', 'ghcr.io', 'o/app'],
    ['GHCR.IO/o/app', 'ghcr.io', 'o/app'],
    ['localhost:5000/app', 'localhost:5000', 'app'],
    ['localhost/app', 'localhost', 'app'],
    ['[::1]:5000/app', '[::1]:5000', 'app'],
    ['127.0.0.1:5000/a/b', '127.0.0.1:5000', 'a/b'],
    ['registry.example.com/team/sub/app', 'registry.example.com', 'team/sub/app'],
    ['ghcr.io/o/my-app_v2.x', 'ghcr.io', 'o/my-app_v2.x'],
    ['ghcr.io/o/a__b', 'ghcr.io', 'o/a__b'],
    ['ghcr.io/o/a---b', 'ghcr.io', 'o/a---b']
  ])('%s -> %s / %s', (name, registry, path) => {
    expect(parseRepository(name)).toEqual({ registry, path })
  })

  test.each([
    ['Owner/app', /lower-case/],
    ['ghcr.io/Owner/app', /lower-case/],
    ['Nginx', /lower-case/],
    ['app:tag', /without tag or digest/],
    ['ghcr.io/o/app:v1', /without tag or digest/],
    ['localhost:5000/app:v1', /without tag or digest/],
    [`ghcr.io/o/app@sha256:${'a'.repeat(64)}`, /without tag or digest/],
    ['', /empty/],
    ['ghcr.io/', /empty/],
    ['a//b', /'' is not a valid path component/],
    ['-a', /'-a' is not a valid path component/],
    ['ghcr.io/o/a.', /not a valid path component/],
    ['ghcr.io/o/a..b', /not a valid path component/],
    ['ghcr.io/o/a___b', /not a valid path component/],
    ['ghcr.io/o/a b', /not a valid path component/],
    ['bad_host.io/app', /not a valid registry host/],
    ['-bad.io/app', /not a valid registry host/],
    ['localhost:99999/app', /port '99999' is not a number from 1 to 65535/],
    ['localhost:65536/app', /port '65536'/],
    ['localhost:0/app', /port '0'/],
    ['[::1]:0/app', /port '0'/],
    ['[:::::]/app', /\[:::::\] is not an IPv6 address/],
    ['[:::::]:5000/app', /not an IPv6 address/],
    ['[1.2.3.4]/app', /not an IPv6 address/],
    ['999.0.0.1:5000/app', /'999.0.0.1' is not a host name or address/],
    ['a:b:c/app', /expected host or host:port/]
  ])('rejects %j', (name, message) => {
    expect(() => parseRepository(name)).toThrow(InvalidReferenceError)
    expect(() => parseRepository(name)).toThrow(message)
  })

  test('error message quotes the offending name', () => {
    expect(() => parseRepository('ghcr.io/O/app')).toThrow("Invalid image repository 'ghcr.io/O/app'")
  })

  test('rejects paths longer than 255 characters', () => {
    const long = `ghcr.io/${'a'.repeat(100)}/${'b'.repeat(100)}/${'c'.repeat(60)}`
    expect(() => parseRepository(long)).toThrow(/longer than 255/)
    const ok = `ghcr.io/${'a'.repeat(255)}`
    expect(parseRepository(ok).path).toHaveLength(255)
  })
})

describe('apiHost / formatting', () => {
  test.each([
    ['docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000'],
    ['[::1]:5000', '[::1]:5000']
  ])('apiHost(%s) = %s', (registry, host) => {
    expect(apiHost(registry)).toBe(host)
  })

  test('formatRepository and formatReference', () => {
    const repo = parseRepository('nginx')
    expect(formatRepository(repo)).toBe('docker.io/library/nginx')
    expect(formatReference(parseRepository('ghcr.io/o/app'), 'v1')).toBe('ghcr.io/o/app:v1')
  })

  test.each([
    ['[::1]:5000', '::1'],
    ['[::1]', '::1'],
    ['localhost:5000', 'localhost'],
    ['ghcr.io', 'ghcr.io'],
    ['127.0.0.1:80', '127.0.0.1']
  ])('hostname(%s) = %s', (registry, host) => {
    expect(hostname(registry)).toBe(host)
  })
})

describe('isLoopback', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.0.0.1:5000', true],
    ['127.1.2.3:80', true],
    ['localhost', true],
    ['LOCALHOST:5000', true],
    ['[::1]', true],
    ['[::1]:5000', true],
    ['10.0.0.1', false],
    ['10.0.0.1:5000', false],
    ['example.com', false],
    ['ghcr.io', false],
    ['127.0.0.1.example.com', false],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    // decided on the address, not the spelling
    ['127.1', true],
    ['127.1:5000', true],
    ['127.000.000.001', true],
    ['0x7f.1', true],
    ['2130706433:5000', true],
    ['[::ffff:127.0.0.1]', true],
    ['[::ffff:127.0.0.1]:5000', true],
    ['[0:0:0:0:0:0:0:1]', true],
    ['[0:0:0:0:0:0:0:1]:5000', true],
    ['::1', true],
    ['[::ffff:10.0.0.1]', false],
    ['[::2]', false],
    ['[:::::]', false],
    ['126.255.255.255', false]
  ])('%s -> %s', (registry, expected) => {
    expect(isLoopback(registry)).toBe(expected)
  })
})

describe('registryHostProblem', () => {
  test.each([
    'ghcr.io',
    'localhost',
    'localhost:1',
    'localhost:65535',
    '127.0.0.1:5000',
    '[::1]',
    '[::1]:5000',
    '127.1'
  ])('%s is a registry host', (registry) => {
    expect(registryHostProblem(registry)).toBeUndefined()
  })

  test.each([
    ['host:', /port '' is not a number/],
    ['host:5000x', /port '5000x'/],
    ['host:+80', /port '\+80'/],
    ['[::1', /expected host or host:port/],
    ['bad_host.io', /not a host name or address/],
    ['', /not a host name or address/]
  ])('%j: %s', (registry, message) => {
    expect(registryHostProblem(registry)).toMatch(message)
  })
})

describe('isValidTag', () => {
  test.each([
    ['v1.0.1', true],
    ['latest', true],
    ['_x', true],
    ['A', true],
    ['.v1', false],
    ['-v1', false],
    ['', false],
    ['v1;touch', false],
    ['a b', false],
    ['a/b', false],
    ['a:b', false],
    ['v1.0-rc_1', true]
  ])('%j -> %s', (tag, expected) => {
    expect(isValidTag(tag)).toBe(expected)
  })

  test.each([
    [128, true],
    [129, false]
  ])('a tag of %i characters -> %s', (length, expected) => {
    expect(isValidTag('a'.repeat(length))).toBe(expected)
    expect(isValidTag(`_${'9'.repeat(length - 1)}`)).toBe(expected)
  })

  test.each([
    [`sha256:${'a'.repeat(64)}`, true],
    [`sha256:${'A'.repeat(64)}`, false],
    [`sha256:${'a'.repeat(63)}`, false],
    [`sha512:${'a'.repeat(64)}`, false]
  ])('isValidDigest case %#', (digest, expected) => {
    expect(isValidDigest(digest)).toBe(expected)
  })
})
