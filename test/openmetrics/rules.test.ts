/**
 * The semantic rules of OpenMetrics 1.0 (docs/format-rules.md §10), one block per rule: a
 * bad payload gives the exact code and place, a good one the exact families.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { expectOmError, omCodes, omRead } from './helpers.js';

const om = (...lines: string[]) => `${lines.join('\n')}\n# EOF\n`;

describe('metadata', () => {
  it('comes at most once per family', () => {
    expectOmError(om('# HELP a x', '# HELP a y'), {
      code: 'E_OM_DUPLICATE_METADATA',
      line: 2,
      column: 8,
      message: 'More than one HELP for metric a',
      family: 'a',
    });
    expectOmError(om('# TYPE a gauge', '# TYPE a counter'), {
      code: 'E_OM_DUPLICATE_METADATA',
      line: 2,
      column: 8,
      message: 'More than one TYPE for metric a',
    });
    expectOmError(om('# UNIT a_s s', '# UNIT a_s s'), { code: 'E_OM_DUPLICATE_METADATA', line: 2, column: 8 });
    // An empty HELP counts as absent, but is still a HELP line.
    expectOmError(om('# HELP a ', '# HELP a '), { code: 'E_OM_DUPLICATE_METADATA', line: 2, column: 8 });
  });

  it('comes before the samples, in any order', () => {
    expectOmError(om('# HELP a x', 'a 1', '# TYPE a gauge'), {
      code: 'E_OM_METADATA_AFTER_SAMPLES',
      line: 3,
      column: 1,
      message: 'Received metadata after samples: a already has samples; its HELP, TYPE and UNIT come before them, and no two families share a name',
    });
    expectOmError(om('# TYPE a_s gauge', 'a_s 1', '# UNIT a_s s'), { code: 'E_OM_METADATA_AFTER_SAMPLES', line: 3, column: 1 });
    const expected = [{ name: 'a_seconds', type: 'gauge', help: 'h', unit: 'seconds', metrics: [{ labels: [], value: 1 }] }];
    expect(omRead(om('# TYPE a_seconds gauge', '# UNIT a_seconds seconds', '# HELP a_seconds h', 'a_seconds 1'))).toEqual(expected);
    expect(omRead(om('# HELP a_seconds h', '# UNIT a_seconds seconds', '# TYPE a_seconds gauge', 'a_seconds 1'))).toEqual(expected);
  });

  it('may name a family that has no samples', () => {
    expect(omRead(om('# TYPE a counter', '# HELP b x', '# UNIT c_s s'))).toEqual([
      { name: 'a_total', type: 'counter', metrics: [] },
      { name: 'b', type: 'unknown', help: 'x', metrics: [] },
      { name: 'c_s', type: 'unknown', unit: 's', metrics: [] },
    ]);
  });

  it('UNIT is a suffix of the name and absent from info and stateset', () => {
    expectOmError(om('# UNIT a seconds'), {
      code: 'E_OM_UNIT_MISMATCH',
      line: 1,
      column: 8,
      message: 'Unit does not match metric name: a must end in _seconds',
    });
    expectOmError(om('# UNIT a_xseconds seconds'), { code: 'E_OM_UNIT_MISMATCH', line: 1, column: 8 });
    expectOmError(om('# UNIT seconds seconds'), { code: 'E_OM_UNIT_MISMATCH', line: 1, column: 8 });
    expectOmError(om('# TYPE x_u info', '# UNIT x_u u'), {
      code: 'E_OM_UNIT_NOT_ALLOWED',
      line: 2,
      column: 8,
      message: 'Units not allowed for this metric type: x_u is an info',
    });
    expectOmError(om('# UNIT x_u u', '# TYPE x_u stateset'), { code: 'E_OM_UNIT_NOT_ALLOWED', line: 2, column: 8 });
    expect(omRead(om('# TYPE x_u info', '# UNIT x_u '))).toEqual([{ name: 'x_u_info', type: 'info', metrics: [] }]);
    expect(omRead(om('# TYPE cc_seconds counter', '# UNIT cc_seconds seconds', 'cc_seconds_total 1'))).toEqual([
      { name: 'cc_seconds_total', type: 'counter', unit: 'seconds', metrics: [{ labels: [], value: 1 }] },
    ]);
  });
});

describe('sample names and clashing names', () => {
  it('a sample outside the family starts an unknown one', () => {
    expect(omRead(om('# TYPE a gauge', 'a 1', 'a_total 2', 'b{x="y"} 3'))).toEqual([
      { name: 'a', type: 'gauge', metrics: [{ labels: [], value: 1 }] },
      { name: 'a_total', type: 'unknown', metrics: [{ labels: [], value: 2 }] },
      { name: 'b', type: 'unknown', metrics: [{ labels: ['x', 'y'], value: 3 }] },
    ]);
  });

  it("a sample after a failed line is placed by its own name, not the failed line's", () => {
    // The builder knows a name starts with its family's when it shares enough with the
    // line before; a line that failed (here after its name) placed nothing.
    const { families, diagnostics } = parse(om('# TYPE ab counter', 'xy_total{bad 1', 'xy_total 1'), { dialect: 'openmetrics', collectErrors: true });
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[2, 'E_OM_EXPECTED_EQUALS']]);
    expect(families.map((f) => [f.name, f.type, f.metrics.length])).toEqual([
      ['ab_total', 'counter', 0],
      ['xy_total', 'unknown', 1],
    ]);
    // Placed after its family's TYPE and after a sibling sample, as the shared prefix says.
    expect(omRead(om('# TYPE ab histogram', 'ab_bucket{le="+Inf"} 1', 'ab_count 1', 'ab_sum 2', 'abc 3'))).toEqual([
      { name: 'ab', type: 'histogram', metrics: [{ labels: [], buckets: [{ le: Infinity, count: 1 }], count: 1, sum: 2 }] },
      { name: 'abc', type: 'unknown', metrics: [{ labels: [], value: 3 }] },
    ]);
  });

  it('a sample name the type does not allow clashes with the family', () => {
    expectOmError(om('# TYPE a counter', 'a 1'), {
      code: 'E_OM_CLASHING_NAME',
      line: 2,
      column: 1,
      message: 'Clashing name: a is not a sample name of counter a (its samples are a_total, a_created)',
      family: 'a',
    });
    expectOmError(om('# TYPE a info', 'a 1'), {
      code: 'E_OM_CLASHING_NAME',
      line: 2,
      column: 1,
      message: 'Clashing name: a is not a sample name of info a (its samples are a_info)',
    });
    expectOmError(om('# TYPE a histogram', 'a{le="1"} 1'), { code: 'E_OM_CLASHING_NAME', line: 2, column: 1 });
  });

  it('no family may take a name another family can use', () => {
    expectOmError(om('# TYPE a_created gauge', '# TYPE a counter'), {
      code: 'E_OM_CLASHING_NAME',
      line: 2,
      column: 8,
      message: 'Clashing name: a_created, a sample name of counter a, is already used by gauge a_created (line 1)',
    });
    expectOmError(om('# TYPE a counter', 'a_total 1', '# TYPE a_created gauge'), {
      code: 'E_OM_CLASHING_NAME',
      line: 3,
      column: 8,
      message: 'Clashing name: a_created is a sample name of counter a (line 1)',
    });
    expectOmError(om('# TYPE a summary', 'quantile{quantile="0"} 0', 'a_sum{a="1"} 0'), { code: 'E_OM_CLASHING_NAME', line: 3, column: 1 });
    // A gauge `a_count` next to a histogram `a` (either order).
    expectOmError(om('a_count 1', '# TYPE a histogram'), { code: 'E_OM_CLASHING_NAME', line: 2, column: 8 });
  });

  it('a family does not come back after another (families do not interleave)', () => {
    expectOmError(om('# TYPE a gauge', 'a 1', 'b 1', 'a 2'), {
      code: 'E_OM_CLASHING_NAME',
      line: 4,
      column: 1,
      message: 'Clashing name: a again after other families (its family began on line 1); families must not interleave',
    });
    expectOmError(om('# HELP a x', '# HELP b y', 'a 1'), { code: 'E_OM_CLASHING_NAME', line: 3, column: 1 });
  });
});

describe('label groups and timestamps', () => {
  it('a label set does not come back after another', () => {
    expectOmError(om('a{x="1"} 1', 'a{x="2"} 1', 'a{x="1"} 2'), {
      code: 'E_OM_INVALID_GROUPING',
      line: 3,
      column: 1,
      message: 'Invalid metric grouping: the samples of this label set in a were interrupted by another label set',
    });
    // The same set in another order or spelling is the same group.
    expectOmError(om('a{x="1",y="2"} 1', 'a{x="2",y="2"} 1', 'a{y="2",x="1"} 2'), { code: 'E_OM_INVALID_GROUPING', line: 3, column: 1 });
    expectOmError(om('a{x="\\q"} 1', 'a{x="2"} 1', 'a{x="\\\\q"} 2'), { code: 'E_OM_INVALID_GROUPING', line: 3, column: 1 });
    expectOmError(om('a{x="1",y="1"} 1', 'a{y="1"} 1', 'a{y="1",x="1"} 2'), { code: 'E_OM_INVALID_GROUPING', line: 3, column: 1 });
    expectOmError(om('a{y="1",x="1"} 1', 'a{y="1"} 1', 'a{x="1"} 1', 'a{x="1",y="1"} 2'), { code: 'E_OM_INVALID_GROUPING', line: 4, column: 1 });
    // Consecutive, the reordered set is the same group: an exact repeat, dropped.
    expect(omRead(om('a{x="1",y="1"} 1', 'a{y="1",x="1"} 2'))[0].metrics).toEqual([{ labels: ['x', '1', 'y', '1'], value: 1 }]);
    // Histogram groups leave out `le`, stateset groups the state label.
    expectOmError(om('# TYPE a histogram', 'a_bucket{x="1",le="+Inf"} 0', 'a_bucket{x="2",le="+Inf"} 0', 'a_count{x="1"} 0'), {
      code: 'E_OM_INVALID_GROUPING',
      line: 4,
      column: 1,
    });
    expectOmError(om('# TYPE a stateset', 'a{a="s",x="1"} 0', 'a{a="s",x="2"} 0', 'a{x="1",a="t"} 1'), { code: 'E_OM_INVALID_GROUPING', line: 4, column: 1 });
  });

  it('within a group, timestamps are all there or all absent, and do not go back', () => {
    expectOmError(om('a 0', 'a 0 0'), {
      code: 'E_OM_TIMESTAMP_PRESENCE',
      line: 2,
      column: 5,
      message: 'Mix of timestamp presence within a group: this sample has a timestamp, the earlier ones do not',
    });
    expectOmError(om('a 0 0', 'a 0'), { code: 'E_OM_TIMESTAMP_PRESENCE', line: 2, column: 3 });
    expectOmError(om('a 0 1', 'a 0 0.5'), {
      code: 'E_OM_TIMESTAMP_BACKWARDS',
      line: 2,
      column: 5,
      message: 'Timestamps went backwards within a group: 0.5 after 1',
    });
    // Different groups are independent.
    expect(omRead(om('a{x="1"} 1 5', 'a{x="2"} 1'))[0].metrics).toHaveLength(2);
  });

  it('each timestamp of a group is one point, one metric', () => {
    expect(omRead(om('# TYPE a gauge', 'a 1 1', 'a 2 2.5'))).toEqual([
      {
        name: 'a',
        type: 'gauge',
        metrics: [
          { labels: [], value: 1, timestampSeconds: 1 },
          { labels: [], value: 2, timestampSeconds: 2.5 },
        ],
      },
    ]);
    expect(omRead(om('# TYPE a summary', 'a_count{x="y"} 1 1', 'a_sum{x="y"} 2 1', 'a_count{x="y"} 3 2', 'a_sum{x="y"} 4 2'))[0].metrics).toEqual([
      { labels: ['x', 'y'], quantiles: [], count: 1, sum: 2, timestampSeconds: 1 },
      { labels: ['x', 'y'], quantiles: [], count: 3, sum: 4, timestampSeconds: 2 },
    ]);
    // Points of one metric do not interleave either: the sums go back in time.
    expectOmError(om('# TYPE a summary', 'a_count 0 1', 'a_count 0 2', 'a_sum 0 1'), { code: 'E_OM_TIMESTAMP_BACKWARDS', line: 4, column: 9 });
  });

  it('keeps the first of exact repeats', () => {
    expect(omRead(om('# TYPE a gauge', 'a{x="1"} 1 0', 'a{x="1"} 2 0', 'a{x="2"} 3 0'))[0].metrics).toEqual([
      { labels: ['x', '1'], value: 1, timestampSeconds: 0 },
      { labels: ['x', '2'], value: 3, timestampSeconds: 0 },
    ]);
    expect(omRead(om('a 1', 'a 2'))[0].metrics).toEqual([{ labels: [], value: 1 }]);
  });

  it('takes an info family as one group, with timestamps in any order', () => {
    expect(omRead(om('# TYPE a info', 'a_info{a="1"} 1 1', 'a_info{a="2"} 1 0', 'a_info{a="1"} 1 0'))[0].metrics).toHaveLength(3);
    expectOmError(om('# TYPE a info', 'a_info{a="1"} 1 1', 'a_info{a="2"} 1'), { code: 'E_OM_TIMESTAMP_PRESENCE', line: 3, column: 15 });
  });
});

describe('counters', () => {
  it('reads _total, _created and exemplars into one metric per point', () => {
    expect(omRead(om('# TYPE a counter', 'a_total{x="1"} 3 # {t="z"} 1', 'a_created{x="1"} 1.5e9', 'a_created{x="2"} 7', 'a_total{x="2"} 4'))).toEqual([
      {
        name: 'a_total',
        type: 'counter',
        metrics: [
          { labels: ['x', '1'], value: 3, created: 1.5e9, exemplar: { labels: ['t', 'z'], value: 1 } },
          { labels: ['x', '2'], value: 4, created: 7 },
        ],
      },
    ]);
  });

  it('refuses NaN and negative totals, non-finite _created, and a point without _total', () => {
    expectOmError(om('# TYPE a counter', 'a_total NaN'), {
      code: 'E_OM_NAN_VALUE',
      line: 2,
      column: 9,
      message: 'Counter-like samples cannot be NaN: a_total',
    });
    expectOmError(om('# TYPE a counter', 'a_total -1'), {
      code: 'E_OM_NEGATIVE_VALUE',
      line: 2,
      column: 9,
      message: 'Counter-like samples cannot be negative: a_total is -1',
    });
    expectOmError(om('# TYPE a counter', 'a_total 1', 'a_created +Inf'), { code: 'E_OM_INVALID_CREATED', line: 3, column: 11 });
    expectOmError(om('# TYPE a counter', 'a_created{x="1"} 1', 'a_total{x="2"} 1'), {
      code: 'E_OM_MISSING_TOTAL',
      line: 2,
      column: 1,
      message: 'counter point has no a_total sample (a _created alone is not a counter value)',
    });
    expectOmError(om('# TYPE a counter', 'a_created 1'), { code: 'E_OM_MISSING_TOTAL', line: 2, column: 1 });
    expect(omRead(om('# TYPE a counter', 'a_total 0 0', 'a_total -0 1', 'a_total 9223372036854775808 2'))[0].metrics).toHaveLength(3);
  });
});

describe('histograms and gaugehistograms', () => {
  const h = (...lines: string[]) => om('# TYPE a histogram', ...lines);
  const gh = (...lines: string[]) => om('# TYPE a gaugehistogram', ...lines);

  it('reads buckets, sum, count, created and exemplars', () => {
    expect(
      omRead(h('a_bucket{x="y",le="0.5"} 1 # {t="1"} 0.25 10', 'a_bucket{le="+Inf",x="y"} 2', 'a_count{x="y"} 2', 'a_sum{x="y"} 1.5', 'a_created{x="y"} 100')),
    ).toEqual([
      {
        name: 'a',
        type: 'histogram',
        metrics: [
          {
            labels: ['x', 'y'],
            buckets: [
              { le: 0.5, count: 1, exemplar: { labels: ['t', '1'], value: 0.25, timestamp: 10 } },
              { le: Infinity, count: 2 },
            ],
            count: 2,
            sum: 1.5,
            created: 100,
          },
        ],
      },
    ]);
    expect(omRead(gh('a_bucket{le="-1"} 1', 'a_bucket{le="+Inf"} 3', 'a_gcount 3', 'a_gsum -5'))[0].metrics).toEqual([
      {
        labels: [],
        buckets: [
          { le: -1, count: 1 },
          { le: Infinity, count: 3 },
        ],
        count: 3,
        sum: -5,
      },
    ]);
  });

  it('needs a valid le on each bucket and none elsewhere', () => {
    expectOmError(h('a_bucket 0'), { code: 'E_OM_MISSING_LE', line: 2, column: 1, message: 'Invalid le label: bucket sample a_bucket has no le label' });
    expectOmError(h('a_bucket{le="NaN"} 0'), { code: 'E_OM_INVALID_LE', line: 2, column: 10, message: 'Invalid le label: expected a number, found "NaN"' });
    expectOmError(h('a_bucket{le="x"} 0'), { code: 'E_OM_INVALID_LE', line: 2, column: 10 });
    expectOmError(h('a_bucket{le="+INF"} 0'), {
      code: 'E_OM_INVALID_LE',
      line: 2,
      column: 10,
      message: 'Invalid le label: positive infinity must be written "+Inf", found "+INF"',
    });
    expectOmError(h('a_bucket{le="Inf"} 0'), { code: 'E_OM_INVALID_LE', line: 2, column: 10 });
    expectOmError(h('a_bucket{le="+Inf"} 0', 'a_count{le="1"} 0', 'a_sum 0'), {
      code: 'E_OM_MISPLACED_LABEL',
      line: 3,
      column: 9,
      message: 'label le belongs only on _bucket samples, not on a_count',
    });
    // Non-canonical numbers are fine.
    expect(omRead(h('a_bucket{le="1e-04"} 0', 'a_bucket{le="1"} 0', 'a_bucket{le="+Inf"} 0'))[0].metrics).toHaveLength(1);
  });

  it('needs le strictly increasing and bucket values not decreasing, whole and not negative', () => {
    expectOmError(h('a_bucket{le="2"} 0', 'a_bucket{le="1"} 0', 'a_bucket{le="+Inf"} 0'), {
      code: 'E_OM_BUCKETS_OUT_OF_ORDER',
      line: 3,
      column: 10,
      message: 'Buckets out of order: le="1" after le="2" (le must strictly increase)',
    });
    expectOmError(h('a_bucket{le="1"} 0', 'a_bucket{le="1.0"} 0', 'a_bucket{le="+Inf"} 0'), { code: 'E_OM_BUCKETS_OUT_OF_ORDER', line: 3, column: 10 });
    expectOmError(h('a_bucket{le="1"} 2', 'a_bucket{le="+Inf"} 1'), {
      code: 'E_OM_BUCKET_VALUES_OUT_OF_ORDER',
      line: 3,
      column: 21,
      message: 'Bucket values out of order: 1 after 2 (buckets are cumulative)',
    });
    expectOmError(h('a_bucket{le="+Inf"} -1'), { code: 'E_OM_NEGATIVE_VALUE', line: 2, column: 21 });
    expectOmError(h('a_bucket{le="+Inf"} NaN'), { code: 'E_OM_NAN_VALUE', line: 2, column: 21 });
    expectOmError(h('a_bucket{le="+Inf"} 1.5'), {
      code: 'E_OM_NOT_INTEGER',
      line: 2,
      column: 21,
      message: 'Count and bucket values must be integers: a_bucket is 1.5',
    });
    expectOmError(h('a_bucket{le="+Inf"} 1', 'a_count 1.5', 'a_sum 1'), { code: 'E_OM_NOT_INTEGER', line: 3, column: 9 });
    // `7476.0` is a whole number.
    expect(omRead(h('a_bucket{le="+Inf"} 7476.0', 'a_count 7476.0', 'a_sum 1'))[0].metrics).toHaveLength(1);
  });

  it('needs the +Inf bucket, and a count equal to it', () => {
    expectOmError(h('a_bucket{le="1"} 0'), {
      code: 'E_OM_MISSING_INF_BUCKET',
      line: 2,
      column: 1,
      message: '+Inf bucket missing: every point of a needs a bucket with le="+Inf"',
    });
    expectOmError(h('a_sum 1'), { code: 'E_OM_MISSING_INF_BUCKET', line: 2, column: 1 });
    expectOmError(h('a_bucket{le="+Inf"} 0', 'a_count 1', 'a_sum 0'), {
      code: 'E_OM_COUNT_MISMATCH',
      line: 3,
      column: 1,
      message: 'Count does not match +Inf value: a_count is 1, the +Inf bucket 0',
    });
    expectOmError(h('a_count 1', 'a_bucket{le="+Inf"} 0', 'a_sum 0'), { code: 'E_OM_COUNT_MISMATCH', line: 2, column: 1 });
    expectOmError(gh('a_bucket{le="+Inf"} 2', 'a_gcount 1', 'a_gsum 0'), {
      code: 'E_OM_COUNT_MISMATCH',
      line: 3,
      column: 1,
      message: 'Count does not match +Inf value: a_gcount is 1, the +Inf bucket 2',
    });
  });

  it('has _sum and _count together or neither', () => {
    expectOmError(h('a_bucket{le="+Inf"} 0', 'a_sum 0'), {
      code: 'E_OM_SUM_COUNT_PAIR',
      line: 3,
      column: 1,
      message: '_count must be present if _sum is present: a',
    });
    expectOmError(h('a_bucket{le="+Inf"} 0', 'a_count 0'), {
      code: 'E_OM_SUM_COUNT_PAIR',
      line: 3,
      column: 1,
      message: '_sum must be present if _count is present: a',
    });
    expectOmError(gh('a_bucket{le="+Inf"} 0', 'a_gsum 0'), {
      code: 'E_OM_SUM_COUNT_PAIR',
      line: 3,
      column: 1,
      message: '_gcount must be present if _gsum is present: a',
    });
    expectOmError(gh('a_bucket{le="+Inf"} 0', 'a_gcount 0'), { code: 'E_OM_SUM_COUNT_PAIR', line: 3, column: 1 });
    expect(omRead(h('a_bucket{le="+Inf"} 0'))[0].metrics).toEqual([{ labels: [], buckets: [{ le: Infinity, count: 0 }] }]);
  });

  it('ties the sum to the sign of the buckets', () => {
    expectOmError(h('a_bucket{le="-1"} 0', 'a_bucket{le="+Inf"} 0', 'a_sum 0', 'a_count 0'), {
      code: 'E_OM_SUM_WITH_NEGATIVE_BUCKETS',
      line: 4,
      column: 1,
      message: 'Cannot have _sum with negative buckets: a (a negative le makes the sum no counter)',
    });
    expectOmError(h('a_bucket{le="+Inf"} 1', 'a_sum -1', 'a_count 1'), { code: 'E_OM_NEGATIVE_VALUE', line: 3, column: 7 });
    expectOmError(h('a_bucket{le="+Inf"} 1', 'a_sum NaN', 'a_count 1'), { code: 'E_OM_NAN_VALUE', line: 3, column: 7 });
    expectOmError(gh('a_bucket{le="+Inf"} 1', 'a_gsum -1', 'a_gcount 1'), {
      code: 'E_OM_NEGATIVE_GSUM',
      line: 3,
      column: 1,
      message: 'Cannot have negative _gsum with non-negative buckets: a_gsum is -1',
    });
    expectOmError(gh('a_bucket{le="+Inf"} 1', 'a_gsum NaN', 'a_gcount 1'), { code: 'E_OM_NAN_VALUE', line: 3, column: 8 });
    expectOmError(gh('a_bucket{le="+Inf"} -1'), { code: 'E_OM_NEGATIVE_VALUE', line: 2, column: 21 });
  });

  it('reports every broken rule of a point when collecting', () => {
    expect(omCodes(gh('a_bucket{le="1"} 1', 'a_gsum -1'))).toEqual(['E_OM_MISSING_INF_BUCKET 2:1', 'E_OM_SUM_COUNT_PAIR 3:1', 'E_OM_NEGATIVE_GSUM 3:1']);
  });

  it('has no _created on a gaugehistogram: that name is a family of its own', () => {
    expect(omRead(gh('a_bucket{le="+Inf"} 1', 'a_created 1')).map((f) => `${f.name} ${f.type}`)).toEqual(['a gaugehistogram', 'a_created unknown']);
  });
});

describe('summaries', () => {
  const s = (...lines: string[]) => om('# TYPE a summary', ...lines);

  it('reads quantiles in any order, also after _count and _sum', () => {
    expect(omRead(s('a_count 1', 'a_sum 2', 'a{quantile="0.9"} NaN', 'a{quantile="0.5"} 0.7', 'a_created 5'))).toEqual([
      {
        name: 'a',
        type: 'summary',
        metrics: [
          {
            labels: [],
            quantiles: [
              { quantile: 0.9, value: NaN },
              { quantile: 0.5, value: 0.7 },
            ],
            count: 1,
            sum: 2,
            created: 5,
          },
        ],
      },
    ]);
  });

  it('needs a quantile from 0 to 1 on each quantile sample and none elsewhere', () => {
    expectOmError(s('a 0'), { code: 'E_OM_MISSING_QUANTILE', line: 2, column: 1, message: 'Invalid quantile label: summary sample a has no quantile label' });
    for (const q of ['-1', '1.01', 'NaN', 'foo', '+Inf']) {
      expectOmError(s(`a{quantile="${q}"} 0`), {
        code: 'E_OM_INVALID_QUANTILE',
        line: 2,
        column: 3,
        message: `Invalid quantile label: expected a number from 0 to 1, found "${q}"`,
      });
    }
    expectOmError(s('a_sum{quantile="0.5"} 0'), {
      code: 'E_OM_MISPLACED_LABEL',
      line: 2,
      column: 7,
      message: 'label quantile belongs only on quantile samples, not on a_sum',
    });
  });

  it('refuses negative quantile values and negative or NaN sums and counts', () => {
    expectOmError(s('a{quantile="0.5"} -1'), { code: 'E_OM_NEGATIVE_VALUE', line: 2, column: 19, message: 'Quantile values cannot be negative: a is -1' });
    expectOmError(s('a_sum -1'), { code: 'E_OM_NEGATIVE_VALUE', line: 2, column: 7 });
    expectOmError(s('a_sum NaN'), { code: 'E_OM_NAN_VALUE', line: 2, column: 7 });
    expectOmError(s('a_count -1'), { code: 'E_OM_NEGATIVE_VALUE', line: 2, column: 9 });
    expectOmError(s('a_count 0.5'), { code: 'E_OM_NOT_INTEGER', line: 2, column: 9 });
  });
});

describe('statesets and info', () => {
  it('a stateset sample carries the family-named label and 0 or 1', () => {
    expectOmError(om('# TYPE a stateset', 'a{b="x"} 1'), {
      code: 'E_OM_STATESET_LABEL_MISSING',
      line: 2,
      column: 1,
      message: 'Stateset missing label: a needs a label named a holding the state',
    });
    expectOmError(om('# TYPE a stateset', 'a{a="x"} 2'), {
      code: 'E_OM_STATESET_VALUE',
      line: 2,
      column: 10,
      message: 'Stateset samples can only have values zero and one: a is 2',
    });
    expectOmError(om('# TYPE a stateset', 'a{a="x"} NaN'), { code: 'E_OM_STATESET_VALUE', line: 2, column: 10 });
    expect(omRead(om('# TYPE a stateset', 'a{e="c",a="x"} 1.0', 'a{e="c",a="y"} 0', 'a{e="r",a="x"} 0'))).toEqual([
      {
        name: 'a',
        type: 'stateset',
        metrics: [
          { labels: ['e', 'c', 'a', 'x'], value: 1 },
          { labels: ['e', 'c', 'a', 'y'], value: 0 },
          { labels: ['e', 'r', 'a', 'x'], value: 0 },
        ],
      },
    ]);
  });

  it('an info sample is named _info and has value 1', () => {
    expectOmError(om('# TYPE a info', 'a_info{v="1"} 2'), {
      code: 'E_OM_INFO_VALUE',
      line: 2,
      column: 15,
      message: 'Info samples can only have value one: a_info is 2',
    });
    expect(omRead(om('# TYPE a info', 'a_info{v="1.2"} 1.0'))).toEqual([{ name: 'a_info', type: 'info', metrics: [{ labels: ['v', '1.2'], value: 1 }] }]);
  });
});

describe('exemplars', () => {
  it('are allowed on counter _total and histogram _bucket only', () => {
    const message = (sample: string, type: string) =>
      `exemplars are allowed only on counter _total and histogram _bucket samples, not on ${sample} of ${type} a`;
    expectOmError(om('# TYPE a gauge', 'a 1 # {a="b"} 1'), { code: 'E_OM_EXEMPLAR_NOT_ALLOWED', line: 2, column: 5, message: message('a', 'gauge') });
    expectOmError(om('# TYPE a info', 'a_info 1 # {a="b"} 1'), { code: 'E_OM_EXEMPLAR_NOT_ALLOWED', line: 2, column: 10 });
    expectOmError(om('# TYPE a stateset', 'a{a="b"} 1 # {c="d"} 1'), { code: 'E_OM_EXEMPLAR_NOT_ALLOWED', line: 2, column: 12 });
    expectOmError(om('# TYPE a histogram', 'a_sum 1 # {a="b"} 0.5'), {
      code: 'E_OM_EXEMPLAR_NOT_ALLOWED',
      line: 2,
      column: 9,
      message: message('a_sum', 'histogram'),
    });
    expectOmError(om('# TYPE a counter', 'a_created 1 # {a="b"} 0.5'), { code: 'E_OM_EXEMPLAR_NOT_ALLOWED', line: 2, column: 13 });
    expectOmError(om('# TYPE a summary', 'a_count 1 # {a="b"} 0.5'), { code: 'E_OM_EXEMPLAR_NOT_ALLOWED', line: 2, column: 11 });
    expectOmError(om('a 1 # {a="b"} 0.5'), { code: 'E_OM_EXEMPLAR_NOT_ALLOWED', line: 1, column: 5 });
  });
});
