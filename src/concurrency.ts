/**
 * Runs `work` over `items` with at most `limit` at once, keeping the input order in the result.
 * Channels are independent, so a bound (not a queue per service) is all the coordination needed; the
 * SDK's adaptive retry absorbs throttling within it.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
