/**
 * fast-check generators of metric families that the 0.0.4 text format can carry without
 * loss, for the round-trip laws in roundtrip.test.ts. Each restriction below is a place
 * where writing and reading back is *documented* to lose or change something (Go does the
 * same), not a bug being hidden:
 *
 * - names are unique, and none is another's name plus `_sum`, `_count` or `_bucket`
 *   (a reader would fold it into that summary or histogram);
 * - help is absent or starts with neither blank nor tab (a reader skips blanks after the
 *   name, and ignores an empty HELP);
 * - label names are not `__name__`, not empty, not `le` in histograms or `quantile` in
 *   summaries, and not legacy *metric* names with a colon (Go's writer leaves `a:b`
 *   unquoted, and no reader takes that back);
 * - summary and histogram label sets are unique per family (a reader merges equal ones);
 * - summaries and histograms have `sum` and `count`, histograms a `+Inf` bucket equal to
 *   `count` (the writer fills missing ones in);
 * - `le` and `quantile` are never NaN (readers drop or refuse such lines).
 *
 * Optional fields may be present as `undefined` (from `fc.option`); the writer and
 * `toEqual` treat that as absent.
 */
import fc from 'fast-check';
import type { Bucket, Labels, MetricFamily, Quantile } from '../../src/model.js';

const SPECIAL = ['\\', '"', '\n', '\t', '\r', '\0', '{', '}', ',', '=', ' ', '#', '.', ':', 'é', '佖', '🙂'];
const char = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit: char, maxLength: 8 });

const legacyMetricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,6}$/);
const legacyLabelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/);
const LEGACY_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const metricName = fc.oneof(
  legacyMetricName,
  text.filter((s) => s !== ''),
);
const labelName = fc.oneof(legacyLabelName, text).filter((s) => s !== '' && s !== '__name__' && !(LEGACY_METRIC.test(s) && !LEGACY_LABEL.test(s)));

/** Any double, with the awkward ones often. */
export const value = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 1e6, 999999, 1e21, 5e-324, 0.1 + 0.2), fc.integer());
const bound = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(-0, 0.5, 1, 1e6, 1e-5, -Infinity));
const count = fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true }), fc.constant(NaN));
const timestampMs = fc.option(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), { nil: undefined });
const help = fc.option(
  text.filter((s) => s !== '' && s[0] !== ' ' && s[0] !== '\t'),
  { nil: undefined },
);

function labels(reserved: string): fc.Arbitrary<Labels> {
  return fc
    .uniqueArray(
      fc.tuple(
        labelName.filter((n) => n !== reserved),
        text,
      ),
      { maxLength: 3, selector: (pair) => pair[0] },
    )
    .map((pairs) => pairs.flat());
}

/** Equal for equal label sets whatever their order. */
function labelSetKey(l: Labels): string {
  const pairs: string[] = [];
  for (let i = 0; i < l.length; i += 2) pairs.push(JSON.stringify([l[i], l[i + 1]]));
  return pairs.sort().join();
}

const scalarFamily = fc.record({
  name: metricName,
  help,
  type: fc.constantFrom('counter', 'gauge', 'untyped', 'unknown', 'info', 'stateset' as const),
  metrics: fc.array(fc.record({ labels: labels(''), value, timestampMs }), { minLength: 1, maxLength: 3 }),
});

const summaryFamily = fc.record({
  name: metricName,
  help,
  type: fc.constant('summary' as const),
  metrics: fc.uniqueArray(
    fc.record({
      labels: labels('quantile'),
      quantiles: fc.array(fc.record<Quantile>({ quantile: bound, value }), { maxLength: 3 }),
      sum: value,
      count: value,
      timestampMs,
    }),
    { minLength: 1, maxLength: 3, selector: (m) => labelSetKey(m.labels) },
  ),
});

const histogramFamily = fc.record({
  name: metricName,
  help,
  type: fc.constantFrom('histogram', 'gaugehistogram' as const),
  metrics: fc.uniqueArray(
    fc
      .record({
        labels: labels('le'),
        buckets: fc.array(fc.record<Bucket>({ le: bound.filter((b) => b !== Infinity), count }), { maxLength: 3 }),
        sum: value,
        count,
        timestampMs,
      })
      .map((m) => ({ ...m, buckets: [...m.buckets, { le: Infinity, count: m.count }] })),
    { minLength: 1, maxLength: 3, selector: (m) => labelSetKey(m.labels) },
  ),
});

function foldsIntoAnother(names: Set<string>, name: string): boolean {
  for (const suffix of ['_sum', '_count', '_bucket']) {
    if (name.endsWith(suffix) && names.has(name.slice(0, -suffix.length))) return true;
  }
  return false;
}

/** Families with unique names, none a suffixed form of another. */
export const families: fc.Arbitrary<MetricFamily[]> = fc
  .uniqueArray(fc.oneof(scalarFamily, summaryFamily, histogramFamily) as fc.Arbitrary<MetricFamily>, {
    maxLength: 4,
    selector: (f) => f.name,
  })
  .filter((list) => {
    const names = new Set(list.map((f) => f.name));
    return list.every((f) => !foldsIntoAnother(names, f.name));
  });
