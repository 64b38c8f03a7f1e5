/**
 * A group as a gateway holds it: a grouping key (labels from the push URL, `job`
 * included) and the families pushed to it, with the times of its last good and last
 * failed push.
 */
import type { Labels, MetricFamily } from '../model.js';
import { compareStrings, sortLabels } from '../order.js';
import { formatLabels, labelSetKey } from '../labels.js';

export interface Group {
  /** Flat grouping labels; `job` is one of them. */
  labels: Labels;
  families: MetricFamily[];
  /** Unix seconds of the last successful push; omitted: no push_* series for this group. */
  pushTimeSeconds?: number;
  /** Unix seconds of the last failed push, 0 for never. */
  pushFailureTimeSeconds?: number;
}

/** Grouping labels sorted by name, as pairs. */
export function sortedPairs(labels: Labels): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  return pairs.sort((a, b) => compareStrings(a[0], b[0]));
}

/** `{job="a",instance="x"}` with names sorted: how diagnostics name a group. */
export function groupName(labels: Labels): string {
  return formatLabels(sortLabels(labels));
}

/**
 * The identity of a group: its labels sorted by name, each name and value
 * length-prefixed. Unlike Pushgateway's key (pairs joined by the byte 0xFF, which valid
 * UTF-8 never holds), a join by U+00FF would let `job="xÿzÿy"` and `{job="x",z="y"}`
 * share one key; length prefixes keep every label set apart.
 */
export function groupKey(labels: Labels): string {
  return labelSetKey(labels);
}

/** What `compareGroupOrder` compares: the sorted names and values, in key order. */
export function groupOrderParts(labels: Labels): string[] {
  return sortedPairs(labels).flat();
}

/**
 * Go's byte order of two Pushgateway grouping keys (`name 0xFF value 0xFF ...`) given as
 * their parts. The 0xFF separator sorts after every UTF-8 byte, so a part that is a
 * prefix of the other sorts after it when more of its key follows, and before it when
 * its key ends there. The UI lists groups in this order and the page takes HELP from it.
 */
export function compareGroupOrder(x: readonly string[], y: readonly string[]): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] === y[i]) continue;
    if (y[i].startsWith(x[i])) return i < x.length - 1 ? 1 : -1;
    if (x[i].startsWith(y[i])) return i < y.length - 1 ? -1 : 1;
    return compareStrings(x[i], y[i]);
  }
  return x.length - y.length;
}
