/**
 * expofmt's public API: parse the Prometheus exposition formats (text 0.0.4 and
 * OpenMetrics 1.0) into typed metric families, as a whole or as a stream, and write them
 * back. Small and stable on purpose: gateways embed it.
 */
import type { ProtobufParseOptions } from './protobuf/parse-protobuf.js';

// Everything of the parse-only entry (`expofmt/parse`): the parsers, their errors, the model.
export * from './entries/parse.js';
export { CODES, type Code, type CodeInfo, type Stage } from './codes.js';

export { renderText, renderTextChunks, type RenderTextOptions } from './render/render-text.js';
export { writeText, type TextSink } from './render/write-text.js';
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

export { parseProtobuf, renderProtobuf } from './protobuf-api.js';
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
