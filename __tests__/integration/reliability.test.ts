// The bundled action on unreliable networks, against real registries: injected faults (5xx, 429
// with Retry-After, dropped connections, answers slower than the timeout), exhausted retries, a
// registry that restarts between the check and the re-tag, forward proxies from HTTP_PROXY
// (tinyproxy, and a mapping proxy for a host name that resolves nowhere), docker credential
// helpers, secrets in debug logs, and two releases of one commit at once.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { expectOutcome, runAction, type ActionRun } from '../fixtures/services/action.js'
import { credentialHelperEnv, type CredentialHelperEnv } from '../fixtures/services/credential-helper.js'
import {
  firstTryFails,
  startFaultProxy,
  type Fault,
  type FaultPlan,
  type StartedFaultProxy
} from '../fixtures/services/proxies/fault.js'
import { startMappingProxy, startTinyproxy } from '../fixtures/services/proxies/mapping.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { actionRequests, credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { freePort, makeTempDir, newCommit, removeDir, sleep, withStarted } from '../fixtures/util.js'

let registry: StartedRegistry
let token: StartedRegistry

beforeAll(async () => {
  ;[registry, token] = await Promise.all([startRegistry(), startRegistry({ auth: 'token' })])
})
afterAll(async () => {
  await Promise.all([registry?.stop(), token?.stop()])
})

const tokenCreds = (): { username: string; password: string } => credentialsOf(token)

/** The `::debug::` lines of a run (RUNNER_DEBUG=1), without the prefix. */
function debugLines(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::debug::'))
    .map((line) => line.slice('::debug::'.length))
}

/** What the registry finally answers a request of the re-tag: a write is created; the commit image found, and the written tags when read back. */
function finalStatus(request: string, sha: string): number {
  if (request.startsWith('PUT')) return 201
  return request.includes(`/manifests/${sha}`) || request.startsWith('HEAD') ? 200 : 404
}

function withFaultProxy<T>(
  target: string,
  plan: FaultPlan | undefined,
  fn: (proxy: StartedFaultProxy) => Promise<T>,
  slowMs?: number
): Promise<T> {
  return withStarted(startFaultProxy({ target, plan, slowMs, retryAfterSeconds: 1 }), fn)
}

async function withHelper<T>(
  creds: Parameters<typeof credentialHelperEnv>[0],
  mode: 'credHelpers' | 'credsStore',
  fn: (helper: CredentialHelperEnv, env: Record<string, string>) => Promise<T>
): Promise<T> {
  const helper = await credentialHelperEnv(creds, { mode })
  try {
    return await fn(helper, { ...helper.env, DOCKER_CONFIG: helper.dockerConfigDir })
  } finally {
    await helper.cleanup()
  }
}

describe('transient failures are retried', () => {
  test('503, 429 + Retry-After, a dropped connection and a timeout on first tries: the release still re-tags', async () => {
    const sha = newCommit()
    const app = 'flaky'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-index', { salt: sha })
    const faults: Fault[] = ['status-503', 'status-429', 'drop', 'slow']

    await withFaultProxy(
      registry.host,
      firstTryFails(faults),
      async (proxy) => {
        await registry.reset()
        const started = Date.now()
        const run = await runAction(
          { app, version: 'v1.0.0', commit: sha, image: `${proxy.host}/owner/{app}`, latest: 'true' },
          { IMAGE_RETAG_TIMEOUT_MS: '1000', RUNNER_DEBUG: '1' }
        )
        const elapsed = Date.now() - started

        expectOutcome(run, { code: 0, path: 'retag', reason: '' })
        expect(run.stderr).toBe('')
        expect(run.outputs.digest).toBe(seeded.digest)
        expect(run.outputs.tags.split('\n')).toEqual(
          [sha, 'v1.0.0', 'latest'].map((tag) => `${proxy.host}/owner/${app}:${tag}`)
        )
        for (const tag of [sha, 'v1.0.0', 'latest'])
          expect((await rawManifest(registry.host, `owner/${app}:${tag}`))?.digest).toBe(seeded.digest)

        // every kind of fault was injected, each on the first try of a request that then succeeded
        const seen = proxy.seen()
        const faulted = seen.filter((s) => s.fault !== undefined)
        expect(new Set(faulted.map((s) => s.fault))).toEqual(new Set(faults))
        for (const key of new Set(seen.map((s) => `${s.method} ${s.path}`))) {
          const tries = seen.filter((s) => `${s.method} ${s.path}` === key)
          expect({ key, first: tries[0].fault !== undefined, last: tries.at(-1)!.status }).toEqual({
            key,
            first: true,
            last: finalStatus(key, sha)
          })
        }

        // the debug log tells each retry: what failed, which attempt, how long it waits
        const retries = debugLines(run).filter((line) => /attempt \d+ of \d+, retrying in \d+ ms/.test(line))
        expect(retries.length).toBeGreaterThanOrEqual(faulted.length)
        for (const s of faulted) {
          const line = retries.find((l) => l.startsWith(`${s.method} http://${proxy.host}${s.path}: `))
          expect({ request: `${s.method} ${s.path}`, fault: s.fault, line: line !== undefined }).toEqual({
            request: `${s.method} ${s.path}`,
            fault: s.fault,
            line: true
          })
          expect(line).toContain('attempt 1 of 5, retrying in')
          if (s.fault === 'status-503') expect(line).toContain('HTTP 503')
          if (s.fault === 'status-429') expect(line).toContain('HTTP 429, attempt 1 of 5, retrying in 1000 ms') // Retry-After: 1
          if (s.fault === 'slow') expect(line).toContain('no answer within 1000 ms')
        }

        // the request that timed out never reached the registry: one write per tag, no duplicates
        const writes = actionRequests(await registry.settledRequests()).filter((r) => r.method === 'PUT')
        expect(writes.map((r) => `${r.path.replace(/^.*\/manifests\//, '')} ${r.status}`).sort()).toEqual([
          'latest 201',
          'v1.0.0 201'
        ])

        // Retry-After was honoured, and nothing waited for the 3 s the slow answer would have taken
        expect(elapsed).toBeGreaterThanOrEqual(1000)
        expect(elapsed).toBeLessThan(20_000)
      },
      3000
    )
  })

  test('retries exhausted: the step fails naming the tag and the 503, and no tag points anywhere new', async () => {
    const sha = newCommit()
    const app = 'exhausted'
    await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const previous = await seedImage(registry.host, `owner/${app}:latest`, 'oci-manifest', { salt: `previous-${sha}` })

    await withFaultProxy(
      registry.host,
      ({ method }) => (method === 'PUT' ? 'status-503' : undefined),
      async (proxy) => {
        const started = Date.now()
        const run = await runAction(
          {
            app,
            version: 'v1.0.0',
            commit: sha,
            image: `${proxy.host}/owner/{app}`,
            latest: 'true',
            'build-command': 'false'
          },
          { IMAGE_RETAG_RETRY_ATTEMPTS: '2' }
        )
        const elapsed = Date.now() - started

        expect(run.code).toBe(1)
        expect(run.outputs.path).toBe('fail')
        const ref = `${proxy.host}/owner/${app}:v1.0.0`
        expect(run.outputs.reason).toMatch(/^retag-failed: /)
        expect(run.outputs.reason).toContain(ref)
        expect(run.outputs.reason).toMatch(/UNAVAILABLE|503/)
        expect(run.outputs.reason).toContain('build failed')
        // the step's error annotation says the same
        const error = run.stdout.split('\n').find((line) => line.startsWith('::error::'))
        expect(error).toBeDefined()
        expect(error).toContain('retag-failed')
        expect(error).toContain(ref)
        expect(error).toMatch(/UNAVAILABLE|503/)

        // exactly the allowed attempts at the version tag; latest (written after it) never tried
        expect(
          proxy
            .seen()
            .filter((s) => s.method === 'PUT')
            .map((s) => `${s.path.replace(/^.*\/manifests\//, '')} ${s.status}`)
        ).toEqual(['v1.0.0 503', 'v1.0.0 503'])
        expect(await rawManifest(registry.host, `owner/${app}:v1.0.0`)).toBeUndefined()
        expect((await rawManifest(registry.host, `owner/${app}:latest`))?.digest).toBe(previous.digest)
        expect(elapsed).toBeLessThan(20_000)
      }
    )
  })
})

describe('registry restarted between the check and the re-tag', () => {
  test('a real restart (killed, down for 1 s, started again on the same port and storage): the re-tag is retried and lands', async () => {
    const root = await makeTempDir('restart')
    const host = `127.0.0.1:${await freePort()}`
    let first: StartedRegistry | undefined
    let second: StartedRegistry | undefined
    try {
      first = await startRegistry({ host, storage: root })
      const sha = newCommit()
      const seeded = await seedImage(host, `owner/restarted:${sha}`, 'oci-index', { salt: sha })

      let restarting: Promise<void> | undefined
      const plan: FaultPlan = ({ method }) => {
        if (method !== 'PUT' || restarting) return undefined
        // the check is done (GET + HEADs answered): the registry crashes as the first write arrives
        const crashed = first!.crash()
        restarting = (async () => {
          await crashed
          await sleep(1000)
          second = await startRegistry({ host, storage: root })
        })()
        return 'drop'
      }
      await withFaultProxy(host, plan, async (proxy) => {
        const run = await runAction(
          { app: 'restarted', version: 'v1.0.0', commit: sha, image: `${proxy.host}/owner/{app}`, latest: 'true' },
          { IMAGE_RETAG_RETRY_ATTEMPTS: '12', IMAGE_RETAG_RETRY_TOTAL_MS: '30000', RUNNER_DEBUG: '1' }
        )
        await restarting

        expectOutcome(run, { code: 0, path: 'retag', reason: '' })
        expect(second).toBeDefined()
        for (const tag of ['v1.0.0', 'latest'])
          expect((await rawManifest(host, `owner/restarted:${tag}`))?.digest).toBe(seeded.digest)

        // the first write was cut off, the retries met the registry down (the proxy's 502), then the new process took them
        const puts = proxy.seen().filter((s) => s.method === 'PUT' && s.path.endsWith('/v1.0.0'))
        expect(puts[0].fault).toBe('drop')
        expect(puts.some((s) => s.status === 502)).toBe(true)
        expect(puts.at(-1)?.status).toBe(201)
        expect(first!.logs().stdout).not.toMatch(/"PUT \/v2\/owner\/restarted\/manifests\/(v1\.0\.0|latest) /)
        expect(second!.logs().stdout).toMatch(/"PUT \/v2\/owner\/restarted\/manifests\/v1\.0\.0 HTTP\/1\.1" 201 /)
        expect(second!.logs().stdout).toMatch(/"PUT \/v2\/owner\/restarted\/manifests\/latest HTTP\/1\.1" 201 /)
        expect(
          debugLines(run).some((line) => /PUT .*\/manifests\/v1\.0\.0: .*attempt 1 of 12, retrying in/.test(line))
        ).toBe(true)
      })
    } finally {
      await first?.stop()
      await second?.stop()
      await removeDir(root)
    }
  })

  test('emulated restart window (every request refused for 1.5 s from the first write on): retried within the total budget', async () => {
    const sha = newCommit()
    const app = 'window'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const windowMs = 1500
    let opened: number | undefined
    const plan: FaultPlan = ({ method }) => {
      if (opened === undefined && method === 'PUT') opened = Date.now()
      return opened !== undefined && Date.now() - opened < windowMs ? 'drop' : undefined
    }

    await withFaultProxy(registry.host, plan, async (proxy) => {
      const run = await runAction(
        { app, version: 'v1.0.0', commit: sha, image: `${proxy.host}/owner/{app}`, latest: 'true' },
        { IMAGE_RETAG_RETRY_ATTEMPTS: '12', IMAGE_RETAG_RETRY_TOTAL_MS: '30000' }
      )

      expectOutcome(run, { code: 0, path: 'retag', reason: '' })
      for (const tag of ['v1.0.0', 'latest'])
        expect((await rawManifest(registry.host, `owner/${app}:${tag}`))?.digest).toBe(seeded.digest)
      const puts = proxy.seen().filter((s) => s.method === 'PUT' && s.path.endsWith('/v1.0.0'))
      expect(puts.filter((s) => s.fault === 'drop').length).toBeGreaterThanOrEqual(2)
      expect(puts.at(-1)?.status).toBe(201)
    })
  })
})

describe('HTTP_PROXY', () => {
  test('tinyproxy carries every registry request of the release (GET, HEADs, PUTs), in plain sight', async () => {
    const sha = newCommit()
    const app = 'proxied'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha })
    await withStarted(startTinyproxy(), async (proxy) => {
      await registry.reset()
      const run = await runAction(
        { app, version: 'v1.0.0', commit: sha, image: `${registry.host}/owner/{app}`, latest: 'true' },
        { HTTP_PROXY: proxy.url, NO_PROXY: '' }
      )

      expectOutcome(run, { code: 0, path: 'retag', reason: '' })
      expect((await rawManifest(registry.host, `owner/${app}:v1.0.0`))?.digest).toBe(seeded.digest)

      // a forward proxy sees (and may filter and log) each plain-HTTP request: absolute-form, no CONNECT tunnel
      const lines = proxy.requests()
      const manifests = `http://${registry.host}/v2/owner/${app}/manifests`
      for (const line of [
        `GET ${manifests}/${sha}`,
        `HEAD ${manifests}/v1.0.0`,
        `HEAD ${manifests}/latest`,
        `PUT ${manifests}/v1.0.0`,
        `PUT ${manifests}/latest`
      ]) {
        expect(lines).toContain(`${line} HTTP/1.1`)
      }
      // ... and nothing went around it: every request of the action the registry served came through the proxy
      const served = actionRequests(await registry.settledRequests())
      expect(served.length).toBeGreaterThanOrEqual(5)
      for (const r of served)
        expect(lines).toContain(`${r.method} http://${registry.host}${r.path}${r.query ? `?${r.query}` : ''} HTTP/1.1`)
    })
  })

  test('tinyproxy is used at all: the release goes through it (whatever the request form)', async () => {
    const sha = newCommit()
    const app = 'proxied-any'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha })
    await withStarted(startTinyproxy(), async (proxy) => {
      const run = await runAction(
        { app, version: 'v1.0.0', commit: sha, image: `${registry.host}/owner/{app}` },
        { HTTP_PROXY: proxy.url, NO_PROXY: '' }
      )

      expectOutcome(run, { code: 0, path: 'retag', reason: '' })
      expect((await rawManifest(registry.host, `owner/${app}:v1.0.0`))?.digest).toBe(seeded.digest)
      const lines = proxy.requests()
      expect(lines.length).toBeGreaterThan(0)
      for (const line of lines) expect(line).toContain(registry.host)
    })
  })

  test('NO_PROXY=127.0.0.1: the proxy sees nothing and the release still works', async () => {
    const sha = newCommit()
    const app = 'unproxied'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha })
    await withStarted(startTinyproxy(), async (proxy) => {
      const run = await runAction(
        { app, version: 'v1.0.0', commit: sha, image: `${registry.host}/owner/{app}`, latest: 'true' },
        { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }
      )

      expectOutcome(run, { code: 0, path: 'retag', reason: '' })
      expect((await rawManifest(registry.host, `owner/${app}:v1.0.0`))?.digest).toBe(seeded.digest)
      expect(proxy.requests()).toEqual([])
    })
  })

  test('a registry name that resolves nowhere is reached through the proxy; without it the check fails on name resolution', async () => {
    const fake = 'registry.example.test:5000'
    const sha = newCommit()
    const app = 'mapped'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-index', { salt: sha })
    // not loopback, so plain HTTP only because it is listed
    const inputs = {
      app,
      version: 'v1.0.0',
      commit: sha,
      image: `${fake}/owner/{app}`,
      'insecure-registries': fake,
      'on-missing': 'fail',
      latest: 'true'
    }

    await withStarted(startMappingProxy({ [fake]: registry.host }), async (proxy) => {
      const run = await runAction(inputs, { HTTP_PROXY: proxy.url, NO_PROXY: '' })

      expectOutcome(run, { code: 0, path: 'retag', reason: '' })
      expect(run.outputs.tags.split('\n')).toEqual(
        [sha, 'v1.0.0', 'latest'].map((tag) => `${fake}/owner/${app}:${tag}`)
      )
      for (const tag of ['v1.0.0', 'latest'])
        expect((await rawManifest(registry.host, `owner/${app}:${tag}`))?.digest).toBe(seeded.digest)
      const lines = proxy.requests()
      expect(lines.length).toBeGreaterThan(0)
      for (const line of lines) expect(line).toContain(fake)
    })

    const started = Date.now()
    const direct = await runAction({ ...inputs, version: 'v1.0.1' })
    expect(direct.code).toBe(1)
    expect(direct.outputs.path).toBe('fail')
    expect(direct.outputs.reason).toMatch(/^check-failed: /)
    expect(direct.outputs.reason).toContain('registry.example.test')
    expect(direct.outputs.reason).toMatch(/ENOTFOUND|EAI_AGAIN|resolv/i)
    expect(direct.outputs.reason).toContain('nothing was built')
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})

describe('credential helpers (token auth)', () => {
  test.each(['credHelpers', 'credsStore'] as const)(
    '%s: credentials only in the helper; it is asked for the registry host',
    async (mode) => {
      const sha = newCommit()
      const app = `helper-${mode.toLowerCase()}`
      const seeded = await seedImage(token.host, `owner/${app}:${sha}`, 'oci-manifest', {
        salt: sha,
        creds: tokenCreds()
      })

      await withHelper(
        { [token.host]: { Username: tokenCreds().username, Secret: tokenCreds().password } },
        mode,
        async (helper, env) => {
          const run = await runAction(
            { app, version: 'v1.0.0', commit: sha, image: `${token.host}/owner/{app}`, latest: 'true' },
            env
          )

          expectOutcome(run, { code: 0, path: 'retag', reason: '' })
          expect(run.stdout).toContain(`Using credentials for ${token.host} from docker-credential-fixture`)
          for (const tag of ['v1.0.0', 'latest'])
            expect((await rawManifest(token.host, `owner/${app}:${tag}`, tokenCreds()))?.digest).toBe(seeded.digest)
          expect(await helper.calls()).toEqual([`get ${token.host}`])
        }
      )
    }
  )

  test('no secret of the helper, nor any token issued, reaches stdout, stderr, outputs or summary (debug on, retries logged)', async () => {
    const sha = newCommit()
    const app = 'helper-secret'
    await seedImage(token.host, `owner/${app}:${sha}`, 'oci-index', { salt: sha, creds: tokenCreds() })

    // the second run reaches the registry through a flaky proxy: the retries' debug lines must not carry secrets either
    await withFaultProxy(token.host, firstTryFails(['status-503', 'drop']), async (proxy) => {
      const entry = { Username: tokenCreds().username, Secret: tokenCreds().password }
      // the helper is asked for the host of the image reference, so it knows both
      await withHelper({ [token.host]: entry, [proxy.host]: entry }, 'credHelpers', async (helper, env) => {
        token.tokenServer!.clearIssued()
        const debug = { ...env, RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
        const runs = [
          await runAction(
            { app, version: 'v1.0.0', commit: sha, image: `${token.host}/owner/{app}`, latest: 'true' },
            debug
          ),
          await runAction(
            { app, version: 'v1.0.1', commit: sha, image: `${proxy.host}/owner/{app}`, latest: 'true' },
            debug
          )
        ]
        expect(await helper.calls()).toEqual([`get ${token.host}`, `get ${proxy.host}`])
        const issued = token.tokenServer!.issued().map((t) => t.token)
        expect(issued.length).toBeGreaterThanOrEqual(2)
        const secrets = [
          token.password!,
          Buffer.from(`${token.username}:${token.password}`).toString('base64'),
          ...issued
        ]
        for (const run of runs) {
          expectOutcome(run, { code: 0, path: 'retag', reason: '' })
          expect(run.stdout).toContain('::debug::')
          // `::add-mask::` lines are how the runner learns a secret; it never shows them
          const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
          const everything = [...shown, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n')
          for (const secret of secrets) expect(everything).not.toContain(secret)
          // the helper's secret and its basic form were registered for masking
          const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'))
          expect(masks).toContain(`::add-mask::${token.password}`)
          expect(masks).toContain(`::add-mask::${secrets[1]}`)
        }
        expect(debugLines(runs[1]).some((line) => line.includes('retrying in'))).toBe(true)
      })
    })
  })

  test.each(['inputs', 'credential helper'] as const)(
    'a wrong password (%s) fails with a message that says what to fix',
    async (source) => {
      const sha = newCommit()
      const app = 'wrong-password'
      await seedImage(token.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha, creds: tokenCreds() })
      const inputs = { app, version: 'v1.0.0', commit: sha, image: `${token.host}/owner/{app}`, 'on-missing': 'fail' }

      await withHelper(
        { [token.host]: { Username: tokenCreds().username, Secret: 'wrong-password' } },
        'credHelpers',
        async (_helper, env) => {
          const started = Date.now()
          const run =
            source === 'inputs'
              ? await runAction({ ...inputs, username: tokenCreds().username, password: 'wrong-password' })
              : await runAction(inputs, env)

          expect(run.code).toBe(1)
          expect(run.outputs.path).toBe('fail')
          expect(run.outputs.reason).toMatch(/credentials were refused by the token service \(HTTP 401\)/)
          expect(run.outputs.reason).toMatch(/Check the credentials/)
          expect(run.stdout).toMatch(/::error::.*Check the credentials/)
          // a refusal is not retried
          expect(Date.now() - started).toBeLessThan(5_000)
          expect(await rawManifest(token.host, `owner/${app}:v1.0.0`, tokenCreds())).toBeUndefined()
        }
      )
    }
  )
})

describe('concurrency', () => {
  test('two releases of one commit image at once, different versions: both succeed, both tags on the commit digest', async () => {
    const sha = newCommit()
    const app = 'parallel'
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-index', { salt: sha })
    const inputs = { app, commit: sha, image: `${registry.host}/owner/{app}` }

    const started = Date.now()
    const [a, b] = await Promise.all([
      runAction({ ...inputs, version: 'v1.0.0' }),
      runAction({ ...inputs, version: 'v1.1.0' })
    ])

    expectOutcome(a, { code: 0, path: 'retag', reason: '' })
    expectOutcome(b, { code: 0, path: 'retag', reason: '' })
    expect(a.outputs.digest).toBe(seeded.digest)
    expect(b.outputs.digest).toBe(seeded.digest)
    for (const tag of ['v1.0.0', 'v1.1.0', 'latest'])
      expect((await rawManifest(registry.host, `owner/${app}:${tag}`))?.digest).toBe(seeded.digest)
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
