import type { AppResult, DestinationResult, ReleasePath } from './model.js'

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

/** The job summary table: one row per destination of each app (one row for an app that got no further). */
export function summaryTable(results: AppResult[]): Cell[][] {
  const withChecks = results.some((r) => r.checks !== undefined)
  const names = [
    'App',
    'Path',
    'Digest',
    'Repository',
    'Tags',
    'Moving tags',
    'Reason',
    ...(withChecks ? ['Checks'] : [])
  ]
  const header: Cell[] = [...names, 'Time'].map((data) => ({ data, header: true }))
  const rows = results.flatMap((r) => {
    const destinations = r.destinations ?? []
    if (destinations.length === 0) return [summaryRow(r, { repository: r.image, ...r }, withChecks)]
    return destinations.map((d) => summaryRow(r, { ...d, copied: copyNote(d), reason: d.error }, withChecks))
  })
  return [header, ...rows]
}

/** What one row shows of one repository; the app's own reason and moving-tag decisions where it has none. */
interface RowFacts {
  repository: string
  tags: string[]
  written: string[]
  latest?: string
  floating?: string[]
  copied?: string
  reason?: string
}

function summaryRow(r: AppResult, facts: RowFacts, withChecks: boolean): Cell[] {
  const repository = `<code>${escapeHtml(facts.repository)}</code>${facts.copied ? `<br>${escapeHtml(facts.copied)}` : ''}`
  const reason = facts.reason ?? r.reason
  // latest and the floating tags: where each went, or why it was left alone
  const moving = [facts.latest ?? r.latest, ...(facts.floating ?? r.floating ?? [])].filter(Boolean).join('\n')
  return [
    escapeHtml(r.app),
    PATH_LABEL[r.path],
    r.digest ? `<code>${escapeHtml(r.digest.slice(0, 19))}…</code>` : EMPTY,
    repository,
    facts.tags.map((t) => `<code>${escapeHtml(t)}</code>${tagNote(r.dryRun, facts.written, t)}`).join('<br>') || EMPTY,
    moving ? escapeHtml(moving) : EMPTY,
    reason ? escapeHtml(reason) : EMPTY,
    ...(withChecks ? [checksCell(r)] : []),
    r.durationMs < 1000 ? `${r.durationMs} ms` : `${(r.durationMs / 1000).toFixed(1)} s`
  ]
}

/** `2 mounted, 3 copied (4.2 MB), 1 already there, 1 referrer`; nothing for a destination nothing was copied to. */
function copyNote(d: DestinationResult): string | undefined {
  const { mounted, copied, skipped } = d.blobs
  if (mounted + copied + skipped + d.referrers === 0) return undefined
  const size = d.bytes >= 1e6 ? `${(d.bytes / 1e6).toFixed(1)} MB` : `${d.bytes} bytes`
  const referrers = d.referrers === 1 ? '1 referrer' : `${d.referrers} referrers`
  return `blobs: ${mounted} mounted, ${copied} copied (${size}), ${skipped} already there; ${referrers}`
}

/** One line per reuse check: its input, what it came to and what it found. */
function checksCell(result: AppResult): string {
  const lines = (result.checks ?? []).map((c) => `${escapeHtml(c.check)}: ${c.outcome} (${escapeHtml(c.detail)})`)
  return lines.join('<br>') || EMPTY
}

function tagNote(dryRun: boolean, written: string[], tag: string): string {
  if (!written.includes(tag)) return ''
  return dryRun ? ' (would write)' : ' (new)'
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
