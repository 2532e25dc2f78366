import { describe, expect, test } from '@jest/globals'
import { mapLimit, oneAtATime } from '../../src/concurrency.js'

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('mapLimit', () => {
  test('results keep the order of the items, whatever order the tasks finish in', async () => {
    const delays = [30, 0, 10, 0]
    const results = await mapLimit(delays, 4, async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return ms * 2
    })
    expect(results).toEqual([60, 0, 20, 0])
  })

  test.each([1, 2, 3])('never more than %i at once', async (limit) => {
    let running = 0
    let most = 0
    await mapLimit([1, 2, 3, 4, 5, 6, 7], limit, async () => {
      running++
      most = Math.max(most, running)
      await tick()
      running--
    })
    expect(most).toBe(limit)
  })

  test('no items: no task, an empty result', async () => {
    let called = false
    expect(
      await mapLimit([], 8, async () => {
        called = true
      })
    ).toEqual([])
    expect(called).toBe(false)
  })

  test('a failing task rejects the whole map', async () => {
    await expect(
      mapLimit([1, 2], 2, async (n) => {
        if (n === 2) throw new Error('boom')
        return n
      })
    ).rejects.toThrow('boom')
  })
})

describe('oneAtATime', () => {
  test('calls run one after another, in call order', async () => {
    const events: string[] = []
    const task = oneAtATime(async (name: string) => {
      events.push(`start ${name}`)
      await tick()
      events.push(`end ${name}`)
      return name
    })
    expect(await Promise.all([task('a'), task('b'), task('c')])).toEqual(['a', 'b', 'c'])
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  test('a failed call rejects for its caller only; the next one still runs', async () => {
    const task = oneAtATime(async (fail: boolean) => {
      await tick()
      if (fail) throw new Error('boom')
      return 'ok'
    })
    const first = task(true)
    const second = task(false)
    await expect(first).rejects.toThrow('boom')
    await expect(second).resolves.toBe('ok')
  })
})
