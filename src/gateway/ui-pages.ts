/**
 * The web UI, server-rendered in the spirit of Pushgateway's (resources/template.html):
 * a Metrics page with one collapsible card per group (sorted by grouping key, job badge
 * first, "Last push failed!" marked, a Delete Group button sending DELETE with `@base64`
 * segments), one card per family inside (HELP, TYPE, last push time, the series and their
 * values, summary and histogram tables), a wipe button when the admin API is on; and a
 * Status page with the start time, build information and flags. Every pushed string is
 * HTML-escaped; the only script is a few inline lines for the buttons.
 */
import { seriesLabels } from '../merge/grouping-labels.js';
import type { StoredGroup } from '../merge/group-store.js';
import { PUSH_FAILURE_TIME, PUSH_TIME, pushTimeFamilies } from '../merge/push-time.js';
import type { HistogramMetric, Labels, MetricFamily, ScalarMetric, SummaryMetric } from '../model.js';
import { compareStrings } from '../order.js';
import { formatFloat } from '../render/format-float.js';
import type { Gateway } from './gateway.js';
import { pushPath } from './grouping-path.js';
import { rfc3339Nano } from './time-format.js';
import { VERSION } from './version.js';

export interface PageOptions {
  /** The route prefix: links are built under it. */
  prefix: string;
  adminApi: boolean;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f7f7f9;color:#222}
nav{background:#343a40;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center}
nav a{color:#ddd;text-decoration:none}nav a.brand{color:#fff;font-weight:600}
main{padding:1rem}
details{background:#fff;border:1px solid #ddd;border-radius:4px;margin:.4rem 0}
details>summary{padding:.5rem .7rem;cursor:pointer;display:flex;flex-wrap:wrap;gap:.35rem;align-items:center}
details details{margin:.4rem .7rem}
.badge{display:inline-block;padding:.15rem .45rem;border-radius:3px;font-size:.8rem;background:#6c757d;color:#fff;font-family:monospace;white-space:pre-wrap;word-break:break-all}
.job{background:#e0a800;color:#222}.instance{background:#007bff}.label{background:#17a2b8}
.failed{background:#dc3545;border-radius:1rem}.help{background:#28a745}.type{background:#6f42c1}
.name{font-family:monospace;font-weight:600}.time{color:#666;font-size:.85rem}
table{border-collapse:collapse;margin:.3rem .7rem .7rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;font-family:monospace}
button{margin-left:auto;border:1px solid #dc3545;background:#fff;color:#dc3545;border-radius:3px;cursor:pointer}
button.wipe{margin:0 0 .6rem}
`;

const SCRIPT = `
for (const b of document.querySelectorAll('button[data-delete]')) b.addEventListener('click', async (e) => {
  e.preventDefault();
  if (!confirm('Delete this group?')) return;
  const r = await fetch(b.dataset.delete, { method: 'DELETE' });
  if (r.ok) location.reload(); else alert('Delete failed: ' + r.status + ' ' + await r.text());
});
const w = document.querySelector('button[data-wipe]');
if (w) w.addEventListener('click', async () => {
  if (!confirm('Delete all groups?')) return;
  const r = await fetch(w.dataset.wipe, { method: 'PUT' });
  if (r.ok) location.reload(); else alert('Wipe failed: ' + r.status + ' ' + await r.text());
});
`;

/** `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, options: PageOptions, body: string): string {
  const base = `${options.prefix}/`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><nav><a class="brand" href="${escapeHtml(base)}">Pushgateway (expofmt)</a><a href="${escapeHtml(base)}">Metrics</a><a href="${escapeHtml(`${base}status`)}">Status</a><a href="https://github.com/prometheus/pushgateway/blob/master/README.md">Help</a></nav>
<main>${body}</main><script>${SCRIPT}</script></body></html>
`;
}

/** The Metrics page for groups already in grouping-key order. */
export function metricsPage(groups: readonly StoredGroup[], options: PageOptions): string {
  let body = '';
  if (options.adminApi && groups.length > 0) {
    body += `<button class="wipe" data-wipe="api/v1/admin/wipe">Delete All ${groups.length} Groups</button>`;
  }
  if (groups.length === 0) body += '<p>No metrics have been pushed.</p>';
  for (const group of groups) body += groupCard(group);
  return layout('Prometheus Pushgateway', options, body);
}

function groupCard(group: StoredGroup): string {
  const failed = group.pushFailureTimeSeconds > group.pushTimeSeconds;
  const families = [...group.families, ...pushTimeFamilies(group)].sort((a, b) => compareStrings(a.name, b.name));
  const deletePath = pushPath(group.labels).slice(1); // relative to the page, so the route prefix applies
  return `<details class="group"><summary>${groupBadges(group.labels)}${failed ? '<span class="badge failed">Last push failed!</span>' : ''}<button data-delete="${escapeHtml(deletePath)}">Delete Group</button></summary>
${families.map((f) => familyCard(f, group)).join('\n')}</details>\n`;
}

/** `job` first, then the other grouping labels by name. */
function groupBadges(labels: Labels): string {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  pairs.sort((a, b) => (a[0] === 'job' ? -1 : b[0] === 'job' ? 1 : compareStrings(a[0], b[0])));
  return pairs.map(([n, v]) => `<span class="badge ${n === 'job' ? 'job' : n === 'instance' ? 'instance' : 'label'}">${escapeHtml(`${n}="${v}"`)}</span>`).join('');
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
    return `<table>${rows.join('')}${sumCount(metric)}</table>`;
  }
  const value = escapeHtml(formatFloat(metric.value));
  // The push times are easier to read as dates.
  if ((name === PUSH_TIME || name === PUSH_FAILURE_TIME) && metric.value > 0) return `${value} <span class="time">(${rfc3339Nano(metric.value)})</span>`;
  return value;
}

function sumCount(metric: SummaryMetric | HistogramMetric): string {
  return `<tr><td>Sample Count</td><td>${escapeHtml(formatFloat(metric.count ?? 0))}</td></tr><tr><td>Sample Sum</td><td>${escapeHtml(formatFloat(metric.sum ?? 0))}</td></tr>`;
}

/** The Status page: start time, build information, the flags as given. */
export function statusPage(gateway: Gateway, options: PageOptions): string {
  const table = (rows: Array<[string, string]>) =>
    `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
  const body = `<h2>Status</h2>${table([['Started', gateway.startTime.toISOString()]])}
<h2>Build Information</h2>${table([
    ['version', VERSION],
    ['implementation', 'expofmt serve'],
    ['nodeVersion', process.version],
  ])}
<h2>Startup Flags</h2>${table(Object.entries(gateway.config.flags))}`;
  return layout('Prometheus Pushgateway - Status', options, body);
}
