// DockerEngine with an injected DockerCli fake (exact argv asserted, answers per argv), the
// AutoEngine fallback rules, and privateDockerConfig.
import { describe, expect, test } from '@jest/globals'
import { dockerCli, type CliResult, type DockerCli } from '../../src/engines/docker-cli.js'
import { DockerEngine, DockerError } from '../../src/engines/docker.js'
import type { Engine, FoundImage } from '../../src/engines/engine.js'
import { MEDIA_TYPES } from '../../src/oci/media-types.js'
import { isLoopback, parseRepository, type Repository } from '../../src/oci/reference.js'
import type { ImageFacts } from '../../src/reuse.js'
import { fakeEngine, type EngineMethods } from '../fixtures/fakes/engine.js'

const DIGEST = `sha256:${'d'.repeat(64)}`
const OTHER = `sha256:${'e'.repeat(64)}`
const LOCAL = parseRepository('127.0.0.1:5000/o/api')
const REMOTE = parseRepository('ghcr.io/o/api')
const ref = (repo: Repository, tag: string): string => `${repo.registry}/${repo.path}:${tag}`
const source = (repo: Repository, digest = DIGEST): string => `${repo.registry}/${repo.path}@${digest}`

const ok = (stdout = ''): CliResult => ({ code: 0, stdout, stderr: '' })
const fail = (stderr: string, code = 1): CliResult => ({ code, stdout: '', stderr })
const NO_BUILDX = fail("docker: 'buildx' is not a docker command.\nSee 'docker --help'")
/** `docker manifest inspect` output; mediaType '' leaves the field out, as some registries' manifests do. */
const manifestJson = (mediaType: string = MEDIA_TYPES.ociManifest): string =>
  JSON.stringify({ schemaVersion: 2, ...(mediaType ? { mediaType } : {}), config: { digest: OTHER }, layers: [] })
const indexJson = (mediaType: string = MEDIA_TYPES.ociIndex): string =>
  JSON.stringify({
    schemaVersion: 2,
    ...(mediaType ? { mediaType } : {}),
    manifests: [{ digest: DIGEST }, { digest: OTHER }]
  })
const imagetools = (digest: string): CliResult =>
  ok(JSON.stringify({ mediaType: MEDIA_TYPES.ociManifest, digest, size: 401 }))
const verbose = (digest: string): CliResult =>
  ok(
    JSON.stringify({
      Ref: 'x',
      Descriptor: { mediaType: MEDIA_TYPES.ociManifest, digest, size: 401 },
      Raw: '',
      SchemaV2Manifest: {}
    })
  )

/** Records every argv; answers with the first matching rule (a function of the argv), else fails loudly. */
function fakeCli(answer: (args: string[]) => CliResult | undefined) {
  const calls: string[][] = []
  const cli: DockerCli = async (args) => {
    calls.push([...args])
    const result = answer(args)
    if (!result) throw new Error(`unexpected docker call: ${args.join(' ')}`)
    return result
  }
  const matching = (...prefix: string[]): string[][] => calls.filter((c) => prefix.every((p, i) => c[i] === p))
  return { cli, calls, matching }
}

const is = (args: string[], ...expected: string[]): boolean =>
  args.length === expected.length && args.every((a, i) => a === expected[i])

type Rule = [matches: (args: string[]) => boolean, result: CliResult]
/** An answer table for fakeCli: the result of the first rule whose predicate matches the argv, else none. */
const firstMatch =
  (...rules: Rule[]) =>
  (args: string[]): CliResult | undefined =>
    rules.find(([matches]) => matches(args))?.[1]
/** Predicate for a rule: the argv starts with the docker command `name`. */
const command =
  (name: string) =>
  (args: string[]): boolean =>
    args[0] === name

/** A registry-API engine stand-in: find and retag only when a test names them; the rest answer plainly. */
function fakeReader(overrides: Partial<EngineMethods> = {}) {
  const { engine, calls } = fakeEngine('registry', {
    resolve: async (_repo, tags) => tags.map(() => DIGEST),
    listTags: async () => ['v1'],
    facts: async () => ({ platforms: ['linux/amd64'], revisions: [] }),
    ...overrides
  })
  return { reader: engine, calls }
}

const insecure = (registry: string): boolean => isLoopback(registry)

function found(repository: Repository, mediaType: string = MEDIA_TYPES.ociManifest, digest = DIGEST): FoundImage {
  return { repository, tag: 'abc1234', digest, mediaType, engine: 'docker' }
}

describe('find: docker manifest inspect', () => {
  test('loopback registry: exact argv with --insecure; found image carries media type and digest', async () => {
    const { cli, calls } = fakeCli(
      firstMatch([command('manifest'), ok(manifestJson())], [command('buildx'), NO_BUILDX])
    )
    const { reader } = fakeReader()
    const engine = new DockerEngine(cli, { insecure, reader })

    const image = await engine.find(LOCAL, 'abc1234')

    expect(calls[0]).toEqual(['manifest', 'inspect', '--insecure', '127.0.0.1:5000/o/api:abc1234'])
    expect(image).toEqual({
      repository: LOCAL,
      tag: 'abc1234',
      digest: DIGEST,
      mediaType: MEDIA_TYPES.ociManifest,
      engine: 'docker'
    })
  })

  test('other registries: no --insecure', async () => {
    const { cli, calls } = fakeCli(
      firstMatch([command('manifest'), ok(manifestJson())], [command('buildx'), NO_BUILDX])
    )
    const engine = new DockerEngine(cli, { insecure, reader: fakeReader().reader })

    await engine.find(REMOTE, 'abc1234')

    expect(calls[0]).toEqual(['manifest', 'inspect', 'ghcr.io/o/api:abc1234'])
    expect(calls.flat()).not.toContain('--insecure')
  })

  test('a registry named in insecure-registries gets --insecure', async () => {
    const { cli, calls } = fakeCli(
      firstMatch([command('manifest'), ok(manifestJson())], [command('buildx'), NO_BUILDX])
    )
    const engine = new DockerEngine(cli, { insecure: (r) => r === 'ghcr.io', reader: fakeReader().reader })
    await engine.find(REMOTE, 'abc1234')
    expect(calls[0]).toEqual(['manifest', 'inspect', '--insecure', 'ghcr.io/o/api:abc1234'])
  })

  test.each([
    ['docker manifest', manifestJson(MEDIA_TYPES.dockerManifest), MEDIA_TYPES.dockerManifest],
    ['oci index', indexJson(), MEDIA_TYPES.ociIndex],
    ['docker list', indexJson(MEDIA_TYPES.dockerList), MEDIA_TYPES.dockerList],
    ['index without mediaType', indexJson(''), MEDIA_TYPES.ociIndex],
    ['manifest without mediaType', manifestJson(''), MEDIA_TYPES.ociManifest]
  ])('%s', async (_name, json, mediaType) => {
    const { cli } = fakeCli(firstMatch([command('manifest'), ok(json)], [command('buildx'), NO_BUILDX]))
    const engine = new DockerEngine(cli, { insecure, reader: fakeReader().reader })
    expect((await engine.find(LOCAL, 'abc1234'))?.mediaType).toBe(mediaType)
  })

  test.each([
    ['no such manifest: 127.0.0.1:5000/o/api:abc1234'],
    ['manifest unknown: manifest unknown'],
    ['errors:\nmanifest unknown: manifest unknown\n'],
    ['manifest for 127.0.0.1:5000/o/api:abc1234 not found']
  ])('not found (%j), and the registry API agrees: undefined', async (stderr) => {
    const { cli, calls } = fakeCli(firstMatch([command('manifest'), fail(stderr)], [command('buildx'), NO_BUILDX]))
    const { reader, calls: readerCalls } = fakeReader({ find: async () => undefined })
    const engine = new DockerEngine(cli, { insecure, reader })

    expect(await engine.find(LOCAL, 'abc1234')).toBeUndefined()
    expect(calls).toEqual([['manifest', 'inspect', '--insecure', '127.0.0.1:5000/o/api:abc1234']])
    expect(readerCalls.find).toEqual([[LOCAL, 'abc1234']])
    expect(readerCalls.resolve).toEqual([])
  })

  // docker prints "no such manifest" for an UNAUTHORIZED answer too: the API has the last word
  test('"no such manifest" while the registry API has the image: an error saying docker is not logged in', async () => {
    const { cli } = fakeCli((args) =>
      args[0] === 'manifest' ? fail('no such manifest: 127.0.0.1:5000/o/api:abc1234') : NO_BUILDX
    )
    const { reader } = fakeReader({
      find: async (repository, tag) => ({
        repository,
        tag,
        digest: DIGEST,
        mediaType: MEDIA_TYPES.ociManifest,
        engine: 'registry'
      })
    })
    await expect(new DockerEngine(cli, { insecure, reader }).find(LOCAL, 'abc1234')).rejects.toThrow(
      /no such manifest, yet the registry API has it: docker is probably not logged in to 127\.0\.0\.1:5000/
    )
  })

  test('"no such manifest" and the registry API fails too: an error, never "not found"', async () => {
    const { cli } = fakeCli((args) =>
      args[0] === 'manifest' ? fail('no such manifest: 127.0.0.1:5000/o/api:abc1234') : NO_BUILDX
    )
    const { reader } = fakeReader({
      find: async () => {
        throw new Error('UNAUTHORIZED')
      }
    })
    await expect(new DockerEngine(cli, { insecure, reader }).find(LOCAL, 'abc1234')).rejects.toThrow(
      /which docker also says when it may not read it; the registry API could not tell \(UNAUTHORIZED\)/
    )
  })

  test('"no such manifest" without a registry API to ask: undefined', async () => {
    const { cli } = fakeCli((args) =>
      args[0] === 'manifest' ? fail('no such manifest: 127.0.0.1:5000/o/api:abc1234') : NO_BUILDX
    )
    expect(await new DockerEngine(cli, { insecure }).find(LOCAL, 'abc1234')).toBeUndefined()
  })

  // every failure that is not "the manifest does not exist" must throw: undefined would mean "build it"
  test.each<[string, CliResult, RegExp]>([
    ['unauthorized', fail('unauthorized: authentication required'), /unauthorized: authentication required/],
    [
      'denied',
      fail('denied: requested access to the resource is denied'),
      /denied: requested access to the resource is denied/
    ],
    // what docker 28 really prints for a private repository of a token-auth registry without credentials
    [
      'errors: list (token registry)',
      fail('errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required\n'),
      /denied|unauthorized/
    ],
    [
      'unauthorized next to manifest unknown',
      fail('unauthorized: authentication required; manifest unknown'),
      /unauthorized/
    ],
    ['docker missing (exit 127)', fail('docker: command not found', 127), /docker: command not found/],
    [
      'connection refused',
      fail(
        'failed to configure transport: error pinging v2 registry: Get "https://ghcr.io/v2/": dial tcp 1.2.3.4:443: connect: connection refused'
      ),
      /connection refused/
    ],
    [
      'DNS failure',
      fail('Get "https://ghcr.io/v2/": dial tcp: lookup ghcr.io on 127.0.0.53:53: no such host'),
      /no such host/
    ],
    ['timeout', fail('Get "https://ghcr.io/v2/": net/http: TLS handshake timeout'), /TLS handshake timeout/],
    ['toomanyrequests', fail('toomanyrequests: You have reached your pull rate limit'), /toomanyrequests/],
    // "not found" alone is not a missing manifest: only no such manifest / manifest unknown / manifest … not found are
    [
      'a 404 page',
      fail(
        'error parsing HTTP 404 response body: invalid character \'p\' after top-level value: "404 page not found\\n"'
      ),
      /404 page not found/
    ],
    ['repository not found', fail('repository ghcr.io/o/api not found'), /repository ghcr\.io\/o\/api not found/],
    // exit 127 is a missing docker (or plugin), whatever the text says
    ['exit 127 with a not-found text', fail('no such manifest: ghcr.io/o/api:abc1234', 127), /no such manifest/],
    ['exit 127 with manifest unknown', fail('manifest unknown: manifest unknown', 127), /manifest unknown/],
    [
      'denied next to no such manifest',
      fail('denied: access forbidden\nno such manifest: ghcr.io/o/api:abc1234'),
      /denied: access forbidden/
    ],
    [
      'errors: list with manifest unknown and unauthorized',
      fail('errors:\nmanifest unknown: manifest unknown\nunauthorized: authentication required\n'),
      /unauthorized/
    ]
  ])('%s: throws DockerError naming the cause', async (_name, result, message) => {
    const { cli } = fakeCli(firstMatch([command('manifest'), result], [command('buildx'), NO_BUILDX]))
    const engine = new DockerEngine(cli, { insecure, reader: fakeReader().reader })

    const attempt = engine.find(REMOTE, 'abc1234')

    await expect(attempt).rejects.toBeInstanceOf(DockerError)
    await expect(attempt).rejects.toThrow(message)
    await expect(attempt).rejects.toThrow('ghcr.io/o/api:abc1234')
  })

  test.each<[string, CliResult, string]>([
    // docker's `errors:` header line is skipped, the causes are joined on one line
    [
      'errors: list',
      fail('errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required\n'),
      'denied: requested access to the resource is denied; unauthorized: authentication required'
    ],
    [
      'lines trimmed, blank lines dropped',
      fail('  unauthorized: authentication required  \n\n  see the docs \n'),
      'unauthorized: authentication required; see the docs'
    ],
    [
      'a single line',
      fail('toomanyrequests: You have reached your pull rate limit'),
      'toomanyrequests: You have reached your pull rate limit'
    ],
    ['stdout when stderr is empty', { code: 1, stdout: 'unexpected answer\n', stderr: '' }, 'unexpected answer'],
    ['nothing said: the exit code', { code: 3, stdout: '', stderr: '' }, 'exit code 3'],
    ['only an errors: line: the exit code', fail('errors:\n', 4), 'exit code 4']
  ])('the error message joins what docker said (%s)', async (_name, result, said) => {
    const { cli } = fakeCli(firstMatch([command('manifest'), result], [command('buildx'), NO_BUILDX]))
    const attempt = new DockerEngine(cli, { insecure, reader: fakeReader().reader }).find(REMOTE, 'abc1234')
    await expect(attempt).rejects.toBeInstanceOf(DockerError)
    await expect(attempt).rejects.toMatchObject({
      name: 'DockerError',
      message: `docker manifest inspect ghcr.io/o/api:abc1234: ${said}`
    })
  })

  test('the real dockerCli with no docker binary on PATH answers exit 127, which find turns into an error', async () => {
    const cli = dockerCli({ PATH: '/nonexistent-dir-for-docker' })
    expect(await cli(['version'])).toEqual({ code: 127, stdout: '', stderr: 'docker: command not found' })

    const engine = new DockerEngine(cli, { insecure, reader: fakeReader().reader })
    const attempt = engine.find(LOCAL, 'abc1234')
    await expect(attempt).rejects.toThrow(DockerError)
    await expect(attempt).rejects.toMatchObject({
      message: 'docker manifest inspect 127.0.0.1:5000/o/api:abc1234: docker: command not found'
    })
  })
})

describe('buildx detection', () => {
  test('`buildx version` is asked once, however many calls need it (also concurrently)', async () => {
    const { cli, matching } = fakeCli(
      firstMatch(
        [(args) => args[0] === 'manifest' && args[1] === 'inspect' && args.includes('--verbose'), verbose(DIGEST)],
        [command('manifest'), ok(manifestJson())],
        [command('buildx'), NO_BUILDX]
      )
    )
    const engine = new DockerEngine(cli, { insecure, reader: fakeReader().reader })

    await Promise.all([engine.find(LOCAL, 'a'), engine.resolve(LOCAL, ['b', 'c', 'd'])])
    await engine.find(LOCAL, 'e')

    expect(matching('buildx')).toEqual([['buildx', 'version']])
  })

  test('with buildx: the answer is cached too', async () => {
    const { cli, matching } = fakeCli(
      firstMatch(
        [(args) => is(args, 'buildx', 'version'), ok('github.com/docker/buildx v0.23.0')],
        [command('manifest'), ok(manifestJson())],
        [(args) => args[1] === 'imagetools', imagetools(DIGEST)]
      )
    )
    const engine = new DockerEngine(cli, { insecure })
    await engine.find(LOCAL, 'a')
    await engine.resolve(LOCAL, ['b', 'c'])
    expect(matching('buildx', 'version')).toHaveLength(1)
  })
})

describe('with buildx', () => {
  function buildxCli(digests: Record<string, string> = {}, create: (args: string[]) => CliResult = () => ok()) {
    return fakeCli((args) => {
      if (is(args, 'buildx', 'version')) return ok('github.com/docker/buildx v0.23.0 abcdef')
      if (args[0] === 'manifest' && args[1] === 'inspect') return ok(manifestJson())
      if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'inspect') {
        const tag = args[3].slice(args[3].lastIndexOf(':') + 1)
        return imagetools(digests[tag] ?? DIGEST)
      }
      if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'create') return create(args)
      return undefined
    })
  }

  test('digest from `buildx imagetools inspect --format {{json .Manifest}}`, not from the reader', async () => {
    const { cli, calls } = buildxCli({ abc1234: OTHER })
    const { reader, calls: readerCalls } = fakeReader()
    const engine = new DockerEngine(cli, { insecure, reader })

    const image = await engine.find(LOCAL, 'abc1234')

    expect(image?.digest).toBe(OTHER)
    expect(calls).toContainEqual([
      'buildx',
      'imagetools',
      'inspect',
      '127.0.0.1:5000/o/api:abc1234',
      '--format',
      '{{json .Manifest}}'
    ])
    expect(readerCalls.resolve).toEqual([])
  })

  test('resolve: digest of existing tags, undefined for missing ones', async () => {
    const { cli } = fakeCli((args) => {
      if (is(args, 'buildx', 'version')) return ok('buildx')
      if (args[0] === 'manifest')
        return args[3].endsWith(':v1') ? ok(manifestJson()) : fail(`no such manifest: ${args[3]}`)
      if (args[2] === 'inspect') return imagetools(OTHER)
      return undefined
    })
    const engine = new DockerEngine(cli, { insecure })
    expect(await engine.resolve(LOCAL, ['v1', 'latest'])).toEqual([OTHER, undefined])
  })

  test('single manifest: one create with --prefer-index=false for the named tags, then latest in its own call', async () => {
    const { cli, calls, matching } = buildxCli()
    const engine = new DockerEngine(cli, { insecure })

    expect(await engine.retag(found(LOCAL), [['v1', 'x'], ['latest']])).toBe('docker')

    expect(matching('buildx', 'imagetools', 'create')).toEqual([
      [
        'buildx',
        'imagetools',
        'create',
        '--prefer-index=false',
        '--tag',
        ref(LOCAL, 'v1'),
        '--tag',
        ref(LOCAL, 'x'),
        source(LOCAL)
      ],
      ['buildx', 'imagetools', 'create', '--prefer-index=false', '--tag', ref(LOCAL, 'latest'), source(LOCAL)]
    ])
    // latest is written only after the others were written and verified
    const index = (args: string[]): number => calls.findIndex((c) => is(c, ...args))
    const latestCreate = calls.findIndex((c) => c[2] === 'create' && c.includes(ref(LOCAL, 'latest')))
    expect(index(['buildx', 'imagetools', 'inspect', ref(LOCAL, 'v1'), '--format', '{{json .Manifest}}'])).toBeLessThan(
      latestCreate
    )
    expect(index(['buildx', 'imagetools', 'inspect', ref(LOCAL, 'x'), '--format', '{{json .Manifest}}'])).toBeLessThan(
      latestCreate
    )
    expect(
      index(['buildx', 'imagetools', 'inspect', ref(LOCAL, 'latest'), '--format', '{{json .Manifest}}'])
    ).toBeGreaterThan(latestCreate)
    expect(matching('pull')).toEqual([])
    expect(matching('push')).toEqual([])
  })

  test('only a version tag: a single create call', async () => {
    const { cli, matching } = buildxCli()
    await new DockerEngine(cli, { insecure }).retag(found(REMOTE), [['v1']])
    expect(matching('buildx', 'imagetools', 'create')).toEqual([
      ['buildx', 'imagetools', 'create', '--prefer-index=false', '--tag', ref(REMOTE, 'v1'), source(REMOTE)]
    ])
  })

  test('only latest: one call', async () => {
    const { cli, matching } = buildxCli()
    await new DockerEngine(cli, { insecure }).retag(found(REMOTE), [['latest']])
    expect(matching('buildx', 'imagetools', 'create')).toEqual([
      ['buildx', 'imagetools', 'create', '--prefer-index=false', '--tag', ref(REMOTE, 'latest'), source(REMOTE)]
    ])
  })

  test.each<[string, string[][]]>([
    ['no groups', []],
    ['one empty group', [[]]],
    ['only empty groups', [[], [], []]]
  ])('%s: returns without any docker call (not even buildx version)', async (_name, groups) => {
    const { cli, calls } = buildxCli()
    expect(await new DockerEngine(cli, { insecure }).retag(found(REMOTE), groups)).toBe('docker')
    expect(calls).toEqual([])
  })

  test('an empty group between others is skipped, the rest written in order', async () => {
    const { cli, matching } = buildxCli()
    expect(await new DockerEngine(cli, { insecure }).retag(found(REMOTE), [['v1'], [], ['latest']])).toBe('docker')
    expect(matching('buildx', 'imagetools', 'create')).toEqual([
      ['buildx', 'imagetools', 'create', '--prefer-index=false', '--tag', ref(REMOTE, 'v1'), source(REMOTE)],
      ['buildx', 'imagetools', 'create', '--prefer-index=false', '--tag', ref(REMOTE, 'latest'), source(REMOTE)]
    ])
  })

  test('a Docker v2 single manifest: also --prefer-index=false', async () => {
    const { cli, matching } = buildxCli()
    await new DockerEngine(cli, { insecure }).retag(found(REMOTE, MEDIA_TYPES.dockerManifest), [['v1']])
    expect(matching('buildx', 'imagetools', 'create')).toEqual([
      ['buildx', 'imagetools', 'create', '--prefer-index=false', '--tag', ref(REMOTE, 'v1'), source(REMOTE)]
    ])
  })

  test.each([[MEDIA_TYPES.ociIndex], [MEDIA_TYPES.dockerList]])(
    'an index (%s): no --prefer-index=false, the index stays whole',
    async (mediaType) => {
      const { cli, matching } = buildxCli()
      await new DockerEngine(cli, { insecure }).retag(found(LOCAL, mediaType), [['v1'], ['latest']])
      expect(matching('buildx', 'imagetools', 'create')).toEqual([
        ['buildx', 'imagetools', 'create', '--tag', ref(LOCAL, 'v1'), source(LOCAL)],
        ['buildx', 'imagetools', 'create', '--tag', ref(LOCAL, 'latest'), source(LOCAL)]
      ])
      expect(matching('pull')).toEqual([])
    }
  )

  test('verification: a tag on another digest after create throws naming that tag, and latest is not written', async () => {
    const { cli, matching } = buildxCli({ x: OTHER })
    const attempt = new DockerEngine(cli, { insecure }).retag(found(LOCAL), [['v1', 'x'], ['latest']])

    await expect(attempt).rejects.toBeInstanceOf(DockerError)
    await expect(attempt).rejects.toThrow(`${ref(LOCAL, 'x')} points at ${OTHER} after the re-tag, expected ${DIGEST}`)
    expect(matching('buildx', 'imagetools', 'create')).toHaveLength(1)
    expect(matching('buildx', 'imagetools', 'create').flat()).not.toContain(ref(LOCAL, 'latest'))
  })

  test('a failing create throws with docker’s message and stops before latest', async () => {
    const { cli, matching } = buildxCli({}, () =>
      fail('ERROR: failed to push: denied: permission_denied: write_package')
    )
    const attempt = new DockerEngine(cli, { insecure }).retag(found(REMOTE), [['v1'], ['latest']])
    await expect(attempt).rejects.toBeInstanceOf(DockerError)
    await expect(attempt).rejects.toThrow(/permission_denied/)
    expect(matching('buildx', 'imagetools', 'create')).toHaveLength(1)
  })
})

describe('without buildx', () => {
  function plainCli(
    options: { digests?: Record<string, string>; pull?: CliResult; push?: CliResult; verbose?: CliResult } = {}
  ) {
    return fakeCli((args) => {
      if (is(args, 'buildx', 'version')) return NO_BUILDX
      if (args[0] === 'manifest' && args.includes('--verbose')) return options.verbose ?? verbose(DIGEST)
      if (args[0] === 'manifest') return ok(manifestJson())
      if (args[0] === 'pull') return options.pull ?? ok()
      if (args[0] === 'tag') return ok()
      if (args[0] === 'push') return options.push ?? ok()
      return undefined
    })
  }

  /** The only kind pull + tag + push keeps under its digest: docker pushes what it pulled as a Docker v2 manifest. */
  const v2 = (repository: Repository): FoundImage => found(repository, MEDIA_TYPES.dockerManifest)

  test('Docker v2 single manifest: pull repo@digest, then tag and push per tag, in order', async () => {
    const { cli, calls } = plainCli()
    const { reader, calls: readerCalls } = fakeReader()
    const engine = new DockerEngine(cli, { insecure, reader })

    expect(await engine.retag(v2(LOCAL), [['v1'], ['x'], ['latest']])).toBe('docker')

    expect(calls.filter((c) => c[0] !== 'manifest')).toEqual([
      ['buildx', 'version'],
      ['pull', source(LOCAL)],
      ['tag', source(LOCAL), ref(LOCAL, 'v1')],
      ['push', ref(LOCAL, 'v1')],
      ['tag', source(LOCAL), ref(LOCAL, 'x')],
      ['push', ref(LOCAL, 'x')],
      ['tag', source(LOCAL), ref(LOCAL, 'latest')],
      ['push', ref(LOCAL, 'latest')]
    ])
    // every push verified through the registry API
    expect(readerCalls.resolve).toEqual([['v1'], ['x'], ['latest']])
  })

  test.each([[MEDIA_TYPES.ociIndex], [MEDIA_TYPES.dockerList]])(
    'a multi-arch index (%s) is refused: no pull, tag or push',
    async (mediaType) => {
      const { cli, calls } = plainCli()
      const attempt = new DockerEngine(cli, { insecure, reader: fakeReader().reader }).retag(found(LOCAL, mediaType), [
        ['v1'],
        ['latest']
      ])

      await expect(attempt).rejects.toBeInstanceOf(DockerError)
      await expect(attempt).rejects.toThrow(/buildx/)
      await expect(attempt).rejects.toThrow(/platform/)
      await expect(attempt).rejects.toThrow(source(LOCAL))
      await expect(attempt).rejects.toMatchObject({
        message: `docker buildx is not installed, and pull + tag + push would keep one platform of the multi-arch index ${source(LOCAL)} and drop the others`
      })
      expect(calls.filter((c) => ['pull', 'tag', 'push'].includes(c[0]))).toEqual([])
      expect(calls).toEqual([['buildx', 'version']])
    }
  )

  test('an OCI single manifest is refused like an index (pushed back it would be a Docker manifest, a new digest): no pull, tag or push', async () => {
    const { cli, calls } = plainCli()
    const { reader, calls: readerCalls } = fakeReader()
    const attempt = new DockerEngine(cli, { insecure, reader }).retag(found(LOCAL, MEDIA_TYPES.ociManifest), [
      ['v1'],
      ['latest']
    ])

    await expect(attempt).rejects.toBeInstanceOf(DockerError)
    await expect(attempt).rejects.toMatchObject({
      message: `docker buildx is not installed, and pull + tag + push would rewrite the ${MEDIA_TYPES.ociManifest} ${source(LOCAL)} under a new digest`
    })
    expect(calls.filter((c) => ['pull', 'tag', 'push'].includes(c[0]))).toEqual([])
    expect(calls).toEqual([['buildx', 'version']])
    expect(readerCalls.resolve).toEqual([])
  })

  test('an OCI manifest found through `manifest inspect` (no mediaType field either) is refused too', async () => {
    const { cli, calls } = fakeCli(
      firstMatch(
        [(args) => args[0] === 'manifest' && !args.includes('--verbose'), ok(manifestJson(''))],
        [(args) => is(args, 'buildx', 'version'), NO_BUILDX]
      )
    )
    const engine = new DockerEngine(cli, { insecure, reader: fakeReader().reader })
    const image = await engine.find(LOCAL, 'abc1234')
    expect(image?.mediaType).toBe(MEDIA_TYPES.ociManifest)

    await expect(engine.retag(image!, [['v1']])).rejects.toThrow(
      /would rewrite the application\/vnd\.oci\.image\.manifest\.v1\+json .* under a new digest/
    )
    expect(calls.filter((c) => ['pull', 'tag', 'push'].includes(c[0]))).toEqual([])
  })

  test.each<[string, string[][]]>([
    ['no groups', []],
    ['one empty group', [[]]],
    ['only empty groups', [[], [], []]]
  ])(
    '%s: nothing to write, so no docker call at all (no buildx version, no pull, which needs a daemon)',
    async (_name, groups) => {
      const { cli, calls } = plainCli({
        pull: fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')
      })
      const { reader, calls: readerCalls } = fakeReader()
      await expect(new DockerEngine(cli, { insecure, reader }).retag(v2(LOCAL), groups)).resolves.toBe('docker')
      expect(calls).toEqual([])
      expect(readerCalls.resolve).toEqual([])
    }
  )

  test.each([[MEDIA_TYPES.ociManifest], [MEDIA_TYPES.ociIndex], [MEDIA_TYPES.dockerList]])(
    'no groups: even %s (which would be refused) returns without a docker call',
    async (mediaType) => {
      const { cli, calls } = plainCli()
      await expect(
        new DockerEngine(cli, { insecure, reader: fakeReader().reader }).retag(found(LOCAL, mediaType), [])
      ).resolves.toBe('docker')
      expect(calls).toEqual([])
    }
  )

  test('an empty group between others is skipped', async () => {
    const { cli, calls } = plainCli()
    expect(
      await new DockerEngine(cli, { insecure, reader: fakeReader().reader }).retag(v2(LOCAL), [['v1'], [], ['latest']])
    ).toBe('docker')
    expect(calls.filter((c) => ['pull', 'tag', 'push'].includes(c[0]))).toEqual([
      ['pull', source(LOCAL)],
      ['tag', source(LOCAL), ref(LOCAL, 'v1')],
      ['push', ref(LOCAL, 'v1')],
      ['tag', source(LOCAL), ref(LOCAL, 'latest')],
      ['push', ref(LOCAL, 'latest')]
    ])
  })

  test('a failing pull (no daemon) throws with docker’s message; nothing tagged or pushed', async () => {
    const { cli, calls } = plainCli({
      pull: fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')
    })
    const attempt = new DockerEngine(cli, { insecure, reader: fakeReader().reader }).retag(v2(LOCAL), [['v1']])
    await expect(attempt).rejects.toBeInstanceOf(DockerError)
    await expect(attempt).rejects.toMatchObject({
      message: `docker pull ${source(LOCAL)}: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`
    })
    expect(calls.filter((c) => c[0] === 'tag' || c[0] === 'push')).toEqual([])
  })

  test('a failing push stops before the next tag', async () => {
    const { cli, calls } = plainCli({ push: fail('denied: requested access to the resource is denied') })
    const attempt = new DockerEngine(cli, { insecure, reader: fakeReader().reader }).retag(v2(LOCAL), [
      ['v1'],
      ['latest']
    ])
    await expect(attempt).rejects.toMatchObject({
      message: `docker push ${ref(LOCAL, 'v1')}: denied: requested access to the resource is denied`
    })
    expect(calls.filter((c) => c[0] === 'tag' || c[0] === 'push')).toEqual([
      ['tag', source(LOCAL), ref(LOCAL, 'v1')],
      ['push', ref(LOCAL, 'v1')]
    ])
  })

  test('verification after push: a different digest throws naming the tag, later tags untouched', async () => {
    const { cli, calls } = plainCli()
    const { reader } = fakeReader({ resolve: async (_r, tags) => tags.map((t) => (t === 'v1' ? OTHER : DIGEST)) })
    const attempt = new DockerEngine(cli, { insecure, reader }).retag(v2(LOCAL), [['v1'], ['latest']])
    await expect(attempt).rejects.toThrow(`${ref(LOCAL, 'v1')} points at ${OTHER} after the re-tag, expected ${DIGEST}`)
    expect(calls.filter((c) => c[0] === 'push')).toEqual([['push', ref(LOCAL, 'v1')]])
  })

  describe('digest', () => {
    test('from reader.resolve when it answers; no --verbose inspect', async () => {
      const { cli, calls } = plainCli()
      const { reader, calls: readerCalls } = fakeReader({ resolve: async () => [OTHER] })
      const image = await new DockerEngine(cli, { insecure, reader }).find(LOCAL, 'abc1234')
      expect(image?.digest).toBe(OTHER)
      expect(readerCalls.resolve).toEqual([['abc1234']])
      expect(calls.filter((c) => c.includes('--verbose'))).toEqual([])
    })

    test.each<[string, Engine | undefined]>([
      ['no reader', undefined],
      ['reader answers undefined', fakeReader({ resolve: async () => [undefined] }).reader],
      [
        'reader throws',
        fakeReader({
          resolve: async () => {
            throw new Error('403 Forbidden')
          }
        }).reader
      ]
    ])('%s: Descriptor.digest of `manifest inspect --verbose`', async (_name, reader) => {
      const { cli, calls } = plainCli({ verbose: verbose(OTHER) })
      const image = await new DockerEngine(cli, { insecure, reader }).find(LOCAL, 'abc1234')
      expect(image?.digest).toBe(OTHER)
      expect(calls).toContainEqual(['manifest', 'inspect', '--verbose', '--insecure', ref(LOCAL, 'abc1234')])
    })

    test('--verbose without --insecure for other registries', async () => {
      const { cli, calls } = plainCli()
      await new DockerEngine(cli, { insecure }).find(REMOTE, 'abc1234')
      expect(calls).toContainEqual(['manifest', 'inspect', '--verbose', ref(REMOTE, 'abc1234')])
    })

    test('no reader and an index (--verbose prints a list, no Descriptor): throws, never an undefined digest', async () => {
      const { cli } = plainCli({ verbose: ok(JSON.stringify([{ Ref: 'a', Descriptor: { digest: OTHER } }])) })
      const attempt = new DockerEngine(cli, { insecure }).find(LOCAL, 'abc1234')
      await expect(attempt).rejects.toBeInstanceOf(DockerError)
      await expect(attempt).rejects.toThrow(/cannot tell the digest of 127\.0\.0\.1:5000\/o\/api:abc1234/)
    })

    test('a failing --verbose inspect throws', async () => {
      const { cli } = plainCli({ verbose: fail('unauthorized: authentication required') })
      await expect(new DockerEngine(cli, { insecure }).find(LOCAL, 'abc1234')).rejects.toThrow(DockerError)
    })
  })
})

describe('listTags and facts', () => {
  const facts: ImageFacts = { platforms: ['linux/amd64', 'linux/arm64'], revisions: ['abc'] }

  test('delegate to the reader, docker is not asked', async () => {
    const { cli, calls } = fakeCli(() => undefined)
    const { reader, calls: readerCalls } = fakeReader({ listTags: async () => ['v1', 'v2'], facts: async () => facts })
    const engine = new DockerEngine(cli, { insecure, reader })

    expect(await engine.listTags(LOCAL)).toEqual(['v1', 'v2'])
    expect(await engine.facts(found(LOCAL), { readRevisions: true })).toEqual(facts)
    expect(readerCalls.listTags).toBe(1)
    expect(readerCalls.facts).toBe(1)
    expect(calls).toEqual([])
  })

  test('without a reader: a clear DockerError', async () => {
    const { cli, calls } = fakeCli(() => undefined)
    const engine = new DockerEngine(cli, { insecure })
    await expect(engine.listTags(LOCAL)).rejects.toThrow(DockerError)
    await expect(engine.listTags(LOCAL)).rejects.toMatchObject({
      message: 'listing the tags of 127.0.0.1:5000/o/api needs the registry API'
    })
    await expect(engine.facts(found(LOCAL), { readRevisions: true })).rejects.toThrow(DockerError)
    await expect(engine.facts(found(LOCAL), { readRevisions: true })).rejects.toMatchObject({
      message: 'reading the image configs of 127.0.0.1:5000/o/api needs the registry API'
    })
    expect(calls).toEqual([])
  })

  test('without a reader they reject (Engine methods return promises) instead of throwing synchronously', () => {
    const engine = new DockerEngine(fakeCli(() => undefined).cli, { insecure })
    let listed: Promise<unknown> | undefined
    let described: Promise<unknown> | undefined
    expect(() => {
      listed = engine.listTags(LOCAL)
    }).not.toThrow()
    expect(() => {
      described = engine.facts(found(LOCAL), { readRevisions: true })
    }).not.toThrow()
    return Promise.all([expect(listed).rejects.toThrow(DockerError), expect(described).rejects.toThrow(DockerError)])
  })
})

describe('promotion through the docker CLI', () => {
  const HUB = parseRepository('docker.io/acme/api')

  function buildxCli() {
    return fakeCli((args) => {
      if (is(args, 'buildx', 'version')) return ok('github.com/docker/buildx v0.23.0 abcdef')
      if (args[0] === 'buildx' && args[2] === 'inspect') return imagetools(DIGEST)
      if (args[0] === 'buildx' && args[2] === 'create') return ok()
      return undefined
    })
  }

  test('copy does nothing itself (imagetools copies on retag): zero stats, no docker call', async () => {
    const { cli, calls } = buildxCli()
    const warnings: string[] = []
    const engine = new DockerEngine(cli, { insecure, warn: (m) => void warnings.push(m) })
    expect(await engine.copy(found(REMOTE), HUB, { referrers: false })).toEqual({
      mounted: 0,
      copied: 0,
      skipped: 0,
      bytes: 0,
      manifests: 0,
      referrers: 0
    })
    expect(calls).toEqual([])
    expect(warnings).toEqual([])
  })

  test('with referrers asked for, a warning says they do not go along', async () => {
    const warnings: string[] = []
    const engine = new DockerEngine(buildxCli().cli, { insecure, warn: (m) => void warnings.push(m) })
    await engine.copy(found(REMOTE), HUB, { referrers: true })
    expect(warnings).toEqual([
      `the docker engine does not copy signatures, attestations or SBOMs that refer to ${DIGEST}: docker.io/acme/api gets the image only`
    ])
  })

  test('retag into a destination: --tag <destination>:<tag> from <source>@<digest>, verified at the destination', async () => {
    const { cli, matching } = buildxCli()
    const engine = new DockerEngine(cli, { insecure })
    expect(await engine.retag(found(REMOTE, MEDIA_TYPES.ociIndex), [['v1'], ['latest']], HUB)).toBe('docker')
    expect(matching('buildx', 'imagetools', 'create')).toEqual([
      ['buildx', 'imagetools', 'create', '--tag', ref(HUB, 'v1'), source(REMOTE)],
      ['buildx', 'imagetools', 'create', '--tag', ref(HUB, 'latest'), source(REMOTE)]
    ])
    expect(matching('buildx', 'imagetools', 'inspect').map((c) => c[3])).toEqual([ref(HUB, 'v1'), ref(HUB, 'latest')])
  })
})
