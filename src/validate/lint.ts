/**
 * One payload -> every finding: each syntax error (the parser resumes at the next line)
 * and each rule violation of the families the valid lines make. What `expofmt lint`
 * reports per file.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { type DialectOptions, chooseDialect } from '../parse/dialect.js';
import { parseOpenMetrics } from '../parse/parse-openmetrics.js';
import { parseText } from '../parse/parse-text.js';
import type { ValidateOptions } from './rule.js';
import { validate } from './validate.js';

export interface LintResult {
  families: MetricFamily[];
  /** Sorted by line, then column. */
  diagnostics: Diagnostic[];
}

export function lint(input: string | Uint8Array, options: ValidateOptions & DialectOptions = {}): LintResult {
  const parser = chooseDialect(input, options) === 'openmetrics' ? parseOpenMetrics : parseText;
  const { families, diagnostics } = parser(input, { collectErrors: true });
  const disabled = new Set(options.disable ?? []);
  const all = [...diagnostics.filter((d) => !disabled.has(d.code)), ...validate(families, options)];
  all.sort((a, b) => a.line - b.line || a.column - b.column);
  return { families, diagnostics: all };
}
