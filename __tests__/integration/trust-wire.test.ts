// What goes over the wire, against real registries behind small misbehaving fronts
// (fixtures/services/fronts): credentials go only to their registry and the token service it
// names; plain HTTP only where the host itself may be spoken to so; any port is reachable; the
// failures of the wire are said plainly; a 429 that names its wait only in the body is honoured.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { runAction, type ActionRun } from '../fixtures/services/action.js'
import { answerJson, pathOf, startFront, type StartedFront } from '../fixtures/services/fronts/front.js'
import { startRelay } from '../fixtures/services/fronts/tcp-relay.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit } from '../fixtures/util.js'

let open: StartedRegistry
let basic: StartedRegistry
let token: StartedRegistry
const fronts: StartedFront[] = []

beforeAll(async () => {
  ;[open, basic, token] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: 'basic' }),
    startRegistry({ auth: 'token' })
  ])
})
afterAll(async () => {
  await Promise.all(fronts.map((front) => front.stop()))
  await Promise.all([open?.stop(), basic?.stop(), token?.stop()])
})

const front = async (options: Parameters<typeof startFront>[0]): Promise<StartedFront> => {
  const started = await startFront(options)
  fronts.push(started)
  return started
}

/** Seeds `trust/<app>:<sha>` in a registry and returns the inputs that release it as v1.0.0 through `host`. */
async function release(registry: StartedRegistry, app: string, host: string): Promise<Record<string, string>> {
  const sha = newCommit()
  const creds = registry.auth === 'none' ? undefined : credentialsOf(registry)
  await seedImage(registry.host, `trust/${app}:${sha}`, 'oci-manifest', { salt: sha, creds })
  return { app, version: 'v1.0.0', commit: sha, image: `${host}/trust/{app}`, 'on-missing': 'fail', ...creds }
}

/** Everything a run said: log, reason and result. */
const said = (run: ActionRun): string => [run.stdout, run.stderr, run.outputs.reason ?? ''].join('\n')

/** A front for `registry` whose Bearer challenges name `realm` instead of the registry's own. */
const realmRewritten = (registry: StartedRegistry, realm: string): Promise<StartedFront> =>
  front({
    target: registry.host,
    rewrite: (name, value) =>
      name.toLowerCase() === 'www-authenticate' ? value.replace(/realm="[^"]*"/, `realm="${realm}"`) : value
  })

describe('credentials go only where they belong', () => {
  test('a redirect to another origin that answers 401 with its own challenge: the credential never goes to it', async () => {
    let otherHost = ''
    const other = await front({
      answer: (req, res) =>
        pathOf(req) === '/token'
          ? answerJson(req, res, { status: 200, body: { token: 'issued-to-whoever-asks' } })
          : answerJson(req, res, {
              status: 401,
              body: { errors: [{ code: 'UNAUTHORIZED', message: 'storage wants its own' }] },
              headers: { 'www-authenticate': `Bearer realm="http://${otherHost}/token",service="storage"` }
            })
    })
    otherHost = other.host
    // the registry sends every manifest request of the repository to the other origin
    const registry = await front({
      target: basic.host,
      answer: (req, res) => {
        if (!pathOf(req).startsWith('/v2/trust/redirected/manifests/')) return false
        req.resume()
        res.writeHead(307, { location: `http://${other.host}/storage${req.url}`, 'content-length': 0 })
        res.end()
        return true
      }
    })
    const inputs = await release(basic, 'redirected', registry.host)

    const run = await runAction(inputs)

    const { username, password } = credentialsOf(basic)
    const basicCredential = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
    expect(other.seen().length).toBeGreaterThan(0) // the redirect was followed
    expect(other.seen().filter((r) => r.url.startsWith('/token'))).toEqual([])
    for (const request of other.seen()) expect(request.authorization).toBeUndefined()
    expect(registry.seen().some((r) => r.authorization === basicCredential)).toBe(true) // the registry got it
    expect(run.code).toBe(1)
    expect(said(run)).toContain(`redirected the request to http://${other.host}, which answered 401`)
    expect(said(run)).toContain(`so the challenge of http://${other.host} was not answered`)
  })

  test('a loopback registry naming a plain-HTTP realm on another host: nothing is sent there', async () => {
    // the realm's host resolves nowhere: a proxy on loopback is where the request would go
    const proxy = await front({
      answer: (req, res) => answerJson(req, res, { status: 200, body: { token: 'from-the-proxy' } })
    })
    const registry = await realmRewritten(token, 'http://auth.trust-wire.test/token')
    const inputs = await release(token, 'plainrealm', registry.host)

    const run = await runAction(inputs, { HTTP_PROXY: `http://${proxy.host}`, NO_PROXY: '127.0.0.1' })

    expect(proxy.seen()).toEqual([])
    expect(run.code).toBe(1)
    expect(said(run)).toContain('named the token realm http://auth.trust-wire.test, which is not HTTPS')
  })
})

describe('any port', () => {
  test('a registry on a port the fetch standard calls bad is reached', async () => {
    const relay = await startRelay(open.host)
    try {
      const inputs = await release(open, 'badport', relay.host)
      const seeded = await rawManifest(open.host, `trust/badport:${inputs.commit}`)

      const run = await runAction(inputs)

      expect(said(run)).not.toContain('bad port')
      expect([run.code, run.outputs.path, run.outputs.digest]).toEqual([0, 'retag', seeded?.digest])
      expect((await rawManifest(open.host, 'trust/badport:v1.0.0'))?.digest).toBe(seeded?.digest)
    } finally {
      await relay.stop()
    }
  })
})

describe('messages that say what happened', () => {
  test.each([
    ['token-service/token', "named a token realm that is not a URL ('token-service/token')", 'Invalid URL'],
    ['file:///etc/passwd', "named the token realm 'file:///etc/passwd', which is not HTTPS", 'realm null']
  ])('a realm %j', async (realm, message, before) => {
    const registry = await realmRewritten(token, realm)
    const inputs = await release(token, `realm-${realm.startsWith('file') ? 'file' : 'path'}`, registry.host)

    const run = await runAction(inputs)

    expect(run.code).toBe(1)
    expect(run.outputs.reason).toContain(`${registry.host} ${message}`)
    expect(said(run)).not.toContain(before)
  })

  test('a token service that answers 502: it failed, temporarily, and was retried; no "refused"', async () => {
    const failing = await front({
      answer: (req, res) => answerJson(req, res, { status: 502, body: { message: 'upstream connect error' } })
    })
    const registry = await realmRewritten(token, `http://${failing.host}/token`)
    const inputs = await release(token, 'tokenfails', registry.host)

    const run = await runAction(inputs, { IMAGE_RETAG_RETRY_ATTEMPTS: '2' })

    expect(run.code).toBe(1)
    const reason = run.outputs.reason
    expect(reason).toContain(
      `authenticating to ${registry.host} at the token service http://${failing.host}: the token service failed (HTTP 502)`
    )
    expect(reason).toContain('says nothing about the credentials and is usually temporary')
    expect(said(run)).not.toContain('refused')
    expect(failing.seen().length).toBeGreaterThanOrEqual(2) // tried again
  })

  test('a manifest body that stalls: the message names the timeout', async () => {
    const stalled = new Set<ServerResponse>()
    const registry = await front({
      target: open.host,
      answer: (req: IncomingMessage, res: ServerResponse) => {
        if (req.method !== 'GET' || !pathOf(req).includes('/manifests/')) return false
        req.resume()
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': 1000 })
        res.write('{"schemaVersion":')
        stalled.add(res) // and never the rest
        return true
      }
    })
    const inputs = await release(open, 'stalled', registry.host)

    const run = await runAction(inputs, { IMAGE_RETAG_TIMEOUT_MS: '700', IMAGE_RETAG_RETRY_ATTEMPTS: '1' })

    for (const res of stalled) res.destroy()
    expect(run.code).toBe(1)
    expect(said(run)).toContain('the answer began but its body did not arrive in full within 700 ms')
    expect(said(run)).not.toContain('? ms')
  })
})

describe('hosted registries', () => {
  test("a 429 that names its wait only in the error body (GHCR's way) is waited out", async () => {
    let limited = false
    const registry = await front({
      target: open.host,
      answer: (req, res) => {
        // a HEAD has no body to say it in: the first manifest GET is the case
        if (limited || req.method !== 'GET' || !pathOf(req).includes('/manifests/')) return false
        limited = true
        const message = 'retry-after: 1333.9ms, allowed: 44000/minute'
        return answerJson(req, res, { status: 429, body: { errors: [{ code: 'TOOMANYREQUESTS', message }] } })
      }
    })
    const inputs = await release(open, 'ratelimited', registry.host)

    const run = await runAction(inputs)

    expect([run.code, run.outputs.path]).toEqual([0, 'retag'])
    const seen = registry.seen()
    const first = seen.findIndex((r) => r.method === 'GET' && r.url.includes('/manifests/'))
    const again = seen.findIndex((r, i) => i > first && r.method === seen[first].method && r.url === seen[first].url)
    expect(again).toBeGreaterThan(first)
    expect(seen[again].at - seen[first].at).toBeGreaterThanOrEqual(1334)
  })
})
