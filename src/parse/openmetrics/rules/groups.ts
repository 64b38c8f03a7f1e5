/**
 * Label groups: the label set that identifies a Metric inside its family. Histogram and
 * summary samples leave out `le` and `quantile`, stateset samples the label named after
 * the family (docs/format-rules.md §10, "Grouping"). Groups must not interleave, so each
 * family remembers the groups it has seen, by the hash of their label set
 * (LabelSetIndex). A key, equal for equal label sets whatever their order (GroupKeys),
 * tells an info family's label sets apart.
 */
import type { Labels } from '../../../model.js';
import type { OmSample } from './values.js';

/**
 * Whether `labels`, less the pair at `skip` (an even index, or -1), equals `group` in the
 * same order: the cheap test for "same group as the previous sample".
 */
export function sameLabelsInOrder(group: Labels, labels: Labels, skip: number): boolean {
  const n = labels.length;
  if (group.length !== (skip < 0 ? n : n - 2)) return false;
  let j = 0;
  for (let i = 0; i < n; i += 2) {
    if (i === skip) continue;
    if (group[j] !== labels[i] || group[j + 1] !== labels[i + 1]) return false;
    j += 2;
  }
  return true;
}

/** A sequence of label names seen in a family, and how its keys are spelled. */
interface Sequence {
  names: string[];
  /** The names sorted and joined: equal for the same set of names. */
  set: string;
  /** Indexes into `names` in the order of the set's reference sequence; undefined when this is it. */
  order: number[] | undefined;
}

/** More distinct name sequences than this in one family are keyed without being remembered. */
const MAX_SEQUENCES = 32;

/**
 * Group keys of one family. A key is the label set as OpenMetrics writes it, `a="x",b="y"`,
 * with the names in the order of the first sample that had that set of names (the set's
 * *reference order*). So in the usual case (a known order, no backslash) the key is the
 * text between the braces, sliced from the input: no string is built and nothing sorted.
 */
export class GroupKeys {
  private readonly sequences: Sequence[] = [];

  /**
   * The key of `labels` less the pair at `skip` (an even index, or -1). `intact` says
   * that `labels` is still everything between the sample's braces (no `le` or
   * `quantile` taken out), so the input text can serve as the key.
   */
  key(labels: Labels, skip: number, s: OmSample, intact: boolean): string {
    const sequences = this.sequences;
    for (let k = 0; k < sequences.length; k++) {
      const seq = sequences[k];
      if (!sameNames(seq.names, labels, skip)) continue;
      if (seq.order !== undefined) return build(labels, pairIndexes(labels, skip, seq.order));
      if (intact && !s.labelsEscaped) {
        if (skip < 0) return s.text.slice(s.labelsStart, s.labelsEnd);
        // A bucket's `le` (a quantile's `quantile`) is usually the last pair: the key is
        // the text before its comma. OpenMetrics allows no blanks inside the braces.
        if (skip === labels.length - 2) return skip === 0 ? '' : s.text.slice(s.labelsStart, s.labelIndexes[skip >> 1] - 1);
      }
      return build(labels, pairIndexes(labels, skip, undefined));
    }
    const names: string[] = [];
    for (let i = 0; i < labels.length; i += 2) if (i !== skip) names.push(labels[i]);
    const set = names.slice().sort().join(',');
    const reference = sequences.find((seq) => seq.set === set && seq.order === undefined);
    const order = reference === undefined ? undefined : reference.names.map((name) => names.indexOf(name));
    if (sequences.length < MAX_SEQUENCES) {
      sequences.push({ names, set, order });
    } else if (reference === undefined) {
      // Too many orders to remember: a set without a reference is keyed sorted, always.
      const sorted = names.map((_, j) => j).sort((x, y) => (names[x] < names[y] ? -1 : 1));
      return build(labels, pairIndexes(labels, skip, sorted));
    }
    return build(labels, pairIndexes(labels, skip, order));
  }
}

/** Whether the names of `labels` less `skip` are `names`, in order. */
function sameNames(names: readonly string[], labels: Labels, skip: number): boolean {
  const n = labels.length;
  if (names.length !== (skip < 0 ? n : n - 2) >> 1) return false;
  let j = 0;
  for (let i = 0; i < n; i += 2) {
    if (i !== skip && labels[i] !== names[j++]) return false;
  }
  return true;
}

/** Flat indexes of the pairs of `labels` less `skip`, in input order or permuted by `order`. */
function pairIndexes(labels: Labels, skip: number, order: readonly number[] | undefined): number[] {
  const pairs: number[] = [];
  for (let i = 0; i < labels.length; i += 2) if (i !== skip) pairs.push(i);
  return order === undefined ? pairs : order.map((j) => pairs[j]);
}

function build(labels: Labels, pairs: readonly number[]): string {
  let key = '';
  for (const i of pairs) key = pair(key, labels, i);
  return key;
}

/** `key` with `name="value"` appended, escaped as OpenMetrics writes it. */
function pair(key: string, labels: Labels, i: number): string {
  return `${key === '' ? '' : `${key},`}${labels[i]}="${escapeGroupValue(labels[i + 1])}"`;
}

function escapeGroupValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || c === 0x0a) return s.replace(/[\\"\n]/g, (m) => (m === '\n' ? '\\n' : `\\${m}`));
  }
  return s;
}

/** `labels` without the pair at `skip`, as a new array. */
export function withoutPair(labels: Labels, skip: number): Labels {
  const out = labels.slice();
  out.splice(skip, 2);
  return out;
}

/** Index of the label pair named `name`, or -1. */
export function labelAt(labels: Labels, name: string): number {
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === name) return i;
  return -1;
}
