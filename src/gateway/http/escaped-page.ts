/**
 * The scrape page's families under the escaping scheme a scraper negotiated
 * (src/name-escaping.ts), as promhttp escapes each family before encoding it, but without
 * the duplicates Go would write: names that differ only before escaping (`my.metric` and
 * `my_metric` under `underscores`) would be one name, twice, on the page. The first family
 * of such a name (in page order) is served, the others are left out; a series whose label
 * names collide once escaped, or whose escaped label set repeats an earlier series', is
 * left out too. Each is reported (the scrape handler logs them). Pushes with the flag on
 * are refused before they make such a pair (push-names.ts), so this only catches what the
 * other schemes collide, or what a store restored.
 *
 * Escaped families are kept per family object: a family that did not change is the same
 * escaped object scrape after scrape, so the page cache keeps reusing its bytes.
 */
import { formatLabels, labelSetKey } from '../../labels.js';
import type { Metric, MetricFamily } from '../../model.js';
import { type EscapingScheme, escapeFamily } from '../../name-escaping.js';

interface Escaped {
  family: MetricFamily;
  /** Series left out, as messages. */
  conflicts: string[];
}

export interface EscapedPage {
  families: readonly MetricFamily[];
  /** What was left out, one message each. */
  conflicts: string[];
}

export class PageEscaper {
  private readonly memo = new Map<EscapingScheme, WeakMap<MetricFamily, Escaped>>();

  escape(families: readonly MetricFamily[], scheme: EscapingScheme): EscapedPage {
    if (scheme === 'allow-utf-8') return { families, conflicts: [] };
    let memo = this.memo.get(scheme);
    if (memo === undefined) {
      memo = new WeakMap();
      this.memo.set(scheme, memo);
    }
    let changed = false;
    const escaped: Escaped[] = [];
    for (const family of families) {
      let entry = memo.get(family);
      if (entry === undefined) {
        entry = escapeSeries(family, scheme);
        memo.set(family, entry);
      }
      if (entry.family !== family) changed = true;
      escaped.push(entry);
    }
    // Escaping changed no name: no two names can have met.
    if (!changed) return { families, conflicts: [] };
    const out: MetricFamily[] = [];
    const conflicts: string[] = [];
    const served = new Map<string, string>();
    for (let i = 0; i < escaped.length; i++) {
      const { family, conflicts: dropped } = escaped[i];
      const first = served.get(family.name);
      if (first !== undefined) {
        conflicts.push(`metric family ${q(families[i].name)} left out: it is ${q(family.name)} once escaped (escaping=${scheme}), as is ${q(first)}`);
        continue;
      }
      served.set(family.name, families[i].name);
      conflicts.push(...dropped);
      out.push(family);
    }
    return { families: out, conflicts };
  }
}

/** The family escaped, without the series that collide once escaped. */
function escapeSeries(original: MetricFamily, scheme: EscapingScheme): Escaped {
  const family = escapeFamily(original, scheme);
  if (family === original) return { family, conflicts: [] };
  const conflicts: string[] = [];
  const kept: Metric[] = [];
  const keys = new Set<string>();
  const metrics = family.metrics as readonly Metric[];
  for (let i = 0; i < metrics.length; i++) {
    const metric = metrics[i];
    const before = (original.metrics as readonly Metric[])[i].labels;
    const names = new Set<string>();
    let clash = false;
    for (let j = 0; j < metric.labels.length && !clash; j += 2) {
      clash = names.has(metric.labels[j]);
      names.add(metric.labels[j]);
    }
    const key = clash ? '' : labelSetKey(metric.labels);
    if (clash || keys.has(key)) {
      const why = clash ? 'two of its label names are one once escaped' : 'its labels are those of another series once escaped';
      conflicts.push(`series ${formatLabels(before)} of ${q(original.name)} left out: ${why} (escaping=${scheme})`);
      continue;
    }
    keys.add(key);
    kept.push(metric);
  }
  if (kept.length === metrics.length) return { family, conflicts };
  return { family: { ...family, metrics: kept } as MetricFamily, conflicts };
}

function q(name: string): string {
  return JSON.stringify(name);
}
