/** Whole-input parse of text format 0.0.4: a string or UTF-8 bytes in, families out. */
import type { Diagnostic } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { feedWhole } from './feed-lines.js';
import { LineDriver, type ParseOptions } from './line-driver.js';

export interface ParseResult {
  /** In order of each family's first sample; a family split into runs comes out once. */
  families: MetricFamily[];
  /** Every error found, when `collectErrors` is set; otherwise empty (the first error throws). */
  diagnostics: Diagnostic[];
}

export function parseText(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const driver = new LineDriver('whole', options);
  feedWhole(input, driver);
  return { families: driver.builder.families, diagnostics: driver.diagnostics };
}
