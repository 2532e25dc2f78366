// Batch releases: several apps of one commit in one step, concurrently, against a token-auth
// registry (one token per repository scope), with builds deferred or serialised.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { resultsOf, runAction } from '../fixtures/services/action.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, removeDir } from '../fixtures/util.js'

let registry: StartedRegistry
let dir: string
beforeAll(async () => {
  registry = await startRegistry({ auth: 'token' })
  dir = await makeTempDir('batch-test')
})
afterAll(async () => {
  await registry?.stop()
  await removeDir(dir)
})

const creds = () => credentialsOf(registry)

test('five apps: three re-tagged, two deferred for a matrix build; one token per repository', async () => {
  const sha = newCommit()
  const built = ['svc-a', 'svc-b', 'svc-c']
  const digests = await Promise.all(
    built.map((app) =>
      seedImage(registry.host, `batch/${app}:${sha}`, 'oci-index', { salt: app + sha, creds: creds() })
    )
  )
  registry.tokenServer!.clearIssued()

  const run = await runAction({
    app: 'svc-a, svc-b\nsvc-c,svc-new1\nsvc-new2',
    version: 'v1.4.0',
    commit: sha,
    image: `${registry.host}/batch/{app}`,
    'on-missing': 'defer',
    ...creds()
  })

  // one token (read before this test's own checks ask for more) per repository scope, each asked for pull and push at once
  const scopes = registry
    .tokenServer!.issued()
    .flatMap((t) => t.scopes)
    .sort()
  expect(scopes).toEqual(
    ['svc-a', 'svc-b', 'svc-c', 'svc-new1', 'svc-new2'].map((app) => `repository:batch/${app}:pull,push`)
  )
  expect(run.code).toBe(0)
  expect(run.outputs.path).toBe('mixed')
  expect(run.outputs.retagged).toBe('false')
  expect(JSON.parse(run.outputs.deferred)).toEqual(['svc-new1', 'svc-new2'])
  const results = resultsOf(run)
  expect(results.map((r) => [r.app, r.path])).toEqual([
    ['svc-a', 'retag'],
    ['svc-b', 'retag'],
    ['svc-c', 'retag'],
    ['svc-new1', 'defer'],
    ['svc-new2', 'defer']
  ])
  for (const [i, app] of built.entries()) {
    expect(results[i].digest).toBe(digests[i].digest)
    expect((await rawManifest(registry.host, `batch/${app}:v1.4.0`, creds()))?.digest).toBe(digests[i].digest)
  }
  // a summary row and a log group per app
  for (const app of ['svc-a', 'svc-new2']) {
    expect(run.summary).toContain(`<td>${app}</td>`)
    expect(run.stdout).toContain(`::group::Release ${app} v1.4.0`)
  }
})

test('one app failing does not stop the others; the step fails listing it', async () => {
  const sha = newCommit()
  const other = newCommit()
  const ok = await seedImage(registry.host, `batch/ok:${sha}`, 'oci-manifest', { salt: `ok${sha}`, creds: creds() })
  await seedImage(registry.host, `batch/taken:${sha}`, 'oci-manifest', { salt: `taken${sha}`, creds: creds() })
  const elsewhere = await seedImage(registry.host, `batch/taken:v9.9.9`, 'oci-manifest', {
    salt: other,
    creds: creds()
  })

  const run = await runAction({
    app: 'taken,ok',
    version: 'v9.9.9',
    commit: sha,
    image: `${registry.host}/batch/{app}`,
    ...creds()
  })

  expect(run.code).toBe(1)
  expect(run.outputs.path).toBe('fail')
  const results = resultsOf(run)
  expect(results.map((r) => [r.app, r.path])).toEqual([
    ['taken', 'fail'],
    ['ok', 'retag']
  ])
  expect(run.stdout).toMatch(/::error::1 of 2 apps failed:%0Ataken: .*taken:v9\.9\.9 already points at/)
  expect((await rawManifest(registry.host, 'batch/taken:v9.9.9', creds()))?.digest).toBe(elsewhere.digest)
  expect((await rawManifest(registry.host, 'batch/ok:v9.9.9', creds()))?.digest).toBe(ok.digest)
})

test('builds of a batch run one at a time', async () => {
  const sha = newCommit()
  const journal = join(dir, `journal-${sha}`)
  const prepared = await seedImage(registry.host, `staging/prepared:${sha}`, 'oci-manifest', {
    salt: sha,
    creds: creds()
  })
  const auth = `--src-creds=${registry.username}:${registry.password} --dest-creds=${registry.username}:${registry.password}`
  // an explicit shell, as a user would write one; it records when each build starts and ends
  const script = `echo start $APP >> ${journal}; sleep 0.3; skopeo copy --quiet --insecure-policy --src-tls-verify=false --dest-tls-verify=false ${auth} docker://${registry.host}/staging/prepared:$COMMIT docker://$IMAGE:$COMMIT_TAG; echo end $APP >> ${journal}`

  const run = await runAction({
    app: 'one,two,three',
    version: 'v1.0.0',
    commit: sha,
    image: `${registry.host}/serial/{app}`,
    'build-command': `bash -c '${script}'`,
    ...creds()
  })

  expect(run.code).toBe(0)
  expect(run.outputs.path).toBe('build')
  const lines = (await readFile(journal, 'utf8')).trim().split('\n')
  expect(lines).toHaveLength(6)
  for (let i = 0; i < 6; i += 2) {
    expect(lines[i]).toMatch(/^start /)
    expect(lines[i + 1]).toBe(lines[i].replace('start', 'end'))
  }
  for (const app of ['one', 'two', 'three'])
    expect((await rawManifest(registry.host, `serial/${app}:v1.0.0`, creds()))?.digest).toBe(prepared.digest)
})

test('concurrency must be a whole number from 1 to 64', async () => {
  const run = await runAction({
    app: 'x',
    version: 'v1.0.0',
    commit: newCommit(),
    image: `${registry.host}/batch/{app}`,
    concurrency: '0'
  })
  expect(run.code).toBe(1)
  expect(run.stdout).toContain("Invalid concurrency '0'. Expected a whole number from 1 to 64, in decimal digits.")
})
