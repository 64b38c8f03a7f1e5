/**
 * Native histograms (protobuf's schema, zero bucket, spans with deltas or counts), with
 * the rules Prometheus applies when it ingests one (model/histogram's Validate): a schema
 * it knows, spans that cover exactly the buckets sent, counts that are never negative and
 * that the sample count covers, a zero threshold that is a width, and no NaN count.
 */
import { type BucketSpan, type HistogramMetric, type MetricFamily, isHistogramFamily, isNativeHistogram } from '../model.js';
import { familyRule } from './rule.js';

/** Exponential schemas: each power of two divided into 2^schema buckets. */
const MIN_SCHEMA = -4;
const MAX_SCHEMA = 8;
/** Custom buckets (bounds given by the classic buckets), which have no negative or zero bucket. */
const CUSTOM_BUCKETS_SCHEMA = -53;

function natives(family: MetricFamily): HistogramMetric[] {
  return isHistogramFamily(family) ? family.metrics.filter(isNativeHistogram) : [];
}

const what = (family: MetricFamily) => `native histogram ${JSON.stringify(family.name)}`;

export const nativeSchema = familyRule('E_NATIVE_SCHEMA', 'error', (family, report) => {
  for (const m of natives(family)) {
    const schema = m.schema ?? 0;
    if (schema === CUSTOM_BUCKETS_SCHEMA) {
      if ((m.negativeSpans?.length ?? 0) > 0 || (m.zeroCount ?? 0) !== 0 || (m.zeroThreshold ?? 0) !== 0) {
        report(`${what(family)} has the custom-bucket schema ${schema}, which has no negative buckets and no zero bucket`, m);
      }
    } else if (!(schema >= MIN_SCHEMA && schema <= MAX_SCHEMA)) {
      report(`${what(family)} has schema ${schema}; valid schemas are ${MIN_SCHEMA} to ${MAX_SCHEMA}, or ${CUSTOM_BUCKETS_SCHEMA} for custom buckets`, m);
    }
  }
});

/** The spans of one side against its deltas or counts. */
function spanProblem(side: string, spans: BucketSpan[] | undefined, deltas: number[] | undefined, counts: number[] | undefined): string | undefined {
  if (deltas !== undefined && counts !== undefined)
    return `its ${side} buckets have both deltas (${deltas.length}) and counts (${counts.length}); a histogram sends one or the other`;
  const buckets = (deltas ?? counts ?? []).length;
  let covered = 0;
  for (let i = 0; i < (spans?.length ?? 0); i++) {
    const span = (spans as BucketSpan[])[i];
    if (i > 0 && span.offset < 0) return `${side} span ${i + 1} has offset ${span.offset}; only the first span may start below the previous one's end`;
    covered += span.length;
  }
  if (covered !== buckets) return `its ${side} spans cover ${covered} buckets, but ${buckets} ${deltas !== undefined ? 'deltas' : 'counts'} are sent`;
  return undefined;
}

export const nativeSpans = familyRule('E_NATIVE_SPANS', 'error', (family, report) => {
  for (const m of natives(family)) {
    const problem =
      spanProblem('negative', m.negativeSpans, m.negativeDeltas, m.negativeCounts) ??
      spanProblem('positive', m.positiveSpans, m.positiveDeltas, m.positiveCounts);
    if (problem !== undefined) report(`${what(family)}: ${problem}`, m);
  }
});

/** The absolute bucket counts of one side: the deltas summed up, or the counts as sent. */
function absolute(deltas: number[] | undefined, counts: number[] | undefined): number[] {
  if (counts !== undefined) return counts;
  const out: number[] = [];
  let current = 0;
  for (const d of deltas ?? []) {
    current += d;
    out.push(current);
  }
  return out;
}

export const nativeBucketsNotNegative = familyRule('E_NATIVE_NEGATIVE_BUCKET', 'error', (family, report) => {
  for (const m of natives(family)) {
    for (const [side, counts] of [
      ['negative', absolute(m.negativeDeltas, m.negativeCounts)],
      ['positive', absolute(m.positiveDeltas, m.positiveCounts)],
    ] as const) {
      const i = counts.findIndex((c) => c < 0);
      if (i >= 0) {
        report(`${what(family)}: ${side} bucket ${i + 1} counts ${counts[i]}; bucket counts cannot be negative`, m);
        break;
      }
    }
    if (m.zeroCount !== undefined && m.zeroCount < 0) report(`${what(family)}: the zero bucket counts ${m.zeroCount}; counts cannot be negative`, m);
  }
});

export const nativeCountCoversBuckets = familyRule('E_NATIVE_COUNT', 'error', (family, report) => {
  for (const m of natives(family)) {
    if (m.count === undefined || Number.isNaN(m.count)) continue;
    let buckets = m.zeroCount ?? 0;
    for (const c of absolute(m.negativeDeltas, m.negativeCounts)) buckets += c;
    for (const c of absolute(m.positiveDeltas, m.positiveCounts)) buckets += c;
    // NaN observations count without landing in a bucket, so the count may be larger, never smaller.
    if (m.count < buckets) report(`${what(family)}: sample count ${m.count} is less than the ${buckets} observations its buckets and zero bucket hold`, m);
  }
});

export const nativeZeroThreshold = familyRule('E_NATIVE_ZERO_THRESHOLD', 'error', (family, report) => {
  for (const m of natives(family)) {
    if (m.zeroThreshold !== undefined && m.zeroThreshold < 0)
      report(`${what(family)}: zero threshold ${m.zeroThreshold} is negative; it is the zero bucket's width`, m);
  }
});

export const nativeNoNaN = familyRule('E_NATIVE_NAN', 'error', (family, report) => {
  for (const m of natives(family)) {
    const nan =
      m.zeroThreshold !== undefined && Number.isNaN(m.zeroThreshold)
        ? 'its zero threshold'
        : m.zeroCount !== undefined && Number.isNaN(m.zeroCount)
          ? 'its zero count'
          : m.negativeCounts?.some(Number.isNaN)
            ? 'a negative bucket count'
            : m.positiveCounts?.some(Number.isNaN)
              ? 'a positive bucket count'
              : undefined;
    if (nan !== undefined) report(`${what(family)}: ${nan} is NaN; only the sum may be NaN`, m);
  }
});

export const NATIVE_HISTOGRAM_RULES = [
  nativeSchema,
  nativeSpans,
  nativeBucketsNotNegative,
  nativeCountCoversBuckets,
  nativeZeroThreshold,
  nativeNoNaN,
] as const;
