/**
 * `lintSyntax`, the grammar's part of `expofmt lint`: from one pass, the syntax errors of
 * every line (the first of each failing line, and any further ones past a bad escape),
 * the line-local checks of the lines that parse, and a missing final LF, each with its
 * token's range; family semantics (duplicate HELP, unknown TYPE word, ...) are not its
 * business. Also the grouping of the tree and errors by source line that `parseWithGrammar`
 * (index.ts) shares.
 *
 * lint loads this module on demand, and it must not import the family builder: what the
 * lazily loaded grammar imports lands in a chunk apart from the fast parser's, and the
 * fast scanner calls the character classes and float reader the builder imports once per
 * character or value, and imported from another chunk they made parses 4-8% slower.
 */
import type { CstNode, IToken } from 'chevrotain';
import { type Code, type Diagnostic, ParseCode, columnOf } from '../diagnostics.js';
import { LineError } from '../parse/types.js';
import { lineRecord } from './actions.js';
import { type SyntaxProblem, describeSyntaxError, elementEnd } from './messages.js';
import { parseSyntax } from './rules.js';

/** A diagnostic with the end of the offending token, for editors and lint output. */
export interface SyntaxDiagnostic extends Diagnostic {
  /** 1-based column just after the offending token, on the same line. */
  endColumn: number;
}

export function lintSyntax(text: string): SyntaxDiagnostic[] {
  const out: SyntaxDiagnostic[] = [];
  const seen = new Set<string>();
  const add = (line: Line, code: Code, message: string, start: number, end: number) => {
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

export interface Line {
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
export function linesOf(text: string): { lines: LineItems[]; tokens: IToken[] } {
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

/** Whether the only thing wrong with the line is the LF missing at the end of the input. */
export function isCompleteUntilEof(nodes: CstNode[], problem: SyntaxProblem): boolean {
  if (problem.code !== ParseCode.UNEXPECTED_EOF || nodes.length !== 1) return false;
  // The `line` node itself failed on the missing Newline; its content must be whole.
  const content = (nodes[0].children.lineContent ?? [])[0] as CstNode | undefined;
  return content !== undefined && content.recoveredNode !== true;
}

export function diagnosticAt(text: string, line: Line, code: Code, message: string, index: number, family?: string): Diagnostic {
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
