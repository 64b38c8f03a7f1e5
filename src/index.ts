/**
 * expofmt's public API: parse the Prometheus exposition formats (text 0.0.4 and
 * OpenMetrics 1.0) into typed metric families, as a whole or as a stream, and write them
 * back. Small and stable on purpose: gateways embed it.
 */
import type { MetricFamily } from './model.js';
import { type DialectOptions, chooseDialect, chooseStreamDialect } from './parse/dialect.js';
import { parseOpenMetricsStream } from './parse/openmetrics/parse-stream.js';
import { parseOpenMetrics } from './parse/openmetrics/parse.js';
import { parseTextStream } from './parse/text/parse-stream.js';
import { parseText } from './parse/text/parse.js';
import type { ChunkSource, ParseResult, ParseOptions as TextParseOptions, StreamOptions as TextStreamOptions } from './parse/types.js';
import { type ProtobufParseOptions, parseProtobuf as parseProtobufBody } from './protobuf/parse-protobuf.js';
import { type RenderProtobufOptions, renderProtobuf as renderProtobufBody } from './protobuf/render-protobuf.js';

export type ParseOptions = TextParseOptions & DialectOptions;
export type StreamOptions = TextStreamOptions & DialectOptions;
export type { Dialect } from './parse/dialect.js';

export type {
  Bucket,
  Exemplar,
  HistogramFamily,
  HistogramMetric,
  Labels,
  Metric,
  MetricFamily,
  MetricType,
  OpenMetricsOnlyType,
  PrometheusType,
  Quantile,
  ScalarFamily,
  ScalarMetric,
  SummaryFamily,
  SummaryMetric,
} from './model.js';
export { labelValue, labelsToObject } from './model.js';
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics.js';
export { CODES, type Code, type CodeInfo, type Stage } from './codes.js';
export { ParseError, ParseCode, formatCompact, formatPretty, formatGithub } from './diagnostics.js';
export { OpenMetricsCode } from './parse/openmetrics/codes.js';
export type { ParseResult, ChunkSource };

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

export { renderText, renderTextChunks, type RenderTextOptions } from './render/render-text.js';
export { writeText } from './render/write-text.js';
export { formatFloat, formatFloatOpenMetrics } from './render/format-float.js';
export { renderOpenMetrics, renderOpenMetricsChunks, type RenderOpenMetricsOptions } from './render/render-openmetrics.js';
// UTF-8 names under Prometheus 3's escaping schemes (prometheus/common model.EscapeName).
export {
  DEFAULT_ESCAPING,
  ESCAPING_SCHEMES,
  type EscapingScheme,
  escapeFamily,
  escapeName,
  isEscapingScheme,
  isLegacyLabelName,
  isLegacyMetricName,
  unescapeName,
} from './name-escaping.js';
export { sortFamilies } from './order.js';
export { validate, type ValidateOptions } from './validate/validate.js';
export { lint, type LintResult } from './lint.js';
export { mergeGroups, type MergeResult } from './merge/merge-groups.js';
export type { Group } from './merge/group.js';
export { GroupStore, type PushOptions, type PushResult } from './merge/group-store.js';

/**
 * Decodes a delimited protobuf body (`application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited`, what Go clients push) into
 * the same families `parse` gives. Errors are like `parse`'s, with the 1-based message
 * index as their line: the first throws (a `ParseError`) unless `collectErrors` is set.
 */
export function parseProtobuf(bytes: Uint8Array, options?: ProtobufParseOptions): ParseResult {
  return parseProtobufBody(bytes, options);
}

/**
 * Encodes families as a delimited protobuf body, one `MetricFamily` message each, in stored
 * order; `options.escaping` escapes names that are not legacy-valid (default: kept as they are).
 */
export function renderProtobuf(families: readonly MetricFamily[], options?: RenderProtobufOptions): Uint8Array {
  return renderProtobufBody(families, options);
}

export { renderProtobufChunks, type RenderProtobufOptions } from './protobuf/render-protobuf.js';
export { ProtobufCode, ProtobufParseError } from './protobuf/codes.js';
export { PROTOBUF_DELIMITED_CONTENT_TYPE, isProtobufContentType } from './protobuf/media-type.js';

// The format registry: per format its CLI name, Content-Type, recognition in a Content-Type
// or an Accept header, decoder and chunked encoder (src/formats/).
export {
  type BinaryFormat,
  type DecodeOptions,
  type Format,
  type FormatName,
  type InputName,
  type MediaRange,
  type Readable,
  type ReadableFormat,
  type TextFormat,
  FORMAT_LIST,
  formatNamed,
  formats,
  isReadable,
  inputFormatOf,
  pushFormat,
} from './formats/registry.js';
export { type Negotiation, SCRAPE_FORMATS, negotiate, negotiateFormat, negotiateScrape } from './formats/negotiate.js';
export type { ProtobufParseOptions };
