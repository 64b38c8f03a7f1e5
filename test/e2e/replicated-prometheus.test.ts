/**
 * A real Prometheus (Debian's `prometheus`) scraping two replicas on one replicated store,
 * each target labelled with its replica, with the seed's alert `data_file_num > 7`: the
 * cron script pushes through one replica and the other serves the sample too; then it
 * pushes through the other replica, and both serve that.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replicas, startReplicas } from './replicas.js';
import { type ChildServer, get, HOOK_TIMEOUT_MS, repoRoot, requireProgram, waitFor, startPrometheus } from './support.js';
import { PROMETHEUS_RULES } from './walkthrough.js';

const run = promisify(execFile);
const POLL_MS = 60_000;

type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
type Alerts = { alerts: Array<{ labels: Record<string, string>; state: string; value: string }> };

async function promApi<T>(url: string, path: string): Promise<T> {
  const res = await get(`${url}${path}`);
  const body = (await res.json()) as { status: string; data: T };
  if (res.status !== 200 || body.status !== 'success') throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data;
}

/** The seed's scrape config, with one target per replica, each labelled `replica`. */
function prometheusConfig(ports: number[]): string {
  return `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - rules.yml
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs:
${ports.map((p, i) => `      - targets: ['127.0.0.1:${p}']\n        labels: { replica: r${i} }`).join('\n')}
`;
}

it("the README shows this scrape config (with the README's ports)", () => {
  const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
  const config = prometheusConfig([9091, 9092]);
  expect(readme).toContain(config.slice(config.indexOf('scrape_configs:')));
});

describe('a real Prometheus scraping two replicas', () => {
  let dir: string;
  let r: Replicas;
  let prom: ChildServer | undefined;

  beforeAll(async () => {
    requireProgram('prometheus');
    requireProgram('curl');
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-replicas-prom-'));
    r = await startReplicas(2);
    await writeFile(join(dir, 'prometheus.yml'), prometheusConfig(r.replicas.map((x) => x.port)));
    await writeFile(join(dir, 'rules.yml'), PROMETHEUS_RULES);
    prom = await startPrometheus(dir);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.stop();
    await r?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  /** The cron script with `files` files waiting, pushing through `url`. */
  async function cron(files: number, url: string): Promise<void> {
    const data = join(dir, 'incoming');
    await rm(data, { recursive: true, force: true });
    await mkdir(data);
    for (let i = 0; i < files; i++) await writeFile(join(data, `file-${i}.csv`), 'x\n');
    expect(await readdir(data)).toHaveLength(files);
    const out = await run('sh', [resolve(repoRoot, 'test/e2e/fixtures/cron-push.sh')], {
      env: { ...process.env, DATA_DIR: data, PUSHGATEWAY: url },
      timeout: 15_000,
    });
    expect(out.stdout + out.stderr).toBe('');
  }

  /** data_file_num per replica, once both replicas serve `value`. */
  const bothAt = (value: string) =>
    waitFor(`data_file_num ${value} from both replicas`, POLL_MS, async () => {
      const result = await promApi<{ result: Vector }>(prom!.url, '/api/v1/query?query=data_file_num');
      return result.result.length === 2 && result.result.every((s) => s.value[1] === value) ? result.result : undefined;
    });

  it('the cron push through either replica reaches both, and the alert fires and clears', { timeout: 4 * POLL_MS }, async () => {
    const [a, b] = r.replicas;
    await cron(8, b.url);
    const eight = await bothAt('8');
    expect(eight.map((s) => s.metric).sort((x, y) => (x.replica < y.replica ? -1 : 1))).toEqual([
      { __name__: 'data_file_num', job: 'cron_job', instance: 'some_host', replica: 'r0' },
      { __name__: 'data_file_num', job: 'cron_job', instance: 'some_host', replica: 'r1' },
    ]);
    const alerts = await waitFor('DataFileNumHigh to fire for both replicas', POLL_MS, async () => {
      const result = await promApi<Alerts>(prom!.url, '/api/v1/alerts');
      return result.alerts.filter((x) => x.state === 'firing').length === 2 ? result.alerts : undefined;
    });
    expect(alerts.map((x) => x.labels.replica).sort()).toEqual(['r0', 'r1']);
    for (const alert of alerts) expect(alert.labels).toMatchObject({ alertname: 'DataFileNumHigh', job: 'cron_job', instance: 'some_host' });

    // Files processed; the next run pushes through the other replica.
    await cron(3, a.url);
    await bothAt('3');
    await waitFor('DataFileNumHigh to clear', POLL_MS, async () => {
      const result = await promApi<Alerts>(prom!.url, '/api/v1/alerts');
      return result.alerts.length === 0 ? true : undefined;
    });
    type Targets = { activeTargets: Array<{ health: string; lastError: string }> };
    const targets = await promApi<Targets>(prom!.url, '/api/v1/targets');
    expect(targets.activeTargets.map((t) => [t.health, t.lastError])).toEqual([
      ['up', ''],
      ['up', ''],
    ]);
  });
});
