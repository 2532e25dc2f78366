import type { AppResult, ReleasePath } from './model.js'

/**
 * Every secret the run was given or obtained (passwords, their base64 `user:pass` form, tokens):
 * the runner masks them in the log, this takes them out of everything else that leaves the run.
 */
export class Redactor {
  private readonly secrets = new Set<string>()

  add(secret: string): void {
    if (secret) this.secrets.add(secret)
  }

  redact(text: string): string {
    // longest first: a secret that contains another goes as a whole
    const secrets = [...this.secrets].sort((a, b) => b.length - a.length)
    return secrets.reduce((out, secret) => out.split(secret).join('***'), text)
  }
}

/** Control characters (the newline is let through), line and paragraph separators, bidirectional overrides. */
const UNSAFE_CHARACTER = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu

/**
 * Makes text safe to print where a GitHub runner reads workflow commands, whatever it holds (a
 * registry's error message, an image label): control characters are escaped (`\u001b`), a line
 * whose first non-blank characters are `::` gets a backslash before them, and `##[` (the older
 * command syntax, found anywhere in a line) becomes `##\[`. Newlines stay: messages may have several
 * lines, none of which can then start a command.
 */
export function guardText(text: string): string {
  return text
    .replace(UNSAFE_CHARACTER, (c) => (c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .replace(/^([^\S\n]*)::/gm, '$1\\::')
    .replaceAll('##[', '##\\[')
}

/** What every log line, output, summary cell and CLI line goes through: secrets out, then guarded. */
export function outgoing(redactor: Redactor): (text: string) => string {
  return (text) => guardText(redactor.redact(text))
}

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json }

/** The same value with `clean` applied to every string in it (results before they become outputs). */
export function cleanStrings<T>(value: T, clean: (text: string) => string): T {
  const walk = (v: Json): Json => {
    if (typeof v === 'string') return clean(v)
    if (Array.isArray(v)) return v.map(walk)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value as Json) as T
}

/**
 * User strings go into the HTML table of the job summary: HTML and Markdown characters become
 * entities, and a newline becomes `<br>`, so a cell can neither add markup nor end the table
 * (a blank line would end the HTML block and start Markdown).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`*_[\]|~\\]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, '<br>')
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

/** The job summary table: one row per app; a Checks column when a reuse check ran. */
export function summaryTable(results: AppResult[]): Cell[][] {
  const withChecks = results.some((r) => r.checks !== undefined)
  const names = ['App', 'Path', 'Digest', 'Tags', 'Latest', 'Reason', ...(withChecks ? ['Checks'] : []), 'Time']
  const header: Cell[] = names.map((data) => ({ data, header: true }))
  const rows = results.map((r) => [
    escapeHtml(r.app),
    PATH_LABEL[r.path],
    r.digest ? `<code>${escapeHtml(r.digest.slice(0, 19))}…</code>` : EMPTY,
    r.tags.map((t) => `<code>${escapeHtml(t)}</code>${tagNote(r, t)}`).join('<br>') || EMPTY,
    r.latest ? escapeHtml(r.latest) : EMPTY,
    r.reason ? escapeHtml(r.reason) : EMPTY,
    ...(withChecks ? [checksCell(r)] : []),
    r.durationMs < 1000 ? `${r.durationMs} ms` : `${(r.durationMs / 1000).toFixed(1)} s`
  ])
  return [header, ...rows]
}

/** One line per reuse check: its input, what it came to and what it found. */
function checksCell(result: AppResult): string {
  const lines = (result.checks ?? []).map((c) => `${escapeHtml(c.check)}: ${c.outcome} (${escapeHtml(c.detail)})`)
  return lines.join('<br>') || EMPTY
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
