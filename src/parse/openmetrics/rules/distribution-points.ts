/**
 * Points of summaries, histograms and gaugehistograms: one metric gathering quantiles or
 * buckets, `_sum`, `_count` and `_created`. Buckets are checked as they come (`le`
 * strictly increasing, values not decreasing); the rules tying buckets, count and sum
 * together run when the point closes, in the reference parser's order (client_python
 * `_check_histogram`).
 */
import type { HistogramMetric, Labels, Metric, SummaryMetric } from '../../../model.js';
import { OmError, OpenMetricsCode as Code } from '../codes.js';
import { Role } from './names.js';
import type { Bound, Point } from './point.js';
import type { OmSample } from './values.js';

export class SummaryPoint implements Point {
  private metric: SummaryMetric | undefined;
  /** Quantile labels as written, to drop a repeated one. */
  private readonly quantiles: string[] = [];
  private hasCreated = false;

  constructor(private readonly metrics: Metric[]) {}

  add(s: OmSample, role: Role, labels: Labels, bound: Bound, line: number): void {
    let metric = this.metric;
    if (metric === undefined) {
      metric = this.metric = { labels, quantiles: [], line };
      if (s.timestamp !== undefined) metric.timestampSeconds = s.timestamp;
      this.metrics.push(metric);
      this.quantiles.length = 0;
      this.hasCreated = false;
    }
    if (role === Role.Quantile) {
      if (this.quantiles.includes(bound.text)) return;
      this.quantiles.push(bound.text);
      metric.quantiles.push({ quantile: bound.value, value: s.value });
    } else if (role === Role.Count) {
      if (metric.count === undefined) metric.count = s.value;
    } else if (role === Role.Sum) {
      if (metric.sum === undefined) metric.sum = s.value;
    } else if (!this.hasCreated) {
      this.hasCreated = true;
      metric.created = s.value;
    }
  }

  close(): void {
    this.metric = undefined;
  }
}

export class HistogramPoint implements Point {
  private metric: HistogramMetric | undefined;
  private lastLe = 0;
  private lastLeText: string | undefined;
  private lastCount = 0;
  private negativeLe = false;
  private infCount: number | undefined;
  private firstLine = 0;
  private countLine = 0;
  private sumLine = 0;
  private hasCreated = false;
  private readonly count: string;
  private readonly sum: string;

  constructor(
    private readonly family: string,
    private readonly gauge: boolean,
    private readonly metrics: Metric[],
  ) {
    this.count = gauge ? '_gcount' : '_count';
    this.sum = gauge ? '_gsum' : '_sum';
  }

  add(s: OmSample, role: Role, labels: Labels, bound: Bound, line: number): void {
    let metric = this.metric;
    if (metric === undefined) {
      metric = this.metric = { labels, buckets: [], line };
      if (s.timestamp !== undefined) metric.timestampSeconds = s.timestamp;
      this.metrics.push(metric);
      this.lastLeText = this.infCount = undefined;
      this.lastLe = this.lastCount = 0;
      this.negativeLe = this.hasCreated = false;
      this.firstLine = line;
      this.countLine = this.sumLine = 0;
    }
    const v = s.value;
    if (role === Role.Bucket) {
      if (bound.text === this.lastLeText) return; // the same series again
      if (this.lastLeText !== undefined && bound.value <= this.lastLe) {
        throw new OmError(
          Code.BUCKETS_OUT_OF_ORDER,
          `Buckets out of order: le="${bound.text}" after le="${this.lastLeText}" (le must strictly increase)`,
          bound.index,
          this.family,
        );
      }
      if (v < this.lastCount) {
        throw new OmError(
          Code.BUCKET_VALUES_OUT_OF_ORDER,
          `Bucket values out of order: ${v} after ${this.lastCount} (buckets are cumulative)`,
          s.valueIndex,
          this.family,
        );
      }
      this.lastLe = bound.value;
      this.lastLeText = bound.text;
      this.lastCount = v;
      if (bound.value < 0) this.negativeLe = true;
      if (bound.value === Infinity) this.infCount = v;
      const bucket = s.exemplar === undefined ? { le: bound.value, count: v } : { le: bound.value, count: v, exemplar: s.exemplar };
      metric.buckets.push(bucket);
    } else if (role === Role.Count) {
      if (this.countLine !== 0) return;
      this.countLine = line;
      metric.count = v;
    } else if (role === Role.Sum) {
      if (this.sumLine !== 0) return;
      this.sumLine = line;
      metric.sum = v;
    } else if (!this.hasCreated) {
      this.hasCreated = true;
      metric.created = v;
    }
  }

  close(report: (error: OmError) => void): void {
    const metric = this.metric;
    if (metric === undefined) return;
    this.metric = undefined;
    const { family, count, sum } = this;
    const error = (code: (typeof Code)[keyof typeof Code], message: string, line: number) => report(new OmError(code, message, 0, family, line));
    if (this.infCount === undefined) {
      error(Code.MISSING_INF_BUCKET, `+Inf bucket missing: every point of ${family} needs a bucket with le="+Inf"`, this.firstLine);
    } else if (metric.count !== undefined && metric.count !== this.infCount) {
      error(Code.COUNT_MISMATCH, `Count does not match +Inf value: ${family}${count} is ${metric.count}, the +Inf bucket ${this.infCount}`, this.countLine);
    }
    if (metric.sum !== undefined && metric.count === undefined) {
      error(Code.SUM_COUNT_PAIR, `${count} must be present if ${sum} is present: ${family}`, this.sumLine);
    }
    if (metric.count !== undefined && metric.sum === undefined) {
      error(Code.SUM_COUNT_PAIR, `${sum} must be present if ${count} is present: ${family}`, this.countLine);
    }
    if (!this.gauge && this.negativeLe && metric.sum !== undefined) {
      error(Code.SUM_WITH_NEGATIVE_BUCKETS, `Cannot have _sum with negative buckets: ${family} (a negative le makes the sum no counter)`, this.sumLine);
    }
    if (this.gauge && metric.sum !== undefined && metric.sum < 0 && !this.negativeLe) {
      error(Code.NEGATIVE_GSUM, `Cannot have negative _gsum with non-negative buckets: ${family}_gsum is ${metric.sum}`, this.sumLine);
    }
  }
}
