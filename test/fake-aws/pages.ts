/** Opaque pagination tokens: an offset bound to the list it came from. */

export function encodePageToken(kind: string, offset: number): string {
  return Buffer.from(JSON.stringify({ k: kind, o: offset })).toString('base64url')
}

/** The offset in a token made for `kind`, or undefined if the token is not one of ours. */
export function decodePageToken(token: string, kind: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; o?: unknown }
    return parsed.k === kind && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined
  } catch {
    return undefined
  }
}
