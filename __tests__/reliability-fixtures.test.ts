// Checks the reliability fixtures themselves against a real registry: the fault-injecting reverse
// proxy, the forward proxies (tinyproxy, and the name-mapping proxy) and the credential helper.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { credentialHelperEnv } from './fixtures/credential-helper.js'
import { alwaysFail, firstTryFails, startFaultProxy, type StartedFaultProxy } from './fixtures/fault-proxy.js'
import { startMappingProxy, startTinyproxy, type StartedHttpProxy } from './fixtures/http-proxy.js'
import { startRegistry, type StartedRegistry } from './fixtures/registry.js'
import { sha256, sleep } from './fixtures/util.js'

interface ProxiedResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Plain HTTP through a forward proxy: absolute-form request target, as HTTP_PROXY clients send. */
async function viaProxy(proxyUrl: string, method: string, target: string, body?: Buffer): Promise<ProxiedResponse> {
  const proxy = new URL(proxyUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: proxy.hostname,
        port: proxy.port,
        method,
        path: target,
        headers: { host: new URL(target).host, ...(body ? { 'content-length': body.length } : {}) },
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function withProxy<T>(p: Promise<StartedFaultProxy>, fn: (proxy: StartedFaultProxy) => Promise<T>): Promise<T> {
  const proxy = await p
  try {
    return await fn(proxy)
  } finally {
    await proxy.stop()
  }
}


describe('fault proxy', () => {
  let reg: StartedRegistry
  let basicReg: StartedRegistry
  beforeAll(async () => {
    ;[reg, basicReg] = await Promise.all([startRegistry(), startRegistry({ auth: 'basic' })])
  })
  afterAll(async () => {
    await Promise.all([reg?.stop(), basicReg?.stop()])
  })

  test('first try answers 503 with an OCI error body, the retry reaches the registry', async () => {
    await reg.reset()
    await withProxy(startFaultProxy({ target: reg.host, plan: firstTryFails(['status-503']) }), async (proxy) => {
      const first = await fetch(`http://${proxy.host}/v2/`)
      expect(first.status).toBe(503)
      expect(await first.json()).toEqual({
        errors: [expect.objectContaining({ code: 'UNAVAILABLE' })]
      })
      const second = await fetch(`http://${proxy.host}/v2/`)
      expect(second.status).toBe(200)
      expect(second.headers.get('docker-distribution-api-version')).toBe('registry/2.0')
      await second.arrayBuffer()

      expect(proxy.seen()).toEqual([
        { method: 'GET', path: '/v2/', fault: 'status-503', status: 503 },
        { method: 'GET', path: '/v2/', status: 200 }
      ])
      // The injected failure never reached the registry.
      expect((await reg.settledRequests()).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/'])
    })
  })

  test('firstTryFails rotates faults over distinct requests and keys on method and path', async () => {
    await withProxy(
      startFaultProxy({ target: reg.host, plan: firstTryFails(['status-500', 'status-502']) }),
      async (proxy) => {
        const statuses: number[] = []
        for (const [method, path] of [
          ['GET', '/v2/'],
          ['GET', '/v2/_catalog?n=5'],
          ['HEAD', '/v2/'],
          ['GET', '/v2/_catalog?n=5'],
          ['GET', '/v2/']
        ]) {
          const res = await fetch(`http://${proxy.host}${path}`, { method })
          statuses.push(res.status)
          await res.arrayBuffer()
        }
        expect(statuses).toEqual([500, 502, 500, 200, 200])
        expect(proxy.seen().map((s) => s.fault)).toEqual(['status-500', 'status-502', 'status-500', undefined, undefined])
        expect(proxy.seen()[1].path).toBe('/v2/_catalog?n=5')
      }
    )
  })

  test('429 carries Retry-After and a TOOMANYREQUESTS error', async () => {
    await withProxy(startFaultProxy({ target: reg.host, plan: alwaysFail('status-429') }), async (proxy) => {
      const res = await fetch(`http://${proxy.host}/v2/`)
      expect(res.status).toBe(429)
      expect(res.headers.get('retry-after')).toBe('1')
      expect(((await res.json()) as { errors: Array<{ code: string }> }).errors[0].code).toBe('TOOMANYREQUESTS')

      proxy.setPlan(undefined)
      const ok = await fetch(`http://${proxy.host}/v2/`)
      expect(ok.status).toBe(200)
      await ok.arrayBuffer()
    })
    await withProxy(
      startFaultProxy({ target: reg.host, plan: alwaysFail('status-429'), retryAfterSeconds: 7 }),
      async (proxy) => {
        const res = await fetch(`http://${proxy.host}/v2/`)
        expect(res.headers.get('retry-after')).toBe('7')
        await res.arrayBuffer()
      }
    )
  })

  test('drop closes the connection without a response', async () => {
    await withProxy(startFaultProxy({ target: reg.host, plan: alwaysFail('drop') }), async (proxy) => {
      // Matched by shape: fetch's TypeError comes from another realm than jest's TypeError.
      const err: unknown = await fetch(`http://${proxy.host}/v2/`).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(err).toMatchObject({ message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } })
      expect(proxy.seen()).toEqual([{ method: 'GET', path: '/v2/', fault: 'drop' }])
    })
  })

  test('slow outlasts a client timeout and is never forwarded; without a timeout it arrives late', async () => {
    await reg.reset()
    await withProxy(
      startFaultProxy({ target: reg.host, plan: alwaysFail('slow'), slowMs: 1000 }),
      async (proxy) => {
        const started = Date.now()
        await expect(fetch(`http://${proxy.host}/v2/`, { signal: AbortSignal.timeout(500) })).rejects.toMatchObject({
          name: 'TimeoutError'
        })
        expect(Date.now() - started).toBeLessThan(1000)
        await sleep(700)
        expect(await reg.settledRequests()).toEqual([])

        proxy.setPlan(() => 'slow')
        const late = Date.now()
        const res = await fetch(`http://${proxy.host}/v2/`)
        expect(res.status).toBe(200)
        await res.arrayBuffer()
        expect(Date.now() - late).toBeGreaterThanOrEqual(950)
      }
    )
  })

  test('forwards uploads, Location, Docker-Content-Digest and WWW-Authenticate faithfully', async () => {
    await reg.reset()
    await withProxy(startFaultProxy({ target: reg.host }), async (proxy) => {
      const blob = Buffer.alloc(256 * 1024, 'x')
      const digest = sha256(blob)
      const start = await fetch(`http://${proxy.host}/v2/demo/fault/blobs/uploads/`, { method: 'POST' })
      expect(start.status).toBe(202)
      await start.arrayBuffer()
      // Distribution honours X-Forwarded-Host, so the upload continues through the proxy.
      const location = new URL(start.headers.get('location') ?? '', `http://${proxy.host}`)
      expect(location.host).toBe(proxy.host)
      location.searchParams.set('digest', digest)

      const put = await fetch(location, {
        method: 'PUT',
        body: blob,
        headers: { 'content-type': 'application/octet-stream' }
      })
      expect(put.status).toBe(201)
      expect(put.headers.get('docker-content-digest')).toBe(digest)
      await put.arrayBuffer()

      const head = await fetch(`http://${proxy.host}/v2/demo/fault/blobs/${digest}`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('content-length')).toBe(String(blob.length))
      const get = await fetch(`http://${proxy.host}/v2/demo/fault/blobs/${digest}`)
      expect(Buffer.from(await get.arrayBuffer()).equals(blob)).toBe(true)

      const seen = (await reg.settledRequests()).map((r) => `${r.method} ${r.path} ${r.status}`)
      expect(seen).toEqual([
        'POST /v2/demo/fault/blobs/uploads/ 202',
        `PUT ${location.pathname} 201`,
        `HEAD /v2/demo/fault/blobs/${digest} 200`,
        `GET /v2/demo/fault/blobs/${digest} 200`
      ])
    })

    await withProxy(startFaultProxy({ target: basicReg.host }), async (proxy) => {
      const res = await fetch(`http://${proxy.host}/v2/`)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
      await res.arrayBuffer()
    })
  })
})

describe('forward proxies', () => {
  let reg: StartedRegistry
  beforeAll(async () => {
    reg = await startRegistry()
  })
  afterAll(async () => {
    await reg?.stop()
  })

  test('tinyproxy forwards absolute-form requests and logs them', async () => {
    const proxy = await startTinyproxy()
    try {
      const res = await viaProxy(proxy.url, 'GET', `http://${reg.host}/v2/`)
      expect(res.status).toBe(200)
      expect(res.headers['docker-distribution-api-version']).toBe('registry/2.0')
      expect(res.headers.via).toBeUndefined()
      expect(proxy.requests()).toContain(`GET http://${reg.host}/v2/ HTTP/1.1`)

      // Default-deny filter: nothing but loopback is reachable, and tinyproxy says so.
      const refused = await viaProxy(proxy.url, 'GET', 'http://registry.invalid/v2/')
      expect(refused.status).toBe(403)
    } finally {
      await proxy.stop()
    }
  })

  test.each(['tinyproxy', 'node'] as const)(
    'mapping proxy (%s) reaches the registry by a name that resolves nowhere',
    async (engine) => {
      const fake = 'registry.example.test:5000'
      let proxy: StartedHttpProxy | undefined
      try {
        proxy = await startMappingProxy({ [fake]: reg.host }, { engine })
        await reg.reset()

        const res = await viaProxy(proxy.url, 'GET', `http://${fake}/v2/`)
        expect(res.status).toBe(200)
        // The registry sees the requested name, so the URLs it builds lead back through the proxy.
        const upload = await viaProxy(proxy.url, 'POST', `http://${fake}/v2/demo/mapped/blobs/uploads/`)
        expect(upload.status).toBe(202)
        expect(new URL(upload.headers.location ?? '').host).toBe(fake)

        expect(proxy.requests()).toEqual([
          `GET http://${fake}/v2/ HTTP/1.1`,
          `POST http://${fake}/v2/demo/mapped/blobs/uploads/ HTTP/1.1`
        ])
        // Origin-form at the registry, so StartedRegistry.requests() paths stay comparable.
        expect((await reg.settledRequests()).map((r) => `${r.method} ${r.path}`)).toEqual([
          'GET /v2/',
          'POST /v2/demo/mapped/blobs/uploads/'
        ])

        // Loopback still passes; names that are not mapped do not.
        expect((await viaProxy(proxy.url, 'GET', `http://${reg.host}/v2/`)).status).toBe(200)
        const unmapped = await viaProxy(proxy.url, 'GET', 'http://other.example.test:5000/v2/')
        expect(unmapped.status).toBe(engine === 'tinyproxy' ? 403 : 502)
      } finally {
        await proxy?.stop()
      }
    }
  )
})

describe('credential helper', () => {
  const sh = async (
    script: string,
    env: Record<string, string>
  ): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile('sh', ['-c', script], { env: { ...process.env, ...env }, timeout: 10_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
        resolve({ code, stdout, stderr })
      })
    })

  test.each(['credHelpers', 'credsStore'] as const)('%s: get, store, list, erase', async (mode) => {
    const helper = await credentialHelperEnv(
      { '127.0.0.1:5000': { Username: 'alice', Secret: 's3cret' } },
      { mode }
    )
    try {
      const config = JSON.parse(await readFile(join(helper.dockerConfigDir, 'config.json'), 'utf8')) as Record<
        string,
        unknown
      >
      if (mode === 'credsStore') expect(config).toEqual({ credsStore: 'fixture' })
      else expect(config).toEqual({ credHelpers: { '127.0.0.1:5000': 'fixture' } })

      // Found by PATH, as docker and the action resolve `docker-credential-<name>`.
      const got = await sh('echo 127.0.0.1:5000 | docker-credential-fixture get', helper.env)
      expect(got).toMatchObject({ code: 0, stderr: '' })
      expect(JSON.parse(got.stdout)).toEqual({ ServerURL: '127.0.0.1:5000', Username: 'alice', Secret: 's3cret' })

      const missing = await sh('echo 127.0.0.1:6000 | docker-credential-fixture get', helper.env)
      expect(missing.code).toBe(1)
      expect(missing.stdout.trim()).toBe('credentials not found in native keychain')

      const stored = await sh(
        `echo '{"ServerURL":"127.0.0.1:6000","Username":"bob","Secret":"pw"}' | docker-credential-fixture store`,
        helper.env
      )
      expect(stored.code).toBe(0)
      const list = await sh('docker-credential-fixture list', helper.env)
      expect(JSON.parse(list.stdout)).toEqual({ '127.0.0.1:5000': 'alice', '127.0.0.1:6000': 'bob' })
      expect((await sh('echo 127.0.0.1:6000 | docker-credential-fixture erase', helper.env)).code).toBe(0)
      expect((await sh('echo 127.0.0.1:6000 | docker-credential-fixture get', helper.env)).code).toBe(1)

      expect(await helper.calls()).toEqual([
        'get 127.0.0.1:5000',
        'get 127.0.0.1:6000',
        'store 127.0.0.1:6000',
        'list',
        'erase 127.0.0.1:6000',
        'get 127.0.0.1:6000'
      ])
    } finally {
      await helper.cleanup()
    }
  })
})
