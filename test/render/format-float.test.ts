/**
 * formatFloat against Go itself: every row of go-float-table.json was printed by Go's
 * strconv (test/render/go-float/generate.sh), and each must match exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFloat, formatFloatOpenMetrics } from '../../src/render/format-float.js';

interface Row {
  bits: string;
  text: string;
  openmetrics: string;
}

const rows: Row[] = JSON.parse(readFileSync(new URL('./go-float-table.json', import.meta.url), 'utf8'));

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('formatFloat', () => {
  it('has a table of at least 200 values from Go', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
  });

  it('prints every table value exactly as Go (text 0.0.4)', () => {
    const wrong = rows.filter((r) => formatFloat(fromBits(r.bits)) !== r.text);
    expect(wrong.map((r) => ({ ...r, got: formatFloat(fromBits(r.bits)) }))).toEqual([]);
  });

  it('prints every table value exactly as Go (OpenMetrics)', () => {
    const wrong = rows.filter((r) => formatFloatOpenMetrics(fromBits(r.bits)) !== r.openmetrics);
    expect(wrong.map((r) => ({ ...r, got: formatFloatOpenMetrics(fromBits(r.bits)) }))).toEqual([]);
  });

  it('covers every power of ten from 1e-310 to 1e308 and the layout thresholds', () => {
    const printed = new Set(rows.map((r) => r.text));
    for (let e = -310; e <= 308; e++) expect(printed.has(formatFloat(Number(`1e${e}`)))).toBe(true);
    for (const s of ['99999', '100000', '999999', '1e+06', '1.234567e+06', '0.0001', '1e-05', '1e+20', '1e+21', '5e-324']) {
      expect(printed.has(s)).toBe(true);
    }
  });

  it('spells the special values the Go way', () => {
    expect([1, 0, -0, -1, NaN, Infinity, -Infinity].map(formatFloat)).toEqual(['1', '0', '0', '-1', 'NaN', '+Inf', '-Inf']);
    expect([1, 0, -0, -1, NaN, Infinity, -Infinity].map(formatFloatOpenMetrics)).toEqual(['1.0', '0.0', '0.0', '-1.0', 'NaN', '+Inf', '-Inf']);
  });

  it('reads back as the same double (any finite value)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatFloat(x))).toBe(x === 0 ? 0 : x);
        expect(Number(formatFloatOpenMetrics(x))).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 5000 },
    );
  });
});
