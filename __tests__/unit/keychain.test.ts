import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  configKeyRegistry,
  defaultDockerConfigDir,
  DOCKER_HUB_CONFIG_KEY,
  findCredential
} from '../../src/oci/keychain.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

let root: string
let counter = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'creds-unit-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A fresh docker config dir holding `content` as config.json (a string is written as is). */
async function configDir(content?: unknown): Promise<string> {
  const dir = join(root, `c${counter++}`)
  await mkdir(dir)
  if (content !== undefined) {
    await writeFile(join(dir, 'config.json'), typeof content === 'string' ? content : JSON.stringify(content))
  }
  return dir
}

describe('configKeyRegistry', () => {
  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['ghcr.io', 'ghcr.io'],
    ['HTTP://Localhost:5000/', 'localhost:5000'],
    ['localhost:5000', 'localhost:5000'],
    ['https://reg.example.com/v2/', 'reg.example.com']
  ])('%s -> %s', (key, registry) => {
    expect(configKeyRegistry(key)).toBe(registry)
  })
})

describe('defaultDockerConfigDir', () => {
  test('uses DOCKER_CONFIG when set', () => {
    expect(defaultDockerConfigDir({ DOCKER_CONFIG: '/x/y' })).toBe('/x/y')
  })
  test('else ~/.docker', () => {
    expect(defaultDockerConfigDir({})).toMatch(/[\\/]\.docker$/)
  })
})

describe('findCredential', () => {
  test('an explicit username/password wins over the config', async () => {
    const dir = await configDir({ auths: { 'ghcr.io': { auth: b64('cfg:cfgpass') } } })
    const found = await findCredential('ghcr.io', { username: 'u', password: 'p', dockerConfigDir: dir })
    expect(found).toEqual({
      credential: { kind: 'basic', username: 'u', password: 'p' },
      source: 'inputs',
      fromDockerConfig: false
    })
  })

  test('a username without a password is ignored', async () => {
    const dir = await configDir({ auths: { 'ghcr.io': { auth: b64('cfg:cfgpass') } } })
    const found = await findCredential('ghcr.io', { username: 'u', dockerConfigDir: dir })
    expect(found?.credential).toEqual({ kind: 'basic', username: 'cfg', password: 'cfgpass' })
  })

  test.each([
    ['auth base64', { auth: b64('alice:s3cr:et') }, { kind: 'basic', username: 'alice', password: 's3cr:et' }],
    [
      'username/password fields',
      { username: 'bob', password: 'pw' },
      { kind: 'basic', username: 'bob', password: 'pw' }
    ],
    ['identitytoken', { identitytoken: 'refresh-tok' }, { kind: 'identity-token', token: 'refresh-tok' }],
    [
      'identitytoken beside auth',
      { auth: b64('<token>:'), identitytoken: 'refresh-tok' },
      { kind: 'identity-token', token: 'refresh-tok' }
    ]
  ])('auths entry with %s', async (_name, entry, credential) => {
    const dir = await configDir({ auths: { 'reg.example.com': entry } })
    const found = await findCredential('reg.example.com', { dockerConfigDir: dir })
    expect(found).toEqual({ credential, source: `${join(dir, 'config.json')} (auths)`, fromDockerConfig: true })
  })

  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000']
  ])('key %s matches registry %s', async (key, registry) => {
    const dir = await configDir({ auths: { [key]: { auth: b64('user:pass') } } })
    const found = await findCredential(registry, { dockerConfigDir: dir })
    expect(found?.credential).toEqual({ kind: 'basic', username: 'user', password: 'pass' })
  })

  test('entries for other registries are not used', async () => {
    const dir = await configDir({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pass') } } })
    expect(await findCredential('ghcr.io', { dockerConfigDir: dir })).toBeUndefined()
    expect(await findCredential('localhost:5000', { dockerConfigDir: dir })).toBeUndefined()
  })

  test('an unusable entry is skipped for a later usable one', async () => {
    const dir = await configDir({
      auths: { 'ghcr.io': { auth: b64('nocolon') }, 'https://ghcr.io': { auth: b64('u:p') } }
    })
    const found = await findCredential('ghcr.io', { dockerConfigDir: dir })
    expect(found?.credential).toEqual({ kind: 'basic', username: 'u', password: 'p' })
  })

  test('the Docker Hub helper is asked for the legacy index URL, other registries for their host', async () => {
    const dir = await configDir({ credsStore: 'fake' })
    const asked: string[] = []
    const runHelper = async (program: string, server: string): Promise<string | undefined> => {
      asked.push(`${program} ${server}`)
      return JSON.stringify({ Username: 'u', Secret: 's' })
    }
    await findCredential('docker.io', { dockerConfigDir: dir, runHelper })
    await findCredential('ghcr.io', { dockerConfigDir: dir, runHelper })
    expect(asked).toEqual([`docker-credential-fake ${DOCKER_HUB_CONFIG_KEY}`, 'docker-credential-fake ghcr.io'])
    expect(DOCKER_HUB_CONFIG_KEY).toBe('https://index.docker.io/v1/')
  })

  test('a missing config means anonymous', async () => {
    expect(await findCredential('reg.example.com', { dockerConfigDir: join(root, 'does-not-exist') })).toBeUndefined()
  })

  test('a config without auths means anonymous', async () => {
    const dir = await configDir({ credsStore: 'desktop' })
    expect(await findCredential('reg.example.com', { dockerConfigDir: dir })).toBeUndefined()
  })

  test('malformed JSON names the file but never echoes its content', async () => {
    const secret = 'SUPERSECRETVALUE'
    const dir = await configDir(`{"auths": {"ghcr.io": {"auth": "${secret}"`)
    const error = await findCredential('ghcr.io', { dockerConfigDir: dir }).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error).toBeInstanceOf(Error)
    expect(error!.message).toContain(join(dir, 'config.json'))
    expect(error!.message).toContain('not valid JSON')
    expect(error!.message).not.toContain(secret)
    expect(String(error!.stack)).not.toContain(secret)
    expect((error as Error & { cause?: unknown }).cause).toBeUndefined()
  })
})
