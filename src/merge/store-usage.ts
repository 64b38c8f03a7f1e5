/**
 * What families cost a store, for its caps (`--push.max-stored-series`, `--push.max-stored-bytes`):
 * their series, and the bytes of their names, label names and values and help text (what
 * grows with what a client sends; a sample's value and timestamp cost the same in every
 * series). Worked out anew each time, a few microseconds per group: a cache by family in
 * a WeakMap gained entries faster than collections freed them under a flood of pushes,
 * and each growth of its table stalled the event loop (bench/README.md, "Gateway under load").
 */
import type { Labels, MetricFamily } from '../model.js';

export interface StoreUsage {
  series: number;
  /** Code units of names, label names and values, and help texts. */
  bytes: number;
}

/** The cost of these families. */
export function sizeOf(families: Iterable<MetricFamily>): StoreUsage {
  const total = { series: 0, bytes: 0 };
  for (const family of families) {
    total.series += family.metrics.length;
    total.bytes += family.name.length + (family.help?.length ?? 0);
    for (const metric of family.metrics) total.bytes += family.name.length + labelBytes(metric.labels);
  }
  return total;
}

export function labelBytes(labels: Labels): number {
  let bytes = 0;
  for (let i = 0; i < labels.length; i++) bytes += labels[i].length;
  return bytes;
}
