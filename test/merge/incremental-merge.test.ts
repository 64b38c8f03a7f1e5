/**
 * The page a GroupStore keeps up to date change by change (incremental-merge.ts) is
 * always the page `mergeGroups` (the reference) gives for the same groups: families,
 * series order, HELP, and the diagnostics in the same order, whatever sequence of PUT,
 * POST, DELETE, failed pushes, undos, wipes and restores led there. The pushes go in
 * unchecked too, so that type conflicts, duplicate series and name collisions reach the page.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/merge/group-store.js';
import { IncrementalMerge } from '../../src/merge/incremental-merge.js';
import type { Group } from '../../src/merge/group.js';
import { mergeGroups } from '../../src/merge/merge-groups.js';
import type { MetricFamily } from '../../src/model.js';

const groupLabels = fc.constantFrom<string[]>(
  ['job', 'a'],
  ['job', 'a', 'instance', ''],
  ['instance', 'x', 'job', 'a'],
  ['job', 'b'],
  ['job', 'a', 'x', '1'],
  ['job', 'ab'],
  ['job', 'a', 'instance', 'y'],
);
const NAMES = ['m', 'm_count', 'm_sum', 'm_bucket', 'n', 'push_time_seconds'];
const label = fc.constantFrom<string[]>(['x', '1'], ['x', '2'], ['instance', 'x'], ['instance', 'y'], ['job', 'a'], ['y', '2'], ['a', '0'], ['z', '9']);
const family: fc.Arbitrary<MetricFamily> = fc
  .record({
    name: fc.constantFrom(...NAMES),
    type: fc.constantFrom('counter', 'gauge', 'untyped', 'summary', 'histogram'),
    help: fc.constantFrom(undefined, 'one', 'two'),
    line: fc.constantFrom(undefined, 3),
    series: fc.array(fc.array(label, { maxLength: 3 }), { minLength: 0, maxLength: 4 }),
    value: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ name, type, help, line, series, value }) => {
    const metric = (labels: string[][], i: number) => {
      const base = { labels: labels.flat(), ...(i === 1 ? { line: 7 } : {}) };
      if (type === 'summary') return { ...base, quantiles: [{ quantile: 0.5, value }], sum: value, count: i };
      if (type === 'histogram') return { ...base, buckets: [{ le: Infinity, count: i }], sum: value, count: i };
      return { ...base, value: value + i };
    };
    const f = { name, type, metrics: series.map(metric) } as MetricFamily;
    if (help !== undefined) f.help = help;
    if (line !== undefined) f.line = line;
    return f;
  });
const op = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constantFrom('PUT', 'POST'), labels: groupLabels, families: fc.array(family, { maxLength: 3 }), check: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('DELETE'), labels: groupLabels }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('FAIL'), labels: groupLabels }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('UNDO'), labels: groupLabels }) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'WIPE' }, { kind: 'RESTORE' }, { kind: 'PAGE' }) },
);

describe('the incremental page', () => {
  it('equals mergeGroups of the same groups after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const store = new GroupStore();
        let now = 1;
        for (const o of ops) {
          const before = 'labels' in o ? store.get(o.labels) : undefined;
          if (o.kind === 'PUT' || o.kind === 'POST') store.push(o.labels, o.families, { replace: o.kind === 'PUT', now: now++, check: o.check });
          else if (o.kind === 'DELETE') store.delete(o.labels);
          // A push with a timestamp is refused, even unchecked: the failure time changes.
          else if (o.kind === 'FAIL')
            store.push(o.labels, [{ name: 't', type: 'gauge', metrics: [{ labels: [], value: 1, timestampMs: 5 }] }], { replace: true, now: now++ });
          else if (o.kind === 'UNDO') store.put(o.labels, before === undefined ? undefined : { ...before, families: before.families.slice(1) });
          else if (o.kind === 'WIPE') store.wipe();
          else if (o.kind === 'RESTORE') store.restore(store.list());
          if (o.kind !== 'PAGE' && now % 3 !== 0) continue;
          const page = store.page();
          expect(page).toEqual(mergeGroups(store.list()));
        }
        expect(store.page()).toEqual(mergeGroups(store.list()));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals mergeGroups for groups without push times, or with pushed push_* families', () => {
    const group: fc.Arbitrary<Group> = fc.record({
      labels: groupLabels,
      families: fc.array(family, { maxLength: 4 }),
      pushTimeSeconds: fc.constantFrom(undefined, 1, 2),
      pushFailureTimeSeconds: fc.constantFrom(undefined, 0, 3),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(group, fc.boolean()), { maxLength: 20 }), (changes) => {
        const merge = new IncrementalMerge();
        const groups = new Map<string, Group>();
        for (const [g, remove] of changes) {
          const key = JSON.stringify([...g.labels].sort());
          if (remove) groups.delete(key);
          else groups.set(key, g);
          merge.set(key, remove ? undefined : g);
          expect(merge.page()).toEqual(mergeGroups([...groups.values()]));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the families of names a change did not touch, and never changes a page it gave out', () => {
    const store = new GroupStore();
    const fam = (name: string, value: number, labels: string[] = []): MetricFamily => ({ name, type: 'gauge', metrics: [{ labels, value }] });
    store.push(['job', 'a'], [fam('x', 1), fam('y', 1)], { replace: true, now: 1 });
    store.push(['job', 'b'], [fam('x', 2)], { replace: true, now: 1 });
    const first = store.page();
    const y = first.families.find((f) => f.name === 'y')!;
    const xSeries = [...first.families.find((f) => f.name === 'x')!.metrics];
    store.push(['job', 'b'], [fam('x', 3), fam('x2', 1)], { replace: true, now: 2 });
    store.push(['job', 'c'], [fam('x', 4)], { replace: true, now: 2 });
    store.delete(['job', 'a']);
    expect(first.families.find((f) => f.name === 'x')!.metrics).toEqual(xSeries);
    expect(store.page().families.find((f) => f.name === 'y')).toBe(undefined);
    store.push(['job', 'a'], [fam('y', 1)], { replace: false, now: 3 });
    const second = store.page();
    store.push(['job', 'c'], [fam('x', 5)], { replace: true, now: 4 });
    expect(store.page().families.find((f) => f.name === 'x2')).toBe(second.families.find((f) => f.name === 'x2'));
    expect(y.metrics).toEqual([{ labels: ['instance', '', 'job', 'a'], value: 1 }]);
  });

  it('keeps the families a POST moved in its group (it took one out of the middle)', () => {
    const store = new GroupStore();
    const fam = (name: string, value: number): MetricFamily => ({ name, type: 'gauge', metrics: [{ labels: [], value }] });
    store.push(['job', 'a'], [fam('p', 1), fam('q', 1), fam('r', 1), fam('s', 1)], { replace: true, now: 1 });
    const before = store.page();
    store.push(['job', 'a'], [fam('q', 2)], { replace: false, now: 2 });
    const after = store.page();
    expect(store.get(['job', 'a'])!.families.map((f) => f.name)).toEqual(['p', 'r', 's', 'q']);
    for (const name of ['p', 'r', 's']) expect(after.families.find((f) => f.name === name)).toBe(before.families.find((f) => f.name === name));
    expect(after.families.find((f) => f.name === 'q')!.metrics).toEqual([{ labels: ['instance', '', 'job', 'a'], value: 2 }]);
  });
});

describe('a group that brings hundreds of thousands of series to a family', () => {
  it('is merged in (a splice once took them as arguments and overflowed the stack)', () => {
    const store = new GroupStore();
    const gauge = (name: string, labels: string[][]): MetricFamily => ({
      name,
      type: 'gauge',
      metrics: labels.map((pairs, i) => ({ labels: pairs, value: i })),
    });
    expect(store.push(['job', 'a'], [gauge('big', [['i', 'a']])], { replace: true, now: 1 }).accepted).toBe(true);
    const many = Array.from({ length: 300_000 }, (_, i) => ['i', String(i).padStart(6, '0')]);
    expect(store.push(['job', 'b'], [gauge('big', many)], { replace: true, now: 2 }).accepted).toBe(true);
    const big = store.page().families.find((f) => f.name === 'big')!;
    expect(big.metrics.length).toBe(300_001);
    expect(big.metrics[0].labels).toEqual(['i', '000000', 'instance', '', 'job', 'b']);
    expect(big.metrics[300_000].labels).toEqual(['i', 'a', 'instance', '', 'job', 'a']);
    // Per group the family name; per series its name, label names and values.
    const a = 'big'.length + 'i'.length + 'a'.length + 'instance'.length + 'job'.length + 'a'.length;
    const b = 'big'.length + 'i'.length + '000000'.length + 'instance'.length + 'job'.length + 'b'.length;
    expect(store.usage()).toEqual({ series: 300_001, bytes: 2 * 'big'.length + a + 300_000 * b });
  });
});
