/**
 * Families -> the JSON shape of prom2json (github.com/prometheus/prom2json), which scripts
 * already know: an array of `{name, help, type, metrics}` in input order, every number a
 * string. Differences from prom2json, on purpose:
 *
 * - numbers are spelled by `formatFloat` (Go's `%g`, the text writer's spelling), so
 *   `1e+06` where prom2json's `fmt.Sprint` gives `1000000`;
 * - `help` is left out when there was no HELP line (prom2json writes `""`), while `labels`,
 *   `quantiles` and `buckets` are always present, `{}` when empty;
 * - types outside prom2json's set are upper-cased too: `GAUGE_HISTOGRAM`, `UNKNOWN`, `INFO`,
 *   `STATESET`.
 *
 * A native histogram's `buckets` is the list of its non-empty buckets,
 * `[boundaries, "lower", "upper", "count"]` (native-buckets.ts), as in prom2json 1.4 and
 * Pushgateway's API; its schema and spans are the model's (`parse --format json` is a
 * view: protobuf is the lossless format).
 *
 * Keys keep their order (labels, quantiles and buckets as stored): objects are written by
 * hand here because a JavaScript object would move integer-like keys such as `"1"` first.
 * The layout is exactly `JSON.stringify(value, null, 2)`'s, plus a final LF.
 */
import { type Labels, type MetricFamily, type MetricType, isHistogramFamily, isSummaryFamily } from '../model.js';
import { type EscapingScheme, escapeFamily } from '../name-escaping.js';
import { formatFloat } from './format-float.js';
import { hasExponentialSchema, nativeBuckets } from './native-buckets.js';
import { timestampMillis } from './timestamp.js';

/** A JSON value whose objects are ordered maps. */
type Json = string | number | Json[] | Map<string, Json>;

const TYPE_NAME: Record<MetricType, string> = {
  counter: 'COUNTER',
  gauge: 'GAUGE',
  summary: 'SUMMARY',
  histogram: 'HISTOGRAM',
  untyped: 'UNTYPED',
  gaugehistogram: 'GAUGE_HISTOGRAM',
  unknown: 'UNKNOWN',
  info: 'INFO',
  stateset: 'STATESET',
};

export interface RenderProm2JsonOptions {
  /** Names under this scheme (src/name-escaping.ts); `allow-utf-8` (the default) keeps them as they are. */
  escaping?: EscapingScheme;
}

/** The whole document, ending in LF. */
export function renderProm2Json(families: readonly MetricFamily[], options: RenderProm2JsonOptions = {}): string {
  let out = '';
  for (const chunk of renderProm2JsonChunks(families, options)) out += chunk;
  return out;
}

/** The same document in pieces, one per family. */
export function* renderProm2JsonChunks(families: readonly MetricFamily[], options: RenderProm2JsonOptions = {}): Generator<string> {
  const escaping = options.escaping ?? 'allow-utf-8';
  if (families.length === 0) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < families.length; i++) {
    yield `${i === 0 ? '[\n' : ',\n'}  ${stringify(familyJson(escapeFamily(families[i], escaping)), '  ')}`;
  }
  yield '\n]\n';
}

function familyJson(family: MetricFamily): Json {
  const out = new Map<string, Json>([['name', family.name]]);
  if (family.help !== undefined) out.set('help', family.help);
  out.set('type', TYPE_NAME[family.type]);
  const metrics: Json[] = [];
  for (let i = 0; i < family.metrics.length; i++) {
    const metric = family.metrics[i];
    const m = new Map<string, Json>([['labels', labelsJson(metric.labels)]]);
    const ms = timestampMillis(metric);
    if (ms !== undefined) m.set('timestamp_ms', String(ms));
    // Each test narrows the family, and so the type of its metrics.
    if (isSummaryFamily(family)) {
      const s = family.metrics[i];
      m.set('quantiles', new Map(s.quantiles.map((q) => [formatFloat(q.quantile), formatFloat(q.value)])));
      m.set('count', formatFloat(s.count ?? 0));
      m.set('sum', formatFloat(s.sum ?? 0));
    } else if (isHistogramFamily(family)) {
      const h = family.metrics[i];
      if ((h.positiveSpans?.length ?? 0) + (h.negativeSpans?.length ?? 0) > 0 && hasExponentialSchema(h)) {
        // A native histogram: its non-empty buckets as [boundaries, lower, upper, count], as prom2json and Pushgateway list them.
        m.set(
          'buckets',
          nativeBuckets(h).map((b) => [b.boundaries, formatFloat(b.lower), formatFloat(b.upper), formatFloat(b.count)]),
        );
      } else m.set('buckets', new Map(h.buckets.map((b) => [formatFloat(b.le), formatFloat(b.count)])));
      m.set('count', formatFloat(h.count ?? 0));
      m.set('sum', formatFloat(h.sum ?? 0));
    } else {
      m.set('value', formatFloat(family.metrics[i].value));
    }
    metrics.push(m);
  }
  out.set('metrics', metrics);
  return out;
}

function labelsJson(labels: Labels): Map<string, Json> {
  const out = new Map<string, Json>();
  for (let i = 0; i < labels.length; i += 2) out.set(labels[i], labels[i + 1]);
  return out;
}

/** `JSON.stringify(value, null, 2)` for a value nested at indentation `pad`. */
function stringify(value: Json, pad: string): string {
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + stringify(v, inner)).join(',\n')}\n${pad}]`;
  }
  if (value.size === 0) return '{}';
  const parts: string[] = [];
  for (const [k, v] of value) parts.push(`${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`);
  return `{\n${parts.join(',\n')}\n${pad}}`;
}
