/**
 * Laws tying the writer to the parser, over generated families (arbitraries.ts):
 * reading back what was written gives the families again, writing what was read back
 * gives the same bytes, and the chunked writer agrees with the whole one.
 *
 * Documented exceptions, applied to the expected side: -0 is written as `0`, and types
 * the 0.0.4 format cannot name come back as the type they were written as
 * (`gaugehistogram` -> histogram, `unknown` -> untyped, `info`/`stateset` -> gauge).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from '../../src/index.js';
import type { MetricFamily, MetricType } from '../../src/model.js';
import { renderText, renderTextChunks } from '../../src/render/render-text.js';
import { families } from './arbitraries.js';

const RUNS = { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 1000) };

const WRITTEN_AS: Partial<Record<MetricType, MetricType>> = {
  gaugehistogram: 'histogram',
  unknown: 'untyped',
  info: 'gauge',
  stateset: 'gauge',
};

/** What a reader can get back: the documented exceptions applied. */
function expected(list: MetricFamily[]): unknown {
  return structuredClone(list).map((f) => ({ ...f, type: WRITTEN_AS[f.type] ?? f.type, metrics: f.metrics.map(positiveZero) }));
}

function positiveZero<T>(x: T): T {
  if (typeof x === 'number') return (x === 0 ? 0 : x) as T;
  if (Array.isArray(x)) return x.map(positiveZero) as T;
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, positiveZero(v)])) as T;
  }
  return x;
}

/** The parser's result without its `line` fields. */
function read(text: string): MetricFamily[] {
  return parse(text).families.map(({ line: _line, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _l, ...m }) => m) }) as MetricFamily);
}

describe('render/parse round trip', () => {
  it('parse(renderText(f)) equals f', () => {
    fc.assert(
      fc.property(families, (list) => {
        expect(read(renderText(list))).toEqual(expected(list));
      }),
      RUNS,
    );
  });

  it('renderText(parse(renderText(f))) is renderText(f), sorted or not', () => {
    fc.assert(
      fc.property(families, fc.boolean(), (list, sort) => {
        const text = renderText(list, { sort });
        expect(renderText(read(text), { sort })).toBe(text);
      }),
      RUNS,
    );
  });

  it('the chunks joined are the whole render', () => {
    fc.assert(
      fc.property(families, fc.boolean(), fc.integer({ min: 1, max: 5 }), (list, sort, chunkLines) => {
        const chunks = [...renderTextChunks(list, { sort, chunkLines })];
        expect(chunks.join('')).toBe(renderText(list, { sort }));
        for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
      }),
      RUNS,
    );
  });

  it('sorting twice changes nothing more', () => {
    fc.assert(
      fc.property(families, (list) => {
        const once = renderText(list, { sort: true });
        expect(renderText(read(once), { sort: true })).toBe(once);
      }),
      RUNS,
    );
  });
});
