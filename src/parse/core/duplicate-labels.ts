/**
 * Whether a label name repeats one already read on the line. Real label sets are small,
 * so a scan of the names read so far is fastest; past 16 pairs a Set takes over, because a
 * scan per label is quadratic, which a hostile line of 100,000 labels turns into a hang.
 */
import type { Labels } from '../../model.js';

const LINEAR_CHECK_PAIRS = 16;

// The Set of the one long line being read; a scanner's label arrays are new per line.
let namesOf: Labels | undefined;
let names = new Set<string>();

/** Whether `name` is among the names of `labels[0, count)`, the pairs read so far. */
export function isDuplicateLabel(labels: Labels, count: number, name: string): boolean {
  if (count <= LINEAR_CHECK_PAIRS * 2) {
    for (let i = 0; i < count; i += 2) if (labels[i] === name) return true;
    return false;
  }
  if (namesOf !== labels) {
    namesOf = labels;
    names = new Set();
    for (let i = 0; i < count; i += 2) names.add(labels[i]);
  }
  if (names.has(name)) return true;
  names.add(name);
  return false;
}
