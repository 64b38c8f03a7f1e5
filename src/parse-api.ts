/**
 * `parse` and `parseStream`: the dialect chosen (options, Content-Type, a final `# EOF`),
 * then the 0.0.4 or the OpenMetrics parser. Shared by `expofmt` and `expofmt/parse`.
 */
import type { MetricFamily } from './model.js';
import { type DialectOptions, chooseDialect, chooseStreamDialect } from './parse/dialect.js';
import { parseOpenMetricsStream } from './parse/openmetrics/parse-stream.js';
import { parseOpenMetrics } from './parse/openmetrics/parse.js';
import { parseTextStream } from './parse/text/parse-stream.js';
import { parseText } from './parse/text/parse.js';
import type { ChunkSource, ParseResult, ParseOptions as TextParseOptions, StreamOptions as TextStreamOptions } from './parse/types.js';

export type ParseOptions = TextParseOptions & DialectOptions;
export type StreamOptions = TextStreamOptions & DialectOptions;

/**
 * Parses a whole exposition (a string, or UTF-8 bytes). Throws a `ParseError` on the
 * first error unless `collectErrors` is set, in which case every error is in
 * `diagnostics` and the families hold what the valid lines said. The dialect is
 * `options.dialect`, or found from `options.contentType`, or OpenMetrics when the input
 * ends with `# EOF`.
 */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  return chooseDialect(input, options) === 'openmetrics' ? parseOpenMetrics(input, options) : parseText(input, options);
}

/**
 * Parses chunks (a Node Readable, any async iterable, or a WHATWG ReadableStream of text
 * or bytes) and yields each family as soon as the next one starts. A family whose lines
 * are split by another family's is yielded once per run of lines; `parse` merges them.
 * A stream's dialect is `options.dialect`, or found from `options.contentType`; else 0.0.4.
 */
export function parseStream(source: ChunkSource, options: StreamOptions = {}): AsyncGenerator<MetricFamily> {
  return chooseStreamDialect(options) === 'openmetrics' ? parseOpenMetricsStream(source, options) : parseTextStream(source, options);
}
