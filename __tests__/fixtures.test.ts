// Checks the integration fixtures themselves: real registries (none/basic/token auth), seeded
// images of every kind, and the access log the other tests count requests with.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { seedImage, rawManifest, manifestDigest, type ImageKind } from './fixtures/images.js'
import { startRegistry, type StartedRegistry } from './fixtures/registry.js'
import {
  ALL_MANIFEST_TYPES,
  MEDIA_TYPES,
  basicHeader,
  parseChallenge,
  registryFetch,
  type Creds
} from './fixtures/registry-client.js'
import { startTokenServer } from './fixtures/token-server.js'
import { sha256 } from './fixtures/util.js'

const KINDS: Array<[ImageKind, string]> = [
  ['oci-manifest', MEDIA_TYPES.ociManifest],
  ['oci-index', MEDIA_TYPES.ociIndex],
  ['docker-manifest', MEDIA_TYPES.dockerManifest],
  ['docker-list', MEDIA_TYPES.dockerList]
]


function credsOf(reg: StartedRegistry): Creds {
  if (!reg.username || !reg.password) throw new Error('registry has no user')
  return { username: reg.username, password: reg.password }
}

/** GET a manifest with plain fetch (no fixture client), optionally with an Authorization header. */
async function getManifest(host: string, repo: string, ref: string, authorization?: string): Promise<Response> {
  return fetch(`http://${host}/v2/${repo}/manifests/${ref}`, {
    headers: { accept: ALL_MANIFEST_TYPES, ...(authorization ? { authorization } : {}) }
  })
}

function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, c] = token.split('.')
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>
  }
}

describe('registry without auth', () => {
  let reg: StartedRegistry
  beforeAll(async () => {
    reg = await startRegistry()
  })
  afterAll(async () => {
    await reg?.stop()
  })

  test.each(KINDS)('seeds %s and it round-trips', async (kind, mediaType) => {
    const seeded = await seedImage(reg.host, `demo/${kind}:rev1`, kind, { revision: 'rev1' })
    expect(seeded.mediaType).toBe(mediaType)

    const res = await getManifest(reg.host, `demo/${kind}`, 'rev1')
    expect(res.status).toBe(200)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(res.headers.get('content-type')).toBe(mediaType)
    expect(sha256(bytes)).toBe(seeded.digest)
    expect(res.headers.get('docker-content-digest')).toBe(seeded.digest)

    const body = JSON.parse(bytes.toString('utf8')) as {
      manifests?: Array<{ digest: string; mediaType: string; platform?: { os: string; architecture: string } }>
      config?: { digest: string }
    }
    const isList = kind === 'oci-index' || kind === 'docker-list'
    if (isList) {
      expect(body.manifests?.map((m) => m.digest)).toEqual(seeded.platformDigests)
      expect(body.manifests?.map((m) => `${m.platform?.os}/${m.platform?.architecture}`)).toEqual([
        'linux/amd64',
        'linux/arm64'
      ])
      const childType = kind === 'docker-list' ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest
      expect(body.manifests?.every((m) => m.mediaType === childType)).toBe(true)
    } else {
      expect(seeded.platformDigests).toEqual([seeded.digest])
    }

    // The revision label sits in each platform's config.
    const child = await rawManifest(reg.host, `demo/${kind}@${seeded.platformDigests[0]}`)
    expect(child?.digest).toBe(seeded.platformDigests[0])
    const configDigest = (JSON.parse(child!.bytes.toString('utf8')) as { config: { digest: string } }).config.digest
    const configRes = await fetch(`http://${reg.host}/v2/demo/${kind}/blobs/${configDigest}`)
    const config = (await configRes.json()) as {
      architecture: string
      os: string
      config: { Labels: Record<string, string> }
      rootfs: { diff_ids: string[] }
    }
    expect(config.architecture).toBe('amd64')
    expect(config.os).toBe('linux')
    expect(config.config.Labels['org.opencontainers.image.revision']).toBe('rev1')
    expect(config.rootfs.diff_ids).toHaveLength(1)
  })

  test('same options give the same digest, salt changes it', async () => {
    const a = await seedImage(reg.host, 'det/a:t', 'oci-index')
    const b = await seedImage(reg.host, 'det/b:t', 'oci-index')
    const c = await seedImage(reg.host, 'det/c:t', 'oci-index', { salt: 'x' })
    expect(b.digest).toBe(a.digest)
    expect(c.digest).not.toBe(a.digest)
  })

  test('manifestDigest answers undefined for a missing tag', async () => {
    expect(await manifestDigest(reg.host, 'demo/oci-manifest:nope')).toBeUndefined()
    expect(await manifestDigest(reg.host, 'nope/nope:nope')).toBeUndefined()
  })

  test('requests() shows what the registry served, in order, after settle()', async () => {
    const seeded = await seedImage(reg.host, 'log/app:v1', 'docker-manifest')
    await reg.reset()
    expect(reg.requests()).toEqual([])

    const head = await fetch(`http://${reg.host}/v2/log/app/manifests/v1`, {
      method: 'HEAD',
      headers: { accept: ALL_MANIFEST_TYPES }
    })
    expect(head.headers.get('docker-content-digest')).toBe(seeded.digest)
    await (await getManifest(reg.host, 'log/app', 'v1')).arrayBuffer()
    await (await getManifest(reg.host, 'log/app', 'missing')).arrayBuffer()

    const seen = (await reg.settledRequests()).map(({ method, path, status }) => ({ method, path, status }))
    expect(seen).toEqual([
      { method: 'HEAD', path: '/v2/log/app/manifests/v1', status: 200 },
      { method: 'GET', path: '/v2/log/app/manifests/v1', status: 200 },
      { method: 'GET', path: '/v2/log/app/manifests/missing', status: 404 }
    ])
    expect(reg.requests()[0].raw).toContain('"HEAD /v2/log/app/manifests/v1 HTTP/1.1" 200')

    reg.clearRequests()
    expect(reg.requests()).toEqual([])
  })
})

describe('registry with basic auth', () => {
  let reg: StartedRegistry
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'basic' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  test('rejects anonymous pulls and push, accepts the user', async () => {
    expect(reg.username).toBeTruthy()
    expect(reg.password).toBeTruthy()
    const creds = credsOf(reg)
    const seeded = await seedImage(reg.host, 'private/app:v1', 'docker-list', { creds })
    expect(seeded.mediaType).toBe(MEDIA_TYPES.dockerList)

    await reg.reset()
    const anon = await getManifest(reg.host, 'private/app', 'v1')
    await anon.arrayBuffer()
    expect(anon.status).toBe(401)
    expect(parseChallenge(anon.headers.get('www-authenticate'))?.scheme).toBe('basic')

    const authed = await getManifest(reg.host, 'private/app', 'v1', basicHeader(creds))
    expect(sha256(Buffer.from(await authed.arrayBuffer()))).toBe(seeded.digest)
    expect(await manifestDigest(reg.host, 'private/app:v1', creds)).toBe(seeded.digest)

    const seen = (await reg.settledRequests()).map(({ method, status }) => `${method} ${status}`)
    expect(seen).toEqual(['GET 401', 'GET 200', 'GET 401', 'GET 200'])

    await expect(seedImage(reg.host, 'private/app:anon', 'oci-manifest')).rejects.toThrow(/skopeo/)
  })

  test('a failed push does not leak the password into the error', async () => {
    const secret = 'wrong-password-that-must-not-leak'
    const err = await seedImage(reg.host, 'private/app:bad', 'oci-manifest', {
      creds: { username: 'testuser', password: secret }
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    const msg = (err as Error).message
    expect(msg).not.toContain(secret)
    expect(msg).not.toContain(Buffer.from(`testuser:${secret}`).toString('base64'))
  })
})

describe('registry with token auth', () => {
  let reg: StartedRegistry
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  test('token flow by hand: 401, realm, token with basic creds, Bearer', async () => {
    const creds = credsOf(reg)
    const seeded = await seedImage(reg.host, 'private/app:v1', 'oci-index', { creds })
    const ts = reg.tokenServer!
    ts.clearIssued()

    const first = await getManifest(reg.host, 'private/app', 'v1')
    await first.arrayBuffer()
    expect(first.status).toBe(401)
    const challenge = parseChallenge(first.headers.get('www-authenticate'))
    expect(challenge?.scheme).toBe('bearer')
    expect(challenge?.params.realm).toBe(ts.url)
    expect(challenge?.params.service).toBe(ts.service)
    expect(challenge?.params.scope).toBe('repository:private/app:pull')

    const url = new URL(challenge!.params.realm)
    url.searchParams.set('service', challenge!.params.service)
    url.searchParams.set('scope', challenge!.params.scope)
    const tokenRes = await fetch(url, { headers: { authorization: basicHeader(creds) } })
    expect(tokenRes.status).toBe(200)
    const body = (await tokenRes.json()) as Record<string, unknown>
    expect(typeof body.token).toBe('string')
    expect(body.access_token).toBe(body.token)
    expect(typeof body.expires_in).toBe('number')
    expect(typeof body.issued_at).toBe('string')

    const { header, claims } = decodeJwt(body.token as string)
    expect(header.alg).toBe('RS256')
    expect(Array.isArray(header.x5c)).toBe(true)
    expect(claims).toMatchObject({
      iss: 'test-issuer',
      sub: creds.username,
      aud: ts.service,
      access: [{ type: 'repository', name: 'private/app', actions: ['pull'] }]
    })

    const second = await getManifest(reg.host, 'private/app', 'v1', `Bearer ${body.token as string}`)
    expect(second.status).toBe(200)
    expect(sha256(Buffer.from(await second.arrayBuffer()))).toBe(seeded.digest)

    expect(ts.issued()).toEqual([
      expect.objectContaining({ scopes: ['repository:private/app:pull'], user: creds.username })
    ])

    const bad = await fetch(url, { headers: { authorization: basicHeader({ ...creds, password: 'nope' }) } })
    expect(bad.status).toBe(401)
  })

  test('anonymous tokens grant pull on public/* only', async () => {
    const creds = credsOf(reg)
    const pub = await seedImage(reg.host, 'public/x:v1', 'docker-manifest', { creds })
    await seedImage(reg.host, 'private/y:v1', 'docker-manifest', { creds })
    const ts = reg.tokenServer!

    const anonToken = async (scope: string): Promise<string> => {
      const u = new URL(ts.url)
      u.searchParams.set('service', ts.service)
      u.searchParams.set('scope', scope)
      const r = await fetch(u)
      expect(r.status).toBe(200)
      return ((await r.json()) as { token: string }).token
    }

    const pubToken = await anonToken('repository:public/x:pull,push')
    expect(decodeJwt(pubToken).claims.access).toEqual([{ type: 'repository', name: 'public/x', actions: ['pull'] }])
    const ok = await getManifest(reg.host, 'public/x', 'v1', `Bearer ${pubToken}`)
    expect(ok.status).toBe(200)
    expect(sha256(Buffer.from(await ok.arrayBuffer()))).toBe(pub.digest)

    // pull-only token: pushing is refused
    const upload = await fetch(`http://${reg.host}/v2/public/x/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pubToken}` }
    })
    await upload.arrayBuffer()
    expect(upload.status).toBe(401)

    const privToken = await anonToken('repository:private/y:pull')
    expect(decodeJwt(privToken).claims.access).toEqual([])
    const denied = await getManifest(reg.host, 'private/y', 'v1', `Bearer ${privToken}`)
    await denied.arrayBuffer()
    expect(denied.status).toBe(401)

    // The fixture client does the same flow anonymously.
    expect(await manifestDigest(reg.host, 'public/x:v1')).toBe(pub.digest)
    await expect(rawManifest(reg.host, 'private/y:v1')).rejects.toThrow(/401/)
  })

  test('requests() records the 401 then the authorized request', async () => {
    const creds = credsOf(reg)
    await seedImage(reg.host, 'log/app:v1', 'oci-manifest', { creds })
    await reg.reset()
    const res = await registryFetch(reg.host, '/v2/log/app/manifests/v1', {
      method: 'HEAD',
      headers: { accept: ALL_MANIFEST_TYPES },
      creds
    })
    expect(res.status).toBe(200)
    const seen = (await reg.settledRequests()).map(({ method, path, status }) => ({ method, path, status }))
    expect(seen).toEqual([
      { method: 'HEAD', path: '/v2/log/app/manifests/v1', status: 401 },
      { method: 'HEAD', path: '/v2/log/app/manifests/v1', status: 200 }
    ])
  })
})

describe('token server on its own', () => {
  test("tokenField 'access_token' answers only access_token", async () => {
    const ts = await startTokenServer({ username: 'u', password: 'p', tokenField: 'access_token' })
    try {
      const u = new URL(ts.url)
      u.searchParams.set('service', ts.service)
      u.searchParams.append('scope', 'repository:a/b:pull,push')
      u.searchParams.append('scope', 'repository:c/d:pull')
      const r = await fetch(u, { headers: { authorization: basicHeader({ username: 'u', password: 'p' }) } })
      const body = (await r.json()) as Record<string, unknown>
      expect(body.token).toBeUndefined()
      expect(typeof body.access_token).toBe('string')
      expect(decodeJwt(body.access_token as string).claims.access).toEqual([
        { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
        { type: 'repository', name: 'c/d', actions: ['pull'] }
      ])
      expect(ts.issued()[0].scopes).toEqual(['repository:a/b:pull,push', 'repository:c/d:pull'])
    } finally {
      await ts.stop()
    }
  })
})
