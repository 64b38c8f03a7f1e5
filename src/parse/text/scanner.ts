/**
 * The hand-written scanner for one line of text format 0.0.4. It takes the whole input
 * and the index where a line starts, and leaves what the line says in its fields: a
 * blank or comment line, a HELP or TYPE line, or a sample (name, flat labels, value,
 * timestamp). It knows syntax only; which family a sample joins is the builder's job.
 *
 * It reads the code units from a typed copy of the text (core/code-units.ts) and slices
 * strings from the text only when it returns them. Every scanned line must end with LF
 * (the drivers make sure of that), so each loop stops at LF without a bounds check.
 * A metric or label name spelled as on the previous line comes out as the same string
 * (core/recent-names.ts).
 */
import {
  BACKSLASH,
  COMMA,
  EQUALS,
  HASH,
  LBRACE,
  LF,
  MINUS,
  PLUS,
  QUOTE,
  RBRACE,
  isBlank,
  isDigit,
  isLabelNameChar,
  isLabelNameStart,
  isMetricNameStart,
} from '../core/chars.js';
import { ParseCode } from '../../diagnostics.js';
import { unescaped } from '../core/code-units.js';
import { isDuplicateLabel } from '../core/duplicate-labels.js';
import { floatRejectionReason, parseGoFloat } from '../core/float.js';
import { goQuote, goQuoteChar } from '../core/go-quote.js';
import { RecentNames } from '../core/recent-names.js';
import { LineError, LineKind } from '../types.js';

const MAX_SAFE_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

export class TextLineScanner {
  private text = '';
  /** The text's code units (read up to `text.length` only). */
  private codes: Uint16Array = new Uint16Array(0);
  kind: LineKind = LineKind.Blank;
  /** Metric name of a sample, or the family named by HELP/TYPE. */
  name = '';
  nameIndex = 0;
  /** Flat label pairs of the sample; a fresh array per sample line. */
  labels: string[] = [];
  /** Input index of each label pair's name, parallel to labels (one entry per pair). */
  readonly labelIndexes: number[] = [];
  value = 0;
  valueIndex = 0;
  timestampMs: number | undefined = undefined;
  /** HELP text (unescaped) or TYPE word (raw). */
  metaText = '';
  metaIndex = 0;

  private readonly names = new RecentNames();
  private nameEnd = 0;

  /** Sets the text to scan and its code units. */
  setText(text: string, codes: Uint16Array): void {
    this.text = text;
    this.codes = codes;
    this.names.newText();
  }

  /** Scans the line starting at `start`; returns the index after its LF. */
  scanLine(start: number): number {
    const codes = this.codes;
    let pos = start;
    let c = codes[pos];
    while (isBlank(c)) c = codes[++pos];
    if (c === LF) {
      this.kind = LineKind.Blank;
      return pos + 1;
    }
    if (c === HASH) return this.scanComment(pos + 1);
    return this.scanSample(pos);
  }

  private scanComment(pos: number): number {
    const text = this.text;
    const codes = this.codes;
    let c = codes[pos];
    while (isBlank(c)) c = codes[++pos];
    const keywordStart = pos;
    while (c !== LF && !isBlank(c)) c = codes[++pos];
    // Compared in place: slicing the keyword of every comment line showed in profiles.
    const keyword = pos - keywordStart === 4 ? (text.startsWith('HELP', keywordStart) ? 'HELP' : text.startsWith('TYPE', keywordStart) ? 'TYPE' : '') : '';
    if (c === LF || keyword === '') {
      this.kind = LineKind.Blank;
      return text.indexOf('\n', pos) + 1;
    }
    while (isBlank(c)) c = codes[++pos];
    this.nameIndex = pos;
    if (c === QUOTE) {
      pos = this.scanQuoted(pos, 'metric name');
      this.name = this.quoted;
      if (this.name === '') throw new LineError(ParseCode.INVALID_METRIC_NAME, 'invalid metric name ""', this.nameIndex, undefined, pos);
    } else if (isMetricNameStart(c)) {
      pos = this.scanLegacyName(pos);
    } else if (c === LF) {
      this.kind = LineKind.Blank; // `# HELP` alone: the Go reference ignores it
      return pos + 1;
    } else {
      throw new LineError(ParseCode.INVALID_COMMENT_NAME, 'invalid metric name in comment', pos);
    }
    c = codes[pos];
    if (c === LF) {
      this.kind = LineKind.Blank; // `# HELP name`: ignored, no family is named
      return pos + 1;
    }
    if (!isBlank(c)) throw new LineError(ParseCode.INVALID_COMMENT_NAME, 'invalid metric name in comment', pos);
    while (isBlank(c)) c = codes[++pos];
    this.metaIndex = pos;
    if (c === LF) {
      this.kind = LineKind.MetaName;
      return pos + 1;
    }
    if (keyword === 'TYPE') {
      const end = text.indexOf('\n', pos);
      this.metaText = text.slice(pos, end);
      this.kind = LineKind.Type;
      return end + 1;
    }
    return this.scanHelp(pos);
  }

  /** HELP text: the rest of the line, with `\\`, `\n` and `\"` unescaped. */
  private scanHelp(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = start;
    let c = codes[pos];
    while (c !== LF && c !== BACKSLASH) c = codes[++pos];
    if (c === LF) {
      this.metaText = text.slice(start, pos);
    } else {
      pos = this.unescapeUntil(LF, start, pos, 'HELP text');
      this.metaText = this.quoted;
    }
    this.kind = LineKind.Help;
    return pos + 1;
  }

  private scanSample(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = start;
    let c = codes[pos];
    let hasName = true;
    this.nameIndex = pos;
    if (c === LBRACE) {
      hasName = false;
      this.name = '';
    } else if (c === QUOTE) {
      pos = this.scanQuoted(pos, 'metric name');
      this.name = this.quoted;
      // Go sees an empty name token here, hence its message without the name.
      if (this.name === '') throw new LineError(ParseCode.INVALID_METRIC_NAME, 'invalid metric name', start, undefined, pos);
    } else if (isMetricNameStart(c)) {
      pos = this.scanLegacyName(pos);
    } else {
      throw new LineError(ParseCode.INVALID_METRIC_NAME, 'invalid metric name', pos);
    }
    c = codes[pos];
    if (hasName) {
      while (isBlank(c)) c = codes[++pos];
      if (c !== LBRACE && c !== LF && pos === this.nameEnd) {
        // The Go reference reads `a-1` as name `a` with value -1; a typo is likelier.
        throw new LineError(ParseCode.INVALID_METRIC_NAME, `unexpected character ${charAt(text, pos)} after metric name ${goQuote(this.name)}`, pos);
      }
    }
    if (c === LBRACE) {
      pos = this.scanLabels(pos + 1, !hasName);
      c = codes[pos];
      while (isBlank(c)) c = codes[++pos];
    } else {
      this.labels = [];
    }
    this.names.nextLine();
    return this.scanValueAndTimestamp(pos);
  }

  /** Reads a legacy metric name at `start`, whose first character is valid; returns the index after it. */
  private scanLegacyName(start: number): number {
    const names = this.names;
    const end = names.readMetricName(this.codes, this.text, start);
    this.name = names.metricName;
    return (this.nameEnd = end);
  }

  /** The unescaped content of the last quoted string read. */
  private quoted = '';

  /** Reads a double-quoted name at `pos` (escapes `\\`, `\"`, `\n`); returns the index after it. */
  private scanQuoted(pos: number, what: 'metric name' | 'label name'): number {
    const text = this.text;
    const codes = this.codes;
    const start = pos + 1;
    let c: number;
    pos = start;
    while ((c = codes[pos]) !== QUOTE && c !== BACKSLASH && c !== LF) pos++;
    if (c === QUOTE) {
      this.quoted = text.slice(start, pos);
    } else {
      pos = this.unescapeUntil(QUOTE, start, pos, what);
    }
    this.nameEnd = pos + 1;
    return pos + 1;
  }

  /** Reads label pairs after `{` up to and including `}`; returns the index after `}`. */
  private scanLabels(pos: number, nameInBraces: boolean): number {
    const text = this.text;
    const codes = this.codes;
    // Sized as the previous line's set: the array grows by 50% + 16 slots at a time, so
    // pushing 6 labels into [] leaves 11 slots unused in every metric a parse returns.
    const expected = this.lastLabelCount;
    const labels: string[] = expected === 0 ? [] : new Array(expected);
    this.labels = labels;
    let count = 0;
    const known = this.checkedLabels;
    let knownPrefix = true;
    let c: number;
    for (;;) {
      while (isBlank((c = codes[pos]))) pos++;
      if (c === RBRACE) {
        pos++;
        break;
      }
      const elementIndex = pos;
      let element: string;
      if (c === QUOTE) {
        pos = this.scanQuoted(pos, 'label name');
        element = this.quoted;
        this.names.unspelledLabelName(count >> 1);
      } else if (isLabelNameStart(c)) {
        const start = pos;
        while (isLabelNameChar(codes[++pos]));
        element = this.names.labelName(codes, text, count >> 1, start, pos);
      } else {
        throw new LineError(ParseCode.INVALID_LABEL_NAME, `invalid label name for metric ${goQuote(this.name)}`, pos);
      }
      while (isBlank((c = codes[pos]))) pos++;
      if (c !== EQUALS) {
        if (!nameInBraces) {
          throw new LineError(ParseCode.EXPECTED_EQUALS, `expected '=' after label name, found ${charAt(text, pos)}`, pos);
        }
        if (c !== COMMA && c !== RBRACE) {
          throw new LineError(ParseCode.UNEXPECTED_END_OF_NAME, `unexpected end of metric name ${goQuote(element)}`, pos);
        }
        if (this.name !== '') {
          throw new LineError(ParseCode.MULTIPLE_METRIC_NAMES, `multiple metric names for metric ${goQuote(this.name)}`, elementIndex);
        }
        if (element === '') throw new LineError(ParseCode.INVALID_METRIC_NAME, 'invalid metric name ""', elementIndex);
        this.name = element;
        this.nameIndex = elementIndex;
        pos++;
        if (c === RBRACE) break;
        continue;
      }
      if (element === '__name__') {
        throw new LineError(ParseCode.RESERVED_LABEL_NAME, 'label name "__name__" is reserved', elementIndex);
      }
      if (element === '') throw new LineError(ParseCode.INVALID_LABEL_NAME, 'invalid label name ""', elementIndex);
      if (knownPrefix && element === known[count]) {
        // Every name so far is the last label set's, in its order: they are distinct.
      } else {
        knownPrefix = false;
        if (isDuplicateLabel(labels, count, element)) {
          throw new LineError(ParseCode.DUPLICATE_LABEL_NAME, `duplicate label names for metric ${goQuote(this.name)}`, elementIndex);
        }
      }
      while (isBlank((c = codes[++pos])));
      if (c !== QUOTE) {
        throw new LineError(ParseCode.EXPECTED_QUOTE, `expected '"' at start of label value, found ${charAt(text, pos)}`, pos);
      }
      pos = this.scanLabelValue(pos + 1);
      // Written by position, never truncated: entries past the line's labels are stale and unread.
      this.labelIndexes[count >> 1] = elementIndex;
      labels[count++] = element;
      labels[count++] = this.quoted;
      while (isBlank((c = codes[pos]))) pos++;
      if (c === COMMA) {
        pos++;
      } else if (c === RBRACE) {
        pos++;
        break;
      } else {
        throw new LineError(ParseCode.UNEXPECTED_END_OF_LABEL_VALUE, `unexpected end of label value ${goQuote(this.quoted)}`, pos);
      }
    }
    if (this.name === '') throw new LineError(ParseCode.MISSING_METRIC_NAME, 'invalid metric name', this.nameIndex);
    if (count !== labels.length) labels.length = count;
    this.lastLabelCount = count;
    this.checkedLabels = labels;
    return pos;
  }

  /** The last label set read whole: its names passed the duplicate check. */
  private checkedLabels: string[] = [];

  /** Label names and values the last sample line with braces had. */
  private lastLabelCount = 0;

  /** Reads a label value after its opening quote; returns the index after the closing quote. */
  private scanLabelValue(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = start;
    let c: number;
    while ((c = codes[pos]) !== QUOTE && c !== BACKSLASH && c !== LF) pos++;
    if (c === QUOTE) {
      this.quoted = text.slice(start, pos);
      return pos + 1;
    }
    return this.unescapeUntil(QUOTE, start, pos, 'label value') + 1;
  }

  /**
   * Unescapes `\\`, `\"` and `\n` (any other escape is an error) into `quoted`, from
   * `start` up to the code unit `stop` (QUOTE or LF); `pos` is the first backslash, and the
   * run before it has none. Returns the index of `stop`. Before a closing quote, an LF is
   * an error naming `what`.
   */
  private unescapeUntil(stop: number, start: number, pos: number, what: string): number {
    const codes = this.codes;
    let out = unescaped.begin(codes, start, pos);
    let n = pos - start;
    let c = codes[pos];
    while (c !== stop) {
      if (c === LF) {
        throw new LineError(ParseCode.UNESCAPED_NEWLINE, `${what} ${goQuote(unescaped.toString(n))} contains unescaped new-line`, pos);
      }
      if (c === BACKSLASH) {
        const e = codes[++pos];
        if (e === 0x6e) c = LF;
        else if (e === BACKSLASH || e === QUOTE) c = e;
        else throw invalidEscape(this.text, pos);
      }
      if (n === out.length) out = unescaped.grow(n);
      out[n++] = c;
      c = codes[++pos];
    }
    this.quoted = unescaped.toString(n);
    return pos;
  }

  private scanValueAndTimestamp(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = start;
    let c = codes[pos];
    while (c !== LF && !isBlank(c)) c = codes[++pos];
    const value = parseGoFloat(codes, text, start, pos);
    if (value === undefined) {
      const token = text.slice(start, pos);
      const reason = token === '' ? '' : ` (${floatRejectionReason(token)})`;
      throw new LineError(ParseCode.INVALID_VALUE, `expected float as value, got ${goQuote(token)}${reason}`, start, undefined, pos);
    }
    this.value = value;
    this.valueIndex = start;
    this.kind = LineKind.Sample;
    if (c === LF) {
      this.timestampMs = undefined;
      return pos + 1;
    }
    while (isBlank(c)) c = codes[++pos];
    const tsStart = pos;
    while (c !== LF && !isBlank(c)) c = codes[++pos];
    this.timestampMs = parseTimestamp(codes, text, tsStart, pos);
    if (c !== LF) {
      const end = text.indexOf('\n', pos);
      throw new LineError(
        ParseCode.SPURIOUS_AFTER_TIMESTAMP,
        `spurious string after timestamp: ${goQuote(text.slice(pos, end))}`,
        pos,
        undefined,
        end, // Go reads the rest of the line before it complains
      );
    }
    return pos + 1;
  }
}

/** An int64 of milliseconds as Go's ParseInt reads it, kept only when exact in a double. */
function parseTimestamp(codes: Uint16Array, text: string, start: number, end: number): number {
  let pos = start;
  let c = codes[pos];
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) c = codes[++pos];
  const digitsStart = pos;
  let ms = 0;
  while (pos < end && isDigit(c)) {
    ms = ms * 10 + (c - 0x30);
    c = codes[++pos];
  }
  const token = text.slice(start, end);
  if (pos !== end || pos === digitsStart) {
    const hint = token === '' ? ' (trailing whitespace after the value?)' : '';
    throw new LineError(ParseCode.INVALID_TIMESTAMP, `expected integer as timestamp, got ${goQuote(token)}${hint}`, start, undefined, end);
  }
  if (pos - digitsStart >= MAX_SAFE_DIGITS && !Number.isSafeInteger(ms)) {
    const big = BigInt(token);
    if (big > 9223372036854775807n || big < -9223372036854775808n) {
      throw new LineError(ParseCode.INVALID_TIMESTAMP, `expected integer as timestamp, got ${goQuote(token)} (out of int64 range)`, start, undefined, end);
    }
    throw new LineError(
      ParseCode.TIMESTAMP_OUT_OF_RANGE,
      `timestamp ${goQuote(token)} is beyond ±(2^53-1) ms, which a JavaScript number cannot hold exactly`,
      start,
      undefined,
      end,
    );
  }
  return negative ? 0 - ms : ms; // `-0` is 0
}

function invalidEscape(text: string, backslashNext: number): LineError {
  const ch = String.fromCodePoint(text.codePointAt(backslashNext) ?? 0);
  return new LineError(ParseCode.INVALID_ESCAPE, `invalid escape sequence '\\${ch}'`, backslashNext - 1, undefined, backslashNext);
}

/** `%q` of the whole character at `pos` (a surrogate pair is one character, not two halves). */
function charAt(text: string, pos: number): string {
  return goQuoteChar(String.fromCodePoint(text.codePointAt(pos)!));
}
