#!/usr/bin/env node
// image-retag: the action's core as a command for other CI systems and laptops.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { buildEnvironment, type CommandRunner } from './build.js'
import { INPUT, getInputs } from './inputs.js'
import { messageOf } from './errors.js'
import type { Logger } from './release.js'
import { failureMessage, overallPath, releaseAll, type Io } from './release-all.js'
import { InputError } from './tags.js'

const HELP = `image-retag: release a container image for an already-built commit.

Looks for <image>:<commit-tag> in the registry and points the version tags at it (registry-side,
digest preserved); when it is missing, runs the build command, then tags what it pushed.

Usage: image-retag --app NAME --version TAG [--commit SHA] [options]

  --app NAME              app name; repeat, or separate with commas, for a batch
  --version TAG           release tag, e.g. v1.0.1
  --commit SHA            commit SHA, 7 to 64 hex digits (default: $GITHUB_SHA, else the git HEAD here)
  --image TEMPLATE        repository; {app} is replaced, e.g. ghcr.io/owner/{app} (required)
  --commit-tag TEMPLATE   tag of the commit image: {commit} (default) or {short}
  --latest auto|true|false   move latest: auto (default) only for the highest stable version
  --tags LIST             extra tags, comma separated ({commit} {short} {version} {app})
  --build-command CMD     fallback build, run without a shell (default: bazel run //{app}:push -- ...)
  --on-missing build|fail|defer
  --platforms LIST        platforms the image must contain, e.g. linux/amd64,linux/arm64
  --verify-revision       rebuild when the image's revision label names another commit
  --allow-overwrite       allow moving a version tag that points at another digest
  --dry-run               decide and report; write nothing, build nothing
  --engine registry|docker|auto
  --concurrency N         apps at once in a batch (default 8)
  --insecure-registries LIST   plain-HTTP registries (loopback always is)
  --username USER         registry user; the password comes from --password-stdin or
  --password-stdin        $IMAGE_RETAG_PASSWORD (never from the command line)
  --json                  print the result (one object per app) as JSON on stdout
  -h, --help              this text

Without --username, credentials come from docker's config.json (docker login, credential helpers).
Exit codes: 0 released (or deferred), 1 failed, 2 bad usage.
`

const BOOLEAN = new Set([INPUT.verifyRevision, INPUT.allowOverwrite, INPUT.dryRun])
const VALUED = new Set<string>(Object.values(INPUT).filter((name) => !BOOLEAN.has(name as never) && name !== INPUT.password && name !== INPUT.githubToken))

interface Parsed {
  values: Map<string, string[]>
  json: boolean
  help: boolean
  passwordStdin: boolean
}

/** Flags mirror the action's inputs: `--on-missing fail`, `--on-missing=fail`, `--dry-run`. */
export function parseArgs(argv: string[]): Parsed {
  const parsed: Parsed = { values: new Map(), json: false, help: false, passwordStdin: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') parsed.help = true
    else if (arg === '--json') parsed.json = true
    else if (arg === '--password-stdin') parsed.passwordStdin = true
    else if (arg === '--password' || arg.startsWith('--password=')) {
      throw new InputError('--password is not accepted: a password on the command line is visible to every process. Use --password-stdin or $IMAGE_RETAG_PASSWORD.')
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      const name = arg.slice(2, eq > 0 ? eq : undefined)
      if (BOOLEAN.has(name as never)) {
        parsed.values.set(name, [eq > 0 ? arg.slice(eq + 1) : 'true'])
      } else if (VALUED.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
        if (value === undefined) throw new InputError(`--${name} needs a value`)
        parsed.values.set(name, [...(parsed.values.get(name) ?? []), value])
      } else {
        throw new InputError(`Unknown option ${arg}. See image-retag --help.`)
      }
    } else {
      throw new InputError(`Unexpected argument '${arg}'. See image-retag --help.`)
    }
  }
  return parsed
}

/** Lines go to stderr (stdout is kept for --json), with every secret replaced by ***. */
function cliIo(): Io & { write: (prefix: string, message: string) => void } {
  const secrets: string[] = []
  const write = (prefix: string, message: string): void => {
    let line = message
    for (const secret of secrets) line = line.split(secret).join('***')
    process.stderr.write(`${prefix}${line}\n`)
  }
  const debug = process.env.IMAGE_RETAG_DEBUG === '1'
  const logger = (tag: string): Logger => ({
    info: (m) => write(tag, m),
    warning: (m) => write(`${tag}warning: `, m),
    debug: (m) => debug && write(`${tag}debug: `, m)
  })
  const runner: CommandRunner = (command, args, env) =>
    new Promise((resolve, reject) => {
      // build output to stderr too: stdout carries only the JSON result
      const child = spawn(command, args, { env: buildEnvironment(process.env, env), stdio: ['ignore', 2, 2] })
      child.on('error', reject)
      child.on('close', (code) => resolve(code ?? 1))
    })
  return {
    write,
    log: logger(''),
    setSecret: (secret) => secret && secrets.push(secret),
    appGroup: (plan, batch, task) => {
      if (!batch) write('', `== Release ${plan.app} ${plan.version}`)
      return task(batch ? logger(`[${plan.app}] `) : logger(''))
    },
    runner
  }
}

function gitHead(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined // not a git checkout, or no git: --commit is then required
  }
}

export async function main(argv: string[]): Promise<number> {
  const io = cliIo()
  let parsed: Parsed
  let inputs
  try {
    parsed = parseArgs(argv)
    if (parsed.help || argv.length === 0) {
      process.stdout.write(HELP)
      return parsed.help ? 0 : 2
    }
    const password = parsed.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : process.env.IMAGE_RETAG_PASSWORD ?? ''
    io.setSecret(password)
    const values = parsed.values
    const read = (name: string): string => (name === INPUT.password ? password : (values.get(name) ?? []).join('\n'))
    inputs = getInputs(read, { sha: process.env.GITHUB_SHA || gitHead(), owner: process.env.GITHUB_REPOSITORY_OWNER })
  } catch (error) {
    io.write('image-retag: ', messageOf(error))
    return error instanceof InputError ? 2 : 1
  }
  try {
    const results = await releaseAll(inputs, io)
    if (parsed.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
    else for (const r of results) io.write('', `${r.app}: ${r.path}${r.digest ? ` ${r.digest}` : ''}${r.reason ? ` (${r.reason})` : ''}`)
    io.write('', `path: ${overallPath(results)}`)
    const failure = failureMessage(results)
    if (failure) io.write('image-retag: ', failure)
    return failure ? 1 : 0
  } catch (error) {
    io.write('image-retag: ', messageOf(error))
    return error instanceof InputError ? 2 : 1
  }
}

process.exitCode = await main(process.argv.slice(2))
