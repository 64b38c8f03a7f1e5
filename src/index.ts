/**
 * expofmt's public API: parse the Prometheus text exposition format into typed metric
 * families, as a whole or as a stream. Small and stable on purpose: gateways embed it.
 */
import type { MetricFamily } from './model.js';
import { type ChunkSource, type StreamOptions, parseTextStream } from './parse/parse-stream.js';
import { type ParseResult, parseText } from './parse/parse-text.js';
import type { ParseOptions } from './parse/line-driver.js';

export type * from './model.js';
export { labelValue, labelsToObject } from './model.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export { ParseError, ParseCode, formatCompact, formatPretty } from './diagnostics.js';
export type { ParseOptions, ParseResult, StreamOptions, ChunkSource };

/**
 * Parses a whole exposition (a string, or UTF-8 bytes). Throws a `ParseError` on the
 * first error unless `collectErrors` is set, in which case every error is in
 * `diagnostics` and the families hold what the valid lines said.
 */
export function parse(input: string | Uint8Array, options?: ParseOptions): ParseResult {
  return parseText(input, options);
}

/**
 * Parses chunks (a Node Readable, any async iterable, or a WHATWG ReadableStream of text
 * or bytes) and yields each family as soon as the next one starts. A family whose lines
 * are split by another family's is yielded once per run of lines; `parse` merges them.
 */
export function parseStream(source: ChunkSource, options?: StreamOptions): AsyncGenerator<MetricFamily> {
  return parseTextStream(source, options);
}

export { renderText, renderTextChunks, type RenderTextOptions } from './render/render-text.js';
export { writeText } from './render/write-text.js';
export { formatFloat, formatFloatOpenMetrics } from './render/format-float.js';
