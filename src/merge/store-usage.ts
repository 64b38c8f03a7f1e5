/**
 * What families cost a store, for its caps (`--push.max-stored-series`, `--push.max-stored-bytes`):
 * their series, and the bytes of their names, label names and values and help text (what
 * grows with what a client sends; a sample's value and timestamp cost the same in every
 * series). A stored family never changes, so its cost is worked out once.
 */
import type { Labels, MetricFamily } from '../model.js';

export interface StoreUsage {
  series: number;
  /** Code units of names, label names and values, and help texts. */
  bytes: number;
}

const costs = new WeakMap<MetricFamily, StoreUsage>();

/** The cost of these families. */
export function sizeOf(families: Iterable<MetricFamily>): StoreUsage {
  const total = { series: 0, bytes: 0 };
  for (const family of families) {
    let cost = costs.get(family);
    if (cost === undefined) {
      cost = { series: family.metrics.length, bytes: family.name.length + (family.help?.length ?? 0) };
      for (const metric of family.metrics) cost.bytes += family.name.length + labelBytes(metric.labels);
      costs.set(family, cost);
    }
    total.series += cost.series;
    total.bytes += cost.bytes;
  }
  return total;
}

export function labelBytes(labels: Labels): number {
  let bytes = 0;
  for (let i = 0; i < labels.length; i++) bytes += labels[i].length;
  return bytes;
}
