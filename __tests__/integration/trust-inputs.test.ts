// What the action takes in and what it lets out, against real registries: inputs checked before
// any request (hosts, ports, commit, build command, numbers), loopback decided on the address,
// secrets echoed by a registry kept out of outputs and summary, and text from an image unable to
// start a workflow command or add markup to the summary.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { runAction, runCli, type ActionRun } from '../fixtures/services/action.js'
import { startEchoFront } from '../fixtures/services/fronts-text/echo.js'
import { rawManifest, seedImage } from '../fixtures/services/images.js'
import { actionRequests, credentialsOf, startRegistry, type StartedRegistry } from '../fixtures/services/registry.js'
import { newCommit, withStarted } from '../fixtures/util.js'

let plain: StartedRegistry
let basic: StartedRegistry
let token: StartedRegistry

beforeAll(async () => {
  ;[plain, basic, token] = await Promise.all([
    startRegistry(),
    startRegistry({ auth: 'basic' }),
    startRegistry({ auth: 'token' })
  ])
})
afterAll(async () => {
  await Promise.all([plain?.stop(), basic?.stop(), token?.stop()])
})

const port = (r: StartedRegistry): string => r.host.split(':')[1]

/** What the run showed a person: stdout without the lines that tell the runner what to mask. */
const shownOf = (run: ActionRun): string[] => [
  ...run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
  run.stderr,
  JSON.stringify(run.outputs),
  run.summary
]

/** The commands @actions/core itself writes for this action: no properties, data escaped onto one line. */
const OWN_COMMAND = /^::(group|endgroup|debug|warning|error)::/

/** Lines as the runner reads them (a carriage return ends a line too). */
const linesOf = (text: string): string[] => text.split(/\r\n|\r|\n/)

describe('item 17: text from an image cannot command the runner or mark up the summary', () => {
  // the Markdown comes early: the reason quotes only the start of a label
  const hostile = [
    'deadbeef',
    '**b** <img src=x> | c |',
    '::error::owned by the label',
    '::add-mask::v1.0.1',
    '  ::warning title=x::owned by the label',
    '::notice::owned',
    '\r::debug::owned after a carriage return',
    'x ##[error]owned the old way'
  ].join('\n')

  test('a revision label with newlines, commands and Markdown (verify-revision, run as the action)', async () => {
    const sha = newCommit()
    await seedImage(plain.host, `trust/label:${sha}`, 'oci-manifest', { salt: sha, revision: hostile })
    const run = await runAction(
      {
        app: 'label',
        version: 'v1.0.1',
        commit: sha,
        image: `${plain.host}/trust/{app}`,
        'verify-revision': 'true',
        'on-missing': 'fail'
      },
      { RUNNER_DEBUG: '1' }
    )

    expect(run.code).toBe(1)
    expect(run.outputs.path).toBe('fail')
    expect(run.outputs.reason).toMatch(/^revision-mismatch: /)
    const commands = linesOf(run.stdout).filter((line) => /^\s*::/.test(line) || line.includes('##['))
    for (const line of commands) expect(line).toMatch(OWN_COMMAND)
    // the one error is the action's own failure, the label's newlines escaped inside its one line
    const quoted = 'revision-mismatch: deadbeef\\n**b** <img src=x> | c |\\n::error::owned by the label\\n'
    expect(commands.filter((line) => line.startsWith('::error'))).toEqual([
      expect.stringContaining(`::error::label: ${quoted}`)
    ])
    expect(run.stdout).not.toMatch(/^\s*::(add-mask|notice|warning title|error::owned|debug::owned)/m)
    // the log line that says why the image is not reused shows the label on one line
    expect(run.stdout).toContain(`not reusing it (${quoted}`)
    for (const output of Object.values(run.outputs)) {
      for (const line of linesOf(output)) {
        expect(line.trimStart()).not.toMatch(/^::/)
        expect(line).not.toContain('##[')
      }
    }
    // the summary: one line of table, no markup from the label
    const table = run.summary.split('\n').filter((line) => line.includes('<table>'))
    expect(table).toHaveLength(1)
    expect(table[0]).toMatch(/^<table>.*<\/table>$/)
    expect(run.summary).not.toContain('**b**')
    expect(run.summary).not.toContain('<img')
    expect(run.summary).not.toContain('| c |')
    expect(run.summary).toContain('&#42;&#42;b&#42;&#42;')
  })
})

describe('item 3: a registry that echoes the credential', () => {
  test.each([['basic'], ['token']])(
    '%s: the echo is masked in the log and redacted from outputs and summary',
    async (kind) => {
      const registry = kind === 'basic' ? basic : token
      const creds = credentialsOf(registry)
      await withStarted(startEchoFront(registry.host), async (front) => {
        const sha = newCommit()
        if (kind === 'token') registry.tokenServer!.clearIssued()
        const run = await runAction({
          app: 'echo',
          version: 'v1.0.0',
          commit: sha,
          image: `${front.host}/trust/{app}`,
          'on-missing': 'fail',
          ...creds
        })

        expect(front.echoed()).toBeGreaterThan(0)
        expect(run.code).toBe(1)
        expect(run.outputs.reason).toMatch(
          /^check-failed: .*DENIED \(credential refused: Authorization: (Basic|Bearer) \*\*\*/
        )
        const secrets = [creds.password, Buffer.from(`${creds.username}:${creds.password}`).toString('base64')]
        if (kind === 'token') secrets.push(...registry.tokenServer!.issued().map((t) => t.token))
        const shown = shownOf(run).join('\n')
        for (const secret of secrets) expect(shown).not.toContain(secret)
        expect(shown).toContain('***')
      })
    }
  )
})

describe('item 16: loopback is decided on the address, not the spelling', () => {
  test.each([['127.1'], ['127.000.000.001'], ['0x7f.0.0.1'], ['[::ffff:127.0.0.1]']])(
    'a registry addressed as %s:<port> is spoken to over plain HTTP',
    async (spelling) => {
      const sha = newCommit()
      const app = `spelled-${spelling.replace(/[^0-9a-z]/g, '')}`
      const seeded = await seedImage(plain.host, `trust/${app}:${sha}`, 'oci-manifest', { salt: sha })
      await plain.reset()
      const run = await runAction({
        app,
        version: 'v1.0.0',
        commit: sha,
        image: `${spelling}:${port(plain)}/trust/{app}`,
        'on-missing': 'fail'
      })
      expect(run.outputs.reason).toBe('')
      expect(run.code).toBe(0)
      expect(run.outputs.path).toBe('retag')
      expect(run.outputs.image).toBe(`${spelling}:${port(plain)}/trust/${app}`)
      expect((await rawManifest(plain.host, `trust/${app}:v1.0.0`))?.digest).toBe(seeded.digest)
      expect(actionRequests(await plain.settledRequests()).length).toBeGreaterThan(0)
    }
  )
})

describe('items 10-14: inputs are checked before any request', () => {
  test('an upper-case commit finds the lower-case commit tag (item 11)', async () => {
    const sha = newCommit()
    const seeded = await seedImage(plain.host, `trust/upper:${sha}`, 'oci-manifest', { salt: sha })
    const run = await runAction({
      app: 'upper',
      version: 'v1.0.0',
      commit: sha.toUpperCase(),
      image: `${plain.host}/trust/{app}`,
      'on-missing': 'fail'
    })
    expect(run.outputs.reason).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs.path).toBe('retag')
    expect(run.outputs.digest).toBe(seeded.digest)
    expect(run.outputs.tags.split('\n')).toContain(`${plain.host}/trust/upper:${sha}`)
  })

  test.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
    [
      'image port 99999',
      { image: '127.0.0.1:99999/trust/{app}' },
      {},
      /^Invalid image '127\.0\.0\.1:99999.*port '99999'/
    ],
    ['image port 0', { image: '127.0.0.1:0/trust/{app}' }, {}, /^Invalid image .*port '0'/],
    ['image [:::::]', { image: '[:::::]/trust/{app}' }, {}, /^Invalid image .*\[:::::\] is not an IPv6 address/],
    [
      'insecure-registries port 65536',
      { 'insecure-registries': 'reg.internal:65536' },
      {},
      /^Invalid insecure-registries entry 'reg\.internal:65536': port '65536'/
    ],
    ['blank build-command', { 'build-command': '   ' }, {}, /^Invalid build-command: it is blank/],
    ["build-command ''", { 'build-command': "''" }, {}, /^Invalid build-command: the command to run is an empty word/],
    [
      'concurrency 1e1',
      { concurrency: '1e1' },
      {},
      /^Invalid concurrency '1e1'\. Expected a whole number from 1 to 64/
    ],
    ['concurrency 0x10', { concurrency: '0x10' }, {}, /^Invalid concurrency '0x10'/],
    [
      'IMAGE_RETAG_TIMEOUT_MS of 2^31',
      {},
      { IMAGE_RETAG_TIMEOUT_MS: String(2 ** 31) },
      /^Invalid IMAGE_RETAG_TIMEOUT_MS '2147483648'\. Expected a whole number from 100 to 3600000/
    ]
  ])('%s: the step fails naming it, nothing is asked of the registry', async (_name, more, env, message) => {
    await plain.reset()
    const run = await runAction(
      { app: 'checked', version: 'v1.0.0', commit: newCommit(), image: `${plain.host}/trust/{app}`, ...more },
      env
    )
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0].slice('::error::'.length)).toMatch(message)
    expect(run.outputs).toEqual({})
    expect(actionRequests(await plain.settledRequests())).toEqual([])
  })

  test.each([
    [
      ['--image', '127.0.0.1:99999/trust/{app}'],
      /^image-retag: Invalid image '127\.0\.0\.1:99999\/trust\/\{app\}'.*port '99999'/
    ],
    [['--image', '[:::::]:5000/trust/{app}'], /^image-retag: Invalid image .*not an IPv6 address/],
    [['--insecure-registries', 'reg.internal:0'], /^image-retag: Invalid insecure-registries entry 'reg\.internal:0'/],
    [['--build-command', ''], /^image-retag: --build-command is empty/],
    [['--concurrency', '0x10'], /^image-retag: Invalid concurrency '0x10'/]
  ])('the CLI exits 2 for %j', async (args, message) => {
    const image = args.includes('--image') ? [] : ['--image', `${plain.host}/x/{app}`]
    const base = ['--app', 'checked', '--version', 'v1.0.0', '--commit', newCommit(), ...image]
    const cli = await runCli([...base, ...args])
    expect(cli.stderr).toMatch(message)
    expect(cli.code).toBe(2)
  })
})
