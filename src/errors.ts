/** Thrown for any input that does not have the expected format; the message names the input. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/** A version tag already names other bits: releasing would rewrite history, so nothing is written. */
export class TagConflictError extends Error {
  override readonly name = 'TagConflictError'
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** What a registry error says about itself (RegistryError's fields), as far as advice depends on it. */
export interface ErrorFacts {
  status?: number
  code?: string
  /** What was being done: 'fetch', 'check', 'push', 'list', 'blob', 'auth'. */
  operation?: string
  registry?: string
  /** The whole message, which quotes the registry's own words where there is no `detail`. */
  message?: string
  /** The registry's own error message (RegistryError.detail). */
  detail?: string
  /** The tag or digest the operation was about (RegistryError.reference). */
  reference?: string
}

/**
 * What to do about a registry error, said to a person and naming this action's inputs; empty
 * when the code says it all. Only errors that say which operation failed get advice.
 */
export function hintFor(error: ErrorFacts): string {
  const { status = 0, code, operation, registry } = error
  if (operation === undefined) return ''
  const words = `${error.detail ?? ''} ${error.message ?? ''}`
  if (code === 'TAG_INVALID' && /immutable/i.test(words)) return immutableTagHint(tagOf(error, words))
  if (/permission_denied: write_package/i.test(words)) return GHCR_WRITE_PACKAGE
  if (status === 401 || code === 'UNAUTHORIZED') {
    return ' Check the credentials: the username/password inputs, docker login (config.json), or github-token for ghcr.io.'
  }
  if (status === 403 || code === 'DENIED') return deniedHint(operation === 'push', registry)
  if (status === 429 || code === 'TOOMANYREQUESTS')
    return ' The registry rate-limits this client: log in to raise the limit, or try again later.'
  if (code === 'NAME_INVALID') return ' The registry does not accept this repository name.'
  if (code === 'MANIFEST_BLOB_UNKNOWN' || code === 'BLOB_UNKNOWN')
    return ' The manifest refers to blobs this repository does not have.'
  if (code === 'UNSUPPORTED') return ' The registry does not support this operation (or this manifest media type).'
  if (status >= 500) return ' The registry failed; it was retried before giving up.'
  return ''
}

function deniedHint(pushing: boolean, registry: string | undefined): string {
  if (pushing && registry === 'ghcr.io') {
    return ' Pushing to ghcr.io with GITHUB_TOKEN needs `permissions: packages: write` in the job, or a token with write:packages.'
  }
  if (pushing) return ' The credentials may read but not write this repository.'
  return ' The credentials lack read access, or the repository does not exist (some registries answer DENIED for both).'
}

const GHCR_WRITE_PACKAGE =
  ' GHCR refused to write the package (permission_denied: write_package). Give the job `permissions: packages: write`;' +
  " a package first pushed outside this repository's workflows also needs the repository added in the" +
  ' package settings, under "Manage Actions access", with the Write role.'

/** ECR (and others) refuse to move a tag of an immutable repository; a moving tag needs an exclusion there. */
function immutableTagHint(tag: string | undefined): string {
  const named = tag === undefined ? 'this tag' : `\`${tag}\``
  const filter = tag === undefined ? 'for that tag (e.g. `latest`)' : `\`${tag}\``
  return (
    ` The repository's tags are immutable and ${named} already exists, so it cannot be moved.` +
    ` If ${named} is meant to move (latest, floating tags), give the repository an exclusion for it: on ECR, tag` +
    ` mutability IMMUTABLE_WITH_EXCLUSION with an image tag mutability exclusion filter ${filter};` +
    ' otherwise leave the tag out of the release.'
  )
}

/** A tag shape (the OCI rule): nothing else is put into a hint. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/

/**
 * The tag a write failed on: the error's own field, else the one the registry's message names
 * (ECR: "The image tag 'latest' already exists …"), else the reference in `pushing <ref>: …`.
 */
function tagOf(error: ErrorFacts, words: string): string | undefined {
  const candidates = [
    error.reference,
    /image tag '([^']*)'/i.exec(words)?.[1],
    /^pushing \S+?:([^\s:/]+): /.exec(error.message ?? '')?.[1]
  ]
  return candidates.find((tag) => tag !== undefined && TAG.test(tag))
}

/** The message of anything thrown, with the advice for a person when there is some. */
export function explain(error: unknown): string {
  const facts = typeof error === 'object' && error !== null ? (error as ErrorFacts) : {}
  return `${messageOf(error)}${hintFor(facts)}`
}
