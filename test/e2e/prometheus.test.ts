/**
 * A real Prometheus (Debian's `prometheus`) scraping the built CLI every second with
 * `honor_labels: true` and evaluating an alert rule every second: the cron script pushes
 * `data_file_num 8` for {job="cron_job",instance="some_host"}; the query API must return
 * that sample with the pushed job and instance, and the alert DataFileNumHigh must fire.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, get, HOOK_TIMEOUT_MS, repoRoot, requireProgram, startServe, waitFor, startPrometheus } from './support.js';
import { PROMETHEUS_CONFIG, PROMETHEUS_RULES, atPort } from './walkthrough.js';

const run = promisify(execFile);
/** How long Prometheus may take to scrape and evaluate (it needs a few seconds). */
const POLL_MS = 60_000;

interface PromResponse<T> {
  status: string;
  data: T;
}

async function promApi<T>(url: string, path: string): Promise<T> {
  const res = await get(`${url}${path}`);
  const body = (await res.json()) as PromResponse<T>;
  if (res.status !== 200 || body.status !== 'success') throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data;
}

describe('a real Prometheus scraping `expofmt serve`', () => {
  let dir: string;
  let gw: ChildServer;
  let prom: ChildServer | undefined;

  beforeAll(async () => {
    requireProgram('prometheus');
    requireProgram('curl');
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-prom-'));
    gw = await startServe();
    await writeFile(join(dir, 'prometheus.yml'), atPort(PROMETHEUS_CONFIG, gw.port));
    await writeFile(join(dir, 'rules.yml'), PROMETHEUS_RULES);
    prom = await startPrometheus(dir);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.stop();
    await gw?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('the cron push shows up in queries with its job and instance, and the alert fires', { timeout: 2 * POLL_MS + 30_000 }, async () => {
    const prom_ = prom!;
    // The cron job: 8 files wait in its data directory.
    const data = join(dir, 'incoming');
    await mkdir(data);
    for (let i = 0; i < 8; i++) await writeFile(join(data, `file-${i}.csv`), 'x\n');
    const cron = await run('sh', [resolve(repoRoot, 'test/e2e/fixtures/cron-push.sh')], {
      env: { ...process.env, DATA_DIR: data, PUSHGATEWAY: gw.url },
      timeout: 15_000,
    });
    expect(cron.stdout + cron.stderr).toBe('');

    type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
    const sample = await waitFor('data_file_num in Prometheus', POLL_MS, async () => {
      const result = await promApi<{ resultType: string; result: Vector }>(prom_.url, '/api/v1/query?query=data_file_num');
      return result.result.length > 0 ? result : undefined;
    });
    expect(sample.resultType).toBe('vector');
    expect(sample.result).toHaveLength(1);
    // honor_labels: the pushed job and instance win over the scrape target's.
    expect(sample.result[0].metric).toEqual({ __name__: 'data_file_num', job: 'cron_job', instance: 'some_host' });
    expect(sample.result[0].value[1]).toBe('8');

    type Alerts = { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; state: string; value: string }> };
    const alerts = await waitFor('the alert DataFileNumHigh to fire', POLL_MS, async () => {
      const result = await promApi<Alerts>(prom_.url, '/api/v1/alerts');
      return result.alerts.some((a) => a.state === 'firing') ? result : undefined;
    });
    expect(alerts.alerts).toHaveLength(1);
    expect(alerts.alerts[0].labels).toEqual({ alertname: 'DataFileNumHigh', job: 'cron_job', instance: 'some_host' });
    expect(alerts.alerts[0]).toMatchObject({
      annotations: { summary: 'More than 7 files wait in the data directory of some_host.' },
      state: 'firing',
    });
    expect(Number(alerts.alerts[0].value)).toBe(8);

    // Prometheus read the whole page (own metrics included) without complaint.
    type Targets = { activeTargets: Array<{ health: string; lastError: string; scrapeUrl: string }> };
    const targets = await promApi<Targets>(prom_.url, '/api/v1/targets');
    expect(targets.activeTargets).toEqual([expect.objectContaining({ health: 'up', lastError: '', scrapeUrl: `${gw.url}/metrics` })]);
    const up = await promApi<{ result: Vector }>(prom_.url, '/api/v1/query?query=up');
    expect(up.result.map((r) => [r.metric.job, r.value[1]])).toEqual([['pushgateway', '1']]);
    // The push time arrives as a sample too, labelled like the group.
    const pushTime = await promApi<{ result: Vector }>(prom_.url, '/api/v1/query?query=push_time_seconds');
    expect(pushTime.result.map((r) => r.metric)).toEqual([{ __name__: 'push_time_seconds', job: 'cron_job', instance: 'some_host' }]);
  });
});
