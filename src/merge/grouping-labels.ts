/**
 * Pushgateway's sanitizing of a pushed family: every series gets every grouping label
 * (the URL's value wins over the body's), `instance=""` when it still has no instance,
 * and its labels sorted by name.
 */
import type { Labels, Metric, MetricFamily } from '../model.js';
import { sortLabels } from '../order.js';

export function withGroupingLabels(family: MetricFamily, grouping: Labels): MetricFamily {
  const metrics = (family.metrics as Metric[]).map((m) => ({ ...m, labels: seriesLabels(m.labels, grouping) }));
  return { ...family, metrics } as MetricFamily;
}

/** The labels a series is served with inside a group. */
export function seriesLabels(labels: Labels, grouping: Labels): Labels {
  const out: Labels = [];
  for (let i = 0; i < labels.length; i += 2) {
    if (!hasLabel(grouping, labels[i])) out.push(labels[i], labels[i + 1]);
  }
  out.push(...grouping);
  if (!hasLabel(out, 'instance')) out.push('instance', '');
  return sortLabels(out);
}

function hasLabel(labels: Labels, name: string): boolean {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === name) return true;
  return false;
}
