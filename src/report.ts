import type { AppResult, ReleasePath } from './model.js'

/** User strings go into HTML table cells: escape them. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const PATH_LABEL: Record<ReleasePath, string> = {
  retag: '♻️ retag',
  build: '🔨 build',
  defer: '⏭️ deferred',
  fail: '❌ fail'
}

/** core.summary leaves an empty cell unclosed: put a dash in it. */
const EMPTY = '–'

type Cell = string | { data: string; header: true }

/** The job summary table: one row per app. */
export function summaryTable(results: AppResult[]): Cell[][] {
  const header: Cell[] = ['App', 'Path', 'Digest', 'Tags', 'Latest', 'Reason', 'Time'].map((data) => ({
    data,
    header: true
  }))
  const rows = results.map((r) => [
    escapeHtml(r.app),
    PATH_LABEL[r.path],
    r.digest ? `<code>${escapeHtml(r.digest.slice(0, 19))}…</code>` : EMPTY,
    r.tags.map((t) => `<code>${escapeHtml(t)}</code>${tagNote(r, t)}`).join('<br>') || EMPTY,
    r.latest ? escapeHtml(r.latest) : EMPTY,
    r.reason ? escapeHtml(r.reason) : EMPTY,
    r.durationMs < 1000 ? `${r.durationMs} ms` : `${(r.durationMs / 1000).toFixed(1)} s`
  ])
  return [header, ...rows]
}

function tagNote(result: AppResult, tag: string): string {
  if (!result.written.includes(tag)) return ''
  return result.dryRun ? ' (would write)' : ' (new)'
}

/** The `path` output: the one path every app took, else `fail` when any failed, else `mixed`. */
export function overallPath(results: AppResult[]): ReleasePath | 'mixed' {
  const paths = new Set(results.map((r) => r.path))
  if (paths.size === 1) return results[0].path
  return paths.has('fail') ? 'fail' : 'mixed'
}

/** The step's failure message: every failed app and why. */
export function failureMessage(results: AppResult[]): string | undefined {
  const failed = results.filter((r) => r.path === 'fail')
  if (failed.length === 0) return undefined
  const list = failed.map((r) => `${r.app}: ${r.reason}`).join('\n')
  return results.length === 1 ? list : `${failed.length} of ${results.length} apps failed:\n${list}`
}
