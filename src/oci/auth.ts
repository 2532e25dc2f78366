import { parseChallenges, parseScopes, formatScope, type Scope } from './challenge.js'
import { RegistryError } from './errors.js'
import type { HttpRequest, HttpResponse, Send } from './http.js'
import { isTemporary } from './retry.js'

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
  /** Plain-HTTP registries may name plain-HTTP realms; everyone else must use HTTPS. */
  insecure: boolean
  /** Every token obtained is a secret: the caller masks it in logs. */
  onSecret?: (secret: string) => void
}

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
  private bearer: { realm: string; service?: string } | undefined
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

    const challenges = parseChallenges(response.headers.get('www-authenticate') ?? '')
    const bearer = challenges.find((c) => c.scheme === 'bearer')
    const basic = challenges.find((c) => c.scheme === 'basic')
    if (bearer?.params.realm) {
      this.scheme = 'bearer'
      this.bearer = { realm: bearer.params.realm, service: bearer.params.service }
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

  private async authorization(scope: Scope | undefined): Promise<string | undefined> {
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
    const url = new URL(realm)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.insecure)) {
      const realm = `the token realm ${url.origin}`
      throw this.authError(
        `${this.options.registry} named ${realm}, which is not HTTPS; credentials are not sent there`
      )
    }
    const form = new URLSearchParams()
    if (service) form.set('service', service)
    for (const scope of scopes) form.append('scope', formatScope(scope))
    const response = await this.options.unauthenticated(this.tokenRequest(url, form))
    const token = this.tokenOf(response)
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
      form.set('client_id', 'image-retag-action')
      const headers = { 'content-type': 'application/x-www-form-urlencoded' }
      return { method: 'POST', url: url.href, headers, body: Buffer.from(form.toString()) }
    }
    for (const [name, value] of form) url.searchParams.append(name, value)
    const basic = this.basicHeader()
    return { method: 'GET', url: url.href, headers: basic ? { authorization: basic } : {} }
  }

  /** The token of the token service's answer; never quotes the body, which may hold one. */
  private tokenOf(response: HttpResponse): string {
    const failing = `authenticating to ${this.options.registry}`
    if (response.status !== 200) {
      const who = this.options.credential ? 'the credentials were refused' : 'anonymous access was refused'
      const code = response.status === 401 ? 'UNAUTHORIZED' : 'DENIED'
      throw this.authError(`${failing}: ${who} by the token service (HTTP ${response.status}).`, response.status, code)
    }
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
function mergeScopes(fromChallenge: Scope[], wanted: Scope | undefined): Scope[] {
  const merged = new Map<string, Scope>()
  for (const scope of [...fromChallenge, ...(wanted ? [wanted] : [])]) {
    const key = `${scope.type}:${scope.name}`
    const existing = merged.get(key)
    merged.set(key, { ...scope, actions: [...new Set([...(existing?.actions ?? []), ...scope.actions])] })
  }
  return [...merged.values()]
}
