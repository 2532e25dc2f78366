import { parseChallenges, parseScopes, formatScope, type Scope } from './challenge.js'
import { RegistryError } from './errors.js'
import type { HttpRequest, HttpResponse, Send } from './http.js'
import { isTemporary } from './retry.js'
import { neutralise } from './text.js'

/** What a registry (or its token realm) accepts as proof of identity. */
export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken` in docker config), exchanged at the token realm. */
  | { kind: 'identity-token'; token: string }

/** `user:password` in base64, as HTTP Basic and docker's config.json carry it. */
export function basicAuth(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64')
}

/** Every secret a credential holds, including the encoded forms that could appear on the wire. */
export function secretsOf(credential: Credential): string[] {
  if (credential.kind === 'identity-token') return [credential.token]
  return [credential.password, basicAuth(credential.username, credential.password)]
}

export interface AuthenticatorOptions {
  registry: string
  /** The transport below the auth layer, for token requests: the same timeouts, connections and proxy. */
  unauthenticated: Send
  credential?: Credential
  /**
   * Whether a host (`host[:port]`, as in a URL) may be spoken to over plain HTTP: a token realm on
   * plain HTTP is used only there (loopback, or a registry the user listed as insecure).
   */
  plainHttp: (host: string) => boolean
  /** The `client_id` of an OAuth2 refresh-token request: names the application, not the user. */
  clientId?: string
  /** Every token obtained is a secret: the caller masks it in logs. */
  onSecret?: (secret: string) => void
}

/** The `client_id` of refresh-token requests when the application names none. */
const DEFAULT_CLIENT_ID = 'oci-registry-client'

interface TokenResponse {
  token?: string
  access_token?: string
}

/**
 * Basic and Bearer authentication for one registry. No `/v2/` ping: the first request goes out
 * as it is and the challenge of its 401 says what to do. Bearer tokens are cached per scope, so
 * a release asks the token server once per repository; concurrent requests share one fetch.
 */
export class Authenticator {
  private scheme: 'basic' | 'bearer' | undefined
  private bearer: { realm: URL; service?: string } | undefined
  private readonly tokens = new Map<string, Promise<string>>()
  /** Settles when the first request has taught us how this registry authenticates. */
  private firstAnswer: Promise<void> | undefined

  constructor(private readonly options: AuthenticatorOptions) {}

  /**
   * The auth layer of the transport. With a credential, a registry almost surely challenges:
   * requests that start while the very first one is still out wait for it and then go out with
   * the token it obtained, instead of each collecting a 401. Without one, all go at once.
   */
  async send(request: HttpRequest, next: Send): Promise<HttpResponse> {
    if (!this.options.credential) return this.sendOnce(request, next)
    if (this.firstAnswer) {
      await this.firstAnswer
      return this.sendOnce(request, next)
    }
    let settle!: () => void
    this.firstAnswer = new Promise((resolve) => (settle = resolve))
    try {
      return await this.sendOnce(request, next, settle)
    } finally {
      settle()
    }
  }

  /** Authorise, send, and on a 401 answer the challenge once; `learned` fires once auth is known. */
  private async sendOnce(request: HttpRequest, next: Send, learned?: () => void): Promise<HttpResponse> {
    const used = await this.authorization(request.scope)
    const response = await next(withAuthorization(request, used))
    if (response.status !== 401) {
      learned?.()
      return response
    }
    // a streamed body is gone: the caller obtained the token before (the upload session's POST)
    // and starts the whole transfer again
    if (request.stream) return response
    // A challenge is answered only when the registry itself sent it. One that came from another
    // origin (the registry redirected there) is not answered at all, rather than anonymously: the
    // registry's credential must not go to a realm it did not name, and the HTTP layer drops the
    // Authorization header on every cross-origin redirect, so even an anonymous token from that
    // realm could never reach the origin that asked for it. The request fails, saying so.
    if (new URL(response.url).origin !== new URL(request.url).origin) throw this.foreignChallenge(request, response)

    const challenges = parseChallenges(response.headers.get('www-authenticate') ?? '')
    const bearer = challenges.find((c) => c.scheme === 'bearer')
    const basic = challenges.find((c) => c.scheme === 'basic')
    if (bearer?.params.realm) {
      this.bearer = { realm: this.realmOf(bearer.params.realm), service: bearer.params.service }
      this.scheme = 'bearer'
      const scopes = mergeScopes(parseScopes(bearer.params.scope), request.scope)
      const token = await this.token(scopes, used?.slice('Bearer '.length))
      learned?.() // the waiting requests may go now, alongside this retry
      return next(withAuthorization(request, `Bearer ${token}`))
    }
    if (basic && this.options.credential?.kind === 'basic' && this.scheme !== 'basic') {
      this.scheme = 'basic'
      learned?.()
      return next(withAuthorization(request, this.basicHeader()))
    }
    return response
  }

  /** The 401 of another origin, that a redirect of the registry led to. */
  private foreignChallenge(request: HttpRequest, response: HttpResponse): RegistryError {
    const asked = new URL(request.url)
    const other = new URL(response.url).origin
    const registry = this.options.registry
    return this.authError(
      `${request.method} ${asked.origin}${asked.pathname}: ${registry} redirected the request to ${other}, which ` +
        `answered 401 and asks for credentials; credentials for ${registry} go only to ${registry} and the token ` +
        `service it names, so the challenge of ${other} was not answered. The registry's redirect is misconfigured, ` +
        `or points at storage that needs access of its own: ask the registry's operator.`
    )
  }

  /**
   * The token realm a challenge of the registry names, if tokens may be asked for there: HTTPS, or
   * plain HTTP on a host that is itself spoken to over plain HTTP (loopback, insecure registries).
   */
  private realmOf(realm: string): URL {
    const registry = this.options.registry
    let url: URL
    try {
      url = new URL(realm)
    } catch {
      const named = `'${neutralise(realm, 100)}'`
      throw this.authError(
        `${registry} named a token realm that is not a URL (${named}) in its Bearer challenge, so no token can be ` +
          `asked for: the registry's token authentication is misconfigured; ask the registry's operator.`
      )
    }
    if (url.protocol === 'https:' || (url.protocol === 'http:' && this.options.plainHttp(url.host))) return url
    const where =
      url.protocol === 'http:' ? url.origin : `'${neutralise(`${url.protocol}//${url.host}${url.pathname}`, 100)}'`
    throw this.authError(
      `${registry} named the token realm ${where}, which is not HTTPS; credentials are not sent there. Plain HTTP ` +
        `is used only with loopback hosts and hosts listed as insecure registries; ask the registry's operator ` +
        `for an HTTPS token service.`
    )
  }

  private async authorization(scope: Scope | Scope[] | undefined): Promise<string | undefined> {
    if (this.scheme === 'basic') return this.basicHeader()
    if (this.scheme === 'bearer') return `Bearer ${await this.token(mergeScopes([], scope))}`
    return undefined
  }

  private basicHeader(): string | undefined {
    const credential = this.options.credential
    if (credential?.kind !== 'basic') return undefined
    return `Basic ${basicAuth(credential.username, credential.password)}`
  }

  /**
   * A token for these scopes: the cached one, unless it is the one the registry just refused
   * (expired, or short of an action), in which case a new one is fetched.
   */
  private token(scopes: Scope[], refused?: string): Promise<string> {
    const key = scopes.map(formatScope).sort().join(' ')
    const cached = this.tokens.get(key)
    if (cached) {
      return cached.then((token) => (token === refused ? this.fetchAndCache(key, scopes) : token))
    }
    return this.fetchAndCache(key, scopes)
  }

  private fetchAndCache(key: string, scopes: Scope[]): Promise<string> {
    const pending = this.fetchToken(scopes)
    this.tokens.set(key, pending)
    pending.catch(() => this.tokens.delete(key)) // a failed fetch must not poison later requests
    return pending
  }

  /** Asks the token realm for a token, checks the answer, and hands the token to `onSecret`. */
  private async fetchToken(scopes: Scope[]): Promise<string> {
    const { realm, service } = this.bearer!
    const form = new URLSearchParams()
    if (service) form.set('service', service)
    for (const scope of scopes) form.append('scope', formatScope(scope))
    const response = await this.options.unauthenticated(this.tokenRequest(new URL(realm), form))
    const token = this.tokenOf(response, realm)
    this.options.onSecret?.(token)
    return token
  }

  /** An identity token is exchanged with a refresh-token POST; anything else is a GET, Basic if we can. */
  private tokenRequest(url: URL, form: URLSearchParams): HttpRequest {
    const credential = this.options.credential
    if (credential?.kind === 'identity-token') {
      // OAuth2 refresh-token grant, as docker does with an identity token
      form.set('grant_type', 'refresh_token')
      form.set('refresh_token', credential.token)
      form.set('client_id', this.options.clientId ?? DEFAULT_CLIENT_ID)
      const headers = { 'content-type': 'application/x-www-form-urlencoded' }
      return { method: 'POST', url: url.href, headers, body: Buffer.from(form.toString()) }
    }
    for (const [name, value] of form) url.searchParams.append(name, value)
    const basic = this.basicHeader()
    return { method: 'GET', url: url.href, headers: basic ? { authorization: basic } : {} }
  }

  /** The token of the token service's answer; never quotes the body, which may hold one. */
  private tokenOf(response: HttpResponse, realm: URL): string {
    const failing = `authenticating to ${this.options.registry} at the token service ${realm.origin}`
    if (response.status !== 200) throw this.tokenRefusal(response.status, failing)
    let body: TokenResponse
    try {
      body = JSON.parse(Buffer.from(response.body).toString('utf8')) as TokenResponse
    } catch {
      throw this.authError(`${failing}: the token service answered something that is not JSON`)
    }
    const token = body.token || body.access_token
    if (!token) throw this.authError(`${failing}: the token service answered without a token`)
    return token
  }

  /**
   * A token service that failed or is overloaded (502, 503, 429, …) says nothing about the credentials:
   * that is temporary, and retried. A 401 or 403 is a refusal.
   */
  private tokenRefusal(status: number, failing: string): RegistryError {
    if (isTemporary(status)) {
      const what = status === 429 ? 'is rate-limiting this client' : 'failed'
      const message =
        `${failing}: the token service ${what} (HTTP ${status}). This says nothing about the credentials and ` +
        `is usually temporary: the request is retried; if it persists, the token service is down.`
      return this.authError(message, status)
    }
    if (status >= 500) {
      return this.authError(
        `${failing}: the token service failed (HTTP ${status}); ask the registry's operator.`,
        status
      )
    }
    const who = this.options.credential ? 'the credentials were refused' : 'anonymous access was refused'
    const code = status === 401 ? 'UNAUTHORIZED' : 'DENIED'
    return this.authError(`${failing}: ${who} by the token service (HTTP ${status}).`, status, code)
  }

  private authError(message: string, status?: number, code?: string): RegistryError {
    const temporary = isTemporary(status, code)
    return new RegistryError(message, { status, code, temporary, operation: 'auth', registry: this.options.registry })
  }
}

function withAuthorization(request: HttpRequest, authorization: string | undefined): HttpRequest {
  if (!authorization) return request
  return { ...request, headers: { ...request.headers, authorization } }
}

/** The challenge's scopes plus the request's own, actions of the same repository merged. */
function mergeScopes(fromChallenge: Scope[], wanted: Scope | Scope[] | undefined): Scope[] {
  const merged = new Map<string, Scope>()
  for (const scope of [...fromChallenge, ...[wanted ?? []].flat()]) {
    const key = `${scope.type}:${scope.name}`
    const existing = merged.get(key)
    merged.set(key, { ...scope, actions: [...new Set([...(existing?.actions ?? []), ...scope.actions])] })
  }
  return [...merged.values()]
}
