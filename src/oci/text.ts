/**
 * Text that a registry or an image sent (labels, annotations, error messages, header values), made
 * fit for a message, a log line or an output: every control character and line separator escaped,
 * so no part of it can begin a line (and so a workflow command), and the length capped.
 */
export function neutralise(text: string, max = 200): string {
  const escaped = text.replace(/[\p{Cc}\u2028\u2029]/gu, escapeChar)
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function escapeChar(char: string): string {
  return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
}
