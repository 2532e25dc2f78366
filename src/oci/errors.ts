/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A registry answered with an error, or could not be reached. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError'
  constructor(
    message: string,
    /** HTTP status, when the registry answered. */
    readonly status?: number,
    /** First OCI error code of the body (MANIFEST_UNKNOWN, DENIED, ...). */
    readonly code?: string,
    /** Worth retrying: rate limits, 5xx, network failures. */
    readonly temporary = false
  ) {
    super(message)
  }
}

/** A string that is not a valid image reference. */
export class InvalidReferenceError extends Error {
  override readonly name = 'InvalidReferenceError'
}

/** Codes of the OCI distribution spec that mean "this repository or manifest does not exist". */
export const NOT_FOUND_CODES = new Set(['MANIFEST_UNKNOWN', 'NAME_UNKNOWN'])

interface ErrorBody {
  errors?: Array<{ code?: string; message?: string }>
}

/** Reads the OCI error envelope `{"errors":[{"code","message"}]}`; tolerates any other body. */
export function parseErrorBody(text: string): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text) as ErrorBody
    const first = body.errors?.[0]
    if (first && typeof first.code === 'string') return { code: first.code, message: first.message }
  } catch {
    // not JSON: some proxies answer with HTML
  }
  return {}
}

/** What to do about an error, said to a person; empty when the code says it all. */
export function hint(status: number, code: string | undefined, verb: string, registry: string): string {
  const pushing = verb === 'pushing'
  if (status === 401 || code === 'UNAUTHORIZED') {
    return ' Check the credentials: the username/password inputs, docker login (config.json), or github-token for ghcr.io.'
  }
  if (status === 403 || code === 'DENIED') {
    if (pushing && registry === 'ghcr.io') return ' Pushing to ghcr.io with GITHUB_TOKEN needs `permissions: packages: write` in the job, or a token with write:packages.'
    if (pushing) return ' The credentials may read but not write this repository.'
    return ' The credentials lack read access, or the repository does not exist (some registries answer DENIED for both).'
  }
  if (status === 429 || code === 'TOOMANYREQUESTS') return ' The registry rate-limits this client: log in to raise the limit, or try again later.'
  if (code === 'NAME_INVALID') return ' The registry does not accept this repository name.'
  if (code === 'MANIFEST_BLOB_UNKNOWN' || code === 'BLOB_UNKNOWN') return ' The manifest refers to blobs this repository does not have.'
  if (code === 'UNSUPPORTED') return ' The registry does not support this operation (or this manifest media type).'
  if (status >= 500) return ' The registry failed; it was retried before giving up.'
  return ''
}
