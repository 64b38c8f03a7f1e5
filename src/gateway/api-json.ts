/**
 * The JSON API bodies in Pushgateway's shapes (api/v1/api.go): `/api/v1/metrics` (one
 * object per group, here ordered by grouping key; a group with a time to live also has
 * `expires_at`, which Pushgateway's groups never have) and `/api/v1/status`. Numbers are
 * strings as Go's `%v` prints them; object keys come in the order Go's encoder writes
 * them (sorted, for maps). The text is built by hand because a JavaScript object would
 * move integer-like keys such as a bucket's `"1"` to the front.
 */
import { seriesLabels } from '../merge/grouping-labels.js';
import type { StoredGroup } from '../merge/group-store.js';
import { pushTimeFamilies } from '../merge/push-time.js';
import type { HistogramMetric, Labels, MetricFamily, MetricType, ScalarMetric, SummaryMetric } from '../model.js';
import { compareStrings } from '../order.js';
import { formatFloat } from '../render/format-float.js';
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

/** `data` of GET /api/v1/metrics: the groups in the order given. */
export function metricsData(groups: readonly StoredGroup[]): string {
  return `[${groups.map(groupJson).join(',')}]`;
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
      const quantiles = new Map(m.quantiles.map((q) => [formatFloat(q.quantile), JSON.stringify(formatFloat(q.value))]));
      return `{"count":${JSON.stringify(count(m.count))},"labels":${labels},"quantiles":${sortedObject(quantiles)},"sum":${JSON.stringify(formatFloat(m.sum ?? 0))}}`;
    }
    if ('buckets' in m) {
      const buckets = new Map(m.buckets.map((b) => [formatFloat(b.le), JSON.stringify(count(b.count))]));
      return `{"buckets":${sortedObject(buckets)},"count":${JSON.stringify(count(m.count))},"labels":${labels},"sum":${JSON.stringify(formatFloat(m.sum ?? 0))}}`;
    }
    return `{"labels":${labels},"value":${JSON.stringify(formatFloat(m.value))}}`;
  });
  return `${out},"metrics":[${metrics.join(',')}]}`;
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
