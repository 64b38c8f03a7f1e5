/**
 * Pushgateway's sanitizing of a pushed family: every series gets every grouping label
 * (the URL's value wins over the body's), `instance=""` when it still has no instance,
 * and its labels sorted by name.
 */
import { type Labels, type MetricFamily, metricsOf } from '../model.js';
import { sortLabels } from '../order.js';

export function withGroupingLabels(family: MetricFamily, grouping: Labels): MetricFamily {
  const overridden = groupingNames(grouping);
  const metrics = metricsOf(family).map((m) => ({ ...m, labels: servedLabels(m.labels, grouping, overridden) }));
  return { ...family, metrics } as MetricFamily;
}

/** The labels a series is served with inside a group: a new array, sorted by name. */
export function seriesLabels(labels: Labels, grouping: Labels): Labels {
  return servedLabels(labels, grouping, groupingNames(grouping));
}

/** The names of the grouping labels, for lookups that stay O(1) however many a push URL has. */
export function groupingNames(grouping: Labels): ReadonlySet<string> {
  const names = new Set<string>();
  for (let i = 0; i < grouping.length; i += 2) names.add(grouping[i]);
  return names;
}

/**
 * The served labels, unsorted: the series' own labels less those the grouping overrides,
 * the grouping labels, and `instance=""` when neither has an instance. Linear in the labels.
 */
export function unsortedServedLabels(labels: Labels, grouping: Labels, overridden: ReadonlySet<string>): Labels {
  const out: Labels = [];
  let instance = overridden.has('instance');
  for (let i = 0; i < labels.length; i += 2) {
    if (overridden.has(labels[i])) continue;
    out.push(labels[i], labels[i + 1]);
    if (labels[i] === 'instance') instance = true;
  }
  for (let i = 0; i < grouping.length; i++) out.push(grouping[i]);
  if (!instance) out.push('instance', '');
  return out;
}

// Sorting is n log n (a series may carry 100,000 labels), and free when already in order.
function servedLabels(labels: Labels, grouping: Labels, overridden: ReadonlySet<string>): Labels {
  return sortLabels(unsortedServedLabels(labels, grouping, overridden));
}
