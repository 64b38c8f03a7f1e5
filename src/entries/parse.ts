/**
 * `expofmt/parse`: the text parsers alone (0.0.4 and OpenMetrics, whole or streamed), their
 * errors and the model's helpers. Nothing of protobuf, the renderers, the rules or the
 * gateway: a parse-only bundle pays only for the parser (bench/bundle-size.mjs measures it).
 */
export { parse, parseStream, type ParseOptions, type StreamOptions } from '../parse-api.js';
export type { Dialect } from '../parse/dialect.js';
export type { ChunkSource, ParseResult } from '../parse/types.js';
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
} from '../model.js';
export { labelValue, labelsFromObject, labelsToObject } from '../model.js';
export type { Diagnostic, DiagnosticCode, Severity } from '../diagnostics.js';
export { ParseError, ParseCode, formatCompact, formatPretty, formatGithub } from '../diagnostics.js';
export { OpenMetricsCode } from '../parse/openmetrics/codes.js';
