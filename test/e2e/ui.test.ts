/**
 * The web UI in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * the pushed groups are listed in grouping-key order with their badges and families, a
 * failed push is marked, and "Delete Group" (its confirm dialog accepted) removes exactly
 * that group. Screenshots go to test/e2e/artifacts/ (git-ignored).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, type ChildServer, CHROMIUM, get, HOOK_TIMEOUT_MS, requireProgram, startServe } from './support.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function push(url: string, method: string, path: string, body: string): Promise<number> {
  const res = await get(`${url}${path}`, { method, body });
  await res.text();
  return res.status;
}

/** Each group card: its badges (job first) and its family names. */
async function groupsShown(page: Page): Promise<Array<{ badges: string[]; families: string[] }>> {
  return page.$$eval('details.group', (cards) =>
    cards.map((card) => ({
      badges: Array.from(card.querySelectorAll(':scope > summary .badge'), (b) => b.textContent ?? ''),
      families: Array.from(card.querySelectorAll(':scope > details > summary .name'), (n) => n.textContent ?? ''),
    })),
  );
}

describe('the web UI in headless Chromium', () => {
  let gw: ChildServer;
  let profile: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    requireProgram(CHROMIUM);
    gw = await startServe();
    profile = await mkdtemp(join(tmpdir(), 'expofmt-e2e-chromium-'));
    await mkdir(artifactsDir, { recursive: true });
    // A fresh profile (--user-data-dir) for each run.
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await gw?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('shows the pushed groups and deletes one with Delete Group', async () => {
    expect(await push(gw.url, 'PUT', '/metrics/job/zeta', 'zz_metric 1\naa_metric 1\n')).toBe(200);
    expect(await push(gw.url, 'PUT', '/metrics/job/alpha', '# HELP mm_metric Help text.\n# TYPE mm_metric gauge\nmm_metric 1\n')).toBe(200);
    expect(
      await push(gw.url, 'PUT', '/metrics/job/beta/instance/b1', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n'),
    ).toBe(200);
    expect(await push(gw.url, 'PUT', '/metrics/job/gamma/instance/x/path@base64/L3Zhci90bXA', 'g_metric 1\n')).toBe(200);
    // A refused push marks its group.
    expect(await push(gw.url, 'POST', '/metrics/job/gamma/instance/x/path@base64/L3Zhci90bXA', 'g_metric 2 1700000000000\n')).toBe(400);

    const page = await context!.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.accept();
    });
    await page.goto(`${gw.url}/`, { timeout: 15_000 });
    expect(await page.title()).toBe('Prometheus Pushgateway');
    // Sorted by grouping key (label names, then values), as Pushgateway's UI [E105].
    expect(await groupsShown(page)).toEqual([
      { badges: ['job="beta"', 'instance="b1"'], families: ['h', 'push_failure_time_seconds', 'push_time_seconds'] },
      {
        badges: ['job="gamma"', 'instance="x"', 'path="/var/tmp"', 'Last push failed!'],
        families: ['g_metric', 'push_failure_time_seconds', 'push_time_seconds'],
      },
      { badges: ['job="alpha"'], families: ['mm_metric', 'push_failure_time_seconds', 'push_time_seconds'] },
      { badges: ['job="zeta"'], families: ['aa_metric', 'push_failure_time_seconds', 'push_time_seconds', 'zz_metric'] },
    ]);
    // Open the beta group and its histogram: the buckets (with the +Inf one) are shown.
    const beta = page.locator('details.group').nth(0);
    await beta.locator(':scope > summary').click({ position: { x: 5, y: 5 } });
    await beta.locator('details > summary', { hasText: 'HISTOGRAM' }).click();
    await expect.poll(() => beta.locator('details table').first().innerText()).toContain('Sample values ≤ +Inf');
    await page.screenshot({ path: join(artifactsDir, 'ui-groups.png'), fullPage: true });

    // Delete Group on {job="gamma",instance="x",path="/var/tmp"}: confirm, DELETE, reload.
    const gamma = page.locator('details.group', { hasText: 'job="gamma"' });
    await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), gamma.locator('button', { hasText: 'Delete Group' }).click()]);
    expect(dialogs).toEqual(['confirm: Delete this group?']);
    expect((await groupsShown(page)).map((g) => g.badges[0])).toEqual(['job="beta"', 'job="alpha"', 'job="zeta"']);
    await page.screenshot({ path: join(artifactsDir, 'ui-after-delete.png'), fullPage: true });

    const api = (await (await get(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<{ labels: Record<string, string> }> };
    expect(api.data.map((g) => g.labels)).toEqual([{ instance: 'b1', job: 'beta' }, { job: 'alpha' }, { job: 'zeta' }]);
    await page.close();
  });
});
