/**
 * fast-check generators of valid OpenMetrics families, in the shape parseOpenMetrics
 * gives them (counter and info families named after their `_total`/`_info` samples), for
 * the round-trip laws in roundtrip.test.ts. Each family has its own name prefix `m<i>`,
 * so names never clash; each metric its own label set, so groups never interleave.
 * Not generated, as the text cannot carry them: -0 (read back as 0) and a summary point
 * without any sample.
 */
import fc from 'fast-check';
import type { Bucket, Exemplar, Labels, Metric, MetricFamily, Quantile } from '../../src/model.js';

const SPECIAL = ['\\', '"', '\n', '\t', '\r', '\0', '{', '}', ',', '=', ' ', '#', 'é', '佖', '🙂'];
const text = fc.string({ unit: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 6 });
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,5}$/).filter((n) => n !== 'le' && n !== 'quantile' && !/^m\d/.test(n));

const noNegativeZero = (x: number) => (Object.is(x, -0) ? 0 : x);
const anyDouble = fc.double().map(noNegativeZero);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
const nonNegative = fc.double({ min: 0, noNaN: true }).map(noNegativeZero);
const count = fc.oneof(fc.nat(), fc.constant(2 ** 63));

const labels: fc.Arbitrary<Labels> = fc.uniqueArray(fc.tuple(labelName, text), { selector: (p) => p[0], maxLength: 3 }).map((pairs) => pairs.flat());
const setKey = (l: Labels) => {
  const pairs: string[][] = [];
  for (let i = 0; i < l.length; i += 2) pairs.push([l[i], l[i + 1]]);
  return JSON.stringify(pairs.sort());
};
const labelSets = (max: number) => fc.uniqueArray(labels, { selector: setKey, maxLength: max });

const exemplar: fc.Arbitrary<Exemplar> = fc.record({ labels, value: anyDouble, timestamp: fc.option(finite, { nil: undefined }) }).map((e) => {
  const out: Exemplar = { labels: e.labels, value: e.value };
  if (e.timestamp !== undefined) out.timestamp = e.timestamp;
  return out;
});
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Copies the defined optional fields onto `target`. */
function withOptional<T extends object>(target: T, optional: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

type Type = MetricFamily['type'];

function metricsOf(type: Type, name: string): fc.Arbitrary<Metric[]> {
  switch (type) {
    case 'gauge':
    case 'unknown':
      return labelSets(4).chain((sets) => fc.tuple(...sets.map(() => anyDouble)).map((values) => sets.map((l, i) => ({ labels: l, value: values[i] }))));
    case 'info':
      return labelSets(4).map((sets) => sets.map((l) => ({ labels: l, value: 1 })));
    case 'counter':
      return labelSets(4).chain((sets) =>
        fc.tuple(
          ...sets.map((l) =>
            fc.record({ value: nonNegative, created: maybe(finite), exemplar: maybe(exemplar) }).map((m) => withOptional({ labels: l, value: m.value }, m)),
          ),
        ),
      );
    case 'stateset':
      return labelSets(3).chain((groups) =>
        fc
          .tuple(
            ...groups.map((g) =>
              fc
                .uniqueArray(fc.tuple(text, fc.constantFrom(0, 1)), { selector: (s) => s[0], minLength: 1, maxLength: 3 })
                .map((states) => states.map(([state, value]) => ({ labels: [...g, name, state], value }))),
            ),
          )
          .map((lists) => lists.flat()),
      );
    case 'summary':
      return labelSets(3).chain((sets) =>
        fc.tuple(
          ...sets.map((l) =>
            fc
              .record({
                quantiles: fc.uniqueArray(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero), fc.oneof(nonNegative, fc.constant(NaN))), {
                  selector: (q) => q[0],
                  maxLength: 4,
                }),
                sum: maybe(nonNegative),
                count: maybe(count),
                created: maybe(finite),
              })
              // A summary point with no sample at all has no text.
              .filter((m) => m.quantiles.length > 0 || m.sum !== undefined || m.count !== undefined || m.created !== undefined)
              .map((m) =>
                withOptional(
                  { labels: l, quantiles: m.quantiles.map(([quantile, value]): Quantile => ({ quantile, value })) },
                  { sum: m.sum, count: m.count, created: m.created },
                ),
              ),
          ),
        ),
      );
    default: {
      const gauge = type === 'gaugehistogram';
      return labelSets(3).chain((sets) => fc.tuple(...sets.map((l) => histogram(l, gauge))));
    }
  }
}

function histogram(l: Labels, gauge: boolean): fc.Arbitrary<Metric> {
  return fc
    .record({
      bounds: fc.uniqueArray(finite, { maxLength: 4 }),
      steps: fc.array(fc.nat(1000), { minLength: 5, maxLength: 5 }),
      exemplars: fc.array(maybe(exemplar), { minLength: 5, maxLength: 5 }),
      sum: fc.option(gauge ? finite : nonNegative, { nil: undefined }),
      created: gauge ? fc.constant(undefined) : maybe(finite),
    })
    .map(({ bounds, steps, exemplars, sum, created }) => {
      const les = [...bounds.sort((a, b) => a - b), Infinity];
      let total = 0;
      const buckets = les.map((le, i): Bucket => {
        total += steps[i];
        return withOptional({ le, count: total }, { exemplar: exemplars[i] });
      });
      const negative = les[0] < 0;
      const metric = withOptional({ labels: l, buckets }, { created });
      // A sum goes with the count; a negative bucket forbids a histogram's sum, and only it allows a negative gsum.
      if (sum !== undefined && !(negative && !gauge)) {
        const s = gauge && !negative ? Math.abs(sum) : sum;
        Object.assign(metric, { sum: s, count: total });
      }
      return metric;
    });
}

const TYPES: Type[] = ['counter', 'gauge', 'unknown', 'stateset', 'info', 'summary', 'histogram', 'gaugehistogram'];

function family(index: number): fc.Arbitrary<MetricFamily> {
  return fc
    .record({
      type: fc.constantFrom(...TYPES),
      help: maybe(text.filter((s) => s !== '')),
      unit: maybe(fc.stringMatching(/^[a-z]{1,5}$/)),
      timestamps: fc.boolean(),
    })
    .chain(({ type, help, unit, timestamps }) => {
      const withUnit = unit !== undefined && type !== 'info' && type !== 'stateset';
      const name = withUnit ? `m${index}_${unit}` : `m${index}`;
      return metricsOf(type, name).chain((metrics) =>
        fc.tuple(...metrics.map(() => finite)).map((stamps) => {
          // Ascending: states of a stateset and samples of an info share a group.
          stamps.sort((a, b) => a - b);
          if (timestamps) metrics.forEach((m, i) => (m.timestampSeconds = stamps[i]));
          const modelName = type === 'counter' ? `${name}_total` : type === 'info' ? `${name}_info` : name;
          return withOptional({ name: modelName, type, metrics } as MetricFamily, { help, unit: withUnit ? unit : undefined });
        }),
      );
    });
}

/** A list of valid OpenMetrics families. */
export const omFamilies: fc.Arbitrary<MetricFamily[]> = fc
  .integer({ min: 0, max: 5 })
  .chain((n) => (n === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: n }, (_, i) => family(i)))));
