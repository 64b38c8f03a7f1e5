/**
 * What writing families as text loses, one info diagnostic per family and kind, so a
 * conversion is never silent. Text 0.0.4 has no units, exemplars, `_created` or the types
 * only OpenMetrics names. Neither text format has native histograms: as Go's writers do,
 * the renderers write a native histogram's classic buckets (or only the `+Inf` bucket),
 * `_sum` and `_count`, and leave out its schema, zero bucket, spans and the exemplars of
 * its native buckets.
 */
import type { Code, Diagnostic } from '../diagnostics.js';
import { type HistogramMetric, type Metric, type MetricFamily, isHistogramFamily, isNativeHistogram, metricsOf } from '../model.js';

const TEXT_TYPE: Partial<Record<MetricFamily['type'], string>> = {
  gaugehistogram: 'histogram',
  unknown: 'untyped',
  info: 'gauge',
  stateset: 'gauge',
};

type Note = (family: MetricFamily, code: Code, message: string) => void;

function collector(): { out: Diagnostic[]; note: Note } {
  const out: Diagnostic[] = [];
  const note: Note = (family, code, message) => out.push({ code, severity: 'info', message, line: family.line ?? 0, column: 1, family: family.name });
  return { out, note };
}

export function textLosses(families: readonly MetricFamily[]): Diagnostic[] {
  const { out, note } = collector();
  for (const family of families) {
    const metrics = metricsOf(family);
    if (family.unit !== undefined)
      note(family, 'I_UNIT_DROPPED', `text 0.0.4 has no UNIT: unit ${JSON.stringify(family.unit)} of ${JSON.stringify(family.name)} is left out`);
    const textType = TEXT_TYPE[family.type];
    if (textType !== undefined)
      note(family, 'I_TYPE_CHANGED', `text 0.0.4 has no type ${family.type}: ${JSON.stringify(family.name)} is written as ${textType}`);
    if (metrics.some((m) => 'created' in m && m.created !== undefined)) {
      note(family, 'I_CREATED_DROPPED', `text 0.0.4 has no _created: the created timestamps of ${JSON.stringify(family.name)} are left out`);
    }
    const exemplars = metrics.some(
      (m) =>
        ('exemplar' in m && m.exemplar !== undefined) ||
        ('buckets' in m && (m.buckets.some((b) => b.exemplar !== undefined) || (m.exemplars?.length ?? 0) > 0)),
    );
    if (exemplars) note(family, 'I_EXEMPLAR_DROPPED', `text 0.0.4 has no exemplars: those of ${JSON.stringify(family.name)} are left out`);
    nativeLosses(family, 'text 0.0.4', note, false);
    if (metrics.some((m) => m.timestampMs === undefined && m.timestampSeconds !== undefined && !Number.isInteger(m.timestampSeconds * 1000))) {
      note(family, 'I_TIMESTAMP_ROUNDED', `text 0.0.4 timestamps are whole milliseconds: those of ${JSON.stringify(family.name)} are rounded`);
    }
  }
  return out;
}

/**
 * What OpenMetrics 1.0 cannot hold: native buckets and their exemplars, and the
 * nanoseconds of a protobuf created or exemplar timestamp (it writes float seconds).
 */
export function openMetricsLosses(families: readonly MetricFamily[]): Diagnostic[] {
  const { out, note } = collector();
  for (const family of families) {
    nativeLosses(family, 'OpenMetrics 1.0', note, true);
    if (metricsOf(family).some(hasInstant)) {
      note(
        family,
        'I_TIMESTAMP_ROUNDED',
        `OpenMetrics 1.0 timestamps are float seconds: the nanosecond created or exemplar timestamps of ${JSON.stringify(family.name)} are rounded`,
      );
    }
  }
  return out;
}

/** Whether a metric has a protobuf timestamp that float seconds do not hold exactly. */
function hasInstant(m: Metric): boolean {
  if (m.createdInstant !== undefined) return true;
  if ('exemplar' in m && m.exemplar?.timestampInstant !== undefined) return true;
  if ('buckets' in m) return m.buckets.some((b) => b.exemplar?.timestampInstant !== undefined);
  return false;
}

function nativeLosses(family: MetricFamily, format: string, note: Note, exemplars: boolean): void {
  if (!isHistogramFamily(family)) return;
  const natives = family.metrics.filter(isNativeHistogram);
  if (natives.length === 0) return;
  const classic = natives.every((m: HistogramMetric) => m.buckets.some((b) => b.le !== Infinity));
  note(
    family,
    'I_NATIVE_BUCKETS_DROPPED',
    `${format} has no native histograms: the schema, zero bucket and native buckets of ${JSON.stringify(family.name)} are left out; ${
      classic ? 'its classic buckets' : 'the +Inf bucket'
    }, _sum and _count are written`,
  );
  if (exemplars && natives.some((m) => (m.exemplars?.length ?? 0) > 0)) {
    note(family, 'I_EXEMPLAR_DROPPED', `${format} has exemplars only on samples: those of the native buckets of ${JSON.stringify(family.name)} are left out`);
  }
}
