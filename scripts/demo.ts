// npm run demo: the action end to end on this machine, in about ten seconds.
//
// Starts a throw-away registry on a loopback port, then releases the app `hello` of the Bazel
// workspace in examples/bazel twice through the bundled action (node dist/index.js, with inputs
// and outputs passed exactly as the GitHub runner passes them):
//   1. a commit that has no image yet: the default build-command runs
//      `bazel run //hello:push -- --repository <image> --tag <commit>`, then the version is tagged;
//   2. the same commit as a new version: the image is found and re-tagged in the registry, no build.
// Everything it starts or writes is removed at the end.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { runAction, type ActionRun } from '../__tests__/fixtures/services/action.js'
import { rawManifest } from '../__tests__/fixtures/services/images.js'
import { startRegistry, type StartedRegistry } from '../__tests__/fixtures/services/registry.js'
import { makeTempDir, randomHex, removeDir } from '../__tests__/fixtures/util.js'

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..')
const WORKSPACE = resolve(ROOT, 'examples/bazel')
const APP = 'hello'

const tty = process.stdout.isTTY === true
const paint = (code: string) => (text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text)
const bold = paint('1')
const dim = paint('2')
const green = paint('32')
const red = paint('31')

const say = (text = ''): void => console.log(text)
const heading = (text: string): void => say(`\n${bold(`━━ ${text} ━━`)}`)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

// ---------------------------------------------------------------------------------------------
// 1. Tools: a registry, skopeo (the push in //hello:push), Bazel.

/** command on PATH -> Debian/Ubuntu package that provides it */
const TOOLS: Array<[command: string, pkg: string, what: string]> = [
  ['docker-registry', 'docker-registry', 'CNCF Distribution, the throw-away registry'],
  ['skopeo', 'skopeo', 'pushes the image Bazel built'],
  ['bazel', 'bazel-bootstrap', 'builds the image; any Bazel or bazelisk on PATH will do']
]

const has = (command: string): boolean =>
  spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0

function ensureTools(): void {
  const missing = TOOLS.filter(([command]) => !has(command))
  if (missing.length === 0) return
  const packages = missing.map(([, pkg]) => pkg)
  say(`Missing: ${missing.map(([command, , what]) => `${command} (${what})`).join(', ')}`)
  const root = process.getuid?.() === 0
  if (process.platform === 'linux' && root && has('apt-get')) {
    say(`Installing ${packages.join(' ')} with apt-get…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', '--no-install-recommends', ...packages]
    ]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env })
      if (r.status !== 0) fail(`apt-get ${args[0]} failed (exit ${r.status ?? r.signal})`)
    }
    const still = missing.filter(([command]) => !has(command))
    if (still.length > 0) fail(`still missing after apt-get: ${still.map(([c]) => c).join(', ')}`)
    return
  }
  say('\nInstall them, then run `npm run demo` again:')
  if (process.platform === 'linux' && has('apt-get'))
    say(`  sudo apt-get install --no-install-recommends ${packages.join(' ')}`)
  else say('  a Distribution registry binary (`registry`/`docker-registry`), skopeo, and bazel or bazelisk')
  process.exit(1)
}

function fail(message: string): never {
  console.error(red(`✗ ${message}`))
  process.exit(1)
}

function ensureBundle(): void {
  if (existsSync(resolve(ROOT, 'dist/index.js'))) return
  say('dist/index.js is missing: building the action (npm run build)…')
  const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) fail('npm run build failed')
}

function bazelVersion(): string {
  const version = spawnSync('bazel', ['--version'], { encoding: 'utf8', cwd: WORKSPACE }).stdout?.trim() ?? ''
  if (version && !version.includes('no_version')) return version
  // Debian's bazel-bootstrap reports "bazel no_version"; its package knows better.
  const deb = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'bazel-bootstrap'], { encoding: 'utf8' })
  return deb.status === 0 && deb.stdout ? `bazel-bootstrap ${deb.stdout.trim()} (Debian)` : version || 'bazel'
}

function demoCommit(): { sha: string; from: string } {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' })
  const sha = r.status === 0 ? r.stdout.trim() : ''
  if (/^[0-9a-f]{40}$/.test(sha)) return { sha, from: "this repository's HEAD" }
  return { sha: randomHex(20), from: 'made up (no git checkout here)' }
}

// ---------------------------------------------------------------------------------------------
// 2. Showing what the action did.

/** The action's log as the Actions UI shows it: groups as headings, debug lines hidden. */
function printLog(stdout: string): void {
  for (const line of stdout.split('\n')) {
    if (line === '' || line.startsWith('::debug::') || line.startsWith('::add-mask::') || line === '::endgroup::')
      continue
    let text = line
    if (line.startsWith('::group::')) text = bold(`▸ ${line.slice('::group::'.length)}`)
    else if (line.startsWith('[command]')) text = `$ ${line.slice('[command]'.length)}`
    else if (/^::(error|warning|notice)[^:]*::/.test(line))
      text = line.replace(/^::(\w+)[^:]*::/, (_, kind: string) => `${kind}: `)
    say(`  ${dim('│')} ${text}`)
  }
}

const decode = (html: string): string =>
  html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

/** The job summary (HTML written by @actions/core) as plain text: headings, then one block per table row. */
function summaryText(html: string): string[] {
  const lines: string[] = []
  for (const h of html.matchAll(/<h\d>(.*?)<\/h\d>/g)) lines.push(bold(decode(h[1])))
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) =>
    [...r[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) => decode(c[1]))
  )
  const [header, ...body] = rows
  if (!header) return lines
  const width = Math.max(...header.map((h) => h.length))
  for (const row of body) {
    header.forEach((name, i) => {
      const [first, ...rest] = (row[i] ?? '').split('\n')
      lines.push(`${name.padEnd(width)}  ${first}`)
      for (const more of rest) lines.push(`${''.padEnd(width)}  ${more}`)
    })
  }
  return lines
}

function report(run: ActionRun, wallMs: number): void {
  say(dim('  The action log:'))
  printLog(run.stdout)
  if (run.stderr.trim()) for (const line of run.stderr.trimEnd().split('\n')) say(`  ${dim('│')} ${red(line)}`)
  say()
  const { path, retagged, digest, reason, engine, tags } = run.outputs
  const ok = run.code === 0
  say(
    `  ${ok ? green('✓') : red('✗')} exit code ${run.code}, ${bold(`path: ${path ?? '?'}`)}, ${seconds(wallMs)} for the whole step (node start-up included)`
  )
  say(dim('  Step outputs (steps.<id>.outputs.*):'))
  for (const [name, value] of Object.entries({ path, retagged, digest, reason, engine }))
    say(`    ${name.padEnd(9)} ${value || dim('(empty)')}`)
  const tagLines = (tags ?? '').split('\n').filter(Boolean)
  say(`    ${'tags'.padEnd(9)} ${tagLines[0] ?? dim('(empty)')}`)
  for (const t of tagLines.slice(1)) say(`    ${''.padEnd(9)} ${t}`)
  say(dim('  Job summary (shown on the run page; here as text):'))
  for (const line of summaryText(run.summary)) say(`    ${line}`)
  if (!ok) throw new Error(`the action failed (exit ${run.code})`)
}

// ---------------------------------------------------------------------------------------------
// 3. The demo.

/** What the demo started, so that cleanup (at the end or on a signal) can undo it. */
interface Started {
  registry?: StartedRegistry
  bazelHome?: string
}

async function cleanup(started: Started): Promise<void> {
  if (started.bazelHome) {
    // The Bazel server idles for hours; stop ours, and delete its (read-only) output base.
    spawnSync('bazel', ['shutdown'], {
      cwd: WORKSPACE,
      env: { ...process.env, HOME: started.bazelHome },
      stdio: 'ignore'
    })
    spawnSync('chmod', ['-R', 'u+w', started.bazelHome], { stdio: 'ignore' })
    await removeDir(started.bazelHome)
    started.bazelHome = undefined
  }
  await started.registry?.stop()
  started.registry = undefined
}

function cleanupOnSignals(started: Started): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    say(`\n${signal}: cleaning up…`)
    void cleanup(started).finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
}

function describeSetup(host: string, sha: string, from: string, image: string): void {
  say(`Registry     http://${host} (CNCF Distribution, plain HTTP on loopback, removed at the end)`)
  say(`Workspace    ${WORKSPACE} (target //${APP}:push)`)
  say(`Commit       ${sha} (${from})`)
  say(`Image        ${image.replace('{app}', APP)}`)
  say(`Bazel        ${bazelVersion()}, fresh output base`)
  say(dim('\nThe action runs as in a workflow step:'))
  say(dim(`  - uses: org/image-retag-action@v1`))
  say(dim(`    with: { app: ${APP}, version: <version>, commit: ${sha.slice(0, 7)}…, image: '${image}' }`))
  say(dim('    # build-command left at its default: bazel run //{app}:push -- --repository {image} --tag {commit-tag}'))
}

/** One release through the action, timed as a whole step and reported. */
async function release(
  inputs: Record<string, string>,
  version: string,
  env: Record<string, string>
): Promise<{ run: ActionRun; ms: number }> {
  const t0 = Date.now()
  const run = await runAction({ ...inputs, version }, env, { cwd: WORKSPACE })
  const ms = Date.now() - t0
  report(run, ms)
  return { run, ms }
}

async function listRegistry(host: string): Promise<void> {
  const repo = `demo/${APP}`
  const res = await fetch(`http://${host}/v2/${repo}/tags/list`)
  const { tags = [] } = (await res.json()) as { tags?: string[] }
  for (const tag of tags.sort()) {
    const m = await rawManifest(host, `${repo}:${tag}`)
    say(`  ${repo}:${tag.padEnd(Math.max(...tags.map((t) => t.length)))}  ${m?.digest ?? '?'}`)
  }
}

function printTimings(first: { run: ActionRun; ms: number }, second: { run: ActionRun; ms: number }): void {
  say(`  Release 1 (${first.run.outputs.path}, cold Bazel)  ${seconds(first.ms)}`)
  say(`  Release 2 (${second.run.outputs.path})              ${seconds(second.ms)}`)
  say(
    dim(
      '  The build here is tiny; in a real repository it is minutes, while the re-tag stays one manifest read and one write per tag.'
    )
  )
}

async function runDemo(started: Started): Promise<void> {
  heading('Setup')
  const registry = await startRegistry()
  started.registry = registry
  // Bazel keeps its output base under $HOME/.cache/bazel: a fresh one shows a cold start and
  // leaves nothing behind.
  const bazelHome = await makeTempDir('demo-bazel-home')
  started.bazelHome = bazelHome
  const { sha, from } = demoCommit()
  const image = `${registry.host}/demo/{app}`
  describeSetup(registry.host, sha, from, image)

  const inputs = { app: APP, commit: sha, image }
  const env = { HOME: bazelHome }

  heading(`Release 1: v1.0.0 of commit ${sha.slice(0, 7)}, which has no image yet`)
  say('Expect: not found → Bazel builds and pushes <image>:<commit> → v1.0.0 (and latest) tagged. Bazel starts cold…')
  const first = await release(inputs, 'v1.0.0', env)

  heading(`Release 2: v1.0.1 of the same commit`)
  say('Expect: <image>:<commit> found → v1.0.1 written as a copy of its manifest in the registry, no build.')
  const second = await release(inputs, 'v1.0.1', env)

  heading('What the registry holds now')
  await listRegistry(registry.host)
  const same = first.run.outputs.digest === second.run.outputs.digest
  say(
    `\n${same ? green('✓') : red('✗')} one digest for every tag: the release is the exact image the commit build pushed.`
  )

  heading('Timings')
  printTimings(first, second)
  if (!same) throw new Error('the two releases reported different digests')
}

async function main(): Promise<void> {
  say(bold('image-retag-action demo'))
  say('Releases a Bazel-built image twice: first by building it, then by re-tagging it.')

  ensureTools()
  ensureBundle()

  const started: Started = {}
  cleanupOnSignals(started)
  try {
    await runDemo(started)
  } finally {
    heading('Cleanup')
    await cleanup(started)
    say('Registry stopped, Bazel server shut down, temporary directories removed.')
  }
}

main().catch((error: unknown) => {
  console.error(red(`\n✗ demo failed: ${error instanceof Error ? error.message : String(error)}`))
  process.exitCode = 1
})
