// What every scenario of the bench shares: timing, medians, running the action against the latency
// proxies and checking that a run wrote what it claims.
import { spawn } from 'node:child_process'
import { runAction, resultsOf, type ActionRun } from '../__tests__/fixtures/services/action.js'
import { digestOf, type Target } from './images.js'
import { roundTrips, type LatencyProxy } from './latency-proxy.js'

export const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25)
export const RUNS = Number(process.env.BENCH_RUNS ?? 7)
/** The environment of the timed runs: retries may take up to a minute. */
const RUN_ENV = { IMAGE_RETAG_RETRY_TOTAL_MS: '60000' }

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
export const ms = (value: number): string => `${Math.round(value)} ms`

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

/** Runs a command to its end; rejects when it fails, unless `mayFail`. */
export function exec(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; mayFail?: boolean } = {}) {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: options.env ?? process.env })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 || options.mayFail ? resolve(code ?? -1) : reject(new Error(`${command} ${args.join(' ')}: ${stderr}`))
    )
  })
}

/** One release as the proxies saw it. */
export interface Measured {
  ms: number
  run: ActionRun
  /** requests sent through the proxies */
  requests: number
  /** round trips on the critical path, over every proxy (registry and token realm) */
  trips: number
  /** connections opened, per proxy (registry origin), in the order the proxies were given */
  connections: number[]
}

/** Runs the action once through `proxies` (the first is the registry's) and counts what they saw. */
export async function measureAction(
  proxies: LatencyProxy[],
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<Measured> {
  for (const proxy of proxies) proxy.clear()
  const { ms, value: run } = await timed(() => runAction(inputs, { ...RUN_ENV, ...env }))
  if (run.code !== 0 || resultsOf(run).some((result) => result.path !== 'retag'))
    throw new Error(`release failed or did not re-tag: ${run.stdout}\n${run.stderr}`)
  const starts = proxies.flatMap((proxy) => proxy.requestStarts())
  return {
    ms,
    run,
    requests: starts.length,
    trips: roundTrips(starts, LATENCY_MS),
    connections: proxies.map((proxy) => proxy.connections())
  }
}

/** Fails unless every tag of `repo` points where the commit's tag does: the run wrote what it claims. */
export async function expectTagged(target: Target, repo: string, commit: string, tags: string[]): Promise<void> {
  const want = await digestOf(target, repo, commit)
  for (const tag of tags) {
    const got = await digestOf(target, repo, tag)
    if (!want || got !== want) throw new Error(`${repo}:${tag} points at ${got}, not at ${commit} (${want})`)
  }
}

/** Fails unless the run reports writing exactly these tags for every app. */
export function expectWritten(run: ActionRun, tags: string[]): void {
  for (const result of resultsOf(run)) {
    const written = result.written.map((ref) => ref.slice(ref.lastIndexOf(':') + 1))
    if (written.join(',') !== tags.join(','))
      throw new Error(`${result.app}: wrote ${result.written.join(',')}, expected ${tags.join(',')}`)
  }
}
