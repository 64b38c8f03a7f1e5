/** docs/format-rules.md §6: how samples are grouped into families, summaries and histograms. */
import { describe, expect, it } from 'vitest';
import { expectError, familiesOf } from './helpers.js';

describe('§6 resolving a sample name', () => {
  it('1. an exact family name wins', () => {
    const text = '# TYPE x summary\n# TYPE x_sum gauge\n';
    // x_sum is resolved to x (rule 2) on the TYPE line too, so this is a second TYPE...
    expectError(text, {
      code: 'E_DUPLICATE_TYPE',
      line: 2,
      column: 8,
      message: 'second TYPE line for metric name "x", or TYPE reported after samples',
      family: 'x',
    });
    // ...whereas a family x_sum named first keeps its samples.
    expect(familiesOf('# TYPE x_sum gauge\n# TYPE x summary\nx_sum 1\n')).toStrictEqual([
      { name: 'x_sum', type: 'gauge', line: 1, metrics: [{ labels: [], value: 1, line: 3 }] },
    ]);
  });

  it('2. _count and _sum join an earlier summary', () => {
    expect(familiesOf('# TYPE x summary\nx_count 3\nx_sum 4.5\n')).toStrictEqual([
      { name: 'x', type: 'summary', line: 1, metrics: [{ labels: [], quantiles: [], count: 3, sum: 4.5, line: 2 }] },
    ]);
  });

  it('2. _bucket does not join a summary', () => {
    expect(familiesOf('# TYPE x summary\nx_bucket{le="1"} 1\n')).toStrictEqual([
      { name: 'x_bucket', type: 'untyped', line: 2, metrics: [{ labels: ['le', '1'], value: 1, line: 2 }] },
    ]);
  });

  it.each(['histogram', 'gaugehistogram'])('3. _count, _sum and _bucket join an earlier %s', (type) => {
    expect(familiesOf(`# TYPE h ${type}\nh_bucket{le="1"} 2\nh_sum 3\nh_count 2\n`)).toStrictEqual([
      { name: 'h', type, line: 1, metrics: [{ labels: [], buckets: [{ le: 1, count: 2 }], sum: 3, count: 2, line: 2 }] },
    ]);
  });

  it.each(['counter', 'gauge', 'untyped'])('4. suffixes of a %s family make new untyped families', (type) => {
    expect(familiesOf(`# TYPE x ${type}\nx 1\nx_count 2\nx_sum 3\nx_bucket 4\n`).map((f) => [f.name, f.type])).toStrictEqual([
      ['x', type],
      ['x_count', 'untyped'],
      ['x_sum', 'untyped'],
      ['x_bucket', 'untyped'],
    ]);
  });

  it('4. a new family takes the type an earlier TYPE line gave its exact name', () => {
    expect(familiesOf('# TYPE x_count gauge\nx_count 1\n')[0].type).toBe('gauge');
  });

  it('groups only when the TYPE came before the samples', () => {
    expect(familiesOf('x_sum 1\n# TYPE x summary\nx{quantile="0.5"} 2\nx_sum 3\n')).toStrictEqual([
      {
        name: 'x_sum',
        type: 'untyped',
        line: 1,
        metrics: [
          { labels: [], value: 1, line: 1 },
          { labels: [], value: 3, line: 4 },
        ],
      },
      { name: 'x', type: 'summary', line: 2, metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: 2 }], line: 3 }] },
    ]);
  });

  it('does not take a bare suffix as a family', () => {
    expect(familiesOf('# TYPE x summary\n_count 1\n_sum 2\n_bucket 3\n').map((f) => f.name)).toStrictEqual(['_count', '_sum', '_bucket']);
  });
});

describe('§6 summaries', () => {
  it('reads the "evil summary": lines of one summary scattered, labels in any order', () => {
    const text = [
      '# TYPE my_summary summary', // 1
      'my_summary{n1="val1",quantile="0.5"} 110', // 2
      'decoy -1 -2', // 3
      'my_summary{n1="val1",quantile="0.9"} 140 1', // 4
      'my_summary_count{n1="val1"} 42', // 5
      '# Latest timestamp wins.', // 6
      'my_summary_sum{n1="val1"} 4711 2', // 7
      'fake_sum{n1="val1"} 2001', // 8
      '# TYPE another_summary summary', // 9
      'another_summary_count{n2="val2",n1="val1"} 20', // 10
      'my_summary_count{n2="val2",n1="val1"} 5 5', // 11
      'another_summary{n1="val1",n2="val2",quantile=".3"} -1.2', // 12
      'my_summary_sum{n1="val2"} 08 15', // 13
      'my_summary{n1="val3", quantile="0.2"} 4711', // 14
      '  my_summary{n1="val1",n2="val2",quantile="-12.34",} NaN', // 15
      '# some', // 16
      '# funny comments', // 17
      '# HELP', // 18
      '# HELP', // 19
      '# HELP my_summary', // 20
      '# HELP my_summary ', // 21
      '',
    ].join('\n');
    expect(familiesOf(text)).toStrictEqual([
      {
        name: 'my_summary',
        type: 'summary',
        line: 1,
        metrics: [
          {
            labels: ['n1', 'val1'],
            quantiles: [
              { quantile: 0.5, value: 110 },
              { quantile: 0.9, value: 140 },
            ],
            count: 42,
            sum: 4711,
            timestampMs: 2,
            line: 2,
          },
          { labels: ['n2', 'val2', 'n1', 'val1'], quantiles: [{ quantile: -12.34, value: NaN }], count: 5, timestampMs: 5, line: 11 },
          { labels: ['n1', 'val2'], quantiles: [], sum: 8, timestampMs: 15, line: 13 },
          { labels: ['n1', 'val3'], quantiles: [{ quantile: 0.2, value: 4711 }], line: 14 },
        ],
      },
      { name: 'decoy', type: 'untyped', line: 3, metrics: [{ labels: [], value: -1, timestampMs: -2, line: 3 }] },
      { name: 'fake_sum', type: 'untyped', line: 8, metrics: [{ labels: ['n1', 'val1'], value: 2001, line: 8 }] },
      {
        name: 'another_summary',
        type: 'summary',
        line: 9,
        metrics: [{ labels: ['n2', 'val2', 'n1', 'val1'], quantiles: [{ quantile: 0.3, value: -1.2 }], count: 20, line: 10 }],
      },
    ]);
  });

  it('reads quantile values with the float rules of a value', () => {
    const quantiles = familiesOf('# TYPE s summary\ns{quantile="1e-1"} 1\ns{quantile="+Inf"} 2\ns{quantile="-inf"} 3\ns{quantile="00.50"} 4\n')[0]
      .metrics[0] as { quantiles: unknown };
    expect(quantiles.quantiles).toStrictEqual([
      { quantile: 0.1, value: 1 },
      { quantile: Infinity, value: 2 },
      { quantile: -Infinity, value: 3 },
      { quantile: 0.5, value: 4 },
    ]);
  });

  it.each(['x', '', ' 0.5', '0x1', '1_0', '+NaN'])('rejects quantile=%j', (q) => {
    expectError(`# TYPE s summary\ns{a="b",quantile="${q}"} 1\n`, {
      code: 'E_INVALID_QUANTILE',
      line: 2,
      column: 9,
      message: `expected float as value for 'quantile' label, got "${q}"`,
      family: 's',
    });
  });

  it('keeps quantile as an ordinary label outside summaries', () => {
    expect(familiesOf('# TYPE g gauge\ng{quantile="x"} 1\n')[0].metrics[0].labels).toStrictEqual(['quantile', 'x']);
  });

  it('keeps one metric per label set, a sample per quantile line, and duplicate quantiles', () => {
    const text = '# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="0.5"} 2\ns{a="b",quantile="0.5"} 3\n';
    expect(familiesOf(text)[0].metrics).toStrictEqual([
      {
        labels: [],
        quantiles: [
          { quantile: 0.5, value: 1 },
          { quantile: 0.5, value: 2 },
        ],
        line: 2,
      },
      { labels: ['a', 'b'], quantiles: [{ quantile: 0.5, value: 3 }], line: 4 },
    ]);
  });

  it('lets the latest timestamp of a metric win', () => {
    const text = '# TYPE s summary\ns{quantile="0.5"} 1 10\ns_sum 2 30\ns_count 3 20\ns{quantile="0.9"} 4\n';
    expect(familiesOf(text)[0].metrics[0].timestampMs).toBe(20);
  });
});

describe('§6 histograms', () => {
  const text = [
    '# HELP request_duration_microseconds The response latency.',
    '# TYPE request_duration_microseconds histogram',
    'request_duration_microseconds_bucket{le="100"} 123',
    'request_duration_microseconds_bucket{le="120"} 412',
    'request_duration_microseconds_bucket{le="144"} 592',
    'request_duration_microseconds_bucket{le="172.8"} 1524',
    'request_duration_microseconds_bucket{le="+Inf"} 2693',
    'request_duration_microseconds_sum 1.7560473e+06',
    'request_duration_microseconds_count 2693',
    '',
  ].join('\n');

  it('folds buckets, sum and count into one metric', () => {
    expect(familiesOf(text)).toStrictEqual([
      {
        name: 'request_duration_microseconds',
        type: 'histogram',
        help: 'The response latency.',
        line: 1,
        metrics: [
          {
            labels: [],
            buckets: [
              { le: 100, count: 123 },
              { le: 120, count: 412 },
              { le: 144, count: 592 },
              { le: 172.8, count: 1524 },
              { le: Infinity, count: 2693 },
            ],
            sum: 1756047.3,
            count: 2693,
            line: 3,
          },
        ],
      },
    ]);
  });

  it('keeps buckets in input order, unchecked for order, duplicates, monotonicity and +Inf', () => {
    const t = '# TYPE h histogram\nh_bucket{le="2"} 5\nh_bucket{le="1"} 7\nh_bucket{le="1"} 3\nh_count 1\n';
    expect(familiesOf(t)[0].metrics).toStrictEqual([
      {
        labels: [],
        buckets: [
          { le: 2, count: 5 },
          { le: 1, count: 7 },
          { le: 1, count: 3 },
        ],
        count: 1,
        line: 2,
      },
    ]);
  });

  it('groups by the labels other than le, in any order', () => {
    const t = '# TYPE h histogram\nh_bucket{a="1",b="2",le="1"} 1\nh_bucket{b="2",le="+Inf",a="1"} 2\nh_sum{b="2",a="1"} 3\nh_count{a="2"} 4\n';
    expect(familiesOf(t)[0].metrics).toStrictEqual([
      {
        labels: ['a', '1', 'b', '2'],
        buckets: [
          { le: 1, count: 1 },
          { le: Infinity, count: 2 },
        ],
        sum: 3,
        line: 2,
      },
      { labels: ['a', '2'], buckets: [], count: 4, line: 5 },
    ]);
  });

  it('keeps float and NaN counts, and a negative sum', () => {
    const t = '# TYPE h histogram\nh_bucket{le="1"} 2.5\nh_count NaN\nh_sum -3\n';
    const m = familiesOf(t)[0].metrics[0] as { buckets: unknown; count: number; sum: number };
    expect(m.buckets).toStrictEqual([{ le: 1, count: 2.5 }]);
    expect(m.count).toBeNaN();
    expect(m.sum).toBe(-3);
  });

  it('rejects negative counts and bucket populations', () => {
    expectError('# TYPE h histogram\nh_count -1\n', {
      code: 'E_NEGATIVE_COUNT',
      line: 2,
      column: 9,
      message: 'negative count for histogram "h"',
      family: 'h',
    });
    expectError('# TYPE h gaugehistogram\nh_bucket{le="1"} -0.5\n', {
      code: 'E_NEGATIVE_COUNT',
      line: 2,
      column: 18,
      message: 'negative bucket population for histogram "h"',
      family: 'h',
    });
  });

  it('accepts -0 as a count (it is not below zero)', () => {
    expect((familiesOf('# TYPE h histogram\nh_count -0\n')[0].metrics[0] as { count: number }).count).toBe(-0);
  });

  it.each(['x', '', '1e', 'Infinity1', '_1'])('rejects le=%j', (le) => {
    expectError(`# TYPE h histogram\nh_bucket{le="${le}"} 1\n`, {
      code: 'E_INVALID_LE',
      line: 2,
      column: 10,
      message: `expected float as value for 'le' label, got "${le}"`,
      family: 'h',
    });
  });

  it('reads le with the float rules of a value', () => {
    const t = '# TYPE h histogram\nh_bucket{le="1e3"} 1\nh_bucket{le="inf"} 2\nh_bucket{le="-0.5"} 0\n';
    expect((familiesOf(t)[0].metrics[0] as { buckets: unknown }).buckets).toStrictEqual([
      { le: 1000, count: 1 },
      { le: Infinity, count: 2 },
      { le: -0.5, count: 0 },
    ]);
  });

  it('keeps le as an ordinary label outside histograms', () => {
    expect(familiesOf('# TYPE s summary\ns{le="x",quantile="1"} 1\n')[0].metrics[0].labels).toStrictEqual(['le', 'x']);
    expect(familiesOf('c_bucket{le="x"} 1\n')[0].metrics[0].labels).toStrictEqual(['le', 'x']);
  });
});

describe('§6 timestamps of scalar samples', () => {
  it('keeps each line its own metric and timestamp', () => {
    expect(familiesOf('a 1 10\na 2 20\n')[0].metrics).toStrictEqual([
      { labels: [], value: 1, timestampMs: 10, line: 1 },
      { labels: [], value: 2, timestampMs: 20, line: 2 },
    ]);
  });
});
