// Reuse only what is still fresh: rebuild-if-base-changed and max-age, the bundled action against
// real registries. The commit images live on a registry with Basic auth (the username/password
// inputs); their bases on ANOTHER registry with token auth, reached through a front that records
// every request, so the tests see which credentials went where. Private bases need the docker
// config's credentials of the base registry; `public/` bases are read anonymously.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expectOutcome, resultsOf, runAction, type ActionRun } from '../fixtures/services/action.js'
import { answerJson, pathOf, startFront, type StartedFront } from '../fixtures/services/fronts/front.js'
import { manifestDigest, seedImage, type SeedOptions } from '../fixtures/services/images.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, randomHex, removeDir } from '../fixtures/util.js'

const BASE_NAME = 'org.opencontainers.image.base.name'
const BASE_DIGEST = 'org.opencontainers.image.base.digest'
const CREATED = 'org.opencontainers.image.created'
const DAY = 86_400_000

let images: StartedRegistry
let bases: StartedRegistry
let front: StartedFront
let dir: string
/** A docker config holding the base registry's credentials (under the front's name) and nothing else. */
let dockerConfig: string

beforeAll(async () => {
  ;[images, bases] = await Promise.all([startRegistry({ auth: 'basic' }), startRegistry({ auth: 'token' })])
  front = await startFront({
    target: bases.host,
    // bases that answer what a hosted registry may: no challenge to follow, a refusal, a 404
    answer: (req, res) => {
      const status = /^\/v2\/base\/(unauthorized|denied)\//.exec(pathOf(req))?.[1]
      if (!status) return false
      const code = status === 'denied' ? 'DENIED' : 'UNAUTHORIZED'
      return answerJson(req, res, { status: status === 'denied' ? 403 : 401, body: { errors: [{ code }] } })
    }
  })
  dir = await makeTempDir('freshness')
  dockerConfig = join(dir, 'docker')
  await mkdir(dockerConfig)
  const auth = Buffer.from(`${bases.username}:${bases.password}`).toString('base64')
  await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [front.host]: { auth } } }))
})
afterAll(async () => {
  await Promise.all([images?.stop(), bases?.stop(), front?.stop()])
  await removeDir(dir)
})

/** A base index (amd64, arm64) pushed to the base registry; named by the front, as images record it. */
async function pushBase(repoAndTag: string, salt: string) {
  const seeded = await seedImage(bases.host, repoAndTag, 'oci-index', { salt, creds: credentialsOf(bases) })
  return { ...seeded, name: `${front.host}/${repoAndTag}` }
}

/** A commit image on the image registry. */
function pushImage(app: string, sha: string, opts: SeedOptions = {}) {
  return seedImage(images.host, `fresh/${app}:${sha}`, 'oci-index', {
    salt: sha,
    creds: credentialsOf(images),
    ...opts
  })
}

/** The base as an index records it (buildx `--annotation index:`). */
const recorded = (name: string, digest: string) => ({ [BASE_NAME]: name, [BASE_DIGEST]: digest })

function release(app: string, sha: string, more: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction(
    {
      app,
      version: 'v1.0.0',
      commit: sha,
      image: `${images.host}/fresh/{app}`,
      'on-missing': 'defer',
      ...credentialsOf(images),
      ...more
    },
    { DOCKER_CONFIG: dockerConfig, ...env }
  )
}

const checksOf = (run: ActionRun) => resultsOf(run)[0] as unknown as { checks?: Array<Record<string, string>> }

/** No request to the base registry carried the image registry's password, in any form. */
function expectNoImageCredentialsAtTheBase(): void {
  const { username, password } = credentialsOf(images)
  const basic = Buffer.from(`${username}:${password}`).toString('base64')
  for (const seen of front.seen()) {
    expect(seen.authorization ?? '').not.toContain(basic)
    expect(seen.authorization ?? '').not.toMatch(/^basic/i)
  }
}

describe('rebuild-if-base-changed', () => {
  test('a base re-pushed since the build: rebuilt with the build command, the reason names the base and both digests', async () => {
    const sha = newCommit()
    const tag = `12-${randomHex(4)}`
    const then = await pushBase(`base/os:${tag}`, `then-${sha}`)
    await pushImage('moved', sha, { indexAnnotations: recorded(then.name, then.digest) })
    const now = await pushBase(`base/os:${tag}`, `now-${sha}`)
    const staging = `staging/rebuilt:${sha}`
    const rebuilt = await seedImage(images.host, staging, 'oci-manifest', {
      salt: `new-${sha}`,
      creds: credentialsOf(images)
    })
    const { username, password } = credentialsOf(images)
    const creds = `--src-creds=${username}:${password} --dest-creds=${username}:${password}`
    const build = `skopeo copy --quiet --insecure-policy --src-tls-verify=false --dest-tls-verify=false ${creds} docker://${images.host}/${staging} docker://{image}:{commit-tag}`

    const run = await release('moved', sha, {
      'rebuild-if-base-changed': 'true',
      'on-missing': 'build',
      'build-command': build
    })

    const reason = `base-changed: ${then.name} moved from ${then.digest} to ${now.digest}`
    expectOutcome(run, { code: 0, path: 'build', reason })
    expect(run.stdout).toContain(`not reusing it (${reason}), will build`)
    expect(await manifestDigest(images.host, 'fresh/moved:v1.0.0', credentialsOf(images))).toBe(rebuilt.digest)
    expect(run.summary).toContain('rebuild-if-base-changed: fail')
    expectNoImageCredentialsAtTheBase()
  })

  test('an unchanged base (the index digest recorded): re-tagged, the check reported in result and summary', async () => {
    const sha = newCommit()
    const base = await pushBase(`base/os:same-${randomHex(4)}`, sha)
    const image = await pushImage('same', sha, { indexAnnotations: recorded(base.name, base.digest) })

    const run = await release('same', sha, { 'rebuild-if-base-changed': 'true' })

    expectOutcome(run, { code: 0, path: 'retag', reason: '' })
    expect(await manifestDigest(images.host, 'fresh/same:v1.0.0', credentialsOf(images))).toBe(image.digest)
    expect(checksOf(run).checks).toEqual([
      { check: 'rebuild-if-base-changed', outcome: 'pass', detail: `base unchanged: ${base.name} (${base.digest})` }
    ])
    expect(run.stdout).toContain(`Using credentials for ${front.host} (a base image's registry) from`)
    expect(run.summary).toContain('rebuild-if-base-changed: pass')
    expectNoImageCredentialsAtTheBase()
  })

  test("the platform's base image recorded in each image manifest, read anonymously: unchanged", async () => {
    const sha = newCommit()
    const base = await pushBase(`public/os:child-${randomHex(4)}`, sha)
    // the same annotations on every image: the amd64 child's digest, as a platform build of amd64 records it
    const image = await pushImage('child', sha, {
      platforms: ['linux/amd64'],
      manifestAnnotations: recorded(base.name, base.platformDigests[0])
    })

    const run = await release('child', sha, { 'rebuild-if-base-changed': 'true' }, { DOCKER_CONFIG: join(dir, 'none') })

    expectOutcome(run, { code: 0, path: 'retag', reason: '' })
    expect(run.outputs.digest).toBe(image.digest)
    expect(checksOf(run).checks?.[0]).toMatchObject({ outcome: 'pass' })
    expect(run.stdout).not.toContain("(a base image's registry) from")
  })

  test('a child digest of another platform does not count: rebuilt', async () => {
    const sha = newCommit()
    const base = await pushBase(`public/os:other-${randomHex(4)}`, sha)
    await pushImage('other', sha, {
      platforms: ['linux/amd64'],
      manifestAnnotations: recorded(base.name, base.platformDigests[1])
    })
    const run = await release('other', sha, { 'rebuild-if-base-changed': 'true' })
    const reason = `base-changed: ${base.name} moved from ${base.platformDigests[1]} to ${base.platformDigests[0]}`
    expectOutcome(run, { code: 0, path: 'defer', reason })
  })

  test('an image that records no base: re-tagged, and the log says the check could not apply', async () => {
    const sha = newCommit()
    await pushImage('plain', sha)
    const before = front.seen().length
    const run = await release('plain', sha, { 'rebuild-if-base-changed': 'true' })
    expectOutcome(run, { code: 0, path: 'retag', reason: '' })
    expect(run.stdout).toContain('the image records no base')
    expect(run.stdout).toContain('the check does not apply')
    expect(front.seen()).toHaveLength(before)
  })

  test.each([
    [
      '401 without a challenge',
      'base/unauthorized:1',
      /HTTP 401\. The base registry's credentials come from docker login/
    ],
    ['403', 'base/denied:1', /HTTP 403\. The base registry's credentials/],
    ['404: the base is gone', 'base/gone:1', /the registry has no such image now \(404\)/]
  ])('a base registry answering %s: reused, with a warning naming the base and what happened', async (_n, ref, why) => {
    const sha = newCommit()
    const name = `${front.host}/${ref}`
    await pushImage(`unresolved-${ref.split('/')[1].split(':')[0]}`, sha, {
      indexAnnotations: recorded(name, `sha256:${'0'.repeat(64)}`)
    })
    const run = await release(`unresolved-${ref.split('/')[1].split(':')[0]}`, sha, {
      'rebuild-if-base-changed': 'true'
    })
    expectOutcome(run, { code: 0, path: 'retag', reason: '' })
    const warning = run.stdout
      .split('\n')
      .find((line) => line.startsWith('::warning::Reuse check rebuild-if-base-changed'))
    expect(warning).toContain(`could not resolve the base ${name}: `)
    expect(warning).toMatch(why)
    expect(warning).toContain('reusing the image all the same')
    expect(checksOf(run).checks?.[0]).toMatchObject({ outcome: 'unknown' })
  })

  test('a base name written to hurt: refused before any request, escaped in the log', async () => {
    const sha = newCommit()
    await pushImage('evil', sha, { indexAnnotations: recorded(`${front.host}/x:1\n::error::injected`, 'sha256:1') })
    const before = front.seen().length
    const run = await release('evil', sha, { 'rebuild-if-base-changed': 'true' })
    expectOutcome(run, { code: 0, path: 'retag', reason: '' })
    expect(run.stdout).not.toMatch(/^::error::injected/m)
    expect(run.stdout).toContain('the image records no valid base')
    expect(front.seen()).toHaveLength(before)
  })
})

describe('max-age', () => {
  const daysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString()

  test('the index annotation, older than max-age: not reused (a dry run says so and writes nothing)', async () => {
    const sha = newCommit()
    const built = daysAgo(40)
    await pushImage('old-annotated', sha, { indexAnnotations: { [CREATED]: built }, created: daysAgo(1) })
    const run = await release('old-annotated', sha, { 'max-age': '30d', 'dry-run': 'true', 'on-missing': 'build' })
    const reason = `too-old: built ${built.slice(0, 10)}, max-age 30d`
    expectOutcome(run, { code: 0, path: 'build', reason })
    expect(checksOf(run).checks).toEqual([{ check: 'max-age', outcome: 'fail', detail: reason }])
    expect(await manifestDigest(images.host, 'fresh/old-annotated:v1.0.0', credentialsOf(images))).toBeUndefined()
  })

  test('the config created, within max-age: re-tagged; older: not reused', async () => {
    const [young, old] = [newCommit(), newCommit()]
    await pushImage('config-young', young, { created: daysAgo(1) })
    await pushImage('config-old', old, { created: daysAgo(3) })
    const fresh = await release('config-young', young, { 'max-age': '48h' })
    expectOutcome(fresh, { code: 0, path: 'retag', reason: '' })
    expect(checksOf(fresh).checks?.[0]).toMatchObject({ check: 'max-age', outcome: 'pass' })
    const stale = await release('config-old', old, { 'max-age': '48h' })
    expectOutcome(stale, { code: 0, path: 'defer', reason: `too-old: built ${daysAgo(3).slice(0, 10)}, max-age 48h` })
  })

  test('a reproducible build (created at the epoch) or a time in the future says nothing of the age: not reused', async () => {
    const [epoch, future] = [newCommit(), newCommit()]
    await pushImage('epoch', epoch)
    await pushImage('future', future, { indexAnnotations: { [CREATED]: '2999-01-01T00:00:00Z' } })
    const a = await release('epoch', epoch, { 'max-age': '30d' })
    expectOutcome(a, {
      code: 0,
      path: 'defer',
      reason: 'age-unknown: created at the Unix epoch, a reproducible build placeholder, max-age 30d'
    })
    const b = await release('future', future, { 'max-age': '30d' })
    expectOutcome(b, {
      code: 0,
      path: 'defer',
      reason: 'age-unknown: created 2999-01-01T00:00:00.000Z, in the future, max-age 30d'
    })
  })

  test('a max-age that is no duration fails before any request, naming the input and the format', async () => {
    const run = await release('any', newCommit(), { 'max-age': '30 days' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("Invalid max-age '30 days'. Expected a whole number and a unit")
  })
})
