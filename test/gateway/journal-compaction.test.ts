/**
 * A compaction writes its snapshot beside the journal while appends go on: a push is
 * acknowledged once its record is synced to the journal as it is, not after the snapshot,
 * and the compacted file holds every record made while the snapshot was written.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Logger } from '../../src/gateway/logger.js';
import { Journal, replay } from '../../src/gateway/persistence/journal.js';
import { GroupStore, type StoredGroup } from '../../src/merge/group-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const group = (job: string, series: number, value: number): StoredGroup => ({
  labels: ['job', job],
  pushTimeSeconds: value,
  pushFailureTimeSeconds: 0,
  pushedAt: new Map([['m', value]]),
  families: [{ name: 'm', type: 'gauge', metrics: Array.from({ length: series }, (_, i) => ({ labels: ['i', String(i), 'job', job], value })) }],
});

/** A journal on a fresh file whose store is `memory`, logging at debug into `logs`. */
async function openJournal() {
  const file = join(dir, 'pgw.data');
  const memory = new Map<string, StoredGroup>();
  const logs: string[] = [];
  const logger = new Logger({ write: (t: string) => logs.push(t) }, 'debug', 'logfmt');
  const { journal } = await Journal.open(file, () => memory.values(), logger, 3_600_000);
  return { file, memory, logs, journal };
}

describe('journal compaction', () => {
  it('acknowledges appends made while it writes the snapshot, and keeps them in the compacted file', async () => {
    const { file, memory, journal } = await openJournal();
    const change = (g: StoredGroup, previous?: StoredGroup) => {
      memory.set(GroupStore.key(g.labels), g);
      return journal.append({ op: 'set', group: g, previous });
    };
    // A group whose snapshot takes many turns of the event loop (its record sets off a
    // compaction of its own: awaited, so that the next is the one asked for below).
    const big = group('big', 200_000, 1);
    await change(big);
    await journal.compact();
    const events: string[] = [];
    const compacted = journal.compact().then(() => events.push('compacted'));
    // Changes made after the snapshot was taken: a new group, and a change of the big one.
    await change(group('small', 3, 2)).then(() => events.push('small'));
    const bigger = { ...big, pushTimeSeconds: 3, families: [...big.families, group('big', 1, 3).families[0]] };
    bigger.families[1] = { ...bigger.families[1], name: 'n' };
    await change(bigger, big).then(() => events.push('bigger'));
    // The file as a crash before the compaction ends would leave it.
    const midway = join(dir, 'midway.data');
    await copyFile(file, midway);
    await compacted;
    expect(events).toEqual(['small', 'bigger', 'compacted']);
    for (const f of [midway, file]) {
      const restored = replay(await readFile(f, 'utf8'));
      expect(restored.damaged).toEqual([]);
      expect(new Map(restored.groups.map((g) => [GroupStore.key(g.labels), g]))).toEqual(memory);
    }
    // The compacted file: the snapshot's two records, then the ones made after it was taken.
    const ops = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l.slice(9)).op);
    expect(ops).toEqual(['set', 'set', 'change']);
    await journal.close();
    expect(replay(await readFile(file, 'utf8')).groups).toHaveLength(2);
  });

  it('compacts once the journal grew past its bound, without waiting for another change', async () => {
    const { file, memory, logs, journal } = await openJournal();
    const persisted = () => logs.filter((l) => l.includes('msg="metrics persisted"')).length;
    expect(persisted()).toBe(1);
    // A record over 4 MiB, and then no other change.
    const big = group('big', 200_000, 1);
    memory.set(GroupStore.key(big.labels), big);
    await journal.append({ op: 'set', group: big });
    for (let waited = 0; persisted() < 2 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(persisted()).toBe(2);
    expect(replay(await readFile(file, 'utf8')).groups).toEqual([big]);
    await journal.close();
  });

  it('keeps no change whose append failed, though a compaction was asked for while it was written', async () => {
    const { file, memory, journal } = await openJournal();
    // Under 4 MiB: its record sets off no compaction of its own.
    const big = group('big', 60_000, 1);
    memory.set(GroupStore.key(big.labels), big);
    await journal.append({ op: 'set', group: big });
    // An append that cannot be written: the test closes the journal file under it.
    const handle = (journal as unknown as { handle: { close(): Promise<void> } }).handle;
    await handle.close();
    // As the store does: the change is applied in memory, then journaled, and undone when
    // that fails. The compaction must take its snapshot after the undo.
    const lost = group('lost', 1, 2);
    memory.set(GroupStore.key(lost.labels), lost);
    const appended = journal.append({ op: 'set', group: lost }).catch((error: unknown) => {
      memory.delete(GroupStore.key(lost.labels));
      throw error;
    });
    const compacted = journal.compact();
    await expect(appended).rejects.toThrow();
    await compacted;
    const restored = replay(await readFile(file, 'utf8'));
    expect(restored.groups.map((g) => g.labels)).toEqual([['job', 'big']]);
    await journal.close();
  });
});
