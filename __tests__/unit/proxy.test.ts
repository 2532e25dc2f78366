import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import { Agent } from 'undici'
import { proxyFor, proxySettingsFrom, type ProxySettings } from '../../src/oci/proxy.js'
import { dispatcherFetch } from '../../src/oci/proxy-agent.js'
import type { FetchAnswer } from '../../src/oci/http.js'

/** The whole body of an answer, as text. */
const textOf = (answer: FetchAnswer): Promise<string> => new Response(answer.body).text()

const HTTP_PROXY = 'http://proxy.corp:3128'
const HTTPS_PROXY = 'http://secure-proxy.corp:3128'

function settings(noProxy: string[] = [], overrides: Partial<ProxySettings> = {}): ProxySettings {
  return { httpProxy: HTTP_PROXY, httpsProxy: HTTPS_PROXY, noProxy, ...overrides }
}

describe('proxySettingsFrom', () => {
  test('reads the upper-case variables', () => {
    expect(proxySettingsFrom({ HTTP_PROXY, HTTPS_PROXY, NO_PROXY: 'a.example,b.example' })).toEqual({
      httpProxy: HTTP_PROXY,
      httpsProxy: HTTPS_PROXY,
      noProxy: ['a.example', 'b.example']
    })
  })

  test('reads the lower-case variables', () => {
    expect(proxySettingsFrom({ http_proxy: HTTP_PROXY, https_proxy: HTTPS_PROXY, no_proxy: 'a.example' })).toEqual({
      httpProxy: HTTP_PROXY,
      httpsProxy: HTTPS_PROXY,
      noProxy: ['a.example']
    })
  })

  test('the lower-case variable wins when both are set', () => {
    const read = proxySettingsFrom({
      http_proxy: 'http://lower:1',
      HTTP_PROXY: 'http://upper:1',
      https_proxy: 'http://lower:2',
      HTTPS_PROXY: 'http://upper:2',
      no_proxy: 'lower.example',
      NO_PROXY: 'upper.example'
    })
    expect(read).toEqual({ httpProxy: 'http://lower:1', httpsProxy: 'http://lower:2', noProxy: ['lower.example'] })
  })

  test('an empty lower-case variable falls back to the upper-case one', () => {
    expect(proxySettingsFrom({ https_proxy: '', HTTPS_PROXY }).httpsProxy).toBe(HTTPS_PROXY)
  })

  test('nothing set: no proxies, no exceptions', () => {
    expect(proxySettingsFrom({})).toEqual({ httpProxy: undefined, httpsProxy: undefined, noProxy: [] })
  })

  test('NO_PROXY is split on commas and whitespace, trimmed, lower-cased, blanks dropped', () => {
    expect(proxySettingsFrom({ NO_PROXY: ' Reg.Example.COM , ,.corp\tlocalhost\n10.0.0.0/8,,' }).noProxy).toEqual([
      'reg.example.com',
      '.corp',
      'localhost',
      '10.0.0.0/8'
    ])
  })
})

describe('proxyFor: which proxy', () => {
  test('an http URL goes through HTTP_PROXY', () => {
    expect(proxyFor(new URL('http://reg.local:5000/v2/'), settings())).toBe(HTTP_PROXY)
  })

  test('an https URL goes through HTTPS_PROXY', () => {
    expect(proxyFor(new URL('https://ghcr.io/v2/'), settings())).toBe(HTTPS_PROXY)
  })

  test('an https URL does NOT fall back to HTTP_PROXY', () => {
    expect(proxyFor(new URL('https://ghcr.io/v2/'), settings([], { httpsProxy: undefined }))).toBeUndefined()
  })

  test('an http URL does not use HTTPS_PROXY', () => {
    expect(proxyFor(new URL('http://reg.local/v2/'), settings([], { httpProxy: undefined }))).toBeUndefined()
  })

  test('with no NO_PROXY entries every host is proxied', () => {
    expect(proxyFor(new URL('https://localhost/v2/'), settings())).toBe(HTTPS_PROXY)
  })
})

describe('proxyFor: NO_PROXY', () => {
  const direct = (url: string, noProxy: string[]): boolean => proxyFor(new URL(url), settings(noProxy)) === undefined

  test('an exact host', () => {
    expect(direct('https://reg.example.com/v2/', ['reg.example.com'])).toBe(true)
    expect(direct('https://other.example.com/v2/', ['reg.example.com'])).toBe(false)
  })

  test('host names are matched without regard to case', () => {
    expect(direct('https://REG.Example.com/v2/', proxySettingsFrom({ NO_PROXY: 'reg.EXAMPLE.com' }).noProxy)).toBe(true)
  })

  test.each(['example.com', '.example.com', '*.example.com'])('%s matches subdomains', (entry) => {
    expect(direct('https://reg.example.com/v2/', [entry])).toBe(true)
    expect(direct('https://a.b.example.com/v2/', [entry])).toBe(true)
  })

  test.each(['example.com', '.example.com', '*.example.com'])(
    '%s does not match a host that merely ends the same',
    (entry) => {
      expect(direct('https://notexample.com/v2/', [entry])).toBe(false)
      expect(direct('https://example.com.evil.net/v2/', [entry])).toBe(false)
    }
  )

  test('a plain domain matches itself', () => {
    expect(direct('https://example.com/v2/', ['example.com'])).toBe(true)
  })

  test('host:port applies to that port only', () => {
    expect(direct('http://reg.local:5000/v2/', ['reg.local:5000'])).toBe(true)
    expect(direct('http://reg.local:5001/v2/', ['reg.local:5000'])).toBe(false)
    expect(direct('http://reg.local/v2/', ['reg.local:5000'])).toBe(false)
  })

  test('host:port compares with the default port of the scheme', () => {
    expect(direct('https://reg.local/v2/', ['reg.local:443'])).toBe(true)
    expect(direct('http://reg.local/v2/', ['reg.local:80'])).toBe(true)
    expect(direct('http://reg.local/v2/', ['reg.local:443'])).toBe(false)
  })

  test('* turns the proxy off for everything', () => {
    expect(direct('https://ghcr.io/v2/', ['*'])).toBe(true)
    expect(direct('http://10.1.2.3:5000/v2/', ['other.example', '*'])).toBe(true)
  })

  test('a bracketed IPv6 address with a port', () => {
    expect(direct('http://[::1]:5000/v2/', ['[::1]:5000'])).toBe(true)
    expect(direct('http://[::1]:5001/v2/', ['[::1]:5000'])).toBe(false)
  })

  test('a bare IPv6 address (all ports)', () => {
    expect(direct('http://[::1]:5000/v2/', ['::1'])).toBe(true)
    expect(direct('https://[::1]/v2/', ['::1'])).toBe(true)
    expect(direct('http://[::2]:5000/v2/', ['::1'])).toBe(false)
  })

  test('a bracketed IPv6 address without a port', () => {
    expect(direct('http://[::1]:5000/v2/', ['[::1]'])).toBe(true)
  })

  test('an IPv4 CIDR network matches addresses inside it', () => {
    expect(direct('http://10.1.2.3:5000/v2/', ['10.0.0.0/8'])).toBe(true)
    expect(direct('https://10.255.255.255/v2/', ['10.0.0.0/8'])).toBe(true)
  })

  test('an IPv4 CIDR network does not match addresses outside it', () => {
    expect(direct('http://11.0.0.1:5000/v2/', ['10.0.0.0/8'])).toBe(false)
    expect(direct('http://9.255.255.255/v2/', ['10.0.0.0/8'])).toBe(false)
  })

  test('a CIDR network never matches a host name', () => {
    expect(direct('https://reg.example.com/v2/', ['10.0.0.0/8'])).toBe(false)
    // even one that spells an address of the network in its first label
    expect(direct('https://10.1.2.3.nip.io/v2/', ['10.0.0.0/8'])).toBe(false)
  })

  test('an IPv6 CIDR network matches bracketed addresses inside it, and no IPv4 address', () => {
    expect(direct('http://[fd00::1]:5000/v2/', ['fd00::/8'])).toBe(true)
    expect(direct('http://[fe80::1]:5000/v2/', ['fd00::/8'])).toBe(false)
    expect(direct('http://10.1.2.3/v2/', ['fd00::/8'])).toBe(false)
  })

  test.each(['10.0.0.0/99', '10.0.0.0/abc', '10.0.0.0/-1', 'example.com/8', '10.0.0/8', '10.0.0.0/', '10.0.0.0/8/16'])(
    'a malformed CIDR %j matches nothing',
    (entry) => {
      expect(direct('http://10.1.2.3:5000/v2/', [entry])).toBe(false)
      expect(direct('http://192.168.1.1/v2/', [entry])).toBe(false)
      expect(direct('https://example.com/v2/', [entry])).toBe(false)
    }
  )

  test('a malformed CIDR does not stop later entries from matching', () => {
    expect(direct('http://reg.local:5000/v2/', ['10.0.0.0/99', 'reg.local'])).toBe(true)
  })
})

describe('dispatcherFetch', () => {
  /** Ports the fetch standard blocks ("bad ports"); a registry client must reach them all the same. */
  const BAD_PORTS = [10080, 6666, 6665, 6667, 6000, 5060, 5061, 6697, 4190]

  async function listenOnBadPort(server: Server): Promise<number> {
    for (const port of BAD_PORTS) {
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false))
        server.listen(port, '127.0.0.1', () => resolve(true))
      })
      if (bound) return port
    }
    throw new Error(`none of the ports ${BAD_PORTS.join(', ')} is free`)
  }

  const server = createServer((req, res) => {
    if (req.url === '/empty') {
      res.writeHead(204, { 'x-a': 'b' })
      res.end()
      return
    }
    res.setHeader('set-cookie', ['a=1', 'b=2'])
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end(`${req.method} ${req.url} ${req.headers['x-asked'] ?? ''}`)
  })
  let port = 0
  const agent = new Agent()
  beforeAll(async () => {
    port = await listenOnBadPort(server)
  })
  afterAll(async () => {
    await agent.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  test('reaches a port the fetch standard calls bad, and answers a Response', async () => {
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow() // what fetch does: "bad port"
    const send = dispatcherFetch(agent)
    const response = await send(`http://127.0.0.1:${port}/v2/`, { method: 'GET', headers: { 'x-asked': 'yes' } })
    expect(response.status).toBe(200)
    expect(await textOf(response)).toBe('GET /v2/ yes')
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2')
  })

  test('a HEAD and a 204 answer without a body', async () => {
    const send = dispatcherFetch(agent)
    const head = await send(`http://127.0.0.1:${port}/x`, { method: 'HEAD' })
    expect([head.status, await textOf(head)]).toEqual([200, ''])
    const empty = await send(`http://127.0.0.1:${port}/empty`, { method: 'GET' })
    expect([empty.status, empty.body, empty.headers.get('x-a')]).toEqual([204, null, 'b'])
  })

  test('the request signal bounds it', async () => {
    const send = dispatcherFetch(agent)
    const signal = AbortSignal.abort(new DOMException('too slow', 'TimeoutError'))
    await expect(send(`http://127.0.0.1:${port}/`, { method: 'GET', signal })).rejects.toMatchObject({
      name: 'TimeoutError'
    })
  })
})
