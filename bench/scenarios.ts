// The bench's scenarios. Every measured run releases a commit image never released before with a
// version higher than any before it, so the version and `latest` both move, and the tags are read
// back from the registry afterwards: a run that wrote less than it claims fails the bench.
import { readFile, stat } from 'node:fs/promises'
import type { RawManifest } from '../__tests__/fixtures/services/images.js'
import { join } from 'node:path'
import { DIST, ROOT, spawnCollect } from '../__tests__/fixtures/services/action.js'
import type { StartedRegistry } from '../__tests__/fixtures/services/registry.js'
import { newCommit } from '../__tests__/fixtures/util.js'
import { freshCommit, type Target } from './images.js'
import type { LatencyProxy } from './latency-proxy.js'
import { exec, expectTagged, expectWritten, measureAction, median, ms, RUNS, timed, type Measured } from './measure.js'

export type Row = [string, string, string]
/** A goal of the issue with its figure; `met` undefined for figures that are reported, not judged. */
export interface Goal {
  goal: string
  figure: string
  met?: boolean
}
export interface Results {
  rows: Row[]
  goals: Goal[]
}

/** One registry as the action reaches it (through `proxies`) and as the bench reaches it (`target`). */
export interface Stage {
  target: Target
  registry: StartedRegistry
  /** the registry's latency proxy first, then the token realm's when there is one */
  proxies: LatencyProxy[]
  /** base images by repository */
  bases: Map<string, RawManifest>
}

const image = (stage: Stage): string => `${stage.proxies[0].host}/bench/{app}`
const baseOf = (stage: Stage, repo: string): RawManifest => {
  const base = stage.bases.get(repo)
  if (!base) throw new Error(`no base image for ${repo}`)
  return base
}

/** One app released with a fresh commit and version `version`; the tags are checked afterwards. */
export async function releaseOnce(stage: Stage, version: string, app = 'app'): Promise<Measured> {
  const commit = await freshCommit(stage.target, `bench/${app}`, baseOf(stage, `bench/${app}`))
  const creds = stage.target.creds ?? {}
  const measured = await measureAction(stage.proxies, { app, version, commit, image: image(stage), ...creds })
  expectWritten(measured.run, [version, 'latest'])
  await expectTagged(stage.target, `bench/${app}`, commit, [version, 'latest'])
  return measured
}

/** The procedure this action replaces: docker manifest inspect, then skopeo copy --all per tag. */
async function seedProcedure(host: string, repo: string, commit: string, version: string): Promise<void> {
  await exec('docker', ['manifest', 'inspect', '--insecure', `${host}/${repo}:${commit}`])
  for (const tag of [version, 'latest']) {
    await exec('skopeo', [
      'copy',
      '--all',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--src-no-creds',
      '--dest-no-creds',
      `docker://${host}/${repo}:${commit}`,
      `docker://${host}/${repo}:${tag}`
    ])
  }
}

async function seedOnce(stage: Stage, version: string): Promise<number> {
  const commit = await freshCommit(stage.target, 'bench/seed', baseOf(stage, 'bench/seed'))
  const { ms } = await timed(() => seedProcedure(stage.proxies[0].host, 'bench/seed', commit, version))
  await expectTagged(stage.target, 'bench/seed', commit, [version, 'latest'])
  return ms
}

const summary = (runs: Measured[]) => ({
  ms: median(runs.map((r) => r.ms)),
  requests: Math.max(...runs.map((r) => r.requests)),
  trips: median(runs.map((r) => r.trips)),
  connections: runs[0].connections.map((_, i) => Math.max(...runs.map((r) => r.connections[i])))
})

/** (a) one re-release, anonymous, side by side with the seed's procedure, runs interleaved. Answers its trips. */
export async function reRelease(stage: Stage, { rows, goals }: Results): Promise<ReturnType<typeof summary>> {
  const action: Measured[] = []
  const seed: number[] = []
  for (let i = 1; i <= RUNS; i++) {
    action.push(await releaseOnce(stage, `v1.${i}.0`))
    seed.push(await seedOnce(stage, `v1.${i}.0`))
  }
  const a = summary(action)
  const ratio = a.ms / median(seed)
  rows.push([
    're-release, this action (anonymous)',
    ms(a.ms),
    `median of ${RUNS}; node dist/index.js, start-up included`
  ])
  rows.push(["re-release, the seed's procedure", ms(median(seed)), `median of ${RUNS}, interleaved with the above`])
  rows.push([
    'requests / round trips per release',
    `${a.requests} / ${a.trips}`,
    'requests: most in any run; trips: median'
  ])
  rows.push(['connections per release', String(a.connections[0]), 'most in any run, counted at the latency proxy'])
  goals.push({ goal: "re-release ≤ 0.15× the seed's procedure", figure: ratio.toFixed(2), met: ratio <= 0.15 })
  goals.push({
    goal: '≤ 1 connection per registry origin',
    figure: `registry ${a.connections[0]}`,
    met: a.connections[0] <= 1
  })
  // by design: the reads together, then the version, then latest; the read-back is the fourth
  goals.push({
    goal: 'the read-back costs ≤ 1 round trip (3 by design + 1)',
    figure: `${a.trips} round trips`,
    met: a.trips <= 4
  })
  return a
}

/** (b) the same release with token auth: round trips and connections against the anonymous one. */
export async function tokenAuth(stage: Stage, anonymousTrips: number, { rows, goals }: Results): Promise<void> {
  const runs: Measured[] = []
  for (let i = 1; i <= RUNS; i++) runs.push(await releaseOnce(stage, `v1.${i}.0`))
  const t = summary(runs)
  const [registry, realm] = t.connections
  rows.push([
    're-release, token auth',
    ms(t.ms),
    `median of ${RUNS}; ${t.requests} requests (registry and token service)`
  ])
  rows.push(['round trips, token auth', String(t.trips), `anonymous: ${anonymousTrips}`])
  rows.push(['connections, token auth', `registry ${registry}, token service ${realm}`, 'most in any run'])
  goals.push({
    goal: 'token auth ≤ 1 round trip more than anonymous',
    figure: `${t.trips} vs ${anonymousTrips}`,
    met: t.trips <= anonymousTrips + 1
  })
  goals.push({
    goal: '≤ 1 connection per registry origin (token auth)',
    figure: `registry ${registry}, token service ${realm}`,
    met: registry <= 1 && realm <= 1
  })
}

/** Cold start on one node: the bundle rejecting bad input, against that node doing nothing, interleaved. */
async function coldStartOn(node: string): Promise<{ cold: number; bare: number; version: string }> {
  const cold: number[] = []
  const bare: number[] = []
  // one environment for both: the bench's own (tsx's NODE_OPTIONS) would load a loader into node -e 0
  const env = { PATH: process.env.PATH, INPUT_APP: 'app', INPUT_VERSION: 'not a version' }
  for (let i = 0; i < 15; i++) {
    cold.push((await timed(() => exec(node, [DIST], { env, mayFail: true }))).ms)
    bare.push((await timed(() => exec(node, ['-e', '0'], { env }))).ms)
  }
  const { stdout } = await spawnCollect(node, ['--version'])
  return { cold: median(cold), bare: median(bare), version: stdout.trim() }
}

/** The runner's Node 24 (action.yml runs the action on it): BENCH_NODE, or the one `npm run test:all` installs. */
async function runnerNode(): Promise<string[]> {
  const node = process.env.BENCH_NODE ?? join(ROOT, '.tmp/node24/node_modules/.bin/node')
  return (await spawnCollect(node, ['--version']).catch(() => undefined))?.code === 0 ? [node] : []
}

/** (c) cold start, on the bench's node and on the runner's Node 24 when there is one. */
export async function coldStart({ rows, goals }: Results): Promise<void> {
  const size = (await stat(DIST)).size
  const nodes = [process.execPath, ...(await runnerNode())]
  for (const node of nodes) {
    const { cold, bare, version } = await coldStartOn(node)
    const ratio = cold / bare
    rows.push([
      `cold start, dist/index.js on bad input (Node ${version})`,
      ms(cold),
      `median of 15; entry chunk ${(size / 1024).toFixed(0)} KiB`
    ])
    rows.push([`cold start, node -e 0 (Node ${version})`, ms(bare), 'median of 15, interleaved with the above'])
    goals.push({
      goal: `cold start (bad input) ≤ 1.5× node -e 0, Node ${version}`,
      figure: ratio.toFixed(2),
      met: ratio <= 1.5
    })
  }
  // undici's HTTP parser is WebAssembly, compiled in the background from the moment undici loads
  const wasm = /WebAssembly|llhttp/.test(await readFile(DIST, 'utf8')) ? 'yes' : 'no'
  goals.push({
    goal: 'no background compile waited for at exit (bad input)',
    figure: `WebAssembly in the entry chunk: ${wasm}`,
    met: wasm === 'no'
  })
}

/** Apps `svc001`…: one commit put in every app's repository, then one release of all of them. */
async function releaseApps(stage: Stage, apps: string[], version: string, extra = {}): Promise<Measured> {
  const commit = newCommit()
  await Promise.all(apps.map((app) => freshCommit(stage.target, `bench/${app}`, baseOf(stage, `bench/${app}`), commit)))
  const inputs = { app: apps.join(','), version, commit, image: image(stage), ...extra }
  const measured = await measureAction(stage.proxies, inputs)
  expectWritten(measured.run, [version, 'latest'])
  await Promise.all(apps.map((app) => expectTagged(stage.target, `bench/${app}`, commit, [version, 'latest'])))
  return measured
}

export const appNames = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `svc${String(i + 1).padStart(3, '0')}`)

/** (d) 20 apps against one, at the default concurrency, interleaved; then 100 apps. */
export async function batches(stage: Stage, { rows, goals }: Results): Promise<void> {
  const one: number[] = []
  const twenty: number[] = []
  const wide: number[] = []
  const hundred: number[] = []
  for (let i = 1; i <= RUNS; i++) {
    one.push((await releaseApps(stage, appNames(1), `v2.${i}.0`)).ms)
    twenty.push((await releaseApps(stage, appNames(20), `v2.${i}.1`)).ms)
    wide.push((await releaseApps(stage, appNames(20), `v2.${i}.2`, { concurrency: '20' })).ms)
  }
  const hundredRuns = Math.max(1, Math.ceil(RUNS / 2))
  for (let i = 1; i <= hundredRuns; i++) hundred.push((await releaseApps(stage, appNames(100), `v3.${i}.0`)).ms)
  const ratio = median(twenty) / median(one)
  rows.push(['1 app (batch scenario)', ms(median(one)), `median of ${RUNS}`])
  rows.push(['20 apps, default concurrency', ms(median(twenty)), `median of ${RUNS}, interleaved with 1 app`])
  rows.push([
    '20 apps, concurrency 20',
    ms(median(wide)),
    `median of ${RUNS}, interleaved; ${(median(wide) / median(one)).toFixed(2)}× one app`
  ])
  rows.push(['100 apps, default concurrency', ms(median(hundred)), `median of ${hundredRuns}`])
  goals.push({ goal: '20 apps ≤ 1.5× one app (default concurrency)', figure: ratio.toFixed(2), met: ratio <= 1.5 })
  goals.push({
    goal: '100 apps measured and reported',
    figure: `${ms(median(hundred))}, ${(median(hundred) / median(one)).toFixed(2)}× one app`
  })
}
