/**
 * The reserved group: the families a host serves itself beside the pushed groups (a
 * gateway's own `process_*`, `nodejs_*` and `pushgateway_*` metrics). It ranks before
 * every pushed group, as Pushgateway gathers its own registry first: its TYPE and HELP are
 * served, its series come first, and a pushed family must keep its types and stay clear
 * of its summaries' and histograms' sample names. GroupStore indexes its families like a
 * group's to check pushes; on the page, whatever would contradict it is left out.
 *
 * Its names and types are declared once, when the store is made; its samples change on
 * every scrape, so they join the merged page of the pushed groups (which the store keeps
 * until the groups change) as a last step, without merging the store again.
 */
import type { Code, Diagnostic } from '../diagnostics.js';
import { labelSetKey } from '../labels.js';
import { type MetricFamily, type PrometheusType, metricsOf } from '../model.js';
import { compareStrings, sortFamilies } from '../order.js';
import { MergeCode, type MergeResult } from './merge-groups.js';

/** A family of the reserved group as declared: pushes of its name must have its type. */
export interface ReservedFamily {
  type: PrometheusType;
  help: string;
}

export const OwnCode = {
  TYPE_CONFLICT: 'E_OWN_TYPE_CONFLICT',
  NAME_COLLISION: 'E_OWN_NAME_COLLISION',
} as const satisfies Record<string, Code>;

const SUFFIXES = ['_count', '_sum', '_bucket'];

/**
 * The page with the reserved group's current families in front: a pushed family of a
 * reserved name joins that family (whose TYPE and HELP stay); families without series are
 * left out, as client_golang's NormalizeMetricFamilies does. What cannot be served without
 * making the page invalid (only possible for data stored with the consistency check off,
 * or restored) is left out and reported as an error after `merged`'s: a family named by a
 * name collision, another TYPE than the reserved one, a repeated series, a name that
 * collides with a reserved summary's or histogram's samples. Pushed families are
 * `merged`'s own objects, so a renderer may cache their text.
 */
export function withReservedGroup(merged: MergeResult, reserved: readonly MetricFamily[]): MergeResult {
  const diagnostics = [...merged.diagnostics];
  const leftOut = (code: Code, family: MetricFamily, message: string) =>
    diagnostics.push({ code, severity: 'error', message, line: 0, column: 1, family: family.name });
  const collided = new Set(merged.diagnostics.filter((d: Diagnostic) => d.code === MergeCode.NAME_COLLISION && d.family !== undefined).map((d) => d.family!));
  const byName = new Map<string, MetricFamily>();
  // The merged page is sorted already; only the (few) reserved families need it.
  for (const family of sortFamilies(reserved)) byName.set(family.name, family);
  const declared = new Map(byName);
  const joined = new Set<MetricFamily>();
  for (const family of merged.families) {
    if (collided.has(family.name)) continue;
    let mine = byName.get(family.name);
    if (mine === undefined) {
      const clash = collidesWithReserved(family, declared);
      if (clash !== undefined) leftOut(OwnCode.NAME_COLLISION, family, clash);
      else byName.set(family.name, family);
      continue;
    }
    if (mine.type !== family.type) {
      leftOut(
        OwnCode.TYPE_CONFLICT,
        family,
        `family ${JSON.stringify(family.name)} is ${family.type} in the pushed groups but ${mine.type} in the gateway's own metrics`,
      );
      continue;
    }
    if (!joined.has(mine)) {
      const copy = { ...mine, metrics: [...mine.metrics] } as MetricFamily;
      byName.set(copy.name, copy);
      joined.add(copy);
      mine = copy;
    }
    const seen = new Set(metricsOf(mine).map((m) => labelSetKey(m.labels)));
    for (const metric of metricsOf(family)) {
      if (seen.has(labelSetKey(metric.labels))) leftOut(MergeCode.DUPLICATE_SERIES, family, `series of ${family.name} repeats one of the gateway's own`);
      else metricsOf(mine).push(metric);
    }
  }
  const families = [...byName.values()].filter((f) => f.metrics.length > 0).map((f) => (joined.has(f) ? sortFamilies([f])[0] : f));
  families.sort((a, b) => compareStrings(a.name, b.name));
  return { families, diagnostics };
}

function collidesWithReserved(family: MetricFamily, reserved: ReadonlyMap<string, MetricFamily>): string | undefined {
  for (const suffix of SUFFIXES) {
    const base = family.name.endsWith(suffix) ? reserved.get(family.name.slice(0, -suffix.length)) : undefined;
    if (base !== undefined && ownsSuffix(base.type, suffix))
      return `family ${JSON.stringify(family.name)} collides with the samples of the gateway's own ${base.type} ${JSON.stringify(base.name)}`;
    if (ownsSuffix(family.type, suffix) && reserved.has(family.name + suffix))
      return `${family.type} ${JSON.stringify(family.name)} collides with the gateway's own family ${JSON.stringify(family.name + suffix)}`;
  }
  return undefined;
}

/** Whether a family of this type serves samples named with this suffix (`x_count` of a summary `x`). */
function ownsSuffix(type: string, suffix: string): boolean {
  if (type === 'summary') return suffix !== '_bucket';
  return type === 'histogram' || type === 'gaugehistogram';
}
