/** The JSON API in Pushgateway's shapes: key order, numbers as strings, groups by grouping key, headers. */
import { describe, expect, it } from 'vitest';
import { send, startTestGateway } from './helpers.js';

const HS = `# HELP req_duration_seconds Request duration.
# TYPE req_duration_seconds histogram
req_duration_seconds_bucket{path="/a",le="0.1"} 1
req_duration_seconds_bucket{path="/a",le="1"} 3
req_duration_seconds_bucket{path="/a",le="+Inf"} 4
req_duration_seconds_sum{path="/a"} 2.5
req_duration_seconds_count{path="/a"} 4
# HELP rpc_latency Latency summary.
# TYPE rpc_latency summary
rpc_latency{quantile="0.5"} 0.2
rpc_latency{quantile="0.99"} 0.9
rpc_latency_sum 12.5
rpc_latency_count 40
`;

const CORS = {
  'access-control-allow-headers': 'Accept, Authorization, Content-Type, Origin',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Date',
  'cache-control': 'no-cache, no-store, must-revalidate',
};

describe('/api/v1/metrics', () => {
  it('writes the raw bytes Pushgateway writes (keys in Go order, "1" after "0.1")', async () => {
    const gw = await startTestGateway();
    expect((await send(gw, 'POST', '/metrics/job/hs/instance/i1', HS)).status).toBe(200);
    const r = await send(gw, 'GET', '/api/v1/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    for (const [k, v] of Object.entries(CORS)) expect(r.headers.get(k)).toBe(v);
    const ts = '"time_stamp":"2023-11-14T22:13:20.5Z"';
    const labels = '"labels":{"instance":"i1","job":"hs"}';
    expect(r.body).toBe(
      `{"status":"success","data":[{${labels},"last_push_successful":true,` +
        `"push_failure_time_seconds":{${ts},"type":"GAUGE","help":"Last Unix time when changing this group in the Pushgateway failed.","metrics":[{${labels},"value":"0"}]},` +
        `"push_time_seconds":{${ts},"type":"GAUGE","help":"Last Unix time when changing this group in the Pushgateway succeeded.","metrics":[{${labels},"value":"1.7000000005e+09"}]},` +
        `"req_duration_seconds":{${ts},"type":"HISTOGRAM","help":"Request duration.","metrics":[{"buckets":{"+Inf":"4","0.1":"1","1":"3"},"count":"4","labels":{"instance":"i1","job":"hs","path":"/a"},"sum":"2.5"}]},` +
        `"rpc_latency":{${ts},"type":"SUMMARY","help":"Latency summary.","metrics":[{"count":"40",${labels},"quantiles":{"0.5":"0.2","0.99":"0.9"},"sum":"12.5"}]}}]}`,
    );
  });

  it('orders groups by grouping key, marks failed pushes, keeps each family its own time', async () => {
    const gw = await startTestGateway();
    gw.clock.now = 1000;
    await send(gw, 'PUT', '/metrics/job/gamma', 'order_metric 1\n');
    await send(gw, 'PUT', '/metrics/job/alpha', 'order_metric 1\nmm_metric 2\n');
    await send(gw, 'PUT', '/metrics/job/beta/instance/b1', 'order_metric 1\n');
    gw.clock.now = 2000;
    await send(gw, 'POST', '/metrics/job/alpha', 'mm_metric 3\n');
    await send(gw, 'PUT', '/metrics/job/gamma/instance/x', '# TYPE order_metric counter\norder_metric 1\n');
    const data = JSON.parse((await send(gw, 'GET', '/api/v1/metrics')).body).data as Array<Record<string, any>>;
    expect(data.map((g) => g.labels)).toEqual([{ instance: 'b1', job: 'beta' }, { instance: 'x', job: 'gamma' }, { job: 'alpha' }, { job: 'gamma' }]);
    expect(data.map((g) => g.last_push_successful)).toEqual([true, false, true, true]);
    expect(data[2].order_metric.time_stamp).toBe('1970-01-01T00:16:40Z');
    expect(data[2].mm_metric.time_stamp).toBe('1970-01-01T00:33:20Z');
    expect(data[2].push_time_seconds.time_stamp).toBe('1970-01-01T00:33:20Z');
    expect(data[2].push_failure_time_seconds.time_stamp).toBe('1970-01-01T00:16:40Z');
    expect(data[2].mm_metric).toEqual({
      time_stamp: '1970-01-01T00:33:20Z',
      type: 'UNTYPED',
      metrics: [{ labels: { instance: '', job: 'alpha' }, value: '3' }],
    });
    expect(data[1]).toEqual({
      labels: { instance: 'x', job: 'gamma' },
      last_push_successful: false,
      push_failure_time_seconds: expect.objectContaining({ metrics: [{ labels: { instance: 'x', job: 'gamma' }, value: '2000' }] }),
      push_time_seconds: expect.objectContaining({ metrics: [{ labels: { instance: 'x', job: 'gamma' }, value: '0' }] }),
    });
  });

  it('answers OPTIONS with the CORS headers', async () => {
    const gw = await startTestGateway();
    const r = await send(gw, 'OPTIONS', '/api/v1/metrics');
    expect(r.status).toBe(200);
    for (const [k, v] of Object.entries(CORS)) expect(r.headers.get(k)).toBe(v);
  });
});

describe('/api/v1/status', () => {
  it('has build information, every flag as a string, and the start time', async () => {
    const gw = await startTestGateway(['--persistence.interval=1s', '--web.enable-admin-api']);
    const r = await send(gw, 'GET', '/api/v1/status');
    for (const [k, v] of Object.entries(CORS)) expect(r.headers.get(k)).toBe(v);
    const body = JSON.parse(r.body);
    expect(Object.keys(body)).toEqual(['status', 'data']);
    expect(Object.keys(body.data)).toEqual(['build_information', 'flags', 'start_time']);
    expect(Object.keys(body.data.build_information)).toEqual(['branch', 'buildDate', 'buildUser', 'goVersion', 'nodeVersion', 'revision', 'version']);
    expect(body.data.flags).toMatchObject({
      'web.listen-address': '127.0.0.1:0',
      'web.telemetry-path': '/metrics',
      'persistence.interval': '1s',
      'web.enable-admin-api': 'true',
      'push.disable-consistency-check': 'false',
      'log.format': 'logfmt',
    });
    expect(Object.keys(body.data.flags)).toEqual(Object.keys(body.data.flags).sort());
    expect(body.data.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
