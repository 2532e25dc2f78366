/** A gate that lets at most `max` tasks run at once; the others wait their turn, in order. */
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: Array<() => void> = []
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await task()
    } finally {
      // the slot passes straight to the next waiter, or is freed
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
