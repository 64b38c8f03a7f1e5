/** Structure of histograms: ordered bounds, cumulative counts, the +Inf bucket, _count and _sum. */
import { type HistogramMetric, type MetricFamily, isHistogramFamily, isNativeHistogram, isSummaryFamily } from '../model.js';
import { familyRule } from './rule.js';

function histograms(family: MetricFamily): HistogramMetric[] {
  return isHistogramFamily(family) ? family.metrics : [];
}

export const bucketOrder = familyRule('E_BUCKET_ORDER', 'error', (family, report) => {
  for (const m of histograms(family)) {
    for (let i = 1; i < m.buckets.length; i++) {
      if (!(m.buckets[i].le > m.buckets[i - 1].le)) {
        report(
          `histogram ${JSON.stringify(family.name)}: bucket le=${m.buckets[i].le} follows le=${m.buckets[i - 1].le}; upper bounds must strictly increase`,
          m,
        );
        break;
      }
    }
  }
});

export const bucketCountsCumulative = familyRule('E_BUCKET_DECREASING', 'error', (family, report) => {
  for (const m of histograms(family)) {
    for (let i = 1; i < m.buckets.length; i++) {
      if (m.buckets[i].count < m.buckets[i - 1].count) {
        report(
          `histogram ${JSON.stringify(family.name)}: bucket le=${m.buckets[i].le} counts ${m.buckets[i].count}, fewer than the ${m.buckets[i - 1].count} of le=${m.buckets[i - 1].le}; bucket counts are cumulative`,
          m,
        );
        break;
      }
    }
  }
});

export const infBucket = familyRule('E_MISSING_INF_BUCKET', 'error', (family, report) => {
  for (const m of histograms(family)) {
    // A native histogram may come without classic buckets at all.
    if (m.buckets.length === 0 && isNativeHistogram(m)) continue;
    if (!m.buckets.some((b) => b.le === Infinity)) report(`histogram ${JSON.stringify(family.name)} has no le="+Inf" bucket`, m);
  }
});

export const countMatchesInfBucket = familyRule('E_COUNT_MISMATCH', 'error', (family, report) => {
  for (const m of histograms(family)) {
    const inf = m.buckets.find((b) => b.le === Infinity);
    if (inf !== undefined && m.count !== undefined && !Object.is(inf.count, m.count)) {
      report(`histogram ${JSON.stringify(family.name)}: _count is ${m.count} but the le="+Inf" bucket counts ${inf.count}`, m);
    }
  }
});

export const sumCountTogether = familyRule('E_SUM_COUNT_PAIR', 'error', (family, report) => {
  if (!isSummaryFamily(family) && !isHistogramFamily(family)) return;
  for (const m of family.metrics) {
    if ((m.sum === undefined) !== (m.count === undefined)) {
      const [has, lacks] = m.sum === undefined ? ['_count', '_sum'] : ['_sum', '_count'];
      report(`${family.type} ${JSON.stringify(family.name)} has ${has} but no ${lacks}`, m);
    }
  }
});
