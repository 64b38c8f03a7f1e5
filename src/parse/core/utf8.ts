/**
 * UTF-8 checks that refuse invalid bytes instead of turning them into U+FFFD: a
 * replacement would silently change label values. The offset of the first bad byte
 * gives the diagnostic its line and column. The byte ranges are the WHATWG decoder's,
 * so these functions and `TextDecoder` agree on where a sequence goes wrong.
 */

/** Offset of the first byte that starts an invalid sequence, or -1. A sequence cut off by
 * the end counts as invalid unless `allowTruncatedEnd` (a stream chunk continues later). */
export function firstInvalidUtf8(bytes: Uint8Array, allowTruncatedEnd = false): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = sequenceLength(b) - 1;
    if (need < 1) return i;
    // The second byte's range rules out overlong forms, surrogates and code points past
    // U+10FFFF; the others are plain continuation bytes.
    let low = 0x80;
    let high = 0xbf;
    if (b === 0xe0) low = 0xa0;
    else if (b === 0xed) high = 0x9f;
    else if (b === 0xf0) low = 0x90;
    else if (b === 0xf4) high = 0x8f;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return allowTruncatedEnd ? -1 : i;
      const c = bytes[i + k];
      if (c < low || c > high) return i;
      low = 0x80;
      high = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * How many bytes at the end of `bytes` begin a sequence that is not complete yet: what a
 * streaming decoder holds back. Assumes the bytes before are valid UTF-8.
 */
export function incompleteTailLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    return b >= 0xc0 && sequenceLength(b) > k ? k : 0;
  }
  return 0;
}

/** Bytes in the sequence a lead byte starts; 0 when it cannot start one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}
