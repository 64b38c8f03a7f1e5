/**
 * The gateway with protobuf, in-process: pushes with the delimited content type go
 * through the same checks as text pushes, and `/metrics` is delimited protobuf when the
 * scraper's Accept prefers it.
 */
import { request } from 'node:http';
import { gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse, parseProtobuf, PROTOBUF_DELIMITED_CONTENT_TYPE, renderProtobuf, renderText } from '../../src/index.js';
import { INVALID_PUSH } from '../../src/gateway/gateway.js';
import { scrape, send, startTestGateway, type TestGateway } from '../gateway/helpers.js';
import { delimited } from './helpers.js';

const PB = { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE };
const ACCEPT_PB = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3';

/** Text in, delimited protobuf out: what a Go client would send for the same families. */
const pb = (text: string) => renderProtobuf(parse(text).families);

const PAYLOAD = `# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{kind="a"} 3
jobs_total{kind="b"} 4.5
# TYPE temp gauge
temp -1.5
# TYPE lat histogram
lat_bucket{le="0.5"} 1
lat_bucket{le="1"} 2
lat_sum 1.25
lat_count 2
# TYPE size summary
size{quantile="0.5"} 10
size_sum 30
size_count 3
`;

function rawGet(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('protobuf pushes', () => {
  it('PUT and POST with the delimited content type store what text would', async () => {
    const gw = await startTestGateway();
    expect(await send(gw, 'PUT', '/metrics/job/pb/instance/i1', pb(PAYLOAD), PB)).toMatchObject({ status: 200, body: '' });
    expect(await scrape(gw)).toBe(`# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{instance="i1",job="pb",kind="a"} 3
jobs_total{instance="i1",job="pb",kind="b"} 4.5
# TYPE lat histogram
lat_bucket{instance="i1",job="pb",le="0.5"} 1
lat_bucket{instance="i1",job="pb",le="1"} 2
lat_bucket{instance="i1",job="pb",le="+Inf"} 2
lat_sum{instance="i1",job="pb"} 1.25
lat_count{instance="i1",job="pb"} 2
# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
# TYPE push_failure_time_seconds gauge
push_failure_time_seconds{instance="i1",job="pb"} 0
# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
# TYPE push_time_seconds gauge
push_time_seconds{instance="i1",job="pb"} 1.7000000005e+09
# TYPE size summary
size{instance="i1",job="pb",quantile="0.5"} 10
size_sum{instance="i1",job="pb"} 30
size_count{instance="i1",job="pb"} 3
# TYPE temp gauge
temp{instance="i1",job="pb"} -1.5
`);
    // POST replaces the pushed family only; PUT the whole group.
    expect((await send(gw, 'POST', '/metrics/job/pb/instance/i1', pb('# TYPE temp gauge\ntemp 20\n'), PB)).status).toBe(200);
    const afterPost = await scrape(gw);
    expect(afterPost).toContain('temp{instance="i1",job="pb"} 20\n');
    expect(afterPost).toContain('jobs_total{instance="i1",job="pb",kind="a"} 3\n');
    expect((await send(gw, 'PUT', '/metrics/job/pb/instance/i1', pb('# TYPE temp gauge\ntemp 21\n'), PB)).status).toBe(200);
    expect(await scrape(gw)).not.toContain('jobs_total');
  });

  it('reads gzipped protobuf', async () => {
    const gw = await startTestGateway();
    expect((await send(gw, 'PUT', '/metrics/job/gz', gzipSync(pb('g 1\n')), { ...PB, 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect(await scrape(gw)).toContain('g{instance="",job="gz"} 1\n');
  });

  it('reads protobuf bytes without the content type as text, as Pushgateway does [E51]', async () => {
    const gw = await startTestGateway();
    const reply = await send(gw, 'PUT', '/metrics/job/x', pb('g 1\n'), { 'Content-Type': 'application/vnd.google.protobuf' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/^text format parsing error in line 1: /);
  });

  it('answers 400 with the decoder error for a bad body, and creates no group', async () => {
    const gw = await startTestGateway();
    const body = pb('g 1\nh 2\n');
    expect(await send(gw, 'PUT', '/metrics/job/bad', body.subarray(0, body.length - 2), PB)).toEqual({
      status: 400,
      body: 'protobuf parsing error in message 2: the length prefix says 18 bytes, but the body has 16 left (cut off, or not delimited protobuf)\n',
      headers: expect.anything(),
    });
    expect(await send(gw, 'PUT', '/metrics/job/bad', delimited(new Uint8Array()), PB)).toMatchObject({
      status: 400,
      body: 'protobuf parsing error in message 1: metric family has no name\n',
    });
    expect(await scrape(gw)).toBe('');
  });

  it('refuses a family named twice in one push (Pushgateway keeps the last one)', async () => {
    const gw = await startTestGateway();
    const reply = await send(gw, 'PUT', '/metrics/job/dup', delimited(...[pb('g 1\n'), pb('h 1\n'), pb('g 2\n')].map(unframe)), PB);
    expect(reply).toMatchObject({
      status: 400,
      body: 'protobuf parsing error in message 3: metric family "g" appears again (first in message 1); one push must name each family once\n',
    });
    expect(await scrape(gw)).toBe('');
  });

  it('checks protobuf pushes exactly like text pushes', async () => {
    const replies = async (format: 'text' | 'protobuf') => {
      const gw = await startTestGateway();
      const push = (path: string, text: string) => send(gw, 'PUT', path, format === 'text' ? text : pb(text), format === 'text' ? {} : PB);
      const out = [];
      out.push(await push('/metrics/job/a', '# TYPE m untyped\nm 1\n'));
      out.push(await push('/metrics/job/b', '# TYPE m counter\nm 1\n'));
      out.push(await push('/metrics/job/c', 'stamped 1 1700000000000\n'));
      out.push(await push('/metrics/job/d', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 1\n'));
      out.push(await push('/metrics/job/e', '# TYPE h_count gauge\nh_count 3\n'));
      return { out: out.map(({ status, body }) => ({ status, body })), page: await scrape(gw) };
    };
    const text = await replies('text');
    const protobuf = await replies('protobuf');
    expect(protobuf).toEqual(text);
    expect(protobuf.out[1]).toMatchObject({ status: 400, body: expect.stringContaining(INVALID_PUSH) });
    expect(protobuf.out[2]).toEqual({ status: 400, body: `${INVALID_PUSH}pushed metrics must not have timestamps\n` });
    expect(protobuf.out[4]).toMatchObject({ status: 400, body: expect.stringContaining('collides') });
  });

  it('applies --push.max-body-bytes to protobuf bodies', async () => {
    const gw = await startTestGateway(['--push.max-body-bytes=100']);
    const big = pb(Array.from({ length: 20 }, (_, i) => `m{i="${i}"} ${i}\n`).join(''));
    expect(big.length).toBeGreaterThan(100);
    expect((await send(gw, 'PUT', '/metrics/job/big', big, PB)).status).toBe(413);
  });
});

/** One delimited message back to its bare bytes (the length varint is one byte here). */
function unframe(body: Uint8Array): Uint8Array {
  return body.subarray(1);
}

describe('protobuf scrapes', () => {
  async function filled(): Promise<TestGateway> {
    const gw = await startTestGateway();
    await send(gw, 'PUT', '/metrics/job/pb/instance/i1', pb(PAYLOAD), PB);
    await send(gw, 'PUT', '/metrics/job/text', 'plain{a="b"} 1\n');
    return gw;
  }

  it('serves delimited protobuf when Accept prefers it: the same families as the text page', async () => {
    const gw = await filled();
    const text = await rawGet(`${gw.url}/metrics`, {});
    const proto = await rawGet(`${gw.url}/metrics`, { Accept: ACCEPT_PB });
    expect(text.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(proto.status).toBe(200);
    expect(proto.headers['content-type']).toBe('application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited');
    const decoded = parseProtobuf(proto.body);
    expect(decoded.diagnostics).toEqual([]);
    expect(renderText(decoded.families)).toBe(text.body.toString('utf8'));
    expect(decoded.families.map((f) => f.name)).toEqual(expect.arrayContaining(['jobs_total', 'lat', 'plain', 'push_time_seconds', 'size', 'temp']));
  });

  it('serves text to every other Accept, and gzips protobuf when asked', async () => {
    const gw = await filled();
    for (const accept of [
      'text/plain;version=0.0.4',
      'application/openmetrics-text;version=1.0.0',
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text',
    ]) {
      const res = await rawGet(`${gw.url}/metrics`, { Accept: accept });
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    }
    const zipped = await rawGet(`${gw.url}/metrics`, { Accept: ACCEPT_PB, 'Accept-Encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(parseProtobuf(gunzipSync(zipped.body)).families.some((f) => f.name === 'jobs_total')).toBe(true);
    const head = await rawGet(`${gw.url}/metrics`, { Accept: ACCEPT_PB }, 'HEAD');
    expect(head.headers['content-type']).toBe(PROTOBUF_DELIMITED_CONTENT_TYPE);
    expect(head.body.length).toBe(0);
  });
});
