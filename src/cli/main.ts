// image-retag: the action's core as a command for other CI systems and laptops.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { buildEnvironment } from '../build.js'
import { BOOLEAN_INPUTS, INPUT, SECRET_INPUTS, type InputName } from '../contract.js'
import { explain, InputError } from '../errors.js'
import { getInputs, type Config } from '../inputs.js'
import type { AppResult, CommandRunner, Host, Logger } from '../model.js'
import { releaseAll } from '../release-all.js'
import { cleanStrings, failureMessage, outgoing, overallPath, Redactor } from '../report.js'

export const HELP = `image-retag: release a container image for an already-built commit.

Looks for <image>:<commit-tag> in the registry and points the version tags at it (registry-side,
digest preserved); when it is missing, runs the build command, then tags what it pushed.

Usage: image-retag --app NAME --version TAG [--commit SHA] [options]

  --app NAME              app name; repeat, or separate with commas, for a batch
  --version TAG           release tag, e.g. v1.0.1
  --commit SHA            commit SHA, 7 to 64 hex digits (default: $GITHUB_SHA, else the git HEAD here)
  --image TEMPLATE        repository; {app} is replaced, e.g. ghcr.io/owner/{app} (required)
  --to TEMPLATE           repository to publish to (default: the image's); repeat, or separate
                          with commas, for several: docker.io/owner/{app},ghcr.io/owner/{app}
  --referrers             copy signatures, attestations and SBOMs along (default); --referrers=false
  --commit-tag TEMPLATE   tag of the commit image: {commit} (default) or {short}
  --latest auto|true|false   move latest: auto (default) only for the highest stable version
  --tags LIST             extra tags, comma separated ({commit} {short} {version} {app})
  --floating-tags LIST    tags that follow a line, never backwards, e.g. v{major},v{major}.{minor}
  --build-command CMD     fallback build, run without a shell (default: bazel run //{app}:push -- ...)
  --on-missing build|fail|defer
  --platforms LIST        platforms the image must contain, e.g. linux/amd64,linux/arm64
  --verify-revision       rebuild when the image's revision label names another commit
  --rebuild-if-base-changed   rebuild when the base the image records has moved since
  --max-age DURATION      rebuild when the image is older than this: 30d, 12h, 90m
  --allow-overwrite       allow moving a version tag that points at another digest
  --dry-run               decide and report; write nothing, build nothing
  --engine registry|docker|auto
  --concurrency N         apps at once in a batch (default 8)
  --insecure-registries LIST   plain-HTTP registries (loopback always is)
  --username USER         registry user; the password comes from --password-stdin or
  --password-stdin        $IMAGE_RETAG_PASSWORD (never from the command line)
  --json                  print the result (one object per app) as JSON on stdout
  -h, --help              this text

Without --username, credentials come from docker's config.json (docker login, credential helpers);
--username applies to the --image registry only, every --to registry uses docker's config.json.
Exit codes: 0 released (or deferred), 1 failed, 2 bad usage.
`

const VALUED: ReadonlySet<string> = new Set(
  Object.values(INPUT).filter((name) => !BOOLEAN_INPUTS.has(name) && !SECRET_INPUTS.has(name))
)

export interface Parsed {
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
      throw new InputError(
        '--password is not accepted: a password on the command line is visible to every process. Use --password-stdin or $IMAGE_RETAG_PASSWORD.'
      )
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      const name = arg.slice(2, eq > 0 ? eq : undefined)
      if (BOOLEAN_INPUTS.has(name as InputName)) {
        parsed.values.set(name, [eq > 0 ? arg.slice(eq + 1) : 'true'])
      } else if (VALUED.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
        if (value === undefined) throw new InputError(`--${name} needs a value`)
        // the default build runs only when the option is left out; an empty one is a mistake
        if (name === INPUT.buildCommand && value === '') {
          throw new InputError(
            `--${name} is empty. Expected a command and its arguments, or no --${name} for the default.`
          )
        }
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

/** What the CLI takes from the process it runs in; tests hand in their own. */
export interface Terminal {
  env: NodeJS.ProcessEnv
  stdout(text: string): void
  stderr(text: string): void
  /** All of standard input (the password, with --password-stdin). */
  readStdin(): string
  /** The commit checked out here, when this is a git checkout. */
  gitHead(): string | undefined
}

export function processTerminal(): Terminal {
  return {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0, 'utf8'),
    gitHead
  }
}

function gitHead(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined // not a git checkout, or no git: --commit is then required
  }
}

type CliHost = Host & {
  write: (prefix: string, message: string) => void
  /** What every text printed goes through: secrets out, control characters and commands guarded. */
  out: (text: string) => string
}

/**
 * Lines go to stderr (stdout is kept for --json), with every secret replaced by *** and nothing
 * that a CI log would read as a command (a GitHub runner may run the CLI too).
 */
export function cliHost(terminal: Terminal): CliHost {
  const redactor = new Redactor()
  const out = outgoing(redactor)
  const write = (prefix: string, message: string): void => terminal.stderr(`${prefix}${out(message)}\n`)
  const debug = terminal.env.IMAGE_RETAG_DEBUG === '1'
  const logger = (tag: string): Logger => ({
    info: (m) => write(tag, m),
    warning: (m) => write(`${tag}warning: `, m),
    debug: (m) => debug && write(`${tag}debug: `, m)
  })
  const runner: CommandRunner = (command, args, env) =>
    new Promise((resolve, reject) => {
      // build output to stderr too: stdout carries only the JSON result
      const child = spawn(command, args, { env: buildEnvironment(terminal.env, env), stdio: ['ignore', 2, 2] })
      child.on('error', reject)
      child.on('close', (code) => resolve(code ?? 1))
    })
  return {
    write,
    out,
    log: logger(''),
    setSecret: (secret) => redactor.add(secret),
    appGroup: (plan, batch, task) => {
      if (!batch) write('', `== Release ${plan.app} ${plan.version}`)
      return task(batch ? logger(`[${plan.app}] `) : logger(''))
    },
    runner
  }
}

/** Exit code of a failure: 2 for bad usage, 1 for anything else. */
function fail(host: CliHost, error: unknown): number {
  host.write('image-retag: ', explain(error))
  return error instanceof InputError ? 2 : 1
}

/** The run's config from the flags; the password from stdin or $IMAGE_RETAG_PASSWORD, masked. */
function readConfig(parsed: Parsed, terminal: Terminal, host: CliHost): Config {
  const { env } = terminal
  const password = parsed.passwordStdin ? terminal.readStdin().replace(/\r?\n$/, '') : (env.IMAGE_RETAG_PASSWORD ?? '')
  host.setSecret(password)
  const read = (name: string): string =>
    name === INPUT.password ? password : (parsed.values.get(name) ?? []).join('\n')
  return getInputs(read, { sha: env.GITHUB_SHA || terminal.gitHead(), owner: env.GITHUB_REPOSITORY_OWNER })
}

function report(released: AppResult[], parsed: Parsed, terminal: Terminal, host: CliHost): number {
  const results = cleanStrings(released, host.out)
  if (parsed.json) terminal.stdout(`${JSON.stringify(results, null, 2)}\n`)
  else
    for (const r of results) {
      host.write('', `${r.app}: ${r.path}${r.digest ? ` ${r.digest}` : ''}${r.reason ? ` (${r.reason})` : ''}`)
      for (const c of r.checks ?? []) host.write('', `  ${c.check}: ${c.outcome} (${c.detail})`)
      const destinations = r.destinations ?? []
      // a release to its own image repository only is said in the line above
      const promoted = destinations.filter((d) => destinations.length > 1 || d.repository !== r.image)
      for (const d of promoted)
        host.write('', `  ${d.repository}: ${d.error ? `failed (${d.error})` : `${d.written.length} tags written`}`)
    }
  host.write('', `path: ${overallPath(results)}`)
  const failure = failureMessage(results)
  if (failure) host.write('image-retag: ', failure)
  return failure ? 1 : 0
}

/** The CLI: resolves to its exit code. */
export async function main(
  argv: string[],
  terminal: Terminal = processTerminal(),
  release = releaseAll
): Promise<number> {
  const host = cliHost(terminal)
  let parsed: Parsed
  let config: Config
  try {
    parsed = parseArgs(argv)
    if (parsed.help || argv.length === 0) {
      terminal.stdout(HELP)
      return parsed.help ? 0 : 2
    }
    config = readConfig(parsed, terminal, host)
  } catch (error) {
    return fail(host, error)
  }
  try {
    return report(await release(config, host, terminal.env), parsed, terminal, host)
  } catch (error) {
    return fail(host, error)
  }
}
