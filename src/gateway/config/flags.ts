/**
 * `expofmt serve` flags: Pushgateway's names and defaults (`--web.listen-address=:9091`,
 * `--persistence.interval=5m`, ...) plus our limits, parsed into a `GatewayConfig`.
 * Accepts `--flag=value` and `--flag value`; booleans as `--flag`, `--flag=true|false`
 * and kingpin's `--no-flag`. No I/O; the `auto` store caps read the JS heap limit.
 */
import { getHeapStatistics } from 'node:v8';
import { WEB_CONFIG_HELP } from '../web-config/help.js';
import { parseGoDuration } from './duration.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'logfmt' | 'json';

export interface GatewayConfig {
  /** `host:port`; an empty host listens on every interface, port 0 lets the OS choose. */
  listenAddress: string;
  telemetryPath: string;
  /** Normalized: '' or `/prefix` without a trailing slash. */
  routePrefix: string;
  enableAdminApi: boolean;
  enableLifecycle: boolean;
  /** '' keeps everything in memory only. */
  persistenceFile: string;
  /** How often the journal is compacted into a snapshot (it is fsynced on every change). */
  persistenceIntervalMs: number;
  disableConsistencyCheck: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Largest push body, compressed and decompressed; larger ones get 413. */
  maxBodyBytes: number;
  /** Most series in one push; 0 for no limit. */
  maxSeries: number;
  /** Most label pairs on one series of a push; 0 for no limit. */
  maxLabelsPerSeries: number;
  /** Most connections open at once; more are closed at once. */
  maxConnections: number;
  /** Time to write a page (scrape, UI, API) from the request's arrival; 0 for none. */
  writeTimeoutMs: number;
  /** Pages written at once; more wait for a slot. */
  maxConcurrentPages: number;
  /** Push bodies held at once (received, and inflated); 0 for no limit. */
  maxPendingBytes: number;
  /** Most series in the store; 0 for no limit. */
  maxStoredSeries: number;
  /** Most bytes of names, label names and values and help texts in the store; 0 for no limit. */
  maxStoredBytes: number;
  /** `--web.config.file`: TLS and authentication (web-config/); '' for plain HTTP without authentication. */
  webConfigFile: string;
  /** Expiry (issue 15): the default time to live of a group in seconds, 0 for none (`--push.ttl`). */
  pushTtlSeconds: number;
  /** Expiry is on: `--push.enable-ttl`, or a `--push.ttl` above 0. Off, pushes never expire and the TTL header is ignored. */
  expiryEnabled: boolean;
  /** `--push.enable-utf8-names` (Pushgateway 1.11): UTF-8 metric and label names in pushes and push URLs. */
  enableUtf8Names: boolean;
  /** Every flag as its string value, for /api/v1/status and the Status page. */
  flags: Record<string, string>;
  /** Replicated store (`--store=nats://...`): the NATS servers as `host:port`; absent: the local store. */
  natsServers?: string[];
  /** The key-value bucket of the replicated store (`--store.bucket`). */
  storeBucket?: string;
  /** How many NATS servers hold the bucket when it is created (`--store.replicas`). */
  storeReplicas?: number;
}

type Kind = 'string' | 'bool' | 'duration' | 'bytes' | 'int' | 'level' | 'format';

interface FlagSpec {
  name: string;
  kind: Kind;
  default: string;
  help: string;
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'web.listen-address', kind: 'string', default: ':9091', help: 'Address to listen on for the web interface, API, and telemetry.' },
  { name: 'web.telemetry-path', kind: 'string', default: '/metrics', help: 'Path under which to expose metrics.' },
  { name: 'web.external-url', kind: 'string', default: '', help: 'The URL under which the gateway is reached; its path is the default route prefix.' },
  {
    name: 'web.route-prefix',
    kind: 'string',
    default: '',
    help: 'Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url.',
  },
  {
    name: 'web.config.file',
    kind: 'string',
    default: '',
    help: 'Path to configuration file that can enable TLS or authentication (the exporter toolkit\'s format; see "Web configuration file" below).',
  },
  { name: 'web.enable-lifecycle', kind: 'bool', default: 'false', help: 'Enable shutdown via HTTP request (PUT or POST /-/quit).' },
  {
    name: 'web.enable-admin-api',
    kind: 'bool',
    default: 'false',
    help: 'Enable API endpoints for admin control actions (PUT /api/v1/admin/wipe, PUT/POST /api/v1/admin/delete_groups).',
  },
  { name: 'persistence.file', kind: 'string', default: '', help: 'File to persist metrics. If empty, metrics are only kept in memory.' },
  {
    name: 'persistence.interval',
    kind: 'duration',
    default: '5m',
    help: 'How often the persistence journal is compacted (every change is synced before it is acknowledged).',
  },
  { name: 'push.disable-consistency-check', kind: 'bool', default: 'false', help: 'Do not check consistency of pushed metrics; answer 202.' },
  { name: 'push.max-body-bytes', kind: 'bytes', default: '16MiB', help: 'Largest push body (also after gzip decompression); larger pushes get 413.' },
  { name: 'push.max-series', kind: 'int', default: '0', help: 'Most series in one push (0: no limit); more get 413.' },
  {
    name: 'push.enable-utf8-names',
    kind: 'bool',
    default: 'false',
    help: 'Allow UTF-8 characters in metric and label names (label names in the URL path as U__ escapes).',
  },
  { name: 'push.max-labels-per-series', kind: 'int', default: '10000', help: 'Most label pairs on one pushed series, as sent (0: no limit); more get 400.' },
  { name: 'web.max-connections', kind: 'int', default: '512', help: 'Most simultaneous connections (as Prometheus); more are closed at once (0: no limit).' },
  {
    name: 'web.write-timeout',
    kind: 'duration',
    default: '1m',
    help: 'Time to write a page (scrape, UI, /api/v1/metrics) from its request; a reader slower than that is cut off (0: none).',
  },
  {
    name: 'web.max-concurrent-pages',
    kind: 'int',
    default: '4',
    help: 'Pages (scrapes, the UI, /api/v1/metrics) written at once; more wait their turn until the write timeout, then get 503.',
  },
  {
    name: 'push.max-pending-bytes',
    kind: 'bytes',
    default: '256MiB',
    help: 'Push bodies held at once, as received and after gzip decompression; a push that does not fit gets 503 (0: no limit).',
  },
  {
    name: 'push.max-stored-series',
    kind: 'int',
    default: 'auto',
    help: "Most series in the store; a push that would add more gets 503 (0: no limit; auto: the JS heap limit / 3 KiB, raised with node's --max-old-space-size).",
  },
  {
    name: 'push.max-stored-bytes',
    kind: 'bytes',
    default: 'auto',
    help: 'Most bytes of names, label names and values and help texts in the store; a push that would add more gets 503 (0: no limit; auto: a quarter of the JS heap limit).',
  },
  // Replicated store (issue 16): several `serve` replicas on one NATS JetStream key-value bucket.
  {
    name: 'store',
    kind: 'string',
    default: '',
    help: 'Where the groups live: empty for this process (with --persistence.file); nats://host:port[,host:port...] for a NATS JetStream key-value bucket shared by replicas.',
  },
  { name: 'store.bucket', kind: 'string', default: 'expofmt', help: 'The NATS key-value bucket of --store=nats://...' },
  { name: 'store.replicas', kind: 'int', default: '3', help: 'How many NATS servers keep the bucket when --store creates it (1 to 5).' },
  {
    name: 'push.ttl',
    kind: 'duration',
    default: '0s',
    help: 'Default time to live of a group after its last successful push; 0 means never. Above 0 it turns --push.enable-ttl on.',
  },
  {
    name: 'push.enable-ttl',
    kind: 'bool',
    default: 'false',
    help: "Let a push set its group's time to live with the Expofmt-TTL request header (a Go duration; 0 for never).",
  },
  { name: 'log.level', kind: 'level', default: 'info', help: 'Only log messages with the given severity or above. One of: [debug, info, warn, error]' },
  { name: 'log.format', kind: 'format', default: 'logfmt', help: 'Output format of log messages. One of: [logfmt, json]' },
];

export class FlagError extends Error {
  override name = 'FlagError';
}

export type FlagsResult = { config: GatewayConfig } | { help: true };

/** Parses the arguments after `serve`; throws `FlagError` on bad usage. */
export function parseFlags(argv: readonly string[]): FlagsResult {
  const values = new Map<string, string>(FLAGS.map((f) => [f.name, f.default]));
  const byName = new Map(FLAGS.map((f) => [f.name, f]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    let name = arg.slice(2, eq < 0 ? undefined : eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let spec = byName.get(name);
    if (spec === undefined && name.startsWith('no-') && byName.get(name.slice(3))?.kind === 'bool' && value === undefined) {
      name = name.slice(3);
      spec = byName.get(name);
      value = 'false';
    }
    if (spec === undefined) throw new FlagError(`unknown flag '--${name}'`);
    if (spec.kind === 'bool') {
      value ??= 'true';
      if (value !== 'true' && value !== 'false') throw new FlagError(`flag '--${name}' expects true or false, got '${value}'`);
    } else if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new FlagError(`flag '--${name}' needs a value`);
    }
    values.set(name, value);
  }
  return { config: toConfig(values) };
}

function toConfig(values: Map<string, string>): GatewayConfig {
  const get = (name: string) => values.get(name)!;
  const interval = parseGoDuration(get('persistence.interval'));
  if ('error' in interval) throw new FlagError(`--persistence.interval: ${interval.error}`);
  if (interval.ms <= 0) throw new FlagError('--persistence.interval must be positive');
  const telemetryPath = get('web.telemetry-path');
  if (!telemetryPath.startsWith('/')) throw new FlagError(`--web.telemetry-path must start with '/', got '${telemetryPath}'`);
  const level = get('log.level');
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new FlagError(`--log.level must be one of debug, info, warn, error; got '${level}'`);
  const format = get('log.format');
  if (format !== 'logfmt' && format !== 'json') throw new FlagError(`--log.format must be logfmt or json; got '${format}'`);
  splitHostPort(get('web.listen-address'));
  const ttl = parseGoDuration(get('push.ttl'));
  if ('error' in ttl) throw new FlagError(`--push.ttl: ${ttl.error}`);
  if (ttl.ms < 0) throw new FlagError('--push.ttl must not be negative');
  const maxSeries = wholeNumber(get, 'push.max-series');
  const maxLabelsPerSeries = wholeNumber(get, 'push.max-labels-per-series');
  const writeTimeout = parseGoDuration(get('web.write-timeout'));
  if ('error' in writeTimeout) throw new FlagError(`--web.write-timeout: ${writeTimeout.error}`);
  const maxConcurrentPages = wholeNumber(get, 'web.max-concurrent-pages');
  if (maxConcurrentPages === 0) throw new FlagError('--web.max-concurrent-pages must be at least 1');
  const store = storeFlags(get);
  if (store !== undefined && get('persistence.file') !== '')
    throw new FlagError('--persistence.file is for the local store; a --store=nats://... bucket keeps the groups itself');
  return {
    ...store,
    listenAddress: get('web.listen-address'),
    telemetryPath,
    routePrefix: routePrefix(get('web.route-prefix'), get('web.external-url')),
    enableAdminApi: get('web.enable-admin-api') === 'true',
    enableLifecycle: get('web.enable-lifecycle') === 'true',
    persistenceFile: get('persistence.file'),
    persistenceIntervalMs: interval.ms,
    disableConsistencyCheck: get('push.disable-consistency-check') === 'true',
    logLevel: level as LogLevel,
    logFormat: format,
    maxBodyBytes: parseBytes(get('push.max-body-bytes'), 'push.max-body-bytes', false),
    maxSeries,
    maxLabelsPerSeries,
    maxConnections: wholeNumber(get, 'web.max-connections'),
    writeTimeoutMs: writeTimeout.ms,
    maxConcurrentPages,
    maxPendingBytes: parseBytes(get('push.max-pending-bytes'), 'push.max-pending-bytes', true),
    maxStoredSeries: get('push.max-stored-series') === 'auto' ? Math.floor(heapLimit() / 3072) : wholeNumber(get, 'push.max-stored-series'),
    maxStoredBytes:
      get('push.max-stored-bytes') === 'auto' ? Math.floor(heapLimit() / 4) : parseBytes(get('push.max-stored-bytes'), 'push.max-stored-bytes', true),
    webConfigFile: get('web.config.file'),
    pushTtlSeconds: ttl.ms / 1000,
    expiryEnabled: ttl.ms > 0 || get('push.enable-ttl') === 'true',
    enableUtf8Names: get('push.enable-utf8-names') === 'true',
    flags: Object.fromEntries([...values.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** `--store=nats://h:p,h:p`, `--store.bucket`, `--store.replicas`; undefined for the local store. */
function storeFlags(get: (name: string) => string): Pick<GatewayConfig, 'natsServers' | 'storeBucket' | 'storeReplicas'> | undefined {
  const url = get('store');
  if (url === '') return undefined;
  if (!url.startsWith('nats://')) throw new FlagError(`--store must be empty or nats://host:port[,host:port...]; got '${url}'`);
  const natsServers = url.slice('nats://'.length).split(',');
  for (const server of natsServers) {
    if (!/^(?:\[[^\]]+\]|[^:/,\s]+):\d{1,5}$/.test(server)) throw new FlagError(`--store: '${server}' is not host:port`);
  }
  const bucket = get('store.bucket');
  if (!/^[-\w]+$/.test(bucket)) throw new FlagError(`--store.bucket may hold only letters, digits, '-' and '_'; got '${bucket}'`);
  const replicas = wholeNumber(get, 'store.replicas');
  if (replicas < 1 || replicas > 5) throw new FlagError(`--store.replicas must be 1 to 5; got '${replicas}'`);
  return { natsServers, storeBucket: bucket, storeReplicas: replicas };
}

function wholeNumber(get: (name: string) => string, name: string): number {
  const n = Number(get(name));
  if (get(name).trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new FlagError(`--${name} must be a whole number >= 0; got '${get(name)}'`);
  return n;
}

/** Pushgateway's rule: the prefix, else the external URL's path; no trailing slash, '' for none. */
function routePrefix(prefix: string, externalUrl: string): string {
  let p = prefix;
  if (p === '' && externalUrl !== '') {
    try {
      p = new URL(externalUrl).pathname;
    } catch {
      throw new FlagError(`--web.external-url is not a URL: '${externalUrl}'`);
    }
  }
  const trimmed = p.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `16777216`, `16MiB`, `512KB`; 0 only where it means "no limit". */
function parseBytes(text: string, flag: string, zeroAllowed: boolean): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  const factor = m ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new FlagError(`--${flag}: not a size: '${text}' (examples: 1048576, 512KiB, 16MiB)`);
  const n = Math.floor(Number(m[1]) * factor);
  if (n < 0 || (n === 0 && !zeroAllowed)) throw new FlagError(`--${flag} must be positive`);
  return n;
}

/** The JS heap's limit in bytes (node's --max-old-space-size moves it): what the `auto` store caps are made of. */
function heapLimit(): number {
  return getHeapStatistics().heap_size_limit;
}

/** `:9091` -> host '' (every interface); `[::1]:9091` -> host '::1'. */
export function splitHostPort(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new FlagError(`--web.listen-address must be host:port or :port, got '${address}'`);
  return { host: m[1] ?? m[2], port };
}

/** The `expofmt serve --help` text. */
export function flagsUsage(): string {
  const lines = FLAGS.map((f) => {
    const head = f.kind === 'bool' ? `--[no-]${f.name}` : `--${f.name}=${f.kind === 'duration' ? 'DURATION' : 'VALUE'}`;
    const def = f.default !== '' && f.kind !== 'bool' ? ` (default: ${f.default})` : '';
    return `  ${head}\n      ${f.help}${def}`;
  });
  return `Usage: expofmt serve [flags]

Runs a Pushgateway-compatible gateway: push with PUT/POST/DELETE to
/metrics/job/<JOB>{/<LABEL>/<VALUE>}, scrape everything from the telemetry path.

Flags:
${lines.join('\n')}
  -h, --help
      Show this help.
  --version
      Show the version, as Pushgateway prints it.

${WEB_CONFIG_HELP}`;
}
