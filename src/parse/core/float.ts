/**
 * Numbers as Go's `strconv.ParseFloat(s, 64)` reads them behind expfmt's guard against
 * `p`, `P` and `_`: decimal only, `Inf`/`Infinity` in any case with a sign, `NaN` in any
 * case without one, overflow an error, underflow zero. JavaScript's `Number()` accepts
 * other things (`0x10`, `Infinity`, blanks, ''), so the grammar is checked here first.
 */
import { DOT, MINUS, PLUS, isDigit } from './chars.js';

// Exact powers of ten: a mantissa below 2^53 times or divided by one of these rounds
// correctly in a single IEEE operation (Clinger's fast path).
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/**
 * Digits are summed up in a double, exactly while the sum stays below 2^53. Rounding is
 * monotonic, so a sum that comes out below 2^53 is exact: that takes most 16-digit values
 * (Go's shortest form of a double has up to 17 digits) off the slow path.
 */
const EXACT_MANTISSA = 2 ** 53;

/** The float in `text[start, end)`, read from its code units `codes`; undefined when Go would reject it. */
export function parseGoFloat(codes: Uint16Array, text: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  let c = codes[i];
  let negative = false;
  if (c === PLUS || c === MINUS) {
    negative = c === MINUS;
    if (++i === end) return undefined;
    c = codes[i];
  }
  if (!isDigit(c) && c !== DOT) return parseWord(codes, text, i, end, negative, i !== start);

  let mantissa = 0;
  let significant = 0; // digits after leading zeros
  let fractionDigits = 0;
  let digits = 0;
  for (; i < end && isDigit((c = codes[i])); i++, digits++) {
    if (significant > 0 || c !== 0x30) {
      mantissa = mantissa * 10 + (c - 0x30);
      significant++;
    }
  }
  if (i < end && c === DOT) {
    for (i++; i < end && isDigit((c = codes[i])); i++, digits++, fractionDigits++) {
      if (significant > 0 || c !== 0x30) {
        mantissa = mantissa * 10 + (c - 0x30);
        significant++;
      }
    }
  }
  if (digits === 0) return undefined;
  let exponent = 0;
  if (i < end) {
    if ((c | 0x20) !== 0x65) return undefined; // e or E
    if (++i === end) return undefined;
    c = codes[i];
    let expNegative = false;
    if (c === PLUS || c === MINUS) {
      expNegative = c === MINUS;
      if (++i === end) return undefined;
    }
    const expStart = i;
    for (; i < end && isDigit((c = codes[i])); i++) {
      if (exponent < 1e6) exponent = exponent * 10 + (c - 0x30);
    }
    if (i !== end || i === expStart) return undefined;
    if (expNegative) exponent = -exponent;
  }
  const scale = exponent - fractionDigits;
  if (mantissa < EXACT_MANTISSA && scale >= -22 && scale <= 22) {
    const magnitude = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
    return negative ? -magnitude : magnitude;
  }
  // The grammar is Go's and JavaScript's alike from here: let the engine round.
  const value = Number(text.slice(start, end));
  return Number.isFinite(value) ? value : undefined;
}

// Inf, Infinity (any case, optional sign) and NaN (any case, no sign).
function parseWord(codes: Uint16Array, text: string, i: number, end: number, negative: boolean, signed: boolean): number | undefined {
  const n = end - i;
  if (n === 3) {
    const word = lower3(codes, i);
    if (word === 'inf') return negative ? -Infinity : Infinity;
    if (word === 'nan' && !signed) return NaN;
    return undefined;
  }
  if (n === 8 && text.slice(i, end).toLowerCase() === 'infinity') return negative ? -Infinity : Infinity;
  return undefined;
}

function lower3(codes: Uint16Array, i: number): string {
  return String.fromCharCode(codes[i] | 0x20, codes[i + 1] | 0x20, codes[i + 2] | 0x20);
}

/** Why `parseGoFloat` refused a token: for the message only, so off the hot path. */
export function floatRejectionReason(token: string): string {
  if (/[pP_]/.test(token)) return 'unsupported character in float';
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token) ? 'value out of range' : 'invalid syntax';
}

let scratch = new Uint16Array(64);

/** Parses a whole string, as `le` and `quantile` label values need. */
export function parseGoFloatString(s: string): number | undefined {
  if (scratch.length < s.length) scratch = new Uint16Array(2 * s.length);
  for (let i = 0; i < s.length; i++) scratch[i] = s.charCodeAt(i);
  return parseGoFloat(scratch, s, 0, s.length);
}
