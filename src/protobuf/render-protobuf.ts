/**
 * Families -> delimited protobuf: each family one `MetricFamily` message (encode-family.ts)
 * preceded by its length as a varint, in stored order, as client_golang's
 * `expfmt.NewEncoder(w, FmtProtoDelim)` writes them. Neither sorts nor validates.
 *
 * `renderProtobufChunks` yields one delimited message per family, so a server can send
 * (or cache) them one by one; `renderProtobuf` is their concatenation.
 */
import { toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { Metric, MetricFamily } from '../model.js';
import { type EscapingScheme, escapeFamily } from '../name-escaping.js';
import { encodeFamily, encodeMetric } from './encode-family.js';
import { MetricFamilySchema, MetricSchema } from './generated/io/prometheus/client/metrics_pb.js';
import { METRIC_FIELD, scalarSeriesBytes, scalarSeriesTail } from './scalar-series.js';

export interface RenderProtobufOptions {
  /**
   * Names that are not legacy-valid under this scheme (src/name-escaping.ts), as Go's
   * encoder applies `EscapeMetricFamily`: `allow-utf-8` (the default) keeps them as they are.
   */
  escaping?: EscapingScheme;
}

/** The whole body. Throws, as Go does, on a family without a name. */
export function renderProtobuf(families: readonly MetricFamily[], options: RenderProtobufOptions = {}): Uint8Array {
  return concatBytes(renderProtobufChunks(families, options));
}

/** Chunks of bytes as one body. */
export function concatBytes(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const part of chunks) {
    parts.push(part);
    size += part.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One length-prefixed message per family. */
export function* renderProtobufChunks(families: readonly MetricFamily[], options: RenderProtobufOptions = {}): Generator<Uint8Array> {
  const escaping = options.escaping ?? 'allow-utf-8';
  for (const family of families) yield renderProtobufFamily(escapeFamily(family, escaping));
}

/** One family as a length-prefixed message, from its pieces (UNIT, field 5, goes before the metrics there). */
export function renderProtobufFamily(family: MetricFamily): Uint8Array {
  const pieces = familyMessage(family);
  const series = family.metrics.map((m: Metric) => pieces.series(m));
  const size = series.reduce((n, s) => n + s.length, pieces.header.length);
  return concatBytes([pieces.lengthPrefix(size), pieces.header, ...series]);
}

/**
 * One family's delimited message in pieces, for a server that keeps the bytes of the
 * series that did not change: the message's fields before its metrics, each metric's
 * field, and the length prefix for a message of `size` bytes. `lengthPrefix(n)` + header +
 * the series' pieces (n bytes in all) is `renderProtobufFamily`'s result, byte for byte:
 * the schema's writer puts the metrics (field 4) after name, help and type.
 */
export interface FamilyMessage {
  readonly header: Uint8Array;
  series(metric: Metric): Uint8Array;
  /** The end of a series' bytes after its labels, for a counter, gauge or untyped series scalar-series.ts writes. */
  readonly tail: (metric: Metric) => Uint8Array | undefined;
  /** The series' bytes start with their length: a tail replaces only one of the same length. */
  readonly tailKeepsLength: true;
  lengthPrefix(size: number): Uint8Array;
}

export function familyMessage(family: MetricFamily): FamilyMessage {
  const header = toBinary(MetricFamilySchema, encodeFamily({ ...family, metrics: [] } as MetricFamily));
  // A series is one element of the repeated `metric` field: its tag, its length, its message.
  return {
    header,
    series: (metric) =>
      scalarSeriesBytes(family.type, metric) ??
      new BinaryWriter()
        .tag(METRIC_FIELD, WireType.LengthDelimited)
        .bytes(toBinary(MetricSchema, encodeMetric(family.type, metric)))
        .finish(),
    tail: (metric) => scalarSeriesTail(family.type, metric),
    tailKeepsLength: true,
    lengthPrefix: varint,
  };
}

/** A varint, as the delimited format prefixes each message with its length. */
function varint(size: number): Uint8Array {
  const bytes: number[] = [];
  let n = size;
  while (n >= 0x80) {
    bytes.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  bytes.push(n);
  return Uint8Array.from(bytes);
}
