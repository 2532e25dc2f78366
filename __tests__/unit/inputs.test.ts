import { describe, expect, test } from '@jest/globals'
import { buildArgv, buildValues } from '../../src/build.js'
import { InputError } from '../../src/errors.js'
import { DEFAULT_BUILD_COMMAND, getInputs, parseList, planApps, readInputs, type Inputs } from '../../src/inputs.js'
import { formatRepository } from '../../src/oci/reference.js'
import { COMMIT as SHA } from '../fixtures/data.js'

function reader(values: Record<string, string>) {
  return (name: string): string => values[name] ?? ''
}

const MINIMAL = { app: 'api', version: 'v1.0.1', commit: SHA, image: 'ghcr.io/o/{app}' }

describe('parseList', () => {
  test.each([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    [' a ,\n\n b ,, c ,\n', ['a', 'b', 'c']],
    ['a\r\nb', ['a', 'b']],
    [' , \n ', []]
  ])('%j -> %j', (value, expected) => {
    expect(parseList(value)).toEqual(expected)
  })
})

describe('getInputs', () => {
  test('a config: the plans, the release settings and the credentials apart', () => {
    const config = getInputs(
      reader({ ...MINIMAL, username: 'u', password: 'p', 'github-token': 't', 'dry-run': 'true', engine: 'auto' })
    )
    expect(config).toEqual({
      plans: [
        {
          app: 'api',
          repository: { registry: 'ghcr.io', path: 'o/api' },
          image: 'ghcr.io/o/api',
          commit: SHA,
          version: 'v1.0.1',
          commitTag: SHA,
          extraTags: [],
          floatingTags: [],
          destinations: [{ registry: 'ghcr.io', path: 'o/api' }]
        }
      ],
      release: {
        onMissing: 'build',
        latest: 'auto',
        allowOverwrite: false,
        dryRun: true,
        platforms: [],
        verifyRevision: false,
        rebuildIfBaseChanged: false,
        maxAge: undefined,
        referrers: true
      },
      buildCommand: DEFAULT_BUILD_COMMAND,
      engine: 'auto',
      concurrency: 8,
      insecureRegistries: [],
      credentials: { username: 'u', password: 'p', githubToken: 't' }
    })
  })

  test('valid minimal input gets the defaults', () => {
    expect(readInputs(reader(MINIMAL))).toEqual({
      apps: ['api'],
      version: 'v1.0.1',
      commit: SHA,
      imageTemplate: 'ghcr.io/o/{app}',
      toTemplates: [],
      commitTagTemplate: '{commit}',
      latest: 'auto',
      tagTemplates: [],
      floatingTemplates: [],
      buildCommand: DEFAULT_BUILD_COMMAND,
      onMissing: 'build',
      platforms: [],
      verifyRevision: false,
      rebuildIfBaseChanged: false,
      maxAge: undefined,
      allowOverwrite: false,
      dryRun: false,
      referrers: true,
      engine: 'registry',
      concurrency: 8,
      username: undefined,
      password: undefined,
      githubToken: undefined,
      insecureRegistries: []
    })
  })

  test('values are trimmed and enums are case-insensitive', () => {
    const inputs = readInputs(
      reader({
        ...MINIMAL,
        version: '  v2  ',
        latest: 'TRUE',
        'on-missing': ' Fail ',
        username: ' u ',
        password: 'p',
        'github-token': 't'
      })
    )
    expect(inputs).toMatchObject({
      version: 'v2',
      latest: 'true',
      onMissing: 'fail',
      username: 'u',
      password: 'p',
      githubToken: 't'
    })
  })

  test('booleans, platforms and extra tags', () => {
    const inputs = readInputs(
      reader({
        ...MINIMAL,
        'verify-revision': 'true',
        'allow-overwrite': ' TRUE ',
        'dry-run': 'false',
        platforms: 'Linux/AMD64,\nlinux/arm/v7',
        tags: 'stable\n{version}-{short}, ,'
      })
    )
    expect(inputs).toMatchObject({
      verifyRevision: true,
      allowOverwrite: true,
      dryRun: false,
      platforms: ['linux/amd64', 'linux/arm/v7'],
      tagTemplates: ['stable', '{version}-{short}']
    })
  })

  test.each<[string, Record<string, string>, RegExp[]]>([
    [
      'version with shell syntax',
      { version: 'v1;touch /tmp/x' },
      [/Invalid version 'v1;touch \/tmp\/x'/, /Expected an OCI tag/]
    ],
    ['missing version', { version: '' }, [/Input version is required/, /e\.g\. v1\.0\.1/]],
    ['non-hex commit', { commit: 'xyz' }, [/Invalid commit 'xyz'/, /7 to 64 hexadecimal digits/]],
    ['6-digit commit', { commit: 'abcdef' }, [/Invalid commit 'abcdef'/, /7 to 64 hexadecimal digits/]],
    ['65-digit commit', { commit: 'a'.repeat(65) }, [/Invalid commit/, /7 to 64 hexadecimal digits/]],
    ['app with a space', { app: 'my app' }, [/Invalid app 'my app'/, /letters, digits/]],
    ['app listed twice', { app: 'a,b,a' }, [/Invalid app/, /listed twice/]],
    ['no app', { app: ' \n ' }, [/Input app is required/, /separated by newlines or commas/]],
    [
      'image with an unknown placeholder',
      { image: 'ghcr.io/o/{nope}' },
      [/Invalid image 'ghcr\.io\/o\/\{nope\}'/, /unknown placeholder \{nope\}/, /Expected any of \{app\}/]
    ],
    [
      'image with a tag',
      { image: 'ghcr.io/o/{app}:v1' },
      [/Invalid image 'ghcr\.io\/o\/\{app\}:v1'/, /e\.g\. ghcr\.io\/owner\/\{app\}/]
    ],
    ['image with a bad path', { image: 'ghcr.io/o//{app}' }, [/Invalid image/, /Expected registry\/path\/name/]],
    [
      'commit-tag producing an invalid tag',
      { 'commit-tag': '-{short}' },
      [/Invalid commit-tag '-abc123d' \(from '-\{short\}'\)/, /Expected an OCI tag/]
    ],
    [
      'commit-tag with a slash',
      { 'commit-tag': '{version}/{short}' },
      [/Invalid commit-tag 'v1\.0\.1\/abc123d'/, /Expected an OCI tag/]
    ],
    [
      'commit-tag with an unknown placeholder',
      { 'commit-tag': '{sha}' },
      [/Invalid commit-tag '\{sha\}'/, /unknown placeholder \{sha\}/]
    ],
    ['version latest', { version: 'latest' }, [/Invalid version 'latest'/, /release tag such as v1\.0\.1/]],
    ['latest maybe', { latest: 'maybe' }, [/Invalid latest 'maybe'/, /Expected one of: auto, true, false/]],
    ['dry-run yes', { 'dry-run': 'yes' }, [/Invalid dry-run 'yes'/, /Expected one of: true, false/]],
    ['verify-revision 1', { 'verify-revision': '1' }, [/Invalid verify-revision '1'/, /Expected one of: true, false/]],
    [
      'allow-overwrite on',
      { 'allow-overwrite': 'on' },
      [/Invalid allow-overwrite 'on'/, /Expected one of: true, false/]
    ],
    [
      'platform without architecture',
      { platforms: 'linux' },
      [/Invalid platforms entry 'linux'/, /os\/architecture\[\/variant\]/]
    ],
    [
      'extra tag that is not a tag',
      { tags: 'ok, -{short}' },
      [/Invalid tags '-abc123d' \(from '-\{short\}'\)/, /Expected an OCI tag/]
    ],
    ['extra tag latest', { tags: 'latest' }, [/Invalid tags/, /governed by the latest input/]],
    [
      'extra tag rendering to latest',
      { tags: 'lat{app}', app: 'est' },
      [/Invalid tags/, /governed by the latest input/]
    ],
    ['concurrency 0', { concurrency: '0' }, [/Invalid concurrency '0'/, /Expected a whole number from 1 to 64/]],
    ['concurrency 2.5', { concurrency: '2.5' }, [/Invalid concurrency '2\.5'/]],
    ['on-missing later', { 'on-missing': 'later' }, [/Invalid on-missing 'later'/, /Expected one of: build, fail/]],
    ['username without password', { username: 'u' }, [/username and password/, /give both or neither/]],
    ['password without username', { password: 'p' }, [/username and password/, /give both or neither/]],
    [
      'build-command with an unterminated quote',
      { 'build-command': "make 'push" },
      [/Invalid build-command: unterminated ' quote/, /Expected a command and its arguments/]
    ],
    [
      'insecure registry with a path',
      { 'insecure-registries': 'reg.local/x' },
      [/Invalid insecure-registries entry 'reg\.local\/x'/, /host or host:port/]
    ]
  ])('%s', (_name, override, messages) => {
    const read = reader({ ...MINIMAL, ...override })
    expect(() => getInputs(read)).toThrow(InputError)
    for (const message of messages) expect(() => getInputs(read)).toThrow(message)
  })

  test('commit defaults to context.sha', () => {
    expect(readInputs(reader({ ...MINIMAL, commit: '' }), { sha: SHA }).commit).toBe(SHA)
  })

  test('an explicit commit wins over context.sha', () => {
    expect(readInputs(reader({ ...MINIMAL, commit: 'abcdef0' }), { sha: SHA }).commit).toBe('abcdef0')
  })

  test('no commit and no context.sha is an error naming the input', () => {
    expect(() => getInputs(reader({ ...MINIMAL, commit: '' }))).toThrow(/Invalid commit ''/)
  })

  test('image defaults to ghcr.io/<owner>/{app} with the owner lower-cased in the plan', () => {
    expect(readInputs(reader({ ...MINIMAL, image: '' }), { owner: 'MyOrg' }).imageTemplate).toBe('ghcr.io/MyOrg/{app}')
    const [plan] = getInputs(reader({ ...MINIMAL, image: '' }), { owner: 'MyOrg' }).plans
    expect(plan.image).toBe('ghcr.io/myorg/api')
    expect(plan.repository).toEqual({ registry: 'ghcr.io', path: 'myorg/api' })
  })

  test('no image and no owner is an error naming the input', () => {
    expect(() => getInputs(reader({ ...MINIMAL, image: '' }))).toThrow(/Input image is required/)
  })

  test('insecure registries are normalised', () => {
    const inputs = readInputs(
      reader({ ...MINIMAL, 'insecure-registries': 'HTTP://Reg.Local:5000/\n[::1]:5000, 10.0.0.1' })
    )
    expect(inputs.insecureRegistries).toEqual(['reg.local:5000', '[::1]:5000', '10.0.0.1'])
  })

  test('a build-command with an unknown placeholder names the input and lists the known ones', () => {
    const read = reader({ ...MINIMAL, 'build-command': 'bazel run //{app}:push -- --tag {comit}' })
    expect(() => getInputs(read)).toThrow(InputError)
    expect(() => getInputs(read)).toThrow(
      'Invalid build-command: unknown placeholder {comit}. Expected any of {app}, {version}, {commit}, {short}, {commit-tag}, {image}.'
    )
  })

  test('a build-command may use {short} and shell-style ${VARS}', () => {
    const command = 'sh -c "make push TAG={short} HOME=${HOME}"'
    expect(getInputs(reader({ ...MINIMAL, 'build-command': command })).buildCommand).toBe(command)
  })

  test('a batch whose apps render to one repository is an error naming both apps', () => {
    const read = reader({ ...MINIMAL, app: 'api,worker', image: 'ghcr.io/o/monorepo' })
    expect(() => getInputs(read)).toThrow(InputError)
    expect(() => getInputs(read)).toThrow(
      "Invalid image 'ghcr.io/o/monorepo': apps api and worker both release to ghcr.io/o/monorepo. Expected a template with {app} for a batch."
    )
  })

  test('one app with an image without {app} is fine', () => {
    expect(getInputs(reader({ ...MINIMAL, image: 'ghcr.io/o/monorepo' })).plans[0].image).toBe('ghcr.io/o/monorepo')
  })

  test('apps differing only in case collide in one repository', () => {
    expect(() => getInputs(reader({ ...MINIMAL, app: 'Api,api' }))).toThrow(
      /apps Api and api both release to ghcr\.io\/o\/api/
    )
  })

  test.each(['localhost:5000', '[::1]:5000', '10.0.0.5', 'reg.local'])(
    'insecure-registries entry %j is accepted',
    (entry) => {
      expect(getInputs(reader({ ...MINIMAL, 'insecure-registries': entry })).insecureRegistries).toEqual([entry])
    }
  )

  test.each([
    ['bad host', /'bad host' is not a host name or address/],
    ['reg.local:port', /port 'port' is not a number from 1 to 65535/],
    ['reg_local', /'reg_local' is not a host name or address/],
    ['reg.local:99999', /port '99999' is not a number from 1 to 65535/],
    ['reg.local:65536', /port '65536'/],
    ['reg.local:0', /port '0'/],
    ['[:::::]:5000', /\[:::::\] is not an IPv6 address/],
    ['300.0.0.1', /'300\.0\.0\.1' is not a host name or address/]
  ])('insecure-registries entry %j is rejected', (entry, why) => {
    const read = reader({ ...MINIMAL, 'insecure-registries': `localhost:5000\n${entry}` })
    expect(() => getInputs(read)).toThrow(InputError)
    expect(() => getInputs(read)).toThrow(`Invalid insecure-registries entry '${entry}': `)
    expect(() => getInputs(read)).toThrow(why)
    expect(() => getInputs(read)).toThrow(/Expected host or host:port, e\.g\. registry\.internal:5000\.$/)
  })

  test.each([
    ['127.0.0.1:99999/o/{app}', /port '99999' is not a number from 1 to 65535/],
    ['127.0.0.1:65536/o/{app}', /port '65536'/],
    ['localhost:0/{app}', /port '0'/],
    ['[:::::]/o/{app}', /\[:::::\] is not an IPv6 address/],
    ['[:::::]:5000/o/{app}', /\[:::::\] is not an IPv6 address/],
    ['[::1]:0/o/{app}', /port '0'/],
    ['999.0.0.1:5000/o/{app}', /'999\.0\.0\.1' is not a host name or address/]
  ])('image %j: host and port are checked, the error names the input', (image, why) => {
    const read = reader({ ...MINIMAL, image })
    expect(() => getInputs(read)).toThrow(InputError)
    expect(() => getInputs(read)).toThrow(`Invalid image '${image}': `)
    expect(() => getInputs(read)).toThrow(why)
  })

  test.each(['127.0.0.1:65535/o/{app}', '[::1]:1/o/{app}', '[::ffff:127.0.0.1]:5000/{app}', '127.1:5000/{app}'])(
    'image %j is accepted',
    (image) => {
      expect(getInputs(reader({ ...MINIMAL, image })).plans).toHaveLength(1)
    }
  )

  test('an upper-case commit is lower-cased, and so is the commit tag made from it', () => {
    const config = getInputs(reader({ ...MINIMAL, commit: SHA.toUpperCase(), tags: '{short}-x' }))
    expect(config.plans[0]).toMatchObject({ commit: SHA, commitTag: SHA, extraTags: [`${SHA.slice(0, 7)}-x`] })
    const fromContext = getInputs(reader({ ...MINIMAL, commit: '' }), { sha: SHA.toUpperCase() })
    expect(fromContext.plans[0].commit).toBe(SHA)
  })

  test.each([
    ['   ', /Invalid build-command: it is blank/],
    ['\n\t', /Invalid build-command: it is blank/],
    ["''", /Invalid build-command: the command to run is an empty word/],
    ['"" push', /Invalid build-command: the command to run is an empty word/]
  ])('build-command %j fails up front', (command, why) => {
    const read = reader({ ...MINIMAL, 'build-command': command })
    expect(() => getInputs(read)).toThrow(InputError)
    expect(() => getInputs(read)).toThrow(why)
    expect(() => getInputs(read)).toThrow(/Expected a command and its arguments/)
  })

  describe.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'names of Object.prototype are no placeholders: {%s}',
    (name) => {
      test.each([
        ['image', `ghcr.io/o/{app}-{${name}}`],
        ['commit-tag', `c-{${name}}`],
        ['tags', `t-{${name}}`]
      ])('in %s: unknown placeholder', (input, template) => {
        const read = reader({ ...MINIMAL, [input]: template })
        expect(() => getInputs(read)).toThrow(InputError)
        expect(() => getInputs(read)).toThrow(`Invalid ${input} '${template}': unknown placeholder {${name}}.`)
      })
    }
  )

  test('in build-command, {constructor} is written like ours: an unknown placeholder', () => {
    const read = reader({ ...MINIMAL, 'build-command': 'make push --x={constructor}' })
    expect(() => getInputs(read)).toThrow('Invalid build-command: unknown placeholder {constructor}.')
  })

  test.each(['toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'in build-command, {%s} is not written like ours: left to the program as written',
    (name) => {
      const config = getInputs(reader({ ...MINIMAL, 'build-command': `make push --x={${name}}` }))
      const { placeholders } = buildValues(config.plans[0])
      expect(buildArgv(config.buildCommand, placeholders)).toEqual(['make', 'push', `--x={${name}}`])
    }
  )

  test('an absent build-command is the default', () => {
    expect(getInputs(reader({ ...MINIMAL, 'build-command': '' })).buildCommand).toBe(DEFAULT_BUILD_COMMAND)
  })

  test.each(['1e1', '0x10', '0o10', '+8', '-1', '08', '8.0', '1_0', '65', '0', 'Infinity', '99999999999999999999'])(
    'concurrency %j is refused: decimal digits in range only',
    (concurrency) => {
      const read = reader({ ...MINIMAL, concurrency })
      expect(() => getInputs(read)).toThrow(InputError)
      expect(() => getInputs(read)).toThrow(
        `Invalid concurrency '${concurrency}'. Expected a whole number from 1 to 64, in decimal digits.`
      )
    }
  )

  test.each([
    ['8', 8],
    [' 8 ', 8],
    ['8\n', 8],
    ['1', 1],
    ['64', 64],
    ['', 8]
  ])('concurrency %j is %d', (concurrency, expected) => {
    expect(getInputs(reader({ ...MINIMAL, concurrency })).concurrency).toBe(expected)
  })

  test('several apps from a list with blank entries', () => {
    const inputs = readInputs(reader({ ...MINIMAL, app: 'api,\n\n web , ,worker\n' }))
    expect(inputs.apps).toEqual(['api', 'web', 'worker'])
    expect(planApps(inputs).map((p) => p.image)).toEqual(['ghcr.io/o/api', 'ghcr.io/o/web', 'ghcr.io/o/worker'])
  })
})

describe('rebuild-if-base-changed and max-age', () => {
  test('a boolean, and a duration in days, hours or minutes', () => {
    const inputs = readInputs(reader({ ...MINIMAL, 'rebuild-if-base-changed': 'TRUE', 'max-age': ' 30D ' }))
    expect(inputs).toMatchObject({ rebuildIfBaseChanged: true, maxAge: { text: '30d', ms: 30 * 86_400_000 } })
    expect(readInputs(reader({ ...MINIMAL, 'max-age': '12h' })).maxAge).toEqual({ text: '12h', ms: 12 * 3_600_000 })
    expect(readInputs(reader({ ...MINIMAL, 'max-age': '90m' })).maxAge).toEqual({ text: '90m', ms: 90 * 60_000 })
    expect(readInputs(reader({ ...MINIMAL, 'max-age': '36500d' })).maxAge?.text).toBe('36500d')
    expect(readInputs(reader({ ...MINIMAL, 'max-age': ' ' })).maxAge).toBeUndefined()
  })

  test.each(['30', 'd', '0d', '030d', '1.5d', '-1d', '30 d', '30days', '2w', '1e3d', '36501d', '30d,12h'])(
    'max-age %j is an error naming the input and the format',
    (value) => {
      expect(() => readInputs(reader({ ...MINIMAL, 'max-age': value }))).toThrow(
        new InputError(
          `Invalid max-age '${value}'. Expected a whole number and a unit, d (days), h (hours) or m (minutes), e.g. 30d, 12h or 90m, up to 36500d; empty for no limit.`
        )
      )
    }
  )

  test('rebuild-if-base-changed is true or false', () => {
    expect(() => readInputs(reader({ ...MINIMAL, 'rebuild-if-base-changed': 'yes' }))).toThrow(
      "Invalid rebuild-if-base-changed 'yes'. Expected one of: true, false."
    )
  })
})

describe('planApps', () => {
  function inputs(overrides: Partial<Inputs> = {}): Inputs {
    return { ...readInputs(reader(MINIMAL)), ...overrides }
  }

  test('default commit tag is the full commit', () => {
    expect(planApps(inputs())[0]).toEqual({
      app: 'api',
      repository: { registry: 'ghcr.io', path: 'o/api' },
      image: 'ghcr.io/o/api',
      commit: SHA,
      version: 'v1.0.1',
      commitTag: SHA,
      extraTags: [],
      floatingTags: [],
      destinations: [{ registry: 'ghcr.io', path: 'o/api' }]
    })
  })

  test('{short} gives 7 characters', () => {
    const [plan] = planApps(inputs({ commitTagTemplate: 'sha-{short}' }))
    expect(plan.commitTag).toBe('sha-abc123d')
  })

  test('every placeholder renders in the commit tag', () => {
    const [plan] = planApps(inputs({ commitTagTemplate: '{app}-{version}-{short}' }))
    expect(plan.commitTag).toBe('api-v1.0.1-abc123d')
  })

  test('extra tags keep their order, drop duplicates and the version/commit tags', () => {
    const [plan] = planApps(inputs({ tagTemplates: ['stable', '{version}', 'stable', '{app}-edge', '{commit}', 'v1'] }))
    expect(plan.extraTags).toEqual(['stable', 'api-edge', 'v1'])
  })

  test('floating tags are rendered per app, minor lines first', () => {
    const plans = planApps(
      inputs({ apps: ['api', 'web'], version: 'v1.2.3', floatingTemplates: ['{app}-v{major}', 'v{major}.{minor}'] })
    )
    expect(plans.map((p) => p.floatingTags.map((f) => f.tag))).toEqual([
      ['v1.2', 'api-v1'],
      ['v1.2', 'web-v1']
    ])
  })

  test.each([
    [{ floatingTemplates: ['v{major}'], tagTemplates: ['v1'] }, "Invalid floating-tags 'v{major}': it renders to 'v1'"],
    [{ floatingTemplates: ['{major}.{minor}'], version: '1.2.3', commitTagTemplate: '1.2' }, "renders to '1.2'"],
    [
      { floatingTemplates: ['v{major}.{patch}'] },
      "Invalid floating-tags 'v{major}.{patch}': unknown placeholder {patch}"
    ],
    [{ floatingTemplates: ['stable'] }, "Invalid floating-tags 'stable': it has no {major} placeholder"]
  ])('a floating tag that could not move is refused: %j', (overrides, message) => {
    expect(() => planApps(inputs({ version: 'v1.2.3', ...overrides }))).toThrow(InputError)
    expect(() => planApps(inputs({ version: 'v1.2.3', ...overrides }))).toThrow(message)
  })

  test('the floating-tags input is a list', () => {
    const read = readInputs(reader({ ...MINIMAL, 'floating-tags': 'v{major}\n v{major}.{minor} ,' }))
    expect(read.floatingTemplates).toEqual(['v{major}', 'v{major}.{minor}'])
  })

  test('extra tags are rendered per app', () => {
    const plans = planApps(inputs({ apps: ['api', 'web'], tagTemplates: ['{app}-{short}'] }))
    expect(plans.map((p) => p.extraTags)).toEqual([['api-abc123d'], ['web-abc123d']])
  })

  test('docker hub image templates are normalised', () => {
    const [plan] = planApps(inputs({ imageTemplate: '{app}' }))
    expect(plan.image).toBe('docker.io/library/api')
  })

  test('upper-case app names are lower-cased in the image only', () => {
    const [plan] = planApps(inputs({ apps: ['MyApp'] }))
    expect(plan.app).toBe('MyApp')
    expect(plan.image).toBe('ghcr.io/o/myapp')
  })

  test('the image template may only use {app}', () => {
    expect(() => planApps(inputs({ imageTemplate: 'ghcr.io/o/{app}-{version}' }))).toThrow(
      /unknown placeholder \{version\}/
    )
  })
})

describe('to: the repositories a release is published to', () => {
  const destinations = (values: Record<string, string>): string[][] =>
    getInputs(reader({ ...MINIMAL, ...values })).plans.map((p) => p.destinations.map(formatRepository))

  test('default: the image repository, and nothing else', () => {
    expect(destinations({})).toEqual([['ghcr.io/o/api']])
  })

  test('templates with {app}, newline or comma separated, lower-cased, Docker Hub normalised, rendered per app', () => {
    const to = 'ghcr.io/Acme/{app},\n docker.io/acme/{app}\n123456789012.dkr.ecr.eu-west-1.amazonaws.com/{app}, ,'
    expect(destinations({ app: 'api,Web', to })).toEqual([
      ['ghcr.io/acme/api', 'docker.io/acme/api', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api'],
      ['ghcr.io/acme/web', 'docker.io/acme/web', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web']
    ])
  })

  test('the image repository may be one of several destinations; the image stays where the commit image is', () => {
    const config = getInputs(reader({ ...MINIMAL, to: 'ghcr.io/o/{app}, localhost:5000/o/{app}' }))
    expect(config.plans[0].image).toBe('ghcr.io/o/api')
    expect(config.plans[0].destinations.map(formatRepository)).toEqual(['ghcr.io/o/api', 'localhost:5000/o/api'])
  })

  test.each<[string, string, RegExp]>([
    [
      'a bad port',
      'registry.example.com:99999/o/{app}',
      /^Invalid to 'registry\.example\.com:99999\/o\/\{app\}': .*port '99999'/
    ],
    ['a tag in the repository', 'ghcr.io/o/{app}:v1', /^Invalid to 'ghcr\.io\/o\/\{app\}:v1': .*without tag or digest/],
    ['a bad path component', 'ghcr.io/o/-{app}', /^Invalid to 'ghcr\.io\/o\/-\{app\}': .*not a valid path component/],
    [
      'a placeholder other than {app}',
      'ghcr.io/o/{app}-{version}',
      /^Invalid to 'ghcr\.io\/o\/\{app\}-\{version\}': unknown placeholder \{version\}\. Expected any of \{app\}/
    ]
  ])('%s is an InputError naming to and the expected format', (_name, to, message) => {
    const read = reader({ ...MINIMAL, to })
    expect(() => getInputs(read)).toThrow(InputError)
    expect(() => getInputs(read)).toThrow(message)
    if (!message.source.includes('placeholder'))
      expect(() => getInputs(read)).toThrow(
        /Expected registry\/path\/name with \{app\}, e\.g\. ghcr\.io\/owner\/\{app\}\./
      )
  })

  test('a repository listed twice is refused, however it is spelled', () => {
    expect(() => getInputs(reader({ ...MINIMAL, to: 'docker.io/acme/{app}, index.docker.io/Acme/api' }))).toThrow(
      'Invalid to: docker.io/acme/api is listed twice (for app api). Expected each repository once.'
    )
  })

  test('two apps of a batch publishing to one repository are refused, naming both', () => {
    const read = reader({ ...MINIMAL, app: 'api,worker', to: 'ghcr.io/o/{app}, docker.io/acme/monorepo' })
    expect(() => getInputs(read)).toThrow(
      "Invalid to 'ghcr.io/o/{app}, docker.io/acme/monorepo': apps api and worker both publish to docker.io/acme/monorepo. Expected templates with {app} for a batch."
    )
  })

  test('referrers: true unless told false', () => {
    expect(getInputs(reader(MINIMAL)).release.referrers).toBe(true)
    expect(getInputs(reader({ ...MINIMAL, referrers: ' FALSE ' })).release.referrers).toBe(false)
    expect(getInputs(reader({ ...MINIMAL, referrers: 'true' })).release.referrers).toBe(true)
    expect(() => getInputs(reader({ ...MINIMAL, referrers: 'no' }))).toThrow(
      "Invalid referrers 'no'. Expected one of: true, false."
    )
  })
})
