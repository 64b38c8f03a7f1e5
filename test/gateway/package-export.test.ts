/**
 * `expofmt/gateway` as an application embeds it: the BUILT package entry (run `npx tsup`
 * first; `npm test` does), imported through the package's self-reference, so the
 * `exports` map, the bundle and its chunks are what is tested, not src/.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as GatewayEntry from '../../src/gateway/index.js';
import type * as MainEntry from '../../src/index.js';

/** A built entry by its package name; typed from src/, so the type check needs no dist/. */
async function built<T>(specifier: string, file: string): Promise<T> {
  expect(existsSync(new URL(`../../dist/${file}`, import.meta.url)), `dist/${file} is missing: run \`npx tsup\` first`).toBe(true);
  return (await import(/* @vite-ignore */ specifier)) as T;
}

const load = () => built<typeof GatewayEntry>('expofmt/gateway', 'gateway.js');

describe('expofmt/gateway', () => {
  it('starts a gateway with startGateway that takes a push and serves it', async () => {
    const { Logger, parseFlags, startGateway } = await load();
    const parsed = parseFlags(['--web.listen-address=127.0.0.1:0']);
    if ('help' in parsed) throw new Error('help');
    const logs: string[] = [];
    const running = await startGateway({ config: parsed.config, logger: new Logger({ write: (t: string) => logs.push(t) }), defaultMetrics: false });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const push = await fetch(`${running.url}/metrics/job/embedded/instance/a`, { method: 'PUT', body: '# TYPE jobs_done counter\njobs_done{queue="q"} 3\n' });
      expect(push.status).toBe(200);
      const page = await (await fetch(`${running.url}/metrics`)).text();
      expect(page.split('\n')).toContain('jobs_done{instance="a",job="embedded",queue="q"} 3');
      expect(page).toContain('# TYPE pushgateway_build_info gauge\n');
    } finally {
      await running.stop('test done');
    }
    expect(logs.join('')).toContain('msg="Listening on"');
  });

  it('gives the store alone: LocalStore takes a push and merges the page', async () => {
    const { LocalStore, Logger, PersistError } = await load();
    const { parse, renderText } = await built<typeof MainEntry>('expofmt', 'index.js');
    const store = await LocalStore.open({ logger: new Logger({ write: () => undefined }) });
    const result = await store.push(['job', 'batch'], parse('# TYPE rows_written gauge\nrows_written 42\n').families, { replace: true, now: 1700000000 });
    expect(result).toMatchObject({ accepted: true, errors: [] });
    expect(store.size).toBe(1);
    const page = store.page();
    expect(page.diagnostics).toEqual([]);
    expect(renderText(page.families)).toBe(
      '# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.\n' +
        '# TYPE push_failure_time_seconds gauge\n' +
        'push_failure_time_seconds{instance="",job="batch"} 0\n' +
        '# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.\n' +
        '# TYPE push_time_seconds gauge\n' +
        'push_time_seconds{instance="",job="batch"} 1.7e+09\n' +
        '# TYPE rows_written gauge\n' +
        'rows_written{instance="",job="batch"} 42\n',
    );
    expect(new PersistError(new Error('disk full')).message).toBe('disk full');
    await store.close();
  });
});
