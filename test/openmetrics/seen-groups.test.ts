/**
 * The no-interleaving check (and the duplicate-series rule) look label sets up by a 32-bit
 * hash (LabelSetIndex in src/label-set-hash.ts) and compare the sets only when hashes are
 * equal. Whatever the hashes, it must answer as a map of canonical keys would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../src/model.js';
import { parse } from '../../src/index.js';
import { LabelSetIndex, labelSetHash } from '../../src/label-set-hash.js';

/** The hash the scanner gives a label set. */
const hashOf = labelSetHash;

/** A label set written in a random order: few names and values, so that repeats abound. */
const labelSet = fc
  .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'src', 'dst'), fc.constantFrom('', '1', '2', 'x"y')), { selector: (p) => p[0], maxLength: 3 })
  .chain((pairs) => fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }))
  .map((pairs) => pairs.flat());

const canonical = (labels: Labels) => JSON.stringify(Array.from({ length: labels.length / 2 }, (_, k) => [labels[2 * k], labels[2 * k + 1]]).sort());

/** Runs `sets` through the groups' LabelSetIndex and a map of canonical keys side by side. */
function agrees(sets: Labels[], hash: (labels: Labels) => number, seen = new LabelSetIndex<Labels>((g) => g)): void {
  expect(seen.findOrAdd(sets[0], hash(sets[0]))).toBeUndefined();
  const model = new Map<string, Labels>([[canonical(sets[0]), sets[0]]]);
  for (const labels of sets.slice(1)) {
    const found = seen.findOrAdd(labels, hash(labels));
    const expected = model.get(canonical(labels));
    expect(found).toBe(expected);
    if (expected === undefined) model.set(canonical(labels), labels);
  }
  expect(seen.size).toBe(model.size);
}

describe('LabelSetIndex', () => {
  it('answers so for families of hundreds of groups', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 600, maxLength: 900 }), fc.boolean(), (ids, collide) => {
        const sets = ids.map((id) => ['instance', `host-${id}`, 'job', id % 3 === 0 ? 'node' : 'api']);
        agrees(sets, collide ? () => 7 : hashOf);
      }),
      { numRuns: 20 },
    );
  });

  it('answers so when one index serves family after family, growing and cleared between them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 400 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (families, collide) => {
          const seen = new LabelSetIndex<Labels>((g) => g);
          for (const ids of families) {
            seen.clear();
            expect(seen.size).toBe(0);
            agrees(
              ids.map((id) => ['instance', `host-${id}`]),
              collide ? () => -1 : hashOf,
              seen,
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  for (const [what, hash] of [
    ["with the scanner's hashes", hashOf],
    ['when every hash collides', () => 42],
  ] as const) {
    it(`finds an earlier group exactly when its label set came before, ${what}`, () => {
      fc.assert(
        fc.property(fc.array(labelSet, { minLength: 1, maxLength: 30 }), (sets) => agrees(sets, hash)),
        { numRuns: 1000 },
      );
    });
  }
});

describe('groups in a parse', () => {
  const om = (...lines: string[]) => `${lines.join('\n')}\n# EOF\n`;

  it('tells apart label sets whose values trade places', () => {
    const { families } = parse(om('a{src="x",dst="y"} 1', 'a{src="y",dst="x"} 2'), { dialect: 'openmetrics' });
    expect(families[0].metrics.map((m) => m.labels)).toEqual([
      ['src', 'x', 'dst', 'y'],
      ['src', 'y', 'dst', 'x'],
    ]);
  });

  it('finds a group that comes back in another order', () => {
    expect(() => parse(om('a{src="x",dst="y"} 1', 'a{src="y",dst="x"} 2', 'a{dst="y",src="x"} 3'), { dialect: 'openmetrics' })).toThrow(
      expect.objectContaining({ diagnostic: expect.objectContaining({ code: 'E_OM_INVALID_GROUPING', line: 3 }) }),
    );
  });
});
