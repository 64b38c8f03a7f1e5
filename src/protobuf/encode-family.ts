/**
 * One model family -> one `io.prometheus.client.MetricFamily` message, carrying everything
 * the schema has a place for: what is absent in the model (HELP, a summary's or
 * histogram's sum and count, a timestamp) stays unset, so decoding gives the same model.
 *
 * Types the schema cannot name are written as the nearest one it can, as the text writer
 * does: `unknown` as UNTYPED, `info` and `stateset` as GAUGE (GAUGE_HISTOGRAM it has). An
 * OpenMetrics timestamp in seconds is written in milliseconds; `_created` (of a counter,
 * summary or histogram) as `created_timestamp`. Counts follow counts.ts, except that a
 * float histogram (`floatCounts`) writes every count in its float field. A histogram's
 * native parts are written as the model holds them.
 */
import { create } from '@bufbuild/protobuf';
import { type Timestamp, TimestampSchema } from '@bufbuild/protobuf/wkt';
import type { BucketSpan, Exemplar, Instant, HistogramMetric, Labels, Metric, MetricFamily, MetricType, ScalarMetric, SummaryMetric } from '../model.js';
import { timestampMillis } from '../render/timestamp.js';
import { fitsUint64, summaryCount } from './counts.js';
import * as pb from './generated/io/prometheus/client/metrics_pb.js';
import { timestampFromSeconds } from './timestamp.js';

const TYPES: Record<MetricType, pb.MetricType> = {
  counter: pb.MetricType.COUNTER,
  gauge: pb.MetricType.GAUGE,
  summary: pb.MetricType.SUMMARY,
  untyped: pb.MetricType.UNTYPED,
  histogram: pb.MetricType.HISTOGRAM,
  gaugehistogram: pb.MetricType.GAUGE_HISTOGRAM,
  unknown: pb.MetricType.UNTYPED,
  info: pb.MetricType.GAUGE,
  stateset: pb.MetricType.GAUGE,
};

/** The schema's type for a family of this type. */
export function protobufType(type: MetricType): pb.MetricType {
  return TYPES[type];
}

/** The message of one family. Throws, as Go does, on a family without a name. */
export function encodeFamily(family: MetricFamily): pb.MetricFamily {
  if (family.name === '') throw new Error('MetricFamily has no name');
  const type = TYPES[family.type];
  const metrics: pb.Metric[] = new Array(family.metrics.length);
  for (let i = 0; i < family.metrics.length; i++) metrics[i] = encodeMetric(family.type, family.metrics[i]);
  const message = create(pb.MetricFamilySchema, { name: family.name, type, metric: metrics });
  if (family.help !== undefined) message.help = family.help;
  if (family.unit !== undefined) message.unit = family.unit;
  return message;
}

/** The `Metric` message of one series of a family of this type. */
export function encodeMetric(familyType: MetricType, m: Metric): pb.Metric {
  const metric = create(pb.MetricSchema, { label: labelPairs(m.labels) });
  const type = TYPES[familyType];
  if (familyType === 'summary') metric.summary = summaryOf(m as SummaryMetric);
  else if (familyType === 'histogram' || familyType === 'gaugehistogram') metric.histogram = histogramOf(m as HistogramMetric);
  else {
    const s = m as ScalarMetric;
    switch (type) {
      case pb.MetricType.COUNTER:
        metric.counter = create(pb.CounterSchema, { value: s.value });
        if (s.exemplar !== undefined) metric.counter.exemplar = exemplarOf(s.exemplar);
        if (s.created !== undefined && Number.isFinite(s.created)) metric.counter.createdTimestamp = timestampOf(s.created, s.createdInstant);
        break;
      case pb.MetricType.GAUGE:
        metric.gauge = create(pb.GaugeSchema, { value: s.value });
        break;
      default:
        metric.untyped = create(pb.UntypedSchema, { value: s.value });
    }
  }
  const ms = timestampMillis(m);
  if (ms !== undefined) metric.timestampMs = BigInt(ms);
  return metric;
}

function labelPairs(labels: Labels): pb.LabelPair[] {
  const pairs: pb.LabelPair[] = new Array(labels.length >> 1);
  for (let i = 0; i < labels.length; i += 2) pairs[i >> 1] = create(pb.LabelPairSchema, { name: labels[i], value: labels[i + 1] });
  return pairs;
}

function summaryOf(m: SummaryMetric): pb.Summary {
  const summary = create(pb.SummarySchema, {
    quantile: m.quantiles.map((q) => create(pb.QuantileSchema, { quantile: q.quantile, value: q.value })),
  });
  if (m.sum !== undefined) summary.sampleSum = m.sum;
  if (m.count !== undefined) summary.sampleCount = summaryCount(m.count);
  if (m.created !== undefined && Number.isFinite(m.created)) summary.createdTimestamp = timestampOf(m.created, m.createdInstant);
  return summary;
}

function histogramOf(m: HistogramMetric): pb.Histogram {
  const float = m.floatCounts === true;
  const buckets: pb.Bucket[] = new Array(m.buckets.length);
  for (let i = 0; i < m.buckets.length; i++) {
    const b = m.buckets[i];
    const bucket = create(pb.BucketSchema, { upperBound: b.le });
    if (!float && fitsUint64(b.count)) bucket.cumulativeCount = BigInt(b.count);
    else bucket.cumulativeCountFloat = b.count;
    if (b.exemplar !== undefined) bucket.exemplar = exemplarOf(b.exemplar);
    buckets[i] = bucket;
  }
  const histogram = create(pb.HistogramSchema, { bucket: buckets });
  if (m.sum !== undefined) histogram.sampleSum = m.sum;
  if (m.count !== undefined) {
    if (!float && fitsUint64(m.count)) histogram.sampleCount = BigInt(m.count);
    else histogram.sampleCountFloat = m.count;
  }
  if (m.created !== undefined && Number.isFinite(m.created)) histogram.createdTimestamp = timestampOf(m.created, m.createdInstant);
  if (m.schema !== undefined) histogram.schema = m.schema;
  if (m.zeroThreshold !== undefined) histogram.zeroThreshold = m.zeroThreshold;
  if (m.zeroCount !== undefined) {
    if (!float && fitsUint64(m.zeroCount)) histogram.zeroCount = BigInt(m.zeroCount);
    else histogram.zeroCountFloat = m.zeroCount;
  }
  if (m.negativeSpans !== undefined) histogram.negativeSpan = spans(m.negativeSpans);
  if (m.negativeDeltas !== undefined) histogram.negativeDelta = m.negativeDeltas.map(BigInt);
  if (m.negativeCounts !== undefined) histogram.negativeCount = m.negativeCounts.slice();
  if (m.positiveSpans !== undefined) histogram.positiveSpan = spans(m.positiveSpans);
  if (m.positiveDeltas !== undefined) histogram.positiveDelta = m.positiveDeltas.map(BigInt);
  if (m.positiveCounts !== undefined) histogram.positiveCount = m.positiveCounts.slice();
  if (m.exemplars !== undefined) histogram.exemplars = m.exemplars.map(exemplarOf);
  return histogram;
}

function spans(list: BucketSpan[]): pb.BucketSpan[] {
  return list.map((s) => create(pb.BucketSpanSchema, { offset: s.offset, length: s.length }));
}

/** A created or exemplar timestamp: exactly as decoded when the model kept its `Instant`, else from the float seconds. */
function timestampOf(seconds: number, instant: Instant | undefined): Timestamp {
  if (instant !== undefined) return create(TimestampSchema, { seconds: BigInt(instant.seconds), nanos: instant.nanos });
  return timestampFromSeconds(seconds);
}

function exemplarOf(e: Exemplar): pb.Exemplar {
  const exemplar = create(pb.ExemplarSchema, { label: labelPairs(e.labels), value: e.value });
  if (e.timestamp !== undefined && Number.isFinite(e.timestamp)) exemplar.timestamp = timestampOf(e.timestamp, e.timestampInstant);
  return exemplar;
}
