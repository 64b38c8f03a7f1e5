/**
 * LocalStore's expiry and deletion by matcher: each is one change, undone whole (groups,
 * page, expiry index) when the journal cannot take it, and `expire` costs nothing when
 * nothing is due.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore, Logger, PersistError } from '../../src/gateway/index.js';
import { type Journal, replay } from '../../src/gateway/persistence/journal.js';
import { parse } from '../../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-local-expiry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const logger = new Logger({ write: () => {} }, 'error', 'logfmt');
const families = (text: string) => parse(text).families;

async function filled(): Promise<LocalStore> {
  const store = await LocalStore.open({ logger, persistenceFile: join(dir, 'pgw.data') });
  const push = (labels: string[], expiresAt?: number) => store.push(labels, families('m 1\n'), { replace: true, now: 100, expiresAt });
  await push(['job', 'a'], 110);
  await push(['job', 'b'], 120);
  await push(['job', 'c']);
  await push(['env', 'dev', 'job', 'batch-1']);
  await push(['env', 'prod', 'job', 'batch-2'], 105);
  return store;
}

/** Makes every later journal append fail, as a full disk does. */
function breakJournal(store: LocalStore): void {
  const journal = (store as unknown as { journal: Journal }).journal;
  journal.append = () => Promise.reject(new Error('no space left on device'));
}

const jobs = (store: LocalStore) => store.groups().map((g) => g.labels.join('='));

describe('LocalStore expiry', () => {
  it('expires the due groups, earliest first, as one journal record', async () => {
    const store = await filled();
    expect(store.expiring).toBe(3);
    expect(await store.expire(104.9)).toEqual([]);
    const gone = await store.expire(110);
    expect(gone.map((g) => [g.labels, g.expiresAt])).toEqual([
      [['env', 'prod', 'job', 'batch-2'], 105],
      [['job', 'a'], 110],
    ]);
    expect(store.expiring).toBe(1);
    expect(jobs(store)).toEqual(['env=dev=job=batch-1', 'job=b', 'job=c']);
    expect(store.page().families.flatMap((f) => f.metrics.map((m) => m.labels.join('=')))).not.toContain('job=a');
    const last = (await readFile(join(dir, 'pgw.data'), 'utf8')).trimEnd().split('\n').pop()!;
    expect(JSON.parse(last.slice(9))).toEqual({
      op: 'deleteGroups',
      labels: [
        ['env', 'prod', 'job', 'batch-2'],
        ['job', 'a'],
      ],
    });
    await store.close();
  });

  it('puts every group back, with its expiry, when the journal fails', async () => {
    const store = await filled();
    const page = store.page();
    breakJournal(store);
    await expect(store.expire(200)).rejects.toThrow(new PersistError(new Error('no space left on device')));
    expect(store.expiring).toBe(3);
    expect(jobs(store)).toHaveLength(5);
    expect(store.page().families.map((f) => f.metrics.length)).toEqual(page.families.map((f) => f.metrics.length));
    expect(store.get(['job', 'a'])?.expiresAt).toBe(110);
    await store.close();
  });
});

describe('LocalStore deleteMatching', () => {
  it('deletes every group any selector matches', async () => {
    const store = await filled();
    const deleted = await store.deleteMatching([[{ name: 'job', type: '=~', value: 'batch-.*' }], [{ name: 'job', type: '=', value: 'a' }]]);
    expect(deleted).toEqual([
      ['env', 'dev', 'job', 'batch-1'],
      ['env', 'prod', 'job', 'batch-2'],
      ['job', 'a'],
    ]);
    expect(jobs(store)).toEqual(['job=b', 'job=c']);
    expect(store.expiring).toBe(1);
    await store.close();
  });

  it('deletes none when the journal fails', async () => {
    const store = await filled();
    breakJournal(store);
    await expect(store.deleteMatching([[{ name: 'env', type: '!=', value: '' }]])).rejects.toBeInstanceOf(PersistError);
    expect(jobs(store)).toEqual(['env=dev=job=batch-1', 'env=prod=job=batch-2', 'job=a', 'job=b', 'job=c']);
    expect(store.expiring).toBe(3);
    await store.close();
  });
});

describe('the journal and expiry times', () => {
  const line = (json: string) => `${(crc32(json) >>> 0).toString(16).padStart(8, '0')} ${json}\n`;
  const group = (expiresAt: unknown) =>
    JSON.stringify({ op: 'set', group: { labels: ['job', 'a'], pushTime: 1, failureTime: 0, pushedAt: [], families: [], expiresAt } });
  it('reads a group expiry time back, and drops a record whose time no date can show', () => {
    const ok = replay(`expofmt-gateway-journal 1\n${line(group(1700000000.5))}`);
    expect(ok.groups.map((g) => g.expiresAt)).toEqual([1700000000.5]);
    const bad = replay(`expofmt-gateway-journal 1\n${line(group(1e20))}`);
    expect(bad.groups).toEqual([]);
    expect(bad.damaged.map((d) => d.error)).toEqual(['expiresAt: expected Unix seconds, got 100000000000000000000']);
  });
  it('a deleteGroups record with a damaged label set removes no group', () => {
    const set = (job: string) => line(JSON.stringify({ op: 'set', group: { labels: ['job', job], pushTime: 1, failureTime: 0, pushedAt: [], families: [] } }));
    const result = replay(`expofmt-gateway-journal 1\n${set('a')}${set('b')}${line('{"op":"deleteGroups","labels":[["job","a"],["job"]]}')}`);
    expect(result.groups.map((g) => g.labels)).toEqual([
      ['job', 'a'],
      ['job', 'b'],
    ]);
    expect(result.damaged.map((d) => d.error)).toEqual(['labels must be name/value string pairs']);
  });
});
