// `latest: auto` on a busy repository: 10,000 commit tags, listed 100 a page (as Docker Hub pages)
// by a paging front that honours `last=` in front of the real registry.
import { randomHex } from '../__tests__/fixtures/util.js'
import { cloneBase, tagMany } from './images.js'
import { median, ms, RUNS } from './measure.js'
import { releaseOnce, type Results, type Stage } from './scenarios.js'

export const TAGS = 10_000
export const PAGE = 100
const REPO = 'bench/many'

/** Commit tags as CI pushes them: half bare hex, half `sha-` short hex, and a few older versions. */
export async function seedManyTags(stage: Stage): Promise<void> {
  stage.bases.set(REPO, await cloneBase(stage.target, 'bench/app', REPO))
  const versions = Array.from({ length: 10 }, (_, i) => `v1.0.${i}`)
  const commits = Array.from({ length: TAGS - versions.length }, (_, i) =>
    i % 2 ? `sha-${randomHex(4)}` : randomHex(20)
  )
  await tagMany(stage.target, REPO, [...versions, ...commits])
}

async function listed(stage: Stage, version: string) {
  await stage.registry.reset()
  const run = await releaseOnce(stage, version, 'many')
  const pages = (await stage.registry.settledRequests()).filter((r) => r.path === `/v2/${REPO}/tags/list`).length
  return { ...run, pages }
}

/** (e) a `v`-prefixed version (the goal) and a version without prefix (reported). */
export async function tagList(stage: Stage, { rows, goals }: Results): Promise<void> {
  const prefixed = []
  for (let i = 1; i <= Math.min(RUNS, 3); i++) prefixed.push(await listed(stage, `v2.0.${i}`))
  const bare = await listed(stage, '3.0.0')
  const requests = Math.max(...prefixed.map((r) => r.requests))
  const pages = Math.max(...prefixed.map((r) => r.pages))
  const detail = `${TAGS} tags at ${PAGE} a page`
  rows.push([
    `latest: auto, v-prefixed version (${detail})`,
    ms(median(prefixed.map((r) => r.ms))),
    `median of ${prefixed.length}; ${requests} requests, ${pages} tag pages`
  ])
  rows.push([
    `latest: auto, version without prefix (${detail})`,
    ms(bare.ms),
    `1 run; ${bare.requests} requests, ${bare.pages} tag pages`
  ])
  goals.push({
    goal: `${TAGS} tags at ${PAGE} a page ≤ 15 requests (v-prefixed version)`,
    figure: String(requests),
    met: requests <= 15
  })
  goals.push({
    goal: `${TAGS} tags, version without prefix: reported`,
    figure: `${bare.requests} requests, ${ms(bare.ms)}`
  })
}
