/**
 * `expofmt serve`'s front thread (src/gateway/threads/front.ts): it answers `/-/healthy`
 * while the store thread's loop is held, forwards everything else whole, and stops (or
 * fails) with the store thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Logger, parseFlags } from '../../src/gateway/index.js';
import { type RunningFront, startFront } from '../../src/gateway/threads/front.js';

const running: RunningFront[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const front of running.splice(0)) await front.stop().catch(() => {});
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function front(argv: string[], storeThread?: URL) {
  let log = '';
  const sink = { write: (text: string) => (log += text) };
  const all = ['--web.listen-address=127.0.0.1:0', ...argv];
  const parsed = parseFlags(all);
  if ('help' in parsed) throw new Error('help');
  const started = await startFront({ argv: all, config: parsed.config, logger: new Logger(sink, 'info', 'logfmt'), logSink: sink, storeThread });
  running.push(started);
  return { ...started, log: () => log };
}

const hung = new URL('./hung-store-thread.ts', import.meta.url);

describe('the front thread', () => {
  it('answers /-/healthy while the store thread cannot run, and forwards the held request once it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expofmt-front-'));
    dirs.push(dir);
    const release = join(dir, 'release');
    const gw = await front([], hung);
    let heldAnswered = false;
    const held = fetch(`${gw.url}/block?until=${encodeURIComponent(release)}`).then(async (r) => {
      heldAnswered = true;
      return [r.status, await r.text()];
    });
    while (!gw.log().includes('blocking')) await new Promise((r) => setTimeout(r, 10));
    const health = await fetch(`${gw.url}/-/healthy`);
    expect([health.status, await health.text(), health.headers.get('content-type')]).toEqual([200, 'OK', 'text/plain; charset=utf-8']);
    expect(heldAnswered).toBe(false);
    writeFileSync(release, '');
    expect(await held).toEqual([200, 'store thread 127.0.0.1']);
  });

  it('outlives clients that reset their connection before a byte, or in the middle of a push', async () => {
    const gw = await front([]);
    const { port } = new URL(gw.url);
    for (const send of ['', 'PUT /metrics/job/cut HTTP/1.1\r\nContent-Length: 100\r\n\r\ncut 1\n']) {
      const client = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => client.on('connect', resolve));
      if (send !== '') await new Promise<void>((resolve) => client.write(send, () => resolve()));
      await new Promise((r) => setTimeout(r, 50));
      client.resetAndDestroy();
      await new Promise<void>((resolve) => client.on('close', () => resolve()));
    }
    await new Promise((r) => setTimeout(r, 100));
    const health = await fetch(`${gw.url}/-/healthy`);
    expect(health.status).toBe(200);
    const page = await (await fetch(`${gw.url}/metrics`)).text();
    expect(page).not.toContain('cut{');
    expect(gw.log()).not.toContain('level=error');
  });

  it('exits with the failure when the store thread dies', async () => {
    const gw = await front([], hung);
    // Its connections close with it, as a crashed process's do.
    await expect(fetch(`${gw.url}/crash`)).rejects.toThrow('fetch failed');
    await expect(gw.stopped).rejects.toThrow('the store thread exited with 1');
    expect(gw.log()).toMatch(/level=error msg="store thread failed" err="Error: the store thread broke/);
  });

  it('forwards pushes and pages with their headers, an Expect: 100-continue upload included, and counts its health answers', async () => {
    const gw = await front([]);
    for (let i = 0; i < 2; i++) await fetch(`${gw.url}/-/healthy`, { method: i === 0 ? 'GET' : 'HEAD' });
    const body = 'pushed_by_curl 3.14\n';
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${gw.url}/metrics/job/expect`, { method: 'PUT', headers: { Expect: '100-continue', 'Content-Length': body.length } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('continue', () => req.end(body));
      req.on('error', reject);
    });
    expect(status).toBe(200);
    const page = await fetch(`${gw.url}/metrics`);
    expect(page.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await page.text();
    expect(text).toContain('pushed_by_curl{instance="",job="expect"} 3.14\n');
    expect(text).toContain('pushgateway_http_requests_total{code="200",handler="healthy",method="get"} 1\n');
    expect(text).toContain('pushgateway_http_requests_total{code="200",handler="healthy",method="head"} 1\n');
    const refused = await fetch(`${gw.url}/metrics/job/bad`, { method: 'PUT', body: 'bad metric\n' });
    expect([refused.status, (await refused.text()).split('\n')[0]]).toEqual([400, expect.stringContaining('line 1')]);
  });

  it('stops both threads on /-/quit, and saves the store first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expofmt-front-'));
    dirs.push(dir);
    const file = join(dir, 'pgw.data');
    const gw = await front(['--web.enable-lifecycle', `--persistence.file=${file}`]);
    expect((await fetch(`${gw.url}/metrics/job/kept`, { method: 'PUT', body: 'kept 1\n' })).status).toBe(200);
    const quit = await fetch(`${gw.url}/-/quit`, { method: 'PUT' });
    expect([quit.status, await quit.text()]).toEqual([200, 'Requesting termination... Goodbye!']);
    await gw.stopped;
    await expect(fetch(`${gw.url}/-/healthy`)).rejects.toThrow('fetch failed');
    expect(gw.log()).toContain('msg="HTTP server stopped"');
    const again = await front([`--persistence.file=${file}`]);
    expect(await (await fetch(`${again.url}/metrics`)).text()).toContain('kept{instance="",job="kept"} 1\n');
  });

  it("refuses to start with the store thread's reason, and with a taken port", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expofmt-front-'));
    dirs.push(dir);
    await expect(front([`--persistence.file=${dir}`])).rejects.toThrow(/EISDIR/);
    const first = await front([]);
    await expect(front([`--web.listen-address=${new URL(first.url).host}`])).rejects.toThrow(/EADDRINUSE/);
  });
});
