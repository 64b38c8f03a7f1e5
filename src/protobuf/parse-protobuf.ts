/**
 * Delimited protobuf -> families: the body Go clients push and promhttp serves for
 * `application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;
 * encoding=delimited`, a sequence of `MetricFamily` messages each preceded by its length
 * as a varint.
 *
 * Each message is framed with the runtime's reader, checked against the schema
 * (wire-check.ts), decoded by @bufbuild/protobuf, and turned into the model
 * (decode-family.ts). Errors carry the 1-based message index as their line. Like `parse`,
 * the first error throws (a `ProtobufParseError`, which is a `ParseError`) unless
 * `collectErrors` is set; then a bad message is left out and the next one read, until a
 * bad length prefix makes the rest unreadable. Warnings are always in `diagnostics`.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import type { Diagnostic } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import type { ParseResult } from '../parse/types.js';
import { goQuote } from '../parse/core/go-quote.js';
import { ProtobufCode, ProtobufParseError, protobufError } from './codes.js';
import { decodeFamily } from './decode-family.js';
import { type MetricFamily as MetricFamilyMessage, MetricFamilySchema } from './generated/io/prometheus/client/metrics_pb.js';
import { checkWire } from './wire-check.js';

export interface ProtobufParseOptions {
  /** Report every error, resuming at the next message where the framing allows, instead of stopping at the first. */
  collectErrors?: boolean;
  /** Refuse bodies longer than this many bytes before decoding anything (E_PROTOBUF_TOO_LARGE). Default: no limit. */
  maxBytes?: number;
}

/**
 * Fields the schema does not name are skipped, not kept: nothing downstream could use or
 * re-encode them faithfully. Each message that had some gets a W_PROTOBUF_UNKNOWN_FIELD
 * warning naming them, so the loss is never silent.
 */
const READ_OPTIONS = { readUnknownFields: false };

export function parseProtobuf(bytes: Uint8Array, options: ProtobufParseOptions = {}): ParseResult {
  const collect = options.collectErrors === true;
  const families: MetricFamily[] = [];
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => {
    if (d.severity === 'error' && !collect) throw new ProtobufParseError(d);
    diagnostics.push(d);
  };

  if (options.maxBytes !== undefined && bytes.length > options.maxBytes) {
    report(protobufError(ProtobufCode.TOO_LARGE, `the body has ${bytes.length} bytes, more than the limit of ${options.maxBytes}`, 0));
    return { families, diagnostics };
  }

  const seen = new Map<string, number>();
  const reader = new BinaryReader(bytes);
  for (let index = 1; reader.pos < bytes.length; index++) {
    const length = readLength(reader, index);
    if (typeof length !== 'number') {
      report(length);
      break;
    }
    const start = reader.pos;
    if (length > bytes.length - start) {
      report(
        protobufError(
          ProtobufCode.LENGTH,
          `the length prefix says ${length} bytes, but the body has ${bytes.length - start} left (cut off, or not delimited protobuf)`,
          index,
        ),
      );
      break;
    }
    reader.pos = start + length;
    const frame = bytes.subarray(start, start + length);
    const unknown: string[] = [];
    const problem = checkWire(frame, MetricFamilySchema, unknown);
    if (problem !== undefined) {
      report(protobufError(problem.code, problem.message, index));
      continue;
    }
    let message: MetricFamilyMessage;
    try {
      message = fromBinary(MetricFamilySchema, frame, READ_OPTIONS);
    } catch (error) {
      // The wire check leaves the runtime nothing to refuse; should it still, that is bad input too.
      report(protobufError(ProtobufCode.MALFORMED, error instanceof Error ? error.message : String(error), index));
      continue;
    }
    const decoded = decodeFamily(message, index);
    for (const d of decoded.diagnostics) report(d);
    if (unknown.length > 0) report(unknownFields(unknown, index, decoded.family?.name));
    const family = decoded.family;
    if (family === undefined) continue;
    const first = seen.get(family.name);
    if (first !== undefined) {
      report(
        protobufError(
          ProtobufCode.DUPLICATE_FAMILY,
          `metric family ${goQuote(family.name)} appears again (first in message ${first}); one push must name each family once`,
          index,
          family.name,
        ),
      );
      continue;
    }
    seen.set(family.name, index);
    families.push(family);
  }
  return { families, diagnostics };
}

function unknownFields(fields: string[], index: number, family: string | undefined): Diagnostic {
  const names = [...new Set(fields)].join(', ');
  const d: Diagnostic = {
    code: ProtobufCode.UNKNOWN_FIELD,
    severity: 'warning',
    message: `fields the schema does not name are dropped: ${names} (field numbers of io.prometheus.client messages)`,
    line: index,
    column: 1,
  };
  if (family !== undefined) d.family = family;
  return d;
}

/** The next length prefix, or the diagnostic for one that is cut off or no varint. */
function readLength(reader: BinaryReader, index: number): number | Diagnostic {
  try {
    // A uvarint of up to 64 bits, as Go's delimited reader takes it; anything past 2^53
    // is past every body anyway.
    return Number(reader.uint64());
  } catch (error) {
    if (error instanceof RangeError) return protobufError(ProtobufCode.TRUNCATED, 'the body ends inside a length prefix', index);
    return protobufError(ProtobufCode.MALFORMED, 'the length prefix is not a varint', index);
  }
}
