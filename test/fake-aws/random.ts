/**
 * Seeded randomness, so a run with the same `seed` makes the same ids and the same fault decisions.
 * Two independent streams: one for identifiers, one for fault probabilities, so adding a resource
 * does not change which calls a probabilistic fault hits.
 */

/** mulberry32: small, fast, good enough for test data. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HEX = '0123456789abcdef'
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Identifier shapes AWS uses, drawn from one seeded stream. */
export class IdSource {
  private readonly next: () => number

  constructor(seed: number) {
    this.next = seededRandom(seed)
  }

  private pick(alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)] ?? ''
    return out
  }

  hex(length: number): string {
    return this.pick(HEX, length)
  }

  upperAlnum(length: number): string {
    return this.pick(UPPER_ALNUM, length)
  }

  lowerAlnum(length: number): string {
    return this.pick(LOWER_ALNUM, length)
  }

  alnum(length: number): string {
    return this.pick(ALNUM, length)
  }

  /** A version-4-shaped UUID (Secrets Manager version ids, request ids). */
  uuid(): string {
    const h = this.hex(32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}
