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
 * as info. A gateway's own families join the result as the reserved group, ranked first
 * (reserved-group.ts).
 */
import type { Code, Diagnostic } from '../diagnostics.js';
import { formatLabels } from '../labels.js';
import { type Labels, type Metric, type MetricFamily, metricsOf } from '../model.js';
import { compareSortedLabels, compareStrings } from '../order.js';
import { suffixCollisions } from '../validate/identity-rules.js';
import { compareGroupOrder, type Group, groupName, groupOrderParts, sortedPairs } from './group.js';
import { withGroupingLabels } from './grouping-labels.js';
import { PUSH_FAILURE_TIME, PUSH_TIME, pushTimeFamilies } from './push-time.js';

export const MergeCode = {
  TYPE_CONFLICT: 'E_TYPE_CONFLICT',
  DUPLICATE_SERIES: 'E_DUPLICATE_SERIES',
  NAME_COLLISION: 'E_NAME_COLLISION',
  HELP_CONFLICT: 'I_HELP_CONFLICT',
} as const satisfies Record<string, Code>;

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
  /** The group each metric of `family.metrics` came from, by index. */
  origins: string[];
}

export function mergeGroups(groups: readonly Group[]): MergeResult {
  const diagnostics: Diagnostic[] = [];
  const merged = new Map<string, Merged>();
  // Sort keys are computed once: comparing groups by their label pairs allocated per call.
  const ordered = groups.map((group) => ({ group, parts: groupOrderParts(group.labels) })).sort((a, b) => compareGroupOrder(a.parts, b.parts));
  for (const { group } of ordered) {
    const name = groupName(group.labels);
    const grouping = sortedGrouping(group.labels);
    const own = pushTimeFamilies(group);
    // The gateway's own push_* series replace any a client pushed under those names.
    const pushed = own.length > 0 ? group.families.filter((f) => f.name !== PUSH_TIME && f.name !== PUSH_FAILURE_TIME) : group.families;
    for (const family of [...pushed, ...own]) {
      if (family.metrics.length === 0) continue;
      add(merged, withGroupingLabels(family, grouping), name, diagnostics);
    }
  }
  const families: MetricFamily[] = [];
  for (const entry of merged.values()) families.push(sortSeries(entry, diagnostics));
  checkSuffixCollisions(merged, diagnostics);
  families.sort((a, b) => compareStrings(a.name, b.name));
  return { families, diagnostics };
}

function add(merged: Map<string, Merged>, family: MetricFamily, group: string, diagnostics: Diagnostic[]): void {
  let entry = merged.get(family.name);
  if (entry === undefined) {
    entry = {
      family: { ...family, metrics: [] } as MetricFamily,
      typeGroup: group,
      helpGroup: family.help !== undefined ? group : undefined,
      origins: [],
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
  const metrics = metricsOf(entry.family);
  for (const metric of metricsOf(family)) {
    metrics.push(metric);
    entry.origins.push(group);
  }
}

/**
 * Puts a merged family's series in canonical order (their labels are sorted already) and
 * drops repeats: sorting makes equal label sets neighbours, and a stable sort keeps the
 * one from the first group in front.
 */
function sortSeries(entry: Merged, diagnostics: Diagnostic[]): MetricFamily {
  const metrics = metricsOf(entry.family);
  const order = metrics.map((_, i) => i);
  order.sort((a, b) => compareSortedLabels(metrics[a].labels, metrics[b].labels) || a - b);
  const sorted: Metric[] = [];
  let previous: Metric | undefined;
  let firstOrigin = '';
  for (const i of order) {
    const metric = metrics[i];
    if (previous !== undefined && compareSortedLabels(previous.labels, metric.labels) === 0) {
      diagnostics.push({
        code: MergeCode.DUPLICATE_SERIES,
        severity: 'error',
        message: `series ${entry.family.name}${formatLabels(metric.labels)} of group ${entry.origins[i]} was collected before with the same name and label values (group ${firstOrigin})`,
        line: metric.line ?? 0,
        column: 1,
        family: entry.family.name,
        group: entry.origins[i],
      });
      continue;
    }
    sorted.push(metric);
    previous = metric;
    firstOrigin = entry.origins[i];
  }
  entry.family.metrics = sorted as never;
  return entry.family;
}

function sortedGrouping(labels: Labels): Labels {
  return sortedPairs(labels).flat();
}

/** A summary or histogram `x` and a family `x_count`, `x_sum` (or `x_bucket`) cannot both be served. */
function checkSuffixCollisions(merged: Map<string, Merged>, diagnostics: Diagnostic[]): void {
  for (const [owner, other] of suffixCollisions([...merged.values()].map((m) => m.family))) {
    diagnostics.push(nameCollision(owner, merged.get(owner.name)!.typeGroup, other, merged.get(other.name)!.typeGroup));
  }
}

/** The diagnostic of a summary or histogram whose samples' names another family has. */
export function nameCollision(owner: MetricFamily, ownerGroup: string, other: MetricFamily, otherGroup: string): Diagnostic {
  return {
    code: MergeCode.NAME_COLLISION,
    severity: 'error',
    message: `${owner.type} ${JSON.stringify(owner.name)} (group ${ownerGroup}) collides with family ${JSON.stringify(other.name)} (group ${otherGroup})`,
    line: other.line ?? 0,
    column: 1,
    family: other.name,
    group: otherGroup,
  };
}
