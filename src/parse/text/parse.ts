/** Whole-input parse of text format 0.0.4: a string or UTF-8 bytes in, families out. */
import { feedWhole } from '../core/feed-lines.js';
import type { ParseOptions, ParseResult } from '../types.js';
import { LineDriver } from './driver.js';

export function parseText(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const driver = new LineDriver('whole', options);
  feedWhole(input, driver);
  return { families: driver.builder.families, diagnostics: driver.diagnostics };
}
