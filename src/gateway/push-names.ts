/**
 * What a push's metric and label names must be, by `--push.enable-utf8-names`:
 *
 * - off (Pushgateway's default): legacy names only. A text push is refused with the error
 *   of Go's text parser under legacy validation (`text format parsing error in line 3:
 *   invalid metric name "my.metric"`), at the first offending line; a protobuf push too
 *   (Pushgateway 1.11 lets those through: src/gateway/DIFFERENCES.md).
 * - on: any UTF-8 name, stored as sent. A scraper that cannot read them gets them escaped
 *   (`underscores` unless it asks otherwise), so two names that escape alike would be one
 *   name on its page: a push that makes such a pair, in itself or with the families and
 *   grouping labels already there, is refused with both names.
 */
import type { Labels, MetricFamily } from '../model.js';
import { DEFAULT_ESCAPING, escapeName, isLegacyMetricName } from '../name-escaping.js';

/**
 * Names of the push that escape (under the default scheme) to the same name as another
 * name, of the push or of `existing` (the names of the families the page keeps), or
 * label names of one series (grouping labels included) that do. Undefined when none do.
 */
export function escapingConflict(pushed: readonly MetricFamily[], existing: Iterable<string>, grouping: Labels): string | undefined {
  const scheme = DEFAULT_ESCAPING;
  const byEscaped = new Map<string, string>();
  for (const name of existing) byEscaped.set(escapeName(name, scheme), name);
  const pushedNames = new Map<string, string>();
  for (const family of pushed) {
    const escaped = escapeName(family.name, scheme);
    const other = pushedNames.get(escaped) ?? byEscaped.get(escaped);
    if (other !== undefined && other !== family.name) return collision('metric names', other, family.name, escaped);
    pushedNames.set(escaped, family.name);
  }
  for (const family of pushed) {
    for (const metric of family.metrics) {
      const message = labelCollision(metric.labels, grouping, family.name);
      if (message !== undefined) return message;
    }
  }
  return undefined;
}

function labelCollision(labels: Labels, grouping: Labels, family: string): string | undefined {
  // Cheap first: a series whose label names (and the grouping's) are all legacy cannot collide.
  let legacy = true;
  for (let i = 0; i < labels.length && legacy; i += 2) legacy = isLegacyMetricName(labels[i]);
  for (let i = 0; i < grouping.length && legacy; i += 2) legacy = isLegacyMetricName(grouping[i]);
  if (legacy) return undefined;
  const seen = new Map<string, string>();
  for (const set of [grouping, labels]) {
    for (let i = 0; i < set.length; i += 2) {
      const name = set[i];
      const escaped = isLegacyMetricName(name) ? name : escapeName(name, DEFAULT_ESCAPING);
      const other = seen.get(escaped);
      if (other !== undefined && other !== name) return `${collision('label names', other, name, escaped)} on a series of ${quote(family)}`;
      seen.set(escaped, name);
    }
  }
  return undefined;
}

function collision(what: string, a: string, b: string, escaped: string): string {
  return `${what} ${quote(a)} and ${quote(b)} are both ${quote(escaped)} once escaped for scrapers without UTF-8 support (escaping=${DEFAULT_ESCAPING})`;
}

/** Close enough to Go's %q for names: JSON's quoting. */
function quote(text: string): string {
  return JSON.stringify(text);
}
