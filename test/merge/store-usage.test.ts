/**
 * GroupStore's usage figures (the store caps' input) stay equal to what the groups it
 * holds cost, worked out from scratch, through every kind of change.
 */
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/merge/group-store.js';
import { sizeOf } from '../../src/merge/store-usage.js';
import type { MetricFamily } from '../../src/model.js';

const gauge = (name: string, values: string[]): MetricFamily => ({
  name,
  type: 'gauge',
  metrics: values.map((v, i) => ({ labels: ['series', v], value: i })),
});

/** The usage of every group, counted again from its families. */
function recounted(store: GroupStore): { series: number; bytes: number } {
  return sizeOf(store.list().flatMap((g) => g.families));
}

describe('GroupStore usage', () => {
  it('follows pushes, merges, refusals, deletions and a wipe', () => {
    const store = new GroupStore();
    const check = (): void => {
      expect(store.usage()).toEqual(recounted(store));
      for (const group of store.list()) expect(store.groupUsage(group.labels)).toEqual(sizeOf(group.families));
    };
    store.push(['job', 'a'], [gauge('x', ['1', '2']), gauge('y', ['1'])], { replace: true, now: 1 });
    store.push(['job', 'b'], [gauge('x', ['3'])], { replace: true, now: 1 });
    check();
    expect(store.usage().series).toBe(4);
    // A POST replaces only the families it names.
    store.push(['job', 'a'], [gauge('y', ['long-value-1', 'long-value-2', 'long-value-3'])], { replace: false, now: 2 });
    check();
    expect(store.groupUsage(['job', 'a'])!.series).toBe(5);
    // A refused push (a type conflict) changes no family.
    const refused = store.push(['job', 'b'], [{ name: 'x', type: 'counter', metrics: [{ labels: [], value: 1 }] }], { replace: true, now: 3 });
    expect(refused.accepted).toBe(false);
    check();
    // A PUT with fewer series.
    store.push(['job', 'a'], [gauge('x', ['1'])], { replace: true, now: 4 });
    check();
    expect(store.usage().series).toBe(2);
    store.delete(['job', 'b']);
    check();
    expect(store.groupUsage(['job', 'b'])).toBeUndefined();
    store.wipe();
    expect(store.usage()).toEqual({ series: 0, bytes: 0 });
    expect(store.groupUsage(['job', 'a'])).toBeUndefined();
  });
});
