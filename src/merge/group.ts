/**
 * A group as a gateway holds it: a grouping key (labels from the push URL, `job`
 * included) and the families pushed to it, with the times of its last good and last
 * failed push.
 */
import type { Labels, MetricFamily } from '../model.js';
import { compareStrings } from '../order.js';

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
  return `{${sortedPairs(labels)
    .map(([n, v]) => `${n}=${JSON.stringify(v)}`)
    .join(',')}}`;
}

/**
 * A total order on groups by their sorted grouping labels (names, then values). It
 * decides which group's HELP wins, so that the page never depends on push order.
 */
export function compareGroups(a: Group, b: Group): number {
  const pa = sortedPairs(a.labels);
  const pb = sortedPairs(b.labels);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareStrings(pa[i][0], pb[i][0]) || compareStrings(pa[i][1], pb[i][1]);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}
