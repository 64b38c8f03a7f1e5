/**
 * Persistence for `--persistence.file`: an append-only journal that is fsynced before a
 * change is acknowledged, so every push answered with 2xx survives `kill -9`.
 *
 * The file is text, one record per line, each line `<crc32 hex> <json>`:
 *   - a header line `expofmt-gateway-journal 1`;
 *   - `{"op":"set","group":{...}}`: the whole state of one group after a change;
 *   - `{"op":"delete","labels":[...]}` and `{"op":"wipe"}`.
 * Replaying the records in order gives the store. Concurrent changes share one write and
 * one fdatasync (group commit). Compaction rewrites the file as one `set` per group: into
 * a temporary file in the same directory, fsync, rename over, fsync the directory. It runs
 * at startup, every `--persistence.interval` when something changed, when the journal
 * grows past twice the last snapshot (at least 4 MiB), and at shutdown.
 *
 * Loading: a missing file is an empty store. A last line without its newline is a write
 * that was cut off (never acknowledged): it is dropped with a warning. Anything else that
 * does not read back (bad header, checksum, JSON or shape) is corruption: the file is
 * moved aside to `<file>.corrupt-<time>`, that is logged, and the gateway starts empty.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { GroupStore, type StoredGroup } from '../merge/group-store.js';
import type { Labels } from '../model.js';
import type { Logger } from './logger.js';
import { decodeGroup, decodeLabels, encodeGroup } from './persist-codec.js';

const HEADER = 'expofmt-gateway-journal 1';
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;

export type JournalRecord = { op: 'set'; group: StoredGroup } | { op: 'delete'; labels: Labels } | { op: 'wipe' };

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class Journal {
  private handle: FileHandle | undefined;
  private pending: Array<{ line: string } & Waiter> = [];
  private compactWaiters: Waiter[] = [];
  private running = false;
  private bytesSinceCompaction = 0;
  private snapshotBytes = 0;
  private changedSinceCompaction = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly groups: () => Iterable<StoredGroup>,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the file, rewrites it compacted, and returns the journal with the groups it held.
   * `groups` gives the store's current groups whenever a compaction runs.
   */
  static async open(file: string, groups: () => Iterable<StoredGroup>, logger: Logger, intervalMs: number): Promise<{ journal: Journal; restored: StoredGroup[] }> {
    const journal = new Journal(file, groups, logger);
    const restored = await journal.load();
    await journal.compactNow(restored);
    journal.timer = setInterval(() => {
      if (journal.changedSinceCompaction) journal.compact().catch(() => {});
    }, intervalMs);
    journal.timer.unref();
    return { journal, restored };
  }

  /** Appends a record; resolves once it is on disk. */
  append(record: JournalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the persistence journal is closed'));
    const json = record.op === 'set' ? { op: 'set', group: encodeGroup(record.group) } : record;
    return new Promise((resolve, reject) => {
      this.pending.push({ line: line(JSON.stringify(json)), resolve, reject });
      this.changedSinceCompaction = true;
      this.kick();
    });
  }

  /** Rewrites the file from the store's groups; resolves once that is on disk. */
  compact(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.compactWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Writes what is pending, compacts a last time and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.compact();
    this.closed = true;
    await this.handle?.close();
    this.handle = undefined;
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.pending.length > 0 || this.compactWaiters.length > 0) this.kick();
    });
  }

  /** One writer at a time: batches of appends, or a compaction that also covers what is pending. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0 || this.compactWaiters.length > 0) {
      const growth = this.bytesSinceCompaction > Math.max(MIN_COMPACT_BYTES, 2 * this.snapshotBytes);
      if (this.compactWaiters.length > 0 || growth) {
        // The store already holds every pending change, so the snapshot covers them all.
        const waiters = [...this.compactWaiters, ...this.pending];
        this.compactWaiters = [];
        this.pending = [];
        try {
          await this.compactNow([...this.groups()]);
          for (const w of waiters) w.resolve();
        } catch (error) {
          this.logger.error('could not persist metrics', { file: this.file, err: String(error) });
          for (const w of waiters) w.reject(error);
        }
        continue;
      }
      const batch = this.pending;
      this.pending = [];
      const text = batch.map((p) => p.line).join('');
      try {
        if (this.handle === undefined) throw new Error('the persistence file is not open');
        await this.handle.write(text);
        await this.handle.datasync();
        this.bytesSinceCompaction += Buffer.byteLength(text);
        for (const p of batch) p.resolve();
      } catch (error) {
        this.logger.error('could not append to the persistence journal', { file: this.file, err: String(error) });
        for (const p of batch) p.reject(error);
        // The file may now end in a partial line: start over from the store.
        this.compactWaiters.push({ resolve() {}, reject() {} });
      }
    }
  }

  private async compactNow(groups: StoredGroup[]): Promise<void> {
    const text = HEADER + '\n' + groups.map((g) => line(JSON.stringify({ op: 'set', group: encodeGroup(g) }))).join('');
    const dir = dirname(this.file);
    const temp = join(dir, `.${basename(this.file)}.in_progress.${process.pid}.${randomBytes(4).toString('hex')}`);
    const out = await open(temp, 'w', 0o644);
    try {
      await out.write(text);
      await out.sync();
    } catch (error) {
      await out.close();
      await unlink(temp).catch(() => {});
      throw error;
    }
    await out.close();
    await rename(temp, this.file);
    await syncDirectory(dir);
    await this.handle?.close();
    this.handle = await open(this.file, 'a');
    this.snapshotBytes = Buffer.byteLength(text);
    this.bytesSinceCompaction = 0;
    this.changedSinceCompaction = false;
    this.logger.debug('metrics persisted', { file: this.file, groups: groups.length, bytes: this.snapshotBytes });
  }

  private async load(): Promise<StoredGroup[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') {
        this.logger.info('no persistence file yet; starting empty', { file: this.file });
        return [];
      }
      throw error;
    }
    const result = replay(text);
    if ('error' in result) {
      const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, aside).catch(() => {});
      this.logger.error('could not load persisted metrics; starting empty', { file: this.file, line: result.line, err: result.error, moved_to: aside });
      return [];
    }
    if (result.tornTail) this.logger.warn('dropped an unfinished last record of the persistence journal (a write cut off before it was acknowledged)', { file: this.file });
    this.logger.info('restored persisted metrics', { file: this.file, groups: result.groups.length });
    return result.groups;
  }
}

type ReplayResult = { groups: StoredGroup[]; tornTail: boolean } | { error: string; line: number };

/** Applies the journal's records in order. Exported for tests. */
export function replay(text: string): ReplayResult {
  const lines = text.split('\n');
  const tail = lines.pop()!;
  if (lines.length === 0 || lines[0] !== HEADER) return { error: `the file does not start with "${HEADER}"`, line: 1 };
  const groups = new Map<string, StoredGroup>();
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    const space = l.indexOf(' ');
    const json = l.slice(space + 1);
    if (space !== 8 || parseInt(l.slice(0, 8), 16) !== crc32(json) >>> 0 || !/^[0-9a-f]{8}$/.test(l.slice(0, 8))) {
      return { error: 'checksum mismatch', line: i + 1 };
    }
    try {
      const record = JSON.parse(json) as { op?: unknown; group?: unknown; labels?: unknown };
      if (record.op === 'set') {
        const group = decodeGroup(record.group);
        groups.set(GroupStore.key(group.labels), group);
      } else if (record.op === 'delete') {
        groups.delete(GroupStore.key(decodeLabels(record.labels)));
      } else if (record.op === 'wipe') {
        groups.clear();
      } else {
        return { error: `unknown record ${JSON.stringify(record.op)}`, line: i + 1 };
      }
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error), line: i + 1 };
    }
  }
  return { groups: [...groups.values()], tornTail: tail !== '' };
}

function line(json: string): string {
  return `${(crc32(json) >>> 0).toString(16).padStart(8, '0')} ${json}\n`;
}

/** Makes the rename durable; some platforms cannot open a directory, which is fine there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported (e.g. Windows): the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
