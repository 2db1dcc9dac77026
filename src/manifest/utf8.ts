/**
 * Where UTF-8 breaks. TextDecoder (fatal) decides whether bytes are UTF-8 but not where they stop
 * being so; this finds that byte with the same rules (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), so a message can point at its line and column.
 */

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence, else undefined. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]!
    if (lead < 0x80) {
      i++
      continue
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0
    if (length === 0) return i
    // The second byte's range is narrower after some leads: that is what rules out overlong forms,
    // surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..).
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf]
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k]
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf]
      // A broken sequence is reported at its lead byte: that is where the bad character starts.
      if (byte === undefined || byte < min || byte > max) return i
    }
    i += length
  }
  return undefined
}
