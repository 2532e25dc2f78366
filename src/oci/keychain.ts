import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Credential } from './auth.js'
import { DOCKER_HUB } from './reference.js'

/** The key under which docker stores Docker Hub credentials: the legacy index URL, not a host. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/'

/** Where a credential came from, for the log (never the credential itself). */
export interface FoundCredential {
  credential: Credential
  source: string
  /** Whether docker itself would find it (its config.json or helpers). */
  fromDockerConfig: boolean
}

export interface CredentialSources {
  /** An explicit user name and password: they win over everything. */
  username?: string
  password?: string
  /** Directory of docker's config.json; `defaultDockerConfigDir(env)` finds it as docker does. */
  dockerConfigDir: string
  /** Tests inject a runner; the default executes the helper program. */
  runHelper?: HelperRunner
  /** Told when a helper named by the config is not installed (docker would fail; we go on without it). */
  warn?: (message: string) => void
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** Runs `docker-credential-<name> get` with the server on stdin; resolves to its stdout, or undefined when it has nothing. */
export type HelperRunner = (program: string, server: string) => Promise<string | undefined>

/** `$DOCKER_CONFIG`, else `~/.docker`. */
export function defaultDockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker')
}

/** Docker config keys are hosts, sometimes URLs (`https://index.docker.io/v1/`): reduce to a registry name. */
export function configKeyRegistry(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase()
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host
}

async function readDockerConfig(dir: string): Promise<DockerConfig | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, 'config.json'), 'utf8')
  } catch {
    return undefined // no config: anonymous or another source
  }
  try {
    return JSON.parse(text) as DockerConfig
  } catch {
    // never echo the file: it holds secrets
    throw new Error(`${join(dir, 'config.json')} is not valid JSON`)
  }
}

function fromAuthEntry(entry: NonNullable<DockerConfig['auths']>[string]): Credential | undefined {
  if (entry.identitytoken) return { kind: 'identity-token', token: entry.identitytoken }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  if (entry.username && entry.password) return { kind: 'basic', username: entry.username, password: entry.password }
  return undefined
}

/**
 * Finds the credential for a registry the way docker does: the explicit user name and password;
 * else `credHelpers[registry]`; else `credsStore`; else the `auths` entry. Undefined: none found.
 */
export async function findCredential(
  registry: string,
  sources: CredentialSources
): Promise<FoundCredential | undefined> {
  if (sources.username && sources.password) {
    return {
      credential: { kind: 'basic', username: sources.username, password: sources.password },
      source: 'inputs',
      fromDockerConfig: false
    }
  }
  const dir = sources.dockerConfigDir
  const file = join(dir, 'config.json')
  const config = await readDockerConfig(dir)
  const runHelper = sources.runHelper ?? execHelper

  const helper =
    Object.entries(config?.credHelpers ?? {}).find(([key]) => configKeyRegistry(key) === registry)?.[1] ??
    config?.credsStore
  if (helper) {
    const credential = await fromHelper(helper, registry, runHelper, sources.warn)
    if (credential) return { credential, source: `docker-credential-${helper} (${file})`, fromDockerConfig: true }
  }
  for (const [key, entry] of Object.entries(config?.auths ?? {})) {
    if (configKeyRegistry(key) !== registry) continue
    const credential = fromAuthEntry(entry)
    if (credential) return { credential, source: `${file} (auths)`, fromDockerConfig: true }
  }
  return undefined
}

/** Docker Hub credentials are stored under the legacy index URL; everything else under its host. */
function helperServer(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry
}

async function fromHelper(
  helper: string,
  registry: string,
  runHelper: HelperRunner,
  warn?: (message: string) => void
): Promise<Credential | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) throw new Error(`docker config names an invalid credential helper '${helper}'`)
  let output: string | undefined
  try {
    output = await runHelper(`docker-credential-${helper}`, helperServer(registry))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    warn?.(
      `docker's config.json names the credential helper docker-credential-${helper}, which is not installed: going on without it`
    )
    return undefined
  }
  if (output === undefined) return undefined
  let parsed: { Username?: string; Secret?: string }
  try {
    parsed = JSON.parse(output) as typeof parsed
  } catch {
    throw new Error(`docker-credential-${helper} answered something that is not JSON`) // never echo it: it may be a secret
  }
  if (!parsed.Secret) return undefined
  // docker's convention: the user name <token> marks an identity (refresh) token
  if (parsed.Username === '<token>') return { kind: 'identity-token', token: parsed.Secret }
  return { kind: 'basic', username: parsed.Username ?? '', password: parsed.Secret }
}

/** The real helper: a program on PATH. "Not found" (exit 1, as docker's helpers do) means no credential. */
const execHelper: HelperRunner = (program, server) =>
  new Promise((resolve, reject) => {
    const child = execFile(program, ['get'], { timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (!error) return resolve(stdout)
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return reject(error)
      if (/credentials not found/i.test(stdout)) return resolve(undefined)
      reject(new Error(`credential helper ${program} failed (exit ${String(code)})`))
    })
    child.stdin?.end(server)
  })
