// Images made by other tools, and what hosted registries answer, against a real CNCF Distribution
// registry: the revision recorded in any of its four places, OCI 1.1 indexes that list artifacts
// (non-JSON configs), revision labels written to hurt the log, and the refusals of GHCR and ECR,
// played by a small front that answers manifest PUTs as those registries do.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Agent, createServer, type Server } from 'node:http'
import { expectOutcome, resultsOf, runAction, type ActionRun } from '../fixtures/services/action.js'
import { addIndexChild, manifestDigest, seedImage, type IndexChild } from '../fixtures/services/images.js'
import { closeServer, endToEndHeaders, forward, listenOnLoopback } from '../fixtures/services/proxies/forward.js'
import { startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit, sha256 } from '../fixtures/util.js'

const REVISION = 'org.opencontainers.image.revision'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
const COSIGN = 'application/vnd.dev.cosign.artifact.sig.v1+json'
/** What a signature or an SBOM may hold as its config: not JSON, NUL bytes first. */
const NOT_JSON = Buffer.from([0, 0, 0, 0x1f, 0x8b, 0x08, 0x3a, 0x3a, 0x0a, 0x3a, 0x3a])

let registry: StartedRegistry

beforeAll(async () => {
  registry = await startRegistry()
})
afterAll(async () => {
  await registry?.stop()
})

const inputs = (app: string, sha: string, more: Record<string, string> = {}): Record<string, string> => ({
  app,
  version: 'v1.0.0',
  commit: sha,
  image: `${registry.host}/trust/{app}`,
  'on-missing': 'defer',
  ...more
})

/** No line of what the run printed or wrote came from the image: no NUL, no workflow command of its own. */
function expectNoInjectedText(run: ActionRun): void {
  for (const text of [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)]) {
    expect(text).not.toContain('\u0000')
    expect(text).not.toMatch(/^::(error|add-mask|warning) ?[^:]*::(injected|secret)/m)
    expect(text).not.toMatch(/^::(error ::injected|add-mask::secret)/m)
  }
  expect(run.outputs.reason).not.toContain('\n')
}

describe('verify-revision reads all four places a revision is recorded', () => {
  test.each<[string, { manifest?: boolean; entry?: boolean; index?: boolean }]>([
    ['the image manifest annotations (rules_oci, buildx --annotation manifest:)', { manifest: true }],
    ['an index entry annotation (buildah manifest annotate)', { entry: true }],
    ['the index annotations (buildx --annotation index:)', { index: true }]
  ])('an index whose labels name the commit but %s name another: not reused', async (_where, other) => {
    const [sha, foreign] = [newCommit(), newCommit()]
    const app = `four-${Object.keys(other)[0]}`
    const claim = (another?: boolean) => ({ [REVISION]: another ? foreign : sha })
    await seedImage(registry.host, `trust/${app}:${sha}`, 'oci-index', {
      salt: sha,
      revision: sha,
      manifestAnnotations: claim(other.manifest),
      entryAnnotations: claim(other.entry),
      indexAnnotations: claim(other.index)
    })
    const run = await runAction(inputs(app, sha, { 'verify-revision': 'true' }))
    expectOutcome(run, { code: 0, path: 'defer', reason: `revision-mismatch: ${foreign}` })
    expect(run.stdout).toContain(`not reusing it (revision-mismatch: ${foreign}), will build`)
    expect(await manifestDigest(registry.host, `trust/${app}:v1.0.0`)).toBeUndefined()
  })

  test('a single manifest whose annotations name another commit: not reused', async () => {
    const [sha, foreign] = [newCommit(), newCommit()]
    await seedImage(registry.host, `trust/four-single:${sha}`, 'oci-manifest', {
      salt: sha,
      revision: sha,
      manifestAnnotations: { [REVISION]: foreign }
    })
    const run = await runAction(inputs('four-single', sha, { 'verify-revision': 'true' }))
    expectOutcome(run, { code: 0, path: 'defer', reason: `revision-mismatch: ${foreign}` })
  })

  test('all four places name the commit: re-tagged', async () => {
    const sha = newCommit()
    const mine = { [REVISION]: sha }
    const seeded = await seedImage(registry.host, `trust/four-agree:${sha}`, 'oci-index', {
      salt: sha,
      revision: sha,
      manifestAnnotations: mine,
      entryAnnotations: mine,
      indexAnnotations: mine
    })
    const run = await runAction(inputs('four-agree', sha, { 'verify-revision': 'true' }))
    expectOutcome(run, { code: 0, path: 'retag' })
    expect(run.outputs.digest).toBe(seeded.digest)
  })
})

describe('an OCI 1.1 index that lists artifacts beside its images', () => {
  const signature = (more: Partial<IndexChild>): IndexChild => ({ config: NOT_JSON, configType: COSIGN, ...more })

  test.each<[string, IndexChild]>([
    ['with an artifactType on its entry', signature({ artifactType: COSIGN, entry: { artifactType: COSIGN } })],
    ['with an artifactType in its manifest only', signature({ artifactType: COSIGN })],
    ['with a config that is no image config', signature({})],
    ['on platform unknown/unknown', signature({ entry: { platform: { os: 'unknown', architecture: 'unknown' } } })],
    ['claiming a platform of the image', signature({ entry: { platform: { os: 'linux', architecture: 'amd64' } } })]
  ])('an artifact %s is skipped by both checks: re-tagged', async (_what, child) => {
    const sha = newCommit()
    const app = 'artifact'
    await seedImage(registry.host, `trust/${app}:${sha}`, 'oci-index', { salt: `${sha}`, revision: sha })
    const { digest } = await addIndexChild(registry.host, `trust/${app}:${sha}`, child)
    const run = await runAction(
      inputs(app, sha, { 'verify-revision': 'true', platforms: 'linux/amd64,linux/arm64', version: `v-${sha}` })
    )
    expectOutcome(run, { code: 0, path: 'retag' })
    expect(run.outputs.digest).toBe(digest)
    expectNoInjectedText(run)
  })

  test('an image whose config is not JSON: said in words, nothing raw in the log or the reason', async () => {
    const sha = newCommit()
    await seedImage(registry.host, `trust/broken-config:${sha}`, 'oci-index', { salt: sha, revision: sha })
    const child: IndexChild = { config: NOT_JSON, configType: OCI_CONFIG, entry: {} }
    await addIndexChild(registry.host, `trust/broken-config:${sha}`, child)
    const run = await runAction(inputs('broken-config', sha, { platforms: 'linux/amd64' }))
    expectOutcome(run, { code: 0, path: 'defer' })
    expect(run.outputs.reason).toBe(
      `check-failed: the image config ${sha256(NOT_JSON)} (${OCI_CONFIG}) of ${registry.host}/trust/broken-config:${sha} is not a JSON object`
    )
    expectNoInjectedText(run)
  })
})

describe('a revision label is text from the image', () => {
  test('a label holding newlines and workflow commands stays on one escaped line', async () => {
    const sha = newCommit()
    const label = `${sha.slice(0, 8)}0\n::error ::injected\r\n::add-mask::secret\n# Heading\n<b>bold</b>`
    await seedImage(registry.host, `trust/label:${sha}`, 'oci-manifest', { salt: sha, revision: label })
    const run = await runAction(inputs('label', sha, { 'verify-revision': 'true' }))
    expectOutcome(run, { code: 0, path: 'defer' })
    expect(run.outputs.reason).toBe(
      `revision-mismatch: ${sha.slice(0, 8)}0\\n::error ::injected\\r\\n::add-mask::secret\\n# Heading\\n<b>bold</b>`
    )
    expect(resultsOf(run)[0].reason).toBe(run.outputs.reason)
    expectNoInjectedText(run)
    expect(run.summary).not.toContain('<b>bold</b>')
  })
})

/** Answers a manifest PUT of a tag as a hosted registry would; forwards everything else to the registry. */
async function startHostedFront(
  refuse: (tag: string) => { status: number; code: string; message: string } | undefined
) {
  const agent = new Agent({ keepAlive: true })
  const server: Server = createServer((req, res) => {
    const tag = /\/manifests\/([^/?]+)$/.exec(req.url ?? '')?.[1]
    const refusal = req.method === 'PUT' && tag ? refuse(tag) : undefined
    if (refusal) {
      req.resume()
      const body = JSON.stringify({ errors: [{ code: refusal.code, message: refusal.message }] })
      res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
      return
    }
    forward(req, res, {
      host: registry.host,
      headers: endToEndHeaders(req.headers),
      agent,
      unreachable: (e) => `registry unreachable: ${e.message}`
    })
  })
  const host = await listenOnLoopback(server)
  return {
    host,
    stop: async () => {
      await closeServer(server)
      agent.destroy()
    }
  }
}

describe('hosted registries: what to do about their refusals', () => {
  test('ECR: an immutable repository refuses to move latest; the hint names the tag and the exclusion', async () => {
    const sha = newCommit()
    const ecr = (tag: string): string =>
      `The image tag '${tag}' already exists in the 'trust/immutable' repository and cannot be overwritten because the repository is immutable.`
    const front = await startHostedFront((tag) =>
      tag === 'latest' ? { status: 400, code: 'TAG_INVALID', message: ecr(tag) } : undefined
    )
    try {
      const seeded = await seedImage(registry.host, `trust/immutable:${sha}`, 'oci-manifest', { salt: sha })
      const run = await runAction({ ...inputs('immutable', sha), image: `${front.host}/trust/{app}`, latest: 'true' })
      expectOutcome(run, { code: 1, path: 'fail' })
      expect(run.outputs.reason).toContain(
        'IMMUTABLE_WITH_EXCLUSION with an image tag mutability exclusion filter `latest`'
      )
      expect(run.outputs.reason).toContain('`latest` already exists')
      expect(run.outputs.reason).toContain('not rebuilding')
      expect(await manifestDigest(registry.host, `trust/immutable:v1.0.0`)).toBe(seeded.digest)
    } finally {
      await front.stop()
    }
  })

  test('GHCR: permission_denied: write_package needs Manage Actions access beside packages: write', async () => {
    const sha = newCommit()
    const front = await startHostedFront(() => ({
      status: 403,
      code: 'DENIED',
      message: 'permission_denied: write_package'
    }))
    try {
      await seedImage(registry.host, `trust/ghcr:${sha}`, 'oci-manifest', { salt: sha })
      const run = await runAction({ ...inputs('ghcr', sha), image: `${front.host}/trust/{app}` })
      expectOutcome(run, { code: 0, path: 'defer' })
      expect(run.outputs.reason).toMatch(
        /^retag-failed: pushing \S+:v1\.0\.0: DENIED \(permission_denied: write_package\)/
      )
      expect(run.outputs.reason).toContain('`permissions: packages: write`')
      expect(run.outputs.reason).toContain('"Manage Actions access", with the Write role')
    } finally {
      await front.stop()
    }
  })
})
