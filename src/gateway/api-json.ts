/**
 * The JSON API bodies in Pushgateway's shapes (api/v1/api.go): `/api/v1/metrics` (one
 * object per group, here ordered by grouping key; a group with a time to live also has
 * `expires_at`, which Pushgateway's groups never have) and `/api/v1/status`. Numbers are
 * strings as Go's `%v` prints them; object keys come in the order Go's encoder writes
 * them (sorted, for maps). The text is built by hand because a JavaScript object would
 * move integer-like keys such as a bucket's `"1"` to the front. A histogram with native
 * spans shows its native buckets, as Pushgateway 1.8+ does (native-buckets.ts).
 */
import { seriesLabels } from '../merge/grouping-labels.js';
import type { StoredGroup } from '../merge/group-store.js';
import { pushTimeFamilies } from '../merge/push-time.js';
import type { HistogramMetric, Labels, MetricFamily, MetricType, ScalarMetric, SummaryMetric } from '../model.js';
import { compareStrings } from '../order.js';
import { formatFloat } from '../render/format-float.js';
import { fitsUint64 } from '../protobuf/counts.js';
import { hasExponentialSchema, nativeBuckets } from '../render/native-buckets.js';
import { rfc3339Nano } from './time-format.js';

const API_TYPE: Record<MetricType, string> = {
  counter: 'COUNTER',
  gauge: 'GAUGE',
  summary: 'SUMMARY',
  histogram: 'HISTOGRAM',
  gaugehistogram: 'GAUGE_HISTOGRAM',
  untyped: 'UNTYPED',
  unknown: 'UNTYPED',
  info: 'GAUGE',
  stateset: 'GAUGE',
};

/** `{"status":"success","data":...}` around an already encoded value. */
export function success(data: string): string {
  return `{"status":"success","data":${data}}`;
}

/** The body of GET /api/v1/metrics, `success` around the groups in the order given, in pieces: one per group. */
export function* metricsBody(groups: Iterable<StoredGroup>): Generator<string> {
  yield '{"status":"success","data":[';
  let first = true;
  for (const group of groups) {
    yield first ? groupJson(group) : `,${groupJson(group)}`;
    first = false;
  }
  yield ']}';
}

function groupJson(group: StoredGroup): string {
  const entries = new Map<string, string>();
  entries.set('labels', labelsJson(group.labels));
  entries.set('last_push_successful', String(!(group.pushFailureTimeSeconds > group.pushTimeSeconds)));
  // Only a group with a time to live has it (expiry is opt-in): RFC3339, as time_stamp.
  if (group.expiresAt !== undefined) entries.set('expires_at', JSON.stringify(rfc3339Nano(group.expiresAt)));
  // As in Pushgateway, a family named "labels" would replace that key.
  for (const family of [...group.families, ...pushTimeFamilies(group)]) {
    entries.set(family.name, familyJson(family, group));
  }
  return sortedObject(entries);
}

function familyJson(family: MetricFamily, group: StoredGroup): string {
  const at = group.pushedAt.get(family.name) ?? group.pushTimeSeconds;
  let out = `{"time_stamp":${JSON.stringify(rfc3339Nano(at))},"type":"${API_TYPE[family.type]}"`;
  if (family.help) out += `,"help":${JSON.stringify(family.help)}`;
  const metrics = (family.metrics as Array<ScalarMetric | SummaryMetric | HistogramMetric>).map((m) => {
    const labels = labelsJson(seriesLabels(m.labels, group.labels));
    if ('quantiles' in m) {
      const quantiles = new Map(m.quantiles.map((q) => [goFloat(q.quantile), JSON.stringify(goFloat(q.value))]));
      return `{"count":${JSON.stringify(count(m.count))},"labels":${labels},"quantiles":${sortedObject(quantiles)},"sum":${JSON.stringify(goFloat(m.sum ?? 0))}}`;
    }
    if ('buckets' in m && hasNativeSpans(m) && hasExponentialSchema(m)) {
      return `{"buckets":${nativeBucketsJson(m)},"count":${JSON.stringify(nativeCount(m))},"labels":${labels},"sum":${JSON.stringify(goFloat(m.sum ?? 0))}}`;
    }
    if ('buckets' in m) {
      const buckets = new Map(m.buckets.map((b) => [goFloat(b.le), JSON.stringify(count(b.count))]));
      return `{"buckets":${sortedObject(buckets)},"count":${JSON.stringify(count(m.count))},"labels":${labels},"sum":${JSON.stringify(goFloat(m.sum ?? 0))}}`;
    }
    return `{"labels":${labels},"value":${JSON.stringify(goFloat(m.value))}}`;
  });
  return `${out},"metrics":[${metrics.join(',')}]}`;
}

/** Pushgateway shows a histogram with native spans by its native buckets, else by its classic ones. */
function hasNativeSpans(m: HistogramMetric): boolean {
  return (m.negativeSpans?.length ?? 0) + (m.positiveSpans?.length ?? 0) > 0;
}

/** A float histogram as Pushgateway tells one: its count or zero count came in a float field, above 0. */
function isFloatHistogram(m: HistogramMetric): boolean {
  const inFloat = (x: number | undefined) => x !== undefined && x > 0 && (m.floatCounts === true || !fitsUint64(x));
  return inFloat(m.count) || inFloat(m.zeroCount);
}

function nativeCount(m: HistogramMetric): string {
  return isFloatHistogram(m) ? formatFloat(m.count ?? 0) : count(m.count);
}

/** `[[boundaries, "lower", "upper", "count"], ...]`, as Pushgateway's histogram package writes them. */
function nativeBucketsJson(m: HistogramMetric): string {
  const float = isFloatHistogram(m);
  const rows = nativeBuckets(m).map(
    (b) =>
      `[${b.boundaries},${JSON.stringify(formatFloat(b.lower))},${JSON.stringify(formatFloat(b.upper))},${JSON.stringify(float ? formatFloat(b.count) : count(b.count))}]`,
  );
  return `[${rows.join(',')}]`;
}

/** A float as Pushgateway's API writes it, Go's `fmt.Sprint`: the text format's spelling, but `-0` keeps its sign. */
function goFloat(x: number): string {
  return Object.is(x, -0) ? '-0' : formatFloat(x);
}

/** Counts are uint64 in Go: whole numbers, printed without exponent. */
function count(x: number | undefined): string {
  if (x === undefined) return '0';
  if (Number.isFinite(x) && x >= 0) return BigInt(Math.trunc(x)).toString();
  return formatFloat(x);
}

export function labelsJson(labels: Labels): string {
  const entries = new Map<string, string>();
  for (let i = 0; i < labels.length; i += 2) entries.set(labels[i], JSON.stringify(labels[i + 1]));
  return sortedObject(entries);
}

/** A JSON object of already encoded values, keys in Go's (byte) order. */
function sortedObject(entries: Map<string, string>): string {
  const keys = [...entries.keys()].sort(compareStrings);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${entries.get(k)}`).join(',')}}`;
}

export interface StatusInfo {
  version: string;
  flags: Record<string, string>;
  startTime: Date;
}

/** `data` of GET /api/v1/status. */
export function statusData(info: StatusInfo): string {
  const build = new Map(
    Object.entries({
      branch: '',
      buildDate: '',
      buildUser: '',
      goVersion: '',
      nodeVersion: process.version,
      revision: '',
      version: info.version,
    }).map(([k, v]) => [k, JSON.stringify(v)]),
  );
  const flags = new Map(Object.entries(info.flags).map(([k, v]) => [k, JSON.stringify(v)]));
  return `{"build_information":${sortedObject(build)},"flags":${sortedObject(flags)},"start_time":${JSON.stringify(rfc3339Nano(info.startTime.getTime() / 1000))}}`;
}
