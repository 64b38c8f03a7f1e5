/**
 * One payload -> every finding: each syntax error (the parser resumes at the next line)
 * and each rule violation of the families the valid lines make. What `expofmt lint`
 * reports per file.
 *
 * The fast parser reads every line; only the lines it refuses go to the chevrotain
 * grammar, whose recovery can find more than one error in a line and gives each its
 * extent (`endColumn`). Valid input never pays for the grammar, not even its loading.
 * Delimited protobuf (`from: 'protobuf'`) is decoded with every error collected (a bad
 * message is left out, the next one read) and its families go through the same rules.
 */
import { binaryInput } from './binary-input.js';
import { type Diagnostic, type SourceText, sourceText } from './diagnostics.js';
import { type HintState, addHints } from './hints.js';
import type { MetricFamily } from './model.js';
import { type DialectOptions, chooseDialect } from './parse/dialect.js';
import { parseOpenMetrics } from './parse/openmetrics/parse.js';
import { parseText } from './parse/text/parse.js';
import { parseProtobuf } from './protobuf/parse-protobuf.js';
import type { ValidateOptions } from './validate/rule.js';
import { validate } from './validate/validate.js';

export interface LintResult {
  families: MetricFamily[];
  /** Sorted by line, then column. */
  diagnostics: Diagnostic[];
}

export interface LintOptions extends ValidateOptions, DialectOptions {
  /** `protobuf`: the input is delimited protobuf (bytes). Default: a text format, as `dialect` says. */
  from?: 'text' | 'protobuf';
}

/**
 * Every finding of a payload. Text input that is clearly binary (binary-input.ts) gives
 * one `E_BINARY_INPUT` and no families, at once. Syntax errors carry a hint where a
 * classic mistake explains them (hints.ts).
 */
export async function lint(input: string | Uint8Array, options: LintOptions = {}): Promise<LintResult> {
  if (options.from === 'protobuf') {
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    const { families, diagnostics } = parseProtobuf(bytes, { collectErrors: true });
    const disabled = new Set<string>(options.disable ?? []);
    const all = [...diagnostics.filter((d) => !disabled.has(d.code)), ...validate(families, options)];
    all.sort((a, b) => a.line - b.line || a.column - b.column);
    return { families, diagnostics: all };
  }
  const binary = binaryInput(input);
  if (binary !== undefined) return { families: [], diagnostics: [binary] };
  const openMetrics = chooseDialect(input, options) === 'openmetrics';
  const parsed = (openMetrics ? parseOpenMetrics : parseText)(input, { collectErrors: true });
  const { families } = parsed;
  const source =
    parsed.diagnostics.length === 0 ? undefined : sourceText(typeof input === 'string' ? input : new TextDecoder('utf-8', { ignoreBOM: true }).decode(input));
  const explained = source === undefined ? parsed.diagnostics : await explainSyntax(parsed.diagnostics, source, !openMetrics);
  const disabled = new Set<string>(options.disable ?? []);
  const all = [...explained.filter((d) => !disabled.has(d.code)), ...validate(families, options)];
  all.sort((a, b) => a.line - b.line || a.column - b.column);
  return { families, diagnostics: all };
}

/**
 * Syntax errors as lint words them, and as the CLI's `parse` and `fmt` show theirs: for
 * text 0.0.4 the grammar's account of each refused line, then hints for classic mistakes.
 */
export async function explainSyntax(diagnostics: readonly Diagnostic[], source: SourceText, text004 = true, state?: HintState): Promise<Diagnostic[]> {
  return addHints(text004 ? await withGrammarDetail(source, diagnostics) : diagnostics, source, state);
}

/** Replaces the fast parser's error on each refused line by the grammar's account of that line, when it has one. */
async function withGrammarDetail({ text, starts }: SourceText, diagnostics: readonly Diagnostic[]): Promise<Diagnostic[]> {
  // Loaded on demand: chevrotain costs about 0.6 s and 30 MB, which parse users never need.
  const { lintSyntax } = await import('./grammar/lint-syntax.js');
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const start = starts[d.line - 1];
    const end = starts[d.line] ?? text.length;
    // Only syntax is the grammar's: family-level errors need the lines before.
    const found = start === undefined || d.code === 'E_INVALID_UTF8' ? [] : lintSyntax(text.slice(start, end).replace(/\n?$/, '\n'));
    const sameFirst = found.length > 0 && found[0].code === d.code && found[0].column === d.column;
    if (!sameFirst) {
      out.push(d);
      continue;
    }
    for (const g of found) out.push({ ...g, line: d.line, ...(d.family !== undefined ? { family: d.family } : {}) });
  }
  return out;
}
