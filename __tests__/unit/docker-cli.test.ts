import { describe, expect, test } from '@jest/globals'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dockerCli, privateDockerConfig } from '../../src/engines/docker-cli.js'
import type { Credential } from '../../src/oci/auth.js'

describe('dockerCli', () => {
  test('no docker binary on PATH: exit 127 and a plain message', async () => {
    expect(await dockerCli({ PATH: '/nonexistent-dir-for-docker' })(['version'])).toEqual({
      code: 127,
      stdout: '',
      stderr: 'docker: command not found'
    })
  })

  test('a program that runs: its exit code and output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-docker-'))
    try {
      await writeFile(join(dir, 'docker'), '#!/bin/sh\necho "out $*"\necho err >&2\nexit 3\n', { mode: 0o755 })
      expect(await dockerCli({ PATH: dir })(['manifest', 'inspect'])).toEqual({
        code: 3,
        stdout: 'out manifest inspect\n',
        stderr: 'err\n'
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('privateDockerConfig', () => {
  test('0600 config.json with base64 auth per registry, Docker Hub under its legacy key; cleanup removes it', async () => {
    const credentials = new Map<string, Credential>([
      ['127.0.0.1:5000', { kind: 'basic', username: 'user', password: 'p@ss:word' }],
      ['docker.io', { kind: 'basic', username: 'hubuser', password: 'hubpass' }],
      ['ghcr.io', { kind: 'identity-token', token: 'refresh-token' }]
    ])
    const { dir, cleanup } = await privateDockerConfig('/nonexistent-docker-config', credentials)
    try {
      const file = join(dir, 'config.json')
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await stat(dir)).mode & 0o077).toBe(0)
      const config = JSON.parse(await readFile(file, 'utf8')) as {
        auths: Record<string, { auth?: string; identitytoken?: string }>
      }
      expect(Object.keys(config.auths).sort()).toEqual(['127.0.0.1:5000', 'ghcr.io', 'https://index.docker.io/v1/'])
      expect(Buffer.from(config.auths['127.0.0.1:5000'].auth!, 'base64').toString()).toBe('user:p@ss:word')
      expect(Buffer.from(config.auths['https://index.docker.io/v1/'].auth!, 'base64').toString()).toBe(
        'hubuser:hubpass'
      )
      expect(config.auths['ghcr.io']).toEqual({ identitytoken: 'refresh-token' })
      expect(config.auths['docker.io']).toBeUndefined()
    } finally {
      await cleanup()
    }
    await expect(stat(dir)).rejects.toThrow(/ENOENT/)
  })

  test("the user's own config is kept (helpers, other logins) and its CLI plugins stay visible", async () => {
    const userDir = await mkdtemp(join(tmpdir(), 'user-docker-'))
    await writeFile(
      join(userDir, 'config.json'),
      JSON.stringify({
        credHelpers: { 'gcr.io': 'gcloud' },
        auths: { 'quay.io': { auth: 'cXVheTpx' }, 'ghcr.io': { auth: 'b2xkOm9sZA==' } }
      })
    )
    await mkdir(join(userDir, 'cli-plugins'))
    await writeFile(join(userDir, 'cli-plugins', 'docker-buildx'), '')
    const { dir, cleanup } = await privateDockerConfig(
      userDir,
      new Map<string, Credential>([['ghcr.io', { kind: 'basic', username: 'x', password: 'token' }]])
    )
    try {
      const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
      expect(config.credHelpers).toEqual({ 'gcr.io': 'gcloud' })
      expect(config.auths).toEqual({
        'quay.io': { auth: 'cXVheTpx' },
        'ghcr.io': { auth: Buffer.from('x:token').toString('base64') }
      })
      expect(await readdir(join(dir, 'cli-plugins'))).toEqual(['docker-buildx'])
    } finally {
      await cleanup()
      await rm(userDir, { recursive: true, force: true })
    }
  })

  test('no credentials: an empty auths object', async () => {
    const { dir, cleanup } = await privateDockerConfig('/nonexistent-docker-config', new Map())
    try {
      expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({ auths: {} })
    } finally {
      await cleanup()
    }
    await expect(stat(dir)).rejects.toThrow(/ENOENT/)
  })

  test('the directory goes under the temp root it is given (the runner temp)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'runner-temp-'))
    try {
      const { dir, cleanup } = await privateDockerConfig('/nonexistent-docker-config', new Map(), root)
      expect(dir.startsWith(join(root, 'image-retag-docker-'))).toBe(true)
      await cleanup()
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
