/**
 * The gateway without HTTP: push, delete and wipe with Pushgateway's status codes and
 * error texts, the scrape page, the JSON API bodies, persistence and the own metrics.
 * The HTTP handlers (http/) only read requests, call it and write the replies; everything
 * here can be driven directly (tests, an embedding application).
 *
 * Node runs one request handler at a time, so each store operation is atomic and applied
 * in arrival order, like Pushgateway's single write queue. The store (store/) makes each
 * change durable before its reply is returned, and undoes one it could not persist.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ParseError } from '../diagnostics.js';
import { pushFormat } from '../formats/registry.js';
import type { PushResult, StoredGroup } from '../merge/group-store.js';
import { formatLabels } from '../labels.js';
import type { ReservedFamily } from '../merge/reserved-group.js';
import type { MetricFamily } from '../model.js';
import { metricsData, statusData, success } from './api-json.js';
import type { GatewayConfig } from './config/flags.js';
import { parsePushPath } from './grouping-path.js';
import { escapingConflict, legacyNameRefusal } from './push-names.js';
import { DEFAULT_ESCAPING, escapeFamily, escapeName, isLegacyMetricName } from '../name-escaping.js';
import type { Logger } from './logger.js';
import { OwnMetrics } from './own-metrics.js';
import { LocalStore } from './store/local-store.js';
import { type MetricStore, PersistError } from './store/metric-store.js';
import { nowSeconds } from './time-format.js';
import { VERSION } from './version.js';

const gunzipAsync = promisify(gunzip);

export const INVALID_PUSH = 'pushed metrics are invalid or inconsistent with existing metrics: ';

export interface Reply {
  status: number;
  /** Plain text; '' for none. */
  body: string;
}

export interface PushRequest {
  method: 'PUT' | 'POST';
  /** Path below the route prefix, still percent-encoded: `/metrics/job/...`. */
  path: string;
  body: Uint8Array;
  contentEncoding?: string;
  contentType?: string;
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

/** The default store: the groups in memory, journaled to `--persistence.file` when set. */
function openLocalStore({ reserved, config, logger }: StoreContext): Promise<MetricStore> {
  return LocalStore.open({ reserved, persistenceFile: config.persistenceFile, persistenceIntervalMs: config.persistenceIntervalMs, logger });
}

export class Gateway {
  readonly own: OwnMetrics;
  readonly startTime = new Date();
  /**
   * Whether the store may hold names that are not legacy, so that a scrape must escape
   * them: with `--push.enable-utf8-names`, or when the groups restored at start held some
   * (a run with the flag). Without, pushes of such names are refused, and a scrape skips
   * escaping, whose check would walk every series of each changed family.
   */
  readonly namesMayNeedEscaping: boolean;
  private readonly clock: () => number;

  private constructor(
    readonly config: GatewayConfig,
    readonly logger: Logger,
    readonly store: MetricStore,
    own: OwnMetrics,
    options: GatewayOptions,
  ) {
    this.own = own;
    this.clock = options.clock ?? nowSeconds;
    this.namesMayNeedEscaping = config.enableUtf8Names || holdsNonLegacyNames(store.groups());
  }

  /** A gateway with its persisted groups restored (when a persistence file is set). */
  static async create(options: GatewayOptions): Promise<Gateway> {
    const own = new OwnMetrics({ version: VERSION, defaultMetrics: options.defaultMetrics });
    const open = options.store ?? openLocalStore;
    const store = await open({ reserved: own.reserved(), config: options.config, logger: options.logger });
    return new Gateway(options.config, options.logger, store, own, options);
  }

  /** PUT (replace the group) or POST (replace the pushed families). */
  async push(request: PushRequest): Promise<Reply> {
    const { config } = this;
    let body = request.body;
    if (request.contentEncoding !== undefined && request.contentEncoding.trim().toLowerCase() === 'gzip') {
      const inflated = await gunzipLimited(body, config.maxBodyBytes);
      if (typeof inflated === 'string') return inflated === 'too large' ? tooLarge(config.maxBodyBytes) : text(400, inflated);
      body = inflated;
    }
    const key = parsePushPath(request.path, config.enableUtf8Names);
    if (key === undefined) return text(404, '404 page not found');
    if ('error' in key) return text(400, key.error);
    let families: MetricFamily[];
    // Delimited protobuf only with exactly Pushgateway's content type; anything else is
    // text 0.0.4, as Pushgateway: an OpenMetrics body (content type or final `# EOF`) is
    // read as 0.0.4 too, `# EOF` being a comment [E44-E46].
    const format = pushFormat(request.contentType);
    try {
      families = format.decode(body, { maxBytes: config.maxBodyBytes }).families;
    } catch (error) {
      if (error instanceof ParseError) return text(400, error.message);
      throw error;
    }
    const names = config.enableUtf8Names ? this.escapingConflict(key.labels, families, request.method === 'PUT') : legacyNameRefusal(families, format.binary);
    if (names !== undefined) return text(400, names);
    const series = families.reduce((n, f) => n + f.metrics.length, 0);
    if (config.maxSeries > 0 && series > config.maxSeries) {
      return text(413, `push has ${series} series, more than the limit of ${config.maxSeries} (--push.max-series)`);
    }
    const crowded = config.maxLabelsPerSeries > 0 ? seriesOverLabelLimit(families, config.maxLabelsPerSeries) : undefined;
    if (crowded !== undefined) return text(400, crowded);
    const check = !config.disableConsistencyCheck;
    let result: PushResult;
    // Read when the push is applied, not when it arrived: a push that waited for its gzip
    // body must not take an earlier time than one applied before it.
    const now = this.clock();
    try {
      result = await this.store.push(key.labels, families, { replace: request.method === 'PUT', now, check });
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

  apiMetrics(): string {
    return success(metricsData(this.store.groups()));
  }

  apiStatus(): string {
    return success(statusData({ version: VERSION, flags: this.config.flags, startTime: this.startTime }));
  }

  /** Makes every change durable and closes the store. */
  async close(): Promise<void> {
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

/** 500 for a change the store could not persist (and undid); other errors are bugs. */
function persistFailed(error: unknown): Reply {
  if (error instanceof PersistError) return text(500, `could not persist the change: ${error.message}`);
  throw error;
}

/** Go's prometheus.MultiError text for several errors, the text alone for one. */
export function goErrors(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0];
  return `${messages.length} error(s) occurred:${messages.map((m) => `\n* ${m}`).join('')}`;
}

function text(status: number, message: string): Reply {
  return { status, body: `${message}\n` };
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
