/** `parseProtobuf` and `renderProtobuf`, shared by `expofmt` and `expofmt/protobuf`. */
import type { MetricFamily } from './model.js';
import type { ParseResult } from './parse/types.js';
import { type ProtobufParseOptions, parseProtobuf as parseProtobufBody } from './protobuf/parse-protobuf.js';
import { type RenderProtobufOptions, renderProtobuf as renderProtobufBody } from './protobuf/render-protobuf.js';

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
