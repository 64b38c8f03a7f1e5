/**
 * A 32-bit hash of a label group, so that the no-interleaving check can look groups up
 * by a number. Hashing or comparing the key strings themselves costs a runtime call each
 * (they are slices of the input), and measured a sixth of an OpenMetrics parse.
 *
 * The scanner hashes each label value as it reads it; a pair's hash mixes that with a
 * little of the name; a label set's hash is the sum of its pairs' hashes, so it does not
 * depend on the order of the labels (equal sets must hash equal), and a pair left out of
 * the group (`le`, `quantile`, a stateset's state) is subtracted. Equal hashes are then
 * told apart by the keys: a collision costs a comparison, never a wrong answer.
 */

/** The hash a value's code units give when fed one by one to `nextValueHash`. */
export function nextValueHash(hash: number, c: number): number {
  return (Math.imul(hash, 31) + c) | 0;
}

export function stringHash(s: string): number {
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
