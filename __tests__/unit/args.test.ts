import { describe, expect, jest, test } from '@jest/globals'
import { cliHost, HELP, main, parseArgs, type Terminal } from '../../src/cli/main.js'
import { InputError } from '../../src/errors.js'
import type { Config } from '../../src/inputs.js'
import type { AppResult, Host } from '../../src/model.js'
import { COMMIT, DIGEST, plan, result } from '../fixtures/data.js'

describe('parseArgs', () => {
  test('values, repeated values, = forms and bare booleans', () => {
    const parsed = parseArgs([
      '--app',
      'api',
      '--app=web',
      '--version',
      'v1',
      '--dry-run',
      '--allow-overwrite=false',
      '--json'
    ])
    expect(Object.fromEntries(parsed.values)).toEqual({
      app: ['api', 'web'],
      version: ['v1'],
      'dry-run': ['true'],
      'allow-overwrite': ['false']
    })
    expect(parsed).toMatchObject({ json: true, help: false, passwordStdin: false })
  })

  test.each([['-h'], ['--help']])('%s asks for help', (flag) => {
    expect(parseArgs([flag]).help).toBe(true)
  })

  test('--password-stdin', () => {
    expect(parseArgs(['--password-stdin']).passwordStdin).toBe(true)
  })

  test.each<[string[], string]>([
    [['--password', 'x'], '--password is not accepted'],
    [['--password=x'], '--password is not accepted'],
    [['--github-token', 'x'], 'Unknown option --github-token'],
    [['--nope'], 'Unknown option --nope. See image-retag --help.'],
    [['api'], "Unexpected argument 'api'. See image-retag --help."],
    [['--version'], '--version needs a value'],
    [['--build-command', ''], '--build-command is empty. Expected a command and its arguments'],
    [['--build-command='], '--build-command is empty']
  ])('%j is refused', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(InputError)
    expect(() => parseArgs(argv)).toThrow(message)
  })
})

function terminal(env: NodeJS.ProcessEnv = {}, stdin = '') {
  const out: string[] = []
  const err: string[] = []
  const t: Terminal = {
    env,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readStdin: () => stdin,
    gitHead: () => COMMIT
  }
  return { terminal: t, out, err }
}

const ARGS = ['--app', 'api', '--version', 'v1.0.1', '--image', 'ghcr.io/o/{app}']

function release(results: AppResult[] | Error) {
  return jest.fn(async (_config: Config, host: Host, _env: NodeJS.ProcessEnv): Promise<AppResult[]> => {
    host.log.info('working')
    if (results instanceof Error) throw results
    return results
  })
}

describe('main', () => {
  test('--help: the text on stdout, exit 0; no arguments: the text, exit 2', async () => {
    const help = terminal()
    expect(await main(['--help'], help.terminal, release([]))).toBe(0)
    expect(help.out.join('')).toBe(HELP)
    const none = terminal()
    expect(await main([], none.terminal, release([]))).toBe(2)
    expect(none.out.join('')).toBe(HELP)
  })

  test('bad usage: exit 2 and the reason on stderr', async () => {
    const { terminal: t, err } = terminal()
    expect(await main(['--nope'], t, release([]))).toBe(2)
    expect(err).toEqual(['image-retag: Unknown option --nope. See image-retag --help.\n'])
  })

  test('a released app: one line per app and the path, exit 0; the commit from git HEAD', async () => {
    const run = release([result({ path: 'retag', digest: DIGEST })])
    const { terminal: t, out, err } = terminal()
    expect(await main(ARGS, t, run)).toBe(0)
    expect(out).toEqual([])
    expect(err).toEqual(['working\n', `api: retag ${DIGEST}\n`, 'path: retag\n'])
    expect(run.mock.calls[0][0].plans).toEqual([plan()])
    expect(run.mock.calls[0][2]).toBe(t.env)
  })

  test('--json: the results on stdout', async () => {
    const results = [result({ path: 'defer', reason: 'not-found' })]
    const { terminal: t, out, err } = terminal()
    expect(await main([...ARGS, '--json'], t, release(results))).toBe(0)
    expect(JSON.parse(out.join(''))).toEqual(results)
    expect(err.at(-1)).toBe('path: defer\n')
  })

  test('a failed app: its reason, the failure message, exit 1', async () => {
    const { terminal: t, err } = terminal()
    expect(await main(ARGS, t, release([result({ path: 'fail', reason: 'not-found; build failed' })]))).toBe(1)
    expect(err.slice(1)).toEqual([
      'api: fail (not-found; build failed)\n',
      'path: fail\n',
      'image-retag: api: not-found; build failed\n'
    ])
  })

  test('an error while releasing: exit 1 with the advice for a registry error', async () => {
    const denied = Object.assign(new Error('pushing ghcr.io/o/api:v1.0.1: DENIED.'), {
      status: 403,
      operation: 'push',
      registry: 'ghcr.io'
    })
    const { terminal: t, err } = terminal()
    expect(await main(ARGS, t, release(denied))).toBe(1)
    expect(err.at(-1)).toMatch(/^image-retag: pushing ghcr\.io\/o\/api:v1\.0\.1: DENIED\. .*packages: write/)
  })

  test('an InputError while releasing (a bad environment setting) is bad usage: exit 2', async () => {
    const { terminal: t } = terminal()
    expect(await main(ARGS, t, release(new InputError('Invalid IMAGE_RETAG_TIMEOUT_MS')))).toBe(2)
  })

  test('the password from stdin (one trailing newline dropped) reaches the config and is masked', async () => {
    const run = jest.fn(async (config: Config, host: Host): Promise<AppResult[]> => {
      host.log.info(`password is ${config.credentials.password}`)
      return [result()]
    })
    const { terminal: t, err } = terminal({}, 's3cret\n')
    expect(await main([...ARGS, '--username', 'u', '--password-stdin'], t, run)).toBe(0)
    expect(run.mock.calls[0][0].credentials).toEqual({ username: 'u', password: 's3cret', githubToken: undefined })
    expect(err[0]).toBe('password is ***\n')
  })

  test('the password from $IMAGE_RETAG_PASSWORD; GITHUB_SHA wins over git HEAD', async () => {
    const run = release([result()])
    const sha = 'f'.repeat(40)
    const { terminal: t } = terminal({ IMAGE_RETAG_PASSWORD: 'envpass', GITHUB_SHA: sha })
    expect(await main([...ARGS, '--username', 'u'], t, run)).toBe(0)
    expect(run.mock.calls[0][0].credentials.password).toBe('envpass')
    expect(run.mock.calls[0][0].plans[0].commit).toBe(sha)
  })
})

describe('main: what leaves the CLI', () => {
  const TOKEN = 'tok-3c7e1'
  const HOSTILE = `x\n::add-mask::${TOKEN}\n ::error::pwned\r##[error]y`
  const hostile = jest.fn(async (_config: Config, host: Host): Promise<AppResult[]> => {
    host.setSecret(TOKEN)
    host.log.warning(`registry said: ${HOSTILE}`)
    return [result({ path: 'fail', reason: `revision-mismatch: ${HOSTILE}`, latest: TOKEN })]
  })
  const expectSafe = (text: string): void => {
    expect(text).not.toContain(TOKEN)
    for (const line of text.split(/\r\n|\r|\n/)) {
      expect(line.trimStart()).not.toMatch(/^::/)
      expect(line).not.toContain('##[')
    }
  }

  test('stderr: secrets out, no line starts a workflow command', async () => {
    const { terminal: t, err } = terminal()
    expect(await main(ARGS, t, hostile)).toBe(1)
    expectSafe(err.join(''))
    expect(err).toContain('api: fail (revision-mismatch: x\n\\::add-mask::***\n \\::error::pwned\\u000d##\\[error]y)\n')
  })

  test('--json on stdout: the same treatment for every string of the results', async () => {
    const { terminal: t, out, err } = terminal()
    expect(await main([...ARGS, '--json'], t, hostile)).toBe(1)
    expectSafe(out.join(''))
    expectSafe(err.join(''))
    const [shown] = JSON.parse(out.join('')) as AppResult[]
    expect(shown.reason).toBe('revision-mismatch: x\n\\::add-mask::***\n \\::error::pwned\\u000d##\\[error]y')
    expect(shown.latest).toBe('***')
  })
})

describe('cliHost', () => {
  test('debug lines only with IMAGE_RETAG_DEBUG=1; warnings marked', () => {
    const quiet = terminal()
    cliHost(quiet.terminal).log.debug('hidden')
    expect(quiet.err).toEqual([])
    const loud = terminal({ IMAGE_RETAG_DEBUG: '1' })
    const h = cliHost(loud.terminal)
    h.log.debug('shown')
    h.log.warning('careful')
    expect(loud.err).toEqual(['debug: shown\n', 'warning: careful\n'])
  })

  test('one app: a heading line; a batch: every line tagged with the app', async () => {
    const { terminal: t, err } = terminal()
    const h = cliHost(t)
    await h.appGroup(plan(), false, async (log) => log.info('alone'))
    await h.appGroup(plan({ app: 'web' }), true, async (log) => log.warning('together'))
    expect(err).toEqual(['== Release api v1.0.1\n', 'alone\n', '[web] warning: together\n'])
  })

  test('the runner runs the program without a shell and resolves to its exit code', async () => {
    const { terminal: t } = terminal({ PATH: process.env.PATH })
    const h = cliHost(t)
    expect(await h.runner('sh', ['-c', 'exit 3'], {})).toBe(3)
    expect(await h.runner('sh', ['-c', 'test "$APP" = api'], { APP: 'api' })).toBe(0)
    await expect(h.runner('/nonexistent-program', [], {})).rejects.toThrow(/ENOENT/)
  })
})
