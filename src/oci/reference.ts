import { InvalidReferenceError } from './errors.js'

/** The canonical Docker Hub registry name, and where its API actually lives. */
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_API = 'registry-1.docker.io'
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API])

/** A repository in a registry: `ghcr.io/owner/app`. */
export interface Repository {
  /** Canonical registry name (`docker.io` for Docker Hub), lower-case, with port if any. */
  registry: string
  /** Repository path inside the registry (`library/nginx`, `owner/app`). */
  path: string
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/

/** `host`, `host:port`, `[::1]:5000`: what may stand before the first `/` of a reference. */
export function isValidRegistryHost(registry: string): boolean {
  return HOST.test(registry)
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag)
}

export function isValidDigest(digest: string): boolean {
  return DIGEST.test(digest)
}

/** A first segment names a registry only if it looks like a host (the Docker rule). */
function looksLikeHost(segment: string): boolean {
  return segment.includes('.') || segment.includes(':') || segment === 'localhost'
}

/**
 * Parses a repository name without tag or digest: `nginx`, `owner/app`, `ghcr.io/o/app`,
 * `localhost:5000/app`, `[::1]:5000/app`. Docker Hub names are normalised (`library/` added).
 * Repository paths must already be lower-case: the registry would reject them otherwise.
 */
export function parseRepository(name: string): Repository {
  const fail = (why: string): never => {
    throw new InvalidReferenceError(`Invalid image repository '${name}': ${why}`)
  }
  if (name === '') fail('it is empty')
  const slash = name.indexOf('/')
  let registry = DOCKER_HUB
  let path = name
  if (slash > 0 && looksLikeHost(name.slice(0, slash))) {
    registry = name.slice(0, slash).toLowerCase()
    path = name.slice(slash + 1)
    if (!HOST.test(registry)) fail(`'${registry}' is not a valid registry host`)
  }
  if (/[:@]/.test(path)) fail('expected a repository without tag or digest (the action adds the tags)')
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB
    if (!path.includes('/')) path = `library/${path}`
  }
  if (path === '') fail('the repository path is empty')
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      fail(
        component.toLowerCase() !== component
          ? 'repository names must be lower-case'
          : `'${component}' is not a valid path component (lower-case letters, digits, and . _ - separators)`
      )
    }
  }
  if (path.length > 255) fail('the repository path is longer than 255 characters')
  return { registry, path }
}

/** The host that serves the registry's API (Docker Hub's API is not on docker.io). */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry
}

/** `ghcr.io/o/app`; Docker Hub repositories keep their full canonical form. */
export function formatRepository(repo: Repository): string {
  return `${repo.registry}/${repo.path}`
}

/** `ghcr.io/o/app:tag` */
export function formatReference(repo: Repository, tag: string): string {
  return `${formatRepository(repo)}:${tag}`
}

/** Host without port, brackets removed: used to decide what counts as loopback. */
export function hostname(registry: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(registry)
  if (bracketed) return bracketed[1]
  return registry.replace(/:[0-9]+$/, '')
}

/** Loopback registries are always spoken to over plain HTTP (test and CI registries). */
export function isLoopback(registry: string): boolean {
  const host = hostname(registry).toLowerCase()
  return host === 'localhost' || host === '::1' || /^127\.[0-9]+\.[0-9]+\.[0-9]+$/.test(host)
}
