// Release safety against a real CNCF Distribution registry: immutable version and extra tags,
// `latest: auto`, tag-list pagination, write order, idempotent re-runs, the reuse checks
// (platforms, verify-revision) and dry runs. One registry for the file; every test uses its own
// repository, so tests never see each other's tags.
//
// Pagination: Distribution 2.8 ignores `n`/`last` on tags/list, so a paging proxy in front of it
// (fixtures/services/proxies/paging.ts) exercises the client's Link handling against the real registry.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RegistryClient } from '../../src/oci/client.js'
import { parseRepository } from '../../src/oci/reference.js'
import { Transport } from '../../src/oci/transport.js'
import { resultsOf, runAction, type ActionResult, type ActionRun } from '../fixtures/services/action.js'
import { startPagingProxy, type PagingProxy } from '../fixtures/services/proxies/paging.js'
import { rawManifest, seedImage, type ImageKind, type RawManifest } from '../fixtures/services/images.js'
import { registryFetch } from '../fixtures/services/registry-client.js'
import { actionRequests, startRegistry, type AccessEntry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit, randomHex } from '../fixtures/util.js'

let registry: StartedRegistry
let proxy: PagingProxy

/** Tags per page the proxy answers at most, whatever `n` the client asks for. */
const MAX_PAGE = 10

beforeAll(async () => {
  registry = await startRegistry()
  proxy = await startPagingProxy(registry.host, MAX_PAGE)
})
afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
})

const WRITE_METHODS = new Set(['PUT', 'POST', 'PATCH', 'DELETE'])
const writesIn = (requests: AccessEntry[]): AccessEntry[] => requests.filter((r) => WRITE_METHODS.has(r.method))
const digestOf = async (repoAndTag: string): Promise<string | undefined> =>
  (await rawManifest(registry.host, repoAndTag))?.digest

const resultOf = (run: ActionRun): ActionResult => {
  const results = resultsOf(run)
  expect(results).toHaveLength(1)
  return results[0]
}

/** Inputs for app `app` in repository `<registry>/safety/<app>`. */
const inputsFor = (
  app: string,
  sha: string,
  version: string,
  more: Record<string, string> = {}
): Record<string, string> => ({
  app,
  version,
  commit: sha,
  image: `${registry.host}/safety/{app}`,
  ...more
})

/** Points more tags at an existing manifest (same bytes, so same digest) without skopeo. */
async function putTags(repo: string, manifest: RawManifest, tags: string[]): Promise<void> {
  await Promise.all(
    tags.map(async (tag) => {
      const res = await registryFetch(registry.host, `/v2/${repo}/manifests/${tag}`, {
        method: 'PUT',
        headers: { 'content-type': manifest.mediaType },
        body: manifest.bytes
      })
      const text = await res.text()
      if (res.status !== 201) throw new Error(`PUT ${repo}:${tag}: ${res.status} ${text}`)
    })
  )
}

describe('immutable version tags', () => {
  test('a version tag on another commit is refused, names both digests, writes nothing; allow-overwrite moves it', async () => {
    const [shaA, shaB] = [newCommit(), newCommit()]
    const app = 'immutable'
    const repo = `safety/${app}`
    const ref = `${registry.host}/${repo}`
    const a = await seedImage(registry.host, `${repo}:${shaA}`, 'oci-index', { salt: shaA })
    const b = await seedImage(registry.host, `${repo}:${shaB}`, 'oci-index', { salt: shaB })
    expect(a.digest).not.toBe(b.digest)

    const first = await runAction(inputsFor(app, shaA, 'v2.0.0'))
    expect(first.code).toBe(0)
    expect(first.outputs.path).toBe('retag')
    expect(await digestOf(`${repo}:v2.0.0`)).toBe(a.digest)
    expect(await digestOf(`${repo}:latest`)).toBe(a.digest)
    await registry.reset()

    const refused = await runAction(inputsFor(app, shaB, 'v2.0.0'))

    const requests = await registry.settledRequests()
    expect(writesIn(requests)).toEqual([])
    expect(refused.code).toBe(1)
    expect(refused.outputs.path).toBe('fail')
    expect(refused.outputs.retagged).toBe('false')
    const reason = refused.outputs.reason
    expect(reason).toContain(`${ref}:v2.0.0 already points at ${a.digest}`)
    expect(reason).toContain(b.digest)
    expect(reason).toContain('nothing was written')
    expect(reason).toContain('allow-overwrite')
    expect(refused.stdout).toContain(`::error::${app}: ${ref}:v2.0.0 already points at ${a.digest}`)
    expect(resultOf(refused)).toMatchObject({ path: 'fail', written: [], tags: [] })
    // nothing moved
    expect(await digestOf(`${repo}:v2.0.0`)).toBe(a.digest)
    expect(await digestOf(`${repo}:latest`)).toBe(a.digest)

    const forced = await runAction(inputsFor(app, shaB, 'v2.0.0', { 'allow-overwrite': 'true' }))

    expect(forced.code).toBe(0)
    expect(forced.outputs.path).toBe('retag')
    expect(forced.outputs.digest).toBe(b.digest)
    expect(forced.stdout).toContain(`::warning::Moving ${ref}:v2.0.0 from ${a.digest} to ${b.digest} (allow-overwrite)`)
    expect(resultOf(forced).written).toEqual(expect.arrayContaining([`${ref}:v2.0.0`]))
    expect(await digestOf(`${repo}:v2.0.0`)).toBe(b.digest)
    // v2.0.0 is (still) the highest version: latest follows it
    expect(await digestOf(`${repo}:latest`)).toBe(b.digest)
    // the other commit's own tag is untouched
    expect(await digestOf(`${repo}:${shaA}`)).toBe(a.digest)
  })

  test('an extra tag on another digest is refused too, and then not even the version tag is written', async () => {
    const [shaA, shaB] = [newCommit(), newCommit()]
    const app = 'extra-conflict'
    const repo = `safety/${app}`
    const ref = `${registry.host}/${repo}`
    const a = await seedImage(registry.host, `${repo}:${shaA}`, 'oci-manifest', { salt: shaA })
    const b = await seedImage(registry.host, `${repo}:${shaB}`, 'oci-manifest', { salt: shaB })
    expect((await runAction(inputsFor(app, shaA, 'v1.0.0', { tags: 'stable' }))).code).toBe(0)
    expect(await digestOf(`${repo}:stable`)).toBe(a.digest)
    await registry.reset()

    const refused = await runAction(inputsFor(app, shaB, 'v1.1.0', { tags: 'stable,{short}' }))

    expect(writesIn(await registry.settledRequests())).toEqual([])
    expect(refused.code).toBe(1)
    expect(refused.outputs.path).toBe('fail')
    expect(refused.outputs.reason).toContain(`${ref}:stable already points at ${a.digest}`)
    expect(refused.outputs.reason).toContain(b.digest)
    expect(refused.outputs.reason).toContain('nothing was written')
    // no tag at all was written: not the version, not the other extra tag, not latest
    expect(await digestOf(`${repo}:v1.1.0`)).toBeUndefined()
    expect(await digestOf(`${repo}:${shaB.slice(0, 7)}`)).toBeUndefined()
    expect(await digestOf(`${repo}:stable`)).toBe(a.digest)
    expect(await digestOf(`${repo}:latest`)).toBe(a.digest)
  })
})

describe('latest: auto (the default)', () => {
  test('follows the highest stable version: not back to a lower one, not to a pre-release', async () => {
    const app = 'latest-auto'
    const repo = `safety/${app}`
    const shas = [newCommit(), newCommit(), newCommit(), newCommit()]
    const seeded = []
    for (const sha of shas) seeded.push(await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha }))
    const latest = (): Promise<string | undefined> => digestOf(`${repo}:latest`)

    const v200 = await runAction(inputsFor(app, shas[0], 'v2.0.0'))
    expect(v200.code).toBe(0)
    expect(await latest()).toBe(seeded[0].digest)
    expect(resultOf(v200).latest).toBe('latest follows v2.0.0: the first version')

    const v191 = await runAction(inputsFor(app, shas[1], 'v1.9.1'))
    expect(v191.code).toBe(0)
    expect(v191.outputs.path).toBe('retag')
    expect(await digestOf(`${repo}:v1.9.1`)).toBe(seeded[1].digest)
    expect(await latest()).toBe(seeded[0].digest)
    const lower = 'latest is left alone: v1.9.1 is lower than v2.0.0, already released'
    expect(v191.stdout).toContain(lower)
    expect(v191.summary).toContain(lower)
    expect(resultOf(v191).latest).toBe(lower)
    expect(resultOf(v191).written).toEqual([`${registry.host}/${repo}:v1.9.1`])

    const v210 = await runAction(inputsFor(app, shas[2], 'v2.1.0'))
    expect(v210.code).toBe(0)
    expect(await latest()).toBe(seeded[2].digest)
    expect(v210.stdout).toContain('latest follows v2.1.0: the highest version so far (previous highest v2.0.0)')

    const rc = await runAction(inputsFor(app, shas[3], 'v3.0.0-rc.1'))
    expect(rc.code).toBe(0)
    expect(await digestOf(`${repo}:v3.0.0-rc.1`)).toBe(seeded[3].digest)
    expect(await latest()).toBe(seeded[2].digest)
    expect(rc.stdout).toContain('latest is left alone: v3.0.0-rc.1 is a pre-release')
    expect(rc.summary).toContain('v3.0.0-rc.1 is a pre-release')
  })
})

describe('tag list pagination', () => {
  test('the proxy pages the real registry as the spec says (self-check)', async () => {
    const repo = 'safety/proxy-check'
    const sha = newCommit()
    await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    const manifest = (await rawManifest(registry.host, `${repo}:${sha}`))!
    await putTags(repo, manifest, ['t1', 't2', 't3'])

    const direct = await fetch(`http://${registry.host}/v2/${repo}/tags/list?n=2`)
    expect(direct.headers.get('link')).toBeNull() // Distribution 2.8 ignores n: why the proxy exists
    expect(((await direct.json()) as { tags: string[] }).tags).toHaveLength(4)

    const page = await fetch(`http://${proxy.host}/v2/${repo}/tags/list?n=2`)
    expect(((await page.json()) as { tags: string[] }).tags).toEqual([sha, 't1'])
    expect(page.headers.get('link')).toMatch(/^<\/v2\/safety\/proxy-check\/tags\/list\?n=2&last=[^>]+>; rel="next"$/)
  })

  test('RegistryClient.listTags(5) follows Link through 5 pages and returns all 23 tags', async () => {
    const repo = 'safety/pages-client'
    const sha = newCommit()
    await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    const manifest = (await rawManifest(registry.host, `${repo}:${sha}`))!
    const more = Array.from({ length: 22 }, (_, i) => `tag-${String(i).padStart(2, '0')}`)
    await putTags(repo, manifest, more)
    await registry.reset()

    const client = new RegistryClient(new Transport({ registry: proxy.host }), parseRepository(`${proxy.host}/${repo}`))
    const tags = await client.listTags(5)

    expect(tags).toHaveLength(23)
    expect([...tags].sort()).toEqual([sha, ...more].sort())
    expect(new Set(tags).size).toBe(23)
    const pages = (await registry.settledRequests()).filter(
      (r) => r.method === 'GET' && r.path === `/v2/${repo}/tags/list`
    )
    expect(pages).toHaveLength(5)
    expect(pages.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(pages[0].query).toBe('n=5')
    for (const later of pages.slice(1)) expect(later.query).toMatch(/^n=5&last=/)
  })

  test('the action reads every page after v: the highest version on the last page keeps latest', async () => {
    const app = 'paged'
    const repo = `safety/${app}`
    const [sha, other] = [newCommit(), newCommit()]
    const seeded = await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    await seedImage(registry.host, `${repo}:${other}`, 'oci-manifest', { salt: other })
    const old = (await rawManifest(registry.host, `${repo}:${other}`))!
    // after `v`: 26 builds, v1.0.0 and v9.0.0, 3 pages of at most 10 (latest and the commit tags
    // sort before `v`); v9.0.0 sorts last, so only the last page shows the highest version
    const builds = Array.from({ length: 26 }, (_, i) => `v0-build-${String(i).padStart(2, '0')}`)
    await putTags(repo, old, [...builds, 'v1.0.0', 'v9.0.0', 'latest'])
    const firstPage = await fetch(`http://${proxy.host}/v2/${repo}/tags/list?n=1000`)
    expect(((await firstPage.json()) as { tags: string[] }).tags).not.toContain('v9.0.0')
    await registry.reset()

    const run = await runAction({ ...inputsFor(app, sha, 'v5.0.0'), image: `${proxy.host}/safety/{app}` })

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(await digestOf(`${repo}:v5.0.0`)).toBe(seeded.digest)
    expect(await digestOf(`${repo}:latest`)).toBe(old.digest)
    expect(run.stdout).toContain('latest is left alone: v5.0.0 is lower than v9.0.0, already released')
    const lists = (await registry.settledRequests()).filter((r) => r.path === `/v2/${repo}/tags/list`)
    expect(lists.map((r) => r.method)).toEqual(['GET', 'GET', 'GET'])
    expect(lists[0].query).toBe('n=1000&last=v')
    expect(actionRequests(lists)).toEqual(lists)
  })

  test('without the proxy the action asks tags/list?n=1000&last=v of the registry', async () => {
    const app = 'paged-direct'
    const repo = `safety/${app}`
    const sha = newCommit()
    await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    await putTags(
      repo,
      (await rawManifest(registry.host, `${repo}:${sha}`))!,
      Array.from({ length: 29 }, (_, i) => `v0.${i}.0`)
    )
    await registry.reset()

    const run = await runAction(inputsFor(app, sha, 'v1.0.0'))

    expect(run.code).toBe(0)
    const lists = (await registry.settledRequests()).filter((r) => r.path === `/v2/${repo}/tags/list`)
    // once to decide where latest goes, once after writing it to see whether a higher version came meanwhile
    expect(lists.map((r) => `${r.method} ${r.query} ${r.status}`)).toEqual([
      'GET n=1000&last=v 200',
      'GET n=1000&last=v 200'
    ])
    expect(run.stdout).toContain('latest follows v1.0.0: the highest version so far (previous highest v0.28.0)')
  })

  test('commit tags are not read for a v-prefixed version; a version without prefix reads every page', async () => {
    const app = 'paged-commits'
    const repo = `safety/${app}`
    const [sha, other] = [newCommit(), newCommit()]
    await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    await seedImage(registry.host, `${repo}:${other}`, 'oci-manifest', { salt: other })
    const commits = Array.from({ length: 40 }, (_, i) => (i % 2 ? `sha-${newCommit().slice(0, 7)}` : newCommit()))
    await putTags(repo, (await rawManifest(registry.host, `${repo}:${sha}`))!, [...commits, '3.0.0', 'v1.0.0'])
    const pagesOf = async (version: string, commit: string): Promise<{ pages: string[]; stdout: string }> => {
      await registry.reset()
      const run = await runAction({ ...inputsFor(app, commit, version), image: `${proxy.host}/safety/{app}` })
      expect(run.code).toBe(0)
      const lists = (await registry.settledRequests()).filter((r) => r.path === `/v2/${repo}/tags/list`)
      return { pages: lists.map((r) => r.query), stdout: run.stdout }
    }

    // the unprefixed 3.0.0 sorts before `v`: a v-prefixed version is compared with v-prefixed ones
    // (twice: before the writes, and the re-check after writing latest)
    expect((await pagesOf('v2.0.0', sha)).pages).toEqual(['n=1000&last=v', 'n=1000&last=v'])
    expect(await digestOf(`${repo}:latest`)).toBe(await digestOf(`${repo}:${sha}`))
    // 46 tags by now, 5 pages of at most 10; 3.0.0 is among them and keeps latest where it is
    const bare = await pagesOf('2.5.0', other)
    expect(bare.pages).toHaveLength(5)
    expect(bare.pages[0]).toBe('n=1000')
    expect(bare.stdout).toContain('latest is left alone: 2.5.0 is lower than 3.0.0, already released')
    expect(await digestOf(`${repo}:latest`)).toBe(await digestOf(`${repo}:${sha}`))
  })
})

describe('write order and re-runs', () => {
  test('version first, then the extra tags (together), then latest', async () => {
    const app = 'order'
    const repo = `safety/${app}`
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `${repo}:${sha}`, 'oci-index', { salt: sha })
    await registry.reset()

    const run = await runAction(inputsFor(app, sha, 'v1.0.0', { tags: 'extra1,extra2' }))

    expect(run.code).toBe(0)
    const puts = (await registry.settledRequests()).filter((r) => r.method === 'PUT')
    const order = puts.map((r) => r.path.replace(`/v2/${repo}/manifests/`, ''))
    expect(order[0]).toBe('v1.0.0')
    expect(order.slice(1, 3).sort()).toEqual(['extra1', 'extra2'])
    expect(order[3]).toBe('latest')
    expect(order).toHaveLength(4)
    expect(puts.every((r) => r.status === 201)).toBe(true)
    expect(resultOf(run).written).toEqual(
      ['v1.0.0', 'extra1', 'extra2', 'latest'].map((t) => `${registry.host}/${repo}:${t}`)
    )
    for (const tag of ['v1.0.0', 'extra1', 'extra2', 'latest'])
      expect(await digestOf(`${repo}:${tag}`)).toBe(seeded.digest)
  })

  test('the same release twice: the second run re-tags nothing and writes nothing', async () => {
    const app = 'idempotent'
    const repo = `safety/${app}`
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    const inputs = inputsFor(app, sha, 'v3.1.4', { tags: '{short}' })
    expect((await runAction(inputs)).code).toBe(0)
    await registry.reset()

    const again = await runAction(inputs)

    expect(writesIn(await registry.settledRequests())).toEqual([])
    expect(again.code).toBe(0)
    expect(again.outputs.path).toBe('retag')
    expect(again.outputs.digest).toBe(seeded.digest)
    expect(resultOf(again).written).toEqual([])
    expect(again.outputs.tags.split('\n')).toEqual(
      [sha, 'v3.1.4', sha.slice(0, 7), 'latest'].map((t) => `${registry.host}/${repo}:${t}`)
    )
    expect(again.stdout).toContain(`${registry.host}/${repo}:v3.1.4 already points at ${seeded.digest}`)
  })
})

describe('reuse checks', () => {
  /** A build that really pushes: copies a prepared image to {image}:{commit-tag}. */
  const pushingBuild = (staging: string): string =>
    `skopeo copy --quiet --all --insecure-policy --src-tls-verify=false --dest-tls-verify=false --src-no-creds --dest-no-creds docker://${registry.host}/${staging} docker://{image}:{commit-tag}`

  test('platforms: a 2-platform oci-index with both is re-tagged', async () => {
    const app = 'plat-index'
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `safety/${app}:${sha}`, 'oci-index', { salt: sha })

    const run = await runAction(inputsFor(app, sha, 'v1.0.0', { platforms: 'linux/amd64,linux/arm64' }))

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.reason).toBe('')
    expect(await digestOf(`safety/${app}:v1.0.0`)).toBe(seeded.digest)
  })

  test('platforms: a single linux/amd64 oci-manifest is re-tagged when only amd64 is required', async () => {
    const app = 'plat-single-ok'
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `safety/${app}:${sha}`, 'oci-manifest', { salt: sha })

    const run = await runAction(inputsFor(app, sha, 'v1.0.0', { platforms: 'linux/amd64' }))

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(await digestOf(`safety/${app}:v1.0.0`)).toBe(seeded.digest)
  })

  test('platforms: a single linux/amd64 oci-manifest lacks arm64, so the build runs and its image is tagged', async () => {
    const app = 'plat-single'
    const repo = `safety/${app}`
    const sha = newCommit()
    const single = await seedImage(registry.host, `${repo}:${sha}`, 'oci-manifest', { salt: sha })
    const prepared = await seedImage(registry.host, `safety-staging/${app}:${sha}`, 'oci-index', {
      salt: `${sha}-rebuilt`
    })

    const run = await runAction(
      inputsFor(app, sha, 'v1.0.0', {
        platforms: 'linux/amd64,linux/arm64',
        'build-command': pushingBuild(`safety-staging/${app}:{commit}`)
      })
    )

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toBe('missing-platform: linux/arm64')
    expect(run.stdout).toContain(
      `Found ${registry.host}/${repo}:${sha} but not reusing it (missing-platform: linux/arm64), will build`
    )
    expect(resultOf(run)).toMatchObject({
      path: 'build',
      reason: 'missing-platform: linux/arm64',
      digest: prepared.digest
    })
    expect(prepared.digest).not.toBe(single.digest)
    for (const tag of [sha, 'v1.0.0', 'latest']) expect(await digestOf(`${repo}:${tag}`)).toBe(prepared.digest)
  })

  test('platforms: an oci-index of amd64 and arm/v7 lacks arm64', async () => {
    const app = 'plat-index-missing'
    const sha = newCommit()
    await seedImage(registry.host, `safety/${app}:${sha}`, 'oci-index', {
      salt: sha,
      platforms: ['linux/amd64', 'linux/arm/v7']
    })

    const run = await runAction(
      inputsFor(app, sha, 'v1.0.0', { platforms: 'linux/amd64,linux/arm64', 'build-command': 'false' })
    )

    expect(run.code).toBe(1)
    expect(run.outputs.path).toBe('fail')
    expect(run.outputs.reason.startsWith('missing-platform: linux/arm64;')).toBe(true)
    expect(run.outputs.reason).toContain('build failed')
    expect(await digestOf(`safety/${app}:v1.0.0`)).toBeUndefined()
  })

  describe.each<[ImageKind]>([['oci-index'], ['oci-manifest']])('verify-revision on an %s', (kind) => {
    const slug = kind === 'oci-index' ? 'idx' : 'man'

    test('revision label = the commit: re-tagged', async () => {
      const app = `rev-match-${slug}`
      const sha = newCommit()
      const seeded = await seedImage(registry.host, `safety/${app}:${sha}`, kind, { salt: sha, revision: sha })

      const run = await runAction(
        inputsFor(app, sha, 'v1.0.0', { 'verify-revision': 'true', 'build-command': 'false' })
      )

      expect(run.code).toBe(0)
      expect(run.outputs.path).toBe('retag')
      expect(await digestOf(`safety/${app}:v1.0.0`)).toBe(seeded.digest)
    })

    test('revision label = another commit: revision-mismatch, not re-tagged', async () => {
      const app = `rev-other-${slug}`
      const [sha, other] = [newCommit(), newCommit()]
      await seedImage(registry.host, `safety/${app}:${sha}`, kind, { salt: sha, revision: other })

      const run = await runAction(
        inputsFor(app, sha, 'v1.0.0', { 'verify-revision': 'true', 'build-command': 'false' })
      )

      expect(run.code).toBe(1)
      expect(run.outputs.path).toBe('fail')
      expect(run.outputs.reason.startsWith(`revision-mismatch: ${other};`)).toBe(true)
      expect(resultOf(run).reason).toMatch(new RegExp(`^revision-mismatch: ${other}; build failed: `))
      expect(run.stdout).toContain(`not reusing it (revision-mismatch: ${other}), will build`)
      expect(await digestOf(`safety/${app}:v1.0.0`)).toBeUndefined()
    })

    test('no revision label: re-tagged (nothing contradicts the tag)', async () => {
      const app = `rev-none-${slug}`
      const sha = newCommit()
      const seeded = await seedImage(registry.host, `safety/${app}:${sha}`, kind, { salt: sha })

      const run = await runAction(
        inputsFor(app, sha, 'v1.0.0', { 'verify-revision': 'true', 'build-command': 'false' })
      )

      expect(run.code).toBe(0)
      expect(run.outputs.path).toBe('retag')
      expect(await digestOf(`safety/${app}:v1.0.0`)).toBe(seeded.digest)
    })
  })

  test('verify-revision accepts a short revision label of the commit', async () => {
    const app = 'rev-short'
    const sha = newCommit()
    await seedImage(registry.host, `safety/${app}:${sha}`, 'oci-manifest', { salt: sha, revision: sha.slice(0, 7) })

    const run = await runAction(inputsFor(app, sha, 'v1.0.0', { 'verify-revision': 'true', 'build-command': 'false' }))

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
  })
})

describe('dry-run', () => {
  test('found image: reports the re-tag and the tags it would write, writes nothing', async () => {
    const app = 'dry-found'
    const repo = `safety/${app}`
    const ref = `${registry.host}/${repo}`
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `${repo}:${sha}`, 'oci-index', { salt: sha })
    await registry.reset()

    const run = await runAction(inputsFor(app, sha, 'v1.0.0', { 'dry-run': 'true', tags: 'extra1' }))

    const requests = await registry.settledRequests()
    expect(writesIn(requests)).toEqual([])
    expect(requests.length).toBeGreaterThan(0)
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.digest).toBe(seeded.digest)
    const result = resultOf(run)
    expect(result.dryRun).toBe(true)
    expect(result.written).toEqual([`${ref}:v1.0.0`, `${ref}:extra1`, `${ref}:latest`])
    expect(run.stdout).toContain(`Dry run: would tag ${ref}:v1.0.0`)
    expect(run.summary).toContain('dry run')
    expect(run.summary).toContain('(would write)')
    for (const tag of ['v1.0.0', 'extra1', 'latest']) expect(await digestOf(`${repo}:${tag}`)).toBeUndefined()
  })

  test('missing image: reports build / not-found and does not run the build command', async () => {
    const app = 'dry-missing'
    const marker = join(tmpdir(), `safety-dry-run-${randomHex(8)}`)
    await registry.reset()

    const run = await runAction(
      inputsFor(app, newCommit(), 'v1.0.0', { 'dry-run': 'true', 'build-command': `touch ${marker}` })
    )

    expect(writesIn(await registry.settledRequests())).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toBe('not-found')
    expect(resultOf(run)).toMatchObject({ path: 'build', reason: 'not-found', written: [], dryRun: true })
    expect(run.stdout).toContain('Dry run: would run the build command')
    expect(run.summary).toContain('dry run')
    expect(existsSync(marker)).toBe(false)
  })
})
