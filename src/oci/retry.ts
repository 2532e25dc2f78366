import { parseErrorBody, RegistryError } from './errors.js'
import type { HttpResponse, Send } from './http.js'

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  /** First back-off; doubles each time, with jitter. */
  baseDelayMs: number
  /** Longest single wait, `Retry-After` included. */
  maxDelayMs: number
  /** No new try starts after this long since the first: a release must not hang for minutes. */
  totalMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000, totalMs: 60_000 }

/** Answers that may well succeed a moment later: timeouts, rate limits, an overloaded or restarting server. */
const TEMPORARY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])
/** The OCI codes that say the same, whatever status carries them. */
const TEMPORARY_CODES: ReadonlySet<string> = new Set(['TOOMANYREQUESTS', 'UNAVAILABLE'])

/** Whether a registry's answer is worth trying again: the retry layer and every error agree on it. */
export function isTemporary(status?: number, code?: string): boolean {
  return (status !== undefined && TEMPORARY_STATUSES.has(status)) || (code !== undefined && TEMPORARY_CODES.has(code))
}

export interface RetryLayerOptions {
  sleep: (ms: number) => Promise<void>
  now: () => number
  /** Jitter source, in [0, 1). */
  random?: () => number
  debug?: (message: string) => void
}

/**
 * Retries what is safe to retry: every request here is idempotent (GET, HEAD, PUT of a manifest
 * by tag; the POST that opens an upload session or mounts a blob may be repeated too), so temporary answers and network failures are tried again with exponential back-off
 * and jitter, waiting what `Retry-After` asks (capped).
 */
export function retryLayer(next: Send, policy: RetryPolicy, options: RetryLayerOptions): Send {
  const { sleep, now, random = Math.random, debug } = options
  return async (request) => {
    // a streamed body cannot be sent twice: its caller starts the whole transfer again instead
    if (request.stream) return next(request)
    const started = now()
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= policy.attempts || now() - started >= policy.totalMs
      let asked: number
      let why: string
      try {
        const response = await next(request)
        const error = temporaryError(response)
        if (!error || last) return response
        const header = retryAfterMs(response.headers.get('retry-after'), now())
        asked = header ?? retryAfterInMessage(error.message) ?? backoff(policy, attempt, random)
        why = `${request.method} ${request.url}: HTTP ${response.status}`
      } catch (error) {
        if (!(error instanceof RegistryError && error.temporary) || last) throw error
        asked = backoff(policy, attempt, random)
        why = error.message
      }
      const wait = Math.min(asked, policy.maxDelayMs, Math.max(0, policy.totalMs - (now() - started)))
      debug?.(`${why}, attempt ${attempt} of ${policy.attempts}, retrying in ${wait} ms`)
      await sleep(wait)
    }
  }
}

/** The error body of an answer worth trying again, or undefined for any other answer. */
function temporaryError(response: HttpResponse): { code?: string; message?: string } | undefined {
  if (response.status < 400) return undefined
  const error = parseErrorBody(Buffer.from(response.body).toString('utf8'))
  return isTemporary(response.status, error.code) ? error : undefined
}

function backoff(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1)
  return Math.round(exponential / 2 + random() * (exponential / 2))
}

/**
 * The wait a rate-limited registry names only in its error message, without a `Retry-After`
 * header (GHCR: `retry-after: 333.9ms, allowed: 44000/minute`), rounded up to whole milliseconds.
 */
export function retryAfterInMessage(message: string | undefined): number | undefined {
  const match = /\bretry-after:\s*(\d{1,9}(?:\.\d{1,9})?)\s*(ms|s)\b/i.exec(message ?? '')
  if (!match) return undefined
  const ms = Number(match[1]) * (match[2].toLowerCase() === 's' ? 1000 : 1)
  return Math.ceil(Number(ms.toFixed(6))) // 1.1 s is 1100 ms, not 1100.0000000000002 rounded up
}

/** `Retry-After` is seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  // an HTTP date names a weekday or month; '1.5' or '-1' are invalid, not dates in 2001
  if (!/[a-z]{3}/i.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
