// The action run by @github/local-action (a local runner for actions) from a .env of inputs,
// against a real registry: the way a contributor tries a change without pushing it.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ROOT, spawnCollect } from '../fixtures/services/action.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, removeDir } from '../fixtures/util.js'

let registry: StartedRegistry
let dir: string
beforeAll(async () => {
  registry = await startRegistry()
  dir = await makeTempDir('local-action')
})
afterAll(async () => {
  await registry?.stop()
  await removeDir(dir)
})

/** `::set-output name=x::value` lines (the local runner prints outputs that way); first line of each value. */
function outputsOf(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^::set-output name=([a-z-]+)::(.*)$/gm)].map((m) => [m[1], m[2]]))
}

test('local-action runs src/main.ts with a .env of inputs and reports the outputs', async () => {
  const sha = newCommit()
  const seeded = await seedImage(registry.host, `local/app:${sha}`, 'oci-index', { salt: sha })
  const env = join(dir, '.env')
  await writeFile(
    env,
    [
      `INPUT_APP=app`,
      `INPUT_VERSION=v4.2.0`,
      `INPUT_COMMIT=${sha}`,
      `INPUT_IMAGE=${registry.host}/local/{app}`,
      `INPUT_DRY-RUN=false`
    ].join('\n')
  )

  const spawned = await spawnCollect(join(ROOT, 'node_modules/.bin/local-action'), ['.', 'src/main.ts', env], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: dir, DOCKER_CONFIG: dir }
  })
  const run = { code: spawned.code, stdout: spawned.stdout + spawned.stderr }

  expect(run.code).toBe(0)
  expect(run.stdout).toContain('Optimizing: Re-tagging existing image instead of rebuilding')
  const outputs = outputsOf(run.stdout)
  expect(outputs).toMatchObject({
    path: 'retag',
    retagged: 'true',
    digest: seeded.digest,
    engine: 'registry',
    deferred: '[]'
  })
  expect((await rawManifest(registry.host, 'local/app:v4.2.0'))?.digest).toBe(seeded.digest)
}, 120_000)
