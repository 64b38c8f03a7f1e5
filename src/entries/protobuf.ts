/**
 * `expofmt/protobuf`: delimited io.prometheus.client.MetricFamily messages (what Go clients
 * push and Pushgateway serves) to and from expofmt's families. Brings the protobuf runtime.
 */
export { parseProtobuf, renderProtobuf } from '../protobuf-api.js';
export { renderProtobufChunks } from '../protobuf/render-protobuf.js';
export { ProtobufCode, ProtobufParseError } from '../protobuf/codes.js';
export { PROTOBUF_DELIMITED_CONTENT_TYPE, isProtobufContentType } from '../protobuf/media-type.js';
export type { ProtobufParseOptions } from '../protobuf/parse-protobuf.js';
