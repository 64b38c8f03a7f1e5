/**
 * Semantic actions, kept apart from the grammar. A CST visitor takes one `line` node of
 * the tree rules.ts builds and gives the line record the fast scanner produces for the
 * same line (kind; name, flat labels, value, timestamp; HELP text or TYPE word; input
 * offsets for diagnostics), and `applyLine` feeds that record to the shared
 * FamilyBuilder, so family grouping is one implementation for both parsers.
 *
 * Unescaping and number conversion are done here in the grammar's own way, from the
 * tokens: a value token already matched Go's float syntax, so `Number` only has to convert
 * it (refusing overflow to ±Infinity, as Go does); a timestamp is read with `BigInt`.
 * The checks a context-free grammar cannot state (a label name used twice, the reserved
 * `__name__`, empty quoted names, exactly one metric name in braces) throw a LineError,
 * like the scanner's, at the offset of the element concerned.
 */
import type { CstChildrenDictionary, CstNode, IToken } from 'chevrotain';
import { ParseCode } from '../diagnostics.js';
import type { Labels } from '../model.js';
import { goQuote } from '../parse/core/go-quote.js';
import { LineError, LineKind, type LineSink, type SampleLine } from '../parse/types.js';
import { expositionParser } from './rules.js';
import { Escape, InfValue, NaNValue } from './tokens.js';

/** One line as the fast scanner reports it. */
export type LineRecord =
  | { kind: typeof LineKind.Blank }
  | { kind: typeof LineKind.MetaName; name: string; nameIndex: number }
  | { kind: typeof LineKind.Help; name: string; nameIndex: number; text: string }
  | { kind: typeof LineKind.Type; name: string; nameIndex: number; word: string; wordIndex: number }
  | { kind: typeof LineKind.Sample; sample: SampleLine };

const BLANK: LineRecord = { kind: LineKind.Blank };

/** A name and the offset where it starts (its opening quote, if quoted). */
interface Named {
  name: string;
  index: number;
}

interface LabelElement extends Named {
  /** Absent for a bare metric name in braces. */
  value?: string;
}

interface SampleValue {
  value: number;
  valueIndex: number;
  timestampMs: number | undefined;
}

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

type Ctx = CstChildrenDictionary;
const tokens = (ctx: Ctx, key: string) => (ctx[key] ?? []) as IToken[];
const nodes = (ctx: Ctx, key: string) => (ctx[key] ?? []) as CstNode[];

/** All tokens under the given keys, in input order (the CST groups children by key). */
function inOrder(ctx: Ctx, ...keys: string[]): IToken[] {
  return keys.flatMap((key) => tokens(ctx, key)).sort((a, b) => a.startOffset - b.startOffset);
}

function unescapeParts(parts: IToken[]): string {
  let out = '';
  for (const t of parts) out += t.tokenType === Escape ? (t.image[1] === 'n' ? '\n' : t.image[1]) : t.image;
  return out;
}

const BaseVisitor = expositionParser().getBaseCstVisitorConstructor<undefined, unknown>();

class LineVisitor extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  private sub<T>(node: CstNode): T {
    return this.visit(node) as T;
  }

  exposition(): never {
    throw new Error('lines are visited one at a time');
  }

  line(ctx: Ctx): LineRecord {
    const content = nodes(ctx, 'lineContent')[0];
    return content ? this.sub<LineRecord>(content) : BLANK;
  }

  lineContent(ctx: Ctx): LineRecord {
    const other = nodes(ctx, 'comment')[0] ?? nodes(ctx, 'invalidLine')[0];
    if (other) return this.sub<LineRecord>(other);
    const sample = nodes(ctx, 'sample')[0] ?? nodes(ctx, 'namelessSample')[0];
    return { kind: LineKind.Sample, sample: this.sub<SampleLine>(sample) };
  }

  // Never visited: the error production always comes with its error, and errored lines are skipped.
  invalidLine(): LineRecord {
    return BLANK;
  }

  comment(ctx: Ctx): LineRecord {
    const meta = nodes(ctx, 'helpLine')[0] ?? nodes(ctx, 'typeLine')[0];
    return meta ? this.sub<LineRecord>(meta) : BLANK;
  }

  helpLine(ctx: Ctx): LineRecord {
    return this.metaLine(ctx, 'helpText');
  }

  typeLine(ctx: Ctx): LineRecord {
    return this.metaLine(ctx, 'typeText');
  }

  // `# HELP` alone and `# HELP name` are ignored (as by the Go reference); `# HELP name `
  // with trailing blanks still names the family. An empty quoted name fails either way.
  private metaLine(ctx: Ctx, textRule: 'helpText' | 'typeText'): LineRecord {
    const nameNode = nodes(ctx, 'metaName')[0];
    if (nameNode === undefined) return BLANK;
    const { name, index } = this.sub<Named>(nameNode);
    if (tokens(ctx, 'TextSeparator').length === 0) return BLANK;
    const textNode = nodes(ctx, textRule)[0];
    if (textNode === undefined) return { kind: LineKind.MetaName, name, nameIndex: index };
    if (textRule === 'helpText') return { kind: LineKind.Help, name, nameIndex: index, text: this.sub<string>(textNode) };
    const { word, wordIndex } = this.sub<{ word: string; wordIndex: number }>(textNode);
    return { kind: LineKind.Type, name, nameIndex: index, word, wordIndex };
  }

  metaName(ctx: Ctx): Named {
    const legacy = tokens(ctx, 'MetricName')[0];
    if (legacy) return { name: legacy.image, index: legacy.startOffset };
    return nonEmptyMetricName(this.sub<Named>(nodes(ctx, 'quotedString')[0]));
  }

  helpText(ctx: Ctx): string {
    return unescapeParts(inOrder(ctx, 'TextChars', 'Escape'));
  }

  /** The TYPE word raw, with its offset; whether it names a type is the builder's call. */
  typeText(ctx: Ctx): { word: string; wordIndex: number } {
    const parts = inOrder(ctx, 'TextChars', 'Escape', 'BadEscape');
    return { word: parts.map((t) => t.image).join(''), wordIndex: parts[0].startOffset };
  }

  sample(ctx: Ctx): SampleLine {
    const name = this.sub<Named>(nodes(ctx, 'sampleName')[0]);
    const labelSet = nodes(ctx, 'labelSet')[0];
    const pairs = labelSet ? this.sub<LabelElement[]>(labelSet) : [];
    const [labels, labelIndexes] = checkedLabels(pairs, name.name);
    return { name: name.name, nameIndex: name.index, labels, labelIndexes, ...this.sub<SampleValue>(nodes(ctx, 'sampleValue')[0]) };
  }

  sampleName(ctx: Ctx): Named {
    const legacy = tokens(ctx, 'LineMetricName')[0];
    if (legacy) return { name: legacy.image, index: legacy.startOffset };
    return nonEmptyMetricName(this.sub<Named>(nodes(ctx, 'quotedName')[0]));
  }

  labelSet(ctx: Ctx): LabelElement[] {
    return nodes(ctx, 'labelPair').map((pair) => this.sub<LabelElement>(pair));
  }

  labelPair(ctx: Ctx): LabelElement {
    const name = this.sub<Named>(nodes(ctx, 'labelName')[0]);
    return { ...name, value: this.sub<Named>(nodes(ctx, 'quotedString')[0]).name };
  }

  namelessSample(ctx: Ctx): SampleLine {
    const elements = nodes(ctx, 'labelElement').map((e) => this.sub<LabelElement>(e));
    const brace = tokens(ctx, 'LineLBrace')[0];
    let name: Named | undefined;
    const pairs: LabelElement[] = [];
    const seen = new Set<string>();
    // Left to right, as the scanner checks them, so the first error is the same one.
    for (const element of elements) {
      if (element.value !== undefined) {
        checkLabel(element, seen, name?.name ?? '');
        pairs.push(element);
        continue;
      }
      if (name !== undefined) {
        throw new LineError(ParseCode.MULTIPLE_METRIC_NAMES, `multiple metric names for metric ${goQuote(name.name)}`, element.index);
      }
      name = nonEmptyMetricName(element);
    }
    if (name === undefined) throw new LineError(ParseCode.MISSING_METRIC_NAME, 'invalid metric name', brace.startOffset);
    const [labels, labelIndexes] = checkedLabels(pairs, name.name, false);
    return { name: name.name, nameIndex: name.index, labels, labelIndexes, ...this.sub<SampleValue>(nodes(ctx, 'sampleValue')[0]) };
  }

  labelElement(ctx: Ctx): LabelElement {
    const name = this.sub<Named>(nodes(ctx, 'labelName')[0]);
    const value = nodes(ctx, 'quotedString')[0];
    return value ? { ...name, value: this.sub<Named>(value).name } : name;
  }

  labelName(ctx: Ctx): Named {
    const legacy = tokens(ctx, 'LabelName')[0];
    if (legacy) return { name: legacy.image, index: legacy.startOffset };
    return this.sub<Named>(nodes(ctx, 'quotedString')[0]);
  }

  sampleValue(ctx: Ctx): SampleValue {
    const valueToken = tokens(ctx, 'Value')[0];
    const timestamp = tokens(ctx, 'Timestamp')[0];
    return {
      value: floatValue(valueToken),
      valueIndex: valueToken.startOffset,
      timestampMs: timestamp ? timestampMs(timestamp) : undefined,
    };
  }

  quotedName(ctx: Ctx): Named {
    return { name: this.sub<string>(nodes(ctx, 'stringContent')[0]), index: tokens(ctx, 'LineQuote')[0].startOffset };
  }

  quotedString(ctx: Ctx): Named {
    return { name: this.sub<string>(nodes(ctx, 'stringContent')[0]), index: tokens(ctx, 'OpenQuote')[0].startOffset };
  }

  stringContent(ctx: Ctx): string {
    return unescapeParts(inOrder(ctx, 'StringChars', 'Escape'));
  }
}

function nonEmptyMetricName(named: Named): Named {
  // `""` is known to be empty once its closing quote is read.
  if (named.name === '') {
    throw new LineError(ParseCode.INVALID_METRIC_NAME, 'invalid metric name ""', named.index, undefined, named.index + 2);
  }
  return named;
}

/** The scanner's per-pair checks; `seen` holds the names of the pairs before this one, and gets this one's. */
function checkLabel(pair: LabelElement, seen: Set<string>, metric: string): void {
  if (pair.name === '__name__') throw new LineError(ParseCode.RESERVED_LABEL_NAME, 'label name "__name__" is reserved', pair.index);
  if (pair.name === '') throw new LineError(ParseCode.INVALID_LABEL_NAME, 'invalid label name ""', pair.index);
  if (seen.has(pair.name)) {
    throw new LineError(ParseCode.DUPLICATE_LABEL_NAME, `duplicate label names for metric ${goQuote(metric)}`, pair.index);
  }
  seen.add(pair.name);
}

/** Flat labels and their offsets, checking each pair first unless that was done already. */
function checkedLabels(pairs: readonly LabelElement[], metric: string, check = true): [Labels, number[]] {
  const labels: Labels = [];
  const indexes: number[] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (check) checkLabel(pair, seen, metric);
    labels.push(pair.name, pair.value ?? '');
    indexes.push(pair.index);
  }
  return [labels, indexes];
}

// A number's range is known once the whole token is read.
const tokenEnd = (token: IToken) => token.startOffset + token.image.length;

/** The token already matched Go's float syntax; only the conversion is left. */
function floatValue(token: IToken): number {
  if (token.tokenType === InfValue) return token.image.startsWith('-') ? -Infinity : Infinity;
  if (token.tokenType === NaNValue) return NaN;
  const value = Number(token.image);
  // Go's ParseFloat fails on overflow where Number gives ±Infinity; underflow is 0 in both.
  if (!Number.isFinite(value)) {
    throw new LineError(
      ParseCode.INVALID_VALUE,
      `expected float as value, got ${goQuote(token.image)} (value out of range)`,
      token.startOffset,
      undefined,
      tokenEnd(token),
    );
  }
  return value;
}

/** An int64 (Go's ParseInt), kept only when a double holds it exactly. */
function timestampMs(token: IToken): number {
  const ms = BigInt(token.image);
  if (ms > MAX_INT64 || ms < MIN_INT64) {
    throw new LineError(
      ParseCode.INVALID_TIMESTAMP,
      `expected integer as timestamp, got ${goQuote(token.image)} (out of int64 range)`,
      token.startOffset,
      undefined,
      tokenEnd(token),
    );
  }
  if (ms > MAX_SAFE || ms < -MAX_SAFE) {
    throw new LineError(
      ParseCode.TIMESTAMP_OUT_OF_RANGE,
      `timestamp ${goQuote(token.image)} is beyond ±(2^53-1) ms, which a JavaScript number cannot hold exactly`,
      token.startOffset,
      undefined,
      tokenEnd(token),
    );
  }
  return Number(ms);
}

const visitor = new LineVisitor();

/** The record of one `line` node; throws a LineError when a line-local check fails. */
export function lineRecord(line: CstNode): LineRecord {
  return visitor.visit(line) as LineRecord;
}

/** Feeds one line to the builder, as the fast parser's line driver does. */
export function applyLine(builder: LineSink, record: LineRecord, line: number): void {
  switch (record.kind) {
    case LineKind.Sample:
      builder.sample(record.sample, line);
      break;
    case LineKind.Help:
      builder.help(record.name, record.text, line, record.nameIndex);
      break;
    case LineKind.Type:
      builder.type(record.name, record.word, line, record.wordIndex, record.nameIndex);
      break;
    case LineKind.MetaName:
      builder.touch(record.name, line);
      break;
  }
}
