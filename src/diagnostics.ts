/**
 * The one diagnostic type of the library, the error class that carries it, and the
 * formatters the CLI prints them with.
 *
 * Codes are stable: users grep for them and turn rules off by them; codes.ts lists them
 * all. Messages keep the Go reference's wording (prometheus/common expfmt) where it has
 * one, so that a search for the text finds both.
 */
import type { Code, Severity } from './codes.js';

export type { Code, Severity };

/** A diagnostic's code: one of the registry's (codes.ts). */
export type DiagnosticCode = Code;

export interface Diagnostic {
  /** Stable code, e.g. `E_INVALID_ESCAPE`. */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** 1-based line; 0 when the finding has no place in a source (a merged page). */
  line: number;
  /** 1-based column, counted in code points. */
  column: number;
  /** The family concerned, where known. */
  family?: string;
  /** The gateway group concerned, as `{job="a",instance="x"}`, for checks across groups. */
  group?: string;
  /** What probably went wrong, for a classic mistake (CRLF line endings, a byte order mark, ...): see hints.ts. */
  hint?: string;
}

/** Codes the parsers emit. Later stages add their own. */
export const ParseCode = {
  UNEXPECTED_EOF: 'E_UNEXPECTED_EOF',
  INVALID_UTF8: 'E_INVALID_UTF8',
  INVALID_COMMENT_NAME: 'E_INVALID_COMMENT_NAME',
  INVALID_METRIC_NAME: 'E_INVALID_METRIC_NAME',
  MISSING_METRIC_NAME: 'E_MISSING_METRIC_NAME',
  MULTIPLE_METRIC_NAMES: 'E_MULTIPLE_METRIC_NAMES',
  UNEXPECTED_END_OF_NAME: 'E_UNEXPECTED_END_OF_NAME',
  UNESCAPED_NEWLINE: 'E_UNESCAPED_NEWLINE',
  INVALID_LABEL_NAME: 'E_INVALID_LABEL_NAME',
  RESERVED_LABEL_NAME: 'E_RESERVED_LABEL_NAME',
  EXPECTED_EQUALS: 'E_EXPECTED_EQUALS',
  DUPLICATE_LABEL_NAME: 'E_DUPLICATE_LABEL_NAME',
  EXPECTED_QUOTE: 'E_EXPECTED_QUOTE',
  INVALID_ESCAPE: 'E_INVALID_ESCAPE',
  UNEXPECTED_END_OF_LABEL_VALUE: 'E_UNEXPECTED_END_OF_LABEL_VALUE',
  INVALID_VALUE: 'E_INVALID_VALUE',
  INVALID_TIMESTAMP: 'E_INVALID_TIMESTAMP',
  TIMESTAMP_OUT_OF_RANGE: 'E_TIMESTAMP_OUT_OF_RANGE',
  SPURIOUS_AFTER_TIMESTAMP: 'E_SPURIOUS_AFTER_TIMESTAMP',
  DUPLICATE_HELP: 'E_DUPLICATE_HELP',
  DUPLICATE_TYPE: 'E_DUPLICATE_TYPE',
  UNKNOWN_TYPE: 'E_UNKNOWN_TYPE',
  INVALID_QUANTILE: 'E_INVALID_QUANTILE',
  MISSING_QUANTILE: 'E_MISSING_QUANTILE',
  INVALID_LE: 'E_INVALID_LE',
  MISSING_LE: 'E_MISSING_LE',
  MISPLACED_LABEL: 'E_MISPLACED_LABEL',
  HISTOGRAM_BARE_SAMPLE: 'E_HISTOGRAM_BARE_SAMPLE',
  NEGATIVE_COUNT: 'E_NEGATIVE_COUNT',
  DUPLICATE_SAMPLE: 'E_DUPLICATE_SAMPLE',
} as const satisfies Record<string, Code>;
export type ParseCode = (typeof ParseCode)[keyof typeof ParseCode];

/**
 * Marks every ParseError, whichever copy of expofmt made it: the package ships an ESM and
 * a CommonJS build, and an app that loads both (an ESM app with a CommonJS dependency)
 * has two ParseError classes. A registered symbol is the same in both.
 */
const PARSE_ERROR = Symbol.for('expofmt.ParseError');

/**
 * Thrown by `parse` on the first error unless every error is asked for. `instanceof
 * ParseError` holds for a ParseError from either build of the package (the dual-package
 * hazard); subclasses keep the ordinary check.
 */
export class ParseError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    // Same opening as the Go reference's error, so logs read alike.
    super(`text format parsing error in line ${diagnostic.line}: ${diagnostic.message}`);
    this.name = 'ParseError';
    this.diagnostic = diagnostic;
    Object.defineProperty(this, PARSE_ERROR, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class on the right of instanceof: a subclass (ProtobufParseError) keeps the ordinary check.
    // biome-ignore lint/complexity/noThisInStatic: the subclass is the point
    if (this !== ParseError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [PARSE_ERROR]?: unknown })[PARSE_ERROR] === true;
  }
}

/** `FILE:LINE:COL: message [CODE]`, the compact form compilers use. */
export function formatCompact(d: Diagnostic, file = '<input>'): string {
  const tag = d.severity === 'error' ? '' : `${d.severity}: `;
  return `${file}:${d.line}:${d.column}: ${tag}${d.message} [${d.code}]`;
}

/** A GitHub Actions workflow command, so the diagnostic shows as an annotation on the pull request. */
export function formatGithub(d: Diagnostic, file: string): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const property = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
  const message = d.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return `::${level} file=${property(file)},line=${d.line},col=${d.column},title=${d.code}::${message}`;
}

/** A source with its line starts found once, so that excerpts of many diagnostics cost what their lines hold. */
export interface SourceText {
  readonly text: string;
  /** UTF-16 index of the start of each line; `starts[0]` is 0. */
  readonly starts: readonly number[];
}

export function sourceText(text: string): SourceText {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return { text, starts };
}

/** The text of a 1-based line, without its LF, or undefined past the end. */
export function lineOf(source: SourceText, line: number): string | undefined {
  const start = source.starts[line - 1];
  if (start === undefined) return undefined;
  const next = source.starts[line];
  return source.text.slice(start, next === undefined ? source.text.length : next - 1);
}

/** An excerpt shows at most this many code points of a line, around the column. */
const EXCERPT_WIDTH = 120;

/**
 * The compact line followed by the offending source line and a caret under the column,
 * and the diagnostic's hint if it has one. `source` is the whole input, or its
 * `sourceText` (pass that when formatting many diagnostics of one input: a string is
 * indexed on every call). A long line is cut to a window around the column.
 */
export function formatPretty(d: Diagnostic, source: string | SourceText, file = '<input>'): string {
  const text = lineOf(typeof source === 'string' ? sourceText(source) : source, d.line);
  if (text === undefined) return formatCompact(d, file) + hintLine(d, '');
  const column = Math.max(1, d.column);
  // Code points from the line's start up to a window of EXCERPT_WIDTH around the column, no further.
  const points: string[] = [];
  const limit = Math.max(column + EXCERPT_WIDTH / 2, EXCERPT_WIDTH);
  let cutEnd = false;
  for (const c of text) {
    if (points.length >= limit) {
      cutEnd = true;
      break;
    }
    points.push(c);
  }
  const from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, points.length - EXCERPT_WIDTH));
  const window = points.slice(from);
  const shown = (from > 0 ? '…' : '') + window.map(visibleChar).join('') + (cutEnd ? '…' : '');
  const pad =
    (from > 0 ? ' ' : '') +
    window
      .slice(0, column - 1 - from)
      .map((c) => (c === '\t' ? '\t' : ' '.repeat(visibleChar(c).length)))
      .join('');
  const gutter = String(d.line);
  return `${formatCompact(d, file)}\n ${gutter} | ${shown}\n ${' '.repeat(gutter.length)} | ${pad}^${hintLine(d, ' '.repeat(gutter.length))}`;
}

function hintLine(d: Diagnostic, indent: string): string {
  return d.hint === undefined ? '' : `\n ${indent} = hint: ${d.hint}`;
}

// Control characters would move the caret or garble the terminal.
function visibleChar(c: string): string {
  if (c === '\r') return '\\r';
  // A byte order mark is invisible, and the cause of the error it starts.
  if (c === '\ufeff') return '\\ufeff';
  const code = c.charCodeAt(0);
  if ((code < 0x20 && c !== '\t') || (code >= 0x7f && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
  return c;
}

/** 1-based code-point column of a UTF-16 index within its line. */
export function columnOf(text: string, lineStart: number, index: number): number {
  let column = 1;
  for (let i = lineStart; i < index; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < index) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    column++;
  }
  return column;
}
