// Promotion across registries: the action copying a commit image to a repository on another
// registry (blobs streamed from source to destination), against `skopeo copy --all` of the same
// image between the same registries, both through the latency proxies; bytes per second and the
// copying process's peak resident memory.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { spawnCollect, resultsOf } from '../__tests__/fixtures/services/action.js'
import { seedImage } from '../__tests__/fixtures/services/images.js'
import { makeTempDir, newCommit, removeDir } from '../__tests__/fixtures/util.js'
import { digestOf } from './images.js'
import { measureAction, median, RUNS, timed } from './measure.js'
import type { Results, Stage } from './scenarios.js'

const MB = 1024 * 1024
/** Incompressible bytes in each of the two platforms' layers. */
const LAYER_BYTES = 32 * MB
const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname

export interface Promotion {
  source: Stage
  destination: Stage
}

/** Peak resident memory (KiB) of `work`, whose node processes the preload writes into `file`. */
async function withPeakMemory<T>(work: (env: Record<string, string>) => Promise<T>): Promise<{ value: T; kb: number }> {
  const dir = await makeTempDir('bench-rss')
  try {
    const file = join(dir, 'rss')
    const env = { NODE_OPTIONS: `--import=${join(here, 'peak-memory.mjs')}`, BENCH_RSS_FILE: file }
    const value = await work(env)
    return { value, kb: Number(await readFile(file, 'utf8')) }
  } finally {
    await removeDir(dir)
  }
}

async function promoteOnce({ source, destination }: Promotion, commit: string, i: number) {
  const repo = `bench/big-a${i}`
  const inputs = { app: 'big', version: 'v1.0.0', commit, image: `${source.proxies[0].host}/bench/{app}` }
  const to = `${destination.proxies[0].host}/${repo}`
  const { value: measured, kb } = await withPeakMemory((env) => measureAction(source.proxies, { ...inputs, to }, env))
  const [result] = resultsOf(measured.run) as unknown as Array<{
    destinations: Array<{ written: string[]; bytes: number }>
  }>
  const [written] = result.destinations
  const want = await digestOf(source.target, 'bench/big', commit)
  for (const tag of ['v1.0.0', 'latest']) {
    if (!written.written.includes(`${to}:${tag}`) || (await digestOf(destination.target, repo, tag)) !== want)
      throw new Error(`promotion to ${repo} did not write ${tag}`)
  }
  return { ms: measured.ms, bytes: written.bytes, kb }
}

async function skopeoOnce({ source, destination }: Promotion, commit: string, i: number) {
  const args = ['-f', '%M', 'skopeo', 'copy', '--all', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false']
  const refs = [
    `docker://${source.proxies[0].host}/bench/big:${commit}`,
    `docker://${destination.proxies[0].host}/bench/big-s${i}:v1.0.0`
  ]
  const { ms, value } = await timed(() =>
    spawnCollect('/usr/bin/time', [...args, '--src-no-creds', '--dest-no-creds', ...refs])
  )
  if (value.code !== 0) throw new Error(`skopeo copy: ${value.stderr}`)
  return { ms, kb: Number(value.stderr.trim().split('\n').pop()) }
}

const rate = (bytes: number, ms: number): string => `${(bytes / MB / (ms / 1000)).toFixed(1)} MiB/s`

/** (f) a cross-registry promotion against skopeo copy --all, runs interleaved, a new destination each. */
export async function promotion(stages: Promotion, { rows, goals }: Results): Promise<void> {
  const commit = newCommit()
  await seedImage(stages.source.target.host, `bench/big:${commit}`, 'oci-index', {
    salt: commit,
    layerBytes: LAYER_BYTES
  })
  const runs = Math.min(RUNS, 3)
  const action = []
  const skopeo = []
  for (let i = 1; i <= runs; i++) {
    action.push(await promoteOnce(stages, commit, i))
    skopeo.push(await skopeoOnce(stages, commit, i))
  }
  const bytes = action[0].bytes
  const [actionMs, skopeoMs] = [median(action.map((r) => r.ms)), median(skopeo.map((r) => r.ms))]
  const peak = (kb: number[]): string => `${(Math.max(...kb) / 1024).toFixed(0)} MiB`
  rows.push([
    'promotion across registries, this action',
    `${rate(bytes, actionMs)}`,
    `${(bytes / MB).toFixed(0)} MiB of blobs in ${Math.round(actionMs)} ms, median of ${runs}; peak memory ${peak(action.map((r) => r.kb))}`
  ])
  rows.push([
    'promotion across registries, skopeo copy --all',
    `${rate(bytes, skopeoMs)}`,
    `${Math.round(skopeoMs)} ms, median of ${runs}, interleaved; peak memory ${peak(skopeo.map((r) => r.kb))}`
  ])
  goals.push({
    goal: 'promotion rows: blob bytes/s against skopeo copy --all, and peak memory',
    figure: `${rate(bytes, actionMs)} vs ${rate(bytes, skopeoMs)}; ${peak(action.map((r) => r.kb))} vs ${peak(skopeo.map((r) => r.kb))}`
  })
}
