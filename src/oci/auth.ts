import { parseChallenges, parseScopes, formatScope, type Scope } from './challenge.js'
import { basicAuth, type Credential } from './credentials.js'
import { RegistryError, hint } from './errors.js'

/** A request as the auth layer sees it: the repository scope it needs travels with it. */
export interface AuthRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: Uint8Array
  /** The repository scope this request needs (`repository:o/app:pull,push`). */
  scope?: Scope
}

export interface AuthResponse {
  status: number
  headers: Headers
  body: Uint8Array
}

export type Send = (request: AuthRequest) => Promise<AuthResponse>

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
  async send(request: AuthRequest, next: Send): Promise<AuthResponse> {
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
  private async sendOnce(request: AuthRequest, next: Send, learned?: () => void): Promise<AuthResponse> {
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

  private async fetchToken(scopes: Scope[]): Promise<string> {
    const { realm, service } = this.bearer!
    const url = new URL(realm)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.insecure)) {
      throw new RegistryError(`${this.options.registry} named the token realm ${url.origin}, which is not HTTPS; credentials are not sent there`)
    }
    const credential = this.options.credential
    const form = new URLSearchParams()
    if (service) form.set('service', service)
    for (const scope of scopes) form.append('scope', formatScope(scope))

    let response: AuthResponse
    if (credential?.kind === 'identity-token') {
      // OAuth2 refresh-token grant, as docker does with an identity token
      form.set('grant_type', 'refresh_token')
      form.set('refresh_token', credential.token)
      form.set('client_id', 'image-retag-action')
      response = await this.options.unauthenticated({
        method: 'POST',
        url: url.href,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(form.toString())
      })
    } else {
      for (const [name, value] of form) url.searchParams.append(name, value)
      const basic = this.basicHeader()
      response = await this.options.unauthenticated({ method: 'GET', url: url.href, headers: basic ? { authorization: basic } : {} })
    }
    if (response.status !== 200) {
      const who = credential ? 'the credentials were refused' : 'anonymous access was refused'
      throw new RegistryError(
        `authenticating to ${this.options.registry}: ${who} by the token service (HTTP ${response.status}).${hint(response.status, undefined, 'authenticating', this.options.registry)}`,
        response.status,
        response.status === 401 ? 'UNAUTHORIZED' : 'DENIED',
        response.status === 429 || response.status >= 500
      )
    }
    let body: TokenResponse
    try {
      body = JSON.parse(Buffer.from(response.body).toString('utf8')) as TokenResponse
    } catch {
      // never quote it: it may hold a token
      throw new RegistryError(`authenticating to ${this.options.registry}: the token service answered something that is not JSON`)
    }
    const token = body.token || body.access_token
    if (!token) throw new RegistryError(`authenticating to ${this.options.registry}: the token service answered without a token`)
    this.options.onSecret?.(token)
    return token
  }
}

function withAuthorization(request: AuthRequest, authorization: string | undefined): AuthRequest {
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
