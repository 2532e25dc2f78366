import type { AppResult } from './release.js'

/** User strings go into HTML table cells: escape them. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const PATH_LABEL: Record<AppResult['path'], string> = { retag: '♻️ retag', build: '🔨 build', defer: '⏭️ deferred', fail: '❌ fail' }

/** core.summary leaves an empty cell unclosed: put a dash in it. */
const EMPTY = '–'

type Cell = string | { data: string; header: true }

/** The job summary table: one row per app. */
export function summaryTable(results: AppResult[]): Cell[][] {
  const header: Cell[] = ['App', 'Path', 'Digest', 'Tags', 'Latest', 'Reason', 'Time'].map((data) => ({ data, header: true }))
  const rows = results.map((r) => [
    escapeHtml(r.app),
    PATH_LABEL[r.path],
    r.digest ? `<code>${escapeHtml(r.digest.slice(0, 19))}…</code>` : EMPTY,
    r.tags.map((t) => `<code>${escapeHtml(t)}</code>${r.written.includes(t) ? (r.dryRun ? ' (would write)' : ' (new)') : ''}`).join('<br>') || EMPTY,
    r.latest ? escapeHtml(r.latest) : EMPTY,
    r.reason ? escapeHtml(r.reason) : EMPTY,
    r.durationMs < 1000 ? `${r.durationMs} ms` : `${(r.durationMs / 1000).toFixed(1)} s`
  ])
  return [header, ...rows]
}
