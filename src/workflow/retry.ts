/** Bounded retries with exponential backoff for what the SDK cannot retry for us: conflicts and eventual consistency. */
export interface RetryPolicy {
  attempts: number
  baseMs: number
  sleep(ms: number): Promise<void>
}

/**
 * Calls `attempt` until it returns a value other than `undefined`, at most `policy.attempts` times,
 * sleeping base·2ⁿ between tries. Returns `undefined` if every try did.
 */
export async function untilDefined<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T | undefined>): Promise<T | undefined> {
  for (let n = 0; n < policy.attempts; n++) {
    if (n > 0) await policy.sleep(policy.baseMs * 2 ** (n - 1))
    const result = await attempt(n)
    if (result !== undefined) return result
  }
  return undefined
}
