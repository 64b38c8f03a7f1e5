/**
 * The label toolkit every stage shares, for the flat label arrays of the model
 * (`[name0, value0, name1, value1, ...]`, model.ts): the key of a label set whatever its
 * order, and the one way diagnostics write a label set. A leaf: it imports model types only.
 *
 * The canonical page order of label pairs (`sortLabels`, `compareSortedLabels`) is in
 * order.ts, with the string order it is built on.
 */
import type { Labels } from './model.js';

/**
 * `{a="x",b="y"}`: a label set as diagnostics write it, in the pairs' order, each value
 * quoted as JSON quotes it. `{}` for no labels.
 */
export function formatLabels(labels: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < labels.length; i += 2) out += `${i === 0 ? '' : ','}${labels[i]}=${JSON.stringify(labels[i + 1])}`;
  return out + '}';
}

/** A key equal for equal label sets whatever their order. */
export function labelSetKey(labels: Labels): string {
  const n = labels.length >> 1;
  if (n === 0) return '';
  const order = sortedPairOrder(labels);
  let key = '';
  // Length prefixes keep the key unambiguous whatever characters names and values hold.
  for (const i of order) key += `${labels[i].length}:${labels[i]}${labels[i + 1].length}:${labels[i + 1]}`;
  return key;
}

// The series of a family mostly share a few sequences of label names: sort each once.
const ORDER_CACHE_SIZE = 16;
const cachedNames: string[][] = [];
const cachedOrders: number[][] = [];
let nextSlot = 0;

/** Indexes of the pairs of `labels` in name order. */
function sortedPairOrder(labels: Labels): number[] {
  const n = labels.length >> 1;
  for (let k = 0; k < cachedNames.length; k++) {
    const names = cachedNames[k];
    if (names.length !== n) continue;
    let same = true;
    for (let i = 0; same && i < labels.length; i += 2) same = names[i >> 1] === labels[i];
    if (same) return cachedOrders[k];
  }
  const order: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < labels.length; i += 2) {
    order.push(i);
    names.push(labels[i]);
  }
  order.sort((x, y) => (labels[x] < labels[y] ? -1 : labels[x] > labels[y] ? 1 : 0));
  cachedNames[nextSlot] = names;
  cachedOrders[nextSlot] = order;
  nextSlot = (nextSlot + 1) % ORDER_CACHE_SIZE;
  return order;
}
