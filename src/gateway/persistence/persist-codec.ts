/**
 * Stored groups <-> plain JSON values for the persistence journal, exactly: every value
 * bit for bit (NaN, ±Inf and -0 as strings, since JSON has no spelling for them), the
 * push times, and each family's push time; every field a push can carry (exemplars,
 * created timestamps, a histogram's native buckets) is kept, each written only when set.
 * Decoding checks the shape and throws `CodecError` on anything else, so a damaged file
 * is reported instead of half-loaded.
 */
import type { StoredGroup } from '../../merge/group-store.js';
import type {
  Bucket,
  BucketSpan,
  Exemplar,
  HistogramMetric,
  Instant,
  Labels,
  Metric,
  MetricFamily,
  MetricType,
  Quantile,
  ScalarMetric,
  SummaryMetric,
} from '../../model.js';

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

interface ExemplarJson {
  labels: string[];
  value: Num;
  timestamp?: Num;
  instant?: [number, number];
}

interface MetricJson {
  labels: string[];
  /** Never in a push the gateway accepts; kept should a store hold one. */
  timestampMs?: number;
  timestampSeconds?: Num;
  value?: Num;
  exemplar?: ExemplarJson;
  quantiles?: Array<[Num, Num]>;
  /** `[le, count]`, or `[le, count, exemplar]`. */
  buckets?: Array<[Num, Num] | [Num, Num, ExemplarJson]>;
  sum?: Num;
  count?: Num;
  created?: Num;
  createdInstant?: [number, number];
  native?: NativeJson;
}

/** A histogram's native parts, each only when set. */
interface NativeJson {
  floatCounts?: true;
  schema?: number;
  zeroThreshold?: Num;
  zeroCount?: Num;
  negativeSpans?: Array<[number, number]>;
  negativeDeltas?: number[];
  negativeCounts?: Num[];
  positiveSpans?: Array<[number, number]>;
  positiveDeltas?: number[];
  positiveCounts?: Num[];
  exemplars?: ExemplarJson[];
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

/**
 * A group changed from `previous`: each family it kept from it (the same object) is
 * written as its index among `previous`'s families, so a change costs what it carries,
 * not what the group holds.
 */
export interface GroupChangeJson extends Omit<GroupJson, 'families'> {
  families: Array<FamilyJson | number>;
}

export function encodeGroup(group: StoredGroup): GroupJson {
  return { ...groupShell(group), families: group.families.map(encodeFamily) };
}

/** The group as a change of `previous`, or undefined when it kept none of its families (then write it whole). */
export function encodeGroupChange(group: StoredGroup, previous: StoredGroup): GroupChangeJson | undefined {
  const kept = new Map(previous.families.map((f, i) => [f, i]));
  if (!group.families.some((f) => kept.has(f))) return undefined;
  return { ...groupShell(group), families: group.families.map((f) => kept.get(f) ?? encodeFamily(f)) };
}

function groupShell(group: StoredGroup): Omit<GroupJson, 'families'> {
  const out: Omit<GroupJson, 'families'> = {
    labels: group.labels,
    pushTime: num(group.pushTimeSeconds),
    failureTime: num(group.pushFailureTimeSeconds),
    pushedAt: [...group.pushedAt].map(([name, at]) => [name, num(at)]),
  };
  if (group.expiresAt !== undefined) out.expiresAt = group.expiresAt;
  return out;
}

function encodeFamily(family: MetricFamily): FamilyJson {
  return { ...familyShell(family), metrics: (family.metrics as Metric[]).map(encodeMetric) };
}

function familyShell(family: MetricFamily): Omit<FamilyJson, 'metrics'> {
  const out: Omit<FamilyJson, 'metrics'> = { name: family.name, type: family.type };
  if (family.help !== undefined) out.help = family.help;
  if (family.unit !== undefined) out.unit = family.unit;
  return out;
}

/**
 * The JSON text of `{"op":"set","group":...}` for this group (what JSON.stringify of
 * `encodeGroup` gives, as a value), in pieces of a few series each: a big group is
 * written out without one long synchronous step, nor one string of its whole size.
 */
export function* setRecordPieces(group: StoredGroup, seriesPerPiece = 256): Generator<string> {
  yield `{"op":"set","group":${JSON.stringify(groupShell(group)).slice(0, -1)},"families":[`;
  for (let f = 0; f < group.families.length; f++) {
    const family = group.families[f];
    let piece = `${f > 0 ? ',' : ''}${JSON.stringify(familyShell(family)).slice(0, -1)},"metrics":[`;
    const metrics = family.metrics as Metric[];
    for (let i = 0; i < metrics.length; i++) {
      piece += `${i > 0 ? ',' : ''}${JSON.stringify(encodeMetric(metrics[i]))}`;
      if ((i + 1) % seriesPerPiece === 0) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}]}`;
  }
  yield ']}}';
}

function encodeMetric(m: Metric): MetricJson {
  const json: MetricJson = { labels: m.labels };
  if (m.timestampMs !== undefined) json.timestampMs = m.timestampMs;
  if (m.timestampSeconds !== undefined) json.timestampSeconds = num(m.timestampSeconds);
  if ('value' in m) {
    json.value = num(m.value);
    if (m.exemplar !== undefined) json.exemplar = encodeExemplar(m.exemplar);
  }
  if ('quantiles' in m) json.quantiles = m.quantiles.map((q) => [num(q.quantile), num(q.value)]);
  if ('buckets' in m)
    json.buckets = m.buckets.map((b) => (b.exemplar === undefined ? [num(b.le), num(b.count)] : [num(b.le), num(b.count), encodeExemplar(b.exemplar)]));
  if ('sum' in m && m.sum !== undefined) json.sum = num(m.sum);
  if ('count' in m && m.count !== undefined) json.count = num(m.count);
  if (m.created !== undefined) json.created = num(m.created);
  if (m.createdInstant !== undefined) json.createdInstant = instant(m.createdInstant);
  if ('buckets' in m) {
    const native = encodeNative(m);
    if (native !== undefined) json.native = native;
  }
  return json;
}

function encodeExemplar(e: Exemplar): ExemplarJson {
  const out: ExemplarJson = { labels: e.labels, value: num(e.value) };
  if (e.timestamp !== undefined) out.timestamp = num(e.timestamp);
  if (e.timestampInstant !== undefined) out.instant = instant(e.timestampInstant);
  return out;
}

function instant(i: Instant): [number, number] {
  return [i.seconds, i.nanos];
}

function encodeNative(m: HistogramMetric): NativeJson | undefined {
  const out: NativeJson = {};
  if (m.floatCounts) out.floatCounts = true;
  if (m.schema !== undefined) out.schema = m.schema;
  if (m.zeroThreshold !== undefined) out.zeroThreshold = num(m.zeroThreshold);
  if (m.zeroCount !== undefined) out.zeroCount = num(m.zeroCount);
  if (m.negativeSpans !== undefined) out.negativeSpans = m.negativeSpans.map((s) => [s.offset, s.length]);
  if (m.negativeDeltas !== undefined) out.negativeDeltas = m.negativeDeltas;
  if (m.negativeCounts !== undefined) out.negativeCounts = m.negativeCounts.map(num);
  if (m.positiveSpans !== undefined) out.positiveSpans = m.positiveSpans.map((s) => [s.offset, s.length]);
  if (m.positiveDeltas !== undefined) out.positiveDeltas = m.positiveDeltas;
  if (m.positiveCounts !== undefined) out.positiveCounts = m.positiveCounts.map(num);
  if (m.exemplars !== undefined) out.exemplars = m.exemplars.map(encodeExemplar);
  return Object.keys(out).length > 0 ? out : undefined;
}

function num(x: number): Num {
  if (Number.isFinite(x)) return Object.is(x, -0) ? '-0' : x;
  return x !== x ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
}

const SPECIAL: Record<string, number> = { NaN: NaN, '+Inf': Infinity, '-Inf': -Infinity, '-0': -0 };
const SCALAR_TYPES = new Set(['counter', 'gauge', 'untyped', 'unknown', 'info', 'stateset']);

/**
 * A group written by `encodeGroup`, or by `encodeGroupChange` given `previous`, the state
 * that change was made to (whose families it names).
 */
export function decodeGroup(value: unknown, previous?: StoredGroup): StoredGroup {
  const g = object(value, 'group');
  const family = (json: unknown): MetricFamily => {
    if (typeof json !== 'number') return decodeFamily(json);
    const kept = previous?.families[json];
    if (kept === undefined) throw new CodecError(`family ${json} is kept from the group's earlier state, which does not have it`);
    return kept;
  };
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
    families: array(g.families, 'families').map(family),
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

/** The labels of a group as `encodeGroup` or `encodeGroupChange` wrote it (to find the state a change applies to). */
export function decodeGroupLabels(value: unknown): Labels {
  return labels(object(value, 'group').labels);
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
      return withCreated(metric, m);
    });
  } else if (type === 'summary') {
    family.metrics = metrics.map((m): SummaryMetric => {
      const quantiles = array(m.quantiles, 'quantiles').map((q): Quantile => {
        const [quantile, v] = array(q, 'quantile');
        return { quantile: decodeNum(quantile), value: decodeNum(v) };
      });
      return withCreated(withSumCount<SummaryMetric>({ labels: labels(m.labels), quantiles }, m), m);
    });
  } else if (type === 'histogram' || type === 'gaugehistogram') {
    family.metrics = metrics.map((m): HistogramMetric => {
      const buckets = array(m.buckets, 'buckets').map((b): Bucket => {
        const [le, count, exemplar] = array(b, 'bucket');
        const bucket: Bucket = { le: decodeNum(le), count: decodeNum(count) };
        if (exemplar !== undefined) bucket.exemplar = decodeExemplar(exemplar);
        return bucket;
      });
      const metric = withCreated(withSumCount<HistogramMetric>({ labels: labels(m.labels), buckets }, m), m);
      if (m.native !== undefined) decodeNative(metric, object(m.native, 'native'));
      return metric;
    });
  } else {
    throw new CodecError(`unknown family type ${JSON.stringify(type)}`);
  }
  for (let i = 0; i < metrics.length; i++) {
    const json = metrics[i];
    const metric = family.metrics[i];
    if (json.timestampMs !== undefined) metric.timestampMs = integer(json.timestampMs, 'timestampMs');
    if (json.timestampSeconds !== undefined) metric.timestampSeconds = decodeNum(json.timestampSeconds);
  }
  return family;
}

function withSumCount<M extends { sum?: number; count?: number }>(metric: M, json: Record<string, unknown>): M {
  if (json.sum !== undefined) metric.sum = decodeNum(json.sum);
  if (json.count !== undefined) metric.count = decodeNum(json.count);
  return metric;
}

function withCreated<M extends { created?: number; createdInstant?: Instant }>(metric: M, json: Record<string, unknown>): M {
  if (json.created !== undefined) metric.created = decodeNum(json.created);
  if (json.createdInstant !== undefined) metric.createdInstant = decodeInstant(json.createdInstant);
  return metric;
}

function decodeExemplar(value: unknown): Exemplar {
  const e = object(value, 'exemplar');
  const exemplar: Exemplar = { labels: labels(e.labels), value: decodeNum(e.value) };
  if (e.timestamp !== undefined) exemplar.timestamp = decodeNum(e.timestamp);
  if (e.instant !== undefined) exemplar.timestampInstant = decodeInstant(e.instant);
  return exemplar;
}

function decodeInstant(value: unknown): Instant {
  const [seconds, nanos] = array(value, 'instant');
  return { seconds: integer(seconds, 'instant seconds'), nanos: integer(nanos, 'instant nanos') };
}

function decodeNative(metric: HistogramMetric, n: Record<string, unknown>): void {
  if (n.floatCounts !== undefined) {
    if (n.floatCounts !== true) throw new CodecError('floatCounts: expected true');
    metric.floatCounts = true;
  }
  if (n.schema !== undefined) metric.schema = integer(n.schema, 'schema');
  if (n.zeroThreshold !== undefined) metric.zeroThreshold = decodeNum(n.zeroThreshold);
  if (n.zeroCount !== undefined) metric.zeroCount = decodeNum(n.zeroCount);
  if (n.negativeSpans !== undefined) metric.negativeSpans = decodeSpans(n.negativeSpans);
  if (n.negativeDeltas !== undefined) metric.negativeDeltas = array(n.negativeDeltas, 'negativeDeltas').map((d) => integer(d, 'delta'));
  if (n.negativeCounts !== undefined) metric.negativeCounts = array(n.negativeCounts, 'negativeCounts').map(decodeNum);
  if (n.positiveSpans !== undefined) metric.positiveSpans = decodeSpans(n.positiveSpans);
  if (n.positiveDeltas !== undefined) metric.positiveDeltas = array(n.positiveDeltas, 'positiveDeltas').map((d) => integer(d, 'delta'));
  if (n.positiveCounts !== undefined) metric.positiveCounts = array(n.positiveCounts, 'positiveCounts').map(decodeNum);
  if (n.exemplars !== undefined) metric.exemplars = array(n.exemplars, 'exemplars').map(decodeExemplar);
}

function decodeSpans(value: unknown): BucketSpan[] {
  return array(value, 'spans').map((s) => {
    const [offset, length] = array(s, 'span');
    return { offset: integer(offset, 'span offset'), length: integer(length, 'span length') };
  });
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new CodecError(`${what}: expected an integer, got ${JSON.stringify(value)}`);
  return value;
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
