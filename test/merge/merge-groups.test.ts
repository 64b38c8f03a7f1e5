import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import type { MetricFamily } from '../../src/model.js';
import type { Group } from '../../src/merge/group.js';
import { mergeGroups } from '../../src/merge/merge-groups.js';

function group(labels: string[], text: string, times?: { ok?: number; failed?: number }): Group {
  const g: Group = { labels, families: parse(text).families };
  if (times?.ok !== undefined) g.pushTimeSeconds = times.ok;
  if (times?.failed !== undefined) g.pushFailureTimeSeconds = times.failed;
  return g;
}

/** Families without source positions, to compare content. */
function strip(families: MetricFamily[]): unknown {
  return families.map(({ line: _l, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _m, ...m }) => m) }));
}

describe('mergeGroups', () => {
  it('adds grouping labels (URL wins over body), instance="" when absent, labels sorted', () => {
    const { families, diagnostics } = mergeGroups([
      group(['job', 'j1'], 'm{zeta="z",job="body",alpha="a"} 1\n'),
      group(['job', 'j2', 'instance', 'i'], 'm 2\n'),
    ]);
    expect(diagnostics).toEqual([]);
    expect(strip(families)).toEqual([
      {
        name: 'm',
        type: 'untyped',
        metrics: [
          { labels: ['instance', 'i', 'job', 'j2'], value: 2 },
          { labels: ['alpha', 'a', 'instance', '', 'job', 'j1', 'zeta', 'z'], value: 1 },
        ],
      },
    ]);
  });

  it('orders series by label count, then values position by position (docs/pushgateway-semantics.md §9, E104)', () => {
    const { families } = mergeGroups([
      group(['job', 'gamma'], 'm{aaa="z"} 1\nm{bbb="a"} 1\n'),
      group(['job', 'zeta'], 'm{zzz="1"} 1\n'),
      group(['job', 'beta', 'instance', 'b1'], 'm 1\n'),
      group(['job', 'gamma', 'x', 'y'], 'other 1\n'),
      group(['job', 'alpha'], 'm 1\n'),
    ]);
    expect(families.map((f) => f.name)).toEqual(['m', 'other']);
    expect(families[0].metrics.map((m) => m.labels)).toEqual([
      ['instance', '', 'job', 'alpha'],
      ['instance', 'b1', 'job', 'beta'],
      ['instance', '', 'job', 'zeta', 'zzz', '1'],
      ['bbb', 'a', 'instance', '', 'job', 'gamma'],
      ['aaa', 'z', 'instance', '', 'job', 'gamma'],
    ]);
  });

  it('breaks ties between equal values under different label names by the names', () => {
    const { families } = mergeGroups([group(['job', 'j'], 'm{b="v"} 1\nm{a="v"} 2\n')]);
    expect(families[0].metrics.map((m) => m.labels[0])).toEqual(['a', 'b']);
  });

  it("serves push_time_seconds and push_failure_time_seconds with the group's labels", () => {
    const { families } = mergeGroups([group(['job', 'j'], 'push_time_seconds 5\nm 1\n', { ok: 1700000000.5 })]);
    expect(strip(families)).toEqual([
      { name: 'm', type: 'untyped', metrics: [{ labels: ['instance', '', 'job', 'j'], value: 1 }] },
      {
        name: 'push_failure_time_seconds',
        help: 'Last Unix time when changing this group in the Pushgateway failed.',
        type: 'gauge',
        metrics: [{ labels: ['instance', '', 'job', 'j'], value: 0 }],
      },
      {
        name: 'push_time_seconds',
        help: 'Last Unix time when changing this group in the Pushgateway succeeded.',
        type: 'gauge',
        metrics: [{ labels: ['instance', '', 'job', 'j'], value: 1700000000.5 }],
      },
    ]);
  });

  it('reports a TYPE that differs between groups, naming both', () => {
    const { diagnostics } = mergeGroups([
      group(['job', 'ta'], '# TYPE conflict_metric counter\nconflict_metric 1\n'),
      group(['job', 'tb'], '# TYPE conflict_metric gauge\nconflict_metric 2\n'),
    ]);
    expect(diagnostics).toEqual([
      {
        code: 'E_TYPE_CONFLICT',
        severity: 'error',
        message: 'family "conflict_metric" is gauge in group {job="tb"} but counter in group {job="ta"}',
        line: 1,
        column: 1,
        family: 'conflict_metric',
        group: '{job="tb"}',
      },
    ]);
  });

  // Groups are visited in grouping-label order ({instance="",job="dup"} first), so the later one is named.
  it('reports the same series in two groups: {job=dup} next to {job=dup,instance=""} (§8.4)', () => {
    const { diagnostics } = mergeGroups([
      group(['job', 'dup'], 'dup_metric 1\n', { ok: 1 }),
      group(['job', 'dup', 'instance', ''], 'dup_metric 2\n', { ok: 2 }),
    ]);
    expect(diagnostics.map((d) => [d.code, d.family, d.group])).toEqual([
      ['E_DUPLICATE_SERIES', 'dup_metric', '{job="dup"}'],
      ['E_DUPLICATE_SERIES', 'push_failure_time_seconds', '{job="dup"}'],
      ['E_DUPLICATE_SERIES', 'push_time_seconds', '{job="dup"}'],
    ]);
  });

  it('reports the same series twice in one payload', () => {
    const { diagnostics } = mergeGroups([group(['job', 'j'], 'a{x="1"} 1\na{x="1"} 2\n')]);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['E_DUPLICATE_SERIES', 2]]);
  });

  it('reports a _count family colliding with a histogram of another group', () => {
    const { diagnostics } = mergeGroups([
      group(['job', 'a'], '# TYPE sufx histogram\nsufx_bucket{le="+Inf"} 1\nsufx_count 1\nsufx_sum 1\n'),
      group(['job', 'b'], 'sufx_count 3\n'),
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['E_NAME_COLLISION']);
  });

  it('takes the HELP of the first group in grouping-label order that has one, and says so', () => {
    const groups = [group(['job', 'b'], '# HELP h from b\nh 1\n'), group(['job', 'a'], 'h 2\n'), group(['job', 'c'], '# HELP h from c\nh 3\n')];
    const { families, diagnostics } = mergeGroups(groups);
    expect(families[0].help).toBe('from b');
    expect(diagnostics.map((d) => [d.code, d.severity, d.group])).toEqual([['I_HELP_CONFLICT', 'info', '{job="c"}']]);
  });

  it('gives the same page and verdict whatever order the groups come in', () => {
    const groups = [
      group(['job', 'b'], '# HELP h from b\n# TYPE h gauge\nh{x="1"} 1\n', { ok: 2 }),
      group(['job', 'a'], '# HELP h from a\n# TYPE h gauge\nh{x="1"} 2\n', { ok: 1, failed: 3 }),
      group(['job', 'a', 'instance', 'i'], '# TYPE h counter\nh 3\n'),
      group(['job', 'c'], 'h{x="1",instance=""} 3\nz 1\n'),
    ];
    const expected = mergeGroups(groups);
    fc.assert(
      fc.property(fc.shuffledSubarray(groups, { minLength: groups.length }), (shuffled) => {
        expect(mergeGroups(shuffled)).toEqual(expected);
      }),
    );
  });
});
