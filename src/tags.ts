import { isValidTag } from './oci/reference.js'

/** Values a template may name: `{app}`, `{commit}`, `{short}`, `{version}`. */
export type TemplateValues = Record<string, string>

/** Thrown for any input that does not have the expected format; the message names the input. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/**
 * Replaces `{name}` placeholders. An unknown placeholder is an error naming the input, so a typo
 * such as `{comit}` fails before anything is written instead of producing a literal tag.
 */
export function renderTemplate(template: string, values: TemplateValues, input: string): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (name in values) return values[name]
    const known = Object.keys(values).map((k) => `{${k}}`).join(', ')
    throw new InputError(`Invalid ${input} '${template}': unknown placeholder ${whole}. Expected any of ${known}.`)
  })
}

const TAG_FORMAT = 'an OCI tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}'

export function validateTag(tag: string, input: string, template?: string): string {
  if (!isValidTag(tag)) {
    const from = template && template !== tag ? ` (from '${template}')` : ''
    throw new InputError(`Invalid ${input} '${tag}'${from}. Expected ${TAG_FORMAT}.`)
  }
  return tag
}

export type LatestPolicy = 'true' | 'false'

/** The tags a release points at the commit image, in write order: version first, latest last. */
export function releaseTags(version: string, latest: LatestPolicy): string[] {
  const tags = [version]
  if (latest === 'true' && version !== 'latest') tags.push('latest')
  return tags
}
