/**
 * UTF-8 names end to end (issue 14): the built CLI with `--push.enable-utf8-names`, real
 * `curl` pushing quoted names (Debian's Python and Go clients predate UTF-8 names) to a
 * push URL with a `U__`-escaped label name, curl scraping with each `Accept` variant, and
 * a real Prometheus 2.42 (`honor_labels: true`) scraping it: Prometheus asks for no
 * escaping scheme, so it gets and stores the `underscores` names, and a query for them
 * returns the pushed value. With the flag off the same push answers 400 and nothing is stored.
 * In headless Chromium, the UI shows UTF-8 grouping labels and Delete Group removes such a group.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  CHROMIUM,
  type ChildServer,
  get,
  HOOK_TIMEOUT_MS,
  PUSH_FAILURE_HEAD,
  PUSH_TIME_HEAD,
  pushedPage,
  requireProgram,
  startServe,
  waitFor,
  startPrometheus,
} from './support.js';

const run = promisify(execFile);
const POLL_MS = 60_000;

const BODY = `# HELP "my.metric" Dots in the name.
# TYPE "my.metric" gauge
{"my.metric","host.name"="a"} 42
`;
const PUSH_PATH = '/metrics/job/utf8/U__zone_2e_id/eu';
const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const PB = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/** curl, printing the Content-Type and then the status code on last lines of their own. */
async function curl(args: string[]): Promise<{ status: number; type: string; body: string }> {
  const { stdout } = await run('curl', ['--silent', '--show-error', '--max-time', '10', '--write-out', '\n%{content_type}\n%{http_code}', ...args], {
    timeout: 15_000,
  });
  const lines = stdout.split('\n');
  const status = Number(lines.pop());
  const type = lines.pop()!;
  return { status, type, body: lines.join('\n') };
}

/** A scrape with `accept` (none: curl's `*\/*`), the pushed part only. */
async function scrapeWith(url: string, accept?: string): Promise<{ type: string; page: string }> {
  const res = await curl([...(accept === undefined ? [] : ['-H', `Accept: ${accept}`]), `${url}/metrics`]);
  expect(res.status).toBe(200);
  const own = /^(# (HELP|TYPE) )?(process_|pushgateway_|nodejs_)/;
  const page = res.body
    .split('\n')
    .filter((l) => l !== '' && !own.test(l))
    .map((l) => `${l.replace(/^(push_time_seconds\S*) (?!0$)\S+$/, '$1 <TS>')}\n`)
    .join('');
  return { type: res.type, page };
}

function pageFor(name: string, help: string, series: string, push: (head: string) => string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${series} 42\n${push('')}`;
}

const pushTimes = (labels: string) => `${PUSH_FAILURE_HEAD}push_failure_time_seconds{${labels}} 0\n${PUSH_TIME_HEAD}push_time_seconds{${labels}} <TS>\n`;

describe('UTF-8 names: curl and Prometheus 2.42 against `expofmt serve`', () => {
  let dir: string;
  let on: ChildServer;
  let off: ChildServer;
  let prom: ChildServer | undefined;

  beforeAll(async () => {
    requireProgram('prometheus');
    requireProgram('curl');
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-utf8-'));
    on = await startServe(['--push.enable-utf8-names']);
    off = await startServe();
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:${on.port}']\n`,
    );
    prom = await startPrometheus(dir);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.stop();
    await on?.stop();
    await off?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('flag off: the push answers 400 with the reason and nothing is stored', async () => {
    const res = await curl(['-X', 'PUT', '--data-binary', BODY, `${off.url}/metrics/job/utf8`]);
    expect(res).toMatchObject({ status: 400, body: 'text format parsing error in line 1: invalid metric name "my.metric"\n' });
    const path = await curl(['-X', 'PUT', '--data-binary', 'x 1\n', `${off.url}/metrics/job/utf8/zone.id/eu`]);
    expect(path).toMatchObject({ status: 400, body: 'improper label name "zone.id"\n' });
    expect(await pushedPage(off.url)).toBe('');
    expect((await scrapeWith(off.url)).type).toBe(TEXT);
  });

  it('flag on: curl pushes quoted names; each Accept gets its page and Content-Type', async () => {
    expect(await curl(['-X', 'PUT', '--data-binary', BODY, `${on.url}${PUSH_PATH}`])).toMatchObject({ status: 200, body: '' });
    const cases: Array<[string | undefined, string, string]> = [
      [
        undefined,
        `${TEXT}; escaping=underscores`,
        pageFor('my_metric', 'Dots in the name.', 'my_metric{host_name="a",instance="",job="utf8",zone_id="eu"}', () =>
          pushTimes('instance="",job="utf8",zone_id="eu"'),
        ),
      ],
      [
        'text/plain;version=1.0.0;escaping=allow-utf-8',
        `${TEXT}; escaping=allow-utf-8`,
        pageFor('"my.metric"', 'Dots in the name.', '{"my.metric","host.name"="a",instance="",job="utf8","zone.id"="eu"}', () =>
          pushTimes('instance="",job="utf8","zone.id"="eu"'),
        ),
      ],
      [
        'text/plain;version=0.0.4;escaping=dots',
        `${TEXT}; escaping=dots`,
        pageFor('my_dot_metric', 'Dots in the name.', 'my_dot_metric{host_dot_name="a",instance="",job="utf8",zone_dot_id="eu"}', () =>
          pushTimes('instance="",job="utf8",zone_dot_id="eu"'),
        ),
      ],
      [
        'text/plain;version=0.0.4;escaping=values',
        `${TEXT}; escaping=values`,
        pageFor('U__my_2e_metric', 'Dots in the name.', 'U__my_2e_metric{U__host_2e_name="a",instance="",job="utf8",U__zone_2e_id="eu"}', () =>
          pushTimes('instance="",job="utf8",U__zone_2e_id="eu"'),
        ),
      ],
    ];
    for (const [accept, type, page] of cases) {
      const got = await scrapeWith(on.url, accept);
      expect(got.type, accept).toBe(type);
      expect(got.page, accept).toBe(page);
    }
    // OpenMetrics is not offered (as by Pushgateway): text, with the scheme the entry named.
    expect((await scrapeWith(on.url, 'application/openmetrics-text;version=1.0.0;escaping=values')).type).toBe(`${TEXT}; escaping=values`);
    const pb = await curl(['-o', '/dev/null', '-H', `Accept: ${PB.replaceAll(' ', '')};escaping=allow-utf-8`, `${on.url}/metrics`]);
    expect(pb).toMatchObject({ status: 200, type: `${PB}; escaping=allow-utf-8` });
  });

  it('Prometheus 2.42 stores the underscores names and a query returns the pushed value', { timeout: POLL_MS + 30_000 }, async () => {
    const prom_ = prom!;
    type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
    const query = async (q: string) => {
      const res = await get(`${prom_.url}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { status: string; data: { result: Vector } };
      if (body.status !== 'success') throw new Error(JSON.stringify(body));
      return body.data.result;
    };
    const result = await waitFor('my_metric in Prometheus', POLL_MS, async () => {
      const r = await query('my_metric');
      return r.length > 0 ? r : undefined;
    });
    expect(result.map((r) => [r.metric, r.value[1]])).toEqual([[{ __name__: 'my_metric', host_name: 'a', job: 'utf8', zone_id: 'eu' }, '42']]);
    const targets = await get(`${prom_.url}/api/v1/targets`);
    const t = (await targets.json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
    expect(t.data.activeTargets).toEqual([expect.objectContaining({ health: 'up', lastError: '' })]);
  });
});

describe('UTF-8 grouping labels in the web UI (headless Chromium)', () => {
  let gw: ChildServer;
  let profile: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    requireProgram(CHROMIUM);
    requireProgram('curl');
    gw = await startServe(['--push.enable-utf8-names']);
    profile = await mkdtemp(join(tmpdir(), 'expofmt-e2e-utf8-chromium-'));
    await mkdir(artifactsDir, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      timeout: 30_000,
    });
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await gw?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('shows UTF-8 names and deletes a group with a UTF-8 label name with Delete Group', async () => {
    expect(await curl(['-X', 'PUT', '--data-binary', BODY, `${gw.url}${PUSH_PATH}`])).toMatchObject({ status: 200 });
    // A raw UTF-8 label name, percent-encoded by the client.
    expect(await curl(['-X', 'PUT', '--data-binary', 'plain 1\n', `${gw.url}/metrics/job/utf8/%E8%8A%B1/%E7%81%AB`])).toMatchObject({ status: 200 });
    const page = await context!.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${gw.url}/`, { timeout: 15_000 });
    const shown = () =>
      page.$$eval('details.group', (cards) =>
        cards.map((card) => ({
          badges: Array.from(card.querySelectorAll(':scope > summary .badge'), (b) => b.textContent ?? ''),
          families: Array.from(card.querySelectorAll(':scope > details > summary .name'), (n) => n.textContent ?? ''),
        })),
      );
    expect(await shown()).toEqual([
      { badges: ['job="utf8"', 'zone.id="eu"'], families: ['my.metric', 'push_failure_time_seconds', 'push_time_seconds'] },
      { badges: ['job="utf8"', '花="火"'], families: ['plain', 'push_failure_time_seconds', 'push_time_seconds'] },
    ]);
    await page.screenshot({ path: join(artifactsDir, 'ui-utf8-groups.png'), fullPage: true });
    const zone = page.locator('details.group', { hasText: 'zone.id="eu"' });
    await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), zone.locator('button', { hasText: 'Delete Group' }).click()]);
    expect((await shown()).map((g) => g.badges)).toEqual([['job="utf8"', '花="火"']]);
    const api = (await (await get(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<{ labels: Record<string, string> }> };
    expect(api.data.map((g) => g.labels)).toEqual([{ job: 'utf8', 花: '火' }]);
    await page.close();
  });
});
