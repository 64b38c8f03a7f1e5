/**
 * The web UI's Metrics page: one collapsible card per group (sorted by grouping key, job
 * badge first, "Last push failed!" marked, a Delete Group button sending DELETE with
 * `@base64` segments; with a time to live, its expiry time), one card per family inside
 * (HELP, TYPE, last push time, the series and their values, summary and histogram tables;
 * a native histogram's schema and buckets as intervals), and a wipe button when the admin
 * API is on.
 */
import { seriesLabels } from '../../merge/grouping-labels.js';
import type { StoredGroup } from '../../merge/group-store.js';
import { PUSH_FAILURE_TIME, PUSH_TIME, pushTimeFamilies } from '../../merge/push-time.js';
import { type HistogramMetric, type Labels, type MetricFamily, type ScalarMetric, type SummaryMetric, isNativeHistogram } from '../../model.js';
import { compareStrings } from '../../order.js';
import { formatFloat } from '../../render/format-float.js';
import { type NativeBucket, hasExponentialSchema, nativeBuckets } from '../../render/native-buckets.js';
import { pushPath } from '../grouping-path.js';
import { rfc3339Nano } from '../time-format.js';
import { type PageOptions, escapeHtml, layoutFrame } from './layout.js';

/**
 * The Metrics page for `count` groups, given in grouping-key order, in pieces: the frame,
 * then a card per group.
 */
export function* metricsPage(groups: Iterable<StoredGroup>, count: number, options: PageOptions): Generator<string> {
  const [head, tail] = layoutFrame('Prometheus Pushgateway', options);
  yield head;
  if (options.adminApi && count > 0) {
    yield `<button class="wipe" data-wipe="api/v1/admin/wipe">Delete All ${count} Groups</button>`;
  }
  if (count === 0) yield '<p>No metrics have been pushed.</p>';
  for (const group of groups) yield groupCard(group, options.utf8Names === true);
  yield tail;
}

function groupCard(group: StoredGroup, utf8Names: boolean): string {
  const failed = group.pushFailureTimeSeconds > group.pushTimeSeconds;
  const families = [...group.families, ...pushTimeFamilies(group)].sort((a, b) => compareStrings(a.name, b.name));
  const deletePath = pushPath(group.labels, utf8Names).slice(1); // relative to the page, so the route prefix applies
  const expires = group.expiresAt === undefined ? '' : `<span class="time expires">expires: ${rfc3339Nano(group.expiresAt)}</span>`;
  return `<details class="group"><summary>${groupBadges(group.labels)}${failed ? '<span class="badge failed">Last push failed!</span>' : ''}${expires}<button data-delete="${escapeHtml(deletePath)}">Delete Group</button></summary>
${families.map((f) => familyCard(f, group)).join('\n')}</details>\n`;
}

/** `job` first, then the other grouping labels by name. */
function groupBadges(labels: Labels): string {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  pairs.sort((a, b) => (a[0] === 'job' ? -1 : b[0] === 'job' ? 1 : compareStrings(a[0], b[0])));
  return pairs
    .map(([n, v]) => `<span class="badge ${n === 'job' ? 'job' : n === 'instance' ? 'instance' : 'label'}">${escapeHtml(`${n}="${v}"`)}</span>`)
    .join('');
}

function familyCard(family: MetricFamily, group: StoredGroup): string {
  const at = group.pushedAt.get(family.name) ?? group.pushTimeSeconds;
  const help = family.help ? `<span class="badge help">${escapeHtml(family.help)}</span>` : '';
  const head = `<span class="name">${escapeHtml(family.name)}</span>${help}<span class="badge type">${family.type.toUpperCase()}</span><span class="time">last pushed: ${rfc3339Nano(at)}</span>`;
  const rows = (family.metrics as Array<ScalarMetric | SummaryMetric | HistogramMetric>).map((m) => {
    const labels = seriesLabels(m.labels, group.labels);
    let badges = '';
    for (let i = 0; i < labels.length; i += 2) badges += `<span class="badge label">${escapeHtml(`${labels[i]}="${labels[i + 1]}"`)}</span> `;
    return `<tr><td>${badges}</td><td>${valueCell(m, family.name)}</td></tr>`;
  });
  return `<details><summary>${head}</summary><table><tr><th>Labels</th><th>Value</th></tr>${rows.join('')}</table></details>`;
}

function valueCell(metric: ScalarMetric | SummaryMetric | HistogramMetric, name: string): string {
  if ('quantiles' in metric) {
    const rows = metric.quantiles.map((q) => `<tr><td>Quantile ${escapeHtml(formatFloat(q.quantile))}</td><td>${escapeHtml(formatFloat(q.value))}</td></tr>`);
    return `<table>${rows.join('')}${sumCount(metric)}</table>`;
  }
  if ('buckets' in metric) {
    const rows = metric.buckets.map((b) => `<tr><td>Sample values ≤ ${escapeHtml(formatFloat(b.le))}</td><td>${escapeHtml(formatFloat(b.count))}</td></tr>`);
    return `<table>${rows.join('')}${isNativeHistogram(metric) ? nativeRows(metric) : ''}${sumCount(metric)}</table>`;
  }
  const value = escapeHtml(formatFloat(metric.value));
  // The push times are easier to read as dates.
  if ((name === PUSH_TIME || name === PUSH_FAILURE_TIME) && metric.value > 0) return `${value} <span class="time">(${rfc3339Nano(metric.value)})</span>`;
  return value;
}

const INTERVAL: Record<NativeBucket['boundaries'], [string, string]> = { 0: ['(', ']'], 1: ['[', ')'], 3: ['[', ']'] };

/** A native histogram: its schema (and the growth factor of its buckets), then each non-empty bucket as an interval. */
function nativeRows(metric: HistogramMetric): string {
  const schema = metric.schema ?? 0;
  if (!hasExponentialSchema(metric)) return `<tr><td>Native schema</td><td>${escapeHtml(String(schema))} (custom buckets)</td></tr>`;
  const factor = formatFloat(Number((2 ** (2 ** -schema)).toPrecision(6)));
  let out = `<tr><td>Native schema</td><td>${schema} (each bucket ${escapeHtml(factor)}× the previous)</td></tr>`;
  for (const b of nativeBuckets(metric)) {
    const [open, close] = INTERVAL[b.boundaries];
    out += `<tr><td>Sample values in ${open}${escapeHtml(formatFloat(b.lower))}, ${escapeHtml(formatFloat(b.upper))}${close}</td><td>${escapeHtml(formatFloat(b.count))}</td></tr>`;
  }
  return out;
}

function sumCount(metric: SummaryMetric | HistogramMetric): string {
  return `<tr><td>Sample Count</td><td>${escapeHtml(formatFloat(metric.count ?? 0))}</td></tr><tr><td>Sample Sum</td><td>${escapeHtml(formatFloat(metric.sum ?? 0))}</td></tr>`;
}
