/**
 * Rules for a payload pushed to a gateway group (`options.grouping` set), and the rule set
 * a gateway refuses a push for.
 */
import { metricsOf } from '../model.js';
import { reservedLabelPrefix } from './identity-rules.js';
import { NATIVE_HISTOGRAM_RULES } from './native-histogram-rules.js';
import { familyRule, type Rule } from './rule.js';

export const noTimestamps = familyRule('E_TIMESTAMP_NOT_ALLOWED', 'error', (family, report, options) => {
  if (options.grouping === undefined) return;
  for (const m of metricsOf(family)) {
    if (m.timestampMs !== undefined) report('pushed metrics must not have timestamps', m);
  }
});

/** The URL's grouping labels override the payload's: say so when they differ. */
export const groupingLabelOverride = familyRule('W_GROUPING_LABEL_OVERRIDDEN', 'warning', (family, report, options) => {
  const grouping = options.grouping;
  if (grouping === undefined) return;
  for (const m of metricsOf(family)) {
    for (let i = 0; i < m.labels.length; i += 2) {
      for (let g = 0; g < grouping.length; g += 2) {
        if (m.labels[i] === grouping[g] && m.labels[i + 1] !== grouping[g + 1]) {
          report(`label ${m.labels[i]}=${JSON.stringify(m.labels[i + 1])} is replaced by the grouping key's ${JSON.stringify(grouping[g + 1])}`, m);
        }
      }
    }
  }
});

/**
 * The rules whose errors make a gateway refuse a push, as Pushgateway refuses it: even
 * with the consistency check off. Other errors of the payload are only reported (unless
 * the push is strict); naming lint is for CI, not for a push response. A broken native
 * histogram is refused too: served on, Prometheus would refuse it when scraping the page,
 * far from the client that sent it.
 */
export const GATEWAY_REFUSAL_RULES: readonly Rule[] = [noTimestamps, reservedLabelPrefix, ...NATIVE_HISTOGRAM_RULES];
