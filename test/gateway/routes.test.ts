/** Status codes and texts of every route, the consistency check over HTTP, and no lock-ups. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { scrape, send, startTestGateway } from './helpers.js';

const INVALID = 'pushed metrics are invalid or inconsistent with existing metrics: ';

describe('routes', () => {
  it('answers 405 with Allow on push paths, 404 elsewhere, OK on health', async () => {
    const gw = await startTestGateway();
    const r = await send(gw, 'GET', '/metrics/job/some_job');
    expect(r).toMatchObject({ status: 405, body: 'Method Not Allowed\n' });
    expect(r.headers.get('allow')).toBe('DELETE, OPTIONS, POST, PUT');
    expect(await send(gw, 'GET', '/no/such/path')).toMatchObject({ status: 404, body: '404 page not found\n' });
    expect(await send(gw, 'POST', '/metrics/job')).toMatchObject({ status: 404 });
    expect(await send(gw, 'GET', '/-/healthy')).toMatchObject({ status: 200, body: 'OK' });
    expect(await send(gw, 'GET', '/-/ready')).toMatchObject({ status: 200, body: 'OK' });
  });

  it('gives the parse error and the URL errors as 400, touching nothing', async () => {
    const gw = await startTestGateway();
    // The parser's own message (src/parse) follows the prefix; only the prefix is the gateway's.
    const parseError = await send(gw, 'POST', '/metrics/job/bad', 'this is not valid\n');
    expect(parseError.status).toBe(400);
    expect(parseError.body).toMatch(/^text format parsing error in line 1: expected float as value, got "is".*\n$/);
    expect(await send(gw, 'POST', '/metrics/job/oddjob/a/b/c', 'x 1\n')).toMatchObject({
      status: 400,
      body: 'odd number of components in label string "/a/b/c"\n',
    });
    expect(await send(gw, 'POST', '/metrics/job/badlbl/a-b/x', 'x 1\n')).toMatchObject({ status: 400, body: 'improper label name "a-b"\n' });
    expect(await send(gw, 'PUT', '/metrics/job@base64/=', 'x 1\n')).toMatchObject({ status: 400, body: 'job name is required\n' });
    expect(await scrape(gw)).toBe('');
  });

  it('never locks up after bad base64 in the job', async () => {
    const gw = await startTestGateway();
    expect(await send(gw, 'POST', '/metrics/job@base64/foo.bar', 'x 1\n')).toMatchObject({
      status: 400,
      body: 'invalid base64 encoding in job name "foo.bar": illegal base64 data at input byte 3\n',
    });
    const r = await send(gw, 'POST', '/metrics/job@base64/YWZ0ZXI', 'after_wedge 1\n');
    expect(r.status).toBe(200);
    expect(await scrape(gw)).toContain('after_wedge{instance="",job="after"} 1\n');
  });

  it('refuses timestamps and reports several errors the way Go does', async () => {
    const gw = await startTestGateway();
    expect(await send(gw, 'POST', '/metrics/job/failg', 'keep_metric 1 1700000000000\n')).toMatchObject({
      status: 400,
      body: `${INVALID}pushed metrics must not have timestamps\n`,
    });
    const r = await send(gw, 'POST', '/metrics/job/d', 'a 1\na 2\nb{x="1"} 1\nb{x="1"} 2\n');
    expect(r.status).toBe(400);
    expect(r.body).toMatch(new RegExp(`^${INVALID}2 error\\(s\\) occurred:\\n\\* series a\\{.*\\n\\* series b\\{.*\\n$`));
  });

  it('never jams: {job=dup,instance=""} next to {job=dup} is refused and scrapes and pushes go on', async () => {
    const gw = await startTestGateway();
    expect((await send(gw, 'POST', '/metrics/job/dup', 'dup_metric{x="1"} 1\n')).status).toBe(200);
    const r = await send(gw, 'POST', '/metrics/job/dup/instance@base64/=', 'dup_metric{x="1"} 2\n');
    expect(r.status).toBe(400);
    expect(r.body.startsWith(`${INVALID}3 error(s) occurred:`)).toBe(true);
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(200);
    expect((await send(gw, 'POST', '/metrics/job/unrelated', 'unrelated_metric 1\n')).status).toBe(200);
  });

  it('checks pushes against the own metrics: type must match, HELP is the own one, no suffix collisions', async () => {
    const gw = await startTestGateway();
    let r = await send(gw, 'POST', '/metrics/job/own', 'pushgateway_http_requests_total 5\n');
    expect(r).toMatchObject({
      status: 400,
      body: `${INVALID}family "pushgateway_http_requests_total" is untyped in group {job="own"} but counter in the gateway's own metrics\n`,
    });
    r = await send(
      gw,
      'POST',
      '/metrics/job/own',
      '# HELP pushgateway_http_requests_total Custom.\n# TYPE pushgateway_http_requests_total counter\npushgateway_http_requests_total 5\n',
    );
    expect(r.status).toBe(200);
    const page = await (await fetch(`${gw.url}/metrics`)).text();
    expect(page).toContain('# HELP pushgateway_http_requests_total Total HTTP requests processed by the Pushgateway, excluding scrapes.\n');
    expect(page).toContain('pushgateway_http_requests_total{instance="",job="own"} 5\n');
    expect(page.match(/# TYPE pushgateway_http_requests_total/g)).toHaveLength(1);
    r = await send(gw, 'POST', '/metrics/job/own2', 'pushgateway_http_push_size_bytes_count 3\n');
    expect(r.status).toBe(400);
    expect(r.body).toContain('collides with the samples of the gateway\'s own summary "pushgateway_http_push_size_bytes"');
  });

  it('with --push.disable-consistency-check answers 202 and serves what it can', async () => {
    const gw = await startTestGateway(['--push.disable-consistency-check']);
    expect((await send(gw, 'POST', '/metrics/job/ta', '# TYPE conflict_metric counter\nconflict_metric 1\n')).status).toBe(202);
    expect((await send(gw, 'POST', '/metrics/job/tb', '# TYPE conflict_metric gauge\nconflict_metric 2\n')).status).toBe(202);
    expect((await send(gw, 'POST', '/metrics/job/bad', 'this is not valid\n')).status).toBe(400);
    // Known synchronously here, so said (Pushgateway answers 202 and refuses later).
    expect((await send(gw, 'POST', '/metrics/job/tsx', 'tsx_metric 1 1700000000000\n')).status).toBe(400);
    const page = await scrape(gw);
    expect(page).toContain('# TYPE conflict_metric counter\nconflict_metric{instance="",job="ta"} 1\n');
    expect(page).not.toContain('job="tb"} 2');
    expect(gw.logs.join('')).toContain('left inconsistent metrics out of the scrape');
  });

  it('wipes only with --web.enable-admin-api', async () => {
    const off = await startTestGateway();
    expect(await send(off, 'PUT', '/api/v1/admin/wipe')).toMatchObject({ status: 404, body: '404 page not found\n' });
    const gw = await startTestGateway(['--web.enable-admin-api']);
    await send(gw, 'POST', '/metrics/job/w1', 'w_metric 1\n');
    await send(gw, 'POST', '/metrics/job/w2/instance/x', 'w_metric 2\n');
    const wrong = await send(gw, 'POST', '/api/v1/admin/wipe');
    expect(wrong).toMatchObject({ status: 405, body: 'Method Not Allowed\n' });
    expect(wrong.headers.get('allow')).toBe('OPTIONS, PUT');
    expect(await send(gw, 'PUT', '/api/v1/admin/wipe')).toMatchObject({ status: 202, body: '' });
    expect(await scrape(gw)).toBe('');
  });

  it('quits only with --web.enable-lifecycle', async () => {
    const off = await startTestGateway();
    expect(await send(off, 'PUT', '/-/quit')).toMatchObject({ status: 403, body: 'Lifecycle API is not enabled.' });
    expect(await send(off, 'GET', '/-/quit')).toMatchObject({ status: 405, body: 'Only POST or PUT requests allowed.' });
    const gw = await startTestGateway(['--web.enable-lifecycle']);
    expect(await send(gw, 'POST', '/-/quit')).toMatchObject({ status: 200, body: 'Requesting termination... Goodbye!' });
    await gw.running.stopped;
    await expect(fetch(`${gw.url}/-/healthy`)).rejects.toThrow();
  });

  it('serves under --web.route-prefix and at --web.telemetry-path', async () => {
    const gw = await startTestGateway(['--web.route-prefix=/pgw/', '--web.telemetry-path=/prom']);
    expect((await send(gw, 'PUT', '/pgw/metrics/job/p', 'p_metric 1\n')).status).toBe(200);
    expect((await send(gw, 'PUT', '/metrics/job/p', 'p_metric 1\n')).status).toBe(404);
    const page = await send(gw, 'GET', '/pgw/prom');
    expect(page.body).toContain('p_metric{instance="",job="p"} 1\n');
    expect((await send(gw, 'GET', '/pgw/metrics')).status).toBe(404);
    const root = await fetch(`${gw.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/pgw/');
  });

  it('counts requests by code, handler and method, excluding scrapes', async () => {
    const gw = await startTestGateway();
    await send(gw, 'POST', '/metrics/job/c', 'c 1\n');
    await send(gw, 'POST', '/metrics/job/c', 'c{ 1\n');
    await send(gw, 'DELETE', '/metrics/job/c');
    await send(gw, 'GET', '/-/healthy');
    const page = await (await fetch(`${gw.url}/metrics`)).text();
    expect(page).toContain('pushgateway_http_requests_total{code="200",handler="push",method="post"} 1\n');
    expect(page).toContain('pushgateway_http_requests_total{code="400",handler="push",method="post"} 1\n');
    expect(page).toContain('pushgateway_http_requests_total{code="202",handler="delete",method="delete"} 1\n');
    expect(page).toContain('pushgateway_http_requests_total{code="200",handler="healthy",method="get"} 1\n');
    expect(page).toMatch(/pushgateway_http_push_duration_seconds_count\{method="post"\} 2\n/);
    expect(page).toMatch(/pushgateway_http_push_size_bytes\{method="post",quantile="0.5"\} \d/);
  });
});

describe('headers', () => {
  it('writes the headers of text replies sorted by name, as Go does (Allow before Content-Type) [E5]', async () => {
    const gw = await startTestGateway();
    const names = await new Promise<string[]>((resolve, reject) => {
      request(`${gw.url}/metrics/job/some_job`, { method: 'GET' }, (res) => {
        res.resume();
        resolve(res.rawHeaders.filter((_, i) => i % 2 === 0));
      })
        .on('error', reject)
        .end();
    });
    const own = names.filter((n) => ['Allow', 'Content-Type', 'X-Content-Type-Options'].includes(n));
    expect(own).toEqual(['Allow', 'Content-Type', 'X-Content-Type-Options']);
  });
});
