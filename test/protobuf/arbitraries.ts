/**
 * fast-check generators for the protobuf round trips, built on the text writer's
 * (test/render/arbitraries.ts). What the schema cannot carry is fitted, never hidden: a
 * summary's count becomes a whole number below 2^53 (the schema's summary count is a
 * uint64 with no float beside it), and for the model's own round trip only the types the
 * schema names are kept (`unknown`, `info` and `stateset` are written as UNTYPED or GAUGE,
 * tested on their own). Counters and buckets get exemplars, with millisecond timestamps;
 * counters, summaries and histograms created timestamps (milliseconds too: finer ones are
 * the protobuf law's, in message-arbitraries.ts); histograms native parts, integer or
 * float (a float histogram with a whole count, the count that marks it on decoding).
 */
import fc from 'fast-check';
import type { Exemplar, HistogramMetric, MetricFamily } from '../../src/model.js';
import { families as textFamilies } from '../render/arbitraries.js';

const SCHEMA_TYPES = new Set(['counter', 'gauge', 'untyped', 'summary', 'histogram', 'gaugehistogram']);

/** A whole, non-negative number below 2^53 standing for any double. */
function wholeCount(count: number): number {
  return Number.isFinite(count) ? Math.trunc(Math.abs(count)) % 2 ** 53 : 0;
}

function fitSummaryCounts(list: MetricFamily[]): MetricFamily[] {
  return list.map((f) =>
    f.type === 'summary' ? { ...f, metrics: f.metrics.map((m) => (m.count === undefined ? m : { ...m, count: wholeCount(m.count) })) } : f,
  );
}

/** Families the text writer writes without loss, fitted to the schema: text -> model -> protobuf -> model. */
export const textCarried: fc.Arbitrary<MetricFamily[]> = textFamilies.map(fitSummaryCounts);

const exemplar: fc.Arbitrary<Exemplar | undefined> = fc.option(
  fc.record(
    {
      labels: fc.array(fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })), { maxLength: 2 }).map((pairs) => pairs.flat()),
      value: fc.double(),
      timestamp: fc.integer({ min: -4e12, max: 4e12 }).map((ms) => ms / 1000),
    },
    { requiredKeys: ['labels', 'value'] },
  ),
  { nil: undefined },
);

// Never empty: an empty list is no field on the wire, so the decoder gives none (undefined).
const spans = fc.array(fc.record({ offset: fc.integer({ min: -50, max: 50 }), length: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 3 });
const nativeCount = fc.integer({ min: 0, max: 1e6 });

/** A histogram's native parts: spans with deltas (integer) or counts (float), schema and zero bucket each set or not. */
const nativeParts: fc.Arbitrary<Partial<HistogramMetric> | undefined> = fc.option(
  fc.boolean().chain((float) =>
    fc
      .record(
        {
          schema: fc.integer({ min: -4, max: 8 }),
          zeroThreshold: fc.double({ min: 0, max: 1e-3, noNaN: true }),
          zeroCount: float ? fc.double({ min: 0, max: 100, noNaN: true }) : nativeCount,
          positiveSpans: spans,
          negativeSpans: spans,
          values: fc.array(float ? fc.double({ min: 0, max: 1e6, noNaN: true }) : fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 6 }),
          exemplars: fc.array(exemplar.filter((e) => e !== undefined) as fc.Arbitrary<Exemplar>, { maxLength: 2 }),
          count: nativeCount,
        },
        { requiredKeys: ['positiveSpans', 'values', 'count', 'exemplars'] },
      )
      .map(({ values, exemplars, ...r }): Partial<HistogramMetric> => {
        const out: Partial<HistogramMetric> = { ...r };
        if (float) {
          out.floatCounts = true;
          out.positiveCounts = values;
        } else out.positiveDeltas = values;
        if (exemplars.length > 0) out.exemplars = exemplars;
        return out;
      }),
  ),
  { nil: undefined },
);

const created = fc.option(
  fc.integer({ min: -4e12, max: 4e12 }).map((ms) => ms / 1000),
  { nil: undefined },
);

/** Model families the schema carries exactly: model -> protobuf -> model. */
export const schemaCarried: fc.Arbitrary<MetricFamily[]> = fc
  .tuple(
    textCarried,
    fc.array(exemplar, { minLength: 16, maxLength: 16 }),
    fc.array(nativeParts, { minLength: 8, maxLength: 8 }),
    fc.array(created, { minLength: 8, maxLength: 8 }),
    fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
  )
  .map(([list, exemplars, natives, createds, unit]) => {
    let next = 0;
    const pick = () => exemplars[next++ % exemplars.length];
    let n = 0;
    const native = () => natives[n++ % natives.length];
    let c = 0;
    const withCreated = <M extends object>(m: M): M => {
      const at = createds[c++ % createds.length];
      return at === undefined ? m : { ...m, created: at };
    };
    return list
      .filter((f) => SCHEMA_TYPES.has(f.type))
      .map((f, i) => {
        const family = i === 0 && unit !== undefined ? { ...f, unit } : f;
        if (family.type === 'counter') return { ...family, metrics: family.metrics.map((m) => withCreated({ ...m, exemplar: pick() })) };
        if (family.type === 'summary') return { ...family, metrics: family.metrics.map(withCreated) };
        if (family.type === 'histogram' || family.type === 'gaugehistogram') {
          return {
            ...family,
            metrics: family.metrics.map((m) => {
              const parts = native();
              const h = withCreated({ ...m, buckets: m.buckets.map((b) => ({ ...b, exemplar: pick() })) });
              // A float histogram's classic counts go to the float fields too; its whole count marks it.
              return parts === undefined ? h : { ...h, ...parts, count: parts.count };
            }),
          };
        }
        return family;
      });
  });
