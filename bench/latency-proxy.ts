// A TCP proxy that delays every chunk by a fixed time in each direction: a registry on another
// continent, on loopback. It also notes when each HTTP request starts and counts the connections
// opened, so the bench can count the round trips on a release's critical path and the TCP (or, over
// HTTPS, TLS) handshakes a release pays for.
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface LatencyProxy {
  host: string
  /** Start times (ms, performance.now) of every request sent through the proxy. */
  requestStarts(): number[]
  /** Connections clients opened since the last clear(). */
  connections(): number
  clear(): void
  stop(): Promise<void>
}

/** Forwards chunks in order, each no earlier than `delayMs` after it arrived. */
function delayed(from: Socket, to: Socket, delayMs: number, onChunk?: () => void): void {
  let last = 0
  from.on('data', (chunk) => {
    onChunk?.()
    const at = Math.max(performance.now() + delayMs, last)
    last = at
    setTimeout(() => to.writable && to.write(chunk), at - performance.now())
  })
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - performance.now()) + 1))
  from.on('error', () => to.destroy())
}

export async function startLatencyProxy(target: string, delayMs: number): Promise<LatencyProxy> {
  const [targetHost, targetPort] = [
    target.slice(0, target.lastIndexOf(':')),
    Number(target.slice(target.lastIndexOf(':') + 1))
  ]
  let starts: number[] = []
  let opened = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    opened++
    const upstream = connect(targetPort, targetHost)
    sockets.add(client).add(upstream)
    // HTTP/1.1 without pipelining: a client chunk after a response has begun is a new request
    let awaitingRequest = true
    delayed(client, upstream, delayMs, () => {
      if (awaitingRequest) starts.push(performance.now())
      awaitingRequest = false
    })
    delayed(upstream, client, delayMs, () => (awaitingRequest = true))
    for (const socket of [client, upstream]) socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    host: `127.0.0.1:${port}`,
    requestStarts: () => [...starts],
    connections: () => opened,
    clear: () => {
      starts = []
      opened = 0
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** Requests that start within `gapMs` of the previous one went out together: one round trip. */
export function roundTrips(starts: number[], gapMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b)
  let trips = 0
  let previous = -Infinity
  for (const start of sorted) {
    if (start - previous > gapMs) trips++
    previous = start
  }
  return trips
}
