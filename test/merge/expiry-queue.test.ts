/** The expiry index: after any sequence of sets and removals, `due` is exactly the model's answer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../src/merge/expiry-queue.js';

type Op = { key: string; at: number | undefined } | { clear: true };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), at: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }) }),
  },
  { weight: 1, arbitrary: fc.constant({ clear: true as const }) },
);

describe('ExpiryQueue', () => {
  it('due(now) lists exactly the keys whose last time is <= now, earliest first; size counts the keys with a time', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: -1, max: 51 }), (ops, now) => {
        const queue = new ExpiryQueue();
        const model = new Map<string, number>();
        for (const o of ops) {
          if ('clear' in o) {
            queue.clear();
            model.clear();
            continue;
          }
          queue.set(o.key, o.at);
          if (o.at === undefined) model.delete(o.key);
          else model.set(o.key, o.at);
        }
        expect(queue.size).toBe(model.size);
        const due = queue.due(now);
        const expected = [...model].filter(([, at]) => at <= now);
        expect(new Set(due)).toEqual(new Set(expected.map(([k]) => k)));
        expect(due.length).toBe(expected.length);
        const times = due.map((k) => model.get(k)!);
        expect(times).toEqual([...times].sort((x, y) => x - y));
      }),
      { numRuns: 500 },
    );
  });

  it('does not remove what it reports due', () => {
    const queue = new ExpiryQueue();
    queue.set('x', 5);
    expect(queue.due(10)).toEqual(['x']);
    expect(queue.due(10)).toEqual(['x']);
    expect(queue.due(4)).toEqual([]);
    queue.set('x', undefined);
    expect(queue.due(10)).toEqual([]);
    expect(queue.size).toBe(0);
  });
});
