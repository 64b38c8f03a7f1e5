/**
 * Expiry (--push.ttl, --push.enable-ttl, the Expofmt-TTL header), driven through HTTP with
 * the gateway's clock pinned: what expires when, what the API, the UI and the own metrics
 * show, and what a restart on the persistence file keeps.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlagError, flagsUsage, type MetricStore, parseFlags } from '../../src/gateway/index.js';
import { type TestGateway, scrape, send, startTestGateway, stopAll } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-expiry-'));
});
afterEach(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

const T0 = 1700000000.5;
const api = async (gw: TestGateway) => ((await (await fetch(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<Record<string, unknown>> }).data;
const jobs = async (gw: TestGateway) => (await api(gw)).map((g) => (g.labels as Record<string, string>).job);
const own = async (gw: TestGateway) =>
  (await (await fetch(`${gw.url}/metrics`)).text())
    .split('\n')
    .filter((l) => /^pushgateway_groups_/.test(l))
    .join('\n');
/** Moves the pinned clock and lets the gateway's expiry check (every 250 ms) see it. */
async function advance(gw: TestGateway, to: number): Promise<void> {
  gw.clock.now = to;
  await new Promise((r) => setTimeout(r, 600));
}

describe('expiry', () => {
  it('is off by default: the header is ignored, no expires_at, no own metrics, nothing expires', async () => {
    const gw = await startTestGateway();
    expect((await send(gw, 'PUT', '/metrics/job/a', 'a 1\n', { 'Expofmt-TTL': '1s' })).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/b', 'b 1\n', { 'Expofmt-TTL': 'nonsense' })).status).toBe(200);
    await advance(gw, T0 + 3600);
    expect(await jobs(gw)).toEqual(['a', 'b']);
    expect(Object.keys((await api(gw))[0])).not.toContain('expires_at');
    expect(await own(gw)).toBe('');
    expect((await fetch(`${gw.url}/`)).status).toBe(200);
    expect(await (await fetch(`${gw.url}/`)).text()).not.toContain('expires:');
  });

  it('--push.ttl expires a group its TTL after its last successful push, and a push without TTL never', async () => {
    const gw = await startTestGateway(['--push.ttl=10s']);
    gw.clock.now = T0;
    expect((await send(gw, 'PUT', '/metrics/job/default', 'd 1\n')).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/forever', 'f 1\n', { 'Expofmt-TTL': '0' })).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/short', 's 1\n', { 'Expofmt-TTL': '2s' })).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/long', 'l 1\n', { 'Expofmt-TTL': '1h' })).status).toBe(200);
    const groups = await api(gw);
    expect(groups.map((g) => [(g.labels as Record<string, string>).job, g.expires_at])).toEqual([
      ['default', '2023-11-14T22:13:30.5Z'],
      ['forever', undefined],
      ['long', '2023-11-14T23:13:20.5Z'],
      ['short', '2023-11-14T22:13:22.5Z'],
    ]);
    expect(await own(gw)).toBe('pushgateway_groups_expired_total 0\npushgateway_groups_with_ttl 3');
    const ui = await (await fetch(`${gw.url}/`)).text();
    expect(ui).toContain('<span class="time expires">expires: 2023-11-14T22:13:22.5Z</span>');

    await advance(gw, T0 + 1.9);
    expect(await jobs(gw)).toEqual(['default', 'forever', 'long', 'short']);
    await advance(gw, T0 + 2);
    expect(await jobs(gw)).toEqual(['default', 'forever', 'long']);
    expect(await scrape(gw)).not.toContain('job="short"');
    expect(gw.logs.join('')).toContain('msg="group expired" group="{job=\\"short\\"}" expired_at=2023-11-14T22:13:22.5Z');

    // A push again moves the expiry: TTL after the last successful push.
    gw.clock.now = T0 + 9;
    expect((await send(gw, 'POST', '/metrics/job/default', 'd2 1\n')).status).toBe(200);
    // A refused push does not.
    gw.clock.now = T0 + 9.5;
    expect((await send(gw, 'POST', '/metrics/job/default', '# TYPE f counter\nf 1\n')).status).toBe(400);
    await advance(gw, T0 + 18);
    expect(await jobs(gw)).toEqual(['default', 'forever', 'long']);
    await advance(gw, T0 + 19);
    expect(await jobs(gw)).toEqual(['forever', 'long']);
    expect(await own(gw)).toBe('pushgateway_groups_expired_total 2\npushgateway_groups_with_ttl 1');
    expect(await scrape(gw)).toBe(
      '# TYPE f untyped\nf{instance="",job="forever"} 1\n# TYPE l untyped\nl{instance="",job="long"} 1\n' +
        '# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.\n# TYPE push_failure_time_seconds gauge\n' +
        'push_failure_time_seconds{instance="",job="forever"} 0\npush_failure_time_seconds{instance="",job="long"} 0\n' +
        '# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.\n# TYPE push_time_seconds gauge\n' +
        'push_time_seconds{instance="",job="forever"} 1.7000000005e+09\npush_time_seconds{instance="",job="long"} 1.7000000005e+09\n',
    );
  });

  it('--push.enable-ttl: only pushes with the header expire; a bad header is 400 and changes nothing', async () => {
    const gw = await startTestGateway(['--push.enable-ttl']);
    gw.clock.now = T0;
    expect((await send(gw, 'PUT', '/metrics/job/plain', 'p 1\n')).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/ttl', 't 1\n', { 'Expofmt-TTL': '90' })).status).toBe(200);
    expect(await send(gw, 'PUT', '/metrics/job/bad', 'b 1\n', { 'Expofmt-TTL': '5 minutes' })).toMatchObject({
      status: 400,
      body: 'invalid Expofmt-TTL header: time: unknown unit " minutes" in duration "5 minutes" (examples: 30s, 5m, 1h30m, 0 for never)\n',
    });
    expect((await send(gw, 'PUT', '/metrics/job/bad', 'b 1\n', { 'Expofmt-TTL': '-1s' })).status).toBe(400);
    // Longer than Go's longest duration (about 292 years): refused, as Go's time.ParseDuration refuses it.
    expect(await send(gw, 'PUT', '/metrics/job/bad', 'b 1\n', { 'Expofmt-TTL': '99999999999h' })).toMatchObject({
      status: 400,
      body: 'invalid Expofmt-TTL header: time: invalid duration "99999999999h" (examples: 30s, 5m, 1h30m, 0 for never)\n',
    });
    expect((await send(gw, 'PUT', '/metrics/job/long', 'l 1\n', { 'Expofmt-TTL': '2562047h' })).status).toBe(200);
    expect((await api(gw)).find((g) => (g.labels as Record<string, string>).job === 'long')?.expires_at).toBe('2316-02-24T21:13:20.5Z');
    expect(await jobs(gw)).toEqual(['long', 'plain', 'ttl']);
    await advance(gw, T0 + 90);
    expect(await jobs(gw)).toEqual(['long', 'plain']);
  });

  it('persists expiry times; a group that expired while the gateway was down is gone on start', async () => {
    const file = join(dir, 'pgw.data');
    const first = await startTestGateway([`--persistence.file=${file}`, '--push.enable-ttl']);
    first.clock.now = T0 - 100;
    await send(first, 'PUT', '/metrics/job/soon', 's 1\n', { 'Expofmt-TTL': '5s' });
    await send(first, 'PUT', '/metrics/job/later', 'l 1\n', { 'Expofmt-TTL': '150s' });
    await send(first, 'PUT', '/metrics/job/never', 'n 1\n');
    const before = await api(first);
    expect(before.map((g) => g.expires_at)).toEqual(['2023-11-14T22:14:10.5Z', undefined, '2023-11-14T22:11:45.5Z']);
    await first.stop();

    // Started at T0 (the helpers' clock): `soon` expired while the gateway was down, and is
    // gone before the first request is answered; `later` is back with its expiry time.
    const second = await startTestGateway([`--persistence.file=${file}`, '--push.enable-ttl']);
    expect(await api(second)).toEqual(before.slice(0, 2));
    expect(second.logs.join('')).toContain('msg="group expired" group="{job=\\"soon\\"}" expired_at=2023-11-14T22:11:45.5Z');
    expect(await own(second)).toBe('pushgateway_groups_expired_total 1\npushgateway_groups_with_ttl 1');
    await second.stop();
    // The expiry was journaled as a deletion: a start with expiry off does not bring it back,
    // keeps the other expiry time (shown), and expires nothing.
    expect(await readFile(file, 'utf8')).not.toContain('"soon"');
    const third = await startTestGateway([`--persistence.file=${file}`]);
    expect(await api(third)).toEqual(before.slice(0, 2));
    await advance(third, T0 + 1000);
    expect(await jobs(third)).toEqual(['later', 'never']);
  });

  it('refuses to start with a store that cannot expire groups', async () => {
    const { Gateway, LocalStore, Logger, parseFlags } = await import('../../src/gateway/index.js');
    const parsed = parseFlags(['--push.ttl=1m']);
    if ('help' in parsed) throw new Error('help');
    const logger = new Logger({ write: () => {} }, 'error', 'logfmt');
    await expect(
      Gateway.create({
        config: parsed.config,
        logger,
        defaultMetrics: false,
        store: async (context) => {
          const store = await LocalStore.open({ reserved: context.reserved, logger });
          // The default store, without `expire` (as a store written before expiry existed).
          return Object.create(store, { expire: { value: undefined } }) as MetricStore;
        },
      }),
    ).rejects.toThrow('this store cannot expire groups: start without --push.ttl and --push.enable-ttl');
  });
});

describe('expiry with a store out of reach (a replicated store without its servers)', () => {
  it('starts, logs the failed check, and expires the group at a later check', async () => {
    const { Gateway, LocalStore, Logger, parseFlags } = await import('../../src/gateway/index.js');
    const { StoreUnavailableError } = await import('../../src/gateway/store/metric-store.js');
    const parsed = parseFlags(['--push.ttl=1s']);
    if ('help' in parsed) throw new Error('help');
    const lines: string[] = [];
    const logger = new Logger({ write: (text: string) => lines.push(text) }, 'info', 'logfmt');
    let now = T0;
    let reachable = false;
    const gateway = await Gateway.create({
      config: parsed.config,
      logger,
      defaultMetrics: false,
      clock: () => now,
      store: async (context) => {
        const store = await LocalStore.open({ reserved: context.reserved, logger });
        await store.push(['job', 'a'], [], { replace: true, now: T0 - 5, expiresAt: T0 - 1 });
        const expire = (at: number) => (reachable ? store.expire(at) : Promise.reject(new StoreUnavailableError('not connected to the NATS servers')));
        return Object.create(store, { expire: { value: expire } }) as MetricStore;
      },
    });
    expect(gateway.groups().map((g) => g.labels)).toEqual([['job', 'a']]);
    expect(lines.join('')).toContain('msg="could not persist the expiry of groups; trying again" err="not connected to the NATS servers"');
    reachable = true;
    now = T0 + 1;
    expect(await gateway.expire()).toBe(1);
    expect(gateway.groups()).toEqual([]);
    await gateway.close();
  });
});

describe('the expiry flags', () => {
  const config = (...argv: string[]) => {
    const r = parseFlags(argv);
    if ('help' in r) throw new Error('help');
    return r.config;
  };
  it('are off by default; --push.ttl above 0 or --push.enable-ttl turn expiry on', () => {
    expect(config()).toMatchObject({ pushTtlSeconds: 0, expiryEnabled: false });
    expect(config().flags).toMatchObject({ 'push.ttl': '0s', 'push.enable-ttl': 'false' });
    expect(config('--push.ttl=0')).toMatchObject({ pushTtlSeconds: 0, expiryEnabled: false });
    expect(config('--push.ttl=1m30s')).toMatchObject({ pushTtlSeconds: 90, expiryEnabled: true });
    expect(config('--push.ttl', '250ms')).toMatchObject({ pushTtlSeconds: 0.25, expiryEnabled: true });
    expect(config('--push.enable-ttl')).toMatchObject({ pushTtlSeconds: 0, expiryEnabled: true });
  });
  it('say what is wrong', () => {
    expect(() => config('--push.ttl=5')).toThrow(new FlagError('--push.ttl: time: missing unit in duration "5"'));
    expect(() => config('--push.ttl=-1s')).toThrow(new FlagError('--push.ttl must not be negative'));
    expect(() => config('--push.ttl=3000000h')).toThrow(new FlagError('--push.ttl: time: invalid duration "3000000h"'));
    expect(() => config('--push.enable-ttl=yes')).toThrow("flag '--push.enable-ttl' expects true or false, got 'yes'");
  });
  it('are in serve --help', () => {
    expect(flagsUsage()).toContain('  --push.ttl=DURATION\n      Default time to live of a group after its last successful push; 0 means never.');
    expect(flagsUsage()).toContain("  --[no-]push.enable-ttl\n      Let a push set its group's time to live with the Expofmt-TTL request header");
  });
});
