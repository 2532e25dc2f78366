import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { DOCKER_HUB } from './reference.js'

/** What a registry (or its token realm) accepts as proof of identity. */
export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken` in docker config), exchanged at the token realm. */
  | { kind: 'identity-token'; token: string }

/** Where a credential came from, for the log (never the credential itself). */
export interface FoundCredential {
  credential: Credential
  source: string
}

export interface CredentialSources {
  /** Explicit `username` / `password` inputs: they win over everything. */
  username?: string
  password?: string
  /** Directory of docker's config.json (`$DOCKER_CONFIG`, else `~/.docker`). */
  dockerConfigDir?: string
  /** Fallback for ghcr.io: the workflow's GITHUB_TOKEN. */
  githubToken?: string
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
}

export function defaultDockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker')
}

/** Docker config keys are hosts, sometimes URLs (`https://index.docker.io/v1/`): reduce to a registry name. */
export function configKeyRegistry(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase()
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
 * Finds the credential for a registry: explicit inputs, else docker's config.json `auths`,
 * else, for ghcr.io, the GitHub token. Undefined means anonymous.
 */
export async function findCredential(registry: string, sources: CredentialSources): Promise<FoundCredential | undefined> {
  if (sources.username && sources.password) {
    return { credential: { kind: 'basic', username: sources.username, password: sources.password }, source: 'inputs' }
  }
  const dir = sources.dockerConfigDir ?? defaultDockerConfigDir()
  const config = await readDockerConfig(dir)
  for (const [key, entry] of Object.entries(config?.auths ?? {})) {
    if (configKeyRegistry(key) !== registry) continue
    const credential = fromAuthEntry(entry)
    if (credential) return { credential, source: `${join(dir, 'config.json')} (auths)` }
  }
  if (registry === 'ghcr.io' && sources.githubToken) {
    // GHCR accepts any user name with a token as the password
    return { credential: { kind: 'basic', username: 'x-access-token', password: sources.githubToken }, source: 'github-token' }
  }
  return undefined
}

/** Every secret a credential holds, including the encoded forms that could appear on the wire. */
export function secretsOf(credential: Credential): string[] {
  if (credential.kind === 'identity-token') return [credential.token]
  const basic = Buffer.from(`${credential.username}:${credential.password}`).toString('base64')
  return [credential.password, basic]
}
