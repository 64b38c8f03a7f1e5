/**
 * A compaction copies the record of a group whose state is a whole `set` record of the
 * journal already, and encodes only the others: what it copies is that record's bytes (a
 * test that changes a group object behind the journal's back sees them), a record that no
 * longer reads back is encoded instead, and the compacted file always replays to the store.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Logger } from '../../src/gateway/logger.js';
import { Journal, replay } from '../../src/gateway/persistence/journal.js';
import { GroupStore, type StoredGroup } from '../../src/merge/group-store.js';
import type { ScalarMetric } from '../../src/model.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-places-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const group = (job: string, value: number, families = ['m']): StoredGroup => ({
  labels: ['job', job],
  pushTimeSeconds: value,
  pushFailureTimeSeconds: 0,
  pushedAt: new Map(families.map((name) => [name, value])),
  families: families.map((name) => ({
    name,
    type: 'gauge',
    metrics: Array.from({ length: 3 }, (_, i) => ({ labels: ['i', String(i), 'job', job], value })),
  })),
});

async function openJournal() {
  const file = join(dir, 'pgw.data');
  const memory = new Map<string, StoredGroup>();
  const logger = new Logger({ write: () => {} }, 'error', 'logfmt');
  const { journal } = await Journal.open(file, () => memory.values(), logger, 3_600_000);
  const change = (g: StoredGroup, previous?: StoredGroup) => {
    memory.set(GroupStore.key(g.labels), g);
    return journal.append({ op: 'set', group: g, previous });
  };
  const remove = (job: string) => {
    memory.delete(GroupStore.key(['job', job]));
    return journal.append({ op: 'delete', labels: ['job', job] });
  };
  /** The value of series 0 of each group's first family, as the file replays. */
  const replayed = async () =>
    Object.fromEntries(replay(await readFile(file, 'utf8')).groups.map((g) => [g.labels[1], (g.families[0].metrics[0] as ScalarMetric).value]));
  return { file, memory, journal, change, remove, replayed };
}

/** Changes a stored group's value in place, where the journal cannot see it: only a group encoded again shows the new value. */
function behindTheBack(g: StoredGroup, value: number): void {
  for (const m of g.families[0].metrics) (m as ScalarMetric).value = value;
}

describe('a compaction and the records already in the journal', () => {
  it('copies the record of a group whose state it is, after a compaction as after an append', async () => {
    const { journal, change, replayed } = await openJournal();
    const a = group('a', 1);
    const b = group('b', 2);
    await change(a);
    await change(b);
    await journal.compact();
    behindTheBack(a, 100);
    const c = group('c', 3);
    await change(c);
    behindTheBack(c, 300);
    await journal.compact();
    // a's record comes from the last compaction, c's from its append: both copied.
    expect(await replayed()).toEqual({ a: 1, b: 2, c: 3 });
    await journal.close();
  });

  it('encodes a group whose last record is not a whole set of its state: a POST of some families, a failed push, a group put back', async () => {
    const { journal, change, remove, replayed } = await openJournal();
    const posted = group('posted', 1, ['m', 'n']);
    await change(posted);
    // A change record of one family: the group's state is not one record of the file.
    const after = { ...posted, families: [posted.families[0], group('posted', 2, ['n']).families[0]], pushedAt: new Map([...posted.pushedAt, ['n', 2]]) };
    await change(after, posted);
    const gone = group('gone', 5);
    await change(gone);
    await remove('gone');
    const back = group('gone', 6);
    await change(back);
    behindTheBack(after, 10);
    behindTheBack(back, 60);
    await journal.compact();
    // `after` is encoded (its new value shows); `back` was set whole, so copied.
    expect(await replayed()).toEqual({ posted: 10, gone: 6 });
    await journal.close();
  });

  it('encodes a group whose record no longer reads back, and the compacted file still replays whole', async () => {
    const { file, journal, change, replayed } = await openJournal();
    await change(group('a', 1));
    const b = group('b', 2);
    await change(b);
    await change(group('c', 3));
    // One byte of b's record flipped on disk.
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('"job","b"');
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from('X'), 0, 1, Buffer.byteLength(text.slice(0, at)) + 2);
    await handle.close();
    behindTheBack(b, 20);
    await journal.compact();
    expect(await replayed()).toEqual({ a: 1, b: 20, c: 3 });
    expect(replay(await readFile(file, 'utf8')).damaged).toEqual([]);
    await journal.close();
  });

  it('keeps the places of records appended while a snapshot was written', async () => {
    const { journal, change, replayed, memory } = await openJournal();
    for (let i = 0; i < 50; i++) await change(group(`g${i}`, i));
    const compacted = journal.compact();
    // Made while the snapshot is written: they go to the new file after it.
    const late = group('late', 7);
    const g3 = group('g3', 33);
    await Promise.all([change(late), change(g3, memory.get(GroupStore.key(['job', 'g3'])))]);
    await compacted;
    behindTheBack(late, 700);
    behindTheBack(g3, 3300);
    await journal.compact();
    const values = await replayed();
    expect(values.late).toBe(7);
    expect(values.g3).toBe(33);
    expect(values.g49).toBe(49);
    expect(Object.keys(values)).toHaveLength(51);
    await journal.close();
  });
});
