import { describe, expect, test } from '@jest/globals'
import { formatScope, parseChallenges, parseScopes, type Challenge } from '../../src/oci/challenge.js'

describe('parseChallenges', () => {
  test.each<[string, string, Challenge[]]>([
    [
      'Docker Hub bearer',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/nginx:pull'
          }
        }
      ]
    ],
    [
      'GHCR bearer',
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/app:pull,push"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/app:pull,push' }
        }
      ]
    ],
    ['Basic realm', 'Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    ['bare scheme', 'Basic', [{ scheme: 'basic', params: {} }]],
    [
      'two challenges in one header',
      'Bearer realm="https://a/token",service="reg", Basic realm="x"',
      [
        { scheme: 'bearer', params: { realm: 'https://a/token', service: 'reg' } },
        { scheme: 'basic', params: { realm: 'x' } }
      ]
    ],
    [
      'spaces around separators',
      'Bearer  realm = "r" ,  service="s"  ,Basic realm="b"',
      [
        { scheme: 'bearer', params: { realm: 'r', service: 's' } },
        { scheme: 'basic', params: { realm: 'b' } }
      ]
    ],
    [
      'quoted value with commas and escaped quotes',
      'Basic realm="a, \\"quoted\\" b", charset="UTF-8"',
      [{ scheme: 'basic', params: { realm: 'a, "quoted" b', charset: 'UTF-8' } }]
    ],
    ['escaped backslash', 'Basic realm="a\\\\b"', [{ scheme: 'basic', params: { realm: 'a\\b' } }]],
    [
      'quoted scope list with spaces',
      'Bearer realm="r",scope="repository:o/a:pull repository:o/b:pull,push"',
      [{ scheme: 'bearer', params: { realm: 'r', scope: 'repository:o/a:pull repository:o/b:pull,push' } }]
    ],
    [
      'unquoted values',
      'Basic realm=simple, charset=UTF-8',
      [{ scheme: 'basic', params: { realm: 'simple', charset: 'UTF-8' } }]
    ],
    [
      'unquoted then another challenge',
      'Bearer realm=r,service=s, Basic realm=b',
      [
        { scheme: 'bearer', params: { realm: 'r', service: 's' } },
        { scheme: 'basic', params: { realm: 'b' } }
      ]
    ],
    ['token68', 'Basic dXNlcg==', [{ scheme: 'basic', params: {} }]],
    ['token68 with a single =', 'Basic dXNlcjE=', [{ scheme: 'basic', params: {} }]],
    [
      'token68 then another challenge',
      'Negotiate abc, Basic realm="x"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'basic', params: { realm: 'x' } }
      ]
    ],
    [
      'padded token68 then another challenge',
      'Negotiate YWJj==, Bearer realm="https://a/t"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'bearer', params: { realm: 'https://a/t' } }
      ]
    ],
    [
      'case of scheme and parameter names',
      'BEARER Realm="R",SERVICE="Svc"',
      [{ scheme: 'bearer', params: { realm: 'R', service: 'Svc' } }]
    ],
    ['empty string', '', []],
    ['only spaces and commas', ' , ,', []]
  ])('%s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected)
  })

  test('parameter values keep their case', () => {
    const [challenge] = parseChallenges('Bearer realm="HTTPS://Auth.Example/Token"')
    expect(challenge.params.realm).toBe('HTTPS://Auth.Example/Token')
  })

  test('a comma inside a quoted value does not start a new challenge', () => {
    const challenges = parseChallenges('Bearer realm="x, Basic realm=y"')
    expect(challenges).toHaveLength(1)
    expect(challenges[0].params.realm).toBe('x, Basic realm=y')
  })
})

describe('parseScopes', () => {
  test.each([
    [undefined, []],
    ['', []],
    ['repository:o/a:pull', [{ type: 'repository', name: 'o/a', actions: ['pull'] }]],
    ['repository:o/a:pull,push', [{ type: 'repository', name: 'o/a', actions: ['pull', 'push'] }]],
    [
      'repository:o/a:pull repository:o/b:push',
      [
        { type: 'repository', name: 'o/a', actions: ['pull'] },
        { type: 'repository', name: 'o/b', actions: ['push'] }
      ]
    ],
    ['  repository:o/a:pull  ', [{ type: 'repository', name: 'o/a', actions: ['pull'] }]],
    ['registry:catalog:*', [{ type: 'registry', name: 'catalog', actions: ['*'] }]],
    ['repository:localhost:5000/a:pull', [{ type: 'repository', name: 'localhost:5000/a', actions: ['pull'] }]],
    ['repository:o/a:pull,,push,', [{ type: 'repository', name: 'o/a', actions: ['pull', 'push'] }]],
    ['repository:o/a:', [{ type: 'repository', name: 'o/a', actions: [] }]],
    ['garbage', []],
    ['repository:onlyname', []],
    [':o/a:pull', []]
  ])('%j', (value, expected) => {
    expect(parseScopes(value)).toEqual(expected)
  })
})

describe('formatScope', () => {
  test.each([
    [{ type: 'repository', name: 'o/a', actions: ['pull'] }, 'repository:o/a:pull'],
    [{ type: 'repository', name: 'o/a', actions: ['push', 'pull'] }, 'repository:o/a:pull,push'],
    [{ type: 'repository', name: 'o/a', actions: ['push', 'pull', 'push', 'pull'] }, 'repository:o/a:pull,push'],
    [{ type: 'repository', name: 'o/a', actions: ['push', 'delete', 'pull'] }, 'repository:o/a:delete,pull,push'],
    [{ type: 'repository', name: 'o/a', actions: [] }, 'repository:o/a:']
  ])('%j -> %s', (scope, expected) => {
    expect(formatScope(scope)).toBe(expected)
  })

  test('round-trips through parseScopes', () => {
    const text = 'repository:o/a:push,pull repository:o/b:pull'
    expect(parseScopes(text).map(formatScope)).toEqual(['repository:o/a:pull,push', 'repository:o/b:pull'])
  })
})
