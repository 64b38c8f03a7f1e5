/**
 * The store's index-based consistency check agrees with the full merge (merge-groups.ts,
 * Pushgateway's way): a push is accepted exactly when the whole store with the push
 * applied merges without errors. Plus the per-family push times and restore.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/merge/group-store.js';
import { mergeGroups } from '../../src/merge/merge-groups.js';
import type { MetricFamily } from '../../src/model.js';

const groupLabels = fc.constantFrom<string[]>(['job', 'a'], ['job', 'a', 'instance', ''], ['job', 'a', 'instance', 'x'], ['job', 'b'], ['job', 'a', 'x', '1']);
const family: fc.Arbitrary<MetricFamily> = fc
  .record({
    name: fc.constantFrom('m', 'm_count', 'm_sum', 'm_bucket', 'n'),
    type: fc.constantFrom('counter', 'gauge', 'untyped', 'summary', 'histogram'),
    labels: fc.array(fc.constantFrom<string[]>(['x', '1'], ['instance', 'x'], ['job', 'a'], ['y', '2']), { maxLength: 2 }),
    copies: fc.integer({ min: 1, max: 2 }),
  })
  .map(({ name, type, labels, copies }) => {
    const metric = (i: number) => {
      const base = { labels: labels.flat().concat(i > 0 ? ['z', String(i)] : []) };
      if (type === 'summary') return { ...base, quantiles: [{ quantile: 0.5, value: 1 }], sum: 1, count: 1 };
      if (type === 'histogram') return { ...base, buckets: [{ le: Infinity, count: 1 }], sum: 1, count: 1 };
      return { ...base, value: 1 };
    };
    return { name, type, metrics: Array.from({ length: copies }, (_, i) => metric(i % 2)) } as MetricFamily;
  });
const op = fc.record({
  labels: groupLabels,
  families: fc.uniqueArray(family, { selector: (f) => f.name, maxLength: 3 }),
  kind: fc.constantFrom('PUT', 'POST', 'DELETE'),
});

const errors = (store: GroupStore) => mergeGroups(store.list()).diagnostics.filter((d) => d.severity === 'error');

describe('GroupStore consistency check', () => {
  it('accepts a push exactly when the merged store stays free of errors', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const store = new GroupStore();
        let now = 1;
        for (const { labels, families, kind } of ops) {
          if (kind === 'DELETE') {
            store.delete(labels);
            continue;
          }
          const shadow = new GroupStore();
          shadow.restore(store.list());
          shadow.push(labels, families, { replace: kind === 'PUT', now, check: false });
          const result = store.push(labels, families, { replace: kind === 'PUT', now: now++ });
          expect(result.accepted).toBe(errors(shadow).length === 0);
          expect(errors(store)).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the time each family was pushed, and the failure time apart', () => {
    const store = new GroupStore();
    const fam = (name: string, type: 'gauge' | 'counter' = 'gauge'): MetricFamily => ({ name, type, metrics: [{ labels: [], value: 1 }] });
    store.push(['job', 'j'], [fam('a'), fam('b')], { replace: true, now: 10 });
    store.push(['job', 'j'], [fam('b')], { replace: false, now: 20 });
    store.push(['job', 'other'], [fam('x')], { replace: true, now: 25 });
    expect(store.push(['job', 'j'], [fam('x', 'counter')], { replace: false, now: 30 }).accepted).toBe(false);
    const g = store.get(['job', 'j'])!;
    expect(Object.fromEntries(g.pushedAt)).toEqual({ a: 10, b: 20, push_time_seconds: 20, push_failure_time_seconds: 30 });
    expect([g.pushTimeSeconds, g.pushFailureTimeSeconds]).toEqual([20, 30]);
    store.push(['job', 'j'], [fam('c')], { replace: true, now: 40 });
    expect(Object.fromEntries(store.get(['job', 'j'])!.pushedAt)).toEqual({ c: 40, push_time_seconds: 40, push_failure_time_seconds: 30 });
  });

  it('ignores pushed push_* families, and forgets deleted groups in its indexes', () => {
    const store = new GroupStore();
    const fam = (name: string, type: 'gauge' | 'counter'): MetricFamily => ({ name, type, metrics: [{ labels: [], value: 5 }] });
    expect(store.push(['job', 'j'], [fam('push_time_seconds', 'counter')], { replace: true, now: 1 }).accepted).toBe(true);
    expect(store.get(['job', 'j'])!.families).toEqual([]);
    store.push(['job', 'a'], [fam('m', 'counter')], { replace: true, now: 1 });
    expect(store.push(['job', 'b'], [fam('m', 'gauge')], { replace: true, now: 2 }).accepted).toBe(false);
    store.delete(['job', 'a']);
    expect(store.push(['job', 'b'], [fam('m', 'gauge')], { replace: true, now: 3 }).accepted).toBe(true);
    store.wipe();
    expect(store.push(['job', 'c'], [fam('m', 'counter')], { replace: true, now: 4 }).accepted).toBe(true);
  });
});
