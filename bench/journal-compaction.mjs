/**
 * A journal compaction that copies the records already written (groups journaled whole)
 * against one that must encode every group again, as every compaction did before (each
 * group changed since, by a `change` record, which leaves no whole record to copy): the
 * baseline runs in the same process, on the same store. 10,000 groups x 100 series (the load bench's
 * store), then rounds of 1,700 changed groups and a compaction of each journal.
 *
 *   node --import tsx bench/journal-compaction.mjs [--groups=N] [--rounds=N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../src/gateway/logger.ts';
import { Journal } from '../src/gateway/persistence/journal.ts';

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const GROUPS = option('groups', 10_000);
const ROUNDS = option('rounds', 6);
const CHANGES = Math.round(GROUPS * 0.17);

const families = (g, v) =>
  Array.from({ length: 10 }, (_, f) => ({
    name: `load_family_${f}`,
    type: 'gauge',
    help: `Family ${f} of the load bench.`,
    metrics: Array.from({ length: 10 }, (_, s) => ({
      labels: ['instance', `i${g}`, 'job', 'load', 'series', `s${s}`],
      value: g + s * 0.25 + v + Math.random(),
    })),
  }));
const group = (g, v, kept) => {
  const all = families(g, v);
  // `kept`: the first family of an earlier state, so that the record is a `change` of it.
  if (kept !== undefined) all[0] = kept;
  return {
    labels: ['instance', `i${g}`, 'job', 'load'],
    pushTimeSeconds: v,
    pushFailureTimeSeconds: 0,
    pushedAt: new Map(all.map((f) => [f.name, v])),
    families: all,
  };
};

async function journalOf(dir, name, asChanges) {
  const memory = new Map();
  const { journal } = await Journal.open(join(dir, name), () => [...memory.values()], new Logger({ write: () => {} }, 'error', 'logfmt'), 3_600_000);
  const change = (g, v) => {
    const previous = memory.get(g);
    const next = group(g, v, asChanges && previous !== undefined ? previous.families[0] : undefined);
    memory.set(g, next);
    return journal.append({ op: 'set', group: next, previous });
  };
  return { journal, change };
}

const dir = mkdtempSync(join(tmpdir(), 'expofmt-compaction-'));
try {
  const copying = await journalOf(dir, 'copying.data', false);
  const encoding = await journalOf(dir, 'encoding.data', true);
  for (const j of [copying, encoding]) {
    // Twice: the second time every record is a `change` for the encoding journal.
    for (let round = 0; round < 2; round++) await Promise.all(Array.from({ length: GROUPS }, (_, g) => j.change(g, round)));
    await j.journal.compact();
  }
  const times = { copying: [], encoding: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const changed = Array.from({ length: CHANGES }, () => Math.floor(Math.random() * GROUPS));
    for (const [name, j] of round % 2 === 0
      ? [
          ['copying', copying],
          ['encoding', encoding],
        ]
      : [
          ['encoding', encoding],
          ['copying', copying],
        ]) {
      await Promise.all(changed.map((g) => j.change(g, round + 2)));
      // Every group of the encoding journal changes too, as a `change` record: its last
      // compaction's records no longer hold any group's state, so none can be copied.
      if (name === 'encoding') await Promise.all(Array.from({ length: GROUPS }, (_, g) => j.change(g, round + 2)));
      const started = performance.now();
      await j.journal.compact();
      times[name].push(performance.now() - started);
    }
  }
  await copying.journal.close();
  await encoding.journal.close();
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const line = (name) =>
    `${name.padEnd(9)} median ${median(times[name]).toFixed(0).padStart(5)} ms, fastest ${Math.min(...times[name])
      .toFixed(0)
      .padStart(5)} ms`;
  console.log(`journal compaction: ${GROUPS} groups x 100 series, ${CHANGES} changed between compactions, ${ROUNDS} rounds; node ${process.version}`);
  console.log(line('copying'));
  console.log(line('encoding'));
  console.log(`copying / encoding (medians): ${(median(times.copying) / median(times.encoding)).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
