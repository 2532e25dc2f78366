/** One challenge of a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`. */
export interface Challenge {
  /** Lower-cased scheme: `basic`, `bearer`, … */
  scheme: string
  /** Parameters with lower-cased names and unquoted values. */
  params: Record<string, string>
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/

/**
 * Parses a `WWW-Authenticate` value into its challenges (RFC 9110 §11.6.1). A header may carry
 * several challenges separated by commas, and parameter values may be quoted strings with
 * escapes and commas inside, so a split on commas is not enough.
 */
// eslint-disable-next-line max-lines-per-function -- a tokenizer reads best as one loop over the header
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = []
  let i = 0
  const skipSpace = (): void => {
    while (i < header.length && (header[i] === ' ' || header[i] === '\t')) i++
  }
  const readToken = (): string => {
    const start = i
    while (i < header.length && TOKEN_CHAR.test(header[i])) i++
    return header.slice(start, i)
  }
  // a quoted-string: a backslash escapes the next character, so `\"` does not end it
  const readQuoted = (): string => {
    let value = ''
    i++
    while (i < header.length && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < header.length) i++
      value += header[i++]
    }
    i++
    return value
  }

  let current: Challenge | undefined
  // a token right after a scheme (no comma between) is a parameter or a token68, never a scheme
  let afterScheme = false
  while (i < header.length) {
    skipSpace()
    if (header[i] === ',') {
      i++
      afterScheme = false
      continue
    }
    const token = readToken()
    if (token === '') {
      i++ // stray character: skip it rather than loop forever
      continue
    }
    skipSpace()
    const isParam = header[i] === '=' && header[i + 1] !== '=' && header[i + 1] !== ',' && i + 1 < header.length
    if (isParam && current) {
      i++
      skipSpace()
      const value = header[i] === '"' ? readQuoted() : readToken()
      current.params[token.toLowerCase()] = value
    } else if (afterScheme || header[i] === '=') {
      // token68 (`Basic dXNlcg==`): no parameters to keep
      while (i < header.length && header[i] !== ',') i++
    } else {
      current = { scheme: token.toLowerCase(), params: {} }
      challenges.push(current)
      afterScheme = true
      continue
    }
    afterScheme = false
  }
  return challenges
}

/** A registry scope from a challenge: `repository:owner/app:pull,push`. */
export interface Scope {
  type: string
  name: string
  actions: string[]
}

/** Parses a space-separated scope list; malformed entries are ignored. */
export function parseScopes(value: string | undefined): Scope[] {
  if (!value) return []
  const scopes: Scope[] = []
  for (const entry of value.split(' ')) {
    // names may contain ':' (host:port inside a name is not allowed, but be lenient): type is the
    // first field, actions the last, the name everything between
    const first = entry.indexOf(':')
    const last = entry.lastIndexOf(':')
    if (first <= 0 || last === first) continue
    scopes.push({
      type: entry.slice(0, first),
      name: entry.slice(first + 1, last),
      actions: entry
        .slice(last + 1)
        .split(',')
        .filter(Boolean)
    })
  }
  return scopes
}

export function formatScope(scope: Scope): string {
  return `${scope.type}:${scope.name}:${[...new Set(scope.actions)].sort().join(',')}`
}
