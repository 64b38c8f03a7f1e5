/** Flags with Pushgateway's names: both value forms, booleans, durations, sizes, errors. */
import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../src/gateway/config/duration.js';
import { FlagError, parseFlags, splitHostPort } from '../../src/gateway/config/flags.js';

const config = (...argv: string[]) => {
  const r = parseFlags(argv);
  if ('help' in r) throw new Error('help');
  return r.config;
};

describe('parseFlags', () => {
  it("has Pushgateway's defaults", () => {
    expect(config()).toMatchObject({
      listenAddress: ':9091',
      telemetryPath: '/metrics',
      routePrefix: '',
      enableAdminApi: false,
      enableLifecycle: false,
      persistenceFile: '',
      persistenceIntervalMs: 300_000,
      disableConsistencyCheck: false,
      logLevel: 'info',
      logFormat: 'logfmt',
      maxBodyBytes: 16 * 1024 * 1024,
      maxSeries: 0,
      maxLabelsPerSeries: 10_000,
    });
  });

  it('takes --flag=value and --flag value, and booleans in every kingpin form', () => {
    const c = config(
      '--web.listen-address',
      '127.0.0.1:0',
      '--persistence.file=/tmp/x',
      '--persistence.interval',
      '1h30m',
      '--web.enable-admin-api',
      '--web.enable-lifecycle=true',
      '--push.disable-consistency-check',
      '--no-push.disable-consistency-check',
      '--log.format=json',
      '--push.max-body-bytes=512KiB',
      '--push.max-series=10',
    );
    expect(c).toMatchObject({
      listenAddress: '127.0.0.1:0',
      persistenceFile: '/tmp/x',
      persistenceIntervalMs: 5_400_000,
      enableAdminApi: true,
      enableLifecycle: true,
      disableConsistencyCheck: false,
      logFormat: 'json',
      maxBodyBytes: 524288,
      maxSeries: 10,
    });
    expect(c.flags['persistence.interval']).toBe('1h30m');
    expect(c.flags['web.enable-admin-api']).toBe('true');
  });

  it('normalizes the route prefix, falling back to the external URL path', () => {
    expect(config('--web.route-prefix=/pgw/').routePrefix).toBe('/pgw');
    expect(config('--web.route-prefix=/').routePrefix).toBe('');
    expect(config('--web.external-url=http://example.com/gw/').routePrefix).toBe('/gw');
  });

  it('says what is wrong', () => {
    expect(() => config('--nope')).toThrow(new FlagError("unknown flag '--nope'"));
    expect(() => config('--persistence.file')).toThrow("flag '--persistence.file' needs a value");
    expect(() => config('--persistence.interval=5')).toThrow('time: missing unit in duration "5"');
    expect(() => config('--web.enable-admin-api=yes')).toThrow('expects true or false');
    expect(() => config('--log.level=trace')).toThrow('--log.level must be one of');
    expect(() => config('--web.listen-address=9091')).toThrow('--web.listen-address must be host:port');
    expect(() => config('--push.max-body-bytes=lots')).toThrow('not a size');
    expect(parseFlags(['--help'])).toEqual({ help: true });
  });
});

describe('helpers', () => {
  it('parses Go durations', () => {
    expect(parseGoDuration('5m')).toEqual({ ms: 300_000 });
    expect(parseGoDuration('1.5s')).toEqual({ ms: 1500 });
    expect(parseGoDuration('300ms')).toEqual({ ms: 300 });
    expect(parseGoDuration('0')).toEqual({ ms: 0 });
    expect(parseGoDuration('1d')).toEqual({ error: 'time: unknown unit "d" in duration "1d"' });
    expect(parseGoDuration('')).toEqual({ error: 'time: invalid duration ""' });
  });

  it('splits listen addresses', () => {
    expect(splitHostPort(':9091')).toEqual({ host: '', port: 9091 });
    expect(splitHostPort('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(splitHostPort('localhost:80')).toEqual({ host: 'localhost', port: 80 });
  });
});

describe('the replicated store flags (--store)', () => {
  it('leaves the local store alone without --store', () => {
    const c = config();
    expect(c.natsServers).toBeUndefined();
    expect(c.flags.store).toBe('');
  });

  it('takes nats://host:port[,host:port...], a bucket and the replicas', () => {
    expect(config('--store=nats://127.0.0.1:4222,nats-2:4223,[::1]:4224', '--store.bucket=pgw_1', '--store.replicas=5')).toMatchObject({
      natsServers: ['127.0.0.1:4222', 'nats-2:4223', '[::1]:4224'],
      storeBucket: 'pgw_1',
      storeReplicas: 5,
    });
    expect(config('--store', 'nats://n:4222')).toMatchObject({ natsServers: ['n:4222'], storeBucket: 'expofmt', storeReplicas: 3 });
  });

  it('says what is wrong', () => {
    expect(() => config('--store=redis://x:1')).toThrow("--store must be empty or nats://host:port[,host:port...]; got 'redis://x:1'");
    expect(() => config('--store=nats://x')).toThrow("--store: 'x' is not host:port");
    expect(() => config('--store=nats://a:1,')).toThrow("--store: '' is not host:port");
    expect(() => config('--store=nats://a:1', '--store.bucket=a.b')).toThrow("--store.bucket may hold only letters, digits, '-' and '_'; got 'a.b'");
    expect(() => config('--store=nats://a:1', '--store.replicas=0')).toThrow("--store.replicas must be 1 to 5; got '0'");
    expect(() => config('--store=nats://a:1', '--persistence.file=/tmp/x')).toThrow('--persistence.file is for the local store');
  });
});
