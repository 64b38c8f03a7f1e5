/** Which series and families a payload names: duplicates, reserved labels, clashing names, split families. */
import { type Metric, type MetricFamily, isHistogramFamily, isSummaryFamily, metricsOf } from '../model.js';
import { LabelSetIndex, labelSetHash } from '../label-set-hash.js';
import { formatLabels } from '../labels.js';
import { familyRule, type Rule } from './rule.js';

/**
 * Pushgateway refuses the same name and label set twice ("collected before with the same
 * name and label values"). Series are looked up by a hash of their label set; sets are
 * compared only when hashes meet.
 */
export const duplicateSeries = familyRule('E_DUPLICATE_SERIES', 'error', (family, report) => {
  // A getter of the payload may call validate again from inside this loop: that call
  // must not read or clear this one's entries, so it gets a table of its own.
  const nested = sharedSeriesIndexInUse;
  const seriesSeen = nested ? new LabelSetIndex<Metric>(labelsOfMetric) : sharedSeriesIndex;
  sharedSeriesIndexInUse = true;
  try {
    for (const m of metricsOf(family)) {
      const first = seriesSeen.findOrAdd(m, labelSetHash(m.labels));
      if (first !== undefined) {
        report(
          `series ${family.name}${m.labels.length === 0 ? '' : formatLabels(m.labels)} appears twice (first at line ${first.line ?? '?'}); Pushgateway rejects it as collected before with the same name and label values`,
          m,
        );
      }
    }
  } finally {
    // Emptied even when a metric throws: entries left over would be false duplicates of
    // the next call (the gateway validates every push).
    if (!nested) {
      seriesSeen.clear();
      sharedSeriesIndexInUse = false;
    }
  }
});

const labelsOfMetric = (m: Metric) => m.labels;

// One table for every family and call: it keeps its size, so the hot path allocates nothing.
const sharedSeriesIndex = new LabelSetIndex<Metric>(labelsOfMetric);
let sharedSeriesIndexInUse = false;

/** Names starting with `__` are reserved for Prometheus; Pushgateway refuses them. */
export const reservedLabelPrefix = familyRule('E_RESERVED_LABEL_PREFIX', 'error', (family, report) => {
  for (const m of metricsOf(family)) {
    for (let i = 0; i < m.labels.length; i += 2) {
      if (m.labels[i].startsWith('__')) report(`label name ${JSON.stringify(m.labels[i])} starts with "__", which is reserved`, m);
    }
  }
});

/** A summary or histogram `x` next to a family `x_count`, `x_sum` (or `x_bucket`): both cannot be served. */
export const suffixCollision: Rule = {
  code: 'E_NAME_COLLISION',
  severity: 'error',
  check(families, context) {
    for (const [owner, other] of suffixCollisions(families)) {
      context.report({
        message: `family ${JSON.stringify(other.name)} collides with the samples of ${owner.type} ${JSON.stringify(owner.name)}`,
        family: other,
      });
    }
  },
};

/** Pairs [summary or histogram, family whose name is one of its sample names]. */
export function suffixCollisions(families: Iterable<MetricFamily>): Array<[MetricFamily, MetricFamily]> {
  const byName = new Map<string, MetricFamily>();
  for (const f of families) byName.set(f.name, f);
  const pairs: Array<[MetricFamily, MetricFamily]> = [];
  for (const family of byName.values()) {
    const suffixes = isSummaryFamily(family) ? ['_count', '_sum'] : isHistogramFamily(family) ? ['_count', '_sum', '_bucket'] : [];
    for (const suffix of suffixes) {
      const other = byName.get(family.name + suffix);
      if (other !== undefined) pairs.push([family, other]);
    }
  }
  return pairs;
}

/** The format says a family's lines form one group; the parser merges runs, this says where. */
export const familySplit: Rule = {
  code: 'W_FAMILY_SPLIT',
  severity: 'warning',
  check(families, context) {
    const owner: Array<MetricFamily | undefined> = [];
    for (const family of families) {
      for (const m of metricsOf(family)) if (m.line !== undefined) owner[m.line] = family;
    }
    const reported = new Set<MetricFamily>();
    let previous: MetricFamily | undefined;
    const ended = new Set<MetricFamily>();
    for (let line = 0; line < owner.length; line++) {
      const family = owner[line];
      if (family === undefined) continue;
      if (family !== previous) {
        if (previous !== undefined) ended.add(previous);
        if (ended.has(family) && !reported.has(family)) {
          reported.add(family);
          context.report({
            message: `the lines of ${JSON.stringify(family.name)} are split by other families; a family's lines should form one group`,
            family,
            line,
          });
        }
        previous = family;
      }
    }
  },
};
