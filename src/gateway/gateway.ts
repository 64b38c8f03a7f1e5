/**
 * The gateway without HTTP: push, delete and wipe with Pushgateway's status codes and
 * error texts, the scrape page, the JSON API bodies, persistence and the own metrics.
 * The HTTP server (http-server.ts) only reads requests, routes them here and writes the
 * replies; everything here can be driven directly (tests, an embedding application).
 *
 * Node runs one request handler at a time, so each store operation is atomic and applied
 * in arrival order, like Pushgateway's single write queue. With persistence on, a change
 * is journaled and synced before its reply is returned.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ParseError } from '../diagnostics.js';
import { parse, parseProtobuf } from '../index.js';
import { isProtobufContentType } from '../protobuf/media-type.js';
import { GroupStore, type StoredGroup } from '../merge/group-store.js';
import type { Labels, MetricFamily } from '../model.js';
import { metricsData, statusData, success } from './api-json.js';
import type { GatewayConfig } from './flags.js';
import { parsePushPath } from './grouping-path.js';
import { Journal, type JournalRecord } from './journal.js';
import type { Logger } from './logger.js';
import { OwnMetrics } from './own-metrics.js';
import { scrapePage } from './scrape-page.js';
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
}

export class Gateway {
  readonly store: GroupStore;
  readonly own: OwnMetrics;
  readonly startTime = new Date();
  private journal: Journal | undefined;
  private readonly clock: () => number;

  private constructor(
    readonly config: GatewayConfig,
    readonly logger: Logger,
    options: GatewayOptions,
  ) {
    this.own = new OwnMetrics({ version: VERSION, defaultMetrics: options.defaultMetrics });
    this.store = new GroupStore({ reserved: this.own.reserved() });
    this.clock = options.clock ?? nowSeconds;
  }

  /** A gateway with its persisted groups restored (when a persistence file is set). */
  static async create(options: GatewayOptions): Promise<Gateway> {
    const gateway = new Gateway(options.config, options.logger, options);
    const file = options.config.persistenceFile;
    if (file !== '') {
      const { journal, restored } = await Journal.open(file, () => gateway.store.list(), options.logger, options.config.persistenceIntervalMs);
      gateway.store.restore(restored);
      gateway.journal = journal;
    }
    return gateway;
  }

  /** PUT (replace the group) or POST (replace the pushed families). */
  async push(request: PushRequest): Promise<Reply> {
    const now = this.clock();
    const { config } = this;
    let body = request.body;
    if (request.contentEncoding !== undefined && request.contentEncoding.trim().toLowerCase() === 'gzip') {
      const inflated = await gunzipLimited(body, config.maxBodyBytes);
      if (typeof inflated === 'string') return inflated === 'too large' ? tooLarge(config.maxBodyBytes) : text(400, inflated);
      body = inflated;
    }
    const key = parsePushPath(request.path);
    if (key === undefined) return text(404, '404 page not found');
    if ('error' in key) return text(400, key.error);
    let families: MetricFamily[];
    try {
      // Delimited protobuf only with exactly Pushgateway's content type; anything else is
      // text 0.0.4, as Pushgateway: an OpenMetrics body (content type or final `# EOF`) is
      // read as 0.0.4 too, `# EOF` being a comment [E44-E46].
      families = isProtobufContentType(request.contentType)
        ? parseProtobuf(body, { maxBytes: config.maxBodyBytes }).families
        : parse(body, { dialect: 'prometheus' }).families;
    } catch (error) {
      if (error instanceof ParseError) return text(400, error.message);
      throw error;
    }
    const series = families.reduce((n, f) => n + f.metrics.length, 0);
    if (config.maxSeries > 0 && series > config.maxSeries) {
      return text(413, `push has ${series} series, more than the limit of ${config.maxSeries} (--push.max-series)`);
    }
    const check = !config.disableConsistencyCheck;
    const result = this.store.push(key.labels, families, { replace: request.method === 'PUT', now, check });
    const group = this.store.get(key.labels);
    const persisted = group === undefined ? undefined : await this.persist({ op: 'set', group });
    if (persisted !== undefined) return persisted;
    if (!result.accepted) {
      const message = goErrors(result.errors.map((d) => d.message));
      this.logger.error('pushed metrics are invalid or inconsistent with existing metrics', { method: request.method, group: groupText(key.labels), err: message });
      return text(400, INVALID_PUSH + message);
    }
    this.logger.debug('push accepted', { method: request.method, group: groupText(key.labels), families: families.length, series });
    return { status: check ? 200 : 202, body: '' };
  }

  /** DELETE: removes exactly one group; 202 whether it existed or not. */
  async delete(path: string): Promise<Reply> {
    const key = parsePushPath(path);
    if (key === undefined) return text(404, '404 page not found');
    if ('error' in key) return text(400, key.error);
    if (this.store.delete(key.labels)) {
      const failed = await this.persist({ op: 'delete', labels: key.labels });
      if (failed !== undefined) return failed;
      this.logger.debug('group deleted', { group: groupText(key.labels) });
    }
    return { status: 202, body: '' };
  }

  /** The admin API's wipe: every group goes. */
  async wipe(): Promise<Reply> {
    const groups = this.store.size;
    this.store.wipe();
    const failed = await this.persist({ op: 'wipe' });
    if (failed !== undefined) return failed;
    this.logger.info('wiped all groups', { groups });
    return { status: 202, body: '' };
  }

  /** The telemetry page's families, unsorted; what cannot be served is logged and left out. */
  async scrapeFamilies(): Promise<MetricFamily[]> {
    let own: MetricFamily[] = [];
    try {
      own = await this.own.families();
    } catch (error) {
      // The pushed metrics are still worth serving.
      this.logger.error('could not collect the gateway\'s own metrics', { err: error instanceof Error ? error.message : String(error) });
    }
    const page = scrapePage(own, this.store.page());
    if (page.dropped.length > 0) this.logger.warn('left inconsistent metrics out of the scrape', { count: page.dropped.length, err: goErrors(page.dropped) });
    return page.families;
  }

  groups(): StoredGroup[] {
    return this.store.list();
  }

  apiMetrics(): string {
    return success(metricsData(this.store.list()));
  }

  apiStatus(): string {
    return success(statusData({ version: VERSION, flags: this.config.flags, startTime: this.startTime }));
  }

  /** Writes the final snapshot and closes the persistence file. */
  async close(): Promise<void> {
    await this.journal?.close();
  }

  /** Journals a change; a reply (500) only when that failed. */
  private async persist(record: JournalRecord): Promise<Reply | undefined> {
    if (this.journal === undefined) return undefined;
    try {
      await this.journal.append(record);
      return undefined;
    } catch (error) {
      return text(500, `could not persist the change: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
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

function groupText(labels: Labels): string {
  const parts: string[] = [];
  for (let i = 0; i < labels.length; i += 2) parts.push(`${labels[i]}=${JSON.stringify(labels[i + 1])}`);
  return `{${parts.join(',')}}`;
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
