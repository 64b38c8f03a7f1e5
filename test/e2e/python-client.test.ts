/**
 * Python's prometheus_client (Debian's python3-prometheus-client) against the built CLI:
 * push_to_gateway (PUT), pushadd_to_gateway (POST) and delete_from_gateway (DELETE) with a
 * Counter, Gauge, Histogram and Summary, a grouping value with a `/` (sent as `@base64`) and
 * an empty one (sent as `@base64/=`). The exact pushed lines of /metrics and the JSON API.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChildServer,
  get,
  HOOK_TIMEOUT_MS,
  PUSH_FAILURE_HEAD,
  PUSH_TIME_HEAD,
  pushedPage,
  PYTHON,
  repoRoot,
  requirePythonClient,
  startServe,
} from './support.js';

const run = promisify(execFile);
const EXAMPLE = resolve(repoRoot, 'test/e2e/fixtures/push_example.py');

async function step(name: 'push' | 'pushadd' | 'delete', port: number): Promise<string> {
  const { stdout } = await run(PYTHON, [EXAMPLE, name, `127.0.0.1:${port}`], { timeout: 20_000 });
  return stdout;
}

/** The page with the Python client's `*_created` values (its start times) normalised too. */
async function page(url: string): Promise<string> {
  return (await pushedPage(url)).replace(/^(\w+_created\{[^}]*\}) \S+$/gm, '$1 <TS>');
}

const L = 'instance="",job="batch",path="/var/tmp"';
const head = (name: string, help: string, type: string) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;

const batchFamilies = (lastSuccess: string) =>
  head('job_duration_seconds', 'Duration of the batch job.', 'histogram') +
  `job_duration_seconds_bucket{${L},le="0.5"} 0\n` +
  `job_duration_seconds_bucket{${L},le="1"} 1\n` +
  `job_duration_seconds_bucket{${L},le="5"} 2\n` +
  `job_duration_seconds_bucket{${L},le="+Inf"} 2\n` +
  `job_duration_seconds_sum{${L}} 2.7\n` +
  `job_duration_seconds_count{${L}} 2\n` +
  head('job_duration_seconds_created', 'Duration of the batch job.', 'gauge') +
  `job_duration_seconds_created{${L}} <TS>\n` +
  head('job_last_success_unixtime', 'Last time the batch job finished.', 'gauge') +
  `job_last_success_unixtime{${L}} ${lastSuccess}\n` +
  head('job_payload_bytes', 'Payload size.', 'summary') +
  `job_payload_bytes_sum{${L}} 400\n` +
  `job_payload_bytes_count{${L}} 2\n` +
  head('job_payload_bytes_created', 'Payload size.', 'gauge') +
  `job_payload_bytes_created{${L}} <TS>\n` +
  head('job_records_processed_created', 'Records processed.', 'gauge') +
  `job_records_processed_created{instance="",job="batch",kind="a",path="/var/tmp"} <TS>\n` +
  `job_records_processed_created{instance="",job="batch",kind="b",path="/var/tmp"} <TS>\n` +
  head('job_records_processed_total', 'Records processed.', 'counter') +
  `job_records_processed_total{instance="",job="batch",kind="a",path="/var/tmp"} 3\n` +
  `job_records_processed_total{instance="",job="batch",kind="b",path="/var/tmp"} 1\n`;

/** /api/v1/metrics with times and the Python client's start times normalised. */
async function api(url: string): Promise<unknown> {
  const res = await get(`${url}/api/v1/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = JSON.parse(await res.text()) as { data: Array<Record<string, unknown>> };
  for (const group of body.data) {
    for (const [name, family] of Object.entries(group)) {
      if (name === 'labels' || name === 'last_push_successful') continue;
      const f = family as { time_stamp: string; metrics: Array<{ value?: string }> };
      f.time_stamp = '<TIME>';
      if (/_created$|^push_(failure_)?time_seconds$/.test(name)) for (const m of f.metrics) if (m.value !== '0') m.value = '<TS>';
    }
  }
  return body;
}

const gauge = (help: string, metrics: unknown[]) => ({ time_stamp: '<TIME>', type: 'GAUGE', help, metrics });
const pushTimes = (labels: Record<string, string>) => ({
  push_failure_time_seconds: gauge('Last Unix time when changing this group in the Pushgateway failed.', [{ labels, value: '0' }]),
  push_time_seconds: gauge('Last Unix time when changing this group in the Pushgateway succeeded.', [{ labels, value: '<TS>' }]),
});

describe('Python prometheus_client against `expofmt serve`', () => {
  let gw: ChildServer;
  beforeEach(async () => {
    requirePythonClient();
    gw = await startServe();
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    await gw?.stop();
  }, HOOK_TIMEOUT_MS);

  it('push_to_gateway, pushadd_to_gateway, delete_from_gateway', async () => {
    expect(await step('push', gw.port)).toBe('push ok\n');
    expect(await page(gw.url)).toBe(
      batchFamilies('1.7e+09') + PUSH_FAILURE_HEAD + `push_failure_time_seconds{${L}} 0\n` + PUSH_TIME_HEAD + `push_time_seconds{${L}} <TS>\n`,
    );

    expect(await step('pushadd', gw.port)).toBe('pushadd ok\n');
    const shard = 'instance="",job="batch",shard=""';
    expect(await page(gw.url)).toBe(
      batchFamilies('1.7000001e+09') +
        head('job_shards_done', 'Shards done.', 'gauge') +
        `job_shards_done{${shard}} 4\n` +
        PUSH_FAILURE_HEAD +
        // Fewer labels first, then label values position by position: "" < "/var/tmp".
        `push_failure_time_seconds{${shard}} 0\n` +
        `push_failure_time_seconds{${L}} 0\n` +
        PUSH_TIME_HEAD +
        `push_time_seconds{${shard}} <TS>\n` +
        `push_time_seconds{${L}} <TS>\n`,
    );

    const pathLabels = { instance: '', job: 'batch', path: '/var/tmp' };
    const shardLabels = { instance: '', job: 'batch', shard: '' };
    expect(await api(gw.url)).toEqual({
      status: 'success',
      data: [
        // Grouping-key order: "job","batch","path",... < "job","batch","shard",...
        {
          labels: { job: 'batch', path: '/var/tmp' },
          last_push_successful: true,
          job_duration_seconds: {
            time_stamp: '<TIME>',
            type: 'HISTOGRAM',
            help: 'Duration of the batch job.',
            metrics: [{ labels: pathLabels, buckets: { '0.5': '0', '1': '1', '5': '2', '+Inf': '2' }, count: '2', sum: '2.7' }],
          },
          job_duration_seconds_created: gauge('Duration of the batch job.', [{ labels: pathLabels, value: '<TS>' }]),
          job_last_success_unixtime: gauge('Last time the batch job finished.', [{ labels: pathLabels, value: '1.7000001e+09' }]),
          job_payload_bytes: {
            time_stamp: '<TIME>',
            type: 'SUMMARY',
            help: 'Payload size.',
            metrics: [{ labels: pathLabels, quantiles: {}, count: '2', sum: '400' }],
          },
          job_payload_bytes_created: gauge('Payload size.', [{ labels: pathLabels, value: '<TS>' }]),
          job_records_processed_created: gauge('Records processed.', [
            { labels: { ...pathLabels, kind: 'a' }, value: '<TS>' },
            { labels: { ...pathLabels, kind: 'b' }, value: '<TS>' },
          ]),
          job_records_processed_total: {
            time_stamp: '<TIME>',
            type: 'COUNTER',
            help: 'Records processed.',
            metrics: [
              { labels: { ...pathLabels, kind: 'a' }, value: '3' },
              { labels: { ...pathLabels, kind: 'b' }, value: '1' },
            ],
          },
          ...pushTimes(pathLabels),
        },
        {
          labels: { job: 'batch', shard: '' },
          last_push_successful: true,
          job_shards_done: gauge('Shards done.', [{ labels: shardLabels, value: '4' }]),
          ...pushTimes(shardLabels),
        },
      ],
    });

    expect(await step('delete', gw.port)).toBe('delete ok\n');
    expect(await page(gw.url)).toBe('');
    expect(await api(gw.url)).toEqual({ status: 'success', data: [] });
  });

  it('surfaces a refused push as an HTTPError 400 in the client', async () => {
    const script = `
import sys
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway
r = CollectorRegistry()
Gauge('clash_total', 'Now a gauge.', registry=r).set(1)
push_to_gateway(sys.argv[1], job='a', registry=r)
r = CollectorRegistry()
Gauge('clash_total', 'Same name.', ['x'], registry=r).labels('1').set(1)
try:
    push_to_gateway(sys.argv[1], job='a', grouping_key={'instance': ''}, registry=r)
    print('accepted')
except Exception as e:
    print(type(e).__name__, e)
`;
    const { stdout } = await run(PYTHON, ['-c', script, `127.0.0.1:${gw.port}`], { timeout: 20_000 });
    // {job=a} and {job=a,instance=""} would serve the same push_time_seconds series [E89].
    expect(stdout).toBe('HTTPError HTTP Error 400: Bad Request\n');
    expect(await page(gw.url)).toBe(
      head('clash_total', 'Now a gauge.', 'gauge') +
        'clash_total{instance="",job="a"} 1\n' +
        PUSH_FAILURE_HEAD +
        'push_failure_time_seconds{instance="",job="a"} 0\n' +
        PUSH_TIME_HEAD +
        'push_time_seconds{instance="",job="a"} <TS>\n',
    );
  });
});
