// npm run bench: what a release costs, measured against real registries behind latency proxies,
// side by side with the procedure this action replaces (docker manifest inspect, then skopeo copy
// --all per tag), with the goals of the performance issue judged. Writes bench/RESULTS.md.
import { cpus, loadavg, totalmem } from 'node:os'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startPagingProxy } from '../__tests__/fixtures/services/proxies/paging.js'
import { credentialsOf, startRegistry, type StartedRegistry } from '../__tests__/fixtures/services/registry.js'
import { cloneBase, seedBase, type Target } from './images.js'
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js'
import { LATENCY_MS, RUNS } from './measure.js'
import { appNames, batches, coldStart, reRelease, tokenAuth, type Results, type Stage } from './scenarios.js'
import { promotion } from './promotion.js'
import { PAGE, seedManyTags, tagList } from './tag-list.js'

const here = dirname(fileURLToPath(import.meta.url))

/** Everything started, so it can all be stopped. */
const started: Array<{ stop(): Promise<void> }> = []
async function start<T extends { stop(): Promise<void> }>(service: Promise<T>): Promise<T> {
  const up = await service
  started.push(up)
  return up
}

async function plainStage(registry: StartedRegistry, front: string): Promise<Stage> {
  const target: Target = { host: registry.host }
  const proxy = await start(startLatencyProxy(front, LATENCY_MS))
  return { target, registry, proxies: [proxy], bases: new Map() }
}

/** A token-auth registry whose token service is behind its own latency proxy. */
async function tokenStage(): Promise<Stage> {
  let realmProxy: LatencyProxy | undefined
  const realmFor = async (url: string): Promise<string> => {
    realmProxy = await start(startLatencyProxy(new URL(url).host, LATENCY_MS))
    return url.replace(new URL(url).host, realmProxy.host)
  }
  const registry = await start(startRegistry({ auth: 'token', realmFor }))
  const target: Target = { host: registry.host, creds: credentialsOf(registry) }
  const proxy = await start(startLatencyProxy(registry.host, LATENCY_MS))
  const stage: Stage = { target, registry, proxies: [proxy, realmProxy!], bases: new Map() }
  stage.bases.set('bench/app', await seedBase(target, 'bench/app'))
  return stage
}

async function cloneApps(stage: Stage, repos: string[]): Promise<void> {
  for (const repo of repos) stage.bases.set(repo, await cloneBase(stage.target, 'bench/app', repo))
}

/** BENCH_ONLY=promotion,tags runs those scenarios only (while working on one). */
const only = (name: string): boolean => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name)

async function measureAll(results: Results): Promise<void> {
  const registry = await start(startRegistry())
  const plain = await plainStage(registry, registry.host)
  plain.bases.set('bench/app', await seedBase(plain.target, 'bench/app'))
  if (only('release')) {
    await cloneApps(plain, ['bench/seed'])
    const anonymous = await reRelease(plain, results)
    await tokenAuth(await tokenStage(), anonymous.trips, results)
  }
  if (only('cold')) await coldStart(results)
  if (only('batch')) {
    await cloneApps(
      plain,
      appNames(100).map((app) => `bench/${app}`)
    )
    await batches(plain, results)
  }
  if (only('tags')) {
    const paging = await start(startPagingProxy(registry.host, PAGE))
    const paged = { ...(await plainStage(registry, paging.host)), bases: plain.bases }
    await seedManyTags(paged)
    await tagList(paged, results)
  }
  if (only('promotion')) {
    const second = await start(startRegistry())
    await promotion({ source: plain, destination: await plainStage(second, second.host) }, results)
  }
}

function report({ rows, goals }: Results, load: { before: number[]; after: number[] }, notes: string): string {
  const cpu = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`
  const machine = `${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`
  const loads = (values: number[]): string => values.map((v) => v.toFixed(2)).join(' / ')
  const table = ['| measure | value | detail |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)]
  const judged = (met?: boolean): string => {
    if (met === undefined) return 'reported'
    return met ? 'met' : 'MISSED'
  }
  const goalLines = goals.map((g) => `- ${judged(g.met)}: ${g.goal} — ${g.figure}`)
  return [
    '# Benchmark',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}.`,
    `Load average (1/5/15 min) before: ${loads(load.before)}; after: ${loads(load.after)}.`,
    `Real CNCF Distribution registries behind latency proxies of ${LATENCY_MS} ms each way; timed figures are medians of ${RUNS} runs unless said otherwise.`,
    'Every run releases a new commit image with a higher version, so the version and `latest` both move, and both tags are read back from the registry afterwards.',
    '',
    ...table,
    '',
    'Goals:',
    ...goalLines,
    '',
    notes
  ].join('\n')
}

async function main(): Promise<void> {
  const results: Results = { rows: [], goals: [] }
  const before = loadavg()
  try {
    await measureAll(results)
  } finally {
    for (const service of started.reverse()) await service.stop()
  }
  const notes = await readFile(join(here, 'notes.md'), 'utf8')
  const text = report(results, { before, after: loadavg() }, notes)
  console.log(text)
  await writeFile(resolve(here, process.env.BENCH_OUT ?? 'RESULTS.md'), text)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
