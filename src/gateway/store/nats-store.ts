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
 * the same sequence. Changes of one replica go one at a time, in arrival order.
 *
 * Losing the servers: while disconnected, or when a change cannot be stored within
 * `CHANGE_TIMEOUT_MS` (no quorum, a leader election), changes fail with
 * StoreUnavailableError (503) and `ready()` is false; scrapes keep serving the last
 * state, and the stream is followed again from the next sequence once it is back.
 */
import { DeliverPolicy, type JetStreamClient, JetStreamApiError, type JetStreamManager, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { GroupStore, type PushOptions, type PushResult, type StoredGroup } from '../../merge/group-store.js';
import type { MergeResult } from '../../merge/merge-groups.js';
import type { ReservedFamily } from '../../merge/reserved-group.js';
import type { Labels, MetricFamily } from '../../model.js';
import type { Logger } from '../logger.js';
import { type MetricStore, PersistError, StoreUnavailableError } from './metric-store.js';
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
/** JetStream's error code for a publish whose expected last sequence is not the stream's. */
const WRONG_LAST_SEQUENCE = 10071;

/** A change to publish: a group record, a delete (tombstone) or the wipe (rollup of everything). */
type Change = { op: 'put'; key: string; data: Uint8Array } | { op: 'delete'; key: string } | { op: 'wipe'; data: Uint8Array };

interface Waiter {
  seq: number;
  resolve(): void;
}

export class NatsStore implements MetricStore {
  private readonly memory: GroupStore;
  /** The stream sequence whose state `memory` holds. */
  private applied = 0;
  /** The labels of each group key present, for a delete's tombstone. */
  private readonly labelsByKey = new Map<string, Labels>();
  private readonly waiters = new Set<Waiter>();
  /** The tail of this replica's queue of changes. */
  private queue: Promise<unknown> = Promise.resolve();
  private connected = true;
  private following = true;
  private closing = false;
  private readonly stream: string;
  private readonly prefix: string;
  private followed: Promise<void> = Promise.resolve();
  private stopFollowing: () => void = () => {};

  private constructor(
    private readonly options: NatsStoreOptions,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {
    this.memory = new GroupStore({ reserved: options.reserved });
    this.stream = `KV_${options.bucket}`;
    this.prefix = `$KV.${options.bucket}.`;
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
      store.watchConnection();
      const last = (await store.jsm.streams.info(store.stream)).state.last_seq;
      store.follow();
      await store.until(last, 60_000);
      options.logger.info('replicated store ready', { bucket: options.bucket, sequence: store.applied, groups: store.size });
      return store;
    } catch (error) {
      await nc.close().catch(() => {});
      throw error;
    }
  }

  push(labels: Labels, families: MetricFamily[], options: PushOptions): Promise<PushResult> {
    return this.serially(async (deadline) => {
      for (;;) {
        const expected = this.applied;
        const before = this.memory.get(labels);
        // Checked on the state itself, and undone within this turn: only stored records are served.
        const result = this.memory.push(labels, families, options);
        const after = this.memory.get(labels);
        if (after !== before) this.memory.put(labels, before);
        const change: Change | undefined =
          after === undefined || after === before ? undefined : { op: 'put', key: groupRecordKey(labels), data: encodeGroupRecord(after) };
        if (await this.commit(expected, change, deadline)) return result;
      }
    });
  }

  delete(labels: Labels): Promise<boolean> {
    return this.serially(async (deadline) => {
      for (;;) {
        const expected = this.applied;
        const present = this.memory.get(labels) !== undefined;
        if (await this.commit(expected, present ? { op: 'delete', key: groupRecordKey(labels) } : undefined, deadline)) return present;
      }
    });
  }

  wipe(): Promise<number> {
    return this.serially(async (deadline) => {
      for (;;) {
        const expected = this.applied;
        const groups = this.memory.size;
        if (await this.commit(expected, { op: 'wipe', data: encodeWipeRecord(groups) }, deadline)) return groups;
      }
    });
  }

  get(labels: Labels): StoredGroup | undefined {
    return this.memory.get(labels);
  }

  groups(): StoredGroup[] {
    return this.memory.list();
  }

  get size(): number {
    return this.memory.size;
  }

  page(reserved?: readonly MetricFamily[]): MergeResult {
    return this.memory.page(reserved);
  }

  /** Connected, and following the bucket's stream. */
  ready(): boolean {
    return this.connected && this.following;
  }

  /** The stream sequence whose state this replica serves. */
  get sequence(): number {
    return this.applied;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.queue.catch(() => {});
    this.stopFollowing();
    await this.nc.close();
    await this.followed;
  }

  /** Runs changes one at a time, in arrival order; each gets a deadline. */
  private serially<T>(change: (deadline: number) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closing) throw new StoreUnavailableError('the store is closing');
      return change(Date.now() + CHANGE_TIMEOUT_MS);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Stores `change` if the stream's last sequence is still `expected`, and applies it:
   * true. False when another change came first; it is applied by then, so the caller
   * checks again. Without a change, confirms that `expected` is the stream's last sequence.
   */
  private async commit(expected: number, change: Change | undefined, deadline: number): Promise<boolean> {
    for (;;) {
      if (!this.connected) throw new StoreUnavailableError('not connected to the NATS servers');
      try {
        if (change === undefined) {
          const last = (await this.jsm.streams.info(this.stream)).state.last_seq;
          if (last === expected) return true;
          await this.until(last, deadline - Date.now());
          return false;
        }
        const ack = await this.publish(expected, change, deadline);
        // Read your own writes: the stored record, decoded as every replica decodes it.
        if (ack > this.applied)
          this.apply(
            ack,
            change.op === 'wipe' ? WIPE_KEY : change.key,
            change.op === 'delete' ? 'DEL' : 'PUT',
            change.op === 'delete' ? undefined : change.data,
          );
        return true;
      } catch (error) {
        if (error instanceof StoreUnavailableError || error instanceof PersistError) throw error;
        const last = wrongLastSequence(error);
        if (last !== undefined) {
          await this.until(last, deadline - Date.now());
          return false;
        }
        // No answer in time (a leader election, no quorum): try again until the deadline. A
        // try that was stored after all shows up as a later wrong-last-sequence answer.
        if (Date.now() + RETRY_MS >= deadline) throw new StoreUnavailableError(`the NATS store did not take the change: ${message(error)}`);
        this.options.logger.debug('store change not taken; retrying', { err: message(error) });
        await sleep(RETRY_MS);
      }
    }
  }

  /** Publishes with the expected last sequence; resolves to the stored sequence. */
  private async publish(expected: number, change: Change, deadline: number): Promise<number> {
    const limit = this.nc.info?.max_payload;
    if (change.op !== 'delete' && limit !== undefined && change.data.length > limit) {
      // No retry can help: refused at once, the store unchanged (500).
      throw new PersistError(`the group's record is ${change.data.length} bytes, more than the NATS servers' max_payload of ${limit} bytes`);
    }
    const timeout = Math.max(1, Math.min(5000, deadline - Date.now()));
    const expect = { lastSequence: expected };
    let hdrs: MsgHdrs | undefined;
    if (change.op === 'delete') {
      hdrs = headers();
      hdrs.set('KV-Operation', 'DEL');
      return (await this.js.publish(this.prefix + change.key, undefined, { expect, headers: hdrs, timeout })).seq;
    }
    if (change.op === 'wipe') {
      // One message that purges every other from the stream: the wipe is atomic.
      hdrs = headers();
      hdrs.set('Nats-Rollup', 'all');
      return (await this.js.publish(this.prefix + WIPE_KEY, change.data, { expect, headers: hdrs, timeout })).seq;
    }
    return (await this.js.publish(this.prefix + change.key, change.data, { expect, timeout })).seq;
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

  /** Follows the bucket's stream from the next sequence on, in order; starts over after an error. */
  private follow(): void {
    let stopped = false;
    let messages: { close(): Promise<unknown> } | undefined;
    this.stopFollowing = () => {
      stopped = true;
      void messages?.close();
    };
    this.followed = (async () => {
      while (!stopped && !this.closing) {
        try {
          const consumer = await this.js.consumers.get(this.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.applied + 1 });
          const iterator = await consumer.consume();
          messages = iterator;
          if (!this.following) this.options.logger.info('following the store again', { sequence: this.applied });
          this.following = true;
          for await (const msg of iterator) {
            if (stopped) break;
            this.received(msg);
          }
          // The consumer ended without an error (the connection closed): start over, after a pause.
          if (!stopped && !this.closing) await sleep(RETRY_MS);
        } catch (error) {
          if (stopped || this.closing) break;
          if (this.following) this.options.logger.warn('lost the store; following it again once it is back', { err: message(error), sequence: this.applied });
          this.following = false;
          await sleep(RETRY_MS);
        }
      }
    })();
  }

  private received(msg: JsMsg): void {
    if (msg.seq <= this.applied || !msg.subject.startsWith(this.prefix)) return;
    this.apply(msg.seq, msg.subject.slice(this.prefix.length), msg.headers?.get('KV-Operation') || 'PUT', msg.data);
  }

  /** `ready()` follows the connection. */
  private watchConnection(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect') {
          this.connected = false;
          this.options.logger.warn('disconnected from the NATS server', { server: String(status.server) });
        } else if (status.type === 'reconnect') {
          this.connected = true;
          this.options.logger.info('reconnected to a NATS server', { server: String(status.server) });
        }
      }
    })();
  }
}

/** The stream's last sequence from a wrong-last-sequence refusal, else undefined. */
function wrongLastSequence(error: unknown): number | undefined {
  if (!(error instanceof JetStreamApiError) || error.code !== WRONG_LAST_SEQUENCE) return undefined;
  const m = /(\d+)\s*$/.exec(error.message);
  return m ? Number(m[1]) : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
