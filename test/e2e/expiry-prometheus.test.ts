/**
 * Expiry seen by a real Prometheus (2.42, scraping every second with `honor_labels: true`):
 * a group pushed with a 3 s TTL (curl's header) is scraped, leaves the gateway within a
 * second of its expiry, and its series goes stale in Prometheus; a group pushed without a
 * TTL stays. Then the same across a restart on the persistence file: a group pushed by
 * Python's push_to_gateway (a handler adding the header) with an 8 s TTL comes back from
 * the file with its expiry time and expires on time; the group without TTL is still there.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildServer,
  get,
  HOOK_TIMEOUT_MS,
  PYTHON,
  repoRoot,
  requireProgram,
  requirePythonClient,
  startServe,
  waitFor,
  startPrometheus,
} from './support.js';
import { PROMETHEUS_CONFIG, PROMETHEUS_RULES, atPort } from './walkthrough.js';

const run = promisify(execFile);
const POLL_MS = 60_000;
type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;

async function query(prom: ChildServer, q: string): Promise<Vector> {
  const res = await get(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { status: string; data: { result: Vector } };
  if (res.status !== 200 || body.status !== 'success') throw new Error(`query ${q} answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data.result;
}

interface ApiGroup {
  labels: Record<string, string>;
  expires_at?: string;
}
async function groups(gw: ChildServer): Promise<ApiGroup[]> {
  return ((await (await get(`${gw.url}/api/v1/metrics`)).json()) as { data: ApiGroup[] }).data;
}

/** Polls the gateway every 50 ms until the job's group is gone; resolves to when (ms since the epoch). */
async function goneAt(gw: ChildServer, job: string): Promise<number> {
  return waitFor(`group ${job} to expire`, 30_000, async () => ((await groups(gw)).some((g) => g.labels.job === job) ? undefined : Date.now()), 50);
}

describe('expiry with a real Prometheus', () => {
  let dir: string;
  let gw: ChildServer | undefined;
  let prom: ChildServer | undefined;
  let flags: string[];

  beforeAll(async () => {
    requireProgram('prometheus');
    requireProgram('curl');
    requirePythonClient();
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-expiry-'));
    flags = ['--push.enable-ttl', `--persistence.file=${join(dir, 'pgw.data')}`, '--log.level=info'];
    gw = await startServe(flags);
    await writeFile(join(dir, 'prometheus.yml'), atPort(PROMETHEUS_CONFIG, gw.port));
    await writeFile(join(dir, 'rules.yml'), PROMETHEUS_RULES);
    prom = await startPrometheus(dir);
    // Prometheus scrapes the gateway before the test pushes: a 3 s TTL leaves no time to wait for the first scrape.
    await waitFor('a first scrape', POLL_MS, async () => ((await query(prom!, 'up')).length > 0 ? true : undefined));
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.stop();
    await gw?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('a 3 s TTL group is scraped, expires within a second and goes stale; a group without TTL stays; the same after a restart', {
    timeout: 4 * POLL_MS,
  }, async () => {
    const p = prom!;
    const curl = (path: string, body: string, ...args: string[]) =>
      run('curl', ['-sS', '-f', '-X', 'PUT', '--data-binary', body, ...args, `${gw!.url}${path}`], { timeout: 10_000 });
    await curl('/metrics/job/stay_job', 'stay_metric 1\n');
    await curl('/metrics/job/ttl_job', 'ttl_metric 1\n', '-H', 'Expofmt-TTL: 3s');
    const acked = Date.now();
    const [group] = (await groups(gw!)).filter((g) => g.labels.job === 'ttl_job');
    const expiresAt = Date.parse(group.expires_at!);
    expect(expiresAt - acked).toBeGreaterThan(2000);
    expect(expiresAt - acked).toBeLessThanOrEqual(3000);

    // Scraped while it lives, with its pushed job (honor_labels).
    const seen = await waitFor('ttl_metric in Prometheus', 3000, async () => {
      const r = await query(p, 'ttl_metric');
      return r.length > 0 ? r : undefined;
    });
    expect(seen.map((s) => s.metric)).toEqual([{ __name__: 'ttl_metric', job: 'ttl_job' }]);

    // Gone from the gateway within a second of its expiry, and logged.
    const gone = await goneAt(gw!, 'ttl_job');
    expect(gone).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(gone - expiresAt).toBeLessThan(1000);
    expect(gw!.output()).toContain('msg="group expired" group="{job=\\"ttl_job\\"}"');
    expect(await (await get(`${gw!.url}/metrics`)).text()).not.toContain('ttl_job');

    // Stale in Prometheus at the next scrape (no 5-minute lookback), though it was recorded.
    await waitFor('ttl_metric to go stale', 10_000, async () => ((await query(p, 'ttl_metric')).length === 0 ? true : undefined));
    expect((await query(p, 'count_over_time(ttl_metric[1m])')).map((r) => Number(r.value[1]) > 0)).toEqual([true]);
    expect((await query(p, 'stay_metric')).map((r) => [r.metric.job, r.value[1]])).toEqual([['stay_job', '1']]);

    // Python's push_to_gateway with a handler that adds the header: an 8 s TTL, then a restart.
    await run(PYTHON, [resolve(repoRoot, 'test/e2e/fixtures/push_with_ttl.py'), gw!.url.replace('http://', ''), 'py_job', '8s'], { timeout: 15_000 });
    const [pyGroup] = (await groups(gw!)).filter((g) => g.labels.job === 'py_job');
    expect(pyGroup.expires_at).toBeDefined();
    await waitFor('ttl_metric of py_job in Prometheus', 5000, async () => ((await query(p, 'ttl_metric{job="py_job"}')).length > 0 ? true : undefined));
    expect(await gw!.stop()).toBe(0);
    gw = await startServe(flags, gw!.port);
    const restored = await groups(gw);
    expect(restored.map((g) => [g.labels.job, g.expires_at])).toEqual([
      ['py_job', pyGroup.expires_at],
      ['stay_job', undefined],
    ]);
    const pyGone = await goneAt(gw, 'py_job');
    expect(pyGone - Date.parse(pyGroup.expires_at!)).toBeLessThan(1000);
    expect(pyGone).toBeGreaterThanOrEqual(Date.parse(pyGroup.expires_at!) - 50);
    await waitFor('py_job to go stale', 10_000, async () => ((await query(p, 'ttl_metric')).length === 0 ? true : undefined));
    expect((await query(p, 'stay_metric')).map((r) => [r.metric.job, r.value[1]])).toEqual([['stay_job', '1']]);
    expect((await groups(gw)).map((g) => g.labels.job)).toEqual(['stay_job']);
    expect((await get(`${gw.url}/metrics`).then((r) => r.text())).match(/^pushgateway_groups_.*$/gm)).toEqual([
      'pushgateway_groups_expired_total 1',
      'pushgateway_groups_with_ttl 0',
    ]);
  });
});
