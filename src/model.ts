/**
 * The typed metric-family model shared by every stage: parse produces it, validate and
 * merge read it, render writes it.
 *
 * Labels are a flat array `[name0, value0, name1, value1, ...]` in input order: building
 * an object per label set cost about 40% of parse throughput in a prototype.
 */

/** Flat label pairs: even indexes are names, odd indexes their values. */
export type Labels = string[];

/** Types of text 0.0.4. */
export type PrometheusType = 'counter' | 'gauge' | 'summary' | 'histogram' | 'untyped';
/** Types only OpenMetrics (and newer expfmt) name. */
export type OpenMetricsOnlyType = 'gaugehistogram' | 'unknown' | 'info' | 'stateset';
export type MetricType = PrometheusType | OpenMetricsOnlyType;

/** Fields every metric has. */
interface MetricBase {
  labels: Labels;
  /** Integer milliseconds since the epoch, always within Number.MAX_SAFE_INTEGER. */
  timestampMs?: number;
  /** OpenMetrics timestamp in float seconds, unrounded; OpenMetrics parses set this, never `timestampMs`. */
  timestampSeconds?: number;
  /** 1-based source line of the metric's first sample, for diagnostics. */
  line?: number;
}

/**
 * A protobuf `google.protobuf.Timestamp` exactly: whole seconds and nanoseconds in
 * [0, 1e9). Float seconds cannot hold a nanosecond clock's reading (about 0.2 µs apart
 * today), so protobuf decoding keeps this beside the float whenever the float alone would
 * not give the same Timestamp back.
 */
export interface Instant {
  seconds: number;
  nanos: number;
}

/** An exemplar: OpenMetrics ` # {labels} value [timestamp]` after a sample, or protobuf's `Exemplar`. */
export interface Exemplar {
  labels: Labels;
  value: number;
  /** Float seconds. */
  timestamp?: number;
  /** The protobuf timestamp exactly, when `timestamp` alone would round it. */
  timestampInstant?: Instant;
}

/** Created timestamps: OpenMetrics `_created` or protobuf's `created_timestamp`. */
interface Created {
  /** Float seconds. */
  created?: number;
  /** The protobuf timestamp exactly, when `created` alone would round it. */
  createdInstant?: Instant;
}

/** A counter, gauge, untyped (or unknown, info, stateset) sample. */
export interface ScalarMetric extends MetricBase, Created {
  value: number;
  /** The exemplar of a counter's `_total` sample. */
  exemplar?: Exemplar;
}

export interface Quantile {
  quantile: number;
  value: number;
}

export interface SummaryMetric extends MetricBase, Created {
  /** In input order. */
  quantiles: Quantile[];
  sum?: number;
  /** Kept exactly as written (the Go reference truncates it to uint64). */
  count?: number;
}

export interface Bucket {
  /** Upper bound (`le`). */
  le: number;
  /** Cumulative count. */
  count: number;
  /** OpenMetrics exemplar of this `_bucket` sample. */
  exemplar?: Exemplar;
}

/** A run of consecutive native-histogram buckets: `offset` from the end of the previous span (from index 0 for the first). */
export interface BucketSpan {
  offset: number;
  length: number;
}

/**
 * A histogram: classic buckets (`buckets`), native (exponential) buckets, or both, as
 * protobuf's `Histogram` holds them. The native parts are kept as sent (spans with deltas
 * for integer counts, with absolute counts for a float histogram) and are absent from a
 * classic-only histogram; an absent optional field stays absent on re-encoding.
 */
export interface HistogramMetric extends MetricBase, Created {
  /** Classic buckets, in input order. */
  buckets: Bucket[];
  /** `_sum` (`_gsum` of a gaugehistogram). */
  sum?: number;
  /** `_count` (`_gcount` of a gaugehistogram). */
  count?: number;
  /**
   * A float histogram: its counts travel in protobuf's `*_float` fields (sample count,
   * zero count, classic bucket counts) and its native buckets as absolute `*Counts`.
   */
  floatCounts?: true;
  /** Native bucket schema: -4..8 exponential (boundaries at powers of 2^(2^-schema)), -53 custom buckets. */
  schema?: number;
  /** Width of the zero bucket: observations in [-zeroThreshold, zeroThreshold]. */
  zeroThreshold?: number;
  /** Observations in the zero bucket. */
  zeroCount?: number;
  negativeSpans?: BucketSpan[];
  /** Integer histogram: each negative bucket's count minus the previous one's (the first's minus 0). */
  negativeDeltas?: number[];
  /** Float histogram: each negative bucket's count. */
  negativeCounts?: number[];
  positiveSpans?: BucketSpan[];
  positiveDeltas?: number[];
  positiveCounts?: number[];
  /** Exemplars of the native buckets (protobuf's `exemplars`; each should have a timestamp). */
  exemplars?: Exemplar[];
}

interface FamilyBase {
  name: string;
  /** Absent when no HELP line was given; an empty HELP is `''`. */
  help?: string;
  /** OpenMetrics `# UNIT`. */
  unit?: string;
  /** 1-based line where the family was first named. */
  line?: number;
}

export interface ScalarFamily extends FamilyBase {
  type: 'counter' | 'gauge' | 'untyped' | 'unknown' | 'info' | 'stateset';
  metrics: ScalarMetric[];
}

export interface SummaryFamily extends FamilyBase {
  type: 'summary';
  metrics: SummaryMetric[];
}

export interface HistogramFamily extends FamilyBase {
  type: 'histogram' | 'gaugehistogram';
  metrics: HistogramMetric[];
}

export type MetricFamily = ScalarFamily | SummaryFamily | HistogramFamily;
export type Metric = ScalarMetric | SummaryMetric | HistogramMetric;

/**
 * A family's metrics as one `Metric[]`, for code that reads what every metric has
 * (labels, timestamps, line) whatever the family's type, and for the builders that fill a
 * family of a type decided at run time. The array itself, not a copy.
 */
export function metricsOf(family: MetricFamily): Metric[] {
  return family.metrics;
}

/** A histogram or gauge histogram: its metrics have buckets. */
export function isHistogramFamily(family: MetricFamily): family is HistogramFamily {
  return family.type === 'histogram' || family.type === 'gaugehistogram';
}

/** A summary: its metrics have quantiles. */
export function isSummaryFamily(family: MetricFamily): family is SummaryFamily {
  return family.type === 'summary';
}

/**
 * Whether a histogram carries native buckets: a schema, a zero bucket or spans, as
 * client_golang and Prometheus tell a native histogram from a classic one (an empty
 * native histogram has a no-op span or a zero threshold).
 */
export function isNativeHistogram(m: HistogramMetric): boolean {
  return (
    m.schema !== undefined ||
    m.zeroThreshold !== undefined ||
    m.zeroCount !== undefined ||
    (m.positiveSpans !== undefined && m.positiveSpans.length > 0) ||
    (m.negativeSpans !== undefined && m.negativeSpans.length > 0) ||
    (m.positiveDeltas !== undefined && m.positiveDeltas.length > 0) ||
    (m.negativeDeltas !== undefined && m.negativeDeltas.length > 0) ||
    (m.positiveCounts !== undefined && m.positiveCounts.length > 0) ||
    (m.negativeCounts !== undefined && m.negativeCounts.length > 0)
  );
}

/** Reads one label's value, or undefined. Linear: label sets are short. */
export function labelValue(labels: Labels, name: string): string | undefined {
  for (let i = 0; i < labels.length; i += 2) {
    if (labels[i] === name) return labels[i + 1];
  }
  return undefined;
}

/** Label pairs as an object, for display and JSON. */
export function labelsToObject(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < labels.length; i += 2) out[labels[i]] = labels[i + 1];
  return out;
}

/**
 * An object as label pairs, in the object's key order: the inverse of `labelsToObject`
 * (`labelsFromObject({ job: 'a', instance: 'x' })` is `['job', 'a', 'instance', 'x']`).
 * Values must be strings: a number or undefined would be a silent `"5"` or `"undefined"`.
 */
export function labelsFromObject(object: Readonly<Record<string, string>>): Labels {
  const labels: Labels = [];
  for (const [name, value] of Object.entries(object)) {
    if (typeof value !== 'string') throw new TypeError(`label ${JSON.stringify(name)} has a ${typeof value} value; label values are strings`);
    labels.push(name, value);
  }
  return labels;
}
