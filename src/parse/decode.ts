/**
 * Bytes -> string for the parsers. Invalid UTF-8 is an error with a position, never a
 * silent U+FFFD; in collect-errors mode the rest is still decoded (with U+FFFD) so that
 * later errors are found too.
 */
import { type Diagnostic, ParseCode, ParseError, columnOf } from '../diagnostics.js';
import { firstInvalidUtf8 } from './utf8.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes a whole input. On invalid UTF-8 throws, or with `collect` records and goes on. */
export function decodeUtf8(bytes: Uint8Array, collect: boolean, diagnostics: Diagnostic[]): string {
  try {
    return strict.decode(bytes);
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    const diagnostic = invalidUtf8Diagnostic(lenient.decode(bytes.subarray(0, offset)), 0);
    if (!collect) throw new ParseError(diagnostic);
    diagnostics.push(diagnostic);
    return lenient.decode(bytes);
  }
}

/**
 * The diagnostic for a bad byte that follows `before` (the text decoded ahead of it since
 * the start of line `linesBefore + 1`).
 */
export function invalidUtf8Diagnostic(before: string, linesBefore: number): Diagnostic {
  let line = linesBefore + 1;
  let lineStart = 0;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return {
    code: ParseCode.INVALID_UTF8,
    severity: 'error',
    message: 'invalid UTF-8 byte sequence (the text formats are UTF-8 only)',
    line,
    column: columnOf(before, lineStart, before.length),
  };
}
