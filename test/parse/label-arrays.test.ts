/**
 * The scanners size each line's label array as the previous line's set and trim it to what
 * the line has (src/parse/text/scanner.ts, openmetrics/scanner.ts), and look names up in a
 * Set once a line has more than 16 pairs (src/parse/core/duplicate-labels.ts). Neither may
 * change what a parse gives: label counts that grow and shrink from line to line, and
 * duplicates before and after the Set takes over.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, parse } from '../../src/index.js';
import { isDuplicateLabel } from '../../src/parse/core/duplicate-labels.js';

const dialects = ['prometheus', 'openmetrics'] as const;

function payload(dialect: (typeof dialects)[number], sampleLines: string[]): string {
  const text = ['# TYPE m gauge', ...sampleLines].join('\n') + '\n';
  return dialect === 'openmetrics' ? text + '# EOF\n' : text;
}

function labelSet(count: number, prefix = 'l'): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}="v${i}"`).join(',');
}

/** Labels of the metrics parsed from `text`, each checked to be a dense array. */
function labelsOf(text: string, dialect: (typeof dialects)[number]): string[][] {
  return parse(text, { dialect }).families[0].metrics.map((m) => {
    for (let i = 0; i < m.labels.length; i++) expect(i in m.labels, `hole at ${i}`).toBe(true);
    return m.labels;
  });
}

describe.each(dialects)('label arrays (%s)', (dialect) => {
  it('have exactly the labels of each line as counts grow, shrink and vanish', () => {
    const counts = [3, 1, 0, 5, 5, 2, 40, 4];
    const lines = counts.map((n, i) => (n === 0 ? `m ${i}` : `m{${labelSet(n)},i="${i}"} ${i}`));
    const got = labelsOf(payload(dialect, lines), dialect);
    expect(got.map((labels) => labels.length)).toEqual(counts.map((n) => (n === 0 ? 0 : 2 * n + 2)));
    expect(got[1]).toEqual(['l0', 'v0', 'i', '1']);
    expect(got[6].slice(-4)).toEqual(['l39', 'v39', 'i', '6']);
  });

  it('reports a duplicate label among the first 16 pairs and past them, at its column', () => {
    for (const at of [2, 16, 17, 40, 5000]) {
      const line = `m{${labelSet(at)},l1="again"} 1`;
      let error: unknown;
      try {
        parse(payload(dialect, [line]), { dialect });
      } catch (e) {
        error = e;
      }
      expect(error, `duplicate after ${at} pairs`).toBeInstanceOf(ParseError);
      const diagnostic = (error as ParseError).diagnostic;
      expect(diagnostic.code).toBe(dialect === 'openmetrics' ? 'E_OM_DUPLICATE_LABEL_NAME' : 'E_DUPLICATE_LABEL_NAME');
      expect(diagnostic.line).toBe(2);
      expect(diagnostic.column).toBe(line.indexOf('l1="again"') + 1);
    }
  });

  it("reports a duplicate on a line whose first names are the last label set's", () => {
    // Names in the order of the last set read whole skip the duplicate scan; the first
    // name out of that order, and every one after it, must not.
    for (const [line, column] of [
      ['m{a="1",b="2",a="3"} 1', 15],
      ['m{a="1",b="2",c="3",b="4"} 1', 21],
      ['m{b="1",a="2",b="3"} 1', 15],
    ] as const) {
      let error: unknown;
      try {
        parse(payload(dialect, ['m{a="0",b="0",c="0"} 0', line]), { dialect });
      } catch (e) {
        error = e;
      }
      expect(error, line).toBeInstanceOf(ParseError);
      expect((error as ParseError).diagnostic).toMatchObject({ line: 3, column });
    }
  });

  it('reads a line of 20,000 distinct labels', () => {
    const [labels] = labelsOf(payload(dialect, [`m{${labelSet(20_000)}} 1`]), dialect);
    expect(labels.length).toBe(40_000);
    expect(labels.slice(-2)).toEqual(['l19999', 'v19999']);
  });
});

describe('isDuplicateLabel', () => {
  it('agrees with a search of every name read so far, on lines of any length', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 80 }), { maxLength: 5 }), (lines) => {
        for (const names of lines) {
          const labels: string[] = [];
          for (const n of names) {
            const name = `n${n}`;
            const expected = labels.some((x, i) => i % 2 === 0 && x === name);
            expect(isDuplicateLabel(labels, labels.length, name)).toBe(expected);
            if (expected) break; // a scanner stops at the first duplicate
            labels.push(name, 'v');
          }
        }
      }),
    );
  });
});
