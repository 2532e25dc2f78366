// Moving tags against a real CNCF Distribution registry, the action run as the runner runs it:
// floating tags over a release sequence, two releases racing for `latest` and `v1` (the race made
// wide on purpose by a front that holds writes), and a build command that pushes `latest` itself
// (as rules_oci's oci_push with `remote_tags = ["latest"]` does), here with skopeo.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { expectOutcome, resultsOf, runAction, type ActionRun } from '../fixtures/services/action.js'
import { startFront, type FrontPlan } from '../fixtures/services/fronts-answers/front.js'
import { rawManifest, seedImage, type SeededImage } from '../fixtures/services/images.js'
import { startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit, sleep, withStarted } from '../fixtures/util.js'

let registry: StartedRegistry

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => {
  await registry?.stop()
})

const digestOf = async (repoAndTag: string): Promise<string | undefined> =>
  (await rawManifest(registry.host, repoAndTag))?.digest

/** A commit image in `moving/<app>`, its commit SHA and digest. */
async function commitImage(app: string): Promise<{ sha: string } & SeededImage> {
  const sha = newCommit()
  return { sha, ...(await seedImage(registry.host, `moving/${app}:${sha}`, 'oci-manifest', { salt: sha })) }
}

const release = (app: string, sha: string, version: string, more: Record<string, string> = {}): Promise<ActionRun> =>
  runAction({ app, version, commit: sha, image: `${registry.host}/moving/{app}`, ...more })

const FLOATING = { 'floating-tags': 'v{major}, v{major}.{minor}' }

describe('floating tags', () => {
  test('v1.2.0 (A), v1.3.0 (B), v1.2.1 (C), v2.0.0-rc.1 (D): v1 on B, v1.2 on C, v1.3 on B, no v2', async () => {
    const app = 'sequence'
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => commitImage(app)))
    for (const [image, version] of [
      [a, 'v1.2.0'],
      [b, 'v1.3.0'],
      [c, 'v1.2.1'],
      [d, 'v2.0.0-rc.1']
    ] as const) {
      const run = await release(app, image.sha, version, FLOATING)
      expectOutcome(run, { code: 0, path: 'retag' })
      if (version !== 'v1.2.1') continue
      // C: only v1.2 moves, and the run says why the others did not
      const ref = (tag: string): string => `${registry.host}/moving/${app}:${tag}`
      expect(run.stdout).toContain(
        'v1.2 follows v1.2.1: the highest version of the 1.2.x line (previous highest v1.2.0)'
      )
      expect(run.stdout).toContain('v1 is left alone: v1.2.1 is lower than v1.3.0, already released in the 1.x line')
      expect(run.stdout).toContain('latest is left alone: v1.2.1 is lower than v1.3.0, already released')
      const [result] = resultsOf(run)
      expect(result.floating).toEqual([
        'v1.2 follows v1.2.1: the highest version of the 1.2.x line (previous highest v1.2.0)',
        'v1 is left alone: v1.2.1 is lower than v1.3.0, already released in the 1.x line'
      ])
      expect(result.written).toEqual([ref('v1.2.1'), ref('v1.2')])
      expect(run.summary).toContain('v1 is left alone')
    }
    const now = async (tag: string): Promise<string | undefined> => digestOf(`moving/${app}:${tag}`)
    expect(await now('v1')).toBe(b.digest)
    expect(await now('v1.2')).toBe(c.digest)
    expect(await now('v1.3')).toBe(b.digest)
    expect(await now('latest')).toBe(b.digest)
    expect(await now('v2')).toBeUndefined()
    expect(await now('v2.0')).toBeUndefined()
  })
})

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

describe('two releases at the same time', () => {
  // Both runs read the tag list before either writes, so both decide to move latest and v1. Then
  // the lower release's moving-tag writes are held (until the higher run has finished, or for a
  // while): without the re-check, the lower release would win latest and v1.
  test.each([1, 2, 3, 4, 5])('v1.4.0 and v1.5.0, round %i: latest and v1 end on v1.5.0', async (round) => {
    const app = `race-${round}`
    const repo = `moving/${app}`
    const [low, high] = [await commitImage(app), await commitImage(app)]
    const lowListing = gate()
    const highListing = gate()
    const highDone = gate()
    const isList = (path: string): boolean => path === `/v2/${repo}/tags/list`
    const isMovingPut = (method: string, path: string): boolean =>
      method === 'PUT' && /\/manifests\/(latest|v1)$/.test(path)
    // odd rounds: the lower run writes after the higher one has finished; even rounds: after a delay
    const slow = round % 2 === 1 ? highDone.opened : sleep(150 * round)
    // each run's tag list is answered only once the other run has asked for its own
    const lowPlan: FrontPlan = ({ method, path }) => {
      if (isList(path)) {
        lowListing.open()
        return { hold: { before: highListing.opened } }
      }
      return isMovingPut(method, path) ? { hold: { before: slow } } : undefined
    }
    const highPlan: FrontPlan = ({ path }) => {
      if (!isList(path)) return undefined
      highListing.open()
      return { hold: { before: lowListing.opened } }
    }
    const run = (host: string, image: { sha: string }, version: string): Promise<ActionRun> =>
      runAction({ app, version, commit: image.sha, image: `${host}/moving/{app}`, ...FLOATING })

    const [lowRun, highRun] = await withStarted(startFront(registry.host, lowPlan), (lowFront) =>
      withStarted(startFront(registry.host, highPlan), (highFront) =>
        Promise.all([
          run(lowFront.host, low, 'v1.4.0').finally(lowListing.open),
          run(highFront.host, high, 'v1.5.0').finally(() => {
            highListing.open()
            highDone.open()
          })
        ])
      )
    )

    expectOutcome(highRun, { code: 0, path: 'retag' })
    expectOutcome(lowRun, { code: 0, path: 'retag' })
    // both decided to move them: the race was real
    expect(lowRun.stdout).toContain('latest follows v1.4.0')
    expect(highRun.stdout).toContain('latest follows v1.5.0')
    expect(await digestOf(`${repo}:latest`)).toBe(high.digest)
    expect(await digestOf(`${repo}:v1`)).toBe(high.digest)
    expect(await digestOf(`${repo}:v1.4`)).toBe(low.digest)
    expect(await digestOf(`${repo}:v1.5`)).toBe(high.digest)
    if (round % 2 === 1) {
      // the lower run wrote last, so its re-check moved them on; its outputs do not claim them
      expect(lowRun.stdout).toMatch(/moving\/race-\d:latest moved on to v1\.5\.0/)
      expect(lowRun.outputs.tags).not.toContain(':latest')
      expect(lowRun.outputs.tags.split('\n')).not.toContain(`${lowRun.outputs.image}:v1`)
    }
  })
})

describe('an ECR-style immutable repository', () => {
  test('a refused floating-tag move names the tag and the exclusion it needs; the version tag stays', async () => {
    const app = 'immutable'
    const image = await commitImage(app)
    const refusal = JSON.stringify({
      errors: [
        {
          code: 'TAG_INVALID',
          message: `The image tag 'v1' already exists in the 'moving/${app}' repository and cannot be overwritten because the repository is immutable.`
        }
      ]
    })
    const plan: FrontPlan = ({ method, path }) =>
      method === 'PUT' && path === `/v2/moving/${app}/manifests/v1`
        ? { answer: { status: 400, headers: { 'content-type': 'application/json' }, body: refusal } }
        : undefined

    const run = await withStarted(startFront(registry.host, plan), (front) =>
      runAction({ app, version: 'v1.0.0', commit: image.sha, image: `${front.host}/moving/{app}`, ...FLOATING })
    )

    expectOutcome(run, { code: 1, path: 'fail' })
    expect(run.outputs.reason).toContain('`v1` already exists, so it cannot be moved')
    expect(run.outputs.reason).toContain('IMMUTABLE_WITH_EXCLUSION with an image tag mutability exclusion filter `v1`')
    expect(await digestOf(`moving/${app}:v1.0.0`)).toBe(image.digest)
    expect(await digestOf(`moving/${app}:v1.0`)).toBe(image.digest)
    expect(await digestOf(`moving/${app}:v1`)).toBeUndefined()
  })
})

describe('tags the build moved', () => {
  /** A build that pushes the commit tag and `latest`, as rules_oci's oci_push with remote_tags = ["latest"]. */
  const pushesLatest = (staging: string): string => {
    const copy = `skopeo copy --quiet --insecure-policy --src-tls-verify=false --dest-tls-verify=false --src-no-creds --dest-no-creds docker://${registry.host}/${staging}`
    return `bash -c '${copy} "docker://$IMAGE:$COMMIT_TAG" && ${copy} "docker://$IMAGE:latest"'`
  }

  test('a re-release of an old version: latest is put back where the policy wants it, with a warning', async () => {
    const app = 'build-latest'
    const repo = `moving/${app}`
    const current = await commitImage(app)
    expectOutcome(await release(app, current.sha, 'v2.0.0', FLOATING), { code: 0, path: 'retag' })
    const staging = `staging/${app}:${newCommit()}`
    const built = await seedImage(registry.host, staging, 'oci-manifest', { salt: staging })

    const run = await release(app, newCommit(), 'v1.9.1', { ...FLOATING, 'build-command': pushesLatest(staging) })

    expectOutcome(run, { code: 0, path: 'build', reason: 'not-found' })
    expect(await digestOf(`${repo}:latest`)).toBe(current.digest)
    expect(await digestOf(`${repo}:v1.9.1`)).toBe(built.digest)
    expect(await digestOf(`${repo}:v1`)).toBe(built.digest)
    expect(run.stdout).toContain(
      `::warning::The build command moved ${registry.host}/${repo}:latest to ${built.digest}; put it back on ${current.digest} (latest is left alone: v1.9.1 is lower than v2.0.0, already released)`
    )
    const tags = run.outputs.tags.split('\n')
    expect(tags).toContain(`${registry.host}/${repo}:v1`)
    expect(tags).not.toContain(`${registry.host}/${repo}:latest`)
  })

  test('the highest version: latest stays where the build put it, which is where the policy wants it', async () => {
    const app = 'build-latest-ok'
    const repo = `moving/${app}`
    const staging = `staging/${app}:${newCommit()}`
    const built = await seedImage(registry.host, staging, 'oci-manifest', { salt: staging })

    const run = await release(app, newCommit(), 'v1.0.0', { 'build-command': pushesLatest(staging) })

    expectOutcome(run, { code: 0, path: 'build', reason: 'not-found' })
    expect(await digestOf(`${repo}:latest`)).toBe(built.digest)
    expect(run.stdout).not.toContain('::warning::')
    expect(run.outputs.tags.split('\n')).toContain(`${registry.host}/${repo}:latest`)
  })

  test('a build that points the version tag at other bits than the commit tag is an error', async () => {
    const app = 'build-version'
    const repo = `moving/${app}`
    const [commit, other] = [`staging/${app}:c${newCommit()}`, `staging/${app}:o${newCommit()}`]
    const built = await seedImage(registry.host, commit, 'oci-manifest', { salt: commit })
    const wrong = await seedImage(registry.host, other, 'oci-manifest', { salt: other })
    const copy = `skopeo copy --quiet --insecure-policy --src-tls-verify=false --dest-tls-verify=false --src-no-creds --dest-no-creds`
    const command = `bash -c '${copy} docker://${registry.host}/${commit} "docker://$IMAGE:$COMMIT_TAG" && ${copy} docker://${registry.host}/${other} "docker://$IMAGE:$VERSION"'`

    const run = await release(app, newCommit(), 'v1.0.0', { 'build-command': command })

    expectOutcome(run, { code: 1, path: 'fail' })
    expect(run.outputs.reason).toContain(
      `the build command pointed ${registry.host}/${repo}:v1.0.0 at ${wrong.digest}, not at ${built.digest}, the image of the commit tag`
    )
    expect(await digestOf(`${repo}:latest`)).toBeUndefined()
  })
})
