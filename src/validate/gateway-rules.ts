/** Rules for a payload pushed to a gateway group (`options.grouping` set). */
import type { Metric } from '../model.js';
import { familyRule } from './rule.js';

export const noTimestamps = familyRule('E_TIMESTAMP_NOT_ALLOWED', 'error', (family, report, options) => {
  if (options.grouping === undefined) return;
  for (const m of family.metrics as Metric[]) {
    if (m.timestampMs !== undefined) report('pushed metrics must not have timestamps', m);
  }
});

/** The URL's grouping labels override the payload's: say so when they differ. */
export const groupingLabelOverride = familyRule('W_GROUPING_LABEL_OVERRIDDEN', 'warning', (family, report, options) => {
  const grouping = options.grouping;
  if (grouping === undefined) return;
  for (const m of family.metrics as Metric[]) {
    for (let i = 0; i < m.labels.length; i += 2) {
      for (let g = 0; g < grouping.length; g += 2) {
        if (m.labels[i] === grouping[g] && m.labels[i + 1] !== grouping[g + 1]) {
          report(`label ${m.labels[i]}=${JSON.stringify(m.labels[i + 1])} is replaced by the grouping key's ${JSON.stringify(grouping[g + 1])}`, m);
        }
      }
    }
  }
});
