/**
 * Turns scanned lines into metric families with the grouping rules of the Go reference
 * (expfmt `TextToMetricFamilies`): which family a sample name belongs to, TYPE/HELP
 * placement, and the folding of summary and histogram lines into one metric per label
 * set. Where the reference silently drops or truncates data, this raises an error.
 *
 * Two modes. `whole` keeps every family until the end, so a family split into several
 * runs of lines comes out as one. `stream` hands a family over as soon as another family
 * starts, holding only the current one; a family that comes back later is handed over
 * again as a further fragment with the same name.
 */
import { type Code, ParseCode } from '../../diagnostics.js';
import type { HistogramMetric, Labels, Metric, MetricFamily, MetricType, ScalarMetric, SummaryMetric } from '../../model.js';
import { parseGoFloatString } from '../core/float.js';
import { goQuote } from '../core/go-quote.js';
import { labelSetKey } from '../../labels.js';
import { LineError, type LineSink, type SampleLine } from '../types.js';

/** What the builder knows of a family name across the whole input. */
interface FamilyState {
  name: string;
  type: MetricType | undefined;
  help: string | undefined;
  line: number;
  /** The family object receiving metrics now, if any. */
  family: MetricFamily | undefined;
  /** Summary/histogram metrics by label set (order ignored), for the current family object. */
  groups: Map<string, SummaryMetric | HistogramMetric> | undefined;
  lastGroup: SummaryMetric | HistogramMetric | undefined;
  /** Stream mode: a fragment of this family was handed over already. */
  emitted: boolean;
}

/** How a sample name relates to the family it resolved to. */
const Role = { Plain: 0, Count: 1, Sum: 2, Bucket: 3 } as const;
type Role = (typeof Role)[keyof typeof Role];

const TYPE_WORDS: Record<string, MetricType> = {
  counter: 'counter',
  gauge: 'gauge',
  summary: 'summary',
  untyped: 'untyped',
  histogram: 'histogram',
  gauge_histogram: 'gaugehistogram',
  gaugehistogram: 'gaugehistogram',
};

export class FamilyBuilder implements LineSink {
  private readonly states = new Map<string, FamilyState>();
  private current: FamilyState | undefined;
  /** Whole mode: families in order of their first sample. */
  readonly families: MetricFamily[] = [];
  // What the last name resolved to: HELP, TYPE and sample lines mostly repeat the name
  // before them, and the scanner hands it over as the same string, so this is a pointer compare.
  private lastName = '';
  private lastState: FamilyState | undefined;
  private lastRole: Role = Role.Plain;

  constructor(
    private readonly mode: 'whole' | 'stream',
    private readonly emit: (family: MetricFamily) => void = () => {},
  ) {}

  /** `# HELP name` or `# TYPE name` with nothing after the name still names the family. */
  touch(name: string, line: number): void {
    this.switchTo(this.resolve(name, line));
  }

  help(name: string, text: string, line: number, index: number): void {
    const state = this.resolve(name, line);
    if (state.help !== undefined) {
      throw new LineError(ParseCode.DUPLICATE_HELP, `second HELP line for metric name ${goQuote(state.name)}`, index, state.name);
    }
    this.switchTo(state);
    state.help = this.keep(text);
    if (state.family) state.family.help = state.help;
    else if (state.emitted) this.openFamily(state); // a later fragment carries the help
  }

  type(name: string, word: string, line: number, typeIndex: number, nameIndex: number): void {
    const state = this.resolve(name, line);
    if (state.type !== undefined) {
      throw new LineError(
        ParseCode.DUPLICATE_TYPE,
        `second TYPE line for metric name ${goQuote(state.name)}, or TYPE reported after samples`,
        nameIndex,
        state.name,
      );
    }
    const type = TYPE_WORDS[word.toLowerCase()];
    if (type === undefined) throw new LineError(ParseCode.UNKNOWN_TYPE, `unknown metric type ${goQuote(word)}`, typeIndex, state.name);
    this.switchTo(state);
    state.type = type;
  }

  sample(s: SampleLine, line: number): void {
    const state = this.resolve(s.name, line);
    const role = this.lastRole;
    if (state.type === undefined) state.type = 'untyped';
    this.switchTo(state);
    const type = state.type;
    if (type === 'summary') this.summarySample(state, role, s, line);
    else if (type === 'histogram' || type === 'gaugehistogram') this.histogramSample(state, role, s, line);
    else {
      const metric: ScalarMetric = { labels: s.labels, value: s.value, line };
      if (s.timestampMs !== undefined) metric.timestampMs = s.timestampMs;
      // A typed local rather than model.ts's metricsOf: per sample, this load keeps an inline cache of its own.
      const metrics: Metric[] = (state.family ?? this.openFamily(state)).metrics;
      metrics.push(metric);
    }
  }

  /** Hands over what is still held (stream mode); whole mode's result is `families`. */
  finish(): void {
    if (this.mode === 'stream' && this.current) this.flush(this.current);
    this.current = undefined;
  }

  private summarySample(state: FamilyState, role: Role, s: SampleLine, line: number): void {
    const at = labelAt(s.labels, 'quantile');
    if (role !== Role.Plain) {
      if (at >= 0) throw misplaced(s, at, 'quantile', role, state.name);
      setSumOrCount(this.group(state, s, line, true), role, s, state.name);
      return;
    }
    if (at < 0) {
      throw new LineError(
        ParseCode.MISSING_QUANTILE,
        `summary sample ${goQuote(s.name)} has no 'quantile' label (the Go reference drops such a line)`,
        s.nameIndex,
        state.name,
      );
    }
    const quantile = boundLabel(s, at, 'quantile', ParseCode.INVALID_QUANTILE, state.name);
    const value = s.value;
    s.labels.splice(at, 2);
    const metric = this.group(state, s, line, true);
    metric.quantiles.push({ quantile, value });
  }

  private histogramSample(state: FamilyState, role: Role, s: SampleLine, line: number): void {
    const at = labelAt(s.labels, 'le');
    if (role === Role.Plain) {
      throw new LineError(
        ParseCode.HISTOGRAM_BARE_SAMPLE,
        `sample ${goQuote(s.name)} of histogram ${goQuote(state.name)} needs a _bucket, _sum or _count suffix (the Go reference drops its value)`,
        s.nameIndex,
        state.name,
      );
    }
    if (role !== Role.Bucket) {
      if (at >= 0) throw misplaced(s, at, 'le', role, state.name);
      if (role === Role.Count && s.value < 0) {
        throw new LineError(ParseCode.NEGATIVE_COUNT, `negative count for histogram ${goQuote(state.name)}`, s.valueIndex, state.name);
      }
      setSumOrCount(this.group(state, s, line, false), role, s, state.name);
      return;
    }
    if (at < 0) {
      throw new LineError(
        ParseCode.MISSING_LE,
        `bucket sample ${goQuote(s.name)} has no 'le' label (the Go reference drops such a line)`,
        s.nameIndex,
        state.name,
      );
    }
    const le = boundLabel(s, at, 'le', ParseCode.INVALID_LE, state.name);
    if (s.value < 0) {
      throw new LineError(ParseCode.NEGATIVE_COUNT, `negative bucket population for histogram ${goQuote(state.name)}`, s.valueIndex, state.name);
    }
    s.labels.splice(at, 2);
    const metric = this.group(state, s, line, false);
    metric.buckets.push({ le, count: s.value });
  }

  /** The summary/histogram metric for this line's label set, created on first sight. */
  private group(state: FamilyState, s: SampleLine, line: number, summary: true): SummaryMetric;
  private group(state: FamilyState, s: SampleLine, line: number, summary: false): HistogramMetric;
  private group(state: FamilyState, s: SampleLine, line: number, summary: boolean): SummaryMetric | HistogramMetric {
    const labels = s.labels;
    let metric = state.lastGroup;
    if (metric === undefined || !sameLabelsInOrder(metric.labels, labels)) {
      const groups = (state.groups ??= new Map());
      const key = labelSetKey(labels);
      metric = groups.get(key);
      if (metric === undefined) {
        metric = summary ? { labels, quantiles: [], line } : { labels, buckets: [], line };
        groups.set(key, metric);
        const metrics: Metric[] = (state.family ?? this.openFamily(state)).metrics;
        metrics.push(metric);
      }
      state.lastGroup = metric;
    }
    // The Go reference keeps one timestamp per metric: the latest line's wins.
    if (s.timestampMs !== undefined) metric.timestampMs = s.timestampMs;
    return metric;
  }

  /**
   * In a stream, family states outlive the chunk their name and HELP were sliced from, and
   * V8 keeps a slice's parent alive: keep a copy. A whole input is alive anyway.
   */
  private keep(s: string): string {
    return this.mode === 'stream' && s.length >= 13 ? detached(s) : s; // shorter slices are copies already
  }

  private openFamily(state: FamilyState): MetricFamily {
    const family = { name: state.name, type: state.type ?? 'untyped', metrics: [] as Metric[], line: state.line } as MetricFamily;
    if (state.help !== undefined) family.help = state.help;
    state.family = family;
    if (this.mode === 'whole') this.families.push(family);
    return family;
  }

  private switchTo(state: FamilyState): void {
    if (state === this.current) return;
    if (this.mode === 'stream' && this.current) this.flush(this.current);
    this.current = state;
  }

  private flush(state: FamilyState): void {
    const family = state.family;
    if (family === undefined) return;
    state.family = undefined;
    state.groups = undefined;
    state.lastGroup = undefined;
    state.emitted = true;
    this.emit(family);
  }

  /** The state of the family `name` belongs to; `lastRole` says how it relates to it. */
  private resolve(name: string, line: number): FamilyState {
    if (name === this.lastName && this.lastState !== undefined) return this.lastState;
    const [state, role] = this.lookUp(name, line);
    this.lastName = name;
    this.lastState = state;
    this.lastRole = role;
    return state;
  }

  /** expfmt's lookup: the exact name, else a summary's _count/_sum, else a histogram's _count/_sum/_bucket. */
  private lookUp(name: string, line: number): [FamilyState, Role] {
    const exact = this.states.get(name);
    if (exact) return [exact, Role.Plain];
    const role = suffixRole(name);
    if (role !== Role.Plain) {
      const base = this.states.get(name.slice(0, name.length - SUFFIX_LENGTH[role]));
      if (base) {
        const t = base.type;
        if (role !== Role.Bucket && t === 'summary') return [base, role];
        if (t === 'histogram' || t === 'gaugehistogram') return [base, role];
      }
    }
    const state: FamilyState = {
      name: this.keep(name),
      type: undefined,
      help: undefined,
      line,
      family: undefined,
      groups: undefined,
      lastGroup: undefined,
      emitted: false,
    };
    this.states.set(state.name, state);
    return [state, Role.Plain];
  }
}

const SUFFIX_LENGTH = [0, 6, 4, 7];

function suffixRole(name: string): Role {
  const n = name.length;
  if (n > 6 && name.endsWith('_count')) return Role.Count;
  if (n > 4 && name.endsWith('_sum')) return Role.Sum;
  if (n > 7 && name.endsWith('_bucket')) return Role.Bucket;
  return Role.Plain;
}

function labelAt(labels: Labels, name: string): number {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === name) return i;
  return -1;
}

/** Parses an `le` or `quantile` label value, refusing NaN, which the Go reference drops silently. */
function boundLabel(s: SampleLine, at: number, name: 'le' | 'quantile', code: Code, family: string): number {
  const raw = s.labels[at + 1];
  const bound = parseGoFloatString(raw);
  const index = s.labelIndexes[at >> 1];
  if (bound === undefined) throw new LineError(code, `expected float as value for '${name}' label, got ${goQuote(raw)}`, index, family);
  if (Number.isNaN(bound)) {
    throw new LineError(code, `'${name}' label is NaN (the Go reference drops such a line)`, index, family);
  }
  return bound;
}

function misplaced(s: SampleLine, at: number, label: string, role: Role, family: string): LineError {
  const suffix = role === Role.Count ? '_count' : '_sum';
  return new LineError(
    ParseCode.MISPLACED_LABEL,
    `label '${label}' does not belong on a ${suffix} sample (the Go reference drops it)`,
    s.labelIndexes[at >> 1],
    family,
  );
}

/** Sets a summary's or histogram's _sum or _count; a second one would overwrite the first unseen. */
function setSumOrCount(metric: SummaryMetric | HistogramMetric, role: Role, s: SampleLine, family: string): void {
  const count = role === Role.Count;
  if ((count ? metric.count : metric.sum) !== undefined) {
    throw new LineError(
      ParseCode.DUPLICATE_SAMPLE,
      `second ${count ? '_count' : '_sum'} sample for this label set of ${goQuote(family)} (the Go reference keeps the last one)`,
      s.nameIndex,
      family,
    );
  }
  if (count) metric.count = s.value;
  else metric.sum = s.value;
}

function sameLabelsInOrder(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A flat copy of a string, sharing nothing with the string it came from. */
function detached(s: string): string {
  return (' ' + s).slice(1);
}
