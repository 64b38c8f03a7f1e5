/**
 * One decoded `io.prometheus.client.MetricFamily` message -> one model family, with the
 * checks the text parser makes on the same data: a name, label names that are not empty,
 * reserved or repeated, no `quantile` label on a summary nor `le` on a histogram, no NaN
 * bound, no negative histogram count, timestamps within the model's range. Plus the one
 * protobuf adds: each metric must carry the value its family's type names (Go's registry
 * refuses "collected metric ... is not a counter" the same way).
 *
 * A metric with an error is left out; a family without a name is no family. Positions are
 * the message index.
 *
 * Everything else the schema carries is kept, so that encoding the family gives the same
 * message back (encode-family.ts): UNIT, created timestamps, exemplars, and a histogram's
 * native buckets as sent (spans with deltas or counts, schema, zero bucket). Counts are
 * JavaScript numbers, exact below 2^53: a family with one beyond gets a warning
 * (W_PROTOBUF_INEXACT_INTEGER) rather than a silent rounding.
 */
import { isFieldSet } from '@bufbuild/protobuf';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { type Code, type Diagnostic, ParseCode } from '../diagnostics.js';
import type { Bucket, BucketSpan, Exemplar, HistogramMetric, Instant, Labels, Metric, MetricFamily, Quantile, ScalarMetric, SummaryMetric } from '../model.js';
import { goQuote } from '../parse/core/go-quote.js';
import { ProtobufCode, protobufError } from './codes.js';
import { decodeCount, fitsUint64 } from './counts.js';
import * as pb from './generated/io/prometheus/client/metrics_pb.js';
import { secondsFromTimestamp, timestampFromSeconds } from './timestamp.js';

export interface DecodedFamily {
  /** Undefined when the message names no family. */
  family: MetricFamily | undefined;
  /** Errors (each the reason a metric or the family was left out) and warnings. */
  diagnostics: Diagnostic[];
}

const TYPES: Record<pb.MetricType, MetricFamily['type']> = {
  [pb.MetricType.COUNTER]: 'counter',
  [pb.MetricType.GAUGE]: 'gauge',
  [pb.MetricType.SUMMARY]: 'summary',
  [pb.MetricType.UNTYPED]: 'untyped',
  [pb.MetricType.HISTOGRAM]: 'histogram',
  [pb.MetricType.GAUGE_HISTOGRAM]: 'gaugehistogram',
};

/** Descriptors of the optional fields read with their presence: proto2 tells an unset field from a zero. */
const FIELD = {
  help: pb.MetricFamilySchema.field.help,
  unit: pb.MetricFamilySchema.field.unit,
  timestampMs: pb.MetricSchema.field.timestampMs,
  summaryCount: pb.SummarySchema.field.sampleCount,
  summarySum: pb.SummarySchema.field.sampleSum,
  histogramCount: pb.HistogramSchema.field.sampleCount,
  histogramCountFloat: pb.HistogramSchema.field.sampleCountFloat,
  histogramSum: pb.HistogramSchema.field.sampleSum,
  schema: pb.HistogramSchema.field.schema,
  zeroThreshold: pb.HistogramSchema.field.zeroThreshold,
  zeroCount: pb.HistogramSchema.field.zeroCount,
  zeroCountFloat: pb.HistogramSchema.field.zeroCountFloat,
  bucketCount: pb.BucketSchema.field.cumulativeCount,
  bucketCountFloat: pb.BucketSchema.field.cumulativeCountFloat,
  exemplarTimestamp: pb.ExemplarSchema.field.timestamp,
};

/** The model's bound on timestamps: integer milliseconds a double holds exactly. */
const MAX_TIMESTAMP = BigInt(Number.MAX_SAFE_INTEGER);

/** Set when the family being decoded (decodeFamily, synchronous) had a uint64 or int64 a double cannot hold exactly. */
let inexact = false;

/** A uint64/int64 count or delta as a number, noting when the double rounds it. */
function exact(n: bigint): number {
  const number = Number(n);
  if ((n > MAX_TIMESTAMP || n < -MAX_TIMESTAMP) && BigInt(number) !== n) inexact = true;
  return number;
}

/** Thrown inside the metric loop to leave one metric out; collected by the caller. */
class MetricError {
  constructor(
    readonly code: Code,
    readonly message: string,
  ) {}
}

export function decodeFamily(message: pb.MetricFamily, index: number): DecodedFamily {
  const diagnostics: Diagnostic[] = [];
  const name = message.name;
  if (name === '') {
    diagnostics.push(protobufError(ProtobufCode.MISSING_NAME, 'metric family has no name', index));
    return { family: undefined, diagnostics };
  }
  const type = TYPES[message.type];
  const metrics: Metric[] = [];
  inexact = false;
  for (let i = 0; i < message.metric.length; i++) {
    const m = message.metric[i];
    try {
      const labels = labelsOf(m.label, type, name);
      let metric: Metric;
      switch (type) {
        case 'summary':
          metric = summaryOf(m, labels, name);
          break;
        case 'histogram':
        case 'gaugehistogram':
          metric = histogramOf(m, labels, type, name);
          break;
        default:
          metric = scalarOf(m, labels, type, name);
      }
      if (isFieldSet(m, FIELD.timestampMs)) metric.timestampMs = timestampOf(m.timestampMs, name);
      metric.line = index;
      metrics.push(metric);
    } catch (error) {
      if (!(error instanceof MetricError)) throw error;
      diagnostics.push(protobufError(error.code, `metric ${i + 1} of ${goQuote(name)}: ${error.message}`, index, name));
    }
  }
  if (inexact) {
    diagnostics.push({
      code: ProtobufCode.INEXACT_INTEGER,
      severity: 'warning',
      message: `a count or bucket delta of ${goQuote(name)} is beyond 2^53 and not a double: it is kept as the nearest one`,
      line: index,
      column: 1,
      family: name,
    });
  }
  const family = { name, type, metrics, line: index } as MetricFamily;
  if (isFieldSet(message, FIELD.help)) family.help = message.help;
  if (isFieldSet(message, FIELD.unit)) family.unit = message.unit;
  return { family, diagnostics };
}

function labelsOf(pairs: pb.LabelPair[], type: MetricFamily['type'], family: string): Labels {
  const labels: Labels = new Array(pairs.length * 2);
  for (let i = 0; i < pairs.length; i++) {
    const name = pairs[i].name;
    if (name === '') throw new MetricError(ParseCode.INVALID_LABEL_NAME, 'invalid label name ""');
    if (name === '__name__') throw new MetricError(ParseCode.RESERVED_LABEL_NAME, 'label name "__name__" is reserved');
    if (name === 'quantile' && type === 'summary')
      throw new MetricError(ParseCode.MISPLACED_LABEL, `summary ${goQuote(family)} must not have an explicit "quantile" label`);
    if (name === 'le' && (type === 'histogram' || type === 'gaugehistogram')) {
      throw new MetricError(ParseCode.MISPLACED_LABEL, `histogram ${goQuote(family)} must not have an explicit "le" label`);
    }
    for (let k = 0; k < i; k++) {
      if (pairs[k].name === name) throw new MetricError(ParseCode.DUPLICATE_LABEL_NAME, `duplicate label name ${goQuote(name)}`);
    }
    labels[2 * i] = name;
    labels[2 * i + 1] = pairs[i].value;
  }
  return labels;
}

function scalarOf(m: pb.Metric, labels: Labels, type: MetricFamily['type'], family: string): ScalarMetric {
  switch (type) {
    case 'counter': {
      if (m.counter === undefined) throw mismatch(family, 'counter');
      const metric: ScalarMetric = { labels, value: m.counter.value };
      if (m.counter.exemplar !== undefined) metric.exemplar = exemplarOf(m.counter.exemplar);
      if (m.counter.createdTimestamp !== undefined) setCreated(metric, m.counter.createdTimestamp);
      return metric;
    }
    case 'gauge':
      if (m.gauge === undefined) throw mismatch(family, 'gauge');
      return { labels, value: m.gauge.value };
    default:
      if (m.untyped === undefined) throw mismatch(family, 'untyped');
      return { labels, value: m.untyped.value };
  }
}

function summaryOf(m: pb.Metric, labels: Labels, family: string): SummaryMetric {
  const s = m.summary;
  if (s === undefined) throw mismatch(family, 'summary');
  const quantiles: Quantile[] = new Array(s.quantile.length);
  for (let i = 0; i < s.quantile.length; i++) {
    const q = s.quantile[i];
    if (Number.isNaN(q.quantile)) throw new MetricError(ParseCode.INVALID_QUANTILE, `quantile ${i + 1} is NaN (the Go reference drops such a quantile)`);
    quantiles[i] = { quantile: q.quantile, value: q.value };
  }
  const metric: SummaryMetric = { labels, quantiles };
  if (isFieldSet(s, FIELD.summarySum)) metric.sum = s.sampleSum;
  if (isFieldSet(s, FIELD.summaryCount)) metric.count = exact(s.sampleCount);
  if (s.createdTimestamp !== undefined) setCreated(metric, s.createdTimestamp);
  return metric;
}

function histogramOf(m: pb.Metric, labels: Labels, type: MetricFamily['type'], family: string): HistogramMetric {
  const h = m.histogram;
  if (h === undefined) throw mismatch(family, type);
  // A count in a float field that the integer field would have carried marks a float
  // histogram: its counts go back to the float fields (encode-family.ts).
  let floatCounts = false;
  const countOf = (uint: bigint | undefined, float: number | undefined): number | undefined => {
    if (uint !== undefined) exact(uint);
    const count = decodeCount(uint, float);
    if (count !== undefined && uint === undefined && fitsUint64(count)) floatCounts = true;
    return count;
  };
  const buckets: Bucket[] = new Array(h.bucket.length);
  for (let i = 0; i < h.bucket.length; i++) {
    const b = h.bucket[i];
    if (Number.isNaN(b.upperBound)) throw new MetricError(ParseCode.INVALID_LE, `bucket ${i + 1} has a NaN upper bound (the Go reference drops such a bucket)`);
    const count =
      countOf(isFieldSet(b, FIELD.bucketCount) ? b.cumulativeCount : undefined, isFieldSet(b, FIELD.bucketCountFloat) ? b.cumulativeCountFloat : undefined) ??
      0;
    if (count < 0) throw new MetricError(ParseCode.NEGATIVE_COUNT, `negative bucket population for histogram ${goQuote(family)}`);
    buckets[i] = b.exemplar === undefined ? { le: b.upperBound, count } : { le: b.upperBound, count, exemplar: exemplarOf(b.exemplar) };
  }
  const metric: HistogramMetric = { labels, buckets };
  if (isFieldSet(h, FIELD.histogramSum)) metric.sum = h.sampleSum;
  const count = countOf(
    isFieldSet(h, FIELD.histogramCount) ? h.sampleCount : undefined,
    isFieldSet(h, FIELD.histogramCountFloat) ? h.sampleCountFloat : undefined,
  );
  if (count !== undefined) {
    if (count < 0) throw new MetricError(ParseCode.NEGATIVE_COUNT, `negative count for histogram ${goQuote(family)}`);
    metric.count = count;
  }
  if (h.createdTimestamp !== undefined) setCreated(metric, h.createdTimestamp);
  if (isFieldSet(h, FIELD.schema)) metric.schema = h.schema;
  if (isFieldSet(h, FIELD.zeroThreshold)) metric.zeroThreshold = h.zeroThreshold;
  const zeroCount = countOf(isFieldSet(h, FIELD.zeroCount) ? h.zeroCount : undefined, isFieldSet(h, FIELD.zeroCountFloat) ? h.zeroCountFloat : undefined);
  if (zeroCount !== undefined) metric.zeroCount = zeroCount;
  if (h.negativeSpan.length > 0) metric.negativeSpans = spansOf(h.negativeSpan);
  if (h.negativeDelta.length > 0) metric.negativeDeltas = h.negativeDelta.map(exact);
  if (h.negativeCount.length > 0) metric.negativeCounts = h.negativeCount.slice();
  if (h.positiveSpan.length > 0) metric.positiveSpans = spansOf(h.positiveSpan);
  if (h.positiveDelta.length > 0) metric.positiveDeltas = h.positiveDelta.map(exact);
  if (h.positiveCount.length > 0) metric.positiveCounts = h.positiveCount.slice();
  if (h.exemplars.length > 0) metric.exemplars = h.exemplars.map(exemplarOf);
  if (floatCounts) metric.floatCounts = true;
  return metric;
}

function spansOf(spans: pb.BucketSpan[]): BucketSpan[] {
  return spans.map((s) => ({ offset: s.offset, length: s.length }));
}

function exemplarOf(e: pb.Exemplar): Exemplar {
  const labels: Labels = new Array(e.label.length * 2);
  for (let i = 0; i < e.label.length; i++) {
    labels[2 * i] = e.label[i].name;
    labels[2 * i + 1] = e.label[i].value;
  }
  const exemplar: Exemplar = { labels, value: e.value };
  if (isFieldSet(e, FIELD.exemplarTimestamp) && e.timestamp !== undefined) {
    exemplar.timestamp = secondsFromTimestamp(e.timestamp);
    const instant = exactInstant(e.timestamp, exemplar.timestamp);
    if (instant !== undefined) exemplar.timestampInstant = instant;
  }
  return exemplar;
}

function setCreated(metric: { created?: number; createdInstant?: Instant }, t: Timestamp): void {
  metric.created = secondsFromTimestamp(t);
  const instant = exactInstant(t, metric.created);
  if (instant !== undefined) metric.createdInstant = instant;
}

/** The timestamp as an `Instant` when its float seconds would not give it back, else undefined. */
function exactInstant(t: Timestamp, seconds: number): Instant | undefined {
  const back = timestampFromSeconds(seconds);
  if (back.seconds === t.seconds && back.nanos === t.nanos) return undefined;
  return { seconds: Number(t.seconds), nanos: t.nanos };
}

function timestampOf(ms: bigint, family: string): number {
  if (ms > MAX_TIMESTAMP || ms < -MAX_TIMESTAMP) {
    throw new MetricError(ParseCode.TIMESTAMP_OUT_OF_RANGE, `timestamp ${ms} ms of ${goQuote(family)} is beyond ±${Number.MAX_SAFE_INTEGER}`);
  }
  return Number(ms);
}

function mismatch(family: string, type: string): MetricError {
  return new MetricError(
    ProtobufCode.TYPE_MISMATCH,
    `family ${goQuote(family)} is a ${type}, but the metric has no ${type === 'gaugehistogram' ? 'histogram' : type} value`,
  );
}
