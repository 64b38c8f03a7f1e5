/**
 * Whole-input parse of OpenMetrics 1.0 text: a string or UTF-8 bytes in, families out,
 * with every syntax and semantic rule of the format checked (docs/format-rules.md §10; the
 * 211 cases of the OpenMetrics conformance suite).
 *
 * Same contract as `parseText`: the first error throws a `ParseError` unless
 * `collectErrors` is set, in which case every error is in `diagnostics` (codes `E_OM_*`)
 * and the families hold what the valid lines said. What differs from 0.0.4 in the model:
 *
 * - timestamps are float seconds in `timestampSeconds` (never rounded to `timestampMs`);
 * - counter and info families are named after their samples (`x_total`, `x_info`);
 * - each MetricPoint is one metric: a label set exposed at two timestamps is two metrics;
 * - `_created`, exemplars and `# UNIT` fill `created`, `exemplar` and `unit`; an empty
 *   HELP or UNIT counts as absent, as the spec says;
 * - a sample that repeats one already in its point is dropped (the reference keeps the first).
 */
import { feedWhole } from '../core/feed-lines.js';
import type { ParseOptions, ParseResult } from '../types.js';
import { OpenMetricsDriver } from './driver.js';

export function parseOpenMetrics(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const driver = new OpenMetricsDriver('whole', options);
  feedWhole(input, driver);
  return { families: driver.builder.families, diagnostics: driver.diagnostics };
}
