/**
 * The reads of a store that keeps every group in a GroupStore in this process (LocalStore,
 * NatsStore): they never wait, and a scrape never leaves the process.
 */
import type { GroupStore, StoredGroup } from '../../merge/group-store.js';
import type { MergeResult } from '../../merge/merge-groups.js';
import type { StoreUsage } from '../../merge/store-usage.js';
import type { Labels, MetricFamily } from '../../model.js';

export abstract class MemoryReads {
  /** Every group, as the store's changes left them. */
  protected abstract readonly memory: GroupStore;

  get(labels: Labels): StoredGroup | undefined {
    return this.memory.get(labels);
  }

  groups(): StoredGroup[] {
    return this.memory.list();
  }

  get size(): number {
    return this.memory.size;
  }

  usage(): StoreUsage {
    return this.memory.usage();
  }

  groupUsage(labels: Labels): StoreUsage | undefined {
    return this.memory.groupUsage(labels);
  }

  /** Groups with an expiry time. */
  get expiring(): number {
    return this.memory.expiring;
  }

  page(reserved?: readonly MetricFamily[]): MergeResult {
    return this.memory.page(reserved);
  }
}
