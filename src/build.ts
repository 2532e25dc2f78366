import type { AppPlan, CommandRunner } from './model.js'
import { renderWord, type TemplateValues } from './template.js'

/**
 * Splits a command template into words the way a POSIX shell would for quoting only: single
 * quotes, double quotes and backslashes group characters; nothing is expanded or executed.
 */
export function splitCommand(template: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: "'" | '"' | undefined
  for (let i = 0; i < template.length; i++) {
    const c = template[i]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word += c
    } else if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && i + 1 < template.length && '"\\$`'.includes(template[i + 1])) word += template[++i]
      else word += c
    } else if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (c === '\\' && i + 1 < template.length) {
      word += template[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote`)
  if (inWord) words.push(word)
  return words
}

/** The values a build command may use, by placeholder name and by environment variable name. */
export function buildValues(plan: AppPlan): { placeholders: TemplateValues<'build'>; env: Record<string, string> } {
  const placeholders: TemplateValues<'build'> = {
    app: plan.app,
    version: plan.version,
    commit: plan.commit,
    short: plan.commit.slice(0, 7),
    'commit-tag': plan.commitTag,
    image: plan.image
  }
  const env = {
    APP: plan.app,
    VERSION: plan.version,
    COMMIT: plan.commit,
    COMMIT_TAG: plan.commitTag,
    IMAGE: plan.image
  }
  return { placeholders, env }
}

/**
 * The argv of the build: the template is split first, then placeholders are substituted inside
 * each word, so a value can never add words, quotes or shell syntax.
 */
export function buildArgv(template: string, placeholders: TemplateValues<'build'>): string[] {
  return splitCommand(template).map((word) => renderWord(word, placeholders))
}

/** What a build never sees: the action's inputs and the tokens the runner gives actions only. */
const WITHHELD = /^(INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_|IMAGE_RETAG_PASSWORD$)/

/**
 * The environment a build runs in: the step's own, less what carries a credential it was not
 * given (INPUT_PASSWORD, INPUT_GITHUB-TOKEN, the runner's ACTIONS_* tokens, the CLI's password).
 */
export function buildEnvironment(base: NodeJS.ProcessEnv, values: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !WITHHELD.test(name)) env[name] = value
  }
  return { ...env, ...values }
}

/** Runs the build command for one app; throws when it exits non-zero. */
export async function runBuild(plan: AppPlan, template: string, runner: CommandRunner): Promise<void> {
  const { placeholders, env } = buildValues(plan)
  const [command, ...args] = buildArgv(template, placeholders)
  const code = await runner(command, args, env)
  if (code !== 0) throw new Error(`build command ${command} exited with code ${code}`)
}
