/**
 * Persistence for `--persistence.file`: an append-only journal that is fsynced before a
 * change is acknowledged, so every push answered with 2xx survives `kill -9`.
 *
 * The file is text, one record per line, each line `<crc32 hex> <json>`:
 *   - a header line `expofmt-gateway-journal 1`;
 *   - `{"op":"set","group":{...}}`: the whole state of one group after a change;
 *   - `{"op":"change","group":{...}}`: the state of a group after a change that kept some
 *     of its families: each of those is written as its index in the group's earlier state
 *     (a POST of one series into a big group writes that series, not the group);
 *   - `{"op":"delete","labels":[...]}` and `{"op":"wipe"}`;
 *   - `{"op":"deleteGroups","labels":[[...],...]}`: several groups removed at once (a
 *     deletion by matcher, the groups that expired together): one record, so a crash
 *     keeps all of them or none.
 * Replaying the records in order gives the store. Concurrent changes share one write and
 * one fdatasync (group commit). Compaction rewrites the file as one `set` per group: into
 * a temporary file in the same directory, fsync, rename over, fsync the directory. A group
 * whose state is a whole `set` record of the file already has that record copied
 * (record-places.ts), any other is encoded again. It runs
 * at startup, every `--persistence.interval` when something changed, when the journal
 * grows past twice the last snapshot (at least 4 MiB), and at shutdown.
 *
 * Writing: a batch is written whole (a short write is continued, never taken for done)
 * and synced before any of its changes is acknowledged. When a write or sync fails (a
 * full disk), the batch and every change queued behind it fail, and the file is cut back
 * to its last whole record before anything else is appended: no record ever follows a
 * fragment. If even that cut fails, nothing is appended until it succeeds.
 *
 * Loading reads the file as a stream (it may be larger than a string can hold). Every
 * record that reads back is applied; one that does not (a flipped bit, a fragment an
 * older version left) is dropped alone and its byte range logged, since each later record
 * carries whole group states of its own. A damaged file is copied aside before it is
 * rewritten. A last line without its newline is a write that was cut off (never
 * acknowledged): dropped with a warning. A file without the header whose lines are not
 * records (not a journal at all) is moved aside, and the gateway starts empty.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { GroupStore, type StoredGroup } from '../../merge/group-store.js';
import type { Labels } from '../../model.js';
import type { Logger } from '../logger.js';
import { decodeGroup, decodeGroupLabels, decodeLabels, encodeGroup, encodeGroupChange, setRecordPieces } from './persist-codec.js';
import { checksum, checksumMatches, recordLine } from './record-line.js';
import { forget, type Placing, placeSet, type RecordPlace, type RecordPlaces, readRecords } from './record-places.js';

const HEADER = 'expofmt-gateway-journal 1';
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;
/** Compaction writes in pieces of about this size, so no snapshot is ever one string. */
const WRITE_CHUNK_BYTES = 1024 * 1024;
/** Work of a compaction between two yields to the event loop, in ms. */
const COMPACT_SLICE_MS = 10;
const NEWLINE = Buffer.from('\n');

/** `set` with `previous` (the group's state it changed) is journaled as a `change` when it kept some of its families. */
export type JournalRecord =
  | { op: 'set'; group: StoredGroup; previous?: StoredGroup }
  | { op: 'delete'; labels: Labels }
  | { op: 'deleteGroups'; labels: Labels[] }
  | { op: 'wipe' };

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** A record waiting to be appended, what it does to the places of whole records, and whoever waits for it. */
type Entry = { line: Buffer; place: Placing } & Waiter;

/** The snapshot of a compaction, written to its temporary file and synced. */
interface Snapshot {
  temp: string;
  out: FileHandle;
  bytes: number;
  /** Where each group's record is in it. */
  places: RecordPlaces;
}

/** A compaction under way: its snapshot is written while appends go on to the current file. */
interface Compaction {
  /** The records made after the snapshot was taken, in order: the new file needs them after it. */
  tail: Entry[];
  /** Set once the snapshot is on disk: the writer then puts it in place. */
  snapshot?: Snapshot;
  /** Set when writing the snapshot failed. */
  error?: unknown;
  /**
   * An append failed meanwhile: its change, undone in memory, may be in the snapshot (it
   * was pending when the snapshot was taken). The snapshot is thrown away and another taken.
   */
  abandoned?: boolean;
  waiters: Waiter[];
}

export class Journal {
  private handle: FileHandle | undefined;
  private pending: Entry[] = [];
  private compactWaiters: Waiter[] = [];
  private compaction: Compaction | undefined;
  /** Called once the writer has nothing left to do. */
  private readonly idleWaiters: Array<() => void> = [];
  private running = false;
  /** Bytes of the file that are whole, synced records: where the next record starts. */
  private length = 0;
  /** A failed write may have left a fragment past `length`: cut it before appending. */
  private fragment = false;
  private bytesSinceCompaction = 0;
  private snapshotBytes = 0;
  private changedSinceCompaction = false;
  /** Groups whose current state is a whole `set` record of the file, and where. */
  private places: RecordPlaces = new Map();
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
  static async open(
    file: string,
    groups: () => Iterable<StoredGroup>,
    logger: Logger,
    intervalMs: number,
  ): Promise<{ journal: Journal; restored: StoredGroup[] }> {
    const journal = new Journal(file, groups, logger);
    const { restored, wholeBytes } = await journal.load();
    try {
      await journal.compactNow(restored);
    } catch (error) {
      // A journal over half of a full disk cannot be copied: go on appending to it as it is.
      if (wholeBytes === undefined) throw error;
      logger.warn('could not compact the persistence journal at start; appending to it as it is', { file, err: String(error) });
      await journal.reopenAt(wholeBytes);
    }
    journal.timer = setInterval(() => {
      if (journal.changedSinceCompaction) journal.compact().catch(() => {});
    }, intervalMs);
    journal.timer.unref();
    return { journal, restored };
  }

  /** Appends a record; resolves once it is on disk. */
  append(record: JournalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the persistence journal is closed'));
    const json = record.op === 'set' ? setRecord(record.group, record.previous) : record;
    const line = recordLine(JSON.stringify(json));
    const place = placing(record, json, line.length);
    return new Promise((resolve, reject) => {
      const entry = { line, place, resolve, reject };
      this.pending.push(entry);
      this.compaction?.tail.push(entry);
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
    try {
      await this.compact();
      // Records made while the snapshot was written go to the new file after it.
      while (this.running) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    } finally {
      this.closed = true;
      await this.handle?.close();
      this.handle = undefined;
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.hasWork()) this.kick();
      else for (const idle of this.idleWaiters.splice(0)) idle();
    });
  }

  private hasWork(): boolean {
    const compaction = this.compaction;
    if (compaction !== undefined) return this.pending.length > 0 || compaction.snapshot !== undefined || compaction.error !== undefined;
    return this.pending.length > 0 || this.compactionDue();
  }

  /** Asked for, or the journal grew past twice its last snapshot (at least 4 MiB): then at once, not at the next change. */
  private compactionDue(): boolean {
    return this.compactWaiters.length > 0 || this.bytesSinceCompaction > Math.max(MIN_COMPACT_BYTES, 2 * this.snapshotBytes);
  }

  /**
   * One writer at a time: batches of appends, each written and synced before it is
   * acknowledged, and the last step of a compaction (putting its snapshot in place).
   * A compaction's snapshot is written beside, meanwhile: appends are not held up by it.
   */
  private async drain(): Promise<void> {
    while (this.hasWork()) {
      if (this.compaction === undefined && this.compactionDue()) this.startCompaction();
      const compaction = this.compaction;
      if (compaction?.snapshot !== undefined || compaction?.error !== undefined) {
        await this.finishCompaction(compaction);
        continue;
      }
      if (this.pending.length === 0) continue;
      const batch = this.pending;
      this.pending = [];
      try {
        let offset = this.length;
        await this.appendWhole(Buffer.concat(batch.map((p) => p.line)));
        for (const p of batch) {
          p.place(this.places, offset);
          offset += p.line.length;
        }
        for (const p of batch) p.resolve();
      } catch (error) {
        // What was queued meanwhile was built on the failed changes: it fails with them,
        // and none of it goes into a snapshot's file either.
        const failed = [...batch, ...this.pending];
        this.pending = [];
        if (this.compaction !== undefined) this.compaction.abandoned = true;
        this.logger.error('could not append to the persistence journal', { file: this.file, err: String(error), changes: failed.length });
        for (const p of failed) p.reject(error);
        // The store undoes those changes when it hears of the failure: before any snapshot is taken.
        await nextTurn();
      }
    }
  }

  /** Takes the snapshot (the store holds every change made so far) and writes it beside the journal. */
  private startCompaction(): void {
    const compaction: Compaction = { tail: [], waiters: this.compactWaiters };
    this.compactWaiters = [];
    this.compaction = compaction;
    const groups = [...this.groups()];
    this.changedSinceCompaction = false;
    this.writeSnapshot(groups).then(
      (snapshot) => {
        compaction.snapshot = snapshot;
        this.kick();
      },
      (error: unknown) => {
        compaction.error = error;
        this.kick();
      },
    );
  }

  /**
   * Puts a written snapshot in place of the journal, with the records appended since it
   * was taken after it (those still pending go to the new file next), or reports why the
   * compaction failed (the journal then goes on as it is).
   */
  private async finishCompaction(compaction: Compaction): Promise<void> {
    this.compaction = undefined;
    if (compaction.abandoned) {
      if (compaction.snapshot !== undefined) await discard(compaction.snapshot);
      // Whoever asked gets the next compaction, taken from the store as it is now.
      if (compaction.error === undefined) this.compactWaiters.unshift(...compaction.waiters);
      else for (const w of compaction.waiters) w.reject(compaction.error);
      return;
    }
    try {
      if (compaction.error !== undefined) throw compaction.error;
      const queued = new Set(this.pending);
      const written = compaction.tail.filter((e) => !queued.has(e));
      await this.install(compaction.snapshot!, written);
      for (const w of compaction.waiters) w.resolve();
    } catch (error) {
      this.changedSinceCompaction = true;
      this.logger.error('could not persist metrics', { file: this.file, err: String(error) });
      for (const w of compaction.waiters) w.reject(error);
    }
  }

  /** Writes and syncs the bytes after the last whole record, or leaves the file ending there. */
  private async appendWhole(bytes: Buffer): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) throw new Error('the persistence file is not open');
    if (this.fragment) await this.cutFragment(handle);
    try {
      await writeAll(handle, bytes);
      await handle.datasync();
    } catch (error) {
      this.fragment = true;
      await this.cutFragment(handle).catch((cut: unknown) => {
        this.logger.error('could not cut a failed write off the persistence journal; nothing is appended until it can be', {
          file: this.file,
          err: String(cut),
        });
      });
      throw error;
    }
    this.length += bytes.length;
    this.bytesSinceCompaction += bytes.length;
  }

  private async cutFragment(handle: FileHandle): Promise<void> {
    await handle.truncate(this.length);
    await handle.datasync();
    this.fragment = false;
  }

  /** Compacts at once, with no appends under way (at start-up). */
  private async compactNow(groups: StoredGroup[]): Promise<void> {
    await this.install(await this.writeSnapshot(groups), []);
  }

  /**
   * Writes one `set` record per group to a temporary file beside the journal, and syncs it:
   * a group whose state is a whole record of the journal already is copied from there,
   * any other is encoded.
   */
  private async writeSnapshot(groups: StoredGroup[]): Promise<Snapshot> {
    const dir = dirname(this.file);
    const temp = join(dir, `.${basename(this.file)}.in_progress.${process.pid}.${randomBytes(4).toString('hex')}`);
    const out = await open(temp, 'w', 0o644);
    const reader = this.places.size === 0 ? undefined : await open(this.file, 'r').catch(() => undefined);
    const places: RecordPlaces = new Map();
    let bytes = 0;
    try {
      let chunk: Buffer[] = [];
      let chunkBytes = 0;
      const add = async (line: Buffer, key?: string, group?: StoredGroup): Promise<void> => {
        if (key !== undefined) places.set(key, { group: group!, offset: bytes + chunkBytes, length: line.length });
        chunk.push(line);
        chunkBytes += line.length;
        if (chunkBytes < WRITE_CHUNK_BYTES) return;
        await writeAll(out, Buffer.concat(chunk));
        bytes += chunkBytes;
        chunk = [];
        chunkBytes = 0;
      };
      let slice = performance.now();
      const encode = async (key: string, group: StoredGroup): Promise<void> => {
        // A record in pieces, its checksum taken as they come, yielding to the event loop
        // between them: a group of a million series is no second-long step.
        let crc = 0;
        const record: Buffer[] = [];
        for (const piece of setRecordPieces(group)) {
          const pieceBytes = Buffer.from(piece);
          crc = crc32(pieceBytes, crc);
          record.push(pieceBytes);
          if (performance.now() - slice >= COMPACT_SLICE_MS) {
            await nextTurn();
            slice = performance.now();
          }
        }
        await add(Buffer.concat([Buffer.from(`${checksum(crc)} `), ...record, NEWLINE]), key, group);
      };
      await add(Buffer.from(HEADER + '\n'));
      // Groups are encoded in the store's order; the records to copy follow in the file's
      // order, read in runs of neighbours (the order of a snapshot's records is free: each
      // sets a different group).
      const copies: Array<RecordPlace & { key: string }> = [];
      for (const group of groups) {
        const key = GroupStore.key(group.labels);
        const place = reader === undefined ? undefined : this.places.get(key);
        if (place?.group === group) copies.push({ ...place, key });
        else await encode(key, group);
      }
      copies.sort((x, y) => x.offset - y.offset);
      for (let i = 0; i < copies.length; ) {
        let j = i + 1;
        while (j < copies.length && nearby(copies[i], copies[j - 1], copies[j])) j++;
        const run = copies.slice(i, j);
        const lines = await readRecords(reader!, run);
        for (let k = 0; k < run.length; k++) {
          const line = lines[k];
          if (line === undefined) await encode(run[k].key, run[k].group);
          else await add(line, run[k].key, run[k].group);
        }
        slice = performance.now();
        i = j;
      }
      await writeAll(out, Buffer.concat(chunk));
      bytes += chunkBytes;
      await out.sync();
    } catch (error) {
      await out.close();
      await unlink(temp).catch(() => {});
      throw error;
    } finally {
      await reader?.close();
    }
    return { temp, out, bytes, places };
  }

  /**
   * Appends `tail` (records already in the journal, made after the snapshot was taken) to
   * the snapshot, syncs it and renames it over the journal, which is then appended to.
   * Until the rename the journal is whole as it was: a crash at any point loses nothing.
   */
  private async install(snapshot: Snapshot, tail: Entry[]): Promise<void> {
    const { temp, out, places } = snapshot;
    const tailBytes = tail.reduce((n, e) => n + e.line.length, 0);
    try {
      if (tailBytes > 0) {
        await writeAll(out, Buffer.concat(tail.map((e) => e.line)));
        await out.sync();
      }
      await out.close();
    } catch (error) {
      await discard(snapshot);
      throw error;
    }
    await rename(temp, this.file);
    await syncDirectory(dirname(this.file));
    await this.handle?.close();
    this.handle = await open(this.file, 'a');
    this.length = snapshot.bytes + tailBytes;
    this.fragment = false;
    this.snapshotBytes = snapshot.bytes;
    this.bytesSinceCompaction = tailBytes;
    let offset = snapshot.bytes;
    for (const e of tail) {
      e.place(places, offset);
      offset += e.line.length;
    }
    this.places = places;
    this.logger.debug('metrics persisted', { file: this.file, bytes: this.length });
  }

  /** Appends after the first `bytes` of the file, cutting what follows (a torn last record). */
  private async reopenAt(bytes: number): Promise<void> {
    this.handle = await open(this.file, 'a');
    this.length = bytes;
    this.fragment = true;
    await this.cutFragment(this.handle);
    this.snapshotBytes = bytes;
  }

  /** The groups, and how many bytes of the file are whole lines (undefined: no usable file). */
  private async load(): Promise<{ restored: StoredGroup[]; wholeBytes?: number }> {
    let result: ReplayResult;
    try {
      result = await replayFile(this.file);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') {
        this.logger.info('no persistence file yet; starting empty', { file: this.file });
        return { restored: [] };
      }
      throw error;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (result.notAJournal) {
      const aside = `${this.file}.corrupt-${stamp}`;
      await rename(this.file, aside).catch(() => {});
      this.logger.error('could not load persisted metrics; starting empty', {
        file: this.file,
        err: `the file does not start with "${HEADER}"`,
        moved_to: aside,
      });
      return { restored: [] };
    }
    if (result.damaged.length > 0) {
      const aside = `${this.file}.damaged-${stamp}`;
      await copyFile(this.file, aside).catch(() => {});
      for (const d of result.damaged) {
        this.logger.error('dropped a damaged record of the persistence journal; the records around it are kept', {
          file: this.file,
          line: d.line,
          bytes: `${d.start}-${d.end}`,
          err: d.error,
          copy: aside,
        });
      }
    }
    if (result.tornTail)
      this.logger.warn('dropped an unfinished last record of the persistence journal (a write cut off before it was acknowledged)', {
        file: this.file,
        bytes: `${result.tornTail.start}-${result.tornTail.end}`,
      });
    this.logger.info('restored persisted metrics', { file: this.file, groups: result.groups.length });
    return { restored: result.groups, wholeBytes: result.wholeBytes };
  }
}

/** A byte range of the file that was dropped, and why. */
interface DroppedBytes {
  /** 1-based line. */
  line: number;
  /** Byte offsets: start inclusive, end exclusive. */
  start: number;
  end: number;
  error: string;
}

export interface ReplayResult {
  groups: StoredGroup[];
  /** Damaged lines, each dropped alone. */
  damaged: DroppedBytes[];
  /** A last line without its newline. */
  tornTail: DroppedBytes | undefined;
  /** Neither the header nor any record: not our file. */
  notAJournal: boolean;
  /** Bytes up to the end of the last whole line. */
  wholeBytes: number;
}

/** Applies the journal's records in order, line by line. Exported for tests. */
class Replay {
  private readonly groups = new Map<string, StoredGroup>();
  private readonly damaged: DroppedBytes[] = [];
  private line = 0;
  private offset = 0;
  private header = false;
  private records = 0;

  /** One line without its newline; `bytes` its length in the file. */
  add(text: string, bytes: number): void {
    this.line++;
    const start = this.offset;
    this.offset += bytes + 1;
    if (this.line === 1 && text === HEADER) {
      this.header = true;
      return;
    }
    // A blank line holds nothing that was acknowledged.
    if (text === '') return;
    const error = this.apply(text);
    if (error === undefined) return;
    // A fragment of a cut-off write followed by a whole record (older versions appended so).
    // ` {"op":` cannot occur inside a JSON string, where quotes are escaped: only record starts match.
    for (let at = text.indexOf(' {"op":', 9) - 8; at > 0; at = text.indexOf(' {"op":', at + 9) - 8) {
      if (this.apply(text.slice(at)) === undefined) {
        this.damaged.push({ line: this.line, start, end: start + Buffer.byteLength(text.slice(0, at)), error });
        return;
      }
    }
    this.damaged.push({ line: this.line, start, end: start + bytes + 1, error });
  }

  finish(tail: string): ReplayResult {
    const tailBytes = Buffer.byteLength(tail);
    const tornTail = tail === '' ? undefined : { line: this.line + 1, start: this.offset, end: this.offset + tailBytes, error: 'no newline' };
    const notAJournal = !this.header && this.records === 0 && (this.line > 0 || tail !== '');
    return { groups: [...this.groups.values()], damaged: notAJournal ? [] : this.damaged, tornTail, notAJournal, wholeBytes: this.offset };
  }

  /** Applies one `<crc> <json>` record; the reason when it does not read back. */
  private apply(text: string): string | undefined {
    const json = text.slice(9);
    if (text.length < 10 || text[8] !== ' ' || !checksumMatches(text.slice(0, 8), json)) {
      return 'checksum mismatch';
    }
    try {
      const record = JSON.parse(json) as { op?: unknown; group?: unknown; labels?: unknown };
      if (record.op === 'set') {
        const group = decodeGroup(record.group);
        this.groups.set(GroupStore.key(group.labels), group);
      } else if (record.op === 'change') {
        const key = GroupStore.key(decodeGroupLabels(record.group));
        this.groups.set(key, decodeGroup(record.group, this.groups.get(key)));
      } else if (record.op === 'delete') {
        this.groups.delete(GroupStore.key(decodeLabels(record.labels)));
      } else if (record.op === 'deleteGroups') {
        // Every label set is read before any group goes: a damaged record removes none.
        const keys = array(record.labels).map((l) => GroupStore.key(decodeLabels(l)));
        for (const key of keys) this.groups.delete(key);
      } else if (record.op === 'wipe') {
        this.groups.clear();
      } else {
        return `unknown record ${JSON.stringify(record.op)}`;
      }
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    this.records++;
    return undefined;
  }
}

/** Records read together: up to 4 MiB at once, skipping at most 64 KiB of other records between two. */
function nearby(first: RecordPlace, last: RecordPlace, next: RecordPlace): boolean {
  const end = last.offset + last.length;
  return next.offset - end <= 64 * 1024 && next.offset + next.length - first.offset <= 4 * WRITE_CHUNK_BYTES;
}

/** What `record`, journaled as `json` in a line of `length` bytes, does to the places of whole records. */
function placing(record: JournalRecord, json: { op?: unknown }, length: number): Placing {
  switch (record.op) {
    case 'set': {
      const key = GroupStore.key(record.group.labels);
      return json.op === 'set' ? placeSet(key, record.group, length) : forget([key]);
    }
    case 'delete':
      return forget([GroupStore.key(record.labels)]);
    case 'deleteGroups':
      return forget(record.labels.map((labels) => GroupStore.key(labels)));
    case 'wipe':
      return forget('all');
  }
}

/** The journal record of a group's state: a `change` of `previous` when it kept some of its families. */
function setRecord(group: StoredGroup, previous: StoredGroup | undefined): object {
  const change = previous === undefined ? undefined : encodeGroupChange(group, previous);
  return change === undefined ? { op: 'set', group: encodeGroup(group) } : { op: 'change', group: change };
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('labels: expected an array of label sets');
  return value;
}

/** Replays a whole journal given as text. */
export function replay(text: string): ReplayResult {
  const replayer = new Replay();
  const lines = text.split('\n');
  const tail = lines.pop()!;
  for (const l of lines) replayer.add(l, Buffer.byteLength(l));
  return replayer.finish(tail);
}

/** Replays the file as a stream of lines: it may be larger than the longest string. */
async function replayFile(file: string): Promise<ReplayResult> {
  const replayer = new Replay();
  let partial: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: WRITE_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
      const bytes = partial.length === 0 ? chunk.subarray(from, nl) : Buffer.concat([...partial, chunk.subarray(from, nl)]);
      partial = [];
      replayer.add(bytes.toString('utf8'), bytes.length);
      from = nl + 1;
    }
    if (from < chunk.length) partial.push(chunk.subarray(from));
  }
  return replayer.finish(Buffer.concat(partial).toString('utf8'));
}

/** Closes and removes a snapshot that will not be put in place. */
async function discard(snapshot: Snapshot): Promise<void> {
  await snapshot.out.close().catch(() => {});
  await unlink(snapshot.temp).catch(() => {});
}

/** `write` may write less than it was given (a nearly full disk): go on until all is written or it fails. */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`wrote 0 of ${bytes.length - offset} bytes`);
    offset += bytesWritten;
  }
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
