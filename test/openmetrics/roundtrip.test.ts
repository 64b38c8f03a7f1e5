/**
 * Laws tying the OpenMetrics writer to the parser over generated valid families
 * (arbitraries.ts): reading back what was written gives the families again, and writing
 * what was read back gives the same text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOpenMetrics } from '../../src/parse/openmetrics/parse.js';
import { renderOpenMetrics } from '../../src/render/render-openmetrics.js';
import { omFamilies } from './arbitraries.js';
import { withoutLines } from './helpers.js';

const RUNS = { numRuns: 300 };

describe('OpenMetrics render/parse round trip', () => {
  it('parseOpenMetrics(renderOpenMetrics(f)) equals f', () => {
    fc.assert(
      fc.property(omFamilies, (list) => {
        expect(withoutLines(parseOpenMetrics(renderOpenMetrics(list)).families)).toEqual(list);
      }),
      RUNS,
    );
  });

  it('renderOpenMetrics(parseOpenMetrics(text)) is text for rendered text', () => {
    fc.assert(
      fc.property(omFamilies, (list) => {
        const text = renderOpenMetrics(list);
        expect(renderOpenMetrics(parseOpenMetrics(text).families)).toBe(text);
      }),
      RUNS,
    );
  });
});
