import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BaseImages } from '../../src/base-image.js'
import type { DockerCli } from '../../src/engines/docker-cli.js'
import { DockerEngine } from '../../src/engines/docker.js'
import { FallbackEngine } from '../../src/engines/fallback.js'
import { RegistryEngine } from '../../src/engines/registry.js'
import { InputError } from '../../src/errors.js'
import type { Config } from '../../src/inputs.js'
import type { Host } from '../../src/model.js'
import { DEFAULT_RETRY } from '../../src/oci/retry.js'
import { createEngines, findCredentials, networkSettingsFromEnv, type Credentials } from '../../src/wiring.js'
import { plan, SETTINGS } from '../fixtures/data.js'

const dirs: string[] = []
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

function host() {
  const secrets: string[] = []
  const lines: string[] = []
  const h: Host = {
    log: { info: (m) => void lines.push(m), warning: (m) => void lines.push(`warning: ${m}`), debug: () => {} },
    setSecret: (s) => void secrets.push(s),
    appGroup: (_plan, _batch, task) => task(h.log),
    runner: async () => 0
  }
  return { host: h, secrets, lines }
}

function config(overrides: Partial<Config> = {}): Config {
  return {
    plans: [plan()],
    release: SETTINGS,
    buildCommand: 'make',
    engine: 'registry',
    concurrency: 8,
    insecureRegistries: [],
    credentials: {},
    ...overrides
  }
}

async function dockerConfig(auths: Record<string, { auth: string }>): Promise<string> {
  const dir = await tempDir('docker-config-')
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths }))
  return dir
}
const auth = (user: string, password: string): { auth: string } => ({
  auth: Buffer.from(`${user}:${password}`).toString('base64')
})

describe('networkSettingsFromEnv', () => {
  test('nothing set: the default retry policy, no timeout', () => {
    expect(networkSettingsFromEnv({})).toEqual({ timeoutMs: undefined, retry: DEFAULT_RETRY })
  })

  test('each variable sets its bound; empty is unset', () => {
    const env = { IMAGE_RETAG_TIMEOUT_MS: '1500', IMAGE_RETAG_RETRY_ATTEMPTS: '2', IMAGE_RETAG_RETRY_TOTAL_MS: '' }
    expect(networkSettingsFromEnv(env)).toEqual({ timeoutMs: 1500, retry: { ...DEFAULT_RETRY, attempts: 2 } })
  })

  test.each([
    ['IMAGE_RETAG_TIMEOUT_MS', 100, 3_600_000],
    ['IMAGE_RETAG_RETRY_ATTEMPTS', 1, 100],
    ['IMAGE_RETAG_RETRY_TOTAL_MS', 0, 3_600_000]
  ])('%s must be a decimal whole number from %d to %d', (name, min, max) => {
    const expected = `Expected a whole number from ${min} to ${max}, in decimal digits.`
    for (const value of ['-1', '1.5', '1e3', '0x100', 'soon', String(max + 1), String(2 ** 31), String(2 ** 53)]) {
      expect(() => networkSettingsFromEnv({ [name]: value })).toThrow(InputError)
      expect(() => networkSettingsFromEnv({ [name]: value })).toThrow(`Invalid ${name} '${value}'. ${expected}`)
    }
    if (min > 0) expect(() => networkSettingsFromEnv({ [name]: String(min - 1) })).toThrow(`Invalid ${name}`)
  })

  test('the bounds themselves, and blanks around the digits, are accepted', () => {
    const env = {
      IMAGE_RETAG_TIMEOUT_MS: '3600000',
      IMAGE_RETAG_RETRY_ATTEMPTS: ' 1 ',
      IMAGE_RETAG_RETRY_TOTAL_MS: '0'
    }
    expect(networkSettingsFromEnv(env)).toEqual({
      timeoutMs: 3_600_000,
      retry: { ...DEFAULT_RETRY, attempts: 1, totalMs: 0 }
    })
    expect(networkSettingsFromEnv({ IMAGE_RETAG_TIMEOUT_MS: '100' }).timeoutMs).toBe(100)
  })
})

describe('findCredentials', () => {
  test('the username/password inputs win over docker config and the github-token', async () => {
    const dir = await dockerConfig({ 'ghcr.io': auth('docker-user', 'docker-pass') })
    const { host: h, secrets, lines } = host()
    const found = await findCredentials(
      { images: ['ghcr.io'], destinations: [] },
      { username: 'u', password: 'p', githubToken: 't' },
      h,
      {
        DOCKER_CONFIG: dir
      }
    )
    expect(found.get('ghcr.io')).toEqual({
      credential: { kind: 'basic', username: 'u', password: 'p' },
      source: 'inputs',
      fromDockerConfig: false
    })
    expect(secrets).toContain('p')
    expect(lines).toContain('Using credentials for ghcr.io from inputs')
  })

  test('docker config (from DOCKER_CONFIG in the env handed in) wins over the github-token', async () => {
    const dir = await dockerConfig({ 'ghcr.io': auth('docker-user', 'docker-pass') })
    const { host: h, secrets } = host()
    const found = await findCredentials({ images: ['ghcr.io'], destinations: [] }, { githubToken: 't' }, h, {
      DOCKER_CONFIG: dir
    })
    expect(found.get('ghcr.io')).toMatchObject({
      credential: { kind: 'basic', username: 'docker-user', password: 'docker-pass' },
      fromDockerConfig: true
    })
    expect(secrets).toContain('docker-pass')
    expect(secrets).not.toContain('t')
  })

  test('the github-token is the last resort, for ghcr.io only', async () => {
    const dir = await dockerConfig({})
    const { host: h, secrets, lines } = host()
    const found = await findCredentials(
      { images: ['ghcr.io'], destinations: ['quay.io'] },
      { githubToken: 'gh-token' },
      h,
      { DOCKER_CONFIG: dir }
    )
    expect(found.get('ghcr.io')).toEqual({
      credential: { kind: 'basic', username: 'x-access-token', password: 'gh-token' },
      source: 'github-token',
      fromDockerConfig: false
    })
    expect(found.get('quay.io')).toBeUndefined()
    expect([...found.keys()]).toEqual(['ghcr.io', 'quay.io'])
    expect(secrets).toEqual(['gh-token', Buffer.from('x-access-token:gh-token').toString('base64')])
    expect(lines).toEqual(['Using credentials for ghcr.io from github-token'])
  })

  test('the username/password inputs are for the image registry only: a destination registry uses docker config', async () => {
    const dir = await dockerConfig({ 'docker.io': auth('hub-user', 'hub-pass') })
    const { host: h } = host()
    const registries = {
      images: ['registry.example.com'],
      destinations: ['docker.io', 'quay.io', 'registry.example.com']
    }
    const found = await findCredentials(registries, { username: 'u', password: 'p' }, h, { DOCKER_CONFIG: dir })
    expect(found.get('registry.example.com')).toMatchObject({ source: 'inputs' })
    expect(found.get('docker.io')).toMatchObject({
      credential: { kind: 'basic', username: 'hub-user', password: 'hub-pass' },
      fromDockerConfig: true
    })
    expect(found.get('quay.io')).toBeUndefined()
    expect([...found.keys()]).toEqual(['registry.example.com', 'docker.io', 'quay.io'])
  })

  test('nothing anywhere: anonymous, nothing logged', async () => {
    const { host: h, lines } = host()
    const found = await findCredentials({ images: ['ghcr.io'], destinations: [] }, {}, h, {
      DOCKER_CONFIG: '/nonexistent-docker-config'
    })
    expect(found.get('ghcr.io')).toBeUndefined()
    expect(lines).toEqual([])
  })
})

describe('createEngines', () => {
  const network = networkSettingsFromEnv({})
  const anonymous: Credentials = new Map([['ghcr.io', undefined]])

  test('engine registry: the registry API alone, nothing to clean up', async () => {
    const docker = jest.fn<(env: NodeJS.ProcessEnv) => DockerCli>()
    const engines = await createEngines(config(), anonymous, { env: {}, host: host().host, network, docker })
    expect(engines.engine).toBeInstanceOf(RegistryEngine)
    expect(engines.buildTagger).toBeUndefined()
    expect(docker).not.toHaveBeenCalled()
    await engines.cleanup()
  })

  test('a base resolver only with rebuild-if-base-changed', async () => {
    const context = { env: {}, host: host().host, network }
    expect((await createEngines(config(), anonymous, context)).bases).toBeUndefined()
    const release = { ...SETTINGS, rebuildIfBaseChanged: true }
    for (const engine of ['registry', 'auto', 'docker'] as const) {
      const engines = await createEngines(config({ engine, release }), anonymous, context)
      expect(engines.bases).toBeInstanceOf(BaseImages)
      await engines.cleanup()
    }
  })

  test('engine auto: registry first, docker as the fallback', async () => {
    const engines = await createEngines(config({ engine: 'auto' }), anonymous, { env: {}, host: host().host, network })
    expect(engines.engine).toBeInstanceOf(FallbackEngine)
    expect(engines.engine.name).toBe('auto')
    expect(engines.buildTagger).toBeUndefined()
  })

  test('engine docker: the docker CLI with its own login; a build is tagged docker first, then registry', async () => {
    const docker = jest.fn<(env: NodeJS.ProcessEnv) => DockerCli>(() => async () => ({
      code: 0,
      stdout: '',
      stderr: ''
    }))
    const env = { PATH: '/bin', DOCKER_CONFIG: '/users/own' }
    const found = new Map([
      [
        'ghcr.io',
        {
          credential: { kind: 'basic' as const, username: 'u', password: 'p' },
          source: 'config',
          fromDockerConfig: true
        }
      ]
    ])
    const engines = await createEngines(config({ engine: 'docker' }), found, {
      env,
      host: host().host,
      network,
      docker
    })
    expect(engines.engine).toBeInstanceOf(DockerEngine)
    expect(engines.buildTagger).toBeInstanceOf(FallbackEngine)
    expect(docker).toHaveBeenCalledWith(env)
    await engines.cleanup()
  })

  test('credentials docker would not find go into a private DOCKER_CONFIG under RUNNER_TEMP, removed by cleanup', async () => {
    const runnerTemp = await tempDir('runner-temp-')
    const docker = jest.fn<(env: NodeJS.ProcessEnv) => DockerCli>(() => async () => ({
      code: 0,
      stdout: '',
      stderr: ''
    }))
    const found = new Map([
      [
        'ghcr.io',
        {
          credential: { kind: 'basic' as const, username: 'x', password: 'tok' },
          source: 'github-token',
          fromDockerConfig: false
        }
      ]
    ])
    const env = { RUNNER_TEMP: runnerTemp, DOCKER_CONFIG: '/nonexistent-docker-config' }
    const engines = await createEngines(config({ engine: 'docker' }), found, {
      env,
      host: host().host,
      network,
      docker
    })
    const dockerEnv = docker.mock.calls[0][0]
    expect(dockerEnv.RUNNER_TEMP).toBe(runnerTemp)
    expect(dockerEnv.DOCKER_CONFIG?.startsWith(join(runnerTemp, 'image-retag-docker-'))).toBe(true)
    const written = JSON.parse(await readFile(join(dockerEnv.DOCKER_CONFIG!, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(written.auths['ghcr.io']).toEqual(auth('x', 'tok'))
    expect(env.DOCKER_CONFIG).toBe('/nonexistent-docker-config')
    await engines.cleanup()
    await expect(readFile(join(dockerEnv.DOCKER_CONFIG!, 'config.json'))).rejects.toThrow(/ENOENT/)
  })
})
