/**
 * The families the telemetry path serves: the gateway's own, then every group merged
 * (merge-groups.ts), as one set. A pushed family with the name of an own family joins it
 * and takes its HELP, as in Pushgateway. Whatever cannot be served without making the page
 * invalid (only possible for data stored with the consistency check off, or restored) is
 * left out and reported, instead of failing the scrape with a 500: the second of two
 * conflicting TYPEs, a repeated series, a name that collides with a summary's or
 * histogram's samples.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { MergeResult } from '../merge/merge-groups.js';
import type { Metric, MetricFamily } from '../model.js';
import { compareStrings, sortFamilies } from '../order.js';
import { labelSetKey } from '../parse/family-builder.js';

export interface ScrapePage {
  /** In canonical order (src/order.ts). Pushed families are the merged page's own objects, so a renderer may cache their text. */
  families: MetricFamily[];
  /** Why series or families were left out. */
  dropped: string[];
}

const SUFFIXES = ['_count', '_sum', '_bucket'];

export function scrapePage(own: readonly MetricFamily[], merged: MergeResult): ScrapePage {
  const dropped = merged.diagnostics.filter((d: Diagnostic) => d.severity === 'error').map((d) => d.message);
  const collided = new Set(merged.diagnostics.filter((d) => d.code === 'E_NAME_COLLISION' && d.family !== undefined).map((d) => d.family!));
  const byName = new Map<string, MetricFamily>();
  // The merged page is sorted already; only the (few) own families need it.
  for (const family of sortFamilies(own)) byName.set(family.name, family);
  const joined = new Set<MetricFamily>();
  const ownNames = new Set(byName.keys());
  for (const family of merged.families) {
    if (collided.has(family.name)) continue;
    let mine = byName.get(family.name);
    if (mine === undefined) {
      const clash = collidesWithOwn(family, byName, ownNames);
      if (clash !== undefined) dropped.push(clash);
      else byName.set(family.name, family);
      continue;
    }
    if (mine.type !== family.type) {
      dropped.push(`family ${JSON.stringify(family.name)} is ${family.type} in the pushed groups but ${mine.type} in the gateway's own metrics`);
      continue;
    }
    if (!joined.has(mine)) {
      const copy = { ...mine, metrics: [...mine.metrics] } as MetricFamily;
      byName.set(copy.name, copy);
      joined.add(copy);
      mine = copy;
    }
    const seen = new Set((mine.metrics as Metric[]).map((m) => labelSetKey(m.labels)));
    for (const metric of family.metrics as Metric[]) {
      if (seen.has(labelSetKey(metric.labels))) dropped.push(`series of ${family.name} repeats one of the gateway's own`);
      else (mine.metrics as Metric[]).push(metric);
    }
  }
  // Families without series are left out, as client_golang's NormalizeMetricFamilies does.
  const families = [...byName.values()].filter((f) => f.metrics.length > 0).map((f) => (joined.has(f) ? sortFamilies([f])[0] : f));
  families.sort((a, b) => compareStrings(a.name, b.name));
  return { families, dropped };
}

function collidesWithOwn(family: MetricFamily, byName: Map<string, MetricFamily>, ownNames: Set<string>): string | undefined {
  for (const suffix of SUFFIXES) {
    const baseName = family.name.endsWith(suffix) ? family.name.slice(0, -suffix.length) : undefined;
    const base = baseName !== undefined && ownNames.has(baseName) ? byName.get(baseName) : undefined;
    if (base !== undefined && owns(base.type, suffix)) return `family ${JSON.stringify(family.name)} collides with the samples of the gateway's own ${base.type} ${JSON.stringify(base.name)}`;
    if (owns(family.type, suffix) && ownNames.has(family.name + suffix)) return `${family.type} ${JSON.stringify(family.name)} collides with the gateway's own family ${JSON.stringify(family.name + suffix)}`;
  }
  return undefined;
}

function owns(type: string, suffix: string): boolean {
  if (type === 'summary') return suffix !== '_bucket';
  return type === 'histogram' || type === 'gaugehistogram';
}
