import { describe, expect, test } from '@jest/globals'
import { Authenticator, basicAuth, secretsOf, type Credential } from '../../src/oci/auth.js'
import { RegistryError } from '../../src/oci/errors.js'
import { httpLayer, type HttpRequest } from '../../src/oci/http.js'
import { fakeFetch, sequence, status, type Call, type Handler } from '../fixtures/fakes/fetch.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

const REALM = 'https://auth.example/token'
const CHALLENGE = `Bearer realm="${REALM}",service="reg",scope="repository:o/a:pull"`
const GET: HttpRequest = { method: 'GET', url: 'https://reg.example.com/v2/o/a/manifests/v1', headers: {} }
const PUSH: HttpRequest = { ...GET, scope: { type: 'repository', name: 'o/a', actions: ['pull', 'push'] } }

interface Options {
  registry?: string
  credential?: Credential
  plainHttp?: (host: string) => boolean
  clientId?: string
  onSecret?: (secret: string) => void
}

/** The auth layer alone, over plain HTTP to a fake fetch. */
function authLayer(handler: Handler, options: Options = {}) {
  const { fetch, calls } = fakeFetch(handler)
  const http = httpLayer(fetch, 1000)
  const { registry = 'reg.example.com', plainHttp = () => false, ...rest } = options
  const authenticator = new Authenticator({ registry, plainHttp, unauthenticated: http, ...rest })
  const send = (request: HttpRequest) => authenticator.send(request, http)
  return { send, calls }
}

interface BearerServer {
  tokens?: string[]
  accepted?: (token: string, index: number) => boolean
  field?: 'token' | 'access_token'
  realm?: string
}

/** A registry that wants `Bearer <accepted>` and a token server handing out `tokens` in turn. */
function bearerServer(options: BearerServer = {}): Handler {
  const tokens = options.tokens ?? ['tok-1']
  let issued = 0
  let registryHits = 0
  return (call) => {
    if (call.url.startsWith(options.realm ?? REALM)) {
      const token = tokens[Math.min(issued++, tokens.length - 1)]
      return new Response(JSON.stringify({ [options.field ?? 'token']: token }), { status: 200 })
    }
    const auth = call.headers.authorization
    const index = registryHits++
    const ok = auth?.startsWith('Bearer ') && (options.accepted ?? ((t) => t === tokens[0]))(auth.slice(7), index)
    if (ok) return new Response('{}', { status: 200 })
    const challenge = options.realm ? `Bearer realm="${options.realm}",service="reg"` : CHALLENGE
    return new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', {
      status: 401,
      headers: { 'www-authenticate': challenge }
    })
  }
}

const tokenCalls = (calls: Call[]) =>
  calls.filter((c) => c.url.startsWith('https://auth.example/') || c.url.startsWith('http://auth.example/'))
const registryCalls = (calls: Call[]) => calls.filter((c) => c.url.startsWith('https://reg.example.com/'))
const BASIC: Credential = { kind: 'basic', username: 'u', password: 'p' }

describe('Bearer challenges', () => {
  test('answers a Bearer challenge: service, merged scope, Basic to the realm, Bearer on the retry', async () => {
    const secrets: string[] = []
    const { send, calls } = authLayer(bearerServer({ field: 'access_token' }), {
      credential: BASIC,
      onSecret: (s) => secrets.push(s)
    })
    const response = await send(PUSH)
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(3)

    expect(calls[0].headers.authorization).toBeUndefined()
    const [token] = tokenCalls(calls)
    expect(token.method).toBe('GET')
    const url = new URL(token.url)
    expect(url.origin + url.pathname).toBe(REALM)
    expect(url.searchParams.get('service')).toBe('reg')
    expect(url.searchParams.getAll('scope')).toEqual(['repository:o/a:pull,push'])
    expect(token.headers.authorization).toBe(`Basic ${b64('u:p')}`)

    expect(calls[2].url).toBe('https://reg.example.com/v2/o/a/manifests/v1')
    expect(calls[2].headers.authorization).toBe('Bearer tok-1')
    expect(secrets).toEqual(['tok-1'])
  })

  test('the `token` field works too', async () => {
    const { send, calls } = authLayer(bearerServer({ field: 'token' }))
    expect((await send(PUSH)).status).toBe(200)
    expect(calls[2].headers.authorization).toBe('Bearer tok-1')
  })

  test('anonymous token requests carry no Authorization', async () => {
    const { send, calls } = authLayer(bearerServer())
    await send(PUSH)
    expect(tokenCalls(calls)[0].headers.authorization).toBeUndefined()
  })

  test('a second request for the same scope reuses the token', async () => {
    const { send, calls } = authLayer(bearerServer(), { credential: BASIC })
    await send(PUSH)
    await send({ ...PUSH, url: 'https://reg.example.com/v2/o/a/manifests/v2' })
    expect(tokenCalls(calls)).toHaveLength(1)
    const second = calls[calls.length - 1]
    expect(second.url).toBe('https://reg.example.com/v2/o/a/manifests/v2')
    expect(second.headers.authorization).toBe('Bearer tok-1')
    expect(registryCalls(calls)).toHaveLength(3) // 401, retry, then straight through
  })

  test('two concurrent first requests fetch ONE token', async () => {
    const { send, calls } = authLayer(bearerServer(), { credential: BASIC })
    const responses = await Promise.all([
      send(PUSH),
      send({ ...PUSH, url: 'https://reg.example.com/v2/o/a/manifests/v2' })
    ])
    expect(responses.map((r) => r.status)).toEqual([200, 200])
    expect(tokenCalls(calls)).toHaveLength(1)
  })

  test('a token the registry refuses later is replaced', async () => {
    // tok-1 works once; afterwards only tok-2 is accepted
    const accepted = (token: string, index: number): boolean => (index <= 1 ? token === 'tok-1' : token === 'tok-2')
    const { send, calls } = authLayer(bearerServer({ tokens: ['tok-1', 'tok-2'], accepted }))
    expect((await send(PUSH)).status).toBe(200)
    expect((await send(PUSH)).status).toBe(200)
    expect(tokenCalls(calls)).toHaveLength(2)
    expect(calls[calls.length - 1].headers.authorization).toBe('Bearer tok-2')
  })

  test('a Bearer-authorised request that hits a cross-host redirect drops the token', async () => {
    const { send, calls } = authLayer((call) => {
      if (call.url.startsWith(REALM)) return new Response('{"token":"tok-1"}', { status: 200 })
      if (call.url.startsWith('https://cdn.example.net/')) return new Response('blob', { status: 200 })
      return call.headers.authorization === 'Bearer tok-1'
        ? new Response(null, { status: 307, headers: { location: 'https://cdn.example.net/blob' } })
        : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
    })
    expect((await send(PUSH)).status).toBe(200)
    const cdn = calls.find((c) => c.url.startsWith('https://cdn.example.net/'))
    expect(cdn).toBeDefined()
    expect(cdn!.headers.authorization).toBeUndefined()
  })
})

describe('token realms', () => {
  test('an http:// realm is refused for a registry that is not insecure, without sending credentials', async () => {
    const { send, calls } = authLayer(bearerServer({ realm: 'http://auth.example/token' }), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toMatch(/not HTTPS/)
    expect(error.operation).toBe('auth')
    expect(error.registry).toBe('reg.example.com')
    expect(tokenCalls(calls)).toHaveLength(0)
    for (const call of calls) expect(call.headers.authorization).toBeUndefined()
  })

  test('an http:// realm is fine on a host that may be spoken to over plain HTTP', async () => {
    const { send, calls } = authLayer(
      (call) => {
        if (call.url.startsWith('http://auth.local/')) return new Response('{"token":"t"}', { status: 200 })
        if (call.headers.authorization === 'Bearer t') return new Response('{}', { status: 200 })
        return new Response(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer realm="http://auth.local/token"' }
        })
      },
      { registry: 'localhost:5000', plainHttp: (host) => host === 'auth.local' }
    )
    const url = 'http://localhost:5000/v2/o/a/manifests/v1'
    expect((await send({ ...PUSH, url })).status).toBe(200)
    expect(calls.map((c) => c.url)).toEqual([
      url,
      'http://auth.local/token?scope=repository%3Ao%2Fa%3Apull%2Cpush',
      url
    ])
  })

  test('a realm that redirects the refresh-token form to another origin is refused', async () => {
    const { send, calls } = authLayer(
      (call) => {
        if (call.url.startsWith(REALM))
          return new Response(null, { status: 307, headers: { location: 'https://attacker.example/collect' } })
        if (call.url.startsWith('https://attacker.example/')) return new Response('{"token":"x"}', { status: 200 })
        return new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
      },
      { credential: { kind: 'identity-token', token: 'refresh-me' } }
    )
    await expect(send(PUSH)).rejects.toThrow(
      `POST ${REALM}: refusing to follow a redirect to https://attacker.example with a request body`
    )
    expect(calls.some((c) => c.url.startsWith('https://attacker.example/'))).toBe(false)
  })
})

describe('identity tokens', () => {
  test('an identity token POSTs the refresh-token form, client_id included, to the realm', async () => {
    const { send, calls } = authLayer(
      (call) => {
        if (call.url.startsWith(REALM)) return new Response('{"access_token":"tok"}', { status: 200 })
        return call.headers.authorization === 'Bearer tok'
          ? new Response('{}', { status: 200 })
          : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
      },
      { credential: { kind: 'identity-token', token: 'refresh-me' }, clientId: 'my-app' }
    )
    expect((await send(PUSH)).status).toBe(200)
    const token = tokenCalls(calls)
    expect(token).toHaveLength(1)
    expect(token[0].method).toBe('POST')
    expect(token[0].url).toBe(REALM)
    expect(token[0].headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(token[0].headers.authorization).toBeUndefined()
    const form = new URLSearchParams(Buffer.from(token[0].body!).toString())
    expect([...new Set(form.keys())].sort()).toEqual(['client_id', 'grant_type', 'refresh_token', 'scope', 'service'])
    expect(form.get('grant_type')).toBe('refresh_token')
    expect(form.get('refresh_token')).toBe('refresh-me')
    expect(form.get('service')).toBe('reg')
    expect(form.getAll('scope')).toEqual(['repository:o/a:pull,push'])
    expect(form.get('client_id')).toBe('my-app')
    expect(calls[calls.length - 1].headers.authorization).toBe('Bearer tok')
  })
})

describe('client_id', () => {
  test('without a clientId option, the library names itself, not an application', async () => {
    const { send, calls } = authLayer(bearerServer({ tokens: ['tok'] }), {
      credential: { kind: 'identity-token', token: 'refresh-me' }
    })
    await send(PUSH)
    const form = new URLSearchParams(Buffer.from(tokenCalls(calls)[0].body!).toString())
    expect(form.get('client_id')).toBe('oci-registry-client')
  })
})

describe('token service answers', () => {
  const tokenAnswer =
    (answer: () => Response): Handler =>
    (call) =>
      call.url.startsWith(REALM)
        ? answer()
        : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })

  test('a refusal is a RegistryError that does not leak the password', async () => {
    const credential: Credential = { kind: 'basic', username: 'u', password: 'hunter2' }
    const { send } = authLayer(tokenAnswer(status(401, {}, 'denied')), { credential })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.status).toBe(401)
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.temporary).toBe(false)
    expect(error.operation).toBe('auth')
    expect(error.message).toBe(
      'authenticating to reg.example.com at the token service https://auth.example: the credentials were refused by the token service (HTTP 401).'
    )
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain(b64('u:hunter2'))
  })

  test.each([
    [403, 'DENIED'],
    [404, 'DENIED']
  ])('HTTP %i from the token service is a refusal: code %s, not temporary', async (code, ociCode) => {
    const { send } = authLayer(tokenAnswer(status(code)))
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toBe(
      `authenticating to reg.example.com at the token service https://auth.example: anonymous access was refused by the token service (HTTP ${code}).`
    )
    expect([error.code, error.temporary]).toEqual([ociCode, false])
  })

  // a token service that fails says nothing about the credentials: no "refused", no DENIED (whose
  // hint is "the credentials lack access"), and temporary, so the retry layer tries again
  test.each([408, 500, 502, 503, 504])('HTTP %i from the token service: it failed, temporarily', async (code) => {
    const { send } = authLayer(tokenAnswer(status(code, {}, 'upstream connect error')), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toBe(
      `authenticating to reg.example.com at the token service https://auth.example: the token service failed (HTTP ${code}). ` +
        'This says nothing about the credentials and is usually temporary: the request is retried; if it persists, the token service is down.'
    )
    expect([error.status, error.code, error.temporary, error.operation]).toEqual([code, undefined, true, 'auth'])
  })

  test('HTTP 429 from the token service: rate-limited, temporarily', async () => {
    const { send } = authLayer(tokenAnswer(status(429)), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toContain('the token service is rate-limiting this client (HTTP 429)')
    expect(error.message).not.toContain('refused')
    expect([error.code, error.temporary]).toEqual([undefined, true])
  })

  test('HTTP 501 from the token service: it failed, and that will not change on a retry', async () => {
    const { send } = authLayer(tokenAnswer(status(501)), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toBe(
      "authenticating to reg.example.com at the token service https://auth.example: the token service failed (HTTP 501); ask the registry's operator."
    )
    expect([error.code, error.temporary]).toEqual([undefined, false])
  })

  test('a 200 that is not JSON is an error that never quotes the body', async () => {
    const form = status(200, { 'content-type': 'application/x-www-form-urlencoded' }, 'access_token=abc&x=1')
    const { send, calls } = authLayer(tokenAnswer(form), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe(
      'authenticating to reg.example.com at the token service https://auth.example: the token service answered something that is not JSON'
    )
    expect(error.message).not.toContain('abc')
    expect(error.temporary).toBe(false)
    // no retry of the registry request with a made-up token
    expect(registryCalls(calls)).toHaveLength(1)
  })

  test('an answer without a token is an error', async () => {
    const { send } = authLayer(tokenAnswer(status(200, {}, '{}')))
    await expect(send(PUSH)).rejects.toThrow(
      'authenticating to reg.example.com at the token service https://auth.example: the token service answered without a token'
    )
  })

  test('a failed token fetch is not cached: the next request asks again', async () => {
    let answers = 0
    const { send, calls } = authLayer((call) => {
      if (call.url.startsWith(REALM))
        return answers++ === 0 ? new Response(null, { status: 503 }) : new Response('{"token":"t"}')
      if (call.headers.authorization === 'Bearer t') return new Response('{}')
      return new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
    })
    await expect(send(PUSH)).rejects.toThrow(RegistryError)
    expect((await send(PUSH)).status).toBe(200)
    expect(tokenCalls(calls)).toHaveLength(2)
  })
})

describe('Basic challenges', () => {
  test('a Basic challenge is answered with the Basic credential, then sent up front', async () => {
    const basic = `Basic ${b64('u:p')}`
    const { send, calls } = authLayer(
      (call) =>
        call.headers.authorization === basic
          ? new Response('{}', { status: 200 })
          : new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="reg"' } }),
      { credential: BASIC }
    )
    expect((await send(GET)).status).toBe(200)
    expect((await send(GET)).status).toBe(200)
    expect(calls.map((c) => c.headers.authorization)).toEqual([undefined, basic, basic])
  })

  test('a Basic challenge without a credential returns the 401', async () => {
    const { send, calls } = authLayer(sequence(status(401, { 'www-authenticate': 'Basic realm="reg"' })))
    expect((await send(GET)).status).toBe(401)
    expect(calls).toHaveLength(1)
  })
})

describe('credentials', () => {
  test('basicAuth is base64 of user:password', () => {
    expect(basicAuth('alice', 'pw')).toBe(b64('alice:pw'))
  })

  test('secretsOf basic: the password and base64(user:pass)', () => {
    const secrets = secretsOf({ kind: 'basic', username: 'alice', password: 'pw' })
    expect(secrets).toContain('pw')
    expect(secrets).toContain(b64('alice:pw'))
    expect(secrets).not.toContain('alice')
  })

  test('secretsOf an identity token: the token', () => {
    expect(secretsOf({ kind: 'identity-token', token: 'tok' })).toEqual(['tok'])
  })
})

describe('challenges of another origin', () => {
  const OTHER = 'https://storage.example.net'
  /** The registry redirects every manifest GET to OTHER, which answers 401 with its own challenge. */
  const redirectedTo401 =
    (challenge: string): Handler =>
    (call) => {
      if (call.url.startsWith(`${OTHER}/token`)) return new Response('{"token":"stolen"}')
      if (call.url.startsWith(`${OTHER}/`))
        return new Response(null, { status: 401, headers: { 'www-authenticate': challenge } })
      return new Response(null, { status: 307, headers: { location: `${OTHER}/blobs/x?sig=1` } })
    }

  test.each([
    ['Bearer', `Bearer realm="${OTHER}/token",service="storage"`],
    ['Basic', 'Basic realm="storage"']
  ])('a %s challenge that came after a redirect is not answered: no token request, no credential', async (_, c) => {
    const { send, calls } = authLayer(redirectedTo401(c), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toBe(
      `GET https://reg.example.com/v2/o/a/manifests/v1: reg.example.com redirected the request to ${OTHER}, which ` +
        'answered 401 and asks for credentials; credentials for reg.example.com go only to reg.example.com and the ' +
        `token service it names, so the challenge of ${OTHER} was not answered. The registry's redirect is ` +
        "misconfigured, or points at storage that needs access of its own: ask the registry's operator."
    )
    expect([error.operation, error.registry, error.temporary, error.status]).toEqual([
      'auth',
      'reg.example.com',
      false,
      undefined
    ])
    expect(calls.map((c) => c.url)).toEqual([PUSH.url, `${OTHER}/blobs/x?sig=1`])
    for (const call of calls) expect(call.headers.authorization).toBeUndefined()
  })

  test('a challenge of the registry after a same-origin redirect is answered as usual', async () => {
    const { send, calls } = authLayer(
      (call) => {
        if (call.url.startsWith(REALM)) return new Response('{"token":"tok"}')
        if (call.url.endsWith('/moved'))
          return call.headers.authorization === 'Bearer tok'
            ? new Response('{}')
            : new Response(null, { status: 401, headers: { 'www-authenticate': CHALLENGE } })
        return new Response(null, { status: 307, headers: { location: '/moved' } })
      },
      { credential: BASIC }
    )
    expect((await send(PUSH)).status).toBe(200)
    expect(tokenCalls(calls)[0].headers.authorization).toBe(`Basic ${b64('u:p')}`)
  })
})

describe('which token realms are used', () => {
  /** A registry whose challenge names `realm`; the realm answers a token to anyone. */
  const naming =
    (realm: string, registry = 'https://reg.example.com'): Handler =>
    (call) => {
      if (!call.url.startsWith(registry)) return new Response('{"token":"t"}')
      if (call.headers.authorization === 'Bearer t') return new Response('{}')
      return new Response(null, { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}"` } })
    }
  const LOCAL = 'http://localhost:5000/v2/o/a/manifests/v1'

  test('a loopback registry naming a plain-HTTP realm on another host: refused, nothing sent there', async () => {
    const { send, calls } = authLayer(naming('http://auth.example.net/token', 'http://localhost:5000'), {
      registry: 'localhost:5000',
      credential: BASIC,
      plainHttp: (host) => host === 'localhost:5000'
    })
    await expect(send({ ...PUSH, url: LOCAL })).rejects.toThrow(
      'localhost:5000 named the token realm http://auth.example.net, which is not HTTPS; credentials are not sent ' +
        'there. Plain HTTP is used only with loopback hosts and hosts listed as insecure registries; ask the ' +
        "registry's operator for an HTTPS token service."
    )
    expect(calls.map((c) => c.url)).toEqual([LOCAL])
  })

  test.each(['localhost:5001', '127.0.0.1:5001', '[::1]:5001'])('a plain-HTTP realm on %s is used', async (host) => {
    const allowed = new Set(['localhost:5000', host])
    const { send, calls } = authLayer(naming(`http://${host}/token`, 'http://localhost:5000'), {
      registry: 'localhost:5000',
      credential: BASIC,
      plainHttp: (h) => allowed.has(h)
    })
    expect((await send({ ...PUSH, url: LOCAL })).status).toBe(200)
    expect(calls[1].url.startsWith(`http://${host}/token`)).toBe(true)
  })

  test('a realm that is not a URL: said so, quoted safely', async () => {
    const { send } = authLayer(naming('token-service/token'), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toBe(
      "reg.example.com named a token realm that is not a URL ('token-service/token') in its Bearer " +
        "challenge, so no token can be asked for: the registry's token authentication is misconfigured; ask the " +
        "registry's operator."
    )
    expect(error.message).not.toContain('Invalid URL')
    expect([error.operation, error.registry, error.temporary]).toEqual(['auth', 'reg.example.com', false])
  })

  test('a realm with control characters is quoted escaped', async () => {
    const { send } = authLayer(
      () =>
        new Response(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer realm="not a url\tat all"' }
        }),
      { credential: BASIC }
    )
    await expect(send(PUSH)).rejects.toThrow("named a token realm that is not a URL ('not a url\\tat all')")
  })

  test.each([
    ['file:///etc/passwd', "'file:///etc/passwd'"],
    ['ftp://auth.example/token', "'ftp://auth.example/token'"]
  ])('a %s realm is refused, named by what it is', async (realm, named) => {
    const { send, calls } = authLayer(naming(realm), { credential: BASIC })
    const error = (await send(PUSH).catch((e: unknown) => e)) as RegistryError
    expect(error.message).toBe(
      `reg.example.com named the token realm ${named}, which is not HTTPS; credentials are not sent there. Plain ` +
        "HTTP is used only with loopback hosts and hosts listed as insecure registries; ask the registry's " +
        'operator for an HTTPS token service.'
    )
    expect(error.message).not.toContain('null')
    expect(calls).toHaveLength(1)
  })
})
