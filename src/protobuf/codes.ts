/**
 * The diagnostic codes of the protobuf decoder and the error it throws.
 *
 * A protobuf body has no lines, so a diagnostic's `line` is the 1-based index of the
 * delimited message it concerns (0 for the body as a whole) and its `column` is 1. Problems the text parser also
 * reports (a duplicate label name, a NaN `le`) keep the text parser's code, so that a rule
 * is turned off or grepped for once whatever the format was.
 */
import { type Code, type Diagnostic, ParseError } from '../diagnostics.js';

export const ProtobufCode = {
  /** The body is larger than `maxBytes`; nothing was decoded. */
  TOO_LARGE: 'E_PROTOBUF_TOO_LARGE',
  /** A message's length prefix says more bytes than the body has left. */
  LENGTH: 'E_PROTOBUF_LENGTH',
  /** The body ends inside a length prefix, or a field runs past the end of its message. */
  TRUNCATED: 'E_PROTOBUF_TRUNCATED',
  /** A field of the schema arrives with another wire type than the schema gives it. */
  WIRE_TYPE: 'E_PROTOBUF_WIRE_TYPE',
  /** Bytes that are no protobuf: an overlong varint, wire type 6 or 7, field number 0, a stray end-group. */
  MALFORMED: 'E_PROTOBUF_MALFORMED',
  /** A string field (a name, help, label) is not valid UTF-8. */
  INVALID_UTF8: 'E_PROTOBUF_INVALID_UTF8',
  /** A MetricFamily without a name, or with an empty one. */
  MISSING_NAME: 'E_PROTOBUF_MISSING_NAME',
  /** A second MetricFamily of the same name in one body (Pushgateway keeps the last one silently). */
  DUPLICATE_FAMILY: 'E_PROTOBUF_DUPLICATE_FAMILY',
  /** A MetricType number the schema does not define. */
  UNKNOWN_TYPE: 'E_PROTOBUF_UNKNOWN_TYPE',
  /** A metric without the value its family's type needs (a counter family's metric with no `counter`). */
  TYPE_MISMATCH: 'E_PROTOBUF_TYPE_MISMATCH',
  /** A uint64 or int64 count or delta beyond 2^53, kept as the nearest double. */
  INEXACT_INTEGER: 'W_PROTOBUF_INEXACT_INTEGER',
  /** Fields the schema does not name (a newer client's) were skipped. */
  UNKNOWN_FIELD: 'W_PROTOBUF_UNKNOWN_FIELD',
} as const satisfies Record<string, Code>;
export type ProtobufCode = (typeof ProtobufCode)[keyof typeof ProtobufCode];

/** Thrown by `parseProtobuf` on the first error unless every error is asked for. */
export class ProtobufParseError extends ParseError {
  constructor(diagnostic: Diagnostic) {
    super(diagnostic);
    this.name = 'ProtobufParseError';
    // ParseError words its message for text lines; a protobuf body counts messages.
    const where = diagnostic.line > 0 ? ` in message ${diagnostic.line}` : '';
    this.message = `protobuf parsing error${where}: ${diagnostic.message}`;
  }
}

/** An error diagnostic at message `index` (1-based; 0 for the body as a whole). */
export function protobufError(code: Code, message: string, index: number, family?: string): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message, line: index, column: 1 };
  if (family !== undefined) d.family = family;
  return d;
}
