/**
 * URL-safe base64 as Pushgateway decodes grouping-key values: trailing `=` are stripped,
 * then Go's `base64.RawURLEncoding.DecodeString` runs, so padding is optional and `=`
 * alone is the empty string. Errors name the byte Go names (`illegal base64 data at
 * input byte 3`), so messages read like the reference's. Also the encoder the UI and the
 * tests use to build `@base64` paths.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const CR = 0x0d;
const LF = 0x0a;

export type Base64Result = { bytes: Uint8Array } | { error: string };

/** Decodes like Pushgateway's `decodeBase64` (without turning the bytes into a string). */
export function decodeBase64Url(text: string): Base64Result {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */) end--;
  const out: number[] = [];
  const quantum = [0, 0, 0, 0];
  let si = 0;
  // One 4-character quantum per round, as Go's decodeQuantum; CR and LF are skipped.
  for (;;) {
    let length = 4;
    for (let j = 0; j < 4; j++) {
      if (si === end) {
        if (j === 0) return { bytes: Uint8Array.from(out) };
        if (j === 1) return { error: illegal(si - j) };
        length = j;
        break;
      }
      const c = text.charCodeAt(si++);
      const v = c < 128 ? DECODE[c] : -1;
      if (v >= 0) {
        quantum[j] = v;
        continue;
      }
      if (c === CR || c === LF) {
        j--;
        continue;
      }
      // Every character before this one is ASCII, so the index is also Go's byte index.
      return { error: illegal(si - 1) };
    }
    const bits = (quantum[0] << 18) | (quantum[1] << 12) | ((length > 2 ? quantum[2] : 0) << 6) | (length > 3 ? quantum[3] : 0);
    out.push((bits >> 16) & 0xff);
    if (length > 2) out.push((bits >> 8) & 0xff);
    if (length > 3) out.push(bits & 0xff);
    if (length < 4) return { bytes: Uint8Array.from(out) };
  }
}

function illegal(index: number): string {
  return `illegal base64 data at input byte ${index}`;
}

/** URL-safe base64 with padding, `=` for the empty string: what the UI's Delete button sends. */
export function encodeBase64Url(value: string): string {
  if (value === '') return '=';
  return Buffer.from(value, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
