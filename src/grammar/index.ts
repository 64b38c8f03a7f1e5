/**
 * The grammar-driven parser of text format 0.0.4: the executable specification the fast
 * parser (src/parse) is property-tested against, and the engine of `expofmt lint`.
 *
 * `parseWithGrammar` takes a whole input and gives what `parse` gives: families built by
 * the same FamilyBuilder, and either a ParseError on the first error or, with
 * `collectErrors`, the first error of each failing line. `lintSyntax` (lint-syntax.ts)
 * gives every syntax error of every line, with its token's range.
 *
 * Text 0.0.4 only: a payload ending in `# EOF` is still read as 0.0.4 here.
 */
import type { CstNode } from 'chevrotain';
import { type Diagnostic, ParseCode, ParseError } from '../diagnostics.js';
import { FamilyBuilder } from '../parse/text/builder.js';
import { LineError, type ParseResult } from '../parse/types.js';
import { applyLine, lineRecord } from './actions.js';
import { type Line, diagnosticAt, isCompleteUntilEof, linesOf } from './lint-syntax.js';
import type { SyntaxProblem } from './messages.js';

export { lintSyntax } from './lint-syntax.js';

export interface GrammarParseOptions {
  /** Report the first error of every failing line instead of throwing on the first. */
  collectErrors?: boolean;
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
