/**
 * A store keeps nothing of a push body alive: the parser cuts names, label values and HELP
 * texts out of the body as slices, and a slice kept in the store would keep the whole body
 * (a store of 10,000 groups held every group's last body, 55 MB of its 310 MB).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { judgePush } from '../../src/judge-push.js';
import { GroupStore } from '../../src/merge/group-store.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const GROUPS = 200;
const PADDING = 100_000;

/** A group's body: a long comment, then families whose names, HELP and label values are long enough to be sliced. */
function body(g: number): string {
  let text = `# ${'x'.repeat(PADDING)}\n`;
  for (let f = 0; f < 3; f++) {
    text += `# HELP retention_family_number_${f} The help text of family ${f}, long enough to be a slice.\n`;
    text += `# TYPE retention_family_number_${f} gauge\n`;
    // Labels in name order, and (the last family) not: the store sorts those.
    text += `retention_family_number_${f}{path="/a/long/label/value/${g}/${f}"${f === 2 ? `,a_second_label="another long value ${g}"` : ''}} ${g}\n`;
  }
  return text;
}

describe('a store of pushed groups', () => {
  it('holds none of the push bodies: its heap grows by far less than the bodies it took', () => {
    const encoder = new TextEncoder();
    // Compiled code and lazily built tables are not the store's: made before measuring.
    judgePush(new GroupStore(), ['job', 'warm-up'], encoder.encode(body(-1)), { now: 1 });
    const store = new GroupStore();
    const before = heapUsed();
    for (let g = 0; g < GROUPS; g++) {
      const verdict = judgePush(store, ['job', 'retention', 'instance', `instance-number-${g}`], encoder.encode(body(g)), { now: 1 });
      expect(verdict.accepted).toBe(true);
    }
    const grown = heapUsed() - before;
    expect(store.page().families.map((f) => [f.name, f.help, f.metrics.length])).toContainEqual([
      'retention_family_number_2',
      'The help text of family 2, long enough to be a slice.',
      GROUPS,
    ]);
    // The bodies: 200 x 100 kB (22 MB grown when they were kept). What the store holds: a few kB a group.
    expect(grown).toBeLessThan((GROUPS * PADDING) / 4);
  });
});
