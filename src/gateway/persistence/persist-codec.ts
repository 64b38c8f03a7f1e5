/**
 * Stored groups <-> plain JSON values for the persistence journal, exactly: every value
 * bit for bit (NaN, ±Inf and -0 as strings, since JSON has no spelling for them), the
 * push times, each family's push time, and the exemplars a protobuf push carries. Decoding checks the shape and throws
 * `CodecError` on anything else, so a damaged file is reported instead of half-loaded.
 */
import type { StoredGroup } from '../../merge/group-store.js';
import type { Bucket, Exemplar, HistogramMetric, Labels, MetricFamily, MetricType, Quantile, ScalarMetric, SummaryMetric } from '../../model.js';

class CodecError extends Error {
  override name = 'CodecError';
}

type Num = number | string;

interface FamilyJson {
  name: string;
  type: MetricType;
  help?: string;
  unit?: string;
  metrics: MetricJson[];
}

/** An exemplar: labels, value and, when it has one, timestamp in float seconds. */
type ExemplarJson = [string[], Num] | [string[], Num, Num];

interface MetricJson {
  labels: string[];
  value?: Num;
  exemplar?: ExemplarJson;
  quantiles?: Array<[Num, Num]>;
  /** `[le, count]`, and the bucket's exemplar third when it has one. */
  buckets?: Array<[Num, Num] | [Num, Num, ExemplarJson]>;
  sum?: Num;
  count?: Num;
}

export interface GroupJson {
  labels: string[];
  pushTime: Num;
  failureTime: Num;
  pushedAt: Array<[string, Num]>;
  families: FamilyJson[];
}

export function encodeGroup(group: StoredGroup): GroupJson {
  return {
    labels: group.labels,
    pushTime: num(group.pushTimeSeconds),
    failureTime: num(group.pushFailureTimeSeconds),
    pushedAt: [...group.pushedAt].map(([name, at]) => [name, num(at)]),
    families: group.families.map(encodeFamily),
  };
}

function encodeFamily(family: MetricFamily): FamilyJson {
  const out: FamilyJson = { name: family.name, type: family.type, metrics: [] };
  if (family.help !== undefined) out.help = family.help;
  if (family.unit !== undefined) out.unit = family.unit;
  for (const m of family.metrics) {
    const json: MetricJson = { labels: m.labels };
    if ('value' in m) json.value = num(m.value);
    if ('exemplar' in m && m.exemplar !== undefined) json.exemplar = encodeExemplar(m.exemplar);
    if ('quantiles' in m) json.quantiles = m.quantiles.map((q) => [num(q.quantile), num(q.value)]);
    if ('buckets' in m)
      json.buckets = m.buckets.map((b) => (b.exemplar === undefined ? [num(b.le), num(b.count)] : [num(b.le), num(b.count), encodeExemplar(b.exemplar)]));
    if ('sum' in m && m.sum !== undefined) json.sum = num(m.sum);
    if ('count' in m && m.count !== undefined) json.count = num(m.count);
    out.metrics.push(json);
  }
  return out;
}

function encodeExemplar(e: Exemplar): ExemplarJson {
  return e.timestamp === undefined ? [e.labels, num(e.value)] : [e.labels, num(e.value), num(e.timestamp)];
}

function decodeExemplar(value: unknown): Exemplar {
  const [exemplarLabels, v, timestamp] = array(value, 'exemplar');
  const exemplar: Exemplar = { labels: labels(exemplarLabels), value: decodeNum(v) };
  if (timestamp !== undefined) exemplar.timestamp = decodeNum(timestamp);
  return exemplar;
}

function num(x: number): Num {
  if (Number.isFinite(x)) return Object.is(x, -0) ? '-0' : x;
  return x !== x ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
}

const SPECIAL: Record<string, number> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity, '-0': -0 };
const SCALAR_TYPES = new Set(['counter', 'gauge', 'untyped', 'unknown', 'info', 'stateset']);

export function decodeGroup(value: unknown): StoredGroup {
  const g = object(value, 'group');
  const pushedAt = new Map<string, number>();
  for (const pair of array(g.pushedAt, 'pushedAt')) {
    const [name, at] = array(pair, 'pushedAt entry');
    pushedAt.set(string(name, 'pushedAt name'), decodeNum(at));
  }
  return {
    labels: labels(g.labels),
    pushTimeSeconds: decodeNum(g.pushTime),
    pushFailureTimeSeconds: decodeNum(g.failureTime),
    pushedAt,
    families: array(g.families, 'families').map(decodeFamily),
  };
}

export function decodeLabels(value: unknown): Labels {
  return labels(value);
}

function decodeFamily(value: unknown): MetricFamily {
  const f = object(value, 'family');
  const type = string(f.type, 'type') as MetricType;
  const metrics = array(f.metrics, 'metrics').map((v) => object(v, 'metric'));
  const family = { name: string(f.name, 'name'), type } as MetricFamily;
  if (f.help !== undefined) family.help = string(f.help, 'help');
  if (f.unit !== undefined) family.unit = string(f.unit, 'unit');
  if (SCALAR_TYPES.has(type)) {
    family.metrics = metrics.map((m): ScalarMetric => {
      const metric: ScalarMetric = { labels: labels(m.labels), value: decodeNum(m.value) };
      if (m.exemplar !== undefined) metric.exemplar = decodeExemplar(m.exemplar);
      return metric;
    });
  } else if (type === 'summary') {
    family.metrics = metrics.map((m): SummaryMetric => {
      const quantiles = array(m.quantiles, 'quantiles').map((q): Quantile => {
        const [quantile, v] = array(q, 'quantile');
        return { quantile: decodeNum(quantile), value: decodeNum(v) };
      });
      return withSumCount<SummaryMetric>({ labels: labels(m.labels), quantiles }, m);
    });
  } else if (type === 'histogram' || type === 'gaugehistogram') {
    family.metrics = metrics.map((m): HistogramMetric => {
      const buckets = array(m.buckets, 'buckets').map((b): Bucket => {
        const [le, count, exemplar] = array(b, 'bucket');
        const bucket: Bucket = { le: decodeNum(le), count: decodeNum(count) };
        if (exemplar !== undefined) bucket.exemplar = decodeExemplar(exemplar);
        return bucket;
      });
      return withSumCount<HistogramMetric>({ labels: labels(m.labels), buckets }, m);
    });
  } else {
    throw new CodecError(`unknown family type ${JSON.stringify(type)}`);
  }
  return family;
}

function withSumCount<M extends { sum?: number; count?: number }>(metric: M, json: Record<string, unknown>): M {
  if (json.sum !== undefined) metric.sum = decodeNum(json.sum);
  if (json.count !== undefined) metric.count = decodeNum(json.count);
  return metric;
}

function decodeNum(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && Object.hasOwn(SPECIAL, value)) return SPECIAL[value];
  throw new CodecError(`expected a number, got ${JSON.stringify(value)}`);
}

function labels(value: unknown): Labels {
  const list = array(value, 'labels');
  if (list.length % 2 !== 0 || !list.every((s) => typeof s === 'string')) throw new CodecError('labels must be name/value string pairs');
  return list as Labels;
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CodecError(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new CodecError(`${what}: expected an array`);
  return value;
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new CodecError(`${what}: expected a string`);
  return value;
}
