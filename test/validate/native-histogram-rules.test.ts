/**
 * The native-histogram rules: each breaks on a histogram that breaks it, with its exact
 * message, and keeps quiet on the same histogram put right; a valid native histogram (as
 * client_golang writes one) and a classic one draw no finding from any rule; and the
 * gateway's store refuses a push that breaks one, storing nothing.
 */
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/index.js';
import type { HistogramMetric, MetricFamily } from '../../src/model.js';
import { validate } from '../../src/validate/validate.js';

/** What client_golang 1.14 pushes for observations 0, 1.5, 1.5 and 3 with factor 1.1 (schema 3). */
const VALID: HistogramMetric = {
  labels: [],
  count: 4,
  sum: 6,
  buckets: [],
  schema: 3,
  zeroThreshold: 2.938735877055719e-39,
  zeroCount: 1,
  positiveSpans: [
    { offset: 5, length: 1 },
    { offset: 7, length: 1 },
  ],
  positiveDeltas: [2, -1],
};

const family = (m: Partial<HistogramMetric>): MetricFamily => ({ name: 'h', help: 'h.', type: 'histogram', line: 1, metrics: [{ ...VALID, line: 1, ...m }] });
const found = (f: MetricFamily, code: string) =>
  validate([f])
    .filter((d) => d.code === code)
    .map((d) => d.message);

const cases: Array<{ code: string; bad: Partial<HistogramMetric>; message: string; good: Partial<HistogramMetric> }> = [
  {
    code: 'E_NATIVE_SCHEMA',
    bad: { schema: 9 },
    message: 'native histogram "h" has schema 9; valid schemas are -4 to 8, or -53 for custom buckets',
    good: { schema: 8 },
  },
  {
    code: 'E_NATIVE_SCHEMA',
    bad: { schema: -53, negativeSpans: [{ offset: 0, length: 1 }], negativeDeltas: [0] },
    message: 'native histogram "h" has the custom-bucket schema -53, which has no negative buckets and no zero bucket',
    good: { schema: -53, zeroThreshold: 0, zeroCount: 0, positiveSpans: [{ offset: 0, length: 2 }], positiveDeltas: [1, 0], count: 2 },
  },
  {
    code: 'E_NATIVE_SPANS',
    bad: { positiveDeltas: [2, -1, 0] },
    message: 'native histogram "h": its positive spans cover 2 buckets, but 3 deltas are sent',
    good: { positiveDeltas: [2, -1] },
  },
  {
    code: 'E_NATIVE_SPANS',
    bad: { negativeSpans: [{ offset: 0, length: 2 }], negativeCounts: [1] },
    message: 'native histogram "h": its negative spans cover 2 buckets, but 1 counts are sent',
    good: { negativeSpans: [{ offset: 0, length: 1 }], negativeCounts: [1], count: 5 },
  },
  {
    code: 'E_NATIVE_SPANS',
    bad: {
      positiveSpans: [
        { offset: 5, length: 1 },
        { offset: -1, length: 1 },
      ],
    },
    message: 'native histogram "h": positive span 2 has offset -1; only the first span may start below the previous one\'s end',
    good: {
      positiveSpans: [
        { offset: -5, length: 1 },
        { offset: 0, length: 1 },
      ],
    },
  },
  {
    code: 'E_NATIVE_NEGATIVE_BUCKET',
    bad: { positiveDeltas: [1, -2], count: 9 },
    message: 'native histogram "h": positive bucket 2 counts -1; bucket counts cannot be negative',
    good: { positiveDeltas: [1, -1], count: 9 },
  },
  {
    code: 'E_NATIVE_COUNT',
    bad: { count: 3 },
    message: 'native histogram "h": sample count 3 is less than the 4 observations its buckets and zero bucket hold',
    good: { count: 5 },
  },
  {
    code: 'E_NATIVE_ZERO_THRESHOLD',
    bad: { zeroThreshold: -1e-9 },
    message: 'native histogram "h": zero threshold -1e-9 is negative; it is the zero bucket\'s width',
    good: { zeroThreshold: 0 },
  },
  {
    code: 'E_NATIVE_NAN',
    bad: { floatCounts: true, positiveDeltas: undefined, positiveCounts: [2, Number.NaN] },
    message: 'native histogram "h": a positive bucket count is NaN; only the sum may be NaN',
    good: { floatCounts: true, positiveDeltas: undefined, positiveCounts: [2, 1], sum: Number.NaN },
  },
];

describe('native histogram rules: each breaks on its bad histogram and keeps quiet on its good one', () => {
  for (const c of cases) {
    it(`${c.code}: ${JSON.stringify(c.bad)}`, () => {
      expect(found(family(c.bad), c.code)).toEqual([c.message]);
      expect(found(family(c.good), c.code)).toEqual([]);
    });
  }

  it("client_golang's native histogram and a classic histogram are clean", () => {
    expect(validate([family({})])).toEqual([]);
    const classic: MetricFamily = {
      name: 'h',
      help: 'h.',
      type: 'histogram',
      metrics: [{ labels: [], buckets: [{ le: Infinity, count: 2 }], count: 2, sum: 1 }],
    };
    expect(validate([classic])).toEqual([]);
  });
});

describe('the gateway refuses a push that breaks a native-histogram rule', () => {
  it('stores no series and names the rule', () => {
    const store = new GroupStore();
    const result = store.push(['job', 'j'], [family({ positiveDeltas: [1, -2], count: 9 })], { replace: true, now: 1 });
    expect(result.accepted).toBe(false);
    expect(result.errors.map((d) => d.code)).toEqual(['E_NATIVE_NEGATIVE_BUCKET']);
    // As Pushgateway, the refusal is recorded (push_failure_time_seconds); no series is stored.
    expect(store.get(['job', 'j'])?.families ?? []).toEqual([]);
    const good = store.push(['job', 'j'], [family({})], { replace: true, now: 1 });
    expect(good).toMatchObject({ accepted: true, errors: [] });
    expect(store.get(['job', 'j'])?.families.map((f) => f.name)).toEqual(['h']);
  });
});
