/**
 * The hand-written scanner for one line of OpenMetrics 1.0 text (the ABNF of the spec,
 * docs/format-rules.md §10). It takes the whole input and the index where a line starts,
 * and leaves what the line says in its fields: a HELP, TYPE or UNIT line, `# EOF`, or a
 * sample (name, flat labels, value, timestamp, exemplar). Syntax only; which family a
 * sample belongs to and every rule about values is the builder's job.
 *
 * OpenMetrics is stricter than 0.0.4 about layout: exactly one space between tokens, no
 * blanks inside `{...}`, no blank lines, no other comments, no quoted names. Escapes other
 * than `\\`, `\"` and `\n` are kept literally (backslash included), as the reference
 * parser does.
 *
 * Like the 0.0.4 scanner, it reads code units from a typed copy of the text
 * (core/code-units.ts), and hands out a name spelled as on the previous line as the same
 * string (core/recent-names.ts). Every scanned line must end with LF (the driver makes sure of
 * that), so each loop stops at LF without a bounds check.
 */
import {
  BACKSLASH,
  COMMA,
  EQUALS,
  HASH,
  LBRACE,
  LF,
  QUOTE,
  RBRACE,
  SPACE,
  isLabelNameChar,
  isLabelNameStart,
  isMetricNameChar,
  isMetricNameStart,
} from '../core/chars.js';
import { unescaped } from '../core/code-units.js';
import { isDuplicateLabel } from '../core/duplicate-labels.js';
import { parseGoFloat } from '../core/float.js';
import { goQuote } from '../core/go-quote.js';
import { OmError, OpenMetricsCode as Code } from './codes.js';
import { badNumber, codePoints, found, keywordAt, lineRest, parseTimestamp } from './lex.js';
import { nextValueHash, pairHash } from '../../label-set-hash.js';
import { RecentNames } from '../core/recent-names.js';
import type { Exemplar, Labels } from '../../model.js';

export const OmLineKind = { Sample: 0, Help: 1, Type: 2, Unit: 3, Eof: 4 } as const;
export type OmLineKind = (typeof OmLineKind)[keyof typeof OmLineKind];

/** The combined length of an exemplar's label names and values, in code points. */
const MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;

const TYPE_WORDS: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary', 'unknown']);

export class OpenMetricsLineScanner {
  /** The text being scanned (see `setText`). */
  text = '';
  /** The text's code units (read up to `text.length` only). */
  private codes: Uint16Array = new Uint16Array(0);
  kind: OmLineKind = OmLineKind.Sample;
  /** Metric name of a sample, or the family named by a metadata line. */
  name = '';
  nameIndex = 0;
  /** Leading code units `name` shares with the name of the line before (0: unknown). */
  namePrefixShared = 0;
  /** Flat label pairs of the sample; a fresh array per sample line. */
  labels: Labels = [];
  /** Input index of each label pair's name, one entry per pair. */
  readonly labelIndexes: number[] = [];
  /** Each label pair's hash, one entry per pair, and the whole label set's (label-set-hash.ts). */
  readonly pairHashes: number[] = [];
  labelsHash = 0;
  /** The label set's text between `{` and `}` (both 0 without braces), and whether a value in it has a backslash. */
  labelsStart = 0;
  labelsEnd = 0;
  labelsEscaped = false;
  value = 0;
  valueIndex = 0;
  /** Float seconds, or undefined when the sample has none. */
  timestamp: number | undefined = undefined;
  timestampIndex = 0;
  exemplar: Exemplar | undefined = undefined;
  exemplarIndex = 0;
  /** HELP text (unescaped), TYPE word or UNIT text. */
  metaText = '';
  metaIndex = 0;

  /** The unescaped content of the last label value read. */
  private quoted = '';
  private quotedHash = 0;
  /** A label value read since this was reset had a backslash. */
  private escaped = false;

  private readonly names = new RecentNames();

  /** Sets the text to scan and its code units. */
  setText(text: string, codes: Uint16Array): void {
    this.text = text;
    this.codes = codes;
    this.names.newText();
  }

  /** Scans the line starting at `start`; returns the index after its LF. */
  scanLine(start: number): number {
    const c = this.codes[start];
    if (c === HASH) return this.scanComment(start);
    if (c === LF) throw new OmError(Code.BLANK_LINE, 'Received blank line: OpenMetrics allows no empty lines', start);
    return this.scanSample(start);
  }

  /** `# HELP|TYPE|UNIT name text` or `# EOF`; `start` is at the `#`. */
  private scanComment(start: number): number {
    const text = this.text;
    const codes = this.codes;
    if (codes[start + 1] !== SPACE) {
      throw new OmError(Code.INVALID_COMMENT, `expected ' ' after '#', found ${found(text, start + 1)} (OpenMetrics allows no comments)`, start + 1);
    }
    const k = start + 2;
    const keyword = keywordAt(text, k);
    if (keyword === 'EOF' && codes[k + 3] === LF) {
      this.kind = OmLineKind.Eof;
      return k + 4;
    }
    if (keyword === '' || keyword === 'EOF') {
      throw new OmError(
        Code.INVALID_COMMENT,
        `expected HELP, TYPE, UNIT or EOF after '# ', found ${goQuote(lineRest(text, k))} (OpenMetrics allows no other comments)`,
        k,
      );
    }
    let pos = k + 4;
    if (codes[pos] !== SPACE) {
      throw new OmError(Code.INVALID_METADATA, `expected ' ' and a metric name after '# ${keyword}', found ${found(text, pos)}`, pos);
    }
    this.nameIndex = ++pos;
    if (!isMetricNameStart(codes[pos])) {
      throw new OmError(Code.INVALID_METRIC_NAME, `expected a metric name after '# ${keyword} ', found ${found(text, pos)}`, pos);
    }
    pos = this.scanName(pos);
    const c = codes[pos];
    if (c !== SPACE) {
      const what = keyword === 'HELP' ? 'help text' : keyword === 'TYPE' ? 'a type' : 'a unit';
      throw new OmError(Code.INVALID_METADATA, `expected ' ' and ${what} after the metric name ${goQuote(this.name)}, found ${found(text, pos)}`, pos);
    }
    this.metaIndex = ++pos;
    if (keyword === 'HELP') return this.scanHelp(pos);
    const end = text.indexOf('\n', pos);
    const word = text.slice(pos, end);
    if (keyword === 'TYPE') {
      if (!TYPE_WORDS.has(word)) {
        const hint = word === 'untyped' ? ' (OpenMetrics calls it "unknown")' : word.trim() !== word ? ' (trailing or leading blank)' : '';
        throw new OmError(
          Code.UNKNOWN_TYPE,
          `expected counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown as type, found ${goQuote(word)}${hint}`,
          pos,
        );
      }
      this.metaText = word; // one of TYPE_WORDS: the builder takes it as the type
      this.kind = OmLineKind.Type;
    } else {
      for (let i = pos; i < end; i++) {
        if (!isMetricNameChar(codes[i])) {
          throw new OmError(Code.INVALID_UNIT, `expected metric name characters [a-zA-Z0-9_:] in the unit, found ${found(text, i)}`, i);
        }
      }
      this.metaText = word;
      this.kind = OmLineKind.Unit;
    }
    return end + 1;
  }

  /** HELP text: the rest of the line, with `\\`, `\n` and `\"` unescaped and other escapes kept. */
  private scanHelp(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = start;
    let c = codes[pos];
    while (c !== LF && c !== BACKSLASH) c = codes[++pos];
    if (c === LF) {
      this.metaText = text.slice(start, pos);
    } else {
      pos = this.unescapeUntil(LF, start, pos, 0);
      this.metaText = this.quoted;
    }
    this.kind = OmLineKind.Help;
    return pos + 1;
  }

  private scanSample(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let c = codes[start];
    this.nameIndex = start;
    if (!isMetricNameStart(c)) {
      let hint = '';
      if (c === SPACE) hint = ' (OpenMetrics allows no leading blanks)';
      else if (c === LBRACE || c === QUOTE) hint = ' (OpenMetrics 1.0 has no quoted metric names)';
      throw new OmError(Code.INVALID_METRIC_NAME, `expected a metric name, found ${found(text, start)}${hint}`, start);
    }
    let pos = this.scanName(start);
    c = codes[pos];
    this.escaped = false;
    if (c === LBRACE) {
      this.labelsStart = pos + 1;
      this.labelsHash = 0;
      pos = this.scanLabels(pos + 1, this.labelIndexes, true);
      this.labels = this.scannedLabels;
      this.names.nextLine();
      this.labelsEnd = pos - 1;
      this.labelsEscaped = this.escaped;
      c = codes[pos];
      if (c !== SPACE) throw new OmError(Code.EXPECTED_SPACE, `expected ' ' and a value after the label set, found ${found(text, pos)}`, pos);
    } else {
      this.labels = [];
      this.labelsHash = 0;
      this.labelsStart = this.labelsEnd = 0;
      this.labelsEscaped = false;
      if (c !== SPACE) {
        throw new OmError(Code.EXPECTED_SPACE, `expected '{' or ' ' after the metric name ${goQuote(this.name)}, found ${found(text, pos)}`, pos);
      }
    }
    // The value.
    const valueStart = ++pos;
    c = codes[pos];
    while (c !== SPACE && c !== LF) c = codes[++pos];
    const value = parseGoFloat(codes, text, valueStart, pos);
    if (value === undefined) throw badNumber(text, valueStart, pos, 'value', Code.INVALID_VALUE);
    this.value = value;
    this.valueIndex = valueStart;
    this.timestamp = undefined;
    this.exemplar = undefined;
    this.kind = OmLineKind.Sample;
    if (c === LF) return pos + 1;
    // A timestamp, an exemplar, or both.
    c = codes[++pos];
    if (c !== HASH) {
      const tsStart = pos;
      while (c !== SPACE && c !== LF) c = codes[++pos];
      this.timestamp = parseTimestamp(codes, text, tsStart, pos, 'timestamp');
      this.timestampIndex = tsStart;
      if (c === LF) return pos + 1;
      c = codes[++pos];
      if (c !== HASH) {
        throw new OmError(Code.INVALID_EXEMPLAR, `expected '#' and an exemplar after the timestamp, found ${found(text, pos)}`, pos);
      }
    }
    return this.scanExemplar(pos);
  }

  /** ` # {labels} value [timestamp]` from the `#`; returns the index after the LF. */
  private scanExemplar(hash: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = hash + 1;
    this.exemplarIndex = hash;
    if (codes[pos] !== SPACE) {
      throw new OmError(Code.INVALID_EXEMPLAR, `expected ' ' after the exemplar's '#', found ${found(text, pos)}`, pos);
    }
    if (codes[++pos] !== LBRACE) {
      throw new OmError(Code.INVALID_EXEMPLAR, `expected '{' to open the exemplar's label set, found ${found(text, pos)}`, pos);
    }
    const labelsStart = pos;
    pos = this.scanLabels(pos + 1, [], false);
    const labels = this.scannedLabels;
    let length = 0;
    for (let i = 0; i < labels.length; i++) length += codePoints(labels[i]);
    if (length > MAX_EXEMPLAR_LABEL_CODE_POINTS) {
      throw new OmError(
        Code.EXEMPLAR_TOO_LONG,
        `Exemplar labels are too long: ${length} code points of label names and values, at most ${MAX_EXEMPLAR_LABEL_CODE_POINTS} allowed`,
        labelsStart,
      );
    }
    if (codes[pos] !== SPACE) {
      throw new OmError(Code.INVALID_EXEMPLAR, `expected ' ' and a value after the exemplar's label set, found ${found(text, pos)}`, pos);
    }
    const valueStart = ++pos;
    let c = codes[pos];
    while (c !== SPACE && c !== LF) c = codes[++pos];
    const value = parseGoFloat(codes, text, valueStart, pos);
    if (value === undefined) throw badNumber(text, valueStart, pos, 'exemplar value', Code.INVALID_EXEMPLAR);
    const exemplar: Exemplar = { labels, value };
    if (c === SPACE) {
      const tsStart = ++pos;
      c = codes[pos];
      while (c !== SPACE && c !== LF) c = codes[++pos];
      exemplar.timestamp = parseTimestamp(codes, text, tsStart, pos, 'exemplar timestamp');
      if (c !== LF) {
        throw new OmError(Code.INVALID_EXEMPLAR, `expected the end of the line after the exemplar timestamp, found ${found(text, pos)}`, pos);
      }
    }
    this.exemplar = exemplar;
    return pos + 1;
  }

  /** Reads a metric name at `start`, whose first character is valid; returns the index after it. */
  private scanName(start: number): number {
    const names = this.names;
    const end = names.readMetricName(this.codes, this.text, start);
    this.name = names.metricName;
    this.namePrefixShared = names.sharedPrefix;
    return end;
  }

  /**
   * Reads label pairs after `{` up to and including `}` into a new `scannedLabels`;
   * returns the index after `}`. With `reuse` (a sample's labels, not an exemplar's),
   * names spelled as on the previous line are reused.
   */
  private scanLabels(start: number, indexes: number[], reuse: boolean): number {
    const text = this.text;
    const codes = this.codes;
    // Sized as the previous sample's set: pushing 6 labels into [] would leave 11 of
    // its slots unused in every metric a parse returns.
    const expected = reuse ? this.lastLabelCount : 0;
    const labels: Labels = expected === 0 ? [] : new Array(expected);
    this.scannedLabels = labels;
    let count = 0;
    const known = this.checkedLabels;
    let knownPrefix = true;
    let pos = start;
    let c = codes[pos];
    if (c === RBRACE) return this.endLabels(labels, 0, reuse, pos + 1);
    for (;;) {
      if (!isLabelNameStart(c)) {
        let hint = '';
        if (c === RBRACE) hint = ' (trailing comma)';
        else if (c === COMMA) hint = ' (empty label)';
        else if (c === QUOTE) hint = ' (OpenMetrics 1.0 has no quoted label names)';
        throw new OmError(Code.INVALID_LABEL_NAME, `expected a label name [a-zA-Z_][a-zA-Z0-9_]*, found ${found(text, pos)}${hint}`, pos);
      }
      const nameStart = pos;
      while (isLabelNameChar(codes[++pos]));
      const name = reuse ? this.names.labelName(codes, text, count >> 1, nameStart, pos) : text.slice(nameStart, pos);
      c = codes[pos];
      if (c !== EQUALS) throw new OmError(Code.EXPECTED_EQUALS, `expected '=' after the label name ${goQuote(name)}, found ${found(text, pos)}`, pos);
      if (codes[++pos] !== QUOTE) {
        throw new OmError(Code.EXPECTED_QUOTE, `expected '"' to open the value of label ${goQuote(name)}, found ${found(text, pos)}`, pos);
      }
      if (knownPrefix && name === known[count]) {
        // Every name so far is the last label set's, in its order: they are distinct.
      } else {
        knownPrefix = false;
        if (isDuplicateLabel(labels, count, name)) {
          throw new OmError(Code.DUPLICATE_LABEL_NAME, `duplicate label name ${goQuote(name)}`, nameStart);
        }
      }
      const nameEnd = pos - 1;
      pos = this.scanLabelValue(pos + 1);
      if (reuse) {
        const hash = pairHash(this.quotedHash, nameEnd - nameStart, codes[nameStart], codes[nameEnd - 1]);
        this.pairHashes[count >> 1] = hash;
        this.labelsHash = (this.labelsHash + hash) | 0;
      }
      // By position, never truncated: entries past this line's labels are stale and unread.
      indexes[count >> 1] = nameStart;
      labels[count++] = name;
      labels[count++] = this.quoted;
      c = codes[pos];
      if (c === RBRACE) return this.endLabels(labels, count, reuse, pos + 1);
      if (c !== COMMA) {
        throw new OmError(Code.EXPECTED_COMMA_OR_BRACE, `expected ',' or '}' after the value of label ${goQuote(name)}, found ${found(text, pos)}`, pos);
      }
      c = codes[++pos];
    }
  }

  /** The labels `scanLabels` read last. */
  private scannedLabels: Labels = [];
  /** Label names and values the last sample with braces had. */
  private lastLabelCount = 0;

  /** Trims `labels` to the `count` entries read; returns `end`. */
  private endLabels(labels: Labels, count: number, reuse: boolean, end: number): number {
    if (count !== labels.length) labels.length = count;
    if (reuse) this.lastLabelCount = count;
    this.checkedLabels = labels;
    return end;
  }

  /** The last label set read whole: its names passed the duplicate check. */
  private checkedLabels: Labels = [];

  /**
   * Reads a label value after its opening quote; returns the index after the closing quote.
   * Runs between escapes are copied whole. Only an unknown escape (`\q`, kept literally, so
   * also spellable `\\q`) makes the text a non-canonical spelling of the value (`escaped`).
   */
  private scanLabelValue(start: number): number {
    const text = this.text;
    const codes = this.codes;
    let pos = start;
    let c: number;
    let hash = 0;
    while ((c = codes[pos]) !== QUOTE && c !== BACKSLASH && c !== LF) {
      hash = nextValueHash(hash, c);
      pos++;
    }
    if (c === QUOTE) {
      this.quoted = text.slice(start, pos);
      this.quotedHash = hash;
      return pos + 1;
    }
    return this.unescapeUntil(QUOTE, start, pos, hash) + 1;
  }

  /**
   * Unescapes `\\`, `\"` and `\n` into `quoted`, keeping any other backslash literally
   * (and noting it in `escaped`), from `start` up to the code unit `stop` (QUOTE or LF);
   * `pos` is the first backslash, and `hash` the hash of the run before it. Leaves the
   * hash of the unescaped value in `quotedHash`; returns the index of `stop`. Before a
   * closing quote, an LF is an error.
   */
  private unescapeUntil(stop: number, start: number, pos: number, hash: number): number {
    const codes = this.codes;
    let out = unescaped.begin(codes, start, pos);
    let n = pos - start;
    let c = codes[pos];
    while (c !== stop) {
      if (c === LF) {
        const value = goQuote(unescaped.toString(n));
        throw new OmError(Code.UNTERMINATED_LABEL_VALUE, `expected '"' to close the label value ${value}, found the end of the line`, pos);
      }
      if (c === BACKSLASH) {
        const e = codes[pos + 1];
        if (e === 0x6e) {
          c = LF;
          pos++;
        } else if (e === BACKSLASH || e === QUOTE) {
          c = e;
          pos++;
        } else {
          this.escaped = true; // kept literally, as is a backslash ending a HELP line
        }
      }
      if (n === out.length) out = unescaped.grow(n);
      out[n++] = c;
      hash = nextValueHash(hash, c);
      c = codes[++pos];
    }
    this.quoted = unescaped.toString(n);
    this.quotedHash = hash;
    return pos;
  }
}
