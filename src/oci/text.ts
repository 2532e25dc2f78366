/**
 * Text a registry or an image sent (error messages, header values, tag names, bodies) made safe
 * to put into a message, a log line, an output or a summary: control characters and line
 * separators escaped, so it stays on one line and no line of it can start a workflow command;
 * at most `max` characters, the rest cut with `…`.
 */
export function neutralise(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped
}
