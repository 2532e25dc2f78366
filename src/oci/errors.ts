/** What the client was doing when a registry failed: callers key advice and behaviour on it. */
export type RegistryOperation = 'fetch' | 'check' | 'push' | 'list' | 'blob' | 'auth'

export interface RegistryErrorOptions {
  /** HTTP status, when the registry answered. */
  status?: number
  /** First OCI error code of the body (MANIFEST_UNKNOWN, DENIED, ...). */
  code?: string
  /** Worth retrying: see `isTemporary` for answers; network failures decide for themselves. */
  temporary?: boolean
  cause?: unknown
  operation?: RegistryOperation
  /** The registry host the request went to (`ghcr.io`, `localhost:5000`). */
  registry?: string
  /** The registry's own error message (`errors[0].message`), as it sent it. */
  detail?: string
  /** The tag or digest the operation was about. */
  reference?: string
}

/** A registry answered with an error, or could not be reached. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError'
  readonly status?: number
  readonly code?: string
  readonly temporary: boolean
  readonly operation?: RegistryOperation
  readonly registry?: string
  readonly detail?: string
  readonly reference?: string

  constructor(message: string, options: RegistryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.status = options.status
    this.code = options.code
    this.temporary = options.temporary ?? false
    this.operation = options.operation
    this.registry = options.registry
    this.detail = options.detail
    this.reference = options.reference
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
    if (first && typeof first.code === 'string') {
      // the registry's words, raw: whoever quotes them scrubs secrets first, then neutralises
      return { code: first.code, message: typeof first.message === 'string' ? first.message : undefined }
    }
  } catch {
    // not JSON: some proxies answer with HTML
  }
  return {}
}
