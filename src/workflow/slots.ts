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

/**
 * A counting semaphore for channels. A channel holds a slot while it talks to AWS and gives it up while
 * it only waits for CloudFront to deploy, so a manifest with more channels than slots deploys them all
 * at once instead of in batches of deployment times.
 */
export class Slots {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(limit: number) {
    this.free = Math.max(1, limit)
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free++
  }

  /** Runs `work` without holding a slot (the caller holds one), then takes one again. */
  async without<T>(work: () => Promise<T>): Promise<T> {
    this.release()
    try {
      return await work()
    } finally {
      await this.acquire()
    }
  }
}
