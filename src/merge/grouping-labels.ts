/**
 * Pushgateway's sanitizing of a pushed family: every series gets every grouping label
 * (the URL's value wins over the body's), `instance=""` when it still has no instance,
 * and its labels sorted by name.
 */
import type { Labels, Metric, MetricFamily } from '../model.js';
import { compareStrings } from '../order.js';

export function withGroupingLabels(family: MetricFamily, grouping: Labels): MetricFamily {
  const metrics = (family.metrics as Metric[]).map((m) => ({ ...m, labels: seriesLabels(m.labels, grouping) }));
  return { ...family, metrics } as MetricFamily;
}

/** The labels a series is served with inside a group: a new array, sorted by name. */
export function seriesLabels(labels: Labels, grouping: Labels): Labels {
  const out: Labels = [];
  for (let i = 0; i < labels.length; i += 2) {
    if (!hasLabel(grouping, labels[i])) out.push(labels[i], labels[i + 1]);
  }
  for (let i = 0; i < grouping.length; i++) out.push(grouping[i]);
  if (!hasLabel(out, 'instance')) out.push('instance', '');
  return sortPairsInPlace(out);
}

function hasLabel(labels: Labels, name: string): boolean {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === name) return true;
  return false;
}

/** Insertion sort of the flat pairs by name: label sets are short, and this allocates nothing. */
function sortPairsInPlace(labels: Labels): Labels {
  for (let i = 2; i < labels.length; i += 2) {
    const name = labels[i];
    const value = labels[i + 1];
    let j = i - 2;
    for (; j >= 0 && compareStrings(labels[j], name) > 0; j -= 2) {
      labels[j + 2] = labels[j];
      labels[j + 3] = labels[j + 1];
    }
    labels[j + 2] = name;
    labels[j + 3] = value;
  }
  return labels;
}
