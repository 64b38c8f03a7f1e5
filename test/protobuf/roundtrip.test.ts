/**
 * Laws tying the protobuf encoder to the decoder, over generated families
 * (arbitraries.ts): text -> model -> protobuf -> model gives the text parser's families,
 * and model -> protobuf -> model gives the model back; plus the cases the laws do not
 * reach (types the schema cannot name, OpenMetrics seconds, presence, float counts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseProtobuf, renderProtobuf, renderProtobufChunks, renderText } from '../../src/index.js';
import type { MetricFamily } from '../../src/model.js';
import { schemaCarried, textCarried } from './arbitraries.js';
import { withoutLines } from './helpers.js';

const RUNS = { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 1000) };

function viaProtobuf(list: readonly MetricFamily[]): MetricFamily[] {
  const result = parseProtobuf(renderProtobuf(list), { collectErrors: true });
  expect(result.diagnostics).toEqual([]);
  return withoutLines(result.families);
}

describe('protobuf round trips', () => {
  it('text -> model -> protobuf -> model gives the same families', () => {
    fc.assert(
      fc.property(textCarried, (list) => {
        const fromText = withoutLines(parse(renderText(list)).families);
        expect(viaProtobuf(fromText)).toEqual(fromText);
      }),
      RUNS,
    );
  });

  it('model -> protobuf -> model gives the same families', () => {
    fc.assert(
      fc.property(schemaCarried, (list) => {
        expect(viaProtobuf(list)).toEqual(list);
      }),
      RUNS,
    );
  });

  it('renders the same text before and after protobuf, and the chunks are the body', () => {
    fc.assert(
      fc.property(textCarried, (list) => {
        const body = renderProtobuf(list);
        expect(renderText(parseProtobuf(body).families)).toBe(renderText(list));
        expect(Buffer.concat([...renderProtobufChunks(list)])).toEqual(Buffer.from(body));
      }),
      { numRuns: Math.ceil(RUNS.numRuns / 4) },
    );
  });

  it('decodes with positions: each family and metric carries its message index', () => {
    const list = parse('a 1\nb 2\nb{x="y"} 3\n').families;
    const back = parseProtobuf(renderProtobuf(list)).families;
    expect(back.map((f) => [f.name, f.line, f.metrics.map((m) => m.line)])).toEqual([
      ['a', 1, [1]],
      ['b', 2, [2, 2]],
    ]);
  });
});

describe('what the schema carries, case by case', () => {
  const one = (family: MetricFamily) => viaProtobuf([family])[0];

  it('types the schema cannot name come back as the type they were written as', () => {
    const metrics = [{ labels: [], value: 1 }];
    expect(one({ name: 'u', type: 'unknown', metrics }).type).toBe('untyped');
    expect(one({ name: 'i', type: 'info', metrics }).type).toBe('gauge');
    expect(one({ name: 's', type: 'stateset', metrics }).type).toBe('gauge');
    expect(one({ name: 'g', type: 'gaugehistogram', metrics: [{ labels: [], buckets: [{ le: Infinity, count: 1 }] }] }).type).toBe('gaugehistogram');
  });

  it('keeps absent HELP, sum and count absent, and an empty HELP empty', () => {
    expect(one({ name: 'a', type: 'gauge', metrics: [{ labels: [], value: 1 }] })).toEqual({ name: 'a', type: 'gauge', metrics: [{ labels: [], value: 1 }] });
    expect(one({ name: 'a', help: '', type: 'gauge', metrics: [{ labels: [], value: 1 }] }).help).toBe('');
    expect(one({ name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [] }] })).toEqual({
      name: 's',
      type: 'summary',
      metrics: [{ labels: [], quantiles: [] }],
    });
    expect(one({ name: 'h', type: 'histogram', metrics: [{ labels: [], buckets: [] }] })).toEqual({
      name: 'h',
      type: 'histogram',
      metrics: [{ labels: [], buckets: [] }],
    });
  });

  it('writes an OpenMetrics timestamp in seconds as milliseconds, and carries UNIT and _created', () => {
    const family: MetricFamily = { name: 'c', unit: 'seconds', type: 'counter', metrics: [{ labels: [], value: 1, timestampSeconds: 1.2345, created: 5.25 }] };
    expect(one(family)).toEqual({ name: 'c', unit: 'seconds', type: 'counter', metrics: [{ labels: [], value: 1, timestampMs: 1235, created: 5.25 }] });
  });

  it('carries float histogram counts in the float fields, whole ones in the integer fields', () => {
    const family: MetricFamily = {
      name: 'h',
      type: 'histogram',
      metrics: [
        {
          labels: [],
          buckets: [
            { le: 1, count: 0.5 },
            { le: Infinity, count: 2 ** 60 },
          ],
          sum: 3,
          count: 1e30,
        },
      ],
    };
    expect(one(family)).toEqual(family);
  });

  it("truncates a summary's count to a whole number, the schema having no float for it", () => {
    const summary = (count: number): MetricFamily => ({ name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [], count }] });
    const countOf = (count: number) => (one(summary(count)).metrics[0] as { count?: number }).count;
    expect(countOf(2.9)).toBe(2);
    expect(countOf(NaN)).toBe(0);
    expect(countOf(-3)).toBe(0);
    // +Inf becomes the largest uint64, which no double holds: read back with a warning.
    const inf = parseProtobuf(renderProtobuf([summary(Infinity)]));
    expect((inf.families[0].metrics[0] as { count?: number }).count).toBe(2 ** 64);
    expect(inf.diagnostics.map((d) => d.code)).toEqual(['W_PROTOBUF_INEXACT_INTEGER']);
  });

  it('throws, as the text writer does, on a family without a name', () => {
    expect(() => renderProtobuf([{ name: '', type: 'gauge', metrics: [] }])).toThrow('MetricFamily has no name');
  });
});
