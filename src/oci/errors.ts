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
