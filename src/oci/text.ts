/**
 * Text that came from a registry or an image, made fit for a message, a log line, an output or a
 * summary cell: control characters (line breaks included) escaped, so no line of it can start a
 * workflow command, and the length capped.
 */
export function neutralise(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is escaped here
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped
}
