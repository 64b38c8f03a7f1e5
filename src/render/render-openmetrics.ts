/**
 * Families -> OpenMetrics 1.0 text, as the Go writer spells it (prometheus/common expfmt
 * openmetrics_create.go; docs/format-rules.md §11), extended to what the Go writer leaves
 * out (UNIT, `_created`, info, stateset, gaugehistogram), so that `parseOpenMetrics` reads
 * back exactly the families it was given.
 *
 * - Metadata order HELP, TYPE, UNIT; HELP escapes `\`, `"` and LF like a label value.
 * - A counter `x_total` is written with metadata for `x`; a counter without `_total` as
 *   `unknown` (as Go does). Likewise an info `x_info` has metadata for `x`, and one
 *   without the suffix is written as `unknown`. `untyped` becomes `unknown`.
 * - Floats via `formatFloatOpenMetrics` (`1.0`, `1e+06`); counts and buckets as plain
 *   integers; timestamps in seconds (`timestampSeconds`, else `timestampMs` / 1000).
 * - Exemplars are written even with an empty label set (`# {} 1.0`); Go skips those,
 *   which would lose them on the way back.
 * - `_sum`/`_count` are written when the metric has them; a histogram with one of the two
 *   gets the other as Go fills it (sum 0, count from the +Inf bucket), and a missing
 *   `+Inf` bucket is added as Go adds it, so the output stays valid OpenMetrics.
 *
 * The writer neither validates nor sorts; `# EOF\n` ends the output.
 */
import type { Exemplar, HistogramMetric, Labels, MetricFamily, ScalarMetric, SummaryMetric } from '../model.js';
import { type EscapingScheme, escapeFamily, isLegacyMetricName } from '../name-escaping.js';
import { formatFloatOpenMetrics as float } from './format-float.js';
import { escapeQuoted, renderName } from './text-escape.js';

export interface RenderOpenMetricsOptions {
  /**
   * How names that are not legacy-valid are written (src/name-escaping.ts): `allow-utf-8`
   * (the default) quotes them, `{"my.metric",a="x"}`; the other schemes escape them first.
   */
  escaping?: EscapingScheme;
}

/** The whole exposition, `# EOF` included, as one string. */
export function renderOpenMetrics(families: readonly MetricFamily[], options: RenderOpenMetricsOptions = {}): string {
  let out = '';
  for (const chunk of renderOpenMetricsChunks(families, options)) out += chunk;
  return out;
}

/** The exposition in pieces: one per family, then `# EOF\n`. Joined, they are `renderOpenMetrics`'s result. */
export function* renderOpenMetricsChunks(families: readonly MetricFamily[], options: RenderOpenMetricsOptions = {}): Generator<string> {
  const escaping = options.escaping ?? 'allow-utf-8';
  for (const family of families) yield renderFamily(escapeFamily(family, escaping));
  yield '# EOF\n';
}

function renderFamily(family: MetricFamily): string {
  const name = family.name;
  if (name === '') throw new Error('MetricFamily has no name');
  let meta = name;
  let type: string = family.type;
  if (type === 'counter' || type === 'info') {
    const suffix = type === 'counter' ? '_total' : '_info';
    if (name.length > suffix.length && name.endsWith(suffix)) meta = name.slice(0, name.length - suffix.length);
    else type = 'unknown';
  } else if (type === 'untyped') {
    type = 'unknown';
  }
  const metaName = renderName(meta);
  let out = family.help === undefined ? '' : `# HELP ${metaName} ${escapeQuoted(family.help)}\n`;
  out += `# TYPE ${metaName} ${type}\n`;
  if (family.unit !== undefined && family.unit !== '') out += `# UNIT ${metaName} ${family.unit}\n`;
  switch (family.type) {
    case 'summary':
      for (const metric of family.metrics) out += summary(name, metric);
      break;
    case 'histogram':
    case 'gaugehistogram': {
      const gauge = family.type === 'gaugehistogram';
      for (const metric of family.metrics) out += histogram(name, metric, gauge);
      break;
    }
    default: {
      // Only a real counter carries `_created` and an exemplar; `unknown` has neither.
      const counter = type === 'counter';
      for (const metric of family.metrics) out += scalar(name, meta, metric, counter);
    }
  }
  return out;
}

function scalar(name: string, meta: string, metric: ScalarMetric, counter: boolean): string {
  const labels = labelsText(metric.labels);
  const ts = timestamp(metric);
  let out = `${sample(name, labels)} ${float(metric.value)}${ts}`;
  if (counter && metric.exemplar !== undefined) out += exemplar(metric.exemplar);
  out += '\n';
  if (counter && metric.created !== undefined) out += `${sample(`${meta}_created`, labels)} ${float(metric.created)}${ts}\n`;
  return out;
}

function summary(name: string, metric: SummaryMetric): string {
  const labels = labelsText(metric.labels);
  const ts = timestamp(metric);
  let out = '';
  for (const q of metric.quantiles) out += `${sample(name, withExtra(metric.labels, 'quantile', float(q.quantile)))} ${float(q.value)}${ts}\n`;
  if (metric.sum !== undefined) out += `${sample(`${name}_sum`, labels)} ${float(metric.sum)}${ts}\n`;
  if (metric.count !== undefined) out += `${sample(`${name}_count`, labels)} ${count(metric.count)}${ts}\n`;
  if (metric.created !== undefined) out += `${sample(`${name}_created`, labels)} ${float(metric.created)}${ts}\n`;
  return out;
}

function histogram(name: string, metric: HistogramMetric, gauge: boolean): string {
  const labels = labelsText(metric.labels);
  const ts = timestamp(metric);
  let out = '';
  let inf: number | undefined;
  for (const b of metric.buckets) {
    if (b.le === Infinity) inf = b.count;
    out += `${sample(`${name}_bucket`, withExtra(metric.labels, 'le', float(b.le)))} ${count(b.count)}${ts}`;
    out += b.exemplar === undefined ? '\n' : `${exemplar(b.exemplar)}\n`;
  }
  if (inf === undefined) {
    const buckets = metric.buckets;
    inf = metric.count ?? (buckets.length > 0 ? buckets[buckets.length - 1].count : 0);
    out += `${sample(`${name}_bucket`, withExtra(metric.labels, 'le', '+Inf'))} ${count(inf)}${ts}\n`;
  }
  if (metric.sum !== undefined || metric.count !== undefined) {
    out += `${sample(name + (gauge ? '_gsum' : '_sum'), labels)} ${float(metric.sum ?? 0)}${ts}\n`;
    out += `${sample(name + (gauge ? '_gcount' : '_count'), labels)} ${count(metric.count ?? inf)}${ts}\n`;
  }
  if (metric.created !== undefined) out += `${sample(`${name}_created`, labels)} ${float(metric.created)}${ts}\n`;
  return out;
}

function exemplar(e: Exemplar): string {
  const ts = e.timestamp === undefined ? '' : ` ${float(e.timestamp)}`;
  return ` # {${pairs(e.labels)}} ${float(e.value)}${ts}`;
}

/** `{a="x",b="y"}`, or '' for no labels. */
function labelsText(labels: Labels): string {
  return labels.length === 0 ? '' : `{${pairs(labels)}}`;
}

/** The label set with one more pair last (`quantile`, `le`), whose value needs no escaping. */
function withExtra(labels: Labels, name: string, value: string): string {
  return labels.length === 0 ? `{${name}="${value}"}` : `{${pairs(labels)},${name}="${value}"}`;
}

/**
 * A sample's name and label set (`{...}` or ''), as Go's writer puts them: a name that is
 * not legacy-valid goes quoted inside the braces, `{"my.metric",a="x"}`.
 */
function sample(name: string, labels: string): string {
  if (isLegacyMetricName(name)) return name + labels;
  const quoted = `{"${escapeQuoted(name)}"`;
  return labels === '' ? `${quoted}}` : `${quoted},${labels.slice(1)}`;
}

function pairs(labels: Labels): string {
  let out = '';
  for (let i = 0; i < labels.length; i += 2) {
    if (i > 0) out += ',';
    out += `${renderName(labels[i])}="${escapeQuoted(labels[i + 1])}"`;
  }
  return out;
}

/** A count as Go's `writeUint` writes it: all digits, however large; a fraction as a float. */
function count(x: number): string {
  if (!Number.isInteger(x)) return float(x);
  if (x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) return String(x);
  return x > 0 && x < 2 ** 64 ? BigInt(x).toString() : float(x);
}

function timestamp(metric: { timestampSeconds?: number; timestampMs?: number }): string {
  if (metric.timestampSeconds !== undefined) return ` ${float(metric.timestampSeconds)}`;
  return metric.timestampMs === undefined ? '' : ` ${float(metric.timestampMs / 1000)}`;
}
