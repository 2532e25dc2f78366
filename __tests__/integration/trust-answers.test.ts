// An answer is what it claims to be, and races end honestly: the bundled action against a real
// registry behind small fronts (fixtures/services/fronts-answers) that answer with a login page,
// hide a tag from the tag list, link to tag-list pages without end, report a digest the registry
// never stored, or hold a write so that two releases of one version interleave.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { resultsOf, runAction, type ActionRun } from '../fixtures/services/action.js'
import {
  LOGIN_PAGE,
  loginPage,
  startFront,
  type Front,
  type FrontPlan
} from '../fixtures/services/fronts-answers/front.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { actionRequests, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, removeDir, sha256, withStarted } from '../fixtures/util.js'

let registry: StartedRegistry

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => {
  await registry?.stop()
})

const withFront = <R>(plan: FrontPlan, use: (front: Front) => Promise<R>): Promise<R> =>
  withStarted(startFront(registry.host, plan), use)

const digestOf = async (repoAndTag: string): Promise<string | undefined> =>
  (await rawManifest(registry.host, repoAndTag))?.digest

/** The writes the action sent to the registry, `METHOD tag`. */
async function writes(): Promise<string[]> {
  return actionRequests(await registry.settledRequests())
    .filter((r) => !['GET', 'HEAD'].includes(r.method))
    .map((r) => `${r.method} ${r.path.replace(/^.*\/manifests\//, '')}`)
}

const isManifestRequest = (path: string): boolean => /^\/v2\/.+\/manifests\/[^/]+$/.test(path)

function expectFailed(run: ActionRun): void {
  expect(run.code).not.toBe(0)
  expect(run.outputs.retagged).not.toBe('true')
  expect(run.outputs.path).toBe('fail')
  expect(run.outputs.digest ?? '').toBe('')
}

describe('a manifest only with a manifest media type', () => {
  test('a host that answers every request with a login page: the release fails saying what came back, nothing is PUT', async () => {
    const sha = newCommit()
    await withFront(loginPage, async (front) => {
      const run = await runAction({
        app: 'portal',
        version: 'v1.0.0',
        commit: sha,
        image: `${front.host}/answers/{app}`,
        'build-command': 'true'
      })

      expectFailed(run)
      expect(run.outputs.reason).toContain(
        `fetching ${front.host}/answers/portal:${sha}: the registry answered text/html; charset=utf-8 starting "<!DOCTYPE html>\\n<html><head><title>Sign in`
      )
      expect(run.outputs.reason).toContain('not an image manifest')
      expect(run.stdout).not.toContain(sha256(LOGIN_PAGE))
      expect(front.seen.filter((r) => r.startsWith('PUT'))).toEqual([])
    })
  })

  test('only the manifest GET is a login page: nothing is PUT, the version tag stays absent', async () => {
    const sha = newCommit()
    await seedImage(registry.host, `answers/half-portal:${sha}`, 'oci-manifest', { salt: sha })
    await registry.reset()
    const plan: FrontPlan = ({ method, path }) =>
      method === 'GET' && isManifestRequest(path) ? loginPage() : undefined

    await withFront(plan, async (front) => {
      const run = await runAction({
        app: 'half-portal',
        version: 'v1.0.0',
        commit: sha,
        image: `${front.host}/answers/{app}`,
        'build-command': 'true'
      })

      expectFailed(run)
      expect(run.outputs.reason).toContain('the registry answered text/html; charset=utf-8 starting')
      expect(front.seen.filter((r) => r.startsWith('PUT'))).toEqual([])
      expect(await writes()).toEqual([])
      expect(await digestOf('answers/half-portal:v1.0.0')).toBeUndefined()
    })
  })
})

describe('tags the list does not show are looked up', () => {
  test('v1.0.0 hidden from tags/list while it exists on another digest: a conflict, nothing written', async () => {
    const [sha, other] = [newCommit(), newCommit()]
    const app = 'hidden'
    const mine = await seedImage(registry.host, `answers/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const theirs = await seedImage(registry.host, `answers/${app}:v1.0.0`, 'oci-manifest', { salt: other })
    await registry.reset()
    const hide = (json: unknown): unknown => {
      const list = json as { name: string; tags: string[] }
      return { ...list, tags: list.tags.filter((tag) => tag !== 'v1.0.0') }
    }
    const plan: FrontPlan = ({ path }) => (path.endsWith('/tags/list') ? { body: hide } : undefined)

    await withFront(plan, async (front) => {
      const run = await runAction({ app, version: 'v1.0.0', commit: sha, image: `${front.host}/answers/{app}` })

      expectFailed(run)
      expect(run.outputs.reason).toContain(`${front.host}/answers/${app}:v1.0.0 already points at ${theirs.digest}`)
      expect(run.outputs.reason).toContain(mine.digest)
      expect(run.outputs.reason).toContain('nothing was written')
      expect(front.seen).toContain(`GET /v2/answers/${app}/tags/list`)
      expect(await writes()).toEqual([])
      expect(await digestOf(`answers/${app}:v1.0.0`)).toBe(theirs.digest)
    })
  })
})

describe('tag lists without end', () => {
  test('every page links to a new page: stopped after 1000 pages, latest left alone saying so, the release goes on', async () => {
    const sha = newCommit()
    const app = 'endless'
    const seeded = await seedImage(registry.host, `answers/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const plan: FrontPlan = ({ path, query }) => {
      if (!path.endsWith('/tags/list')) return undefined
      const page = Number(query.get('page') ?? 0) + 1
      return {
        answer: {
          status: 200,
          headers: {
            'content-type': 'application/json',
            link: `</v2/answers/${app}/tags/list?n=1000&page=${page}>; rel="next"`
          },
          body: JSON.stringify({ name: `answers/${app}`, tags: [`build-${page}`] })
        }
      }
    }

    await withFront(plan, async (front) => {
      const started = Date.now()
      const run = await runAction({ app, version: 'v1.0.0', commit: sha, image: `${front.host}/answers/{app}` })

      expect(run.code).toBe(0)
      expect(run.outputs.path).toBe('retag')
      expect(resultsOf(run)[0].latest).toBe(
        `latest is left alone: the repository's tags could not be listed (listing tags of ${front.host}/answers/${app}: stopped after 1000 pages (1000 tags), the bound of 1000 pages, with the registry still linking to a next page)`
      )
      expect(front.seen.filter((r) => r.endsWith('/tags/list'))).toHaveLength(1000)
      expect(await digestOf(`answers/${app}:v1.0.0`)).toBe(seeded.digest)
      expect(await digestOf(`answers/${app}:latest`)).toBeUndefined()
      expect(Date.now() - started).toBeLessThan(30_000)
    })
  })
})

describe('a write answered with another digest', () => {
  test('PUT 201 with a Docker-Content-Digest the bytes do not have: the app fails naming tag, expected and stored, and is not rebuilt', async () => {
    const sha = newCommit()
    const app = 'stored-else'
    const seeded = await seedImage(registry.host, `answers/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const stored = sha256(`something else ${sha}`)
    const dir = await makeTempDir('marker')
    const marker = join(dir, 'built')
    const plan: FrontPlan = ({ method }) =>
      method === 'PUT'
        ? { rewrite: (name, value) => (name.toLowerCase() === 'docker-content-digest' ? stored : value) }
        : undefined

    try {
      await withFront(plan, async (front) => {
        const run = await runAction({
          app,
          version: 'v1.0.0',
          commit: sha,
          image: `${front.host}/answers/{app}`,
          'build-command': `touch ${marker}`
        })

        expectFailed(run)
        expect(run.outputs.reason).toBe(
          `retag-failed: pushing ${front.host}/answers/${app}:v1.0.0: the registry stored ${stored} under v1.0.0, expected ${seeded.digest}; not rebuilding`
        )
        expect(run.stdout).not.toContain('falling back to rebuild')
        expect(existsSync(marker)).toBe(false)
        // latest is never written after the version tag went wrong
        expect(front.seen.filter((r) => r.startsWith('PUT'))).toEqual([`PUT /v2/answers/${app}/manifests/v1.0.0`])
      })
    } finally {
      await removeDir(dir)
    }
  })
})

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

describe('races end honestly', () => {
  test('two releases of one version from different commits, interleaved: exactly one succeeds, the other names the tag and both digests', async () => {
    const [shaA, shaB] = [newCommit(), newCommit()]
    const app = 'race'
    const repo = `answers/${app}`
    const a = await seedImage(registry.host, `${repo}:${shaA}`, 'oci-index', { salt: shaA })
    const b = await seedImage(registry.host, `${repo}:${shaB}`, 'oci-index', { salt: shaB })
    // Both look up v1.0.0 (absent) before either writes. A's write lands first, B's lands on top
    // of it; A hears back only once B has finished, then writes latest and reads back.
    const bArrived = gate()
    const aLanded = gate()
    const bFinished = gate()
    const isVersionPut = (method: string, path: string): boolean =>
      method === 'PUT' && path === `/v2/${repo}/manifests/v1.0.0`
    const planA: FrontPlan = ({ method, path }) =>
      isVersionPut(method, path)
        ? { hold: { before: bArrived.opened, sent: aLanded.open, after: bFinished.opened } }
        : undefined
    const planB: FrontPlan = ({ method, path }) => {
      if (!isVersionPut(method, path)) return undefined
      bArrived.open()
      return { hold: { before: aLanded.opened } }
    }
    const release = (front: Front, sha: string): Promise<ActionRun> =>
      runAction({ app, version: 'v1.0.0', commit: sha, image: `${front.host}/answers/{app}` })

    await withFront(planA, (frontA) =>
      withFront(planB, async (frontB) => {
        // a run that ends early opens the gates it would have opened, so neither waits for ever
        const runA = release(frontA, shaA).finally(aLanded.open)
        const runB = release(frontB, shaB).finally(() => {
          bArrived.open()
          bFinished.open()
        })
        const [first, second] = await Promise.all([runA, runB])

        expect([first.code, second.code]).toEqual([1, 0])
        // the winner's outputs are what the registry holds
        expect(second.outputs.digest).toBe(b.digest)
        expect(second.outputs.tags.split('\n')).toEqual(
          [shaB, 'v1.0.0', 'latest'].map((tag) => `${frontB.host}/${repo}:${tag}`)
        )
        for (const tag of ['v1.0.0', 'latest']) expect(await digestOf(`${repo}:${tag}`)).toBe(b.digest)
        // the loser names the tag and both digests, and its outputs name no digest
        expectFailed(first)
        expect(first.outputs.reason).toContain(
          `${frontA.host}/${repo}:v1.0.0 now points at ${b.digest}, not at ${a.digest}`
        )
        expect(first.outputs.reason).toContain(`${frontA.host}/${repo}:latest was put on ${b.digest}, with v1.0.0`)
        expect(first.outputs.tags).toBe('')
      })
    )
  })
})
