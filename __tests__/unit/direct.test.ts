import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer } from 'node:http'
import { directFetch } from '../../src/oci/direct.js'
import type { FetchAnswer } from '../../src/oci/http.js'

/** The whole body of an answer, as text. */
const textOf = (answer: FetchAnswer): Promise<string> => new Response(answer.body).text()

describe('directFetch', () => {
  let connections = 0
  const server = createServer((req, res) => {
    if (req.url === '/stall') {
      res.writeHead(200, { 'content-length': '100' })
      res.write('a start') // and no more
      return
    }
    if (req.url === '/empty') {
      res.writeHead(204, { 'x-a': 'b' })
      res.end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      // a HEAD answer names the length of the body it leaves out, as registries do
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '64' })
      res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`.padEnd(64))
    })
  })
  server.on('connection', () => connections++)
  let base = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  test('answers a Response with every header, duplicates joined', async () => {
    const response = await directFetch()(`${base}/v2/`, { method: 'GET' })
    expect(response.status).toBe(200)
    expect((await textOf(response)).trim()).toBe('GET /v2/')
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2')
  })

  test('a HEAD, a GET and a PUT after it go over one connection', async () => {
    const send = directFetch()
    connections = 0
    const head = await send(`${base}/x`, { method: 'HEAD' })
    expect([head.status, await textOf(head)]).toEqual([200, ''])
    const get = await send(`${base}/y`, { method: 'GET' })
    expect((await textOf(get)).trim()).toBe('GET /y')
    const put = await send(`${base}/z`, { method: 'PUT', body: new TextEncoder().encode('bytes') })
    expect((await textOf(put)).trim()).toBe('PUT /z bytes')
    expect(connections).toBe(1)
  })

  test('a streamed body is sent as it is read', async () => {
    async function* chunks(): AsyncIterable<Uint8Array> {
      yield new TextEncoder().encode('one ')
      yield new TextEncoder().encode('two')
    }
    const init = { method: 'PUT', headers: { 'content-length': '7' }, body: chunks() as unknown as BodyInit }
    const response = await directFetch()(`${base}/blob`, init)
    expect((await textOf(response)).trim()).toBe('PUT /blob one two')
  })

  test('a 204 answers without a body', async () => {
    const empty = await directFetch()(`${base}/empty`, { method: 'GET' })
    expect([empty.status, empty.body, empty.headers.get('x-a')]).toEqual([204, null, 'b'])
  })

  test('the request signal bounds it', async () => {
    const signal = AbortSignal.abort(new DOMException('too slow', 'TimeoutError'))
    await expect(directFetch()(`${base}/`, { method: 'GET', signal })).rejects.toMatchObject({ name: 'AbortError' })
  })

  test("a body cut off by the signal fails with the signal's reason, not the reset it caused", async () => {
    const response = await directFetch()(`${base}/stall`, { method: 'GET', signal: AbortSignal.timeout(100) })
    expect(response.status).toBe(200)
    await expect(textOf(response)).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  test('a refused connection is an error with its code', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise((resolve) => closed.close(resolve))
    await expect(directFetch()(`http://127.0.0.1:${port}/`, { method: 'GET' })).rejects.toMatchObject({
      code: 'ECONNREFUSED'
    })
  })
})
