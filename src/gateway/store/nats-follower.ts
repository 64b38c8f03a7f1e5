/**
 * How a replica of the replicated store (nats-store.ts) follows its bucket: an ordered
 * consumer on the bucket's stream hands every stored record, in sequence order, to
 * `apply`, from the sequence after the last one applied. It is made anew after an error,
 * after a reconnect (the servers may all have restarted, and the consumer with them), and
 * when the stream is ahead while this replica does not move (a consumer lost with its
 * server that the client has not noticed). It also says whether the replica can take
 * changes: connected, following, and the stream answering through a leader with a quorum
 * of its servers (stream-quorum.ts).
 */
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';
import { missingQuorum } from './stream-quorum.js';

export interface FollowerOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  /** The subject prefix of the bucket's keys, `$KV.<bucket>.`. */
  prefix: string;
  logger: Logger;
  /** The sequence applied so far. */
  applied(): number;
  /** Applies the record stored at `seq` under `key` (`operation`: PUT, DEL or PURGE). */
  apply(seq: number, key: string, operation: string, data: Uint8Array): void;
}

/** A pull of the consumer lasts this long; its heartbeats come twice as often, so a lost consumer is noticed. */
const EXPIRES_MS = 5000;
/** How often the applied sequence is compared with the stream's last one. */
const WATCH_MS = 2000;
const RETRY_MS = 250;

export class StreamFollower {
  /** Connected to a NATS server. */
  connected = true;
  /** The consumer is running. */
  following = true;
  /** The stream answered the last check, through a leader with a quorum. */
  answering = true;
  /** Why the last check failed. */
  problem = '';
  private stopped = false;
  private messages: { close(): Promise<unknown> } | undefined;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FollowerOptions) {}

  /** Can the replica take changes? */
  get ready(): boolean {
    return this.connected && this.following && this.answering;
  }

  /** The stream's last sequence, asked of the servers; fails when no quorum stands behind the answer. */
  async lastSequence(): Promise<number> {
    const info = await this.options.jsm.streams.info(this.options.stream);
    const missing = missingQuorum(info.cluster);
    if (missing !== undefined) throw new Error(`no quorum: ${missing}`);
    return info.state.last_seq;
  }

  start(): void {
    this.watchConnection();
    this.watchProgress();
    this.running = this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.messages?.close();
    await this.running;
  }

  /** Ends the current consumer: the loop makes a new one from the next sequence. */
  private restart(): void {
    void this.messages?.close();
  }

  private async follow(): Promise<void> {
    const { js, stream, prefix, logger, applied, apply } = this.options;
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: applied() + 1 });
        const messages = await consumer.consume({ expires: EXPIRES_MS });
        this.messages = messages;
        if (!this.following) logger.info('following the store again', { sequence: applied() });
        this.following = true;
        for await (const msg of messages) {
          if (this.stopped) break;
          if (msg.seq > applied() && msg.subject.startsWith(prefix)) {
            apply(msg.seq, msg.subject.slice(prefix.length), msg.headers?.get('KV-Operation') || 'PUT', msg.data);
          }
        }
        // The consumer ended without an error (closed, or the connection was): start over, after a pause.
        if (!this.stopped) await sleep(RETRY_MS);
      } catch (error) {
        if (this.stopped) break;
        if (this.following) logger.warn('lost the store; following it again once it is back', { err: message(error), sequence: applied() });
        this.following = false;
        await sleep(RETRY_MS);
      }
    }
  }

  private watchProgress(): void {
    const { logger, applied } = this.options;
    let seen = -1;
    let asking = false;
    this.timer = setInterval(() => {
      if (!this.connected || this.stopped || asking) return;
      const at = applied();
      asking = true;
      this.lastSequence().then(
        (last) => {
          asking = false;
          if (!this.answering) logger.info('the store answers again', { sequence: at, last });
          this.answering = true;
          if (last > at && at === seen && applied() === at) {
            logger.warn('the store is ahead and this replica does not move; following it anew', { sequence: at, last });
            this.restart();
          }
          seen = at;
        },
        (error: unknown) => {
          // Connected, but the stream does not answer through a leader with a quorum: not ready.
          asking = false;
          this.problem = message(error);
          if (this.answering) logger.warn('the store does not answer', { err: message(error) });
          this.answering = false;
        },
      );
    }, WATCH_MS);
    this.timer.unref();
  }

  private watchConnection(): void {
    const { nc, logger } = this.options;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          this.connected = false;
          logger.warn('disconnected from the NATS server', { server: String(status.server) });
        } else if (status.type === 'reconnect') {
          this.connected = true;
          // The consumer may have gone with the servers (all of them restarted): follow anew.
          this.restart();
          logger.info('reconnected to a NATS server', { server: String(status.server) });
        }
      }
    })();
  }
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
