/** docs/format-rules.md §7: duplicate series and interleaved families (text 0.0.4). */
import { describe, expect, it } from 'vitest';
import { familiesOf, streamOutcome } from './helpers.js';

describe('§7 duplicates', () => {
  it('keeps a repeated series as separate metrics', () => {
    expect(familiesOf('a 1\na 1\na{b="c"} 2\na{b="c"} 3\n')).toStrictEqual([
      {
        name: 'a',
        type: 'untyped',
        line: 1,
        metrics: [
          { labels: [], value: 1, line: 1 },
          { labels: [], value: 1, line: 2 },
          { labels: ['b', 'c'], value: 2, line: 3 },
          { labels: ['b', 'c'], value: 3, line: 4 },
        ],
      },
    ]);
  });

  it('keeps the same label set in another order as another metric (for scalar types)', () => {
    expect(familiesOf('a{x="1",y="2"} 1\na{y="2",x="1"} 2\n')[0].metrics).toHaveLength(2);
  });
});

describe('§7 interleaved families', () => {
  const split = 'a 1\nb 1\na{x="y"} 2\n';

  it('parse merges the samples of a split family under its first place', () => {
    expect(familiesOf(split)).toStrictEqual([
      {
        name: 'a',
        type: 'untyped',
        line: 1,
        metrics: [
          { labels: [], value: 1, line: 1 },
          { labels: ['x', 'y'], value: 2, line: 3 },
        ],
      },
      { name: 'b', type: 'untyped', line: 2, metrics: [{ labels: [], value: 1, line: 2 }] },
    ]);
  });

  it('parseStream yields one fragment per run of lines', async () => {
    expect((await streamOutcome([split])).families).toStrictEqual([
      { name: 'a', type: 'untyped', line: 1, metrics: [{ labels: [], value: 1, line: 1 }] },
      { name: 'b', type: 'untyped', line: 2, metrics: [{ labels: [], value: 1, line: 2 }] },
      { name: 'a', type: 'untyped', line: 1, metrics: [{ labels: ['x', 'y'], value: 2, line: 3 }] },
    ]);
  });

  it('parse merges a summary whose lines are split by another family into one metric', () => {
    const text = '# TYPE s summary\ns{quantile="0.5"} 1\nb 1\ns_sum 2\ns_count 3\n';
    expect(familiesOf(text)).toStrictEqual([
      { name: 's', type: 'summary', line: 1, metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: 1 }], sum: 2, count: 3, line: 2 }] },
      { name: 'b', type: 'untyped', line: 3, metrics: [{ labels: [], value: 1, line: 3 }] },
    ]);
  });

  it('parseStream yields the split summary as two fragments', async () => {
    const text = '# TYPE s summary\ns{quantile="0.5"} 1\nb 1\ns_sum 2\ns_count 3\n';
    expect((await streamOutcome([text])).families).toStrictEqual([
      { name: 's', type: 'summary', line: 1, metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: 1 }], line: 2 }] },
      { name: 'b', type: 'untyped', line: 3, metrics: [{ labels: [], value: 1, line: 3 }] },
      { name: 's', type: 'summary', line: 1, metrics: [{ labels: [], quantiles: [], sum: 2, count: 3, line: 4 }] },
    ]);
  });

  it('parse gives a HELP after the samples to the family; parseStream to a further, empty fragment', async () => {
    const text = 'a 1\nb 1\n# HELP a late\n';
    expect(familiesOf(text)[0]).toStrictEqual({ name: 'a', type: 'untyped', help: 'late', line: 1, metrics: [{ labels: [], value: 1, line: 1 }] });
    expect((await streamOutcome([text])).families).toStrictEqual([
      { name: 'a', type: 'untyped', line: 1, metrics: [{ labels: [], value: 1, line: 1 }] },
      { name: 'b', type: 'untyped', line: 2, metrics: [{ labels: [], value: 1, line: 2 }] },
      { name: 'a', type: 'untyped', help: 'late', line: 1, metrics: [] },
    ]);
  });

  it('parseStream gives a HELP right after the samples to the same family', async () => {
    expect((await streamOutcome(['a 1\n# HELP a late\nb 1\n'])).families).toStrictEqual([
      { name: 'a', type: 'untyped', help: 'late', line: 1, metrics: [{ labels: [], value: 1, line: 1 }] },
      { name: 'b', type: 'untyped', line: 3, metrics: [{ labels: [], value: 1, line: 3 }] },
    ]);
  });
});
