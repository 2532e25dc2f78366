/** Runs `task` over every item with at most `limit` at once; results keep the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Wraps `task` so that calls run one at a time, in call order (bazel locks its output base anyway). */
export function oneAtATime<A extends unknown[], R>(task: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let queue: Promise<unknown> = Promise.resolve()
  return (...args) => {
    const run = queue.then(() => task(...args))
    queue = run.catch(() => undefined)
    return run
  }
}
