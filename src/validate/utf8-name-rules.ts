/**
 * UTF-8 names (Prometheus 3): names that only a UTF-8-aware reader takes, and names that
 * become one once escaped for the others. A scraper that asks for no escaping scheme gets
 * `underscores` (src/name-escaping.ts), so two names that escape alike there would be one
 * name on its page, twice. Both are warnings: a team that keeps to legacy names in CI
 * fails on W_UTF8_NAME.
 */
import { isLegacyLabelName, isLegacyMetricName, DEFAULT_ESCAPING, escapeName } from '../name-escaping.js';
import { metricsOf } from '../model.js';
import { familyRule, type Rule } from './rule.js';

const q = (name: string) => JSON.stringify(name);

/** A metric name outside `[a-zA-Z_:][a-zA-Z0-9_:]*`, a label name outside `[a-zA-Z_][a-zA-Z0-9_]*`. */
export const utf8Name = familyRule('W_UTF8_NAME', 'warning', (family, report) => {
  if (!isLegacyMetricName(family.name))
    report(`metric name ${q(family.name)} is valid only as a UTF-8 name (readers before Prometheus 3 need [a-zA-Z_:][a-zA-Z0-9_:]*)`);
  const seen = new Set<string>();
  for (const m of metricsOf(family)) {
    for (let i = 0; i < m.labels.length; i += 2) {
      const name = m.labels[i];
      if (isLegacyLabelName(name) || seen.has(name)) continue;
      seen.add(name);
      report(`label name ${q(name)} is valid only as a UTF-8 name (readers before Prometheus 3 need [a-zA-Z_][a-zA-Z0-9_]*)`, m);
    }
  }
});

/** Two family names, or two label names of one series, that are the same once escaped (`underscores`). */
export const escapedNameCollision: Rule = {
  code: 'W_ESCAPED_NAME_COLLISION',
  severity: 'warning',
  check(families, context) {
    const scheme = DEFAULT_ESCAPING;
    const byEscaped = new Map<string, string>();
    for (const family of families) {
      const escaped = escapeName(family.name, scheme);
      const other = byEscaped.get(escaped);
      if (other !== undefined && other !== family.name) {
        context.report({ family, message: `metric names ${q(other)} and ${q(family.name)} are both ${q(escaped)} once escaped (escaping=${scheme})` });
      } else byEscaped.set(escaped, family.name);
      for (const m of metricsOf(family)) {
        // Legacy names escape to themselves: only a series with another name can collide.
        let labels: Map<string, string> | undefined;
        for (let i = 0; i < m.labels.length; i += 2) {
          if (!isLegacyMetricName(m.labels[i])) {
            labels = new Map();
            break;
          }
        }
        if (labels === undefined) continue;
        for (let i = 0; i < m.labels.length; i += 2) {
          const name = m.labels[i];
          const escapedLabel = isLegacyMetricName(name) ? name : escapeName(name, scheme);
          const first = labels.get(escapedLabel);
          if (first !== undefined && first !== name) {
            context.report({
              family,
              metric: m,
              message: `label names ${q(first)} and ${q(name)} are both ${q(escapedLabel)} once escaped (escaping=${scheme})`,
            });
          } else labels.set(escapedLabel, name);
        }
      }
    }
  },
};
