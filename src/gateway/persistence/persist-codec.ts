/**
 * Stored groups <-> plain JSON values for the persistence journal, exactly: every value
 * bit for bit (NaN, ±Inf and -0 as strings, since JSON has no spelling for them), the
 * push times, and each family's push time. Decoding checks the shape and throws
 * `CodecError` on anything else, so a damaged file is reported instead of half-loaded.
 */
import type { StoredGroup } from '../../merge/group-store.js';
import type { Bucket, HistogramMetric, Labels, MetricFamily, MetricType, Quantile, ScalarMetric, SummaryMetric } from '../../model.js';

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

interface MetricJson {
  labels: string[];
  value?: Num;
  quantiles?: Array<[Num, Num]>;
  buckets?: Array<[Num, Num]>;
  sum?: Num;
  count?: Num;
}

export interface GroupJson {
  labels: string[];
  pushTime: Num;
  failureTime: Num;
  pushedAt: Array<[string, Num]>;
  families: FamilyJson[];
  /** Unix seconds; absent for a group that never expires (and in files of earlier versions). */
  expiresAt?: number;
}

export function encodeGroup(group: StoredGroup): GroupJson {
  const out: GroupJson = {
    labels: group.labels,
    pushTime: num(group.pushTimeSeconds),
    failureTime: num(group.pushFailureTimeSeconds),
    pushedAt: [...group.pushedAt].map(([name, at]) => [name, num(at)]),
    families: group.families.map(encodeFamily),
  };
  if (group.expiresAt !== undefined) out.expiresAt = group.expiresAt;
  return out;
}

function encodeFamily(family: MetricFamily): FamilyJson {
  const out: FamilyJson = { name: family.name, type: family.type, metrics: [] };
  if (family.help !== undefined) out.help = family.help;
  if (family.unit !== undefined) out.unit = family.unit;
  for (const m of family.metrics) {
    const json: MetricJson = { labels: m.labels };
    if ('value' in m) json.value = num(m.value);
    if ('quantiles' in m) json.quantiles = m.quantiles.map((q) => [num(q.quantile), num(q.value)]);
    if ('buckets' in m) json.buckets = m.buckets.map((b) => [num(b.le), num(b.count)]);
    if ('sum' in m && m.sum !== undefined) json.sum = num(m.sum);
    if ('count' in m && m.count !== undefined) json.count = num(m.count);
    out.metrics.push(json);
  }
  return out;
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
  const group: StoredGroup = {
    labels: labels(g.labels),
    pushTimeSeconds: decodeNum(g.pushTime),
    pushFailureTimeSeconds: decodeNum(g.failureTime),
    pushedAt,
    families: array(g.families, 'families').map(decodeFamily),
  };
  if (g.expiresAt !== undefined) {
    // Seconds a Date can hold: the API and the UI print it.
    if (typeof g.expiresAt !== 'number' || !(Math.abs(g.expiresAt) <= 8.64e12)) {
      throw new CodecError(`expiresAt: expected Unix seconds, got ${JSON.stringify(g.expiresAt)}`);
    }
    group.expiresAt = g.expiresAt;
  }
  return group;
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
    family.metrics = metrics.map((m): ScalarMetric => ({ labels: labels(m.labels), value: decodeNum(m.value) }));
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
        const [le, count] = array(b, 'bucket');
        return { le: decodeNum(le), count: decodeNum(count) };
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
