/**
 * What writing families as text 0.0.4 loses: OpenMetrics has units, exemplars,
 * `_created` and types 0.0.4 cannot name. The renderer leaves them out, as Go's writer
 * does; this says so, one info diagnostic per family and kind, so a conversion is never
 * silent.
 */
import type { Code, Diagnostic } from '../diagnostics.js';
import { type MetricFamily, metricsOf } from '../model.js';

const TEXT_TYPE: Partial<Record<MetricFamily['type'], string>> = {
  gaugehistogram: 'histogram',
  unknown: 'untyped',
  info: 'gauge',
  stateset: 'gauge',
};

export function textLosses(families: readonly MetricFamily[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const note = (family: MetricFamily, code: Code, message: string) =>
    out.push({ code, severity: 'info', message, line: family.line ?? 0, column: 1, family: family.name });
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
    const exemplars = metrics.some((m) => ('exemplar' in m && m.exemplar !== undefined) || ('buckets' in m && m.buckets.some((b) => b.exemplar !== undefined)));
    if (exemplars) note(family, 'I_EXEMPLAR_DROPPED', `text 0.0.4 has no exemplars: those of ${JSON.stringify(family.name)} are left out`);
    if (metrics.some((m) => m.timestampMs === undefined && m.timestampSeconds !== undefined && !Number.isInteger(m.timestampSeconds * 1000))) {
      note(family, 'I_TIMESTAMP_ROUNDED', `text 0.0.4 timestamps are whole milliseconds: those of ${JSON.stringify(family.name)} are rounded`);
    }
  }
  return out;
}
