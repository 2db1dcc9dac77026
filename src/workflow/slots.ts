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
