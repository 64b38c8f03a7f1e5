/** Smaller faults of issue 19: clients that hang up, and the headers of the web UI. */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { send, startTestGateway } from './helpers.js';

describe('a client that hangs up during an upload', () => {
  it('is logged at debug level, without a stack trace, and the gateway goes on', async () => {
    const gw = await startTestGateway();
    const { port } = new URL(gw.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('PUT /metrics/job/gone HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nhalf_a_bo');
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    // The server notices the hang-up asynchronously.
    for (let i = 0; i < 50 && !gw.logs.join('').includes('client closed'); i++) await new Promise((r) => setTimeout(r, 10));
    const log = gw.logs.join('');
    expect(log).toContain('level=debug msg="client closed the connection before the request was read" method=PUT path=/metrics/job/gone');
    expect(log).not.toContain('level=error');
    expect((await send(gw, 'PUT', '/metrics/job/next', 'next_metric 1\n')).status).toBe(200);
  });
});

describe('the web UI', () => {
  it('runs only its own style and script, and is never sniffed or framed', async () => {
    const gw = await startTestGateway();
    for (const path of ['/', '/status']) {
      const res = await fetch(`${gw.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(
        /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; script-src 'sha256-[A-Za-z0-9+/]{43}='; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
      );
      const html = await res.text();
      const { createHash } = await import('node:crypto');
      const hash = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
      expect(csp).toContain(`script-src '${hash(script)}'`);
      expect(csp).toContain(`style-src '${hash(style)}'`);
    }
    // The scrape and the API are not pages: no policy there.
    expect((await fetch(`${gw.url}/metrics`)).headers.get('content-security-policy')).toBeNull();
  });
});

describe('push_time_seconds', () => {
  it('never goes backwards when a gzipped push is applied after a later plain one', async () => {
    const { gzipSync } = await import('node:zlib');
    const { createGateway, Logger, parseFlags } = await import('../../src/gateway/index.js');
    const parsed = parseFlags([]);
    if ('help' in parsed) throw new Error('help');
    let tick = 1700000000;
    const gateway = await createGateway({
      config: parsed.config,
      logger: new Logger({ write: () => {} }, 'error', 'logfmt'),
      defaultMetrics: false,
      clock: () => ++tick,
    });
    // The gzipped push arrives first but is inflated asynchronously; the plain one overtakes it.
    let big = '';
    for (let i = 0; i < 20_000; i++) big += `slow_metric{i="${i}"} ${i}\n`;
    const slow = gateway.push({ method: 'POST', path: '/metrics/job/order', body: gzipSync(big), contentEncoding: 'gzip' });
    const fast = gateway.push({ method: 'POST', path: '/metrics/job/order', body: Buffer.from('fast_metric 1\n') });
    expect((await fast).status).toBe(200);
    const afterFast = gateway.store.get(['job', 'order'])!.pushTimeSeconds;
    expect((await slow).status).toBe(200);
    const afterSlow = gateway.store.get(['job', 'order'])!.pushTimeSeconds;
    expect(afterSlow).toBeGreaterThan(afterFast);
    await gateway.close();
  });
});
