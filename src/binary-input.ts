/**
 * Input that is clearly not text (a protobuf body, an executable, an image): linting it
 * line by line would report a syntax error per "line" of noise and take minutes. One
 * diagnostic says what it is instead, at the first byte that shows it.
 */
import type { Diagnostic } from './diagnostics.js';

/** Only the start is looked at: the verdict must come at once, whatever the size. */
export const BINARY_SAMPLE_BYTES = 64 * 1024;
/** Share of the sample that may be control bytes or invalid UTF-8 before the input counts as binary. */
const MAX_NON_TEXT_SHARE = 0.1;

/** The one diagnostic for a binary input, or undefined for text. */
export function binaryInput(input: string | Uint8Array): Diagnostic | undefined {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input.slice(0, BINARY_SAMPLE_BYTES)) : input.subarray(0, BINARY_SAMPLE_BYTES);
  const nul = bytes.indexOf(0);
  if (nul >= 0) return diagnostic(bytes, nul, `a NUL byte at byte offset ${nul}`);
  let nonText = 0;
  let first = -1;
  for (let i = 0; i < bytes.length; ) {
    const length = textLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (first < 0) first = i;
    nonText++;
    i++;
  }
  if (bytes.length >= 16 && nonText > bytes.length * MAX_NON_TEXT_SHARE) {
    const share = Math.round((nonText / bytes.length) * 100);
    return diagnostic(bytes, first, `${share}% of its first ${bytes.length} bytes are control bytes or invalid UTF-8`);
  }
  return undefined;
}

/** The length of the text character (printable ASCII, tab, CR, LF, or valid UTF-8) at `i`, or 0. */
function textLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c >= 0x20 && c < 0x7f) return 1;
  if (c === 0x09 || c === 0x0a || c === 0x0d) return 1;
  if (c < 0xc2 || c > 0xf4) return 0;
  const n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  // A character cut by the sample's end counts as text.
  if (i + n > b.length) return b.length - i;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return n;
}

function diagnostic(bytes: Uint8Array, offset: number, evidence: string): Diagnostic {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = Array.from(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(lineStart, offset))).length + 1;
  return {
    code: 'E_BINARY_INPUT',
    severity: 'error',
    message: `the input is binary, not a text exposition: ${evidence} (delimited protobuf? expofmt lint --from protobuf reads it)`,
    line,
    column,
  };
}
