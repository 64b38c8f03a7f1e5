/**
 * The seam between the gateway and where its groups live (Pushgateway's
 * `storage.MetricStore`). A store owns both the semantics of a change (PUT/POST/DELETE
 * and wipe, with the consistency check) and its durability: a change it resolves is
 * kept, one it rejects with `PersistError` left nothing behind. Reads never wait.
 */
import type { MergeResult } from '../../merge/merge-groups.js';
import type { PushOptions, PushResult, StoredGroup } from '../../merge/group-store.js';
import type { StoreUsage } from '../../merge/store-usage.js';
import type { Labels, MetricFamily } from '../../model.js';

export interface MetricStore {
  /** Applies a push; resolves once it is durable. A refused push resolves too (`accepted: false`). */
  push(labels: Labels, families: MetricFamily[], options: PushOptions): Promise<PushResult>;
  /** Removes exactly the group with these labels; false when there was none. */
  delete(labels: Labels): Promise<boolean>;
  /** Removes every group; resolves to how many there were. */
  wipe(): Promise<number>;
  get(labels: Labels): StoredGroup | undefined;
  /** Every group, in Pushgateway's order of grouping keys. */
  groups(): StoredGroup[];
  readonly size: number;
  /** The series and bytes the groups hold, for the store caps (src/merge/store-usage.ts). */
  usage(): StoreUsage;
  /** The merged page of every group, with the reserved group's current families (the own metrics) in front when given. */
  page(reserved?: readonly MetricFamily[]): MergeResult;
  /** Makes everything durable and releases the store. */
  close(): Promise<void>;
  /** False while the store cannot take changes (a replicated store that lost its servers): `/-/ready` answers 503. Absent: always ready. */
  ready?(): boolean;
  /** A replicated store: the sequence of its shared stream whose state this replica serves. */
  readonly sequence?: number;
}

/** A change could not be made durable, and was undone. */
export class PersistError extends Error {
  override name = 'PersistError';
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** The store cannot take changes now (its servers are out of reach). A change that timed out may still have been made; the gateway answers 503. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
