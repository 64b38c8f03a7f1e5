/**
 * `expofmt serve` flags: Pushgateway's names and defaults (`--web.listen-address=:9091`,
 * `--persistence.interval=5m`, ...) plus our limits, parsed into a `GatewayConfig`.
 * Accepts `--flag=value` and `--flag value`; booleans as `--flag`, `--flag=true|false`
 * and kingpin's `--no-flag`. Pure: no process, no I/O.
 */
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
  /** `--push.enable-utf8-names` (Pushgateway 1.11): UTF-8 metric and label names in pushes and push URLs. */
  enableUtf8Names: boolean;
  /** Every flag as its string value, for /api/v1/status and the Status page. */
  flags: Record<string, string>;
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
  { name: 'web.enable-lifecycle', kind: 'bool', default: 'false', help: 'Enable shutdown via HTTP request (PUT or POST /-/quit).' },
  { name: 'web.enable-admin-api', kind: 'bool', default: 'false', help: 'Enable API endpoints for admin control actions (PUT /api/v1/admin/wipe).' },
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
  const maxSeries = wholeNumber(get, 'push.max-series');
  const maxLabelsPerSeries = wholeNumber(get, 'push.max-labels-per-series');
  return {
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
    maxBodyBytes: parseBytes(get('push.max-body-bytes')),
    maxSeries,
    maxLabelsPerSeries,
    enableUtf8Names: get('push.enable-utf8-names') === 'true',
    flags: Object.fromEntries([...values.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
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

/** `16777216`, `16MiB`, `512KB`. */
function parseBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  const factor = m ? BYTE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new FlagError(`--push.max-body-bytes: not a size: '${text}' (examples: 1048576, 512KiB, 16MiB)`);
  const n = Math.floor(Number(m[1]) * factor);
  if (n <= 0) throw new FlagError('--push.max-body-bytes must be positive');
  return n;
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
`;
}
