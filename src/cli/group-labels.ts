/** `job=a,instance=x` on the command line -> flat grouping labels, as a push URL would give. */
import type { Labels } from '../model.js';
import { UsageError } from './args.js';

export function parseGroupLabels(text: string, requireJob = true): Labels {
  const labels: Labels = [];
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    // The label names a push URL allows: legacy, not reserved.
    if (eq < 0 || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith('__')) {
      throw new UsageError(`--group expects NAME=VALUE pairs separated by commas, got '${text}'`);
    }
    labels.push(name, pair.slice(eq + 1));
  }
  if (requireJob && !labels.some((l, i) => i % 2 === 0 && l === 'job')) throw new UsageError(`--group needs a job label, got '${text}'`);
  return labels;
}
