/**
 * fast-check generators for the protobuf round trips, built on the text writer's
 * (test/render/arbitraries.ts). What the schema cannot carry is fitted, never hidden: a
 * summary's count becomes a whole number below 2^53 (the schema's summary count is a
 * uint64 with no float beside it), and for the model's own round trip only the types the
 * schema names are kept (`unknown`, `info` and `stateset` are written as UNTYPED or GAUGE,
 * tested on their own). Counters and buckets get exemplars, with millisecond timestamps.
 */
import fc from 'fast-check';
import type { Exemplar, MetricFamily } from '../../src/model.js';
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

/** Model families the schema carries exactly: model -> protobuf -> model. */
export const schemaCarried: fc.Arbitrary<MetricFamily[]> = fc
  .tuple(textCarried, fc.array(exemplar, { minLength: 16, maxLength: 16 }))
  .map(([list, exemplars]) => {
    let next = 0;
    const pick = () => exemplars[next++ % exemplars.length];
    return list
      .filter((f) => SCHEMA_TYPES.has(f.type))
      .map((f) => {
        if (f.type === 'counter') return { ...f, metrics: f.metrics.map((m) => ({ ...m, exemplar: pick() })) };
        if (f.type === 'histogram' || f.type === 'gaugehistogram') {
          return { ...f, metrics: f.metrics.map((m) => ({ ...m, buckets: m.buckets.map((b) => ({ ...b, exemplar: pick() })) })) };
        }
        return f;
      });
  });
