import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { basicAuth, type Credential } from '../oci/auth.js'
import { DOCKER_HUB_CONFIG_KEY } from '../oci/keychain.js'
import { DOCKER_HUB } from '../oci/reference.js'

/** docker's exit code for a command that is not there (ours too, when the binary is missing). */
export const COMMAND_NOT_FOUND = 127

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `docker <args>`; tests inject their own and assert the exact argv. */
export type DockerCli = (args: string[]) => Promise<CliResult>

/** The real docker CLI, silent (its output is read, not shown); a missing binary is exit 127. */
export function dockerCli(env: NodeJS.ProcessEnv): DockerCli {
  return (args) =>
    new Promise((resolve) => {
      execFile('docker', args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 }, (error, stdout, stderr) => {
        if (error?.code === 'ENOENT') resolve({ code: COMMAND_NOT_FOUND, stdout, stderr: 'docker: command not found' })
        else resolve({ code: exitCodeOf(error), stdout, stderr })
      })
    })
}

function exitCodeOf(error: { code?: string | number | null } | null): number {
  if (!error) return 0
  return typeof error.code === 'number' ? error.code : 1
}

/**
 * A private DOCKER_CONFIG for the CLI: the user's own config.json plus the credentials docker
 * would not find there (inputs, github-token), file mode 0600, removed afterwards; no secret ever
 * goes on a command line. The user's CLI plugins (buildx) stay visible through a link.
 */
export async function privateDockerConfig(
  userDir: string,
  credentials: Map<string, Credential>,
  /** Where the directory goes: the runner's temporary directory, else the system's. */
  tempRoot: string = tmpdir()
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tempRoot, 'image-retag-docker-'))
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true })
  try {
    let config: { auths?: Record<string, object> } = {}
    try {
      config = JSON.parse(await readFile(join(userDir, 'config.json'), 'utf8')) as typeof config
    } catch {
      // no config of the user's, or not JSON: the handed-over credentials alone
    }
    const auths = { ...config.auths }
    for (const [registry, credential] of credentials) {
      const key = registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry
      auths[key] =
        credential.kind === 'basic'
          ? { auth: basicAuth(credential.username, credential.password) }
          : { identitytoken: credential.token }
    }
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, auths }), { mode: 0o600 })
    await symlink(join(userDir, 'cli-plugins'), join(dir, 'cli-plugins')).catch(() => undefined)
    return { dir, cleanup }
  } catch (error) {
    await cleanup()
    throw error
  }
}
