// Promotion through the bundled action: one commit image released to three repositories on three
// real registries (no auth, htpasswd, token), digest kept, a cosign-style signature carried along.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { access, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { answerJson, pathOf, startFront } from '../fixtures/services/fronts/front.js'
import { expectOutcome, resultsOf, runAction, type ActionResult, type ActionRun } from '../fixtures/services/action.js'
import { rawManifest, seedImage, type SeededImage } from '../fixtures/services/images.js'
import { registryFetch, type Creds } from '../fixtures/services/registry-client.js'
import {
  actionRequests,
  credentialsOf,
  startRegistry,
  type AccessEntry,
  type StartedRegistry
} from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, removeDir, sha256 } from '../fixtures/util.js'
import type { DestinationResult } from '../../src/model.js'

let open: StartedRegistry // no auth
let basic: StartedRegistry // htpasswd: the image registry, with the username/password inputs
let token: StartedRegistry // token auth: credentials from docker's config.json only
let dockerConfig: string

beforeAll(async () => {
  ;[open, basic, token] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: 'basic' }),
    startRegistry({ auth: 'token' })
  ])
  dockerConfig = await makeTempDir('promotion-docker-config')
  const auth = Buffer.from(`${token.username}:${token.password}`).toString('base64')
  await mkdir(dockerConfig, { recursive: true })
  await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [token.host]: { auth } } }))
}, 60_000)
afterAll(async () => {
  await Promise.all([open?.stop(), basic?.stop(), token?.stop()])
  await removeDir(dockerConfig)
})

const basicCreds = (): Creds => credentialsOf(basic)
const tokenCreds = (): Creds => credentialsOf(token)

/** The three destinations of an app: another repository of the image registry, and one on each other registry. */
function destinations(app: string) {
  return [
    { registry: basic, repo: `rel/${app}`, creds: basicCreds() },
    { registry: open, repo: `rel/${app}`, creds: undefined },
    { registry: token, repo: `acme/${app}`, creds: tokenCreds() }
  ]
}

const toInput = (): string => `${basic.host}/rel/{app}\n${open.host}/rel/{app}, ${token.host}/acme/{app}`

function promote(app: string, sha: string, more: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    {
      app,
      version: 'v1.2.3',
      commit: sha,
      image: `${basic.host}/ci/{app}`,
      to: toInput(),
      ...basicCreds(),
      ...more
    },
    { DOCKER_CONFIG: dockerConfig }
  )
}

/** PUTs one blob through the registry API, with the credentials the registry asks for. */
async function pushBlob(host: string, repo: string, bytes: Buffer, creds?: Creds): Promise<string> {
  const digest = sha256(bytes)
  const scopes = [`repository:${repo}:pull,push`]
  const start = await registryFetch(host, `/v2/${repo}/blobs/uploads/`, { method: 'POST', creds, scopes })
  await start.arrayBuffer()
  const location = new URL(start.headers.get('location') ?? '', `http://${host}`)
  location.searchParams.set('digest', digest)
  const done = await registryFetch(host, `${location.pathname}${location.search}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
    creds,
    scopes
  })
  if (done.status !== 201) throw new Error(`blob upload to ${repo}: ${done.status} ${await done.text()}`)
  await done.arrayBuffer()
  return digest
}

/** A cosign-style signature of `digest`: an OCI manifest under the tag `sha256-<hex>.sig`. */
async function signImage(host: string, repo: string, digest: string, creds: Creds): Promise<string> {
  const config = Buffer.from('{}')
  const payload = Buffer.from(JSON.stringify({ critical: { image: { 'docker-manifest-digest': digest } } }))
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: await pushBlob(host, repo, config, creds),
        size: config.length
      },
      layers: [
        {
          mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
          digest: await pushBlob(host, repo, payload, creds),
          size: payload.length,
          annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ-test-signature' }
        }
      ]
    })
  )
  const res = await registryFetch(host, `/v2/${repo}/manifests/${signatureTag(digest)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
    creds
  })
  if (res.status !== 201) throw new Error(`signing ${repo}: ${res.status} ${await res.text()}`)
  await res.arrayBuffer()
  return sha256(manifest)
}

const signatureTag = (digest: string): string => `sha256-${digest.slice('sha256:'.length)}.sig`

/** Requests that write: none may appear where nothing is to be written. */
const writes = (entries: AccessEntry[]): AccessEntry[] =>
  entries.filter((e) => ['PUT', 'POST', 'PATCH', 'DELETE'].includes(e.method))

async function resetAll(): Promise<void> {
  await Promise.all([open.reset(), basic.reset(), token.reset()])
}

/** A commit image (2-platform index) in the image registry, signed. */
async function commitImage(app: string, sha: string): Promise<SeededImage & { signature: string }> {
  const seeded = await seedImage(basic.host, `ci/${app}:${sha}`, 'oci-index', { salt: app + sha, creds: basicCreds() })
  const signature = await signImage(basic.host, `ci/${app}`, seeded.digest, basicCreds())
  return { ...seeded, signature }
}

describe('promotion to three registries', () => {
  const app = 'promoted'
  const sha = newCommit()
  let seeded: SeededImage & { signature: string }
  let first: ActionRun

  beforeAll(async () => {
    seeded = await commitImage(app, sha)
    await resetAll()
    first = await promote(app, sha)
  }, 120_000)

  test('v1.2.3 is published everywhere from the commit image, one digest, the platforms and the signature along', async () => {
    expectOutcome(first, { code: 0, path: 'retag' })
    expect(first.outputs.digest).toBe(seeded.digest)
    for (const { registry, repo, creds } of destinations(app)) {
      const tagged = await rawManifest(registry.host, `${repo}:v1.2.3`, creds)
      expect(tagged?.digest).toBe(seeded.digest)
      for (const platform of seeded.platformDigests)
        expect((await rawManifest(registry.host, `${repo}@${platform}`, creds))?.digest).toBe(platform)
      const signature = await rawManifest(registry.host, `${repo}:${signatureTag(seeded.digest)}`, creds)
      expect(signature?.digest).toBe(seeded.signature)
    }
    const expected = destinations(app).flatMap(({ registry, repo }) =>
      ['v1.2.3', 'latest'].map((tag) => `${registry.host}/${repo}:${tag}`)
    )
    expect(first.outputs.tags.split('\n')).toEqual(expected)
    // the image registry's own repository keeps only its commit tag
    expect(await rawManifest(basic.host, `ci/${app}:v1.2.3`, basicCreds())).toBeUndefined()
  })

  test('result and summary: one entry and one row per destination; mounts within a registry, copies across', async () => {
    const [result] = promotedResults(first)
    expect(result.destinations.map((d) => d.repository)).toEqual(
      destinations(app).map(({ registry, repo }) => `${registry.host}/${repo}`)
    )
    const [sameRegistry, plain, tokened] = result.destinations
    expect(sameRegistry.blobs.mounted).toBeGreaterThan(0)
    expect(sameRegistry.blobs.copied).toBe(0)
    expect(sameRegistry.bytes).toBe(0)
    for (const other of [plain, tokened]) {
      expect(other.blobs.copied).toBeGreaterThan(0)
      expect(other.bytes).toBeGreaterThan(0)
    }
    for (const d of result.destinations) {
      expect(d.referrers).toBe(1)
      expect(d.written).toEqual([`${d.repository}:v1.2.3`, `${d.repository}:latest`])
      expect(d.error).toBeUndefined()
      expect(first.summary).toContain(`<code>${d.repository}</code>`)
    }
    // the other repository of the image registry got mounts from the commit image's: no blob uploaded to it
    const toSameRegistry = actionRequests(basic.requests()).filter((r) => r.path.startsWith(`/v2/rel/${app}/blobs/`))
    const mounts = toSameRegistry.filter((r) => r.method === 'POST' && r.query.includes(`from=ci%2F${app}`))
    expect(mounts.length).toBe(sameRegistry.blobs.mounted)
    expect(mounts.every((r) => r.status === 201)).toBe(true)
    expect(toSameRegistry.filter((r) => r.method === 'PUT' || r.method === 'PATCH')).toEqual([])
  })

  test('the username/password inputs went to the image registry only; the token registry used docker config', () => {
    expect(first.stdout).toContain(`Using credentials for ${basic.host} from inputs`)
    expect(first.stdout).toMatch(
      new RegExp(`Using credentials for ${token.host.replace(/\./g, '\\.')} from .*config\\.json`)
    )
  })

  test('releasing again changes nothing: no write anywhere, written empty', async () => {
    await resetAll()
    const again = await promote(app, sha)
    expectOutcome(again, { code: 0, path: 'retag' })
    const [result] = promotedResults(again)
    expect(result.written).toEqual([])
    for (const d of result.destinations) expect(d.written).toEqual([])
    for (const registry of [open, basic, token]) expect(writes(await registry.settledRequests())).toEqual([])
  })
})

/** The `result` output with the destinations of each app. */
const promotedResults = (run: ActionRun) =>
  resultsOf(run) as Array<ActionResult & { destinations: DestinationResult[] }>

test('a version tag on other bits at one destination fails the step with nothing written anywhere', async () => {
  const app = 'conflicted'
  const sha = newCommit()
  await commitImage(app, sha)
  const other = await seedImage(token.host, `acme/${app}:v1.2.3`, 'oci-manifest', {
    salt: `other${sha}`,
    creds: tokenCreds()
  })
  await resetAll()

  const run = await promote(app, sha)

  expectOutcome(run, { code: 1, path: 'fail' })
  expect(run.outputs.reason).toContain(`${token.host}/acme/${app}:v1.2.3 already points at ${other.digest}`)
  expect(run.outputs.reason).toContain('nothing was written')
  expect(run.outputs.tags).toBe('')
  for (const registry of [open, basic, token]) expect(writes(await registry.settledRequests())).toEqual([])
  expect(await rawManifest(basic.host, `rel/${app}:v1.2.3`, basicCreds())).toBeUndefined()
  expect(await rawManifest(open.host, `rel/${app}:v1.2.3`)).toBeUndefined()
  expect((await rawManifest(token.host, `acme/${app}:v1.2.3`, tokenCreds()))?.digest).toBe(other.digest)
})

test('the build path promotes too: the build pushes to image, the release goes to every destination', async () => {
  const app = 'built'
  const sha = newCommit()
  const staged = await seedImage(basic.host, `staging/${app}:${sha}`, 'oci-index', {
    salt: `staged${sha}`,
    creds: basicCreds()
  })
  const { username, password } = basicCreds()
  const auth = `--src-creds=${username}:${password} --dest-creds=${username}:${password}`
  const push = `skopeo copy --all --quiet --insecure-policy --src-tls-verify=false --dest-tls-verify=false ${auth} docker://${basic.host}/staging/${app}:$COMMIT docker://$IMAGE:$COMMIT_TAG`

  const run = await promote(app, sha, { 'build-command': `bash -c '${push}'` })

  expectOutcome(run, { code: 0, path: 'build', reason: 'not-found' })
  expect(run.outputs.digest).toBe(staged.digest)
  expect((await rawManifest(basic.host, `ci/${app}:${sha}`, basicCreds()))?.digest).toBe(staged.digest)
  for (const { registry, repo, creds } of destinations(app))
    expect((await rawManifest(registry.host, `${repo}:v1.2.3`, creds))?.digest).toBe(staged.digest)
})

test('a destination that fails after writing began is reported for itself; the others keep their tags, no rebuild', async () => {
  const app = 'halfway'
  const sha = newCommit()
  const seeded = await commitImage(app, sha)
  // the plain registry behind a front that refuses the version tag's manifest PUT
  const refused: string[] = []
  let frontHost = ''
  const front = await startFront({
    target: open.host,
    // upload locations name the front, so blob uploads go through it too (and succeed)
    rewrite: (name, value) =>
      name.toLowerCase() === 'location' ? value.replace(`//${open.host}/`, `//${frontHost}/`) : value,
    answer: (req, res) => {
      if (req.method !== 'PUT' || pathOf(req) !== `/v2/rel/${app}/manifests/v1.2.3`) return false
      refused.push(req.url ?? '')
      return answerJson(req, res, { status: 500, body: { errors: [{ code: 'UNKNOWN', message: 'storage down' }] } })
    }
  })
  frontHost = front.host
  const marker = join(dockerConfig, `built-${app}`)
  try {
    await resetAll()
    const run = await promote(app, sha, {
      to: `${basic.host}/rel/{app}\n${front.host}/rel/{app}\n${token.host}/acme/{app}`,
      'build-command': `bash -c 'touch ${marker}; exit 97'`
    })

    expectOutcome(run, { code: 1, path: 'fail' })
    expect(refused.length).toBeGreaterThan(0)
    expect(run.outputs.reason).toMatch(/not rebuilding/i)
    await expect(access(marker)).rejects.toThrow()
    const [result] = promotedResults(run)
    const byRepo = new Map(result.destinations.map((d) => [d.repository, d]))
    const failed = byRepo.get(`${front.host}/rel/${app}`)
    expect(failed?.error).toContain(`${front.host}/rel/${app}:v1.2.3`)
    expect(failed?.error).toContain('storage down')
    expect(failed?.written).toEqual([])
    expect(run.outputs.reason).toContain(`${front.host}/rel/${app}`)
    expect(run.summary).toContain(`<code>${front.host}/rel/${app}</code>`)
    for (const { registry, repo, creds } of [
      { registry: basic, repo: `rel/${app}`, creds: basicCreds() },
      { registry: token, repo: `acme/${app}`, creds: tokenCreds() }
    ]) {
      const d = byRepo.get(`${registry.host}/${repo}`)
      expect(d?.error).toBeUndefined()
      expect(d?.written).toEqual([`${registry.host}/${repo}:v1.2.3`, `${registry.host}/${repo}:latest`])
      // nothing rolled back: the tag is there, on the commit image's digest
      expect((await rawManifest(registry.host, `${repo}:v1.2.3`, creds))?.digest).toBe(seeded.digest)
    }
    // behind the front, the image itself arrived; only its version tag was refused
    expect((await rawManifest(open.host, `rel/${app}@${seeded.digest}`))?.digest).toBe(seeded.digest)
    expect(await rawManifest(open.host, `rel/${app}:v1.2.3`)).toBeUndefined()
    expect(writes(await basic.settledRequests()).some((e) => e.path === `/v2/rel/${app}/manifests/v1.2.3`)).toBe(true)
  } finally {
    await front.stop()
    await rm(marker, { force: true })
  }
})

test('a dry run to two other registries says what each would get and writes nothing anywhere', async () => {
  const app = 'rehearsed'
  const sha = newCommit()
  const seeded = await commitImage(app, sha)
  await resetAll()

  const run = await promote(app, sha, { to: `${open.host}/rel/{app}\n${token.host}/acme/{app}`, 'dry-run': 'true' })

  expectOutcome(run, { code: 0, path: 'retag' })
  expect(run.outputs.digest).toBe(seeded.digest)
  const [result] = promotedResults(run)
  expect(result.dryRun).toBe(true)
  const repos = [`${open.host}/rel/${app}`, `${token.host}/acme/${app}`]
  expect(result.destinations.map((d) => d.repository)).toEqual(repos)
  for (const d of result.destinations) {
    expect(d.error).toBeUndefined()
    expect(d.written).toEqual([`${d.repository}:v1.2.3`, `${d.repository}:latest`])
  }
  const wouldWrite = repos.flatMap((r) => [`${r}:v1.2.3`, `${r}:latest`])
  expect(result.written).toEqual(wouldWrite)
  expect(run.outputs.tags.split('\n')).toEqual(wouldWrite)
  expect(run.summary).toContain('dry run: nothing written')
  for (const ref of wouldWrite) expect(run.summary).toContain(`<code>${ref}</code> (would write)`)
  // the destinations were looked at (reads only); nothing was written anywhere, the image registry included
  for (const registry of [open, token]) {
    const seen = await registry.settledRequests()
    expect(seen.some((e) => e.path.startsWith('/v2/'))).toBe(true)
    expect(seen.every((e) => e.method === 'GET' || e.method === 'HEAD')).toBe(true)
  }
  expect(writes(await basic.settledRequests())).toEqual([])
  expect(await rawManifest(open.host, `rel/${app}:v1.2.3`)).toBeUndefined()
  expect(await rawManifest(token.host, `acme/${app}:v1.2.3`, tokenCreds())).toBeUndefined()
})
