/**
 * Groups -> the one page a gateway serves. Each group's families get the grouping
 * labels; families of the same name across groups become one; the result is in
 * canonical order (order.ts). The same groups give the same page in any input order.
 *
 * Alongside, the checks Pushgateway runs on the merged page (client_golang's gather):
 * a TYPE that differs between groups, the same series twice, and a `_count`/`_sum`/
 * `_bucket` name colliding with a summary or histogram. Pushgateway picks the HELP of
 * whichever group its map visits first, so it changes between scrapes; here the first
 * group in grouping-label order that has a HELP wins, and a differing HELP is reported
 * as info.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Metric, MetricFamily } from '../model.js';
import { sortFamilies } from '../order.js';
import { labelSetKey } from '../parse/family-builder.js';
import { suffixCollisions } from '../validate/identity-rules.js';
import { type Group, compareGroups, groupName } from './group.js';
import { withGroupingLabels } from './grouping-labels.js';
import { PUSH_FAILURE_TIME, PUSH_TIME, pushTimeFamilies } from './push-time.js';

export const MergeCode = {
  TYPE_CONFLICT: 'E_TYPE_CONFLICT',
  DUPLICATE_SERIES: 'E_DUPLICATE_SERIES',
  NAME_COLLISION: 'E_NAME_COLLISION',
  HELP_CONFLICT: 'I_HELP_CONFLICT',
} as const;

export interface MergeResult {
  families: MetricFamily[];
  /** Errors mean Pushgateway would refuse the push or fail the scrape. */
  diagnostics: Diagnostic[];
}

interface Merged {
  family: MetricFamily;
  /** Group that fixed the type (first in order). */
  typeGroup: string;
  helpGroup: string | undefined;
  /** Series key -> group that first had it. */
  series: Map<string, string>;
}

export function mergeGroups(groups: readonly Group[]): MergeResult {
  const diagnostics: Diagnostic[] = [];
  const merged = new Map<string, Merged>();
  for (const group of [...groups].sort(compareGroups)) {
    const name = groupName(group.labels);
    const own = pushTimeFamilies(group);
    // The gateway's own push_* series replace any a client pushed under those names.
    const pushed = own.length > 0 ? group.families.filter((f) => f.name !== PUSH_TIME && f.name !== PUSH_FAILURE_TIME) : group.families;
    for (const family of [...pushed, ...own]) {
      if (family.metrics.length === 0) continue;
      add(merged, withGroupingLabels(family, group.labels), name, diagnostics);
    }
  }
  const families = [...merged.values()].map((m) => m.family);
  checkSuffixCollisions(merged, diagnostics);
  return { families: sortFamilies(families), diagnostics };
}

function add(merged: Map<string, Merged>, family: MetricFamily, group: string, diagnostics: Diagnostic[]): void {
  let entry = merged.get(family.name);
  if (entry === undefined) {
    entry = {
      family: { ...family, metrics: [] } as MetricFamily,
      typeGroup: group,
      helpGroup: family.help !== undefined ? group : undefined,
      series: new Map(),
    };
    merged.set(family.name, entry);
  } else if (entry.family.type !== family.type) {
    diagnostics.push({
      code: MergeCode.TYPE_CONFLICT,
      severity: 'error',
      message: `family ${JSON.stringify(family.name)} is ${family.type} in group ${group} but ${entry.family.type} in group ${entry.typeGroup}`,
      line: family.line ?? 0,
      column: 1,
      family: family.name,
      group,
    });
    return;
  } else if (family.help !== undefined) {
    if (entry.family.help === undefined) {
      entry.family.help = family.help;
      entry.helpGroup = group;
    } else if (entry.family.help !== family.help) {
      diagnostics.push({
        code: MergeCode.HELP_CONFLICT,
        severity: 'info',
        message: `family ${JSON.stringify(family.name)} has a different HELP in group ${group}; the HELP of group ${entry.helpGroup} is served`,
        line: family.line ?? 0,
        column: 1,
        family: family.name,
        group,
      });
    }
  }
  const metrics = entry.family.metrics as Metric[];
  for (const metric of family.metrics as Metric[]) {
    const key = labelSetKey(metric.labels);
    const first = entry.series.get(key);
    if (first !== undefined) {
      diagnostics.push({
        code: MergeCode.DUPLICATE_SERIES,
        severity: 'error',
        message: `series ${family.name}${seriesText(metric)} of group ${group} was collected before with the same name and label values (group ${first})`,
        line: metric.line ?? 0,
        column: 1,
        family: family.name,
        group,
      });
      continue;
    }
    entry.series.set(key, group);
    metrics.push(metric);
  }
}

/** A summary or histogram `x` and a family `x_count`, `x_sum` (or `x_bucket`) cannot both be served. */
function checkSuffixCollisions(merged: Map<string, Merged>, diagnostics: Diagnostic[]): void {
  for (const [owner, other] of suffixCollisions([...merged.values()].map((m) => m.family))) {
    const ownerGroup = merged.get(owner.name)!.typeGroup;
    const otherGroup = merged.get(other.name)!.typeGroup;
    diagnostics.push({
      code: MergeCode.NAME_COLLISION,
      severity: 'error',
      message: `${owner.type} ${JSON.stringify(owner.name)} (group ${ownerGroup}) collides with family ${JSON.stringify(other.name)} (group ${otherGroup})`,
      line: other.line ?? 0,
      column: 1,
      family: other.name,
      group: otherGroup,
    });
  }
}

function seriesText(metric: Metric): string {
  const parts: string[] = [];
  for (let i = 0; i < metric.labels.length; i += 2) parts.push(`${metric.labels[i]}=${JSON.stringify(metric.labels[i + 1])}`);
  return `{${parts.join(',')}}`;
}
