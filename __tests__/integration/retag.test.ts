// The bundled action against a real CNCF Distribution registry without auth: re-tag of every
// manifest kind, the build fallback with a real pushing command, and input errors.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../fixtures/services/action.js'
import { rawManifest, seedImage, type ImageKind } from '../fixtures/services/images.js'
import { actionRequests, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit } from '../fixtures/util.js'

let registry: StartedRegistry

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => {
  await registry?.stop()
})

describe('re-tag of an existing commit image', () => {
  test.each<[ImageKind]>([['oci-manifest'], ['oci-index'], ['docker-list'], ['docker-manifest']])(
    '%s: digest preserved byte for byte, no blob touched',
    async (kind) => {
      const sha = newCommit()
      const app = `retag-${kind}`
      const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, kind, { salt: sha })
      await registry.reset()

      const run = await runAction({
        app,
        version: 'v1.0.1',
        commit: sha,
        image: `${registry.host}/Owner/{app}`,
        latest: 'true'
      })

      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(
        `✅ Found existing image for commit ${sha.slice(0, 7)}: ${registry.host}/owner/${app}:${sha}`
      )
      expect(run.stdout).toContain('Optimizing: Re-tagging existing image instead of rebuilding')
      expect(run.outputs.path).toBe('retag')
      expect(run.outputs.retagged).toBe('true')
      expect(run.outputs.digest).toBe(seeded.digest)
      expect(run.outputs.image).toBe(`${registry.host}/owner/${app}`)
      expect(run.outputs.tags.split('\n')).toEqual(
        [`${sha}`, 'v1.0.1', 'latest'].map((t) => `${registry.host}/owner/${app}:${t}`)
      )

      const source = await rawManifest(registry.host, `owner/${app}:${sha}`)
      for (const tag of ['v1.0.1', 'latest']) {
        const tagged = await rawManifest(registry.host, `owner/${app}:${tag}`)
        expect(tagged?.digest).toBe(seeded.digest)
        expect(tagged?.mediaType).toBe(seeded.mediaType)
        expect(tagged?.bytes.equals(source!.bytes)).toBe(true)
      }
      if (kind === 'oci-index' || kind === 'docker-list') {
        const index = JSON.parse((await rawManifest(registry.host, `owner/${app}:v1.0.1`))!.bytes.toString()) as {
          manifests: Array<{ digest: string }>
        }
        expect(index.manifests.map((m) => m.digest)).toEqual(seeded.platformDigests)
        expect(seeded.platformDigests).toHaveLength(2)
      }

      // what the action itself asked of the registry (our rawManifest reads come after)
      const requests = actionRequests(await registry.settledRequests(), '1.0.0')
      expect(requests.filter((r) => r.path.includes('/blobs/'))).toEqual([])
      expect(requests.map((r) => `${r.method} ${r.path.replace(/^.*\/manifests\//, '')} ${r.status}`).sort()).toEqual(
        [
          `GET ${sha} 200`,
          'HEAD v1.0.1 404',
          'HEAD latest 404',
          'PUT v1.0.1 201',
          'PUT latest 201',
          // the read-back, after the last write
          'HEAD v1.0.1 200',
          'HEAD latest 200'
        ].sort()
      )
      expect(run.summary).toContain('retag')
      expect(run.summary).toContain(seeded.digest.slice(0, 19))
    }
  )

  test('a re-run is a no-op: tags already on the digest are not rewritten', async () => {
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `owner/rerun:${sha}`, 'oci-index', { salt: sha })
    const inputs = { app: 'rerun', version: 'v2.0.0', commit: sha, image: `${registry.host}/owner/{app}` }
    expect((await runAction(inputs)).code).toBe(0)
    await registry.reset()

    const again = await runAction(inputs)

    expect(again.code).toBe(0)
    expect(again.outputs.path).toBe('retag')
    expect(again.outputs.digest).toBe(seeded.digest)
    expect(again.stdout).toContain(`already points at ${seeded.digest}`)
    const writes = (await registry.settledRequests()).filter(
      (r) => r.method === 'PUT' || r.method === 'POST' || r.method === 'PATCH'
    )
    expect(writes).toEqual([])
  })

  test('latest: auto reads the tag list and looks up every new tag (lists lag), then reads back and lists again: 9 requests for 2 tags', async () => {
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `owner/counted:${sha}`, 'oci-manifest', { salt: sha })
    await registry.reset()

    const run = await runAction({
      app: 'counted',
      version: 'v1.0.0',
      commit: sha,
      image: `${registry.host}/owner/{app}`
    })

    expect(run.code).toBe(0)
    expect(run.outputs.digest).toBe(seeded.digest)
    const requests = actionRequests(await registry.settledRequests())
    expect(requests.map((r) => `${r.method} ${r.path.replace('/v2/owner/counted/', '')}`).sort()).toEqual(
      [
        `GET manifests/${sha}`,
        'GET tags/list',
        'HEAD manifests/latest',
        'HEAD manifests/v1.0.0',
        'PUT manifests/v1.0.0',
        'PUT manifests/latest',
        'HEAD manifests/latest',
        'HEAD manifests/v1.0.0',
        // with the read-back: did a higher version appear while latest was written?
        'GET tags/list'
      ].sort()
    )
  })

  test('{short} commit tag template', async () => {
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `owner/short:sha-${sha.slice(0, 7)}`, 'oci-manifest', { salt: sha })
    const run = await runAction({
      app: 'short',
      version: 'v1.2.3',
      commit: sha,
      image: `${registry.host}/owner/{app}`,
      'commit-tag': 'sha-{short}'
    })
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(await rawManifest(registry.host, 'owner/short:v1.2.3').then((m) => m?.digest)).toBe(seeded.digest)
  })
})

describe('build fallback', () => {
  test('commit image missing: runs the build command without a shell, then applies the tags', async () => {
    const sha = newCommit()
    // the "build" is a real push: skopeo copies a prepared image to {image}:{commit-tag}
    const prepared = await seedImage(registry.host, `staging/built:${sha}`, 'oci-index', { salt: sha })
    const buildCommand = `skopeo copy --quiet --all --insecure-policy --src-tls-verify=false --dest-tls-verify=false --src-no-creds --dest-no-creds docker://${registry.host}/staging/built:{commit} docker://{image}:{commit-tag}`

    const run = await runAction({
      app: 'built',
      version: 'v1.0.0',
      commit: sha,
      image: `${registry.host}/owner/{app}`,
      latest: 'true',
      'build-command': buildCommand
    })

    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`No existing image found for commit ${sha.slice(0, 7)}, will build`)
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.retagged).toBe('false')
    expect(run.outputs.reason).toBe('not-found')
    expect(run.outputs.digest).toBe(prepared.digest)
    for (const tag of [sha, 'v1.0.0', 'latest']) {
      expect((await rawManifest(registry.host, `owner/built:${tag}`))?.digest).toBe(prepared.digest)
    }
    const result = JSON.parse(run.outputs.result) as Array<Record<string, unknown>>
    expect(result).toEqual([
      expect.objectContaining({ app: 'built', path: 'build', digest: prepared.digest, reason: 'not-found' })
    ])
  })

  test('on-missing: fail fails clearly and writes nothing', async () => {
    const sha = newCommit()
    await registry.reset()
    const run = await runAction({
      app: 'absent',
      version: 'v1.0.0',
      commit: sha,
      image: `${registry.host}/owner/{app}`,
      'on-missing': 'fail'
    })

    expect(run.code).toBe(1)
    expect(run.outputs.path).toBe('fail')
    expect(run.stdout).toContain(`::error::absent: not-found; on-missing is fail, so nothing was built`)
    // the commit manifest, and the target tags read alongside it; no write of any kind
    const requests = await registry.settledRequests()
    expect(requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/manifests/${sha}`))).toHaveLength(1)
    expect(requests.filter((r) => !['GET', 'HEAD'].includes(r.method))).toEqual([])
  })

  test('a build that does not push the commit tag fails the step', async () => {
    const sha = newCommit()
    const run = await runAction({
      app: 'nopush',
      version: 'v1.0.0',
      commit: sha,
      image: `${registry.host}/owner/{app}`,
      'build-command': 'true {app}'
    })
    expect(run.code).toBe(1)
    expect(run.outputs.path).toBe('fail')
    expect(run.stdout).toContain(`${registry.host}/owner/nopush:${sha} does not exist: it must push the commit tag`)
  })

  test('the build sees APP VERSION COMMIT COMMIT_TAG IMAGE, never the credentials', async () => {
    const sha = newCommit()
    const dump = join(tmpdir(), `build-env-${sha}`)
    const run = await runAction({
      app: 'envcheck',
      version: 'v1.0.0',
      commit: sha,
      image: `${registry.host}/owner/{app}`,
      username: 'someone',
      password: 'pa55-word-not-for-builds',
      'build-command': `bash -c 'env > ${dump}'`
    })
    const env = await readFile(dump, 'utf8')
    await rm(dump, { force: true })
    expect(run.code).toBe(1) // it pushed nothing
    expect(env).toContain('APP=envcheck\n')
    expect(env).toContain(`COMMIT=${sha}\n`)
    expect(env).toContain(`COMMIT_TAG=${sha}\n`)
    expect(env).toContain(`IMAGE=${registry.host}/owner/envcheck\n`)
    expect(env).toContain('VERSION=v1.0.0\n')
    expect(env).not.toContain('pa55-word-not-for-builds')
    expect(env).not.toMatch(/^INPUT_/m)
  })

  test('a failing build fails the step with its exit code', async () => {
    const run = await runAction({
      app: 'broken',
      version: 'v1.0.0',
      commit: newCommit(),
      image: `${registry.host}/owner/{app}`,
      'build-command': 'false'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::broken: not-found; build failed: build command false exited with code 1/)
  })
})

describe('bad input fails before any request', () => {
  test.each([
    [{ version: 'v1;touch /tmp/x' }, /Invalid version 'v1;touch \/tmp\/x'\. Expected an OCI tag/],
    [{ commit: 'xyz' }, /Invalid commit 'xyz'\. Expected a commit SHA of 7 to 64 hexadecimal digits/],
    [{ image: 'localhost:1/{application}' }, /Invalid image .*unknown placeholder \{application\}/],
    [{ latest: 'sometimes' }, /Invalid latest 'sometimes'\. Expected one of: auto, true, false/],
    [{ 'build-command': "bazel run '//x" }, /Invalid build-command: unterminated ' quote/]
  ])('%j', async (override, message) => {
    await registry.reset()
    const run = await runAction({
      app: 'bad',
      version: 'v1.0.0',
      commit: newCommit(),
      image: `${registry.host}/owner/{app}`,
      ...override
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(message)
    expect(await registry.settledRequests()).toEqual([])
  })
})
