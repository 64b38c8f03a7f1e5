/**
 * NameClaims (src/parse/openmetrics/rules/claims.ts) keeps the names OpenMetrics families
 * claim by family name and finds sample names again by their suffix. It must answer as a
 * map of every claimed name would, first claim winning: the law below runs both over
 * families whose names are each other's sample names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Claim, NameClaims } from '../../src/parse/openmetrics/rules/claims.js';
import type { OmType } from '../../src/parse/openmetrics/rules/names.js';
import { parse } from '../../src/index.js';

/** docs/format-rules.md §10: the sample name suffixes of each type, in table order. */
const SUFFIXES: Record<OmType, string[]> = {
  counter: ['_total', '_created'],
  gauge: [],
  unknown: [],
  stateset: [],
  info: ['_info'],
  summary: ['_count', '_sum', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
};

/** The reference: one map entry per claimed name. */
class EveryName {
  private readonly map = new Map<string, Claim>();
  claimOf(name: string): Claim | undefined {
    return this.map.get(name);
  }
  claim(claim: Claim, clash: (name: string, other: Claim) => void): void {
    for (const n of [claim.family, ...SUFFIXES[claim.type].map((s) => claim.family + s)]) {
      const other = this.map.get(n);
      if (other === undefined) this.map.set(n, claim);
      else if (n !== claim.family) clash(n, other);
    }
  }
}

const suffix = fc.constantFrom('', '', '_total', '_created', '_info', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_g', '_x');
const name = fc.tuple(fc.constantFrom('a', 'b', 'a_g'), suffix, suffix).map(([base, s1, s2]) => base + s1 + s2);
const family = fc.record({ name, type: fc.constantFrom(...(Object.keys(SUFFIXES) as OmType[])) });

describe('NameClaims', () => {
  it('answers as a map of every claimed name, first claim winning', () => {
    fc.assert(
      fc.property(fc.array(family, { minLength: 1, maxLength: 25 }), (families) => {
        const claims = new NameClaims();
        const reference = new EveryName();
        families.forEach(({ name: n, type }, line) => {
          expect(claims.claimOf(n)).toBe(reference.claimOf(n));
          const claim: Claim = { family: n, type, line };
          const got: [string, Claim][] = [];
          const expected: [string, Claim][] = [];
          claims.claim(claim, (clashing, other) => got.push([clashing, other]));
          reference.claim(claim, (clashing, other) => expected.push([clashing, other]));
          expect(got).toEqual(expected);
          for (const other of families.slice(0, line + 1)) {
            for (const s of ['', ...SUFFIXES[other.type]]) expect(claims.claimOf(other.name + s)).toBe(reference.claimOf(other.name + s));
          }
        });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('clashing names in a parse', () => {
  const om = (...lines: string[]) => `${lines.join('\n')}\n# EOF\n`;
  const clashes = (text: string) => parse(text, { dialect: 'openmetrics', collectErrors: true }).diagnostics.map((d) => `${d.line}: ${d.message}`);

  it("finds a family named after an earlier family's sample, and the other way round", () => {
    expect(clashes(om('# TYPE a counter', 'a_total 1', '# TYPE a_created gauge', 'a_created 2'))).toEqual([
      '3: Clashing name: a_created is a sample name of counter a (line 1)',
    ]);
    expect(clashes(om('# TYPE a_count gauge', 'a_count 1', '# TYPE a summary', 'a_sum 2', 'a_count 1'))).toEqual([
      '3: Clashing name: a_count, a sample name of summary a, is already used by gauge a_count (line 1)',
    ]);
  });
});
