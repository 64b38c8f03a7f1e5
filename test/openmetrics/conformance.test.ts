/**
 * The OpenMetrics 1.0 parser conformance suite (test/openmetrics/conformance-suite, copied
 * byte for byte from OpenObservability/OpenMetrics tests/testdata/parsers): 211 cases,
 * 44 that must parse and 167 that must be rejected. Each `metrics` file is fed as bytes,
 * unchanged. Good cases must also survive render -> parse with the same families.
 *
 * The data is read at run time from conformance-suite/testdata/parsers, in the clone. If it
 * is missing, the inventory test fails rather than skipping.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/diagnostics.js';
import { parseOpenMetrics } from '../../src/parse/openmetrics/parse.js';
import { renderOpenMetrics } from '../../src/render/render-openmetrics.js';
import { type ConformanceCase as Case, conformanceCases, conformanceDir as dataDir, repoRoot, withoutLines } from './helpers.js';

const EXPECTED_CASES = 211;

/** The parser's verdict, and the first diagnostic when it rejects. */
function verdict(c: Case): { parsed: boolean; why: string } {
  try {
    parseOpenMetrics(c.bytes);
    return { parsed: true, why: '' };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const d = error.diagnostic;
    return { parsed: false, why: `${d.code} at ${d.line}:${d.column}: ${d.message}` };
  }
}

const cases = conformanceCases();
const outcomes = cases.map((c) => ({ c, ...verdict(c) }));
const passing = outcomes.filter((o) => o.parsed === o.c.shouldParse).length;

describe('OpenMetrics conformance suite', () => {
  it(`finds the ${EXPECTED_CASES} cases in ${path.relative(repoRoot, dataDir)}`, () => {
    expect(cases.length).toBe(EXPECTED_CASES);
    expect(cases.filter((c) => c.shouldParse).length).toBe(44);
    // The directory name says the verdict; a mismatch would mean the data changed.
    for (const c of cases) expect(c.name.startsWith('bad_')).toBe(!c.shouldParse);
  });

  for (const { c, parsed, why } of outcomes) {
    it(`${c.name} (${c.shouldParse ? 'must parse' : 'must be rejected'})`, () => {
      expect(parsed ? 'parsed' : `rejected: ${why}`).toBe(c.shouldParse ? 'parsed' : `rejected: ${why}`);
      if (c.shouldParse) {
        // Collect mode agrees, and what is read renders to text that reads back the same.
        const { families } = parseOpenMetrics(c.bytes);
        expect(parseOpenMetrics(c.bytes, { collectErrors: true })).toEqual({ families, diagnostics: [] });
        const text = renderOpenMetrics(families);
        expect(withoutLines(parseOpenMetrics(text).families)).toEqual(withoutLines(families));
        expect(renderOpenMetrics(parseOpenMetrics(text).families)).toBe(text);
      } else {
        // Collect mode finds the same first error, and goes on without throwing.
        const { diagnostics } = parseOpenMetrics(c.bytes, { collectErrors: true });
        expect(diagnostics.length).toBeGreaterThan(0);
        expect(`${diagnostics[0].code} at ${diagnostics[0].line}:${diagnostics[0].column}: ${diagnostics[0].message}`).toBe(why);
      }
    });
  }

  it(`summary: ${passing}/${cases.length} cases give the expected verdict`, () => {
    const failing = outcomes.filter((o) => o.parsed !== o.c.shouldParse).map((o) => `${o.c.name}: ${o.why || 'parsed'}`);
    console.log(`OpenMetrics conformance: ${passing}/${cases.length}`);
    expect(failing).toEqual([]);
    expect(passing).toBe(EXPECTED_CASES);
  });
});
