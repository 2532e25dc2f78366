import { isIP } from 'node:net'
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
const HOST_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:[\]]*)(?::([^:]*))?$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/

/**
 * Why `registry` cannot stand before the first `/` of a reference (`host`, `host:port`,
 * `[::1]:5000`), or undefined when it can: a host name or IPv4 address the URL parser accepts,
 * an IPv6 address in brackets, and a port from 1 to 65535.
 */
export function registryHostProblem(registry: string): string | undefined {
  const parts = HOST_AND_PORT.exec(registry)
  if (!parts) return 'expected host or host:port, with an IPv6 address in brackets'
  const [, host, port] = parts
  if (host.startsWith('[') ? isIP(host.slice(1, -1)) !== 6 : !HOST_NAME.test(host)) {
    return host.startsWith('[') ? `${host} is not an IPv6 address` : `'${host}' is not a host name or address`
  }
  if (port !== undefined && (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    return `port '${port}' is not a number from 1 to 65535`
  }
  // what a request will be sent to: the URL parser must take it too (`999.0.0.1` is no address)
  return URL.canParse(`http://${registry}/`) ? undefined : `'${host}' is not a host name or address`
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
    const problem = registryHostProblem(registry)
    if (problem !== undefined) fail(`'${registry}' is not a valid registry host: ${problem}`)
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

/** Host without port, brackets removed, as written. */
export function hostname(registry: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(registry)
  if (bracketed) return bracketed[1]
  return registry.replace(/:[0-9]+$/, '')
}

/** `127.0.0.0/8`, or the same as an IPv4-mapped IPv6 address, in the URL parser's canonical form. */
const LOOPBACK_ADDRESS = /^(?:127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\])$/

/**
 * Loopback registries are always spoken to over plain HTTP (test and CI registries). Decided on
 * the address a request goes to, as the URL parser reads it: `127.1`, `0x7f.1`, `[::ffff:127.0.0.1]`
 * and `[0:0:0:0:0:0:0:1]` are loopback, `127.0.0.1.example.com` is not. Takes `host`, `host:port`,
 * or an IPv6 address with or without brackets.
 */
export function isLoopback(registry: string): boolean {
  const host = isIP(registry) === 6 ? `[${registry}]` : registry
  if (!URL.canParse(`http://${host}/`)) return false
  const { hostname: parsed } = new URL(`http://${host}/`)
  return parsed === 'localhost' || LOOPBACK_ADDRESS.test(parsed)
}
