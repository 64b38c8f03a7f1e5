/**
 * The gateway's own metrics, through prom-client, with Pushgateway's names:
 * `pushgateway_http_requests_total{code,handler,method}`, the push size and duration
 * summaries, `pushgateway_build_info`, and prom-client's process and Node.js defaults.
 * They are the store's reserved group (merge/reserved-group.ts): their names and types are
 * what pushes are checked against (a pushed `process_cpu_seconds_total` must be a
 * counter), and their samples, read back through expofmt's own parser on every scrape,
 * are served ahead of every group's, with their TYPE and HELP. With expiry on (and only
 * then) two more: `pushgateway_groups_expired_total` and `pushgateway_groups_with_ttl`.
 */
import { Counter, Gauge, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import { parse } from '../index.js';
import type { ReservedFamily } from '../merge/reserved-group.js';
import type { MetricFamily, PrometheusType } from '../model.js';

export interface OwnMetricsOptions {
  /** prom-client's process_* and nodejs_* collectors; tests turn them off for speed. */
  defaultMetrics?: boolean;
  version: string;
  /** A replicated store (`--store=nats://...`): its sequence and readiness, this replica's own. */
  replicated?: boolean;
  /** Expiry is on (`--push.ttl`, `--push.enable-ttl`): serve its two metrics. */
  expiry?: boolean;
}

/** What the replicated store's own metrics read. */
export interface ReplicaState {
  sequence?: number;
  ready?(): boolean;
}

// Pushgateway's summaries: objectives 0.1, 0.5, 0.9 over Go's default 10-minute window.
const SUMMARY = { percentiles: [0.1, 0.5, 0.9], maxAgeSeconds: 600, ageBuckets: 5 };

export class OwnMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'code' | 'handler' | 'method'>;
  readonly pushSize: Summary<'method'>;
  readonly pushDuration: Summary<'method'>;
  /** With expiry on: groups removed because their TTL ran out. */
  readonly groupsExpired: Counter | undefined;
  /** What `pushgateway_groups_with_ttl` reports at each scrape (the store's count, set by the gateway). */
  groupsWithTtl: () => number = () => 0;

  constructor(options: OwnMetricsOptions) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'pushgateway_http_requests_total',
      help: 'Total HTTP requests processed by the Pushgateway, excluding scrapes.',
      labelNames: ['code', 'handler', 'method'],
      registers,
    });
    this.pushSize = new Summary({
      name: 'pushgateway_http_push_size_bytes',
      help: 'HTTP request size for pushes to the Pushgateway.',
      labelNames: ['method'],
      registers,
      ...SUMMARY,
    });
    this.pushDuration = new Summary({
      name: 'pushgateway_http_push_duration_seconds',
      help: 'HTTP request duration for pushes to the Pushgateway.',
      labelNames: ['method'],
      registers,
      ...SUMMARY,
    });
    const build = new Gauge({
      name: 'pushgateway_build_info',
      help: "A metric with a constant '1' value labeled by version and the Node.js version of the gateway (expofmt serve).",
      labelNames: ['version', 'nodeversion', 'implementation'],
      registers,
    });
    build.set({ version: options.version, nodeversion: process.version, implementation: 'expofmt' }, 1);
    if (options.replicated === true) this.replicaMetrics(registers);
    this.groupsExpired = undefined;
    if (options.expiry === true) {
      this.groupsExpired = new Counter({
        name: 'pushgateway_groups_expired_total',
        help: 'Total groups removed because their time to live ran out (--push.ttl, Expofmt-TTL).',
        registers,
      });
      const own = this;
      new Gauge({
        name: 'pushgateway_groups_with_ttl',
        help: 'Groups that have a time to live, and so will expire unless pushed again.',
        registers,
        collect() {
          this.set(own.groupsWithTtl());
        },
      });
    }
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** The store these metrics read, once it is open. */
  private replica: ReplicaState | undefined;

  watchReplica(store: ReplicaState): void {
    this.replica = store;
  }

  /** Per replica: how far it has applied the shared store, and whether it can take changes. */
  private replicaMetrics(registers: Registry[]): void {
    const replica = () => this.replica;
    new Gauge({
      name: 'expofmt_store_sequence',
      help: "The sequence of the replicated store's stream whose state this replica serves.",
      registers,
      collect() {
        const sequence = replica()?.sequence;
        if (sequence !== undefined) this.set(sequence);
      },
    });
    new Gauge({
      name: 'expofmt_store_ready',
      help: 'Whether this replica can take changes: 1 while it reaches the replicated store, 0 while /-/ready answers 503.',
      registers,
      collect() {
        const ready = replica()?.ready?.();
        if (ready !== undefined) this.set(ready ? 1 : 0);
      },
    });
  }

  /** Every family the gateway serves itself, by name, whether or not it has samples yet. */
  reserved(): Map<string, ReservedFamily> {
    const out = new Map<string, ReservedFamily>();
    for (const metric of this.registry.getMetricsAsArray()) {
      out.set(metric.name, { type: metric.type as unknown as PrometheusType, help: metric.help });
    }
    return out;
  }

  /** The current samples, as families of expofmt's model. */
  async families(): Promise<MetricFamily[]> {
    return parse(await this.registry.metrics()).families;
  }
}
