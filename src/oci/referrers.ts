import type { RegistryClient } from './client.js'
import { RegistryError } from './errors.js'
import { MEDIA_TYPES } from './media-types.js'
import { formatRepository, isValidDigest } from './reference.js'
import type { Side } from './blobs.js'

/** A descriptor of a referrer, with every field the registry gave it (artifactType, annotations) kept. */
export interface ReferrerDescriptor {
  mediaType: string
  digest: string
  size: number
  [field: string]: unknown
}

/** The OCI referrers tag schema: `sha256-<hex>`, an index of the digest's referrers. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-')
}

/** cosign's tags for a digest: signatures, attestations, SBOMs (cosign before v3 writes these). */
export function cosignTags(digest: string): string[] {
  return ['sig', 'att', 'sbom'].map((suffix) => `${referrersTag(digest)}.${suffix}`)
}

/**
 * What refers to `digest` in `side`'s repository: the OCI 1.1 referrers API where the registry has
 * it, else the index under the referrers tag schema. A 404 (Distribution 2.8), another refusal or an
 * answer that is no index means "no API".
 */
export async function listReferrers(side: Side, client: RegistryClient, digest: string): Promise<ReferrerDescriptor[]> {
  const fromApi = await askReferrersApi(side, digest)
  if (fromApi) return fromApi
  const index = await client.getManifest(referrersTag(digest))
  return index ? (descriptorsOf(index.bytes) ?? []) : []
}

/** The referrers the API lists, or undefined where the registry has no referrers API. */
export async function askReferrersApi(side: Side, digest: string): Promise<ReferrerDescriptor[] | undefined> {
  const response = await side.transport.request({
    method: 'GET',
    path: `/v2/${side.repository.path}/referrers/${digest}`,
    headers: { accept: MEDIA_TYPES.ociIndex },
    scope: { type: 'repository', name: side.repository.path, actions: ['pull'] }
  })
  if (response.status === 200) return descriptorsOf(response.body)
  if (response.status >= 400 && response.status < 500) return undefined
  throw new RegistryError(
    `listing referrers of ${formatRepository(side.repository)}@${digest}: HTTP ${response.status}`,
    { status: response.status, operation: 'fetch', registry: side.repository.registry, reference: digest }
  )
}

/** The valid descriptors of an image index; undefined when the bytes are no index. */
function descriptorsOf(bytes: Uint8Array): ReferrerDescriptor[] | undefined {
  return entriesOf(bytes)?.filter(isDescriptor)
}

/** Every entry of an image index's `manifests`, as it is; undefined when the bytes are no index. */
function entriesOf(bytes: Uint8Array): unknown[] | undefined {
  let parsed: { manifests?: unknown }
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof parsed
  } catch {
    return undefined
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.manifests)) return undefined
  return parsed.manifests as unknown[]
}

function isDescriptor(entry: unknown): entry is ReferrerDescriptor {
  if (!entry || typeof entry !== 'object') return false
  const { mediaType, digest, size } = entry as Record<string, unknown>
  return (
    typeof mediaType === 'string' && typeof digest === 'string' && isValidDigest(digest) && Number.isSafeInteger(size)
  )
}

/**
 * The referrers tag index with `added` merged in: entries already there are kept as they are
 * (never dropped), new digests appended. Undefined when nothing is new.
 */
export function mergeReferrersIndex(
  existing: Uint8Array | undefined,
  added: ReferrerDescriptor[]
): Uint8Array | undefined {
  const kept = (existing && entriesOf(existing)) ?? []
  const known = new Set(kept.filter(isDescriptor).map((entry) => entry.digest))
  const fresh = added.filter((entry) => !known.has(entry.digest) && known.add(entry.digest))
  if (fresh.length === 0) return undefined
  const index = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [...kept, ...fresh] }
  return Buffer.from(JSON.stringify(index))
}
