/**
 * The gateway's memory limits, each at its edge: the store caps (series, bytes), the budget
 * of push bodies held at once, and the number of connections.
 */
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scrape, send, startTestGateway } from './helpers.js';

/** `n` gauge series of family `name`. */
function series(name: string, n: number, label = 'v'): string {
  let body = `# TYPE ${name} gauge\n`;
  for (let i = 0; i < n; i++) body += `${name}{s="${label}${i}"} ${i}\n`;
  return body;
}

describe('--push.max-stored-series', () => {
  it('refuses with 503 and the reason a push that would grow the store past it, and takes one that does not grow it', async () => {
    const gw = await startTestGateway(['--push.max-stored-series=250']);
    expect((await send(gw, 'PUT', '/metrics/job/a', series('a', 100))).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/b', series('b', 100))).status).toBe(200);
    const refused = await send(gw, 'PUT', '/metrics/job/c', series('c', 51));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.body).toBe(
      'the store is full: this push would make it hold 251 series, more than the limit of 250 (--push.max-stored-series); delete groups or raise the limit\n',
    );
    expect(await scrape(gw)).not.toContain('c{');
    // Exactly to the limit goes in; replacing a group with as many series, or fewer, too.
    expect((await send(gw, 'PUT', '/metrics/job/c', series('c', 50))).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/a', series('a', 100, 'w'))).status).toBe(200);
    expect((await send(gw, 'POST', '/metrics/job/b', series('b', 10))).status).toBe(200);
    // POST replaces only the families it names: adding a family grows the group.
    expect((await send(gw, 'POST', '/metrics/job/b', series('b2', 91))).status).toBe(503);
    expect((await send(gw, 'POST', '/metrics/job/b', series('b2', 90))).status).toBe(200);
    // A delete makes room.
    expect((await send(gw, 'DELETE', '/metrics/job/a')).status).toBe(202);
    expect((await send(gw, 'PUT', '/metrics/job/d', series('d', 100))).status).toBe(200);
    const page = await scrape(gw);
    expect(page.match(/^[a-z0-9]+\{/gm)?.length).toBe(250);
  });
});

describe('--push.max-stored-bytes', () => {
  it('counts names, label names and values, and help texts', async () => {
    // One series `x{instance="",job="j",v="<value>"}`: x + instance + job + j + v + value.
    const gw = await startTestGateway(['--push.max-stored-bytes=1000']);
    const value = (n: number) => 'y'.repeat(n);
    const fixed = 'x'.length + 'instance'.length + 'job'.length + 'j'.length + 'v'.length;
    expect((await send(gw, 'PUT', '/metrics/job/j', `x{v="${value(1000 - fixed - 1)}"} 1\n`)).status).toBe(200);
    const refused = await send(gw, 'PUT', '/metrics/job/k', 'z 1\n');
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('more than the limit of 1000 (--push.max-stored-bytes)');
    // `x` again in group j with a shorter value replaces the family: room for `z` in group k.
    expect((await send(gw, 'PUT', '/metrics/job/j', `x{v="${value(10)}"} 1\n`)).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/k', 'z 1\n')).status).toBe(200);
  });

  it('is a quarter of the heap limit by default, and the series cap a 3 KiB share of it', async () => {
    const gw = await startTestGateway();
    const { getHeapStatistics } = await import('node:v8');
    const heap = getHeapStatistics().heap_size_limit;
    expect(gw.running.gateway.config.maxStoredBytes).toBe(Math.floor(heap / 4));
    expect(gw.running.gateway.config.maxStoredSeries).toBe(Math.floor(heap / 3072));
  });
});

/** Starts an upload of `length` declared bytes, sends `sent` of them and stalls; resolves to the socket and what came back so far. */
function stalledUpload(url: string, length: number, sent: number, extraHeaders = '') {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString()));
  socket.on('error', () => {});
  socket.write(`PUT /metrics/job/stalled HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n${extraHeaders}\r\n`);
  socket.write(Buffer.alloc(sent, 0x23)); // '#' lines: a comment, if it ever were parsed
  return { socket, answer: () => answer };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('--push.max-pending-bytes', () => {
  it('answers 503 to an upload that does not fit beside the ones being received, and frees their bytes when they go', async () => {
    const gw = await startTestGateway(['--push.max-body-bytes=4MiB', '--push.max-pending-bytes=8MiB']);
    const first = stalledUpload(gw.url, 4_000_000, 3_000_000);
    const second = stalledUpload(gw.url, 4_000_000, 3_000_000);
    await new Promise((r) => setTimeout(r, 300));
    const third = stalledUpload(gw.url, 4_000_000, 3_000_000);
    await until(() => third.answer().includes('\r\n\r\n'));
    expect(third.answer()).toMatch(/^HTTP\/1.1 503 /);
    expect(third.answer()).toContain('Retry-After: 1');
    expect(third.answer()).toContain('the gateway is holding 8388608 bytes of push bodies already (--push.max-pending-bytes); try again later');
    expect(first.answer()).toBe('');
    expect(gw.running.gateway.pending.inUse).toBe(6_000_000);
    for (const upload of [first, second, third]) upload.socket.destroy();
    await until(() => gw.running.gateway.pending.inUse === 0);
    expect((await send(gw, 'PUT', '/metrics/job/ok', 'fine 1\n')).status).toBe(200);
  });

  it('counts what a gzipped body inflates to', async () => {
    const gw = await startTestGateway(['--push.max-body-bytes=4MiB', '--push.max-pending-bytes=5MiB']);
    const holding = stalledUpload(gw.url, 4_000_000, 3_000_000);
    await until(() => gw.running.gateway.pending.inUse === 3_000_000);
    const bomb = gzipSync(Buffer.from(`# ${'x'.repeat(3_000_000)}\nok 1\n`));
    expect(bomb.length).toBeLessThan(10_000);
    const refused = await send(gw, 'PUT', '/metrics/job/zipped', bomb, { 'Content-Encoding': 'gzip' });
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('(--push.max-pending-bytes)');
    holding.socket.destroy();
    await until(() => gw.running.gateway.pending.inUse === 0);
    expect((await send(gw, 'PUT', '/metrics/job/zipped', bomb, { 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect(gw.running.gateway.pending.inUse).toBe(0);
    expect(await scrape(gw)).toContain('ok{instance="",job="zipped"} 1\n');
  });
});

describe('--web.max-connections', () => {
  it('closes connections beyond the limit at once, and takes new ones when others went', async () => {
    const gw = await startTestGateway(['--web.max-connections=3']);
    const { port } = new URL(gw.url);
    const open = () =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
        socket.on('error', () => {});
      });
    const held = [await open(), await open(), await open()];
    await new Promise((r) => setTimeout(r, 100));
    const extra = await open();
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('close', () => resolve(true));
      extra.write('GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n');
      setTimeout(() => resolve(false), 2000);
    });
    expect(closed).toBe(true);
    held[0].destroy();
    await new Promise((r) => setTimeout(r, 100));
    const again = await fetch(`${gw.url}/-/healthy`, { headers: { Connection: 'close' } });
    expect(again.status).toBe(200);
    for (const socket of held) socket.destroy();
  });
});
