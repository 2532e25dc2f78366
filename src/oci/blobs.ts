import { createHash } from 'node:crypto'
import { parseErrorBody, RegistryError } from './errors.js'
import type { HttpResponse } from './http.js'
import { formatRepository, type Repository } from './reference.js'
import { isTemporary } from './retry.js'
import { neutralise } from './text.js'
import type { Transport } from './transport.js'

/** One end of a copy: a repository and the transport to its registry. */
export interface Side {
  transport: Transport
  repository: Repository
}

/** A blob as a manifest names it. */
export interface BlobRef {
  digest: string
  size: number
}

export type BlobOutcome = 'mounted' | 'copied' | 'skipped'

export interface BlobCopyOptions {
  /** Tries of one blob in all, each from the start (a streamed body cannot be resumed). */
  attempts: number
  sleep: (ms: number) => Promise<void>
}

const pull = (repository: Repository) => ({ type: 'repository', name: repository.path, actions: ['pull'] })
const pullPush = (repository: Repository) => ({ type: 'repository', name: repository.path, actions: ['pull', 'push'] })

/**
 * Makes a blob exist in the destination. Same registry: a cross-repository mount, one request;
 * another registry: a HEAD, and a streamed copy only when the blob is missing.
 */
export async function transferBlob(
  source: Side,
  destination: Side,
  blob: BlobRef,
  options: BlobCopyOptions
): Promise<BlobOutcome> {
  let session: string | undefined
  if (source.repository.registry === destination.repository.registry) {
    const mount = await mountBlob(destination, source.repository, blob.digest)
    if (mount.mounted) return 'mounted'
    session = mount.session
  } else if (await hasBlob(destination, blob.digest)) {
    return 'skipped'
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await streamBlob(source, destination, blob, session)
      return 'copied'
    } catch (error) {
      if (!(error instanceof RegistryError && error.temporary) || attempt >= options.attempts) throw error
      session = undefined
      await options.sleep(250 * 2 ** (attempt - 1))
    }
  }
}

/**
 * `POST …/blobs/uploads/?mount=<digest>&from=<source>` with one token for both repositories.
 * 201: mounted. 202: refused, with an upload session the copy may use. Anything else (Harbor's
 * 401, Docker Hub's 400, a 404, a token service that will not grant the source) is a refusal too,
 * never an error by itself: the blob is copied instead.
 */
export async function mountBlob(
  destination: Side,
  from: Repository,
  digest: string
): Promise<{ mounted: boolean; session?: string }> {
  const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from.path)}`
  let response: HttpResponse
  try {
    response = await destination.transport.request({
      method: 'POST',
      path: `/v2/${destination.repository.path}/blobs/uploads/?${query}`,
      headers: { 'content-length': '0' },
      scope: [pullPush(destination.repository), pull(from)]
    })
  } catch (error) {
    if (error instanceof RegistryError && error.operation === 'auth' && !error.temporary) return { mounted: false }
    throw error
  }
  if (response.status === 201) return { mounted: true }
  const location = response.headers.get('location')
  return response.status === 202 && location ? { mounted: false, session: location } : { mounted: false }
}

/** Whether the destination has the blob: 200 yes, 404 no, anything else an error. */
export async function hasBlob(destination: Side, digest: string): Promise<boolean> {
  const response = await destination.transport.request({
    method: 'HEAD',
    path: `/v2/${destination.repository.path}/blobs/${digest}`,
    scope: pullPush(destination.repository)
  })
  if (response.status === 200) return true
  if (response.status === 404) return false
  throw blobError('checking', destination, digest, response)
}

/**
 * One try: an upload session (its POST obtains the token), the source's GET as a stream, and ONE
 * PUT of the whole blob with its Content-Length (monolithic: ECR drops chunked uploads), the
 * digest checked as the bytes pass. Memory stays at a few chunks whatever the blob's size.
 */
async function streamBlob(source: Side, destination: Side, blob: BlobRef, session?: string): Promise<void> {
  const location = session ?? (await openSession(destination, blob.digest))
  const download = await source.transport.request({
    method: 'GET',
    path: `/v2/${source.repository.path}/blobs/${blob.digest}`,
    streamAnswer: true,
    scope: pull(source.repository)
  })
  if (download.status !== 200 || !download.stream) throw blobError('fetching', source, blob.digest, download)
  const checked = verifying(download.stream, blob, `${formatRepository(source.repository)}@${blob.digest}`)
  let response: HttpResponse
  try {
    response = await destination.transport.request({
      method: 'PUT',
      path: uploadPath(destination, location, blob.digest),
      headers: { 'content-type': 'application/octet-stream' },
      stream: { length: blob.size, chunks: checked.chunks },
      scope: pullPush(destination.repository)
    })
  } catch (error) {
    throw checked.failure() ?? error
  } finally {
    await checked.close()
  }
  const failure = checked.failure()
  if (failure) throw failure
  if (response.status !== 201 && response.status !== 204) {
    throw blobError('uploading', destination, blob.digest, response)
  }
  const stored = response.headers.get('docker-content-digest')
  if (stored && stored !== blob.digest) {
    const what = `the registry stored ${neutralise(stored, 80)}`
    throw new RegistryError(`pushing blob ${blob.digest} to ${formatRepository(destination.repository)}: ${what}`, {
      operation: 'push',
      registry: destination.repository.registry
    })
  }
}

/** POST …/blobs/uploads/: the session's location. */
async function openSession(destination: Side, digest: string): Promise<string> {
  const response = await destination.transport.request({
    method: 'POST',
    path: `/v2/${destination.repository.path}/blobs/uploads/`,
    headers: { 'content-length': '0' },
    scope: pullPush(destination.repository)
  })
  const location = response.headers.get('location')
  if (response.status !== 202 || !location) throw blobError('pushing', destination, digest, response)
  return location
}

/**
 * The session's location with `digest=` added, as a path on the registry's own origin: an upload
 * elsewhere would carry the registry's credentials to a host it did not name for them.
 */
export function uploadPath(destination: Side, location: string, digest: string): string {
  const base = new URL(destination.transport.baseUrl)
  const url = new URL(location, base)
  if (url.origin !== base.origin) {
    const where = neutralise(url.origin, 100)
    throw new RegistryError(
      `pushing blob ${digest} to ${formatRepository(destination.repository)}: the registry named an upload location ` +
        `on another origin (${where}); credentials go only to the registry itself`,
      { operation: 'push', registry: destination.repository.registry }
    )
  }
  const path = `${url.pathname}${url.search}`
  return `${path}${url.search ? '&' : '?'}digest=${encodeURIComponent(digest)}`
}

interface Verified {
  /** The bytes to send: the last chunk is held back until the whole blob hashed to its digest. */
  chunks: AsyncIterable<Uint8Array>
  /** Why the stream was cut: the source's bytes differ from the digest, or the source broke off. */
  failure(): RegistryError | undefined
  /** Stops reading the source, if the upload ended first. */
  close(): Promise<void>
}

/**
 * The source's bytes, hashed as they pass. The last chunk goes out only once size and digest are
 * right, so a registry never receives a whole blob that is not the one named; a broken source is
 * a temporary failure (the blob is copied again from the start), wrong bytes are not.
 */
function verifying(stream: ReadableStream<Uint8Array>, blob: BlobRef, what: string): Verified {
  const reader = stream.getReader()
  let failure: RegistryError | undefined
  const fail = (message: string, temporary: boolean, cause?: unknown): RegistryError =>
    (failure = new RegistryError(`fetching blob ${what}: ${message}`, { operation: 'blob', temporary, cause }))
  async function* chunks(): AsyncIterable<Uint8Array> {
    const hash = createHash(blob.digest.startsWith('sha512:') ? 'sha512' : 'sha256')
    let size = 0
    let held: Uint8Array | undefined
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>
      try {
        next = await reader.read()
      } catch (error) {
        throw fail(`the transfer broke off after ${size} bytes (${describe(error)})`, true, error)
      }
      if (next.done) break
      size += next.value.byteLength
      if (size > blob.size) throw fail(`more bytes than the ${blob.size} the manifest names`, false)
      hash.update(next.value)
      if (held) yield held
      held = next.value
    }
    if (size < blob.size) throw fail(`the source ended after ${size} of ${blob.size} bytes`, true)
    const actual = `${blob.digest.split(':')[0]}:${hash.digest('hex')}`
    if (actual !== blob.digest) throw fail(`the bytes hash to ${actual}`, false)
    if (held) yield held
  }
  return {
    chunks: chunks(),
    failure: () => failure,
    close: () => reader.cancel().catch(() => undefined)
  }
}

function describe(error: unknown): string {
  const failure = error as { code?: unknown; message?: unknown }
  return neutralise(String(typeof failure?.code === 'string' ? failure.code : (failure?.message ?? error)), 100)
}

function blobError(
  verb: 'checking' | 'fetching' | 'pushing' | 'uploading',
  side: Side,
  digest: string,
  response: HttpResponse
): RegistryError {
  // a 401 to the upload is a token that expired mid-transfer: the next try's POST gets a new one
  const retry = verb === 'uploading' && response.status === 401
  const { code, message } = parseErrorBody(Buffer.from(response.body).toString('utf8'))
  const detail = `${code ?? `HTTP ${response.status}`}${message ? ` (${message})` : ''}`
  const { status } = response
  return new RegistryError(`${verb} blob ${digest} of ${formatRepository(side.repository)}: ${detail}.`, {
    status,
    code,
    temporary: retry || isTemporary(status, code),
    detail: message,
    operation: verb === 'pushing' || verb === 'uploading' ? 'push' : 'blob',
    registry: side.repository.registry,
    reference: digest
  })
}
