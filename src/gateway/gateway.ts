/**
 * The gateway without HTTP: push, delete and wipe with Pushgateway's status codes and
 * error texts, the scrape page, the JSON API bodies, persistence and the own metrics.
 * The HTTP handlers (http/) only read requests, call it and write the replies; everything
 * here can be driven directly (tests, an embedding application).
 *
 * Node runs one request handler at a time, so each store operation is atomic and applied
 * in arrival order, like Pushgateway's single write queue. The store (store/) makes each
 * change durable before its reply is returned, and undoes one it could not persist.
 *
 * Two changes go beyond Pushgateway, each opt-in: expiry (`--push.ttl`, the
 * `Expofmt-TTL` header with `--push.enable-ttl`), checked every 250 ms through the store's
 * expiry index, and deletion by label matchers (an admin endpoint).
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ParseError } from '../diagnostics.js';
import { decodePush, legacyNameRefusal } from '../judge-push.js';
import { pushFormat } from '../formats/registry.js';
import type { PushResult, StoredGroup } from '../merge/group-store.js';
import { formatLabels } from '../labels.js';
import type { ReservedFamily } from '../merge/reserved-group.js';
import type { Labels, MetricFamily } from '../model.js';
import { labelBytes, sizeOf } from '../merge/store-usage.js';
import { labelsJson, metricsBody, statusData, success } from './api-json.js';
import { parseGoDuration } from './config/duration.js';
import type { GatewayConfig } from './config/flags.js';
import { parsePushPath } from './grouping-path.js';
import { escapingConflict } from './push-names.js';
import { DEFAULT_ESCAPING, escapeFamily, escapeName, isLegacyMetricName } from '../name-escaping.js';
import type { Logger } from './logger.js';
import { OwnMetrics } from './own-metrics.js';
import { PendingBytes } from './pending-bytes.js';
import { parseSelector } from './promql-selector.js';
import { compileSelectors, type GroupSelector } from './store/label-matchers.js';
import { LocalStore } from './store/local-store.js';
import { type MetricStore, PersistError, StoreUnavailableError } from './store/metric-store.js';
import { nowSeconds, rfc3339Nano } from './time-format.js';
import { VERSION } from './version.js';

const gunzipAsync = promisify(gunzip);

export const INVALID_PUSH = 'pushed metrics are invalid or inconsistent with existing metrics: ';
/** The request header a push sets its group's time to live with (with expiry on). */
export const TTL_HEADER = 'Expofmt-TTL';
/** How often the gateway looks for expired groups: an expired group is gone well within a second. */
const EXPIRY_CHECK_MS = 250;

export interface Reply {
  status: number;
  /** Plain text; '' for none. */
  body: string;
  headers?: Record<string, string>;
}

export interface PushRequest {
  method: 'PUT' | 'POST';
  /** Path below the route prefix, still percent-encoded: `/metrics/job/...`. */
  path: string;
  body: Uint8Array;
  contentEncoding?: string;
  contentType?: string;
  /** The `Expofmt-TTL` header: a Go duration (`30s`, `1h`) or whole seconds; `0` for never. Read only with expiry on. */
  ttl?: string;
}

export interface GatewayOptions {
  config: GatewayConfig;
  logger: Logger;
  /** prom-client's process_* and nodejs_* metrics (default on). */
  defaultMetrics?: boolean;
  /** Unix seconds; tests pin it. */
  clock?: () => number;
  /**
   * Where the groups live: called once by `Gateway.create` (and so by `startGateway`) with
   * what the default store is opened with. Default: `LocalStore.open` with the config's
   * `--persistence.*` flags. The gateway owns the store it returns: `close()` closes it.
   */
  store?: (context: StoreContext) => MetricStore | Promise<MetricStore>;
}

/** What a store is made with (`GatewayOptions.store`). */
export interface StoreContext {
  /**
   * The gateway's own families, by name: give them to the store (`LocalStore`'s and
   * `GroupStore`'s `reserved` option), so that a push of an own name is checked against them.
   */
  reserved: ReadonlyMap<string, ReservedFamily>;
  config: GatewayConfig;
  logger: Logger;
}

/**
 * The default store: the groups in memory, journaled to `--persistence.file` when set; or,
 * with `--store=nats://...`, the replicated store (loaded only then: it brings the NATS client).
 */
async function openStore({ reserved, config, logger }: StoreContext): Promise<MetricStore> {
  if (config.natsServers !== undefined) {
    const { NatsStore } = await import('./store/nats-store.js');
    return NatsStore.open({ servers: config.natsServers, bucket: config.storeBucket ?? 'expofmt', replicas: config.storeReplicas ?? 3, reserved, logger });
  }
  return LocalStore.open({ reserved, persistenceFile: config.persistenceFile, persistenceIntervalMs: config.persistenceIntervalMs, logger });
}

export class Gateway {
  readonly own: OwnMetrics;
  /** The push bodies held at once, received and inflated (--push.max-pending-bytes). */
  readonly pending: PendingBytes;
  readonly startTime = new Date();
  /**
   * Whether the store may hold names that are not legacy, so that a scrape must escape
   * them: with `--push.enable-utf8-names`, or when the groups restored at start held some
   * (a run with the flag). Without, pushes of such names are refused, and a scrape skips
   * escaping, whose check would walk every series of each changed family.
   */
  readonly namesMayNeedEscaping: boolean;
  private readonly clock: () => number;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** An expiry check is running (its journal write may take longer than the interval). */
  private expiryRunning = false;
  /** Called after groups expired (the HTTP layer warms the next scrape's page then). */
  onExpired: () => void = () => {};

  private constructor(
    readonly config: GatewayConfig,
    readonly logger: Logger,
    readonly store: MetricStore,
    own: OwnMetrics,
    options: GatewayOptions,
  ) {
    this.own = own;
    this.clock = options.clock ?? nowSeconds;
    this.pending = new PendingBytes(config.maxPendingBytes);
    this.namesMayNeedEscaping = config.enableUtf8Names || holdsNonLegacyNames(store.groups());
  }

  /** A gateway with its persisted groups restored (when a persistence file is set). */
  static async create(options: GatewayOptions): Promise<Gateway> {
    const expiry = options.config.expiryEnabled;
    const own = new OwnMetrics({
      version: VERSION,
      defaultMetrics: options.defaultMetrics,
      replicated: options.config.natsServers !== undefined,
      expiry,
    });
    const open = options.store ?? openStore;
    const store = await open({ reserved: own.reserved(), config: options.config, logger: options.logger });
    own.watchReplica(store);
    const gateway = new Gateway(options.config, options.logger, store, own, options);
    if (expiry) {
      // Both stores of ours expire; a store given by an embedding application may not.
      if (store.expire === undefined) {
        await store.close();
        throw new Error('this store cannot expire groups: start without --push.ttl and --push.enable-ttl');
      }
      own.groupsWithTtl = () => store.expiring ?? 0;
      // Groups that expired while the gateway was down go before anything is served.
      await gateway.expire();
      gateway.expiryTimer = setInterval(() => {
        gateway.expire().catch((error: unknown) => {
          gateway.logger.error('could not expire groups', { err: error instanceof Error ? error.stack : String(error) });
        });
      }, EXPIRY_CHECK_MS);
      gateway.expiryTimer.unref();
    }
    return gateway;
  }

  /** PUT (replace the group) or POST (replace the pushed families). */
  async push(request: PushRequest): Promise<Reply> {
    const { config } = this;
    if (request.contentEncoding !== undefined && request.contentEncoding.trim().toLowerCase() === 'gzip') {
      const inflated = await gunzipLimited(request.body, config.maxBodyBytes);
      if (typeof inflated === 'string') return inflated === 'too large' ? tooLarge(config.maxBodyBytes) : text(400, inflated);
      if (!this.pending.take(inflated.length)) return busyReply(this.pending.limit);
      try {
        return await this.pushBody(request, inflated);
      } finally {
        this.pending.give(inflated.length);
      }
    }
    return this.pushBody(request, request.body);
  }

  private async pushBody(request: PushRequest, body: Uint8Array): Promise<Reply> {
    const { config } = this;
    const key = parsePushPath(request.path, config.enableUtf8Names);
    if (key === undefined) return text(404, '404 page not found');
    if ('error' in key) return text(400, key.error);
    let ttlSeconds = config.pushTtlSeconds;
    if (config.expiryEnabled && request.ttl !== undefined) {
      const asked = parseTtl(request.ttl);
      if (typeof asked === 'string') return text(400, asked);
      ttlSeconds = asked;
    }
    let families: MetricFamily[];
    // Delimited protobuf only with exactly Pushgateway's content type; anything else is
    // text 0.0.4, as Pushgateway: an OpenMetrics body (content type or final `# EOF`) is
    // read as 0.0.4 too, `# EOF` being a comment [E44-E46].
    const format = pushFormat(request.contentType);
    try {
      families = decodePush(body, request.contentType, { maxBytes: config.maxBodyBytes });
    } catch (error) {
      if (error instanceof ParseError) return text(400, error.message);
      throw error;
    }
    const names = config.enableUtf8Names
      ? this.escapingConflict(key.labels, families, request.method === 'PUT')
      : legacyNameRefusal(families, format.binary)?.message;
    if (names !== undefined) return text(400, names);
    const series = families.reduce((n, f) => n + f.metrics.length, 0);
    if (config.maxSeries > 0 && series > config.maxSeries) {
      return text(413, `push has ${series} series, more than the limit of ${config.maxSeries} (--push.max-series)`);
    }
    const crowded = config.maxLabelsPerSeries > 0 ? seriesOverLabelLimit(families, config.maxLabelsPerSeries) : undefined;
    if (crowded !== undefined) return text(400, crowded);
    const full = this.overCapacity(key.labels, families, request.method === 'PUT');
    if (full !== undefined) {
      this.logger.warn('push refused: the store is full', { group: formatLabels(key.labels), err: full });
      return { status: 503, body: `${full}\n`, headers: { 'Retry-After': '60' } };
    }
    const check = !config.disableConsistencyCheck;
    let result: PushResult;
    // Read when the push is applied, not when it arrived: a push that waited for its gzip
    // body must not take an earlier time than one applied before it.
    const now = this.clock();
    try {
      const expiresAt = config.expiryEnabled && ttlSeconds > 0 ? now + ttlSeconds : undefined;
      result = await this.store.push(key.labels, families, { replace: request.method === 'PUT', now, check, expiresAt });
    } catch (error) {
      return persistFailed(error);
    }
    if (!result.accepted) {
      const message = goErrors(result.errors.map((d) => d.message));
      this.logger.error('pushed metrics are invalid or inconsistent with existing metrics', {
        method: request.method,
        group: formatLabels(key.labels),
        err: message,
      });
      return text(400, INVALID_PUSH + message);
    }
    this.logger.debug('push accepted', { method: request.method, group: formatLabels(key.labels), families: families.length, series });
    return { status: check ? 200 : 202, body: '' };
  }

  /**
   * Why the push would take the store past `--push.max-stored-series` or
   * `--push.max-stored-bytes`, or undefined. Only growth is refused: a push that replaces
   * as much as it adds goes in even when the store is full.
   */
  private overCapacity(labels: Labels, families: readonly MetricFamily[], replace: boolean): string | undefined {
    const { maxStoredSeries, maxStoredBytes } = this.config;
    if (maxStoredSeries === 0 && maxStoredBytes === 0) return undefined;
    const current = this.store.get(labels);
    const pushed = new Set(families.map((f) => f.name));
    const added = sizeOf(families);
    // Stored series carry the grouping labels too.
    added.bytes += added.series * labelBytes(labels);
    const removed =
      current === undefined
        ? { series: 0, bytes: 0 }
        : replace
          ? (this.store.groupUsage?.(labels) ?? sizeOf(current.families))
          : sizeOf(current.families.filter((f) => pushed.has(f.name)));
    const usage = this.store.usage();
    const series = usage.series + added.series - removed.series;
    if (maxStoredSeries > 0 && series > maxStoredSeries && added.series > removed.series) {
      return `the store is full: this push would make it hold ${series} series, more than the limit of ${maxStoredSeries} (--push.max-stored-series); delete groups or raise the limit`;
    }
    const bytes = usage.bytes + added.bytes - removed.bytes;
    if (maxStoredBytes > 0 && bytes > maxStoredBytes && added.bytes > removed.bytes) {
      return `the store is full: this push would make it hold ${bytes} bytes of names and labels, more than the limit of ${maxStoredBytes} (--push.max-stored-bytes); delete groups or raise the limit`;
    }
    return undefined;
  }

  /**
   * With UTF-8 names: a pushed name that escapes like another name of the page would be
   * one name to a scraper without UTF-8 support (push-names.ts). A name the push replaces
   * (its group's, held by no other group) is no conflict.
   */
  private escapingConflict(labels: string[], families: readonly MetricFamily[], replace: boolean): string | undefined {
    // The own families count too: they are served first, a pushed name escaping like one would be left out.
    const existing = new Set([...this.own.reserved().keys(), ...this.store.page().families.map((f) => f.name)]);
    const group = this.store.get(labels);
    const pushed = new Set(families.map((f) => f.name));
    // Only a replaced name that escapes like a pushed one (and is not one) matters: rare, so the groups are looked at then only.
    const escapedPushed = new Set(families.map((f) => escapeName(f.name, DEFAULT_ESCAPING)));
    const replaced = (replace ? (group?.families ?? []) : []).map((f) => f.name);
    const suspects = replaced.filter((name) => !pushed.has(name) && existing.has(name) && escapedPushed.has(escapeName(name, DEFAULT_ESCAPING)));
    if (suspects.length > 0) {
      const others = this.store.groups().filter((g) => g !== group);
      for (const name of suspects) if (!others.some((g) => g.families.some((f) => f.name === name))) existing.delete(name);
    }
    return escapingConflict(families, existing, labels);
  }

  /** DELETE: removes exactly one group; 202 whether it existed or not. */
  async delete(path: string): Promise<Reply> {
    const key = parsePushPath(path, this.config.enableUtf8Names);
    if (key === undefined) return text(404, '404 page not found');
    if ('error' in key) return text(400, key.error);
    try {
      if (await this.store.delete(key.labels)) this.logger.debug('group deleted', { group: formatLabels(key.labels) });
    } catch (error) {
      return persistFailed(error);
    }
    return { status: 202, body: '' };
  }

  /** The admin API's wipe: every group goes. */
  async wipe(): Promise<Reply> {
    try {
      const groups = await this.store.wipe();
      this.logger.info('wiped all groups', { groups });
    } catch (error) {
      return persistFailed(error);
    }
    return { status: 202, body: '' };
  }

  /**
   * The admin API's deletion by matcher: every group whose grouping labels match any of the
   * selectors (PromQL's `{job=~"batch-.*",env!="prod"}`, one per `match[]`) goes, in one
   * change; with `dryRun` nothing goes. 200 with the groups' labels as JSON; 400 with the
   * reason for a bad selector.
   */
  async deleteMatching(match: readonly string[], dryRun: boolean): Promise<Reply> {
    if (match.length === 0) return apiError(400, 'give at least one selector as match[]={job="..."}');
    const selectors: GroupSelector[] = [];
    for (const text of match) {
      const parsed = parseSelector(text);
      if ('error' in parsed) return apiError(400, parsed.error);
      selectors.push(parsed.matchers);
    }
    const { store } = this;
    let labels: Labels[];
    if (dryRun) {
      const matches = compileSelectors(selectors);
      labels = store.groups().flatMap((g) => (matches(g.labels) ? [g.labels] : []));
    } else {
      if (store.deleteMatching === undefined) return apiError(501, 'this store cannot delete groups by matcher');
      try {
        labels = await store.deleteMatching(selectors);
      } catch (error) {
        if (error instanceof PersistError) return apiError(500, `could not persist the change: ${error.message}`);
        if (error instanceof StoreUnavailableError) return apiError(503, `the store is unavailable: ${error.message}`);
        throw error;
      }
      this.logger.info('deleted groups by matcher', { match: match.join(' or '), groups: labels.length });
    }
    const groups = labels.map(labelsJson).join(',');
    return { status: 200, body: success(`{"dry_run":${dryRun},"groups":[${groups}]}`) };
  }

  /**
   * Removes the groups whose time to live ran out, logging each; resolves to how many.
   * A change the store could not persist is undone there and tried again at the next check.
   */
  async expire(): Promise<number> {
    const { store } = this;
    if (store.expire === undefined || this.expiryRunning) return 0;
    this.expiryRunning = true;
    try {
      const gone = await store.expire(this.clock());
      for (const group of gone) {
        this.logger.info('group expired', { group: formatLabels(group.labels), expired_at: rfc3339Nano(group.expiresAt ?? 0) });
      }
      if (gone.length > 0) {
        this.own.groupsExpired?.inc(gone.length);
        this.onExpired();
      }
      return gone.length;
    } catch (error) {
      // A replicated store out of reach: the groups stay due and go at a later check.
      if (!(error instanceof PersistError || error instanceof StoreUnavailableError)) throw error;
      this.logger.error('could not persist the expiry of groups; trying again', { err: error.message });
      return 0;
    } finally {
      this.expiryRunning = false;
    }
  }

  /**
   * The telemetry page's families, in page order: every group's, and the own metrics as the
   * store's reserved group, ranked first. What cannot be served is logged and left out.
   */
  async scrapeFamilies(): Promise<MetricFamily[]> {
    let own: MetricFamily[] = [];
    try {
      own = await this.own.families();
    } catch (error) {
      // The pushed metrics are still worth serving.
      this.logger.error("could not collect the gateway's own metrics", { err: error instanceof Error ? error.message : String(error) });
    }
    const page = this.store.page(own);
    const dropped = page.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    if (dropped.length > 0) this.logger.warn('left inconsistent metrics out of the scrape', { count: dropped.length, err: goErrors(dropped) });
    return page.families;
  }

  groups(): StoredGroup[] {
    return this.store.groups();
  }

  /**
   * Every group in page order, each as it is when the iteration reaches it (one deleted
   * since is left out): a page made from it, however slowly read, holds no group the store
   * has replaced since.
   */
  *currentGroups(): Generator<StoredGroup> {
    const labels = this.store.groups().map((group) => group.labels);
    for (const one of labels) {
      const group = this.store.get(one);
      if (group !== undefined) yield group;
    }
  }

  /** The body of /api/v1/metrics, in pieces (one per group). */
  apiMetrics(): Iterable<string> {
    return metricsBody(this.currentGroups());
  }

  apiStatus(): string {
    return success(statusData({ version: VERSION, flags: this.config.flags, startTime: this.startTime }));
  }

  /** Makes every change durable and closes the store. */
  async close(): Promise<void> {
    clearInterval(this.expiryTimer);
    await this.store.close();
  }
}

/** Whether any group has a family, label or grouping label name that is not a legacy name. */
function holdsNonLegacyNames(groups: readonly StoredGroup[]): boolean {
  for (const group of groups) {
    if (!group.families.every((family) => escapeFamily(family, DEFAULT_ESCAPING) === family)) return true;
    for (let i = 0; i < group.labels.length; i += 2) if (!isLegacyMetricName(group.labels[i])) return true;
  }
  return false;
}

/** 500 for a change the store could not persist (and undid), 503 while the store is out of reach; other errors are bugs. */
function persistFailed(error: unknown): Reply {
  if (error instanceof PersistError) return text(500, `could not persist the change: ${error.message}`);
  if (error instanceof StoreUnavailableError) return text(503, `the store is unavailable: ${error.message}`);
  throw error;
}

/** Seconds of an `Expofmt-TTL` header (a Go duration, or whole seconds), or why it is refused. */
function parseTtl(value: string): number | string {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const duration = parseGoDuration(trimmed);
  if ('error' in duration) return `invalid ${TTL_HEADER} header: ${duration.error} (examples: 30s, 5m, 1h30m, 0 for never)`;
  if (duration.ms < 0) return `invalid ${TTL_HEADER} header ${JSON.stringify(value)}: a time to live cannot be negative`;
  return duration.ms / 1000;
}

/** The API's error body (Prometheus's shape). */
function apiError(status: number, message: string): Reply {
  const type = status === 400 ? 'bad_data' : status === 503 ? 'unavailable' : 'internal';
  return { status, body: `{"status":"error","errorType":"${type}","error":${JSON.stringify(message)}}` };
}

/** Go's prometheus.MultiError text for several errors, the text alone for one. */
export function goErrors(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0];
  return `${messages.length} error(s) occurred:${messages.map((m) => `\n* ${m}`).join('')}`;
}

function text(status: number, message: string): Reply {
  return { status, body: `${message}\n` };
}

/** 503 for a push whose body does not fit in what the gateway holds at once. */
export function busyReply(limit: number): Reply {
  return {
    status: 503,
    body: `the gateway is holding ${limit} bytes of push bodies already (--push.max-pending-bytes); try again later\n`,
    headers: { 'Retry-After': '1' },
  };
}

function tooLarge(limit: number): Reply {
  return text(413, `push body is larger than the limit of ${limit} bytes (--push.max-body-bytes)`);
}

export function tooLargeReply(limit: number): Reply {
  return tooLarge(limit);
}

/** Why a push is refused for a series with too many labels, or undefined. */
function seriesOverLabelLimit(families: readonly MetricFamily[], limit: number): string | undefined {
  for (const family of families) {
    for (const metric of family.metrics) {
      const pairs = metric.labels.length / 2;
      if (pairs <= limit) continue;
      const where = metric.line === undefined ? '' : ` (line ${metric.line})`;
      return `a series of family ${JSON.stringify(family.name)}${where} has ${pairs} label pairs, more than the limit of ${limit} (--push.max-labels-per-series)`;
    }
  }
  return undefined;
}

/** The inflated bytes, 'too large', or the error text Go's gzip reader gives. */
async function gunzipLimited(body: Uint8Array, limit: number): Promise<Uint8Array | string> {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return 'gzip: invalid header';
  try {
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return 'too large';
    if (code === 'Z_BUF_ERROR') return 'unexpected EOF';
    return `gzip: ${(error as Error).message}`;
  }
}
