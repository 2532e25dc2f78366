// The bundled action against real registries with htpasswd Basic auth and with token auth
// (the fixtures' token server, JWTs with an x5c chain the registry trusts): credentials from
// inputs and from docker's config.json, one token per scope, and no secret in any output.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runAction } from '../fixtures/services/action.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, randomHex, removeDir } from '../fixtures/util.js'

let basic: StartedRegistry
let token: StartedRegistry
let dir: string

beforeAll(async () => {
  ;[basic, token] = await Promise.all([startRegistry({ auth: 'basic' }), startRegistry({ auth: 'token' })])
  dir = await makeTempDir('auth-test')
})
afterAll(async () => {
  await Promise.all([basic?.stop(), token?.stop()])
  await removeDir(dir)
})

const creds = credentialsOf

/** A docker config dir whose `auths` entry holds the registry's credentials. */
async function dockerConfig(r: StartedRegistry, entry: 'auth' | 'fields'): Promise<string> {
  const config = join(dir, randomHex(4))
  await mkdir(config)
  const value =
    entry === 'auth'
      ? { auth: Buffer.from(`${r.username}:${r.password}`).toString('base64') }
      : { username: r.username, password: r.password }
  await writeFile(join(config, 'config.json'), JSON.stringify({ auths: { [`http://${r.host}`]: value } }))
  return config
}

describe.each([['basic'], ['token']])('%s auth', (kind) => {
  const registry = (): StartedRegistry => (kind === 'basic' ? basic : token)

  test('credentials from inputs: re-tags, digest preserved', async () => {
    const r = registry()
    const sha = newCommit()
    const seeded = await seedImage(r.host, `owner/app:${sha}`, 'oci-index', { salt: sha, creds: creds(r) })

    const run = await runAction({
      app: 'app',
      version: 'v3.1.0',
      commit: sha,
      image: `${r.host}/owner/{app}`,
      ...creds(r)
    })

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.digest).toBe(seeded.digest)
    expect((await rawManifest(r.host, 'owner/app:v3.1.0', creds(r)))?.digest).toBe(seeded.digest)
  })

  test.each([['auth'], ['fields']] as const)('credentials from docker config.json (%s)', async (entry) => {
    const r = registry()
    const sha = newCommit()
    const seeded = await seedImage(r.host, `owner/cfg-${entry}:${sha}`, 'oci-manifest', { salt: sha, creds: creds(r) })

    const run = await runAction(
      { app: `cfg-${entry}`, version: 'v1.0.0', commit: sha, image: `${r.host}/owner/{app}` },
      { DOCKER_CONFIG: await dockerConfig(r, entry) }
    )

    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Using credentials for ${r.host} from`)
    expect((await rawManifest(r.host, `owner/cfg-${entry}:v1.0.0`, creds(r)))?.digest).toBe(seeded.digest)
  })

  test('no credentials: the check fails as unauthorized, never as "not found"', async () => {
    const r = registry()
    const sha = newCommit()
    await seedImage(r.host, `owner/private:${sha}`, 'oci-manifest', { salt: sha, creds: creds(r) })

    const run = await runAction({
      app: 'private',
      version: 'v1.0.0',
      commit: sha,
      image: `${r.host}/owner/{app}`,
      'on-missing': 'fail'
    })

    expect(run.code).toBe(1)
    expect(run.outputs.path).toBe('fail')
    expect(run.outputs.reason).toMatch(/^check-failed: fetching .*owner\/private:.*UNAUTHORIZED/)
    expect(run.stdout).not.toContain('No existing image found')
  })

  test('a wrong password fails with a message that says what to fix', async () => {
    const r = registry()
    const run = await runAction({
      app: 'app',
      version: 'v1.0.0',
      commit: newCommit(),
      image: `${r.host}/owner/{app}`,
      username: creds(r).username,
      password: 'wrong-password',
      'on-missing': 'fail'
    })
    expect(run.code).toBe(1)
    expect(run.outputs.reason).toMatch(
      kind === 'basic'
        ? /UNAUTHORIZED.*Check the credentials/
        : /the credentials were refused by the token service \(HTTP 401\)\. Check the credentials/
    )
  })
})

describe('token auth', () => {
  test('one token per scope for the whole release, asked for pull and push at once', async () => {
    const sha = newCommit()
    await seedImage(token.host, `owner/scoped:${sha}`, 'oci-manifest', { salt: sha, creds: creds(token) })
    token.tokenServer!.clearIssued()

    const run = await runAction({
      app: 'scoped',
      version: 'v1.0.0',
      commit: sha,
      image: `${token.host}/owner/{app}`,
      latest: 'true',
      ...creds(token)
    })

    expect(run.code).toBe(0)
    const issued = token.tokenServer!.issued()
    expect(issued).toHaveLength(1)
    expect(issued[0].scopes).toEqual(['repository:owner/scoped:pull,push'])
  })

  test('secrets never reach stdout, stderr, outputs or summary, even with debug logging', async () => {
    const sha = newCommit()
    await seedImage(token.host, `owner/secret:${sha}`, 'oci-index', { salt: sha, creds: creds(token) })
    token.tokenServer!.clearIssued()

    const run = await runAction(
      {
        app: 'secret',
        version: 'v1.0.0',
        commit: sha,
        image: `${token.host}/owner/{app}`,
        latest: 'true',
        ...creds(token)
      },
      { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
    )

    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::debug::')
    const secrets = [
      token.password!,
      Buffer.from(`${token.username}:${token.password}`).toString('base64'),
      ...token.tokenServer!.issued().map((t) => t.token)
    ]
    expect(secrets.length).toBeGreaterThan(2)
    // `::add-mask::` lines are how the runner learns a secret; it never shows them
    const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    const everything = [...shown, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n')
    for (const secret of secrets) expect(everything).not.toContain(secret)
    // every credential was registered for masking, so a leak would show as ***
    expect(run.stdout.match(/::add-mask::/g)?.length).toBeGreaterThanOrEqual(secrets.length)
  })
})
