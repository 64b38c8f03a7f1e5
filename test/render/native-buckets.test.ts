/**
 * Native bucket bounds are Prometheus's very doubles. The expected values are entries of
 * the bound tables in client_golang (histogram.go, nativeHistogramBounds) and Prometheus
 * (model/histogram, exponentialBounds), which are not 2^x correctly rounded: Math.pow or
 * a correctly rounded power would miss each of these by an ulp or more.
 */
import { describe, expect, it } from 'vitest';
import { bucketBound, nativeBuckets } from '../../src/render/native-buckets.js';

describe('bucketBound', () => {
  it('gives the tables’ doubles, bucket i of schema s ending at 2^(i·2^-s)', () => {
    // [schema, index within [0.5, 1) of the table, the table's value]
    const table: Array<[number, number, number]> = [
      [1, 1, 0.7071067811865475],
      [3, 6, 0.8408964152537144],
      [3, 7, 0.9170040432046711],
      [5, 3, 0.5335702003384117],
      [5, 9, 0.6076236799902344],
      [8, 1, 0.5013556375251013],
      [8, 128, 0.7071067811865475],
      [8, 254, 0.9945994234836328],
      [8, 255, 0.9972960560854698],
    ];
    for (const [schema, k, value] of table) {
      expect(bucketBound(k - 2 ** schema, schema)).toBe(value);
      // The same fraction an octave up, and the one a correctly rounded power would give, differs.
      expect(bucketBound(k + 2 ** schema * 3, schema)).toBe(value * 16);
    }
    expect(Math.SQRT1_2).not.toBe(bucketBound(-1, 1));
  });

  it('handles negative schemas and the last finite bucket', () => {
    expect(bucketBound(1, 0)).toBe(2);
    expect(bucketBound(-3, -2)).toBe(2 ** -12);
    expect(bucketBound(256, -2)).toBe(Number.MAX_VALUE);
    expect(bucketBound(1024, 0)).toBe(Number.MAX_VALUE);
    expect(bucketBound(8192, 3)).toBe(Number.MAX_VALUE);
  });
});

describe('nativeBuckets', () => {
  it('walks spans with deltas or counts, leaves out empty buckets, negative ones first', () => {
    expect(
      nativeBuckets({
        labels: [],
        buckets: [],
        schema: 0,
        zeroThreshold: 0.5,
        zeroCount: 0,
        negativeSpans: [{ offset: 0, length: 2 }],
        negativeDeltas: [1, 2],
        positiveSpans: [
          { offset: 1, length: 1 },
          { offset: 1, length: 2 },
        ],
        positiveDeltas: [4, -4, 1],
      }),
    ).toEqual([
      { boundaries: 1, lower: -2, upper: -1, count: 3 },
      { boundaries: 1, lower: -1, upper: -0.5, count: 1 },
      { boundaries: 0, lower: 1, upper: 2, count: 4 },
      { boundaries: 0, lower: 8, upper: 16, count: 1 },
    ]);
  });

  // Walking 2^32-1 buckets would run past the test's timeout.
  it('stops with the values sent, however long an invalid span says it is', () => {
    const buckets = nativeBuckets({ labels: [], buckets: [], schema: 0, positiveSpans: [{ offset: 0, length: 2 ** 32 - 1 }], positiveDeltas: [1] });
    expect(buckets).toEqual([{ boundaries: 0, lower: 0.5, upper: 1, count: 1 }]);
  });
});
