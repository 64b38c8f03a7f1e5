/** Values that count things: never negative or NaN, and whole numbers where Go keeps integers. */
import { type MetricFamily, isHistogramFamily, isSummaryFamily } from '../model.js';
import { familyRule } from './rule.js';

export const counterValue = familyRule('E_INVALID_COUNTER_VALUE', 'error', (family, report) => {
  if (family.type !== 'counter') return;
  for (const m of family.metrics) {
    if (!(m.value >= 0)) report(`counter ${JSON.stringify(family.name)} has value ${m.value}; counters cannot be negative or NaN`, m);
  }
});

/** Every count of a summary or histogram: _count and, for histograms, each bucket. */
function* counts(family: MetricFamily) {
  if (isSummaryFamily(family)) {
    for (const m of family.metrics) if (m.count !== undefined) yield { metric: m, what: '_count', value: m.count };
  } else if (isHistogramFamily(family)) {
    for (const m of family.metrics) {
      if (m.count !== undefined) yield { metric: m, what: '_count', value: m.count };
      for (const b of m.buckets) yield { metric: m, what: `bucket le=${b.le}`, value: b.count };
    }
  }
}

export const countNotNegative = familyRule('E_INVALID_COUNT', 'error', (family, report) => {
  for (const { metric, what, value } of counts(family)) {
    if (!(value >= 0)) report(`${family.type} ${JSON.stringify(family.name)}: ${what} is ${value}; counts cannot be negative or NaN`, metric);
  }
});

export const countIsInteger = familyRule('W_NON_INTEGER_COUNT', 'warning', (family, report) => {
  for (const { metric, what, value } of counts(family)) {
    if (Number.isFinite(value) && !Number.isInteger(value)) {
      report(`${family.type} ${JSON.stringify(family.name)}: ${what} is ${value}, not a whole number (the Go reference would truncate it)`, metric);
    }
  }
});

export const quantileRange = familyRule('E_QUANTILE_RANGE', 'error', (family, report) => {
  if (!isSummaryFamily(family)) return;
  for (const m of family.metrics) {
    for (const q of m.quantiles) {
      if (!(q.quantile >= 0 && q.quantile <= 1)) report(`summary ${JSON.stringify(family.name)}: quantile ${q.quantile} is outside [0, 1]`, m);
    }
  }
});
