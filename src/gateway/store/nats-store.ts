/**
 * The replicated store (`--store=nats://...`): several `expofmt serve` replicas on one NATS
 * JetStream key-value bucket (nats-records.ts holds its format). Every replica keeps the
 * whole state in memory, a GroupStore fed by the bucket's stream in order, so a scrape
 * never touches the network; a change goes through the bucket and is applied from there.
 *
 * A change (push, delete, wipe) is checked against the state at the sequence this replica
 * has applied, `n`, and published with JetStream's expected last sequence `n` on the
 * stream (`Nats-Expected-Last-Sequence`). If any change, on any key, came in between, the
 * stream refuses it ("wrong last sequence: m"): the replica waits until it has applied
 * `m` and checks again. So changes are totally ordered and each was checked against all
 * before it: two replicas never both accept conflicting pushes. The check runs on the
 * state itself, then undoes its change in the same turn of the event loop: only what the
 * stream stored is ever served. A change that changes nothing (a delete of no group, a
 * refused push of a new group) confirms the stream's last sequence instead.
 *
 * The publish resolves once a quorum of the bucket's replicas stored it. The replica then
 * applies the stored record at its sequence before it answers (read your own writes),
 * decoding the very bytes every other replica decodes, so that pages are byte-identical at
 * the same sequence. Changes of one replica are taken in arrival order; those waiting
 * together are checked one on top of the other and published back to back, chained by
 * message id (`round`), so that a replica does not pay one round trip per change.
 *
 * Expiry and deletion by matcher (opt-in in the gateway) are changes like the others: the
 * expiry time travels in the group's record (nats-records.ts), so every replica has the same
 * deadline, and each replica's `expire` publishes a delete of each group that is due at the
 * sequence it checked, with the same expected last sequence. A replica that races another
 * to expire a group finds the stream moved, catches up, finds the group gone (or pushed
 * again, not due) and publishes nothing: each group is expired by exactly one replica, the
 * one whose `expire` returns it. A deletion by matcher matches at the sequence checked and
 * publishes its deletes back to back, chained like a round: a change that came first
 * refuses them all, and they are matched again on the newer state. More than
 * `MAX_CHANGE_RECORDS` go that many at a time, and a publish that fails midway (no answer
 * in time) stops the chain: another change can come in between; the deletes stored stay,
 * and the rest is matched again. Other replicas apply the deletes one record
 * at a time (nats-server 2.9 has no atomic batch), so a scrape there can see some of them
 * done and not yet the others.
 *
 * Losing the servers: while disconnected, or while the stream does not answer (checked
 * every 2 s, nats-follower.ts), `ready()` is false and changes fail at once with
 * StoreUnavailableError (503); a change that cannot be stored within `CHANGE_TIMEOUT_MS`
 * (a leader election) fails so too. Scrapes keep serving the last state, and the
 * stream is followed again from the next sequence once it is back.
 */
import { MemoryReads } from './memory-reads.js';
import { randomUUID } from 'node:crypto';
import { type JetStreamClient, JetStreamApiError, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { compareGroupOrder, groupOrderParts } from '../../merge/group.js';
import { GroupStore, type PushOptions, type PushResult, type StoredGroup } from '../../merge/group-store.js';
import type { ReservedFamily } from '../../merge/reserved-group.js';
import type { Labels, MetricFamily } from '../../model.js';
import type { Logger } from '../logger.js';
import { compileSelectors, type GroupSelector } from './label-matchers.js';
import { type MetricStore, PersistError, StoreUnavailableError } from './metric-store.js';
import { message, StreamFollower, sleep } from './nats-follower.js';
import { decodeGroupRecord, encodeGroupRecord, encodeWipeRecord, groupRecordKey, WIPE_KEY } from './nats-records.js';

export interface NatsStoreOptions {
  /** `host:port` of the NATS servers. */
  servers: string[];
  bucket: string;
  /** Replicas of the bucket when it is created. */
  replicas: number;
  reserved?: ReadonlyMap<string, ReservedFamily>;
  logger: Logger;
}

/** How long one change may wait for the store (retries included) before it is answered 503. */
const CHANGE_TIMEOUT_MS = 10_000;
/** How long to wait between tries when the store did not answer. */
const RETRY_MS = 250;
/** How long one publish may wait for its acknowledgement. */
const PUBLISH_TIMEOUT_MS = 5000;
/** Most changes published back to back in one round. */
const MAX_BATCH = 64;
/** Most records of one change (the deletes of an expiry or a deletion by matcher) in one round; the rest is checked again after. */
const MAX_CHANGE_RECORDS = 256;
/** JetStream's error codes for a publish whose expected last sequence, or last message id, is not the stream's. */
const WRONG_LAST_SEQUENCE = 10071;
const WRONG_LAST_MSG_ID = 10070;

/** A change to publish: a group record, a delete (tombstone) or the wipe (rollup of everything). */
type Change = { op: 'put'; key: string; data: Uint8Array } | { op: 'delete'; key: string } | { op: 'wipe'; data: Uint8Array };

/**
 * What a change does to the state it is checked on: the records to publish, in order (none
 * if it changes nothing), how to take them back, the answer once all are stored. When only
 * the first `n` of several were stored, `stored(n)` keeps what they did for the answer of
 * the next check (`speculate` runs again on the newer state).
 */
interface Speculation<T> {
  changes: Change[];
  undo(): void;
  answer: T;
  stored?(n: number): void;
}

/** A change waiting its turn. */
interface Op<T> {
  /** A wipe: committed alone. */
  alone: boolean;
  speculate(): Speculation<T>;
  deadline: number;
  resolve(answer: T): void;
  reject(error: unknown): void;
}

interface Waiter {
  seq: number;
  resolve(): void;
}

export class NatsStore extends MemoryReads implements MetricStore {
  protected readonly memory: GroupStore;
  /** The stream sequence whose state `memory` holds. */
  private applied = 0;
  /** The labels of each group key present, for a delete's tombstone. */
  private readonly labelsByKey = new Map<string, Labels>();
  private readonly waiters = new Set<Waiter>();
  /** This replica's changes not yet answered, in arrival order. */
  private readonly waiting: Op<unknown>[] = [];
  private pumping = false;
  private pumped: Promise<void> = Promise.resolve();
  /** Why the last try failed, for the 503's text. */
  private lastError = '';
  private closing = false;
  private readonly follower: StreamFollower;
  private readonly stream: string;
  private readonly prefix: string;

  private constructor(
    private readonly options: NatsStoreOptions,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    jsm: JetStreamManager,
  ) {
    super();
    this.memory = new GroupStore({ reserved: options.reserved });
    this.stream = `KV_${options.bucket}`;
    this.prefix = `$KV.${options.bucket}.`;
    this.follower = new StreamFollower({
      nc,
      js,
      jsm,
      stream: this.stream,
      prefix: this.prefix,
      logger: options.logger,
      applied: () => this.applied,
      apply: (seq, key, operation, data) => this.apply(seq, key, operation, data),
    });
  }

  /** Connects, creates the bucket if there is none, and resolves once the bucket's current state is applied. */
  static async open(options: NatsStoreOptions): Promise<NatsStore> {
    const nc = await connect({
      servers: options.servers,
      name: 'expofmt serve',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 10_000,
    }).catch((error: unknown) => {
      throw new Error(`cannot reach the NATS servers ${options.servers.join(',')}: ${message(error)}`);
    });
    try {
      const js = jetstream(nc, { timeout: 5000 });
      await new Kvm(js).create(options.bucket, { replicas: options.replicas, history: 1 });
      const store = new NatsStore(options, nc, js, await jetstreamManager(nc));
      const last = await store.follower.lastSequence();
      store.follower.start();
      await store.until(last, 60_000);
      options.logger.info('replicated store ready', { bucket: options.bucket, sequence: store.applied, groups: store.size });
      return store;
    } catch (error) {
      await nc.close().catch(() => {});
      throw error;
    }
  }

  push(labels: Labels, families: MetricFamily[], options: PushOptions): Promise<PushResult> {
    return this.enqueue(false, () => {
      const before = this.memory.get(labels);
      const answer = this.memory.push(labels, families, options);
      const after = this.memory.get(labels);
      if (after === undefined || after === before) return { changes: [], undo: () => {}, answer };
      return { changes: [{ op: 'put', key: groupRecordKey(labels), data: encodeGroupRecord(after) }], undo: () => this.memory.put(labels, before), answer };
    });
  }

  delete(labels: Labels): Promise<boolean> {
    return this.enqueue(false, () => {
      const before = this.memory.get(labels);
      if (before === undefined) return { changes: [], undo: () => {}, answer: false };
      this.memory.delete(labels);
      return { changes: [{ op: 'delete', key: groupRecordKey(labels) }], undo: () => this.memory.put(labels, before), answer: true };
    });
  }

  /**
   * Deletes the groups that match at the sequence checked, their deletes published back to
   * back; resolves to the labels of every group this call deleted, in grouping-key order.
   */
  deleteMatching(selectors: readonly GroupSelector[]): Promise<Labels[]> {
    const matches = compileSelectors(selectors);
    const deleted: StoredGroup[] = [];
    return this.enqueue(false, () => {
      const groups = this.memory.list().filter((g) => matches(g.labels));
      return {
        ...this.deleteGroups(groups),
        answer: ordered([...deleted, ...groups]).map((g) => g.labels),
        stored: (n) => deleted.push(...groups.slice(0, n)),
      };
    });
  }

  /**
   * Deletes the groups due at `now` at the sequence checked: a group another replica expired
   * first, or that was pushed again in time, is not due there and not deleted. Resolves to
   * the groups this replica deleted, earliest expiry first. Nothing due costs O(1); without
   * the servers it waits for the next call (the gateway calls every 250 ms).
   */
  async expire(now: number): Promise<StoredGroup[]> {
    if (this.memory.due(now).length === 0 || !this.follower.connected || !this.follower.answering) return [];
    const expired: StoredGroup[] = [];
    try {
      return await this.enqueue(false, () => {
        const due = this.memory.due(now);
        return { ...this.deleteGroups(due), answer: [...expired, ...due], stored: (n) => expired.push(...due.slice(0, n)) };
      });
    } catch (error) {
      // Failed after some of its deletes were stored: those groups were expired here, and are logged and counted.
      if (expired.length > 0) return expired;
      throw error;
    }
  }

  /** The deletes of these groups, checked: removed from memory until undone. */
  private deleteGroups(groups: StoredGroup[]): { changes: Change[]; undo(): void } {
    for (const g of groups) this.memory.delete(g.labels);
    return {
      changes: groups.map((g) => ({ op: 'delete', key: groupRecordKey(g.labels) })),
      undo: () => {
        for (const g of groups) this.memory.put(g.labels, g);
      },
    };
  }

  wipe(): Promise<number> {
    // Committed alone: nothing after it in a batch is checked against it.
    return this.enqueue(true, () => ({ changes: [{ op: 'wipe', data: encodeWipeRecord(this.memory.size) }], undo: () => {}, answer: this.memory.size }));
  }

  /** Connected, following the bucket's stream, and the stream answers. */
  ready(): boolean {
    return this.follower.ready;
  }

  /** The stream sequence whose state this replica serves. */
  get sequence(): number {
    return this.applied;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pumped;
    await this.follower.stop();
    await this.nc.close();
  }

  /** Queues a change; the queue is worked off in arrival order (`pump`). */
  private enqueue<T>(alone: boolean, speculate: () => Speculation<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreUnavailableError('the store is closing'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ alone, speculate, deadline: Date.now() + CHANGE_TIMEOUT_MS, resolve, reject } as Op<unknown>);
      if (!this.pumping) this.pumped = this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        try {
          await this.round();
        } catch (error) {
          // Never leave the queue stuck: the change at its head fails.
          this.waiting.shift()?.reject(error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * One round: the changes at the front of the queue, each checked on the state the ones
   * before it make, published back to back (pipelined), then undone at once, all in this
   * turn of the event loop: only stored records are served. The first expects the
   * stream's last sequence to be the one applied, each next one the previous one's
   * message id (`Nats-Expected-Last-Msg-Id`), so that they are stored in a row or, from
   * the first that finds another change before it, not at all. Those are checked again
   * in the next round, on the state that includes what came first.
   */
  private async round(): Promise<void> {
    const now = Date.now();
    // Out of time, or no store to ask: answered 503 at once.
    while (this.waiting.length > 0 && (this.waiting[0].deadline <= now || !this.follower.connected || !this.follower.answering)) {
      const reason = !this.follower.connected
        ? 'not connected to the NATS servers'
        : !this.follower.answering
          ? `the bucket's stream does not answer with a quorum of its NATS servers (${this.follower.problem})`
          : `the NATS store did not confirm the change within ${CHANGE_TIMEOUT_MS / 1000} s; a change sent without an answer may still be stored${this.lastError ? `: ${this.lastError}` : ''}`;
      this.waiting.shift()!.reject(new StoreUnavailableError(reason));
    }
    if (this.waiting.length === 0) return;
    const expected = this.applied;
    // Every record of the round in order; `ops[i]` is the op whose records are `batch[first, first + count)`.
    const batch: Array<{ change: Change; id: string }> = [];
    const ops: Array<{ op: Op<unknown>; speculation: Speculation<unknown>; first: number; count: number }> = [];
    const undos: Array<() => void> = [];
    const limit = this.nc.info?.max_payload ?? Infinity;
    for (const op of this.waiting) {
      if (batch.length >= MAX_BATCH || (op.alone && batch.length > 0)) break;
      let speculation: Speculation<unknown>;
      try {
        speculation = op.speculate();
      } catch (error) {
        // A bug in checking this change fails it alone (500), first in the next round if need be.
        for (const u of undos.reverse()) u();
        if (batch.length === 0) {
          this.waiting.shift();
          op.reject(error);
        }
        return;
      }
      const { undo, answer } = speculation;
      // A change of very many records goes a part at a time, first in its round (`stored` keeps each part).
      const changes = batch.length === 0 && speculation.stored ? speculation.changes.slice(0, MAX_CHANGE_RECORDS) : speculation.changes;
      const tooBig = changes.find((c) => c.op !== 'delete' && c.data.length > limit);
      // An op of many records (a deletion by matcher) fills a round of its own when it does not fit.
      if (changes.length === 0 || tooBig !== undefined || (batch.length > 0 && batch.length + changes.length > MAX_BATCH)) {
        undo();
        if (batch.length === 0) {
          for (const u of undos.reverse()) u();
          if (tooBig !== undefined && tooBig.op !== 'delete') return this.refuse(op, tooBig.data.length, limit);
          return this.confirm(op, expected, answer);
        }
        break;
      }
      undos.push(undo);
      ops.push({ op, speculation, first: batch.length, count: changes.length });
      for (const change of changes) batch.push({ change, id: randomUUID() });
      if (op.alone) break;
    }
    for (const undo of undos.reverse()) undo();
    const timeout = Math.max(1, Math.min(PUBLISH_TIMEOUT_MS, ops[0].op.deadline - now));
    const acks = await Promise.allSettled(
      batch.map((b, i) => this.publish(b.change, i === 0 ? { lastSequence: expected } : { lastMsgID: batch[i - 1].id }, b.id, timeout)),
    );
    // The last one stored: every one before it was stored too (each expected the one before).
    let stored = -1;
    for (const [i, ack] of acks.entries()) if (ack.status === 'fulfilled') stored = i;
    for (const { op, speculation, first, count } of ops) {
      if (first > stored) break;
      try {
        for (let i = first; i < first + count && i <= stored; i++) {
          const ack = acks[i];
          if (ack.status === 'fulfilled' && ack.value === this.applied + 1) this.applyChange(ack.value, batch[i].change);
          // Read your own writes: every record up to this one applied before the reply.
          else await this.until(ack.status === 'fulfilled' ? ack.value : (acks[stored] as PromiseFulfilledResult<number>).value, op.deadline - Date.now());
        }
      } catch (error) {
        // Stored, not yet applied here in time: what it stored still counts for its answer.
        speculation.stored?.(Math.min(stored, first + count - 1) - first + 1);
        this.waiting.shift();
        op.reject(error);
        continue;
      }
      if (first + count - 1 > stored || count < speculation.changes.length) {
        // Some of its records stored, not all: the op is checked again, first in the next round.
        speculation.stored?.(Math.min(stored, first + count - 1) - first + 1);
        break;
      }
      this.waiting.shift();
      op.resolve(speculation.answer);
    }
    if (stored === batch.length - 1) return;
    // The rest waits for the next round, after catching up with what came first.
    const error = (acks[stored + 1] as PromiseRejectedResult).reason;
    const last = wrongLastSequence(error);
    const deadline = this.waiting.length > 0 ? this.waiting[0].deadline : Date.now();
    try {
      if (last !== undefined) await this.until(last, deadline - Date.now());
      else if (isWrongLastMsgId(error)) await this.catchUp(deadline);
      else {
        // No answer in time (a leader election, no quorum): try again until the deadline.
        // A try that was stored after all shows up as a wrong-last-sequence answer next.
        this.lastError = message(error);
        this.options.logger.debug('store change not taken; retrying', { err: this.lastError });
        await sleep(RETRY_MS);
      }
    } catch (caught) {
      this.lastError = message(caught);
      await sleep(RETRY_MS);
    }
  }

  /** A change that changes nothing is done once the stream's last sequence is confirmed to be the one it was checked at. */
  private async confirm(op: Op<unknown>, expected: number, answer: unknown): Promise<void> {
    try {
      const last = await this.follower.lastSequence();
      if (last === expected) {
        this.waiting.shift();
        op.resolve(answer);
      } else await this.until(last, op.deadline - Date.now());
    } catch (error) {
      this.lastError = message(error);
      await sleep(RETRY_MS);
    }
  }

  /** No retry can help a record over the servers' max_payload: refused at once, the store unchanged (500). */
  private refuse(op: Op<unknown>, bytes: number, limit: number): void {
    this.waiting.shift();
    op.reject(new PersistError(`the group's record is ${bytes} bytes, more than the NATS servers' max_payload of ${limit} bytes`));
  }

  private async catchUp(deadline: number): Promise<void> {
    await this.until(await this.follower.lastSequence(), deadline - Date.now());
  }

  /** Publishes one change with its expectation; resolves to the stored sequence. */
  private async publish(change: Change, expect: Partial<{ lastSequence: number; lastMsgID: string }>, msgID: string, timeout: number): Promise<number> {
    const options = { expect, msgID, timeout };
    if (change.op === 'delete') {
      const hdrs = headers();
      hdrs.set('KV-Operation', 'DEL');
      return (await this.js.publish(this.prefix + change.key, undefined, { ...options, headers: hdrs })).seq;
    }
    if (change.op === 'wipe') {
      // One message that purges every other from the stream: the wipe is atomic.
      const hdrs = headers();
      hdrs.set('Nats-Rollup', 'all');
      return (await this.js.publish(this.prefix + WIPE_KEY, change.data, { ...options, headers: hdrs })).seq;
    }
    return (await this.js.publish(this.prefix + change.key, change.data, options)).seq;
  }

  /** Applies this replica's own stored change, decoded from the very bytes the others decode. */
  private applyChange(seq: number, change: Change): void {
    if (change.op === 'wipe') this.apply(seq, WIPE_KEY, 'PUT', change.data);
    else if (change.op === 'delete') this.apply(seq, change.key, 'DEL', undefined);
    else this.apply(seq, change.key, 'PUT', change.data);
  }

  /** Applies one stored record at its sequence. */
  private apply(seq: number, key: string, operation: string, data: Uint8Array | undefined): void {
    if (key === WIPE_KEY) {
      this.memory.wipe();
      this.labelsByKey.clear();
    } else if (operation === 'DEL' || operation === 'PURGE') {
      const labels = this.labelsByKey.get(key);
      if (labels !== undefined) this.memory.delete(labels);
      this.labelsByKey.delete(key);
    } else {
      try {
        const group = decodeGroupRecord(data ?? new Uint8Array());
        this.memory.put(group.labels, group);
        this.labelsByKey.set(key, group.labels);
      } catch (error) {
        // Every replica reads the same bytes, so every replica leaves the same record out.
        this.options.logger.error('left out a damaged record of the store', { key, sequence: seq, err: message(error) });
      }
    }
    this.applied = seq;
    for (const waiter of this.waiters) if (waiter.seq <= seq) waiter.resolve();
  }

  /** Resolves once `seq` is applied; StoreUnavailableError after `timeoutMs`. */
  private until(seq: number, timeoutMs: number): Promise<void> {
    if (this.applied >= seq) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.waiters.delete(waiter);
          reject(new StoreUnavailableError(`the store's changes up to sequence ${seq} did not arrive in time (at ${this.applied})`));
        },
        Math.max(0, timeoutMs),
      );
      const waiter: Waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }
}

/** The stream's last sequence from a wrong-last-sequence refusal, else undefined. */
function wrongLastSequence(error: unknown): number | undefined {
  if (!(error instanceof JetStreamApiError) || error.code !== WRONG_LAST_SEQUENCE) return undefined;
  const m = /(\d+)\s*$/.exec(error.message);
  return m ? Number(m[1]) : undefined;
}

function isWrongLastMsgId(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === WRONG_LAST_MSG_ID;
}

/** Groups in grouping-key order (GroupStore.list's). */
function ordered(groups: StoredGroup[]): StoredGroup[] {
  return groups
    .map((g) => ({ g, parts: groupOrderParts(g.labels) }))
    .sort((a, b) => compareGroupOrder(a.parts, b.parts))
    .map(({ g }) => g);
}
