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

/** An OpenMetrics exemplar: ` # {labels} value [timestamp]` after a sample. */
export interface Exemplar {
  labels: Labels;
  value: number;
  /** Float seconds. */
  timestamp?: number;
}

/** A counter, gauge, untyped (or unknown, info, stateset) sample. */
export interface ScalarMetric extends MetricBase {
  value: number;
  /** OpenMetrics counter `_created`, in float seconds. */
  created?: number;
  /** OpenMetrics exemplar of a counter's `_total` sample. */
  exemplar?: Exemplar;
}

export interface Quantile {
  quantile: number;
  value: number;
}

export interface SummaryMetric extends MetricBase {
  /** In input order. */
  quantiles: Quantile[];
  sum?: number;
  /** Kept exactly as written (the Go reference truncates it to uint64). */
  count?: number;
  /** OpenMetrics `_created`, in float seconds. */
  created?: number;
}

export interface Bucket {
  /** Upper bound (`le`). */
  le: number;
  /** Cumulative count. */
  count: number;
  /** OpenMetrics exemplar of this `_bucket` sample. */
  exemplar?: Exemplar;
}

export interface HistogramMetric extends MetricBase {
  /** In input order. */
  buckets: Bucket[];
  /** `_sum` (`_gsum` of a gaugehistogram). */
  sum?: number;
  /** `_count` (`_gcount` of a gaugehistogram). */
  count?: number;
  /** OpenMetrics `_created`, in float seconds. */
  created?: number;
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

/** Counter, gauge, untyped, unknown, info or stateset: one value per metric. */
export function isScalarFamily(family: MetricFamily): family is ScalarFamily {
  const type = family.type;
  return type === 'counter' || type === 'gauge' || type === 'untyped' || type === 'unknown' || type === 'info' || type === 'stateset';
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
