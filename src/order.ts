/**
 * The canonical order of a page, shared by the writers' `sort` option and the merge of
 * gateway groups: the order client_golang's registry and Pushgateway serve
 * (prometheus/client_golang prometheus/internal/metric.go, `NormalizeMetricFamilies` and
 * `metricSorter`), applied to copies so the caller's families are left alone.
 *
 * - families by name;
 * - each metric's label pairs by name;
 * - metrics by number of labels, then label values position by position, then label
 *   names, then timestamp (missing last, as client_golang does); equal ones keep their
 *   order. Buckets and quantiles keep theirs.
 *
 * Strings compare in UTF-8 byte order, which is code point order, as Go's `<` on strings.
 */
import type { Labels, Metric, MetricFamily } from './model.js';

/** Sorted copies of the families; metrics and label arrays are copied only where they move. */
export function sortFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  const sorted = families.map((family) => {
    const metrics = family.metrics.map(sortMetricLabels);
    metrics.sort(compareMetrics);
    return { ...family, metrics } as MetricFamily;
  });
  return sorted.sort((a, b) => compareStrings(a.name, b.name));
}

function sortMetricLabels<M extends Metric>(metric: M): M {
  const labels = sortLabels(metric.labels);
  return labels === metric.labels ? metric : { ...metric, labels };
}

/** Label pairs ordered by name; the same array when already ordered (the usual case). */
export function sortLabels(labels: Labels): Labels {
  let ordered = true;
  for (let i = 2; i < labels.length && ordered; i += 2) ordered = compareStrings(labels[i - 2], labels[i]) <= 0;
  if (ordered) return labels;
  const pairs: [string, string][] = [];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  pairs.sort((a, b) => compareStrings(a[0], b[0]));
  return pairs.flat();
}

function compareMetrics(a: Metric, b: Metric): number {
  const c = compareSortedLabels(a.labels, b.labels);
  if (c !== 0) return c;
  const s = a.timestampMs;
  const t = b.timestampMs;
  if (s === undefined || t === undefined) return s === t ? 0 : s === undefined ? 1 : -1;
  return s - t;
}

/** Series order of two label sets already sorted by name: 0 only for equal sets. */
export function compareSortedLabels(x: Labels, y: Labels): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 1; i < x.length; i += 2) {
    const c = compareStrings(x[i], y[i]);
    if (c !== 0) return c;
  }
  for (let i = 0; i < x.length; i += 2) {
    const c = compareStrings(x[i], y[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * UTF-8 byte order of two strings without encoding them. It is code point order, which
 * differs from UTF-16 code unit order only where a surrogate (a code point above U+FFFF)
 * meets a unit from U+E000 to U+FFFF: the surrogate must sort after.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}
