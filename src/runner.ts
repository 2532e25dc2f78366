// The few parts of @actions/core the action uses, written the same way (workflow commands on
// stdout, the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files). @actions/core itself loads an HTTP
// client for OIDC tokens on start, which the action never asks for, and which made up most of the
// start-up time of a run rejected for bad input.
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

/** Command data on one line: `%`, CR and LF escaped as the runner expects. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`)
}

/** An input as the runner passes it (`INPUT_<NAME>`), trimmed unless asked not to. */
export function getInput(name: string, options: { trimWhitespace?: boolean } = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
  return options.trimWhitespace === false ? value : value.trim()
}

/** A step output, written to the GITHUB_OUTPUT file under a delimiter the value cannot contain. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    process.stdout.write(`${EOL}::set-output name=${name}::${escapeData(value)}${EOL}`)
    return
  }
  // the global crypto loads only when first used: a run rejected for bad input never does
  const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`Unexpected input: name or value contains the delimiter ${delimiter}`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

export const info = (message: string): void => void process.stdout.write(message + EOL)
export const debug = (message: string): void => command('debug', message)
export const warning = (message: string): void => command('warning', message)
export const setSecret = (secret: string): void => command('add-mask', secret)
export const startGroup = (title: string): void => command('group', title)
export const endGroup = (): void => command('endgroup', '')

export function setFailed(message: string): void {
  process.exitCode = 1
  command('error', message)
}

export async function group<T>(title: string, task: () => Promise<T>): Promise<T> {
  startGroup(title)
  try {
    return await task()
  } finally {
    endGroup()
  }
}

/** A table cell: text, or a header cell. */
export type Cell = string | { data: string; header?: boolean }

const wrap = (tag: string, content: string): string => `<${tag}>${content}</${tag}>`

/** The job summary, built as HTML and appended to the GITHUB_STEP_SUMMARY file. */
class Summary {
  private buffer = ''

  addHeading(text: string, level: 1 | 2 | 3 | 4 | 5 | 6): this {
    this.buffer += wrap(`h${level}`, text) + EOL
    return this
  }

  addTable(rows: Cell[][]): this {
    const cell = (c: Cell): string => (typeof c === 'string' ? wrap('td', c) : wrap(c.header ? 'th' : 'td', c.data))
    this.buffer += wrap('table', rows.map((row) => wrap('tr', row.map(cell).join(''))).join('')) + EOL
    return this
  }

  async write(): Promise<void> {
    const file = process.env.GITHUB_STEP_SUMMARY
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY')
    const text = this.buffer
    this.buffer = ''
    appendFileSync(file, text, { encoding: 'utf8' })
  }
}

export const summary = new Summary()
