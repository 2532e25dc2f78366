// The bundled CLI (dist/cli/index.js) against a real registry: flags mirror the inputs, --json
// on stdout, exit codes 0 / 1 / 2, and a password only from stdin or the environment.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runCli as cli } from '../fixtures/services/action.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit } from '../fixtures/util.js'

let open: StartedRegistry
let basic: StartedRegistry
beforeAll(async () => {
  ;[open, basic] = await Promise.all([startRegistry(), startRegistry({ auth: 'basic' })])
})
afterAll(async () => {
  await Promise.all([open?.stop(), basic?.stop()])
})

describe('usage', () => {
  test('--help explains itself and exits 0', async () => {
    const run = await cli(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: image-retag --app NAME --version TAG')
    expect(run.stdout).toContain('--on-missing build|fail|defer')
    expect(run.stdout).toContain('Exit codes: 0 released (or deferred), 1 failed, 2 bad usage.')
  })

  test.each([
    [[], /Usage: image-retag/],
    [['--app', 'x', '--bogus'], /Unknown option --bogus/],
    [['--app', 'x', '--version', 'v1', '--password', 'hunter2'], /--password is not accepted/],
    [
      ['--app', 'x', '--version', 'v1;rm', '--commit', 'abcdef0', '--image', 'localhost:1/{app}'],
      /Invalid version 'v1;rm'/
    ],
    [
      ['--app', 'x', '--version', 'v1', '--commit', 'abcdef0', '--image', 'localhost:1/{app}', '--latest', 'often'],
      /Invalid latest 'often'/
    ]
  ])('%j is bad usage: exit 2', async (args, message) => {
    const run = await cli(args)
    expect(run.code).toBe(2)
    expect(run.stdout + run.stderr).toMatch(message)
  })

  test('a password given as a flag is refused without being printed', async () => {
    const run = await cli(['--app', 'x', '--version', 'v1', '--password', 'hunter2'])
    expect(run.code).toBe(2)
    expect(run.stdout + run.stderr).toContain('--password is not accepted')
    expect(run.stdout + run.stderr).not.toContain('hunter2')
  })
})

describe('releases', () => {
  test('re-tags and prints the result as JSON on stdout', async () => {
    const sha = newCommit()
    const seeded = await seedImage(open.host, `cli/app:${sha}`, 'oci-index', { salt: sha })

    const run = await cli([
      '--app',
      'app',
      '--version',
      'v1.2.0',
      '--commit',
      sha,
      '--image',
      `${open.host}/cli/{app}`,
      '--tags=stable',
      '--json'
    ])

    expect(run.code).toBe(0)
    const [result] = JSON.parse(run.stdout) as Array<{ app: string; path: string; digest: string; written: string[] }>
    expect(result).toMatchObject({ app: 'app', path: 'retag', digest: seeded.digest })
    expect(result.written).toEqual(['v1.2.0', 'stable', 'latest'].map((t) => `${open.host}/cli/app:${t}`))
    expect(run.stderr).toContain('Optimizing: Re-tagging existing image instead of rebuilding')
    expect((await rawManifest(open.host, 'cli/app:stable'))?.digest).toBe(seeded.digest)
  })

  test('a missing image with --on-missing fail exits 1', async () => {
    const run = await cli([
      '--app',
      'gone',
      '--version',
      'v1.0.0',
      '--commit',
      newCommit(),
      '--image',
      `${open.host}/cli/{app}`,
      '--on-missing',
      'fail'
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('No existing image found for commit')
    expect(run.stderr).toContain('gone: not-found; on-missing is fail')
  })

  test.each([['stdin'], ['environment']])('password from %s; never printed', async (source) => {
    const sha = newCommit()
    const creds = credentialsOf(basic)
    const seeded = await seedImage(basic.host, `cli/private-${source}:${sha}`, 'oci-manifest', { salt: sha, creds })
    const args = [
      '--app',
      `private-${source}`,
      '--version',
      'v2.0.0',
      '--commit',
      sha,
      '--image',
      `${basic.host}/cli/{app}`,
      '--username',
      creds.username,
      '--json'
    ]

    const run =
      source === 'stdin'
        ? await cli([...args, '--password-stdin'], { stdin: `${creds.password}\n`, env: { IMAGE_RETAG_DEBUG: '1' } })
        : await cli(args, { env: { IMAGE_RETAG_PASSWORD: creds.password, IMAGE_RETAG_DEBUG: '1' } })

    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)[0].digest).toBe(seeded.digest)
    expect(run.stderr).toContain('debug: ')
    for (const secret of [creds.password, Buffer.from(`${creds.username}:${creds.password}`).toString('base64')]) {
      expect(run.stdout + run.stderr).not.toContain(secret)
    }
  })
})
