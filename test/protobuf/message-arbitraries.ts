/**
 * fast-check generators of `io.prometheus.client.MetricFamily` messages, for the law
 * protobuf -> model -> protobuf. They make every message the decoder calls valid, with
 * every field of today's schema (native histograms with integer and float counts, classic
 * buckets beside them, created timestamps, exemplars, UNIT), optional fields set or not,
 * and fields the schema does not name (`$unknown`, which toBinary writes) at every level.
 *
 * What "valid" means here is what the decoder accepts and the model holds:
 * - a name; label names not empty, not `__name__`, not repeated, no `le` on a histogram
 *   and no `quantile` on a summary; no NaN quantile or bucket bound; no negative count;
 * - each metric carries the one value its family's type names, with the fields writers
 *   always set (a label's name and value, a counter's value, a bucket's bound and count,
 *   a span's offset and length) set;
 * - a histogram's counts are all integer (uint64 fields, deltas) or all float (the
 *   `*_float` fields, absolute counts), never a mix;
 * - uint64 and int64 numbers below 2^53 (the model's numbers hold those exactly);
 *   timestamps within google.protobuf.Timestamp's range (years 1 to 9999).
 */
import { create } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import { type Timestamp, TimestampSchema } from '@bufbuild/protobuf/wkt';
import fc from 'fast-check';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';

type Unknown = NonNullable<pb.MetricFamily['$unknown']>[number];

/** Fields numbered past every field of the schema, with any wire type's payload. */
const unknownField: fc.Arbitrary<Unknown> = fc.oneof(
  fc.record({ no: fc.integer({ min: 100, max: 5000 }), wireType: fc.constant(WireType.Varint), data: fc.constant(Uint8Array.of(0x96, 0x01)) }),
  fc.record({
    no: fc.integer({ min: 100, max: 5000 }),
    wireType: fc.constant(WireType.LengthDelimited),
    data: fc.uint8Array({ maxLength: 6 }).map((b) => Uint8Array.of(b.length, ...b)),
  }),
  fc.record({ no: fc.integer({ min: 100, max: 5000 }), wireType: fc.constant(WireType.Bit64), data: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
);
const unknowns = fc.option(fc.array(unknownField, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 6 });

/** Sets `$unknown` on a message (create() takes no unknown fields). */
function withUnknown<T extends { $unknown?: Unknown[] }>(message: T, fields: Unknown[] | undefined): T {
  if (fields !== undefined) message.$unknown = fields;
  return message;
}

const text = fc.string({ maxLength: 8, unit: 'grapheme' });
const safeUint = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map(BigInt);
const safeInt = fc.maxSafeInteger().map(BigInt);
const double = fc.double();
const notNaN = fc.double({ noNaN: true });
const nonNegative = fc.oneof(fc.double({ min: 0, noNaN: true }), fc.integer({ min: 0, max: 1000 }));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** A Timestamp in the well-known type's range, nanos included. */
const timestamp: fc.Arbitrary<Timestamp> = fc
  .record({ seconds: fc.integer({ min: -62135596800, max: 253402300799 }), nanos: fc.integer({ min: 0, max: 999_999_999 }) })
  .map(({ seconds, nanos }) => create(TimestampSchema, { seconds: BigInt(seconds), nanos }));

const labelPair = (name: fc.Arbitrary<string>) =>
  fc.tuple(name, text, unknowns).map(([n, value, u]) => withUnknown(create(pb.LabelPairSchema, { name: n, value }), u));

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,5}$/).filter((n) => n !== '__name__');

function labels(forbidden: string): fc.Arbitrary<pb.LabelPair[]> {
  return fc
    .uniqueArray(
      labelName.filter((n) => n !== forbidden),
      { maxLength: 3 },
    )
    .chain((names) => fc.tuple(...names.map((n) => labelPair(fc.constant(n)))));
}

const exemplar: fc.Arbitrary<pb.Exemplar> = fc
  .record({ label: fc.array(labelPair(text), { maxLength: 2 }), value: double, timestamp: opt(timestamp), u: unknowns })
  .map(({ label, value, timestamp: t, u }) => {
    const e = create(pb.ExemplarSchema, { label, value });
    if (t !== undefined) e.timestamp = t;
    return withUnknown(e, u);
  });

const span = fc
  .record({ offset: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), length: fc.integer({ min: 0, max: 2 ** 32 - 1 }), u: unknowns })
  .map(({ offset, length, u }) => withUnknown(create(pb.BucketSpanSchema, { offset, length }), u));

const spans = fc.array(span, { maxLength: 3 });

/** A histogram, integer or float, classic and native parts each present or not. */
const histogram: fc.Arbitrary<pb.Histogram> = fc.boolean().chain((float) => {
  const count: fc.Arbitrary<number | bigint> = float ? nonNegative : safeUint;
  const bucketValue: fc.Arbitrary<number | bigint> = float ? double : safeInt;
  return fc
    .record({
      count: opt(count),
      sum: opt(double),
      buckets: fc.array(fc.record({ le: notNaN, count, exemplar: opt(exemplar), u: unknowns }), { maxLength: 3 }),
      created: opt(timestamp),
      schema: opt(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
      zeroThreshold: opt(double),
      zeroCount: opt(count),
      negativeSpan: spans,
      positiveSpan: spans,
      negative: fc.array(bucketValue, { maxLength: 4 }),
      positive: fc.array(bucketValue, { maxLength: 4 }),
      exemplars: fc.array(exemplar, { maxLength: 2 }),
      u: unknowns,
    })
    .map((r) => {
      const h = create(pb.HistogramSchema, {
        bucket: r.buckets.map((b) => {
          const bucket = create(pb.BucketSchema, { upperBound: b.le });
          if (float) bucket.cumulativeCountFloat = b.count as number;
          else bucket.cumulativeCount = b.count as bigint;
          if (b.exemplar !== undefined) bucket.exemplar = b.exemplar;
          return withUnknown(bucket, b.u);
        }),
        negativeSpan: r.negativeSpan,
        positiveSpan: r.positiveSpan,
        exemplars: r.exemplars,
      });
      if (r.count !== undefined) {
        if (float) h.sampleCountFloat = r.count as number;
        else h.sampleCount = r.count as bigint;
      }
      if (r.zeroCount !== undefined) {
        if (float) h.zeroCountFloat = r.zeroCount as number;
        else h.zeroCount = r.zeroCount as bigint;
      }
      if (float) {
        h.negativeCount = r.negative as number[];
        h.positiveCount = r.positive as number[];
      } else {
        h.negativeDelta = r.negative as bigint[];
        h.positiveDelta = r.positive as bigint[];
      }
      if (r.sum !== undefined) h.sampleSum = r.sum;
      if (r.created !== undefined) h.createdTimestamp = r.created;
      if (r.schema !== undefined) h.schema = r.schema;
      if (r.zeroThreshold !== undefined) h.zeroThreshold = r.zeroThreshold;
      return withUnknown(h, r.u);
    });
});

const summary: fc.Arbitrary<pb.Summary> = fc
  .record({
    count: opt(safeUint),
    sum: opt(double),
    quantiles: fc.array(fc.record({ quantile: notNaN, value: double }), { maxLength: 3 }),
    created: opt(timestamp),
    u: unknowns,
  })
  .map((r) => {
    const s = create(pb.SummarySchema, { quantile: r.quantiles.map((q) => create(pb.QuantileSchema, q)) });
    if (r.count !== undefined) s.sampleCount = r.count;
    if (r.sum !== undefined) s.sampleSum = r.sum;
    if (r.created !== undefined) s.createdTimestamp = r.created;
    return withUnknown(s, r.u);
  });

const counter: fc.Arbitrary<pb.Counter> = fc.record({ value: double, exemplar: opt(exemplar), created: opt(timestamp), u: unknowns }).map((r) => {
  const c = create(pb.CounterSchema, { value: r.value });
  if (r.exemplar !== undefined) c.exemplar = r.exemplar;
  if (r.created !== undefined) c.createdTimestamp = r.created;
  return withUnknown(c, r.u);
});

function metric(type: pb.MetricType): fc.Arbitrary<pb.Metric> {
  const forbidden = type === pb.MetricType.SUMMARY ? 'quantile' : type === pb.MetricType.HISTOGRAM || type === pb.MetricType.GAUGE_HISTOGRAM ? 'le' : '';
  const value: fc.Arbitrary<Partial<pb.Metric>> =
    type === pb.MetricType.COUNTER
      ? counter.map((c) => ({ counter: c }))
      : type === pb.MetricType.SUMMARY
        ? summary.map((s) => ({ summary: s }))
        : type === pb.MetricType.HISTOGRAM || type === pb.MetricType.GAUGE_HISTOGRAM
          ? histogram.map((h) => ({ histogram: h }))
          : type === pb.MetricType.GAUGE
            ? double.map((v) => ({ gauge: create(pb.GaugeSchema, { value: v }) }))
            : double.map((v) => ({ untyped: create(pb.UntypedSchema, { value: v }) }));
  return fc.record({ label: labels(forbidden), value, timestampMs: opt(safeInt), u: unknowns }).map((r) => {
    const m = create(pb.MetricSchema, { label: r.label });
    Object.assign(m, r.value);
    if (r.timestampMs !== undefined) m.timestampMs = r.timestampMs;
    return withUnknown(m, r.u);
  });
}

const TYPES = [
  pb.MetricType.COUNTER,
  pb.MetricType.GAUGE,
  pb.MetricType.SUMMARY,
  pb.MetricType.UNTYPED,
  pb.MetricType.HISTOGRAM,
  pb.MetricType.GAUGE_HISTOGRAM,
];

/** One valid MetricFamily message, unknown fields included. */
export const familyMessage: fc.Arbitrary<pb.MetricFamily> = fc.constantFrom(...TYPES).chain((type) =>
  fc
    .record({
      name: fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }),
      help: opt(text),
      unit: opt(text),
      metric: fc.array(metric(type), { maxLength: 3 }),
      u: unknowns,
    })
    .map((r) => {
      const f = create(pb.MetricFamilySchema, { name: r.name, type, metric: r.metric });
      if (r.help !== undefined) f.help = r.help;
      if (r.unit !== undefined) f.unit = r.unit;
      return withUnknown(f, r.u);
    }),
);

/** Whether a message or any message inside it has unknown fields. */
export function hasUnknown(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasUnknown);
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.$unknown) && record.$unknown.length > 0) return true;
  return Object.entries(record).some(([k, v]) => k !== '$unknown' && hasUnknown(v));
}
