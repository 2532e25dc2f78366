// `rebuild-if-base-changed`: does the base an image records still point where it did at the build?
//
// The image records `org.opencontainers.image.base.name` and `.base.digest`. The name is resolved
// now (one HEAD in the base's own registry, with that registry's own credentials). The recorded
// digest may be the base's index or the base's image for the platform: when the HEAD answers
// another digest, the base index is read (one GET) and the recorded digest looked for among its
// children. Names and digests come from the image: they are validated before any request and
// escaped in every message.
import { explain, messageOf } from './errors.js'
import { RegistryClient } from './oci/client.js'
import { InvalidReferenceError, RegistryError } from './oci/errors.js'
import { INDEX_TYPES } from './oci/media-types.js'
import { isValidDigest, isValidTag, parseRepository, type Repository } from './oci/reference.js'
import { neutralise } from './oci/text.js'
import type { Transport } from './oci/transport.js'
import { platformMatches, type RecordedBase, type ReuseCheck } from './reuse.js'

/** A base name made safe to resolve: `docker.io/library/debian` and its tag or digest. */
export interface BaseReference {
  repository: Repository
  /** The tag to resolve; `latest` when the name has neither tag nor digest. */
  tag?: string
  /** A name pinned by digest (`debian@sha256:…`) cannot move. */
  pinned?: string
}

/** Where a base name points now: its digest, and the digests and platforms of its children. */
interface BaseNow {
  digest: string
  children: Array<{ digest: string; platform?: string }>
}

/** What one base name came to. */
type Verdict =
  | { kind: 'unchanged'; name: string; digest: string }
  | { kind: 'moved'; name: string; from: string; to: string }
  | { kind: 'unresolved'; name: string; why: string }

const CHECK = 'rebuild-if-base-changed'
/** Longer than any reference a registry accepts: a name beyond it is not read at all. */
const MAX_NAME = 512

/** The reference a recorded base name stands for, or why it is none (`debian:12`, `ghcr.io/o/b@sha256:…`). */
export function parseBaseName(name: string): BaseReference | string {
  if (name === '' || name.length > MAX_NAME) return 'no name'
  const at = name.indexOf('@')
  const pinned = at >= 0 ? name.slice(at + 1) : undefined
  if (pinned !== undefined && !isValidDigest(pinned)) return 'a digest that is no sha256 digest'
  const named = at >= 0 ? name.slice(0, at) : name
  const colon = named.lastIndexOf(':')
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined
  if (tag !== undefined && !isValidTag(tag)) return 'a tag that is no valid tag'
  try {
    const repository = parseRepository(tag === undefined ? named : named.slice(0, colon))
    return pinned ? { repository, tag, pinned } : { repository, tag: tag ?? 'latest' }
  } catch (error) {
    if (error instanceof InvalidReferenceError) return 'no valid repository name'
    throw error
  }
}

/**
 * Resolves base names, each at most once a run whatever the number of apps and images that record
 * it; each registry is reached through its own transport (its own credentials, or none).
 */
export class BaseImages {
  private readonly heads = new Map<string, Promise<string | undefined>>()
  private readonly indexes = new Map<string, Promise<BaseNow['children']>>()

  constructor(private readonly transportFor: (registry: string) => Promise<Transport>) {}

  /** The digest the tag points at now; undefined when it does not exist. */
  head(base: BaseReference & { tag: string }): Promise<string | undefined> {
    return this.once(this.heads, key(base), async (client) => (await client.headManifest(base.tag))?.digest, base)
  }

  /** The children of the base at `digest` (none for a single manifest). */
  children(base: BaseReference, digest: string): Promise<BaseNow['children']> {
    return this.once(this.indexes, `${key(base)}@${digest}`, (client) => childrenOf(client, digest), base)
  }

  private once<T>(
    memo: Map<string, Promise<T>>,
    id: string,
    read: (client: RegistryClient) => Promise<T>,
    base: BaseReference
  ): Promise<T> {
    let pending = memo.get(id)
    if (!pending) {
      pending = this.transportFor(base.repository.registry).then((t) => read(new RegistryClient(t, base.repository)))
      memo.set(id, pending)
    }
    return pending
  }
}

const key = (base: BaseReference): string => `${base.repository.registry}/${base.repository.path}:${base.tag ?? ''}`

async function childrenOf(client: RegistryClient, digest: string): Promise<BaseNow['children']> {
  const manifest = await client.getManifest(digest)
  if (!manifest || !INDEX_TYPES.has(manifest.mediaType)) return []
  let json: { manifests?: unknown }
  try {
    json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as typeof json
  } catch {
    return []
  }
  const entries = Array.isArray(json?.manifests) ? (json.manifests as Array<Record<string, unknown>>) : []
  return entries.flatMap((entry) => {
    if (typeof entry?.digest !== 'string') return []
    const p = entry.platform as { os?: unknown; architecture?: unknown; variant?: unknown } | undefined
    const parts = [p?.os, p?.architecture, p?.variant].filter((x): x is string => typeof x === 'string' && x !== '')
    return [{ digest: entry.digest, platform: parts.length >= 2 ? parts.join('/') : undefined }]
  })
}

/**
 * The base check of one image: moved (`fail`, the reason names the base and both digests),
 * unchanged (`pass`), not resolvable now (`unknown`: the image is reused, with a warning), or
 * nothing valid recorded (`not-applicable`).
 */
export async function checkBases(records: RecordedBase[], images: BaseImages): Promise<ReuseCheck> {
  if (records.length === 0)
    return notApplicable('the image records no base (org.opencontainers.image.base.name and .base.digest)')
  const valid = records.flatMap((record) => {
    const ref = parseBaseName(record.name)
    return typeof ref === 'string' || !isValidDigest(record.digest) ? [] : [{ record, ref }]
  })
  if (valid.length === 0) return notApplicable(`the image records no valid base: ${describe(records[0])}`)
  const verdicts = await Promise.all(valid.map(({ record, ref }) => judge(record, ref, images)))
  const moved = verdicts.find((v) => v.kind === 'moved')
  if (moved)
    return {
      check: CHECK,
      outcome: 'fail',
      detail: `base-changed: ${moved.name} moved from ${moved.from} to ${moved.to}`
    }
  const unresolved = verdicts.find((v) => v.kind === 'unresolved')
  if (unresolved)
    return {
      check: CHECK,
      outcome: 'unknown',
      detail: `could not resolve the base ${unresolved.name}: ${unresolved.why}`
    }
  const names = [...new Set(verdicts.map((v) => (v.kind === 'unchanged' ? `${v.name} (${v.digest})` : v.name)))]
  return { check: CHECK, outcome: 'pass', detail: `base unchanged: ${names.join(', ')}` }
}

async function judge(record: RecordedBase, ref: BaseReference, images: BaseImages): Promise<Verdict> {
  const name = neutralise(record.name, 200)
  if (ref.tag === undefined) return { kind: 'unchanged', name, digest: record.digest } // pinned: cannot move
  try {
    const now = await images.head({ ...ref, tag: ref.tag })
    if (now === undefined) return { kind: 'unresolved', name, why: 'the registry has no such image now (404)' }
    if (now === record.digest) return { kind: 'unchanged', name, digest: now }
    const children = await images.children(ref, now)
    const mine = children.filter((c) => !record.platform || !c.platform || platformMatches(record.platform, c.platform))
    if (mine.some((c) => c.digest === record.digest)) return { kind: 'unchanged', name, digest: record.digest }
    // a platform's image was recorded: its counterpart now says more than the index digest
    const to = (record.platform && mine.length === 1 ? mine[0].digest : undefined) ?? now
    return { kind: 'moved', name, from: record.digest, to }
  } catch (error) {
    return { kind: 'unresolved', name, why: troubleOf(error) }
  }
}

/**
 * What went wrong, with advice that fits a base: the username/password inputs never go to a base's
 * registry, so a refusal there is about docker's login (or the github-token for ghcr.io).
 */
function troubleOf(error: unknown): string {
  const refused = error instanceof RegistryError && (error.status === 401 || error.status === 403)
  if (!refused) return explain(error)
  return `${messageOf(error)} The base registry's credentials come from docker login (config.json, credential helpers) or, for ghcr.io, the github-token; never from the username/password inputs.`
}

function notApplicable(why: string): ReuseCheck {
  return { check: CHECK, outcome: 'not-applicable', detail: `${why}: the check does not apply` }
}

function describe(record: RecordedBase): string {
  const ref = parseBaseName(record.name)
  if (typeof ref === 'string') return `the name "${neutralise(record.name, 80)}" has ${ref}`
  return `the digest "${neutralise(record.digest, 80)}" of ${neutralise(record.name, 200)} is no sha256 digest`
}
