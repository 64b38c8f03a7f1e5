/** The wire writer's bytes of a scalar series are the schema encoder's, byte for byte. */
import { toBinary } from '@bufbuild/protobuf';
import { sizeDelimitedEncode } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric, MetricFamily, MetricType } from '../../src/model.js';
import { encodeFamily } from '../../src/protobuf/encode-family.js';
import { MetricFamilySchema } from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { renderProtobuf } from '../../src/protobuf/render-protobuf.js';
import { scalarSeriesBytes, scalarSeriesTail } from '../../src/protobuf/scalar-series.js';
import { schemaCarried, textCarried } from './arbitraries.js';

/** What the schema's encoder writes for the series: a family of it, less the family without it. */
function reference(type: MetricType, metric: Metric): Uint8Array {
  const empty = toBinary(MetricFamilySchema, encodeFamily({ name: 'm', type, metrics: [] } as MetricFamily));
  const whole = toBinary(MetricFamilySchema, encodeFamily({ name: 'm', type, metrics: [metric] } as MetricFamily));
  expect(whole.subarray(0, empty.length)).toEqual(empty);
  return whole.subarray(empty.length);
}

const text = fc.oneof(fc.constantFrom('', 'instance', 'job', 'x'.repeat(200)), fc.string({ unit: 'grapheme', maxLength: 12 }));
const value = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE));
const scalar = fc.record(
  {
    labels: fc.array(fc.tuple(text, text), { maxLength: 5 }).map((pairs) => pairs.flat()),
    value,
    timestampMs: fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
  },
  { requiredKeys: ['labels', 'value'] },
);
const SCALAR_TYPES: MetricType[] = ['counter', 'gauge', 'untyped', 'unknown', 'info', 'stateset'];

describe('scalarSeriesBytes', () => {
  it('writes the bytes the schema encoder writes for a counter, gauge or untyped series', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCALAR_TYPES), scalar, (type, metric) => {
        expect(scalarSeriesBytes(type, metric as Metric)).toEqual(reference(type, metric as Metric));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives as tail the end of those bytes after the labels: the same for two series of other labels and the same value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCALAR_TYPES), scalar, scalar, (type, metric, other) => {
        const bytes = scalarSeriesBytes(type, metric as Metric)!;
        const tail = scalarSeriesTail(type, metric as Metric)!;
        expect(bytes.subarray(bytes.length - tail.length)).toEqual(tail);
        const moved = { ...other, value: metric.value, timestampMs: metric.timestampMs } as Metric;
        expect(scalarSeriesTail(type, moved)).toEqual(tail);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a float timestamp in seconds as the encoder does (milliseconds)', () => {
    const metric = { labels: ['a', 'b'], value: 1.5, timestampSeconds: 1_700_000_000.123 } as Metric;
    expect(scalarSeriesBytes('gauge', metric)).toEqual(reference('gauge', metric));
  });

  it('leaves a page, family by family, as the schema encoder writes it whole (families without a unit)', () => {
    fc.assert(
      fc.property(fc.oneof(schemaCarried, textCarried), (families) => {
        const whole = families.filter((f) => f.unit === undefined);
        const reference = Buffer.concat(whole.map((f) => sizeDelimitedEncode(MetricFamilySchema, encodeFamily(f))));
        expect(Buffer.from(renderProtobuf(whole)).equals(reference)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves to the schema encoder a series with an exemplar or a created timestamp, and every other type', () => {
    expect(scalarSeriesBytes('counter', { labels: [], value: 1, exemplar: { labels: ['trace', 'x'], value: 1 } } as Metric)).toBeUndefined();
    expect(scalarSeriesBytes('counter', { labels: [], value: 1, created: 10 } as Metric)).toBeUndefined();
    expect(scalarSeriesTail('counter', { labels: [], value: 1, created: 10 } as Metric)).toBeUndefined();
    expect(scalarSeriesBytes('summary', { labels: [], quantiles: [] } as Metric)).toBeUndefined();
    expect(scalarSeriesBytes('histogram', { labels: [], buckets: [] } as Metric)).toBeUndefined();
  });
});
