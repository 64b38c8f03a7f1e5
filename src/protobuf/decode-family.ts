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
 */
import { isFieldSet } from '@bufbuild/protobuf';
import { type Code, type Diagnostic, ParseCode } from '../diagnostics.js';
import type { Bucket, Exemplar, HistogramMetric, Labels, Metric, MetricFamily, Quantile, ScalarMetric, SummaryMetric } from '../model.js';
import { goQuote } from '../parse/core/go-quote.js';
import { ProtobufCode, protobufError } from './codes.js';
import { decodeCount } from './counts.js';
import * as pb from './generated/io/prometheus/client/metrics_pb.js';
import { secondsFromTimestamp } from './timestamp.js';

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
  timestampMs: pb.MetricSchema.field.timestampMs,
  summaryCount: pb.SummarySchema.field.sampleCount,
  summarySum: pb.SummarySchema.field.sampleSum,
  histogramCount: pb.HistogramSchema.field.sampleCount,
  histogramCountFloat: pb.HistogramSchema.field.sampleCountFloat,
  histogramSum: pb.HistogramSchema.field.sampleSum,
  bucketCount: pb.BucketSchema.field.cumulativeCount,
  bucketCountFloat: pb.BucketSchema.field.cumulativeCountFloat,
  exemplarTimestamp: pb.ExemplarSchema.field.timestamp,
};

/** The model's bound on timestamps: integer milliseconds a double holds exactly. */
const MAX_TIMESTAMP = BigInt(Number.MAX_SAFE_INTEGER);

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
  let native = false;
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
          if (m.histogram !== undefined && hasNativeParts(m.histogram)) native = true;
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
  if (native) {
    diagnostics.push({
      code: ProtobufCode.NATIVE_HISTOGRAM,
      severity: 'warning',
      message: `histogram ${goQuote(name)} has native (sparse) buckets; only its classic buckets, count and sum are kept`,
      line: index,
      column: 1,
      family: name,
    });
  }
  const family = { name, type, metrics, line: index } as MetricFamily;
  if (isFieldSet(message, FIELD.help)) family.help = message.help;
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
    case 'counter':
      if (m.counter === undefined) throw mismatch(family, 'counter');
      return m.counter.exemplar === undefined
        ? { labels, value: m.counter.value }
        : { labels, value: m.counter.value, exemplar: exemplarOf(m.counter.exemplar) };
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
  if (isFieldSet(s, FIELD.summaryCount)) metric.count = Number(s.sampleCount);
  return metric;
}

function histogramOf(m: pb.Metric, labels: Labels, type: MetricFamily['type'], family: string): HistogramMetric {
  const h = m.histogram;
  if (h === undefined) throw mismatch(family, type);
  const buckets: Bucket[] = new Array(h.bucket.length);
  for (let i = 0; i < h.bucket.length; i++) {
    const b = h.bucket[i];
    if (Number.isNaN(b.upperBound)) throw new MetricError(ParseCode.INVALID_LE, `bucket ${i + 1} has a NaN upper bound (the Go reference drops such a bucket)`);
    const count =
      decodeCount(
        isFieldSet(b, FIELD.bucketCount) ? b.cumulativeCount : undefined,
        isFieldSet(b, FIELD.bucketCountFloat) ? b.cumulativeCountFloat : undefined,
      ) ?? 0;
    if (count < 0) throw new MetricError(ParseCode.NEGATIVE_COUNT, `negative bucket population for histogram ${goQuote(family)}`);
    buckets[i] = b.exemplar === undefined ? { le: b.upperBound, count } : { le: b.upperBound, count, exemplar: exemplarOf(b.exemplar) };
  }
  const metric: HistogramMetric = { labels, buckets };
  if (isFieldSet(h, FIELD.histogramSum)) metric.sum = h.sampleSum;
  const count = decodeCount(
    isFieldSet(h, FIELD.histogramCount) ? h.sampleCount : undefined,
    isFieldSet(h, FIELD.histogramCountFloat) ? h.sampleCountFloat : undefined,
  );
  if (count !== undefined) {
    if (count < 0) throw new MetricError(ParseCode.NEGATIVE_COUNT, `negative count for histogram ${goQuote(family)}`);
    metric.count = count;
  }
  return metric;
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
  }
  return exemplar;
}

function timestampOf(ms: bigint, family: string): number {
  if (ms > MAX_TIMESTAMP || ms < -MAX_TIMESTAMP) {
    throw new MetricError(ParseCode.TIMESTAMP_OUT_OF_RANGE, `timestamp ${ms} ms of ${goQuote(family)} is beyond ±${Number.MAX_SAFE_INTEGER}`);
  }
  return Number(ms);
}

function hasNativeParts(h: pb.Histogram): boolean {
  return (
    h.positiveSpan.length > 0 ||
    h.negativeSpan.length > 0 ||
    h.positiveDelta.length > 0 ||
    h.negativeDelta.length > 0 ||
    h.positiveCount.length > 0 ||
    h.negativeCount.length > 0 ||
    isFieldSet(h, pb.HistogramSchema.field.schema) ||
    isFieldSet(h, pb.HistogramSchema.field.zeroThreshold)
  );
}

function mismatch(family: string, type: string): MetricError {
  return new MetricError(
    ProtobufCode.TYPE_MISMATCH,
    `family ${goQuote(family)} is a ${type}, but the metric has no ${type === 'gaugehistogram' ? 'histogram' : type} value`,
  );
}
