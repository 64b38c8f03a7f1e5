/**
 * The default store: every group in memory (GroupStore), and with a persistence file
 * every change in its journal before it is acknowledged.
 *
 * A change is applied in memory at once, so the next push is checked against it, and
 * acknowledged once journaled. If the journal fails, that change and every change made
 * after it (the journal fails those too: their records were built on it) are undone,
 * newest first, so memory again equals what is on disk and a push answered 500 is never
 * served.
 */
import { MemoryReads } from './memory-reads.js';
import { GroupStore, type PushOptions, type PushResult, type StoredGroup } from '../../merge/group-store.js';
import type { ReservedFamily } from '../../merge/reserved-group.js';
import type { Labels, MetricFamily } from '../../model.js';
import type { Logger } from '../logger.js';
import { Journal, type JournalRecord } from '../persistence/journal.js';
import { compileSelectors, type GroupSelector } from './label-matchers.js';
import { type MetricStore, PersistError } from './metric-store.js';

export interface LocalStoreOptions {
  /** The reserved group's families (the host's own), by name: pushes of those names must keep their type. */
  reserved?: ReadonlyMap<string, ReservedFamily>;
  /** '' or absent: memory only. */
  persistenceFile?: string;
  persistenceIntervalMs?: number;
  logger: Logger;
}

interface InFlight {
  undo(): void;
}

export class LocalStore extends MemoryReads implements MetricStore {
  protected readonly memory: GroupStore;
  private journal: Journal | undefined;
  /** Changes applied in memory and not yet durable, oldest first. */
  private readonly inFlight: InFlight[] = [];

  private constructor(options: LocalStoreOptions) {
    super();
    this.memory = new GroupStore({ reserved: options.reserved });
  }

  /** A store with the persisted groups restored (when a persistence file is set). */
  static async open(options: LocalStoreOptions): Promise<LocalStore> {
    const store = new LocalStore(options);
    const file = options.persistenceFile ?? '';
    if (file !== '') {
      const { journal, restored } = await Journal.open(file, () => store.memory.list(), options.logger, options.persistenceIntervalMs ?? 300_000);
      store.memory.restore(restored);
      store.journal = journal;
    }
    return store;
  }

  async push(labels: Labels, families: MetricFamily[], options: PushOptions): Promise<PushResult> {
    const before = this.memory.get(labels);
    const result = this.memory.push(labels, families, options);
    const after = this.memory.get(labels);
    if (after !== undefined && after !== before) {
      await this.commit({ op: 'set', group: after, previous: before }, () => this.memory.put(labels, before));
    }
    return result;
  }

  async delete(labels: Labels): Promise<boolean> {
    const before = this.memory.get(labels);
    if (before === undefined) return false;
    this.memory.delete(labels);
    await this.commit({ op: 'delete', labels }, () => this.memory.put(labels, before));
    return true;
  }

  async wipe(): Promise<number> {
    const before = this.memory.list();
    this.memory.wipe();
    await this.commit({ op: 'wipe' }, () => this.memory.restore(before));
    return before.length;
  }

  async deleteMatching(selectors: readonly GroupSelector[]): Promise<Labels[]> {
    const matches = compileSelectors(selectors);
    return this.deleteGroups(this.memory.list().filter((g) => matches(g.labels)));
  }

  async expire(now: number): Promise<StoredGroup[]> {
    const due = this.memory.due(now);
    if (due.length === 0) return due;
    await this.deleteGroups(due);
    return due;
  }

  /** Removes these groups in memory at once, and journals them as one record. */
  private async deleteGroups(groups: StoredGroup[]): Promise<Labels[]> {
    if (groups.length === 0) return [];
    for (const g of groups) this.memory.delete(g.labels);
    const labels = groups.map((g) => g.labels);
    await this.commit({ op: 'deleteGroups', labels }, () => {
      for (const g of groups) this.memory.put(g.labels, g);
    });
    return labels;
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }

  /** Journals a change already applied in memory; undoes it (and all after it) when that fails. */
  private async commit(record: JournalRecord, undo: () => void): Promise<void> {
    if (this.journal === undefined) return;
    const change: InFlight = { undo };
    this.inFlight.push(change);
    try {
      await this.journal.append(record);
    } catch (error) {
      const at = this.inFlight.indexOf(change);
      if (at >= 0) for (const later of this.inFlight.splice(at).reverse()) later.undo();
      throw new PersistError(error);
    } finally {
      const at = this.inFlight.indexOf(change);
      if (at >= 0) this.inFlight.splice(at, 1);
    }
  }
}
