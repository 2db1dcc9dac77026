import { describe, expect, test } from '@jest/globals'
import { firstInvalidUtf8 } from '../../../src/manifest/utf8.js'

const fatal = new TextDecoder('utf-8', { fatal: true })
const decodes = (bytes: Uint8Array): boolean => {
  try {
    fatal.decode(bytes)
    return true
  } catch {
    return false
  }
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('firstInvalidUtf8', () => {
  test.each([
    ['ASCII and multi-byte text', Buffer.from('id: café ☕ 𝄞'), undefined],
    ['a stray continuation byte', Buffer.from([0x61, 0x80, 0x61]), 1],
    ['an overlong slash (C0 AF)', Buffer.from([0x61, 0xc0, 0xaf]), 1],
    ['an overlong three-byte form (E0 80 AF)', Buffer.from([0xe0, 0x80, 0xaf]), 0],
    ['an encoded surrogate (ED A0 80)', Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]), 2],
    ['above U+10FFFF (F4 90 80 80)', Buffer.from([0xf4, 0x90, 0x80, 0x80]), 0],
    ['a lead byte that never starts anything (F5)', Buffer.from([0xf5, 0x80, 0x80, 0x80]), 0],
    ['a sequence cut off by the end', Buffer.from([0x61, 0xf0, 0x9f, 0x98]), 1],
    ['a sequence cut off by ASCII', Buffer.from([0xe2, 0x82, 0x41]), 0]
  ])('%s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8(bytes)).toBe(offset)
    expect(decodes(bytes)).toBe(offset === undefined)
  })

  test('agrees with the fatal TextDecoder on 20,000 random byte strings, and everything before the offset decodes', () => {
    const next = random(20240601)
    // Bytes drawn mostly from UTF-8's interesting ranges, so that valid sequences are common too.
    const pools = [
      [0x00, 0x7f],
      [0x80, 0xbf],
      [0xc0, 0xdf],
      [0xe0, 0xef],
      [0xf0, 0xff]
    ] as const
    for (let run = 0; run < 20_000; run++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
        const [low, high] = pools[Math.floor(next() * pools.length)]!
        return low + Math.floor(next() * (high - low + 1))
      })
      const offset = firstInvalidUtf8(bytes)
      expect({ bytes: [...bytes], valid: offset === undefined }).toEqual({ bytes: [...bytes], valid: decodes(bytes) })
      if (offset !== undefined) expect(decodes(bytes.subarray(0, offset))).toBe(true)
    }
  })
})
