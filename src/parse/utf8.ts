/**
 * UTF-8 decoding that refuses invalid bytes instead of turning them into U+FFFD: a
 * replacement would silently change label values. The offset of the first bad byte
 * gives the diagnostic its line and column.
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
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return allowTruncatedEnd && continuationsOk(bytes, i + 1, n) ? -1 : i;
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function continuationsOk(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((bytes[i] & 0xc0) !== 0x80) return false;
  return true;
}
