/**
 * A native histogram's buckets as intervals with absolute counts, as Prometheus's
 * bucket iterators give them and Pushgateway's JSON API (1.8+) and UI list them: the
 * negative buckets from the most negative up, the zero bucket, the positive buckets; each
 * `[boundaries, lower, upper, count]`, where `boundaries` says which ends are inclusive
 * (0: (lower, upper], 1: [lower, upper), 3: [lower, upper]). Empty buckets are left out.
 *
 * Bucket `i` of an exponential schema s ends at 2^(i·2^-s). The bounds must be the very
 * doubles Prometheus uses, which are neither 2^x correctly rounded nor Math.pow's (many
 * are off by an ulp or more): they are made the way client_golang made its table.
 */
import type { BucketSpan, HistogramMetric } from '../model.js';

export interface NativeBucket {
  boundaries: 0 | 1 | 3;
  lower: number;
  upper: number;
  count: number;
}

const MAX_SCHEMA = 8;

/** The bounds in [0.5, 1) of schema 0..8, made on first use. */
let fractions: number[][] | undefined;

/**
 * Schema s's bounds: from 0.5, each the previous times 2^(2^-s), except that every second
 * one is taken from schema s-1, where it is already known (client_golang's recipe, which
 * its and Prometheus's tables of constants were made with).
 */
function fractionsOf(schema: number): number[] {
  if (fractions === undefined) {
    fractions = [];
    for (let s = 0; s <= MAX_SCHEMA; s++) {
      const factor = FACTORS[s];
      const bounds = [0.5];
      for (let j = 0; j < 2 ** s - 1; j++) bounds.push((j + 1) % 2 === 0 ? fractions[s - 1][(j >> 1) + 1] : bounds[j] * factor);
      fractions.push(bounds);
    }
  }
  return fractions[schema];
}

/**
 * 2^(2^-s) for s = 0..8 as Go's math.Exp2 gives them, which client_golang's recipe used:
 * 2^(1/2) is one ulp below the correctly rounded √2 (Math.SQRT2); the others are correctly
 * rounded.
 */
const FACTORS = [
  2,
  Math.SQRT2 - Number.EPSILON,
  1.189207115002721,
  1.0905077326652577,
  1.0442737824274138,
  1.0218971486541166,
  1.0108892860517005,
  1.0054299011128027,
  1.0027112750502025,
];

/** The upper bound of bucket `index` in an exponential `schema` (-4..8). */
export function bucketBound(index: number, schema: number): number {
  if (schema < 0) {
    const exp = index * 2 ** -schema;
    // The last bucket for regular numbers ends at the largest double.
    return exp === 1024 ? Number.MAX_VALUE : 2 ** exp;
  }
  const size = 1 << schema;
  const k = ((index % size) + size) % size;
  const exp = Math.floor(index / size) + 1;
  const fraction = fractionsOf(schema)[k];
  if (fraction === 0.5 && exp === 1025) return Number.MAX_VALUE;
  return fraction * 2 ** exp;
}

/** The buckets of one side with absolute counts: [index, count] for each. */
function side(spans: BucketSpan[] | undefined, deltas: number[] | undefined, counts: number[] | undefined): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let index = 0;
  let position = 0;
  let current = 0;
  const values = (counts ?? deltas ?? []).length;
  for (const span of spans ?? []) {
    index += span.offset;
    // A span longer than the values sent (invalid: E_NATIVE_SPANS) stops with them, however long it says it is.
    for (let j = 0; j < span.length && position < values; j++, index++, position++) {
      if (counts !== undefined) current = counts[position] ?? 0;
      else current += deltas?.[position] ?? 0;
      out.push([index, current]);
    }
  }
  return out;
}

/** Whether the exponential bucket iterators apply: a schema of -4..8. */
export function hasExponentialSchema(m: HistogramMetric): boolean {
  const schema = m.schema ?? 0;
  return schema >= -4 && schema <= MAX_SCHEMA;
}

/** The non-empty buckets, negative to positive. The schema must be exponential (hasExponentialSchema). */
export function nativeBuckets(m: HistogramMetric): NativeBucket[] {
  const schema = m.schema ?? 0;
  const out: NativeBucket[] = [];
  const negative = side(m.negativeSpans, m.negativeDeltas, m.negativeCounts);
  for (let i = negative.length - 1; i >= 0; i--) {
    const [index, count] = negative[i];
    if (count !== 0) out.push({ boundaries: 1, lower: -bucketBound(index, schema), upper: -bucketBound(index - 1, schema), count });
  }
  const zeroCount = m.zeroCount ?? 0;
  if (zeroCount !== 0) out.push({ boundaries: 3, lower: -(m.zeroThreshold ?? 0), upper: m.zeroThreshold ?? 0, count: zeroCount });
  for (const [index, count] of side(m.positiveSpans, m.positiveDeltas, m.positiveCounts)) {
    if (count !== 0) out.push({ boundaries: 0, lower: bucketBound(index - 1, schema), upper: bucketBound(index, schema), count });
  }
  return out;
}
