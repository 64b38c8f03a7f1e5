/**
 * A 32-bit hash of a label set, so that sets can be looked up by a number: the
 * OpenMetrics no-interleaving check and the duplicate-series rule. Hashing or comparing
 * key strings instead costs a runtime call each (they are slices of the input), and
 * measured a sixth of an OpenMetrics parse and most of lint's duplicate check.
 * LabelSetIndex is the lookup both use.
 *
 * A value's hash is fed its code units one by one (the OpenMetrics scanner does so as it
 * reads them); a pair's hash mixes that with a little of the name; a set's hash is the sum
 * of its pairs' hashes, so it does not depend on the order of the labels (equal sets must
 * hash equal), and a pair can be subtracted again (`le`, `quantile`, a stateset's state).
 * Equal hashes are told apart by comparing the sets: a collision costs a comparison,
 * never a wrong answer.
 */
import type { Labels } from './model.js';

/** The hash a value's code units give when fed one by one to `nextValueHash`. */
export function nextValueHash(hash: number, c: number): number {
  return (Math.imul(hash, 31) + c) | 0;
}

function stringHash(s: string): number {
  let hash = 0;
  for (let i = 0; i < s.length; i++) hash = nextValueHash(hash, s.charCodeAt(i));
  return hash;
}

/** A pair's hash: the value's, mixed with the name's length and its first and last characters. */
export function pairHash(valueHash: number, nameLength: number, first: number, last: number): number {
  // murmur3's finalizer, so that sums of pair hashes spread well.
  let h = valueHash ^ Math.imul(nameLength * 0x10000 + first * 0x100 + last, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The hash of a flat label set. */
export function labelSetHash(labels: Labels): number {
  let hash = 0;
  for (let i = 0; i < labels.length; i += 2) {
    const name = labels[i];
    hash = (hash + pairHash(stringHash(labels[i + 1]), name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1))) | 0;
  }
  return hash;
}

/** Whether two flat label sets hold the same pairs, in any order. */
function sameLabelSet(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  outer: for (let i = 0; i < a.length; i += 2) {
    for (let j = 0; j < b.length; j += 2) {
      if (a[i] === b[j]) {
        if (a[i + 1] !== b[j + 1]) return false;
        continue outer;
      }
    }
    return false;
  }
  return true;
}

/**
 * Items by label set (each item has one, `labelsOf`): found again by the set's hash, and
 * compared as sets only when hashes meet.
 *
 * An open-addressing table in typed arrays, kept across `clear()`: the OpenMetrics
 * builder needs one per family, and a Map per family (grown slot by slot, then dropped)
 * was a sixth of what an OpenMetrics parse of a node_exporter scrape allocated.
 */
export class LabelSetIndex<T> {
  /** Items by number, the first `count` of them live (the rest cleared). */
  private items: (T | undefined)[] = [];
  private count = 0;
  /** Per slot: 1 + the index of its item in `items`, or 0 when empty. */
  private slots = new Int32Array(INITIAL_SLOTS);
  /** Per slot: the hash of its item's set. */
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Per item: its slot, so that `clear` empties only the slots in use. */
  private itemSlots = new Int32Array(INITIAL_SLOTS / 2);
  /** 32 - log2(slots): slot numbers are the top bits of a multiplied hash. */
  private shift = 32 - Math.log2(INITIAL_SLOTS);

  constructor(private readonly labelsOf: (item: T) => Labels) {}

  get size(): number {
    return this.count;
  }

  /** The item added before with the label set of `item`, of hash `hash`; else undefined, once `item` is added. */
  findOrAdd(item: T, hash: number): T | undefined {
    const slots = this.slots;
    const hashes = this.hashes;
    const mask = slots.length - 1;
    let labels: Labels | undefined;
    let i = slotOf(hash, this.shift);
    for (let s = slots[i]; s !== 0; s = slots[i]) {
      if (hashes[i] === hash) {
        const other = this.items[s - 1]!;
        labels ??= this.labelsOf(item);
        if (sameLabelSet(this.labelsOf(other), labels)) return other;
      }
      i = (i + 1) & mask;
    }
    this.itemSlots[this.count] = i;
    this.items[this.count++] = item;
    slots[i] = this.count;
    hashes[i] = hash;
    if (this.count * 2 >= slots.length) this.grow();
    return undefined;
  }

  /** Forgets every item; the table keeps its size for the next use. */
  clear(): void {
    const count = this.count;
    if (count === 0) return;
    this.items.fill(undefined, 0, count); // holds on to nothing
    const slots = this.slots;
    const itemSlots = this.itemSlots;
    for (let k = 0; k < count; k++) slots[itemSlots[k]] = 0;
    this.count = 0;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    const slots = (this.slots = new Int32Array(oldSlots.length * 2));
    const hashes = (this.hashes = new Int32Array(oldSlots.length * 2));
    const itemSlots = (this.itemSlots = new Int32Array(oldSlots.length));
    this.shift--;
    const mask = slots.length - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const s = oldSlots[j];
      if (s === 0) continue;
      let i = slotOf(oldHashes[j], this.shift);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = s;
      hashes[i] = oldHashes[j];
      itemSlots[s - 1] = i;
    }
  }
}

// 8 KiB of slots: node_exporter's biggest family (256 series) fits without growing.
const INITIAL_SLOTS = 1024;

/** Fibonacci hashing: the top bits of the hash times 2^32 / golden ratio. */
function slotOf(hash: number, shift: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> shift;
}
