/**
 * The seam between the gateway and where its groups live (Pushgateway's
 * `storage.MetricStore`). A store owns both the semantics of a change (PUT/POST/DELETE
 * and wipe, with the consistency check) and its durability: a change it resolves is
 * kept, one it rejects with `PersistError` left nothing behind. Reads never wait.
 *
 * Expiry and deletion by matcher (both opt-in in the gateway) are what the optional
 * members add: an expiry time a push gives (`PushOptions.expiresAt`, Unix seconds) and a
 * group keeps (`StoredGroup.expiresAt`, and persists), `expire` with `expiring`, and
 * `deleteMatching`. A store without `expire` cannot be opened with `--push.ttl` or
 * `--push.enable-ttl` (the gateway says so at start); one without `deleteMatching`
 * answers the delete-by-matcher endpoint 501. Nothing else changes for such a store.
 */
import type { MergeResult } from '../../merge/merge-groups.js';
import type { PushOptions, PushResult, StoredGroup } from '../../merge/group-store.js';
import type { StoreUsage } from '../../merge/store-usage.js';
import type { Labels, MetricFamily } from '../../model.js';
import type { GroupSelector } from './label-matchers.js';

export interface MetricStore {
  /** Applies a push; resolves once it is durable. A refused push resolves too (`accepted: false`). */
  push(labels: Labels, families: MetricFamily[], options: PushOptions): Promise<PushResult>;
  /** Removes exactly the group with these labels; false when there was none. */
  delete(labels: Labels): Promise<boolean>;
  /** Removes every group; resolves to how many there were. */
  wipe(): Promise<number>;
  /**
   * Removes, as one change (all or none, one durable record), every group whose grouping
   * labels match any of the selectors (label-matchers.ts's `compileSelectors` is the
   * meaning); resolves to their labels, in grouping-key order. The gateway has checked the
   * selectors (its 400s): a store may throw on a bad one.
   */
  deleteMatching?(selectors: readonly GroupSelector[]): Promise<Labels[]>;
  /**
   * Removes every group whose `expiresAt` is at or before `now` (Unix seconds), as one
   * change like a DELETE of each (durable before it resolves); resolves to the groups
   * removed, earliest expiry first. Called about every 250 ms by the gateway with expiry
   * on: when nothing is due it must cost O(1), not a look at every group.
   */
  expire?(now: number): Promise<StoredGroup[]>;
  /** How many groups have an expiry time (the own metric `pushgateway_groups_with_ttl`); O(1). */
  readonly expiring?: number;
  get(labels: Labels): StoredGroup | undefined;
  /** Every group, in Pushgateway's order of grouping keys. */
  groups(): StoredGroup[];
  readonly size: number;
  /** The series and bytes the groups hold, for the store caps (src/merge/store-usage.ts). */
  usage(): StoreUsage;
  /** What the group with these labels holds, if there is one (worked out from its families when absent). */
  groupUsage?(labels: Labels): StoreUsage | undefined;
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
