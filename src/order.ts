/**
 * The canonical order of a page, as Pushgateway and the Go client registry serve it
 * (client_golang `NormalizeMetricFamilies`): families by name in byte order; each series'
 * labels by name; series by number of labels, then by label values position by position.
 * Go leaves ties between equal values under different names to chance; here label names
 * break them, so equal input always gives equal bytes. Buckets and quantiles keep their
 * order.
 */
import type { Labels, Metric, MetricFamily } from './model.js';

/**
 * UTF-8 byte order, as Go compares strings. Plain `<` compares UTF-16 code units, which
 * puts characters past U+FFFF (surrogates) before U+E000..U+FFFF; this corrects that.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
        y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** The label pairs sorted by name (a new array; already sorted input is returned as is). */
export function sortLabels(labels: Labels): Labels {
  let sorted = true;
  for (let i = 2; i < labels.length && sorted; i += 2) sorted = compareStrings(labels[i - 2], labels[i]) <= 0;
  if (sorted) return labels;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  pairs.sort((a, b) => compareStrings(a[0], b[0]));
  return pairs.flat();
}

/** Series order for labels already sorted by name. */
export function compareSortedLabels(a: Labels, b: Labels): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 1; i < a.length; i += 2) {
    const c = compareStrings(a[i], b[i]);
    if (c !== 0) return c;
  }
  for (let i = 0; i < a.length; i += 2) {
    const c = compareStrings(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** A copy of the families in canonical order; metrics get sorted labels. Input is not changed. */
export function sortFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  return families
    .map((family) => ({ ...family, metrics: sortMetrics(family.metrics as Metric[]) }) as MetricFamily)
    .sort((a, b) => compareStrings(a.name, b.name));
}

function sortMetrics<M extends Metric>(metrics: readonly M[]): M[] {
  return metrics
    .map((m) => {
      const labels = sortLabels(m.labels);
      return labels === m.labels ? m : { ...m, labels };
    })
    .sort((a, b) => compareSortedLabels(a.labels, b.labels) || (a.timestampMs ?? 0) - (b.timestampMs ?? 0));
}
