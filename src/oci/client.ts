import { createHash } from 'node:crypto'
import { NOT_FOUND_CODES, parseErrorBody, RegistryError } from './errors.js'
import type { RegistryErrorOptions, RegistryOperation } from './errors.js'
import type { HttpResponse } from './http.js'
import { ACCEPT, GENERIC_TYPES, MANIFEST_TYPES, MEDIA_TYPES } from './media-types.js'
import { formatReference, formatRepository, isValidDigest, isValidTag, type Repository } from './reference.js'
import { isTemporary } from './retry.js'
import type { Transport } from './transport.js'

/** How a message names what failed, per operation: `fetching ghcr.io/o/app:v1: DENIED`. */
const VERBS: Record<Exclude<RegistryOperation, 'auth'>, string> = {
  fetch: 'fetching',
  check: 'checking',
  push: 'pushing',
  list: 'listing tags of',
  blob: 'fetching blob of'
}

/** A manifest exactly as the registry stores it: re-tagging PUTs these bytes unchanged. */
export interface Manifest {
  bytes: Uint8Array
  /** Media type without parameters. */
  mediaType: string
  /** `sha256:…` of the bytes, computed here and checked against the registry's header. */
  digest: string
}

export interface ManifestHead {
  digest: string
}

/** What a registry answered to a manifest PUT. */
export interface PutAnswer {
  /** `Docker-Content-Digest`: what it stored, when it says. */
  digest?: string
  /** It answered `OCI-Subject`: it has the referrers API and indexed the manifest's subject. */
  indexedSubject: boolean
}

/** Registry API calls on one repository; "not found" is a result (undefined), never an exception. */
export class RegistryClient {
  constructor(
    private readonly transport: Transport,
    readonly repository: Repository,
    /** Actions to ask tokens for: `pull,push` when the caller may write, so one token serves both. */
    private readonly actions: string[] = ['pull']
  ) {}

  /** The manifest under a tag or a digest; a digest is checked even where the registry sends no header. */
  async getManifest(reference: string): Promise<Manifest | undefined> {
    const response = await this.call('GET', reference, 'fetch')
    if (!response) return undefined
    // what was asked for by digest must hash to it, whatever the registry's header says
    const claimed = isValidDigest(reference) ? reference : response.headers.get('docker-content-digest')
    const header = response.headers.get('docker-content-digest')
    const digest = digestOf(response.body, claimed)
    for (const expected of [claimed, header]) {
      if (expected && expected !== digest) {
        const mismatch = `expected ${expected} but the bytes hash to ${digest}`
        throw this.failure('fetch', `fetching ${this.ref(reference)}: ${mismatch}`)
      }
    }
    const mediaType = manifestTypeOf(response)
    if (!mediaType) throw this.failure('fetch', `fetching ${this.ref(reference)}: ${this.notAManifest(response)}`)
    return { bytes: response.body, mediaType, digest }
  }

  /**
   * The digest without the body; falls back to GET where HEAD gives none. A HEAD has no body to
   * judge, so its digest counts only under a manifest media type or a generic one: a page of
   * another kind (a captive portal's HTML) is an error, never a tag that exists.
   */
  async headManifest(tag: string): Promise<ManifestHead | undefined> {
    const response = await this.call('HEAD', tag, 'check')
    if (!response) return undefined
    const type = contentTypeOf(response)
    if (!MANIFEST_TYPES.has(type) && !GENERIC_TYPES.has(type)) {
      throw this.failure('check', `checking ${this.ref(tag)}: ${this.notAManifest(response)}`)
    }
    const digest = response.headers.get('docker-content-digest')
    if (!digest || !isValidDigest(digest)) return this.getManifest(tag)
    return { digest }
  }

  /** PUTs the bytes under `tag` (or a digest); returns what the registry reports (checked by the caller). */
  async putManifest(tag: string, manifest: Manifest): Promise<PutAnswer> {
    const response = await this.transport.request({
      method: 'PUT',
      path: this.manifestPath(tag),
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      scope: this.scope(['pull', 'push'])
    })
    if (![200, 201, 202].includes(response.status)) throw this.error('push', tag, response)
    return {
      digest: response.headers.get('docker-content-digest') ?? undefined,
      indexedSubject: response.headers.has('oci-subject')
    }
  }

  /**
   * Every tag of the repository, following `Link` pagination; a missing repository has none.
   * Entries that are not valid tags (null, numbers, objects) are left out. A registry that keeps
   * linking to new pages is stopped after `maxPages` pages or `maxMs`, with an error that says so.
   */
  async listTags(pageSize = 1000, bounds: ListBounds = {}): Promise<string[]> {
    const { maxPages = MAX_TAG_PAGES, maxMs = MAX_TAG_LIST_MS, now = Date.now } = bounds
    const repository = formatRepository(this.repository)
    const started = now()
    const tags: string[] = []
    const seen = new Set<string>()
    let path: string | undefined = `/v2/${this.repository.path}/tags/list?n=${pageSize}`
    while (path) {
      if (seen.has(path))
        throw this.failure('list', `listing tags of ${repository}: the registry sent the same page twice`)
      const bound = [seen.size >= maxPages && `${maxPages} pages`, now() - started > maxMs && `${maxMs} ms`].find(
        Boolean
      )
      if (bound) {
        const read = `${seen.size} pages (${tags.length} tags)`
        throw this.failure(
          'list',
          `listing tags of ${repository}: stopped after ${read}, the bound of ${bound}, with the registry still linking to a next page`
        )
      }
      seen.add(path)
      const response = await this.transport.request({ method: 'GET', path, scope: this.scope(this.actions) })
      if (isNotFound(response)) return tags
      if (response.status !== 200) throw this.error('list', undefined, response)
      tags.push(...this.tagsOf(response))
      path = nextPage(response.headers.get('link'))
    }
    return tags
  }

  /** A small JSON blob (an image config), verified against its digest. Only reuse checks read one. */
  async getJsonBlob<T>(digest: string): Promise<T> {
    const path = `/v2/${this.repository.path}/blobs/${digest}`
    const response = await this.transport.request({ method: 'GET', path, scope: this.scope(this.actions) })
    if (response.status !== 200) throw this.error('blob', digest, response)
    const actual = digestOf(response.body, digest)
    if (actual !== digest) {
      const repository = formatRepository(this.repository)
      throw this.failure('blob', `fetching blob ${digest} of ${repository}: the bytes hash to ${actual}`)
    }
    return JSON.parse(Buffer.from(response.body).toString('utf8')) as T
  }

  /** The valid tags of one tags/list page; a body that is no tag list is an error saying what came back. */
  private tagsOf(response: HttpResponse): string[] {
    let body: unknown
    try {
      body = JSON.parse(Buffer.from(response.body).toString('utf8'))
    } catch {
      body = undefined
    }
    const list = body && typeof body === 'object' ? (body as { tags?: unknown }).tags : undefined
    if (list === null || (list === undefined && body && typeof body === 'object')) return []
    if (!Array.isArray(list)) {
      const what = `the registry answered ${this.describeBody(response)}, not a tag list`
      throw this.failure('list', `listing tags of ${formatRepository(this.repository)}: ${what}`)
    }
    return list.filter((tag): tag is string => typeof tag === 'string' && isValidTag(tag))
  }

  /** `registry/path:tag`, or `registry/path@sha256:…` for a digest. */
  ref(reference: string): string {
    return isValidDigest(reference)
      ? `${formatRepository(this.repository)}@${reference}`
      : formatReference(this.repository, reference)
  }

  private async call(
    method: 'GET' | 'HEAD',
    tag: string,
    operation: 'fetch' | 'check'
  ): Promise<HttpResponse | undefined> {
    const response = await this.transport.request({
      method,
      path: this.manifestPath(tag),
      headers: { accept: ACCEPT },
      scope: this.scope(this.actions)
    })
    if (response.status === 200) return response
    if (isNotFound(response)) return undefined
    throw this.error(operation, tag, response)
  }

  private manifestPath(tag: string): string {
    // tags and digests are validated before they get here: nothing to escape
    return `/v2/${this.repository.path}/manifests/${tag}`
  }

  private scope(actions: string[]) {
    return { type: 'repository', name: this.repository.path, actions: [...new Set([...this.actions, ...actions])] }
  }

  /** The registry's refusal, said with its OCI code and message. */
  private error(operation: keyof typeof VERBS, tag: string | undefined, response: HttpResponse): RegistryError {
    const said = parseErrorBody(Buffer.from(response.body).toString('utf8'))
    const code = said.code === undefined ? undefined : this.transport.quote(said.code, 64)
    const message = said.message === undefined ? undefined : this.transport.quote(said.message)
    const detail = `${code ?? `HTTP ${response.status}`}${message ? ` (${message})` : ''}`
    const what = tag === undefined ? formatRepository(this.repository) : this.ref(tag)
    const { status } = response
    const temporary = isTemporary(status, code)
    const facts = { status, code, temporary, detail: message, reference: tag }
    return this.failure(operation, `${VERBS[operation]} ${what}: ${detail}.`, facts)
  }

  /** What came back instead of a manifest: its content type and first bytes, escaped. */
  private notAManifest(response: HttpResponse): string {
    return `the registry answered ${this.describeBody(response)}, not an image manifest (a login page or a proxy in the way?)`
  }

  /** The whole body is scrubbed before it is cut, so no secret it echoes survives as a prefix. */
  private describeBody(response: HttpResponse): string {
    const type = this.transport.quote(response.headers.get('content-type') ?? 'no content type', 100)
    const text = Buffer.from(response.body).toString('utf8')
    return text.trim() ? `${type} starting "${this.transport.quote(text, 80)}"` : `${type} with an empty body`
  }

  private failure(operation: RegistryOperation, message: string, answer: RegistryErrorOptions = {}): RegistryError {
    return new RegistryError(message, { ...answer, operation, registry: this.repository.registry })
  }
}

/** The next page of a paginated list: `Link: </v2/…/tags/list?last=x&n=100>; rel="next"`. */
export function nextPage(link: string | null): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part)
    if (match) {
      const url = new URL(match[1], 'http://registry.invalid')
      return url.pathname + url.search // never follow a Link to another host
    }
  }
  return undefined
}

/** 404 without a body (HEAD) or with a not-found code; a 403 is NOT "not found". */
function isNotFound(response: HttpResponse): boolean {
  if (response.status !== 404) return false
  const { code } = parseErrorBody(Buffer.from(response.body).toString('utf8'))
  return code === undefined || NOT_FOUND_CODES.has(code)
}

/** The digest of the bytes, with the algorithm the registry used (sha256 unless it says sha512). */
function digestOf(bytes: Uint8Array, claimed: string | null): string {
  const algorithm = claimed?.startsWith('sha512:') ? 'sha512' : 'sha256'
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
}

/** Pages of a tag list read at most. Docker Hub pages hold 100 tags: 1000 pages are 100,000 tags. */
export const MAX_TAG_PAGES = 1000
/** Time a tag list may take, all pages together; the release goes on without it (latest stays). */
export const MAX_TAG_LIST_MS = 60_000

export interface ListBounds {
  maxPages?: number
  maxMs?: number
  now?: () => number
}

/** The Content-Type without parameters, lower-case; '' when there is none. */
function contentTypeOf(response: HttpResponse): string {
  return (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
}

/**
 * The manifest's media type: a manifest Content-Type; where the Content-Type is generic, a JSON
 * body that is a manifest or an index (`schemaVersion` 2, `manifests`, or `config` and `layers`;
 * `mediaType`, when present, a manifest type). Undefined for anything else.
 */
function manifestTypeOf(response: HttpResponse): string | undefined {
  const header = contentTypeOf(response)
  if (MANIFEST_TYPES.has(header)) return header
  if (!GENERIC_TYPES.has(header)) return undefined
  let parsed: { schemaVersion?: unknown; mediaType?: unknown; manifests?: unknown; config?: unknown; layers?: unknown }
  try {
    parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as typeof parsed
  } catch {
    return undefined
  }
  if (!parsed || typeof parsed !== 'object' || parsed.schemaVersion !== 2) return undefined
  const isIndex = Array.isArray(parsed.manifests)
  const isImage = typeof parsed.config === 'object' && parsed.config !== null && Array.isArray(parsed.layers)
  if (!isIndex && !isImage) return undefined
  if (parsed.mediaType === undefined) return isIndex ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest
  return typeof parsed.mediaType === 'string' && MANIFEST_TYPES.has(parsed.mediaType) ? parsed.mediaType : undefined
}
