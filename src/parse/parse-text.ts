/** Whole-input parse of text format 0.0.4: a string or UTF-8 bytes in, families out. */
import type { Diagnostic } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { decodeUtf8Parts } from './decode.js';
import { LineDriver, type ParseOptions } from './line-driver.js';

export interface ParseResult {
  /** In order of each family's first sample; a family split into runs comes out once. */
  families: MetricFamily[];
  /** Every error found, when `collectErrors` is set; otherwise empty (the first error throws). */
  diagnostics: Diagnostic[];
}

export function parseText(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const driver = new LineDriver('whole', options);
  // Bytes come in parts with an invalid sequence between each two; the lines before it are
  // parsed first, as their errors come first.
  const parts = typeof input === 'string' ? [input] : decodeUtf8Parts(input);
  let text = parts[0];
  for (let k = 1; k < parts.length; k++) {
    const lineSoFar = text.slice(driver.feed(text));
    driver.invalidUtf8(lineSoFar);
    text = lineSoFar + parts[k];
  }
  const restStart = driver.feed(text);
  driver.end(text.slice(restStart));
  return { families: driver.builder.families, diagnostics: driver.diagnostics };
}
