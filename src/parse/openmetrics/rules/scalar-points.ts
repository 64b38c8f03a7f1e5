/**
 * Points of the one-value types. Each family gets one point object, reused for each of
 * its points, so a sample costs no allocation beyond its metric.
 *
 * - gauge, unknown: one sample per point; a repeat at the same timestamp is dropped.
 * - counter: `_total` and `_created` fill one metric; a point without `_total` is an error.
 * - stateset, info: each state (each info label set) is a metric of its own; a repeated
 *   one within the point is dropped.
 */
import type { Labels, Metric, ScalarMetric } from '../../../model.js';
import { OmError, OpenMetricsCode as Code } from '../codes.js';
import { GroupKeys } from './groups.js';
import { Role } from './names.js';
import type { Bound, Point } from './point.js';
import type { OmSample } from './values.js';

function scalar(labels: Labels, s: OmSample, line: number): ScalarMetric {
  const metric: ScalarMetric = { labels, value: s.value, line };
  if (s.timestamp !== undefined) metric.timestampSeconds = s.timestamp;
  return metric;
}

export class GaugePoint implements Point {
  private open = false;
  constructor(private readonly metrics: Metric[]) {}

  add(s: OmSample, _role: Role, labels: Labels, _bound: Bound, line: number): void {
    if (this.open) return;
    this.open = true;
    this.metrics.push(scalar(labels, s, line));
  }

  close(): void {
    this.open = false;
  }
}

export class CounterPoint implements Point {
  private metric: ScalarMetric | undefined;
  private hasTotal = false;
  private hasCreated = false;

  constructor(
    private readonly family: string,
    private readonly metrics: Metric[],
  ) {}

  add(s: OmSample, role: Role, labels: Labels, _bound: Bound, line: number): void {
    let metric = this.metric;
    if (metric === undefined) {
      metric = this.metric = scalar(labels, s, line);
      this.metrics.push(metric);
      this.hasTotal = this.hasCreated = false;
    }
    if (role === Role.Total) {
      if (this.hasTotal) return;
      this.hasTotal = true;
      metric.value = s.value;
      if (s.exemplar !== undefined) metric.exemplar = s.exemplar;
    } else {
      if (this.hasCreated) return;
      this.hasCreated = true;
      metric.created = s.value;
    }
  }

  close(report: (error: OmError) => void): void {
    const metric = this.metric;
    if (metric === undefined) return;
    this.metric = undefined;
    if (!this.hasTotal) {
      // The model cannot hold a counter without its value: the metric goes.
      this.metrics.pop();
      const message = `counter point has no ${this.family}_total sample (a _created alone is not a counter value)`;
      report(new OmError(Code.MISSING_TOTAL, message, 0, this.family, metric.line));
    }
  }
}

export class SetPoint implements Point {
  private open = false;
  private readonly seen = new Set<string>();
  private readonly keys = new GroupKeys();

  /** `stateset`: the bound is the state; otherwise (info) the whole label set identifies a sample. */
  constructor(
    private readonly metrics: Metric[],
    private readonly stateset: boolean,
  ) {}

  add(s: OmSample, _role: Role, labels: Labels, bound: Bound, line: number): void {
    if (!this.open) {
      this.open = true;
      this.seen.clear();
    }
    const key = this.stateset ? bound.text : this.keys.key(labels, -1, s, true);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.metrics.push(scalar(labels, s, line));
  }

  close(): void {
    this.open = false;
  }
}
