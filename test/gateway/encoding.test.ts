/** gzip request bodies and responses, and the size limits. */
import { request } from 'node:http';
import { gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scrape, send, startTestGateway } from './helpers.js';

/** A GET that keeps the raw (possibly gzipped) bytes: fetch would decompress them. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('gzip', () => {
  it('reads gzip request bodies and refuses bad ones like Go', async () => {
    const gw = await startTestGateway();
    const ok = await send(gw, 'POST', '/metrics/job/ct_gz', gzipSync('gz_metric 7\n'), { 'Content-Encoding': 'gzip' });
    expect(ok.status).toBe(200);
    expect(await scrape(gw)).toContain('gz_metric{instance="",job="ct_gz"} 7\n');
    expect(await send(gw, 'POST', '/metrics/job/ct_gz2', 'gz_metric 7\n', { 'Content-Encoding': 'gzip' })).toMatchObject({
      status: 400,
      body: 'gzip: invalid header\n',
    });
    const truncated = gzipSync('gz_metric 8\n').subarray(0, 15);
    expect(await send(gw, 'POST', '/metrics/job/ct_gz3', truncated, { 'Content-Encoding': 'gzip' })).toMatchObject({ status: 400, body: 'unexpected EOF\n' });
  });

  it('gzips /metrics and the API when asked, and only then', async () => {
    const gw = await startTestGateway();
    await send(gw, 'PUT', '/metrics/job/z', 'z_metric 1\n');
    const zipped = await rawGet(`${gw.url}/metrics`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toContain('z_metric{instance="",job="z"} 1\n');
    const plain = await rawGet(`${gw.url}/metrics`, { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('z_metric{instance="",job="z"} 1\n');
    const api = await rawGet(`${gw.url}/api/v1/metrics`, { 'Accept-Encoding': 'gzip' });
    expect(api.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(api.body).toString())).toMatchObject({ status: 'success' });
  });
});

describe('limits', () => {
  it('answers 413 for a body over --push.max-body-bytes, before or after gunzip', async () => {
    const gw = await startTestGateway(['--push.max-body-bytes=1KiB']);
    const big = 'x 1\n'.repeat(300);
    expect(await send(gw, 'PUT', '/metrics/job/big', big)).toMatchObject({
      status: 413,
      body: 'push body is larger than the limit of 1024 bytes (--push.max-body-bytes)\n',
    });
    const bomb = gzipSync(`${'# padding\n'.repeat(10_000)}x 1\n`);
    expect(bomb.length).toBeLessThan(1024);
    expect((await send(gw, 'PUT', '/metrics/job/bomb', bomb, { 'Content-Encoding': 'gzip' })).status).toBe(413);
    expect((await send(gw, 'PUT', '/metrics/job/small', 'x 1\n')).status).toBe(200);
  });

  it('answers 413 for more series than --push.max-series', async () => {
    const gw = await startTestGateway(['--push.max-series', '2']);
    expect(await send(gw, 'PUT', '/metrics/job/many', 'a 1\nb 1\nc{x="1"} 1\n')).toMatchObject({
      status: 413,
      body: 'push has 3 series, more than the limit of 2 (--push.max-series)\n',
    });
    expect((await send(gw, 'PUT', '/metrics/job/few', 'a 1\nb 1\n')).status).toBe(200);
  });
});

describe('dialect', () => {
  it('reads every push as text 0.0.4, OpenMetrics content type and final # EOF included [E44-E46]', async () => {
    const gw = await startTestGateway();
    const om = '# TYPE om_requests counter\n# HELP om_requests Requests.\nom_requests_total 5\nom_requests_created 1.7e9\n# EOF\n';
    const headerSets: Array<Record<string, string>> = [{}, { 'Content-Type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' }];
    for (const headers of headerSets) {
      expect((await send(gw, 'PUT', '/metrics/job/ct_om', om, headers)).status).toBe(200);
      expect(await scrape(gw)).toContain(
        '# TYPE om_requests_created untyped\nom_requests_created{instance="",job="ct_om"} 1.7e+09\n' +
          '# TYPE om_requests_total untyped\nom_requests_total{instance="",job="ct_om"} 5\n',
      );
    }
    // An exemplar is no 0.0.4 syntax.
    const exemplar = await send(gw, 'POST', '/metrics/job/ct_om2', '# TYPE ex_total counter\nex_total 5 # {trace_id="abc"} 1.0\n# EOF\n');
    expect(exemplar.status).toBe(400);
    expect(exemplar.body).toMatch(/^text format parsing error in line 2: expected integer as timestamp, got "#"/);
  });
});

describe('clients that hang up', () => {
  it('survives a client closing the connection in the middle of a large gzipped scrape', async () => {
    const gw = await startTestGateway();
    for (let g = 0; g < 50; g++) {
      let body = '';
      for (let f = 0; f < 10; f++) for (let s = 0; s < 20; s++) body += `hangup_${f}{series="s${s}"} ${g * 1000 + s}\n`;
      expect((await send(gw, 'PUT', `/metrics/job/hangup/instance/g${g}`, body)).status).toBe(200);
    }
    for (const headers of [{ 'Accept-Encoding': 'gzip' }, {}]) {
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve) => {
          const req = request(`${gw.url}/metrics`, { headers }, (res) => {
            res.once('data', () => {
              req.destroy();
              setTimeout(resolve, 20);
            });
          });
          req.on('error', () => resolve());
          req.end();
        });
      }
    }
    // Still serving, and a hang-up is no error worth a stack trace.
    expect(await scrape(gw)).toContain('hangup_0{instance="g0",job="hangup",series="s0"} 0\n');
    expect(gw.logs.join('')).not.toContain('request failed');
  });
});
