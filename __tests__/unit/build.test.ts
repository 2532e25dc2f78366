import { describe, expect, test } from '@jest/globals'
import { buildArgv, buildEnvironment, buildValues, runBuild, splitCommand } from '../../src/build.js'
import type { CommandRunner } from '../../src/model.js'
import { COMMIT, plan } from '../fixtures/data.js'

describe('splitCommand', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    ['make', ['make']],
    ['a b  c', ['a', 'b', 'c']],
    ['  a\tb\nc  ', ['a', 'b', 'c']],
    ["a 'b c' d", ['a', 'b c', 'd']],
    ['a "b c" d', ['a', 'b c', 'd']],
    ["a ''", ['a', '']],
    ["'' a", ['', 'a']],
    ['a "" b', ['a', '', 'b']],
    ["a''b", ['ab']],
    ["x'y z'w", ['xy zw']],
    ['a\\ b', ['a b']],
    ['a\\"b', ['a"b']],
    ["a\\'b", ["a'b"]],
    ['a\\\\b', ['a\\b']],
    ["'a\\b'", ['a\\b']],
    ['\'a "b" c\'', ['a "b" c']],
    ['"a \'b\' c"', ["a 'b' c"]],
    ['"a\\"b"', ['a"b']],
    ['"a\\\\b"', ['a\\b']],
    ['"a\\$b"', ['a$b']],
    ['"a\\nb"', ['a\\nb']],
    ['echo $(id) `id` ; rm -rf /', ['echo', '$(id)', '`id`', ';', 'rm', '-rf', '/']],
    [
      'bazel run //{app}:push -- --repository {image} --tag {commit-tag}',
      ['bazel', 'run', '//{app}:push', '--', '--repository', '{image}', '--tag', '{commit-tag}']
    ]
  ])('%j', (template, words) => {
    expect(splitCommand(template)).toEqual(words)
  })

  test.each([
    ["a 'b", "'"],
    ['a "b', '"'],
    ["'", "'"],
    ['"a\\"', '"']
  ])('unterminated quote in %j throws', (template, quote) => {
    expect(() => splitCommand(template)).toThrow(`unterminated ${quote} quote`)
  })
})

describe('buildArgv', () => {
  const values = {
    app: 'api',
    version: 'v1.0.1',
    commit: COMMIT,
    short: COMMIT.slice(0, 7),
    'commit-tag': 'c-abc',
    image: 'ghcr.io/o/api'
  }

  test('substitutes placeholders inside single words', () => {
    expect(buildArgv('bazel run //{app}:push -- --repository {image} --tag {commit-tag}', values)).toEqual([
      'bazel',
      'run',
      '//api:push',
      '--',
      '--repository',
      'ghcr.io/o/api',
      '--tag',
      'c-abc'
    ])
    expect(buildArgv('--x={app}-{version}', values)).toEqual(['--x=api-v1.0.1'])
    expect(buildArgv("'{app} {version}'", values)).toEqual(['api v1.0.1'])
  })

  test.each(['v1;touch /tmp/x', '$(id)', 'a b', '`id`', "'quoted'", '"dq"', 'x && y', '\\', '{image}'])(
    'a value %j stays one inert argv element',
    (version) => {
      const argv = buildArgv('echo --version {version} end', { ...values, version })
      expect(argv).toEqual(['echo', '--version', version, 'end'])
    }
  )

  test('values are not expanded a second time', () => {
    expect(buildArgv('{version}', { ...values, version: '{app}' })).toEqual(['{app}'])
  })

  test.each([
    ['echo {x}', ['echo', '{x}']],
    ['echo {APP}', ['echo', '{APP}']],
    ['echo {}', ['echo', '{}']],
    ['echo {app', ['echo', '{app']],
    ['echo {{app}}', ['echo', '{api}']]
  ])('unknown or malformed placeholders in %j are left as is', (template, argv) => {
    expect(buildArgv(template, values)).toEqual(argv)
  })

  test('buildValues exposes placeholders and env', () => {
    expect(buildValues(plan({ commitTag: 'c-tag' }))).toEqual({
      placeholders: {
        app: 'api',
        version: 'v1.0.1',
        commit: COMMIT,
        short: COMMIT.slice(0, 7),
        'commit-tag': 'c-tag',
        image: 'ghcr.io/o/api'
      },
      env: { APP: 'api', VERSION: 'v1.0.1', COMMIT: COMMIT, COMMIT_TAG: 'c-tag', IMAGE: 'ghcr.io/o/api' }
    })
  })
})

describe('runBuild', () => {
  function recorder(code: number) {
    const calls: Array<{ command: string; args: string[]; env: Record<string, string> }> = []
    const runner: CommandRunner = async (command, args, env) => {
      calls.push({ command, args, env })
      return code
    }
    return { calls, runner }
  }

  test('runs the exact argv with the release env', async () => {
    const { calls, runner } = recorder(0)
    await runBuild(
      plan({ commitTag: 'c-abc' }),
      'bazel run //{app}:push -- --repository {image} --tag {commit-tag}',
      runner
    )
    expect(calls).toEqual([
      {
        command: 'bazel',
        args: ['run', '//api:push', '--', '--repository', 'ghcr.io/o/api', '--tag', 'c-abc'],
        env: { APP: 'api', VERSION: 'v1.0.1', COMMIT: COMMIT, COMMIT_TAG: 'c-abc', IMAGE: 'ghcr.io/o/api' }
      }
    ])
  })

  test('a hostile version is a single argument', async () => {
    const { calls, runner } = recorder(0)
    await runBuild(plan({ version: 'v1;touch /tmp/x' }), './build.sh {version}', runner)
    expect(calls[0].command).toBe('./build.sh')
    expect(calls[0].args).toEqual(['v1;touch /tmp/x'])
    expect(calls[0].env.VERSION).toBe('v1;touch /tmp/x')
  })

  test.each([1, 2, 127])('exit code %i rejects naming the code', async (code) => {
    const { runner } = recorder(code)
    await expect(runBuild(plan(), 'make push', runner)).rejects.toThrow(`build command make exited with code ${code}`)
  })

  test('a runner that throws rejects', async () => {
    const runner: CommandRunner = async () => {
      throw new Error('spawn ENOENT')
    }
    await expect(runBuild(plan(), 'missing', runner)).rejects.toThrow('spawn ENOENT')
  })
})

describe('buildEnvironment', () => {
  const BASE: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/runner',
    GITHUB_SHA: COMMIT,
    ACTIONS_CACHE_URL: 'https://cache.example/',
    INPUT_PASSWORD: 'hunter2',
    'INPUT_GITHUB-TOKEN': 'ghs_secret',
    INPUT_APP: 'api',
    ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
    IMAGE_RETAG_PASSWORD: 'cli-secret',
    UNSET: undefined
  }

  test('drops the inputs and the runner tokens, keeps the rest, adds the values', () => {
    expect(buildEnvironment(BASE, { APP: 'api', VERSION: 'v1.0.1' })).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      GITHUB_SHA: COMMIT,
      ACTIONS_CACHE_URL: 'https://cache.example/',
      APP: 'api',
      VERSION: 'v1.0.1'
    })
  })

  test.each([
    'INPUT_PASSWORD',
    'INPUT_GITHUB-TOKEN',
    'INPUT_APP',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'IMAGE_RETAG_PASSWORD'
  ])('%s is withheld', (name) => {
    expect(buildEnvironment(BASE, {})).not.toHaveProperty([name])
  })

  test('only the exact token names are withheld, not look-alikes', () => {
    const env = buildEnvironment({ ACTIONS_RUNTIME_URL: 'u', IMAGE_RETAG_PASSWORD_HINT: 'h', MY_INPUT_X: 'x' }, {})
    expect(env).toEqual({ ACTIONS_RUNTIME_URL: 'u', IMAGE_RETAG_PASSWORD_HINT: 'h', MY_INPUT_X: 'x' })
  })

  test('no secret value of the base reaches the build', () => {
    const values = Object.values(buildEnvironment(BASE, { APP: 'api' }))
    for (const secret of ['hunter2', 'ghs_secret', 'runtime-secret', 'oidc-secret', 'cli-secret'])
      expect(values).not.toContain(secret)
  })

  test('the release values win over the step environment', () => {
    expect(buildEnvironment({ VERSION: 'old', PATH: '/bin' }, { VERSION: 'v2' })).toEqual({
      VERSION: 'v2',
      PATH: '/bin'
    })
  })

  test('does not change the environment it is given', () => {
    const base = { ...BASE }
    buildEnvironment(base, { APP: 'api' })
    expect(base).toEqual(BASE)
  })
})
