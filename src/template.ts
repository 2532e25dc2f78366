import { InputError } from './errors.js'

/** The placeholders each kind of template may use, in the order an error lists them. */
export const PLACEHOLDERS = {
  image: ['app'],
  tag: ['app', 'commit', 'short', 'version'],
  /** A floating tag names a line of versions, so it has no per-commit or per-version placeholder. */
  floating: ['app', 'major', 'minor'],
  build: ['app', 'version', 'commit', 'short', 'commit-tag', 'image']
} as const

export type TemplateKind = keyof typeof PLACEHOLDERS
export type TemplateValues<K extends TemplateKind> = Record<(typeof PLACEHOLDERS)[K][number], string>

const PLACEHOLDER = /\{([^{}]*)\}/g

/** Braces in a build command that are not written like ours (`{}`, `{HOME}`) belong to the program. */
const LOOKS_LIKE_OURS = /^[a-z][a-z_-]*$/

/** `{app, commit}` as an error lists them. */
export function listPlaceholders(kind: TemplateKind): string {
  return PLACEHOLDERS[kind].map((name) => `{${name}}`).join(', ')
}

/**
 * Replaces every `{name}`. An unknown placeholder is an error naming the input, so a typo such as
 * `{comit}` fails before anything is written instead of producing a literal tag.
 */
export function renderTemplate<K extends TemplateKind>(
  kind: K,
  template: string,
  values: TemplateValues<K>,
  input: string
): string {
  return fill(template, values, (whole) => {
    throw new InputError(
      `Invalid ${input} '${template}': unknown placeholder ${whole}. Expected any of ${listPlaceholders(kind)}.`
    )
  })
}

/** Replaces the known placeholders of one word of a build command; anything else stays as written. */
export function renderWord(word: string, values: TemplateValues<'build'>): string {
  return fill(word, values, (whole) => whole)
}

/** Placeholders written like ours but unknown in a build command: a typo, caught before anything runs. */
export function unknownBuildPlaceholders(template: string): string[] {
  const known: readonly string[] = PLACEHOLDERS.build
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .filter((name) => LOOKS_LIKE_OURS.test(name) && !known.includes(name))
}

function fill(template: string, values: Record<string, string>, unknown: (whole: string) => string): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name] : unknown(whole)
  )
}
