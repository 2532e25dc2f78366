// `engine: docker` and `engine: auto` in the bundled action, with the real docker CLI (no daemon,
// no buildx plugin on this machine: only `docker manifest inspect` works) against real CNCF
// Distribution registries, and with a stand-in `docker` earlier on PATH that forwards
// `manifest inspect` to the real CLI and performs pull/tag/push with skopeo, to prove the
// missing-buildx write path end to end. With `engine: docker`, what a build pushed is tagged
// through the docker engine and, where the docker CLI cannot write, through the registry API.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runAction } from '../fixtures/services/action.js'
import { rawManifest, seedImage, type ImageKind } from '../fixtures/services/images.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { makeTempDir, newCommit, randomHex, removeDir } from '../fixtures/util.js'

const REAL_DOCKER = '/usr/local/bin/docker'
const NO_DAEMON = 'Cannot connect to the Docker daemon'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
/** The warning of `afterBuild` when the docker CLI cannot write the tags of a fresh build. */
const API_FALLBACK = /::warning::re-tagging through the docker engine failed \((.*)\); trying the registry engine/
/** Every match of API_FALLBACK's cause in a run's stdout. */
const apiFallbacks = (stdout: string): string[] =>
  [...stdout.matchAll(new RegExp(API_FALLBACK.source, 'g'))].map((m) => m[1])
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let registry: StartedRegistry
let token: StartedRegistry
let dir: string

beforeAll(async () => {
  ;[registry, token] = await Promise.all([startRegistry(), startRegistry({ auth: 'token' })])
  dir = await makeTempDir('docker-engine-test')
})
afterAll(async () => {
  await Promise.all([registry?.stop(), token?.stop()])
  if (dir) await removeDir(dir)
})

/** PATH with the real docker (/usr/local/bin) and skopeo (/usr/bin); `first` is searched before them. */
const pathWith = (first?: string): string =>
  [first, ...(process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')].filter(Boolean).join(':')

/** The build fallback as a real push: skopeo copies a prepared image to {image}:{commit-tag}. */
const copyBuild = (host: string, staging: string): string =>
  `skopeo copy --quiet --all --insecure-policy --src-tls-verify=false --dest-tls-verify=false --src-no-creds --dest-no-creds docker://${host}/${staging} docker://{image}:{commit-tag}`

const digestOf = async (repoAndTag: string): Promise<string | undefined> =>
  (await rawManifest(registry.host, repoAndTag))?.digest

/**
 * A `docker` that logs its argv (one line per call) to <dir>/argv.log; `manifest inspect` goes to
 * the real CLI; `buildx version` fails as on a machine without the plugin; pull/tag/push act like
 * a daemon would for one single-platform image: `push` copies the pulled source with skopeo.
 */
async function standInDocker(): Promise<{ bin: string; argv: () => Promise<string[]> }> {
  const bin = join(dir, `bin-${randomHex(4)}`)
  await mkdir(bin)
  const script = `#!/usr/bin/env bash
here="$(cd "$(dirname "$0")" && pwd)"
printf '%s\\n' "$*" >> "$here/argv.log"
case "$1" in
  manifest)
    exec ${REAL_DOCKER} "$@" ;;
  buildx)
    echo "docker: 'buildx' is not a docker command." >&2
    echo "See 'docker --help'" >&2
    exit 1 ;;
  pull)
    printf '%s\\n' "$2" >> "$here/pulled"
    echo "$2: Pulled"
    exit 0 ;;
  tag)
    if ! grep -qxF -- "$2" "$here/pulled" 2>/dev/null; then echo "Error response from daemon: No such image: $2" >&2; exit 1; fi
    printf '%s %s\\n' "$3" "$2" >> "$here/tags"
    exit 0 ;;
  push)
    src="$(awk -v dst="$2" '$1 == dst { src = $2 } END { print src }' "$here/tags" 2>/dev/null)"
    if [ -z "$src" ]; then echo "An image does not exist locally with the tag: $2" >&2; exit 1; fi
    exec skopeo copy --quiet --all --insecure-policy --src-tls-verify=false --dest-tls-verify=false --src-no-creds --dest-no-creds "docker://$src" "docker://$2" ;;
  *)
    echo "stand-in docker: unexpected call: $*" >&2
    exit 2 ;;
esac
`
  await writeFile(join(bin, 'docker'), script)
  await chmod(join(bin, 'docker'), 0o755)
  return {
    bin,
    argv: async () => (await readFile(join(bin, 'argv.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean)
  }
}

describe('engine: docker with the real docker CLI (no daemon, no buildx)', () => {
  test('docker-manifest: found by manifest inspect; pull fails without a daemon, so the build runs; the registry API tags what it pushed', async () => {
    const sha = newCommit()
    const app = 'dk-docker-manifest'
    const repo = `${registry.host}/owner/${app}`
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'docker-manifest', { salt: sha })
    const prepared = await seedImage(registry.host, `staging/${app}:${sha}`, 'docker-manifest', {
      salt: `built-${sha}`
    })
    expect(prepared.digest).not.toBe(seeded.digest)

    const run = await runAction(
      {
        app,
        version: 'v1.0.1',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        latest: 'true',
        engine: 'docker',
        'build-command': copyBuild(registry.host, `staging/${app}:{commit}`)
      },
      { PATH: pathWith() }
    )

    expect(run.stderr).toBe('')
    expect(run.stdout).toContain(`✅ Found existing image for commit ${sha.slice(0, 7)}: ${repo}:${sha}`)
    expect(run.stdout).toContain('Optimizing: Re-tagging existing image instead of rebuilding')
    expect(run.stdout).toMatch(
      new RegExp(
        `::warning::Failed to tag existing image, falling back to rebuild \\(docker pull ${escape(repo)}@${seeded.digest}: ${NO_DAEMON}`
      )
    )
    expect(run.stdout).toContain(`Building ${app} for commit ${sha.slice(0, 7)}`)
    // the build itself worked: it pushed the prepared image over the commit tag
    expect(run.stdout).toContain(`Build pushed ${repo}:${sha} (${prepared.digest})`)
    expect(await digestOf(`owner/${app}:${sha}`)).toBe(prepared.digest)

    // its tags: the docker engine's pull fails for the same reason, so the registry API writes them
    const fallbacks = apiFallbacks(run.stdout)
    expect(fallbacks).toHaveLength(1)
    expect(fallbacks[0]).toMatch(new RegExp(`^docker pull ${escape(repo)}@${prepared.digest}: ${NO_DAEMON}`))
    expect(run.stdout.indexOf('::warning::re-tagging through the docker engine failed')).toBeGreaterThan(
      run.stdout.indexOf(`Build pushed ${repo}:${sha}`)
    )
    for (const tag of ['v1.0.1', 'latest']) expect(run.stdout).toContain(`Tagged ${repo}:${tag}`)

    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain('::error::')
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.retagged).toBe('false')
    expect(run.outputs.engine).toBe('registry')
    expect(run.outputs.digest).toBe(prepared.digest)
    expect(run.outputs.reason).toMatch(
      new RegExp(`^retag-failed: docker pull ${escape(repo)}@${seeded.digest}: ${NO_DAEMON}`)
    )
    expect(run.outputs.reason.split(NO_DAEMON)).toHaveLength(2) // the re-tag only: the tags after the build were written
    expect(run.outputs.tags.split('\n')).toEqual([sha, 'v1.0.1', 'latest'].map((t) => `${repo}:${t}`))
    // the version tag and latest name the built image, byte for byte (no conversion on the way)
    const built = await rawManifest(registry.host, `owner/${app}:${sha}`)
    for (const tag of ['v1.0.1', 'latest']) {
      const tagged = await rawManifest(registry.host, `owner/${app}:${tag}`)
      expect(tagged?.digest).toBe(prepared.digest)
      expect(tagged?.bytes.equals(built!.bytes)).toBe(true)
    }
  })

  test.each<[ImageKind, RegExp]>([
    [
      'oci-manifest',
      /^docker buildx is not installed, and pull \+ tag \+ push would rewrite the application\/vnd\.oci\.image\.manifest\.v1\+json (\S+) under a new digest$/
    ],
    [
      'oci-index',
      /^docker buildx is not installed, and pull \+ tag \+ push would keep one platform of the multi-arch index (\S+) and drop the others$/
    ],
    [
      'docker-list',
      /^docker buildx is not installed, and pull \+ tag \+ push would keep one platform of the multi-arch index (\S+) and drop the others$/
    ]
  ])(
    '%s: the re-tag refuses (buildx missing) and goes to the build; the registry API tags what it pushed',
    async (kind, refusal) => {
      const sha = newCommit()
      const app = `dk-${kind}`
      const repo = `${registry.host}/owner/${app}`
      const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, kind, { salt: sha })
      const prepared = await seedImage(registry.host, `staging/${app}:${sha}`, kind, { salt: `built-${sha}` })
      expect(prepared.digest).not.toBe(seeded.digest)

      const run = await runAction(
        {
          app,
          version: 'v2.0.0',
          commit: sha,
          image: `${registry.host}/owner/{app}`,
          engine: 'docker',
          'build-command': copyBuild(registry.host, `staging/${app}:{commit}`)
        },
        { PATH: pathWith() }
      )

      expect(run.stderr).toBe('')
      expect(run.stdout).toContain(`✅ Found existing image for commit ${sha.slice(0, 7)}`)
      expect(run.stdout).toContain(
        '::warning::Failed to tag existing image, falling back to rebuild (docker buildx is not installed'
      )
      const retagFailed = /^retag-failed: (.*)$/.exec(run.outputs.reason)
      expect(retagFailed).not.toBeNull()
      expect(retagFailed![1]).toMatch(refusal)
      expect(refusal.exec(retagFailed![1])![1]).toBe(`${repo}@${seeded.digest}`)
      expect(run.stdout).toContain(`Building ${app} for commit ${sha.slice(0, 7)}`)
      expect(run.stdout).toContain(`Build pushed ${repo}:${sha} (${prepared.digest})`)

      // the build pushed the same kind again, which the docker engine refuses again: the registry API tags it
      const fallbacks = apiFallbacks(run.stdout)
      expect(fallbacks).toHaveLength(1)
      expect(fallbacks[0]).toMatch(refusal)
      expect(refusal.exec(fallbacks[0])![1]).toBe(`${repo}@${prepared.digest}`)

      expect(run.code).toBe(0)
      expect(run.outputs.path).toBe('build')
      expect(run.outputs.engine).toBe('registry')
      expect(run.outputs.digest).toBe(prepared.digest)
      // latest: auto (the default) with no other version tagged moves latest, last
      expect(run.outputs.tags.split('\n')).toEqual([sha, 'v2.0.0', 'latest'].map((t) => `${repo}:${t}`))
      for (const tag of ['v2.0.0', 'latest']) expect(await digestOf(`owner/${app}:${tag}`)).toBe(prepared.digest)
      expect(run.stdout).not.toContain(NO_DAEMON) // no pull was even attempted
    }
  )

  test('not found: "no such manifest" is not-found (dry run: the build would run)', async () => {
    const sha = newCommit()
    const run = await runAction(
      {
        app: 'dk-absent',
        version: 'v1.0.0',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        engine: 'docker',
        'dry-run': 'true'
      },
      { PATH: pathWith() }
    )

    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`No existing image found for commit ${sha.slice(0, 7)}, will build`)
    expect(run.stdout).toContain('Dry run: would run the build command for dk-absent')
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toBe('not-found')
  })

  test.each<[ImageKind, (repo: string, digest: string) => string]>([
    ['docker-manifest', (repo, digest) => `docker pull ${repo}@${digest}: ${NO_DAEMON}`],
    [
      'oci-manifest',
      (repo, digest) =>
        `docker buildx is not installed, and pull + tag + push would rewrite the ${OCI_MANIFEST} ${repo}@${digest} under a new digest`
    ]
  ])(
    'not found, real build (%s): the build pushes; the docker CLI cannot tag it, the registry API does',
    async (kind, cause) => {
      const sha = newCommit()
      const app = `dk-built-${kind}`
      const repo = `${registry.host}/owner/${app}`
      const prepared = await seedImage(registry.host, `staging/${app}:${sha}`, kind, { salt: sha })
      const run = await runAction(
        {
          app,
          version: 'v1.0.0',
          commit: sha,
          image: `${registry.host}/owner/{app}`,
          engine: 'docker',
          'build-command': copyBuild(registry.host, `staging/${app}:{commit}`)
        },
        { PATH: pathWith() }
      )

      expect(run.stderr).toBe('')
      expect(run.stdout).toContain(`No existing image found for commit ${sha.slice(0, 7)}, will build`)
      expect(run.stdout).toContain(`Build pushed ${repo}:${sha} (${prepared.digest})`)
      const fallbacks = apiFallbacks(run.stdout)
      expect(fallbacks).toHaveLength(1)
      expect(fallbacks[0].startsWith(cause(repo, prepared.digest))).toBe(true)

      expect(run.code).toBe(0)
      expect(run.outputs.path).toBe('build')
      expect(run.outputs.reason).toBe('not-found')
      expect(run.outputs.engine).toBe('registry')
      expect(run.outputs.digest).toBe(prepared.digest)
      expect(run.outputs.tags.split('\n')).toEqual([sha, 'v1.0.0', 'latest'].map((t) => `${repo}:${t}`))
      for (const tag of ['v1.0.0', 'latest']) expect(await digestOf(`owner/${app}:${tag}`)).toBe(prepared.digest)
    }
  )

  test('token registry, private repository, no credentials: check-failed naming unauthorized/denied, never not-found', async () => {
    const sha = newCommit()
    await seedImage(token.host, `owner/dk-private:${sha}`, 'oci-manifest', { salt: sha, creds: credentialsOf(token) })

    const run = await runAction(
      {
        app: 'dk-private',
        version: 'v1.0.0',
        commit: sha,
        image: `${token.host}/owner/{app}`,
        engine: 'docker',
        'dry-run': 'true'
      },
      { PATH: pathWith() }
    )

    expect(run.stdout).not.toContain('No existing image found')
    expect(run.stdout).toContain(
      `::warning::Could not check for an existing image of commit ${sha.slice(0, 7)} (docker manifest inspect ${token.host}/owner/dk-private:${sha}: `
    )
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toMatch(/^check-failed: docker manifest inspect /)
    expect(run.outputs.reason).not.toContain('not-found')
    expect(run.outputs.reason).toMatch(/unauthorized|denied/)
    // docker 28 prints `errors:` and one cause a line: the header is skipped, the causes joined
    expect(run.outputs.reason).toBe(
      `check-failed: docker manifest inspect ${token.host}/owner/dk-private:${sha}: denied: requested access to the resource is denied; unauthorized: authentication required`
    )
    expect(run.stdout).not.toContain('errors:')
  })

  test('token registry with username/password: the private DOCKER_CONFIG logs the CLI in', async () => {
    const sha = newCommit()
    const seeded = await seedImage(token.host, `owner/dk-login:${sha}`, 'oci-manifest', {
      salt: sha,
      creds: credentialsOf(token)
    })

    const run = await runAction(
      {
        app: 'dk-login',
        version: 'v1.0.0',
        commit: sha,
        image: `${token.host}/owner/{app}`,
        engine: 'docker',
        'dry-run': 'true',
        ...credentialsOf(token)
      },
      { PATH: pathWith() }
    )

    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `✅ Found existing image for commit ${sha.slice(0, 7)}: ${token.host}/owner/dk-login:${sha}`
    )
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.digest).toBe(seeded.digest)
    expect(run.outputs.engine).toBe('docker')
    // the password only ever appears in the runner's own ::add-mask:: command
    expect(
      run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')
    ).not.toContain(token.password!)
  })
})

describe('engine: auto', () => {
  test('commit image present: re-tagged through the registry API, docker never run', async () => {
    const sha = newCommit()
    const seeded = await seedImage(registry.host, `owner/auto-app:${sha}`, 'oci-index', { salt: sha })
    const docker = await standInDocker()

    const run = await runAction(
      {
        app: 'auto-app',
        version: 'v1.0.1',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        latest: 'true',
        engine: 'auto'
      },
      { PATH: pathWith(docker.bin) }
    )

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.engine).toBe('registry')
    expect(run.outputs.digest).toBe(seeded.digest)
    expect(run.stdout).not.toContain('::warning::')
    for (const tag of ['v1.0.1', 'latest']) expect(await digestOf(`owner/auto-app:${tag}`)).toBe(seeded.digest)
    expect(await docker.argv()).toEqual([])
  })
})

describe('engine: docker through a stand-in docker without buildx (pull + tag + push)', () => {
  test('docker-manifest: re-tagged by pull, tag, push in order; digest preserved', async () => {
    const kind: ImageKind = 'docker-manifest'
    const sha = newCommit()
    const app = `standin-${kind}`
    const repo = `${registry.host}/owner/${app}`
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, kind, { salt: sha })
    const docker = await standInDocker()

    const run = await runAction(
      {
        app,
        version: 'v3.1.0',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        latest: 'true',
        tags: 'stable',
        engine: 'docker'
      },
      { PATH: pathWith(docker.bin) }
    )

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`✅ Found existing image for commit ${sha.slice(0, 7)}: ${repo}:${sha}`)
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.engine).toBe('docker')
    expect(run.outputs.digest).toBe(seeded.digest)
    expect(run.outputs.tags.split('\n')).toEqual([sha, 'v3.1.0', 'stable', 'latest'].map((t) => `${repo}:${t}`))
    const source = await rawManifest(registry.host, `owner/${app}:${sha}`)
    for (const tag of ['v3.1.0', 'stable', 'latest']) {
      const tagged = await rawManifest(registry.host, `owner/${app}:${tag}`)
      expect(tagged?.digest).toBe(seeded.digest)
      expect(tagged?.bytes.equals(source!.bytes)).toBe(true)
    }

    const argv = await docker.argv()
    // the commit image and the target tags are looked up (concurrently) before anything is written
    expect(argv.indexOf(`manifest inspect --insecure ${repo}:${sha}`)).toBeGreaterThanOrEqual(0)
    expect(argv.filter((a) => a.startsWith('buildx'))).toEqual(['buildx version'])
    const writes = argv.filter((a) => /^(pull|tag|push) /.test(a))
    const from = `${repo}@${seeded.digest}`
    expect(writes).toEqual([
      `pull ${from}`,
      `tag ${from} ${repo}:v3.1.0`,
      `push ${repo}:v3.1.0`,
      `tag ${from} ${repo}:stable`,
      `push ${repo}:stable`,
      `tag ${from} ${repo}:latest`,
      `push ${repo}:latest`
    ])
    expect(argv.indexOf('buildx version')).toBeLessThan(argv.indexOf(`pull ${from}`))
    for (const tag of [sha, 'v3.1.0', 'stable', 'latest'])
      expect(argv.indexOf(`manifest inspect --insecure ${repo}:${tag}`)).toBeLessThan(argv.indexOf(`pull ${from}`))
  })

  test('oci-manifest: refused (pull + tag + push would give it a new digest) before any pull, tag or push; the build runs and the registry API tags it', async () => {
    const sha = newCommit()
    const app = 'standin-oci-manifest'
    const repo = `${registry.host}/owner/${app}`
    const seeded = await seedImage(registry.host, `owner/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const prepared = await seedImage(registry.host, `staging/${app}:${sha}`, 'oci-manifest', { salt: `built-${sha}` })
    const docker = await standInDocker()

    const run = await runAction(
      {
        app,
        version: 'v3.1.0',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        latest: 'true',
        tags: 'stable',
        engine: 'docker',
        'build-command': copyBuild(registry.host, `staging/${app}:{commit}`)
      },
      { PATH: pathWith(docker.bin) }
    )

    const refusal = (digest: string): string =>
      `docker buildx is not installed, and pull + tag + push would rewrite the ${OCI_MANIFEST} ${repo}@${digest} under a new digest`
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain(`✅ Found existing image for commit ${sha.slice(0, 7)}: ${repo}:${sha}`)
    expect(run.stdout).toContain(
      `::warning::Failed to tag existing image, falling back to rebuild (${refusal(seeded.digest)})`
    )
    expect(run.stdout).toContain(`Build pushed ${repo}:${sha} (${prepared.digest})`)
    expect(apiFallbacks(run.stdout)).toEqual([refusal(prepared.digest)])

    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toBe(`retag-failed: ${refusal(seeded.digest)}`)
    expect(run.outputs.engine).toBe('registry')
    expect(run.outputs.digest).toBe(prepared.digest)
    expect(run.outputs.tags.split('\n')).toEqual([sha, 'v3.1.0', 'stable', 'latest'].map((t) => `${repo}:${t}`))
    for (const tag of ['v3.1.0', 'stable', 'latest'])
      expect(await digestOf(`owner/${app}:${tag}`)).toBe(prepared.digest)

    const argv = await docker.argv()
    // buildx asked once; neither the found image nor the build's was pulled, tagged or pushed
    expect(argv.filter((a) => a.startsWith('buildx'))).toEqual(['buildx version'])
    expect(argv.filter((a) => /^(pull|tag|push) /.test(a))).toEqual([])
    expect(argv.every((a) => a === 'buildx version' || a.startsWith('manifest inspect '))).toBe(true)
  })

  test('not found (the build pushes a docker-manifest): the tags are written through pull, tag, push', async () => {
    const kind: ImageKind = 'docker-manifest'
    const sha = newCommit()
    const app = `standin-built-${kind}`
    const repo = `${registry.host}/owner/${app}`
    const prepared = await seedImage(registry.host, `staging/${app}:${sha}`, kind, { salt: sha })
    const docker = await standInDocker()

    const run = await runAction(
      {
        app,
        version: 'v1.0.0',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        latest: 'false',
        engine: 'docker',
        'build-command': copyBuild(registry.host, `staging/${app}:{commit}`)
      },
      { PATH: pathWith(docker.bin) }
    )

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toBe('not-found')
    expect(run.outputs.engine).toBe('docker')
    expect(run.outputs.digest).toBe(prepared.digest)
    expect(apiFallbacks(run.stdout)).toEqual([])
    expect(await digestOf(`owner/${app}:v1.0.0`)).toBe(prepared.digest)
    expect((await docker.argv()).filter((a) => /^(pull|tag|push) /.test(a))).toEqual([
      `pull ${repo}@${prepared.digest}`,
      `tag ${repo}@${prepared.digest} ${repo}:v1.0.0`,
      `push ${repo}:v1.0.0`
    ])
  })

  test('not found (the build pushes an oci-manifest): refused by the docker engine, the registry API writes the tags; no pull, tag or push', async () => {
    const sha = newCommit()
    const app = 'standin-built-oci-manifest'
    const repo = `${registry.host}/owner/${app}`
    const prepared = await seedImage(registry.host, `staging/${app}:${sha}`, 'oci-manifest', { salt: sha })
    const docker = await standInDocker()

    const run = await runAction(
      {
        app,
        version: 'v1.0.0',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        latest: 'false',
        engine: 'docker',
        'build-command': copyBuild(registry.host, `staging/${app}:{commit}`)
      },
      { PATH: pathWith(docker.bin) }
    )

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('build')
    expect(run.outputs.reason).toBe('not-found')
    expect(run.outputs.engine).toBe('registry')
    expect(run.outputs.digest).toBe(prepared.digest)
    expect(apiFallbacks(run.stdout)).toEqual([
      `docker buildx is not installed, and pull + tag + push would rewrite the ${OCI_MANIFEST} ${repo}@${prepared.digest} under a new digest`
    ])
    expect(await digestOf(`owner/${app}:v1.0.0`)).toBe(prepared.digest)
    expect(await digestOf(`owner/${app}:latest`)).toBeUndefined()
    expect((await docker.argv()).filter((a) => /^(pull|tag|push) /.test(a))).toEqual([])
  })

  test('multi-arch index: refused before any pull, tag or push', async () => {
    const sha = newCommit()
    await seedImage(registry.host, `owner/standin-index:${sha}`, 'oci-index', { salt: sha })
    const docker = await standInDocker()

    const run = await runAction(
      {
        app: 'standin-index',
        version: 'v1.0.0',
        commit: sha,
        image: `${registry.host}/owner/{app}`,
        engine: 'docker',
        'on-missing': 'fail'
      },
      { PATH: pathWith(docker.bin) }
    )

    expect(run.code).toBe(1)
    expect(run.outputs.path).toBe('fail')
    expect(run.outputs.reason).toMatch(
      /^retag-failed: docker buildx is not installed.*multi-arch index.*drop the others; on-missing is fail, so nothing was built$/
    )
    const argv = await docker.argv()
    expect(argv).toContain('buildx version')
    expect(argv.filter((a) => /^(pull|tag|push) /.test(a))).toEqual([])
    expect(await digestOf(`owner/standin-index:v1.0.0`)).toBeUndefined()
  })
})
