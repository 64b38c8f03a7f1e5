/**
 * The grammar-driven parser of text format 0.0.4: the executable specification the fast
 * parser (src/parse) is property-tested against, and the engine of `expofmt lint`.
 *
 * `parseWithGrammar` takes a whole input and gives what `parse` gives: families built by
 * the same FamilyBuilder, and either a ParseError on the first error or, with
 * `collectErrors`, the first error of each failing line. `lintSyntax` gives, from one
 * pass, the syntax errors of every line (the first of each failing line, and any further
 * ones past a bad escape), the line-local checks of the lines that parse, and a missing
 * final LF, each with its token's range; family semantics (duplicate HELP, unknown TYPE
 * word, ...) are not its business.
 *
 * Text 0.0.4 only: a payload ending in `# EOF` is still read as 0.0.4 here.
 */
import type { CstNode, IToken } from 'chevrotain';
import { type Diagnostic, ParseCode, ParseError, columnOf } from '../diagnostics.js';
import { FamilyBuilder } from '../parse/family-builder.js';
import type { ParseResult } from '../parse/parse-text.js';
import { LineError } from '../parse/text-scanner.js';
import { applyLine, lineRecord } from './actions.js';
import { type SyntaxProblem, describeSyntaxError, elementEnd } from './messages.js';
import { parseSyntax } from './rules.js';

export interface GrammarParseOptions {
  /** Report the first error of every failing line instead of throwing on the first. */
  collectErrors?: boolean;
}

/** A diagnostic with the end of the offending token, for editors and lint output. */
export interface SyntaxDiagnostic extends Diagnostic {
  /** 1-based column just after the offending token, on the same line. */
  endColumn: number;
}

export function parseWithGrammar(text: string, options: GrammarParseOptions = {}): ParseResult {
  const collect = options.collectErrors === true;
  const diagnostics: Diagnostic[] = [];
  const builder = new FamilyBuilder('whole');
  const report = (d: Diagnostic) => {
    if (!collect) throw new ParseError(d);
    diagnostics.push(d);
  };
  for (const { line, nodes, problems } of linesOf(text).lines) {
    if (problems.length > 0) {
      report(firstProblem(text, line, nodes, problems[0]));
      continue;
    }
    for (const node of nodes) {
      try {
        applyLine(builder, lineRecord(node), line.number);
      } catch (error) {
        if (!(error instanceof LineError)) throw error;
        report(diagnosticAt(text, line, error.code, error.message, error.index, error.family));
      }
    }
  }
  builder.finish();
  return { families: builder.families, diagnostics };
}

export function lintSyntax(text: string): SyntaxDiagnostic[] {
  const out: SyntaxDiagnostic[] = [];
  const seen = new Set<string>();
  const add = (line: Line, code: string, message: string, start: number, end: number) => {
    const key = `${start}:${code}`;
    if (seen.has(key)) return; // recovery can meet one bad token twice
    seen.add(key);
    out.push({ ...diagnosticAt(text, line, code, message, start), endColumn: columnOf(text, line.start, end) });
  };
  const { lines, tokens } = linesOf(text);
  for (const { line, nodes, problems } of lines) {
    for (const p of problems) add(line, p.code, p.message, p.start, p.end);
    if (problems.length > 0 && !(problems.length === 1 && isCompleteUntilEof(nodes, problems[0]))) continue;
    for (const node of nodes) {
      try {
        lineRecord(node);
      } catch (error) {
        if (!(error instanceof LineError)) throw error;
        add(line, error.code, error.message, error.index, elementEnd(tokens, error.index));
      }
    }
  }
  // A line cut off by the end of the input may have failed for another reason first.
  if (!/(^|\n)[ \t]*$/.test(text) && !out.some((d) => d.code === ParseCode.UNEXPECTED_EOF)) {
    const message = 'unexpected end of input stream: expected LF at the end of the last line';
    add(lineAt(lineStarts(text), text.length), ParseCode.UNEXPECTED_EOF, message, text.length, text.length);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

interface Line {
  /** 1-based. */
  number: number;
  /** Offset of its first character. */
  start: number;
}

interface LineItems {
  line: Line;
  nodes: CstNode[];
  /** Syntax errors on the line, in input order. */
  problems: SyntaxProblem[];
}

/** Parses the text and groups the `line` nodes and syntax errors by source line, in order. */
function linesOf(text: string): { lines: LineItems[]; tokens: IToken[] } {
  const { cst, errors, tokens } = parseSyntax(text);
  const starts = lineStarts(text);
  const byLine = new Map<number, LineItems>();
  const itemsAt = (offset: number): LineItems => {
    const line = lineAt(starts, offset);
    let items = byLine.get(line.number);
    if (items === undefined) byLine.set(line.number, (items = { line, nodes: [], problems: [] }));
    return items;
  };
  for (const node of (cst.children.line ?? []) as CstNode[]) {
    const offset = node.location?.startOffset ?? NaN;
    // A node with no real token came out of recovery; its line has the error already.
    if (!Number.isNaN(offset)) itemsAt(offset).nodes.push(node);
  }
  for (const error of errors) {
    const problem = describeSyntaxError(error, tokens, text);
    itemsAt(problem.start).problems.push(problem);
  }
  const lines = [...byLine.values()].sort((a, b) => a.line.number - b.line.number);
  for (const items of lines) items.problems.sort((a, b) => a.start - b.start);
  return { lines, tokens };
}

/**
 * The error `parse` reports for a failing line. On a last line without LF, an error comes
 * before the missing LF only if a reader going left to right notices it before the input
 * ends (as the Go reference does): `a 1x` ends in "unexpected end", `a{__name__="x"} 1` in
 * the reserved name, also when the grammar took the line whole.
 */
function firstProblem(text: string, line: Line, nodes: CstNode[], problem: SyntaxProblem): Diagnostic {
  const asFound = () => diagnosticAt(text, line, problem.code, problem.message, problem.start);
  if (text.endsWith('\n') || line.start <= text.lastIndexOf('\n')) return asFound();
  const eof = () => diagnosticAt(text, line, ParseCode.UNEXPECTED_EOF, 'unexpected end of input stream', text.length);
  if (isCompleteUntilEof(nodes, problem)) {
    try {
      lineRecord(nodes[0]);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      if (error.noticedAt >= text.length) return eof();
      return diagnosticAt(text, line, error.code, error.message, error.index, error.family);
    }
  }
  return problem.noticedAt >= text.length ? eof() : asFound();
}

/** Whether the only thing wrong with the line is the LF missing at the end of the input. */
function isCompleteUntilEof(nodes: CstNode[], problem: SyntaxProblem): boolean {
  if (problem.code !== ParseCode.UNEXPECTED_EOF || nodes.length !== 1) return false;
  // The `line` node itself failed on the missing Newline; its content must be whole.
  const content = (nodes[0].children.lineContent ?? [])[0] as CstNode | undefined;
  return content !== undefined && content.recoveredNode !== true;
}

function diagnosticAt(text: string, line: Line, code: string, message: string, index: number, family?: string): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message, line: line.number, column: columnOf(text, line.start, index) };
  if (family !== undefined) d.family = family;
  return d;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): Line {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { number: lo + 1, start: starts[lo] };
}
