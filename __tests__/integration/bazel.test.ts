// The build path with a real Bazel: the bundled action, the DEFAULT build-command
// (`bazel run //{app}:push -- --repository {image} --tag {commit-tag}`), run in examples/bazel,
// whose //hello:push builds an OCI image layout and pushes it with skopeo to a real registry.
// Then the same commit released as a new version is re-tagged without running Bazel.
//
// Needs `bazel` on PATH (Debian/Ubuntu: apt-get install bazel-bootstrap; or bazelisk) and skopeo.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expectOutcome, runAction } from '../fixtures/services/action.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, removeDir, run } from '../fixtures/util.js'

const WORKSPACE = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../examples/bazel')
// A cold Bazel start (JVM, server, analysis) plus the build; bazel-bootstrap needs ~5 s, a Bazel
// downloaded by bazelisk into a fresh home far longer.
const TIMEOUT = 240_000

let registry: StartedRegistry
// Bazel keeps its output base (and a server that idles for hours) under $HOME/.cache/bazel.
// runAction's own HOME is deleted after each run, so give Bazel a home this file owns and can
// shut the server down in.
let bazelHome: string

beforeAll(async () => {
  for (const tool of ['bazel', 'skopeo']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) {
      throw new Error(
        `${tool} is not installed (Debian/Ubuntu: apt-get install ${tool === 'bazel' ? 'bazel-bootstrap' : tool})`
      )
    }
  }
  bazelHome = await makeTempDir('bazel-home')
  registry = await startRegistry()
})

afterAll(async () => {
  if (bazelHome) {
    await run('bazel', ['shutdown'], { cwd: WORKSPACE, env: { ...process.env, HOME: bazelHome } }).catch(
      () => undefined
    )
    // Bazel leaves its outputs read-only, which rm cannot delete without root.
    await run('chmod', ['-R', 'u+w', bazelHome]).catch(() => undefined)
    await removeDir(bazelHome)
  }
  await registry?.stop()
})

describe('default build-command with real Bazel (examples/bazel)', () => {
  test(
    'missing commit image: bazel run //hello:push builds and pushes it; a second release re-tags without Bazel',
    async () => {
      const sha = newCommit()
      const repo = 'demo/hello'
      const inputs = { app: 'hello', commit: sha, image: `${registry.host}/demo/{app}` }
      const env = { HOME: bazelHome }

      // 1. nothing under the commit tag: the default build-command runs Bazel in the workspace
      const built = await runAction({ ...inputs, version: 'v1.0.0' }, env, { cwd: WORKSPACE })

      expectOutcome(built, { code: 0, path: 'build' })
      expect(built.outputs.reason).toBe('not-found')
      expect(built.outputs.retagged).toBe('false')
      expect(built.stdout).toContain(`No existing image found for commit ${sha.slice(0, 7)}, will build`)
      // @actions/exec echoes the command it runs: the default template, placeholders substituted
      expect(built.stdout).toMatch(
        new RegExp(`\\[command\\]\\S*bazel run //hello:push -- --repository ${registry.host}/${repo} --tag ${sha}\\n`)
      )

      const commitImage = await rawManifest(registry.host, `${repo}:${sha}`)
      expect(commitImage?.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
      const digest = commitImage!.digest
      expect(built.outputs.digest).toBe(digest)
      // the push script reports the digest Bazel built, which is what the registry holds
      expect(built.stdout).toContain(`pushed ${registry.host}/${repo}:${sha}@${digest}`)
      expect((await rawManifest(registry.host, `${repo}:v1.0.0`))?.digest).toBe(digest)
      expect(built.outputs.tags.split('\n')).toEqual(
        expect.arrayContaining([`${registry.host}/${repo}:${sha}`, `${registry.host}/${repo}:v1.0.0`])
      )
      const [builtResult] = JSON.parse(built.outputs.result) as Array<Record<string, unknown>>
      expect(builtResult).toEqual(expect.objectContaining({ app: 'hello', path: 'build', digest, reason: 'not-found' }))

      // 2. the same commit as a new version: found, re-tagged in the registry, Bazel not run
      await registry.reset()
      const retagged = await runAction({ ...inputs, version: 'v1.0.1', platforms: 'linux/amd64' }, env, {
        cwd: WORKSPACE
      })

      expectOutcome(retagged, { code: 0, path: 'retag' })
      expect(retagged.outputs.retagged).toBe('true')
      expect(retagged.outputs.digest).toBe(digest)
      expect(retagged.stdout).toContain(
        `✅ Found existing image for commit ${sha.slice(0, 7)}: ${registry.host}/${repo}:${sha}`
      )
      expect(retagged.stdout).not.toContain('[command]')
      expect(retagged.stdout).not.toContain('pushed ')
      expect((await rawManifest(registry.host, `${repo}:v1.0.1`))?.digest).toBe(digest)
      expect((await rawManifest(registry.host, `${repo}:v1.0.0`))?.digest).toBe(digest)
      // a re-tag writes manifests only, no blob (the platforms check reads the config blob)
      const requests = await registry.settledRequests()
      expect(requests.filter((r) => r.path.includes('/blobs/') && !['GET', 'HEAD'].includes(r.method))).toEqual([])
      expect(requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toContain(`/v2/${repo}/manifests/v1.0.1`)
    },
    TIMEOUT
  )

  test(
    'a push target with remote_tags = ["latest"] cannot move latest backwards: the action puts it back',
    async () => {
      const repo = 'demo-latest/hello'
      const image = `${registry.host}/demo-latest/{app}`
      const env = { HOME: bazelHome }
      // v2.0.0 is out, on another image
      const current = newCommit()
      await seedImage(registry.host, `${repo}:${current}`, 'oci-manifest', { salt: current })
      const released = await runAction({ app: 'hello', commit: current, image, version: 'v2.0.0' }, env)
      expectOutcome(released, { code: 0, path: 'retag' })
      const latest = (await rawManifest(registry.host, `${repo}:latest`))!.digest

      // v1.9.1 of a commit not built yet: //hello:push_latest pushes the commit tag and latest
      const buildCommand = 'bazel run //{app}:push_latest -- --repository {image} --tag {commit-tag}'
      const inputs = { app: 'hello', commit: newCommit(), image, version: 'v1.9.1', 'build-command': buildCommand }
      const run = await runAction(inputs, env, { cwd: WORKSPACE })

      expectOutcome(run, { code: 0, path: 'build' })
      const built = (await rawManifest(registry.host, `${repo}:v1.9.1`))!.digest
      expect(run.stdout).toContain(`pushed ${registry.host}/${repo}:latest@${built}`)
      expect(run.stdout).toContain(
        `::warning::The build command moved ${registry.host}/${repo}:latest to ${built}; put it back on ${latest}`
      )
      expect((await rawManifest(registry.host, `${repo}:latest`))?.digest).toBe(latest)
      expect(run.outputs.tags.split('\n')).not.toContain(`${registry.host}/${repo}:latest`)
    },
    TIMEOUT
  )
})
