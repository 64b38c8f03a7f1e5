/**
 * Small lexical helpers of the OpenMetrics line scanner: keywords, timestamps,
 * and the wording of what was found where something else was expected. Kept apart so the
 * scanner file reads as the grammar.
 */
import { LF } from '../core/chars.js';
import { parseGoFloat } from '../core/float.js';
import { goQuote, goQuoteChar } from '../core/go-quote.js';
import { OmError, OpenMetricsCode as Code } from './codes.js';

/** `HELP`, `TYPE`, `UNIT` or `EOF` starting at `k`, else ''. */
export function keywordAt(text: string, k: number): string {
  const a = text.charCodeAt(k);
  if (a === 0x45) return text.startsWith('EOF', k) ? 'EOF' : '';
  if (a === 0x48) return text.startsWith('HELP', k) ? 'HELP' : '';
  if (a === 0x54) return text.startsWith('TYPE', k) ? 'TYPE' : '';
  if (a === 0x55) return text.startsWith('UNIT', k) ? 'UNIT' : '';
  return '';
}

/** A timestamp: the number grammar, but finite. */
export function parseTimestamp(codes: Uint16Array, text: string, start: number, end: number, what: string): number {
  const ts = parseGoFloat(codes, text, start, end);
  if (ts === undefined || ts !== ts || ts === Infinity || ts === -Infinity) {
    const token = text.slice(start, end);
    const why = ts === undefined ? '' : ' (NaN and infinities are not timestamps)';
    throw new OmError(
      Code.INVALID_TIMESTAMP,
      `expected a number of seconds as ${what}, found ${token === '' ? found(text, start) : goQuote(token)}${why}`,
      start,
    );
  }
  return ts;
}

export function badNumber(text: string, start: number, end: number, what: string, code: (typeof Code)[keyof typeof Code]): OmError {
  const token = text.slice(start, end);
  return new OmError(code, `expected a number as ${what}, found ${token === '' ? found(text, start) : goQuote(token)}`, start);
}

/** The character at `pos` for a message: `%q` of it, or "the end of the line". */
export function found(text: string, pos: number): string {
  if (pos >= text.length || text.charCodeAt(pos) === LF) return 'the end of the line';
  return goQuoteChar(String.fromCodePoint(text.codePointAt(pos)!));
}

export function lineRest(text: string, pos: number): string {
  const end = text.indexOf('\n', pos);
  return text.slice(pos, end < 0 ? text.length : end);
}

/** Code points in `s`: UTF-16 units less the second half of each surrogate pair. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = s.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) n--;
    }
  }
  return n;
}
