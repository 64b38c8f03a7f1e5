/**
 * The persistence file on a full disk (a 1 MiB tmpfs, mounted as root): pushes that
 * cannot be written whole get 500 and are not served, a short write is never
 * acknowledged, no record follows a fragment once space is back, and after kill -9
 * every acknowledged push is restored.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, get, HOOK_TIMEOUT_MS, startServe } from './support.js';

/** About 8 KiB of text: a record spans two pages, so a nearly full disk cuts one short. */
function payload(i: number): string {
  let text = `# TYPE filler_metric gauge\n`;
  for (let s = 0; s < 200; s++) text += `filler_metric{series="s${String(s).padStart(4, '0')}",pad="${'x'.repeat(8)}"} ${i}\n`;
  return text;
}

async function groupsServed(url: string): Promise<Map<string, number>> {
  const res = await get(`${url}/api/v1/metrics`);
  const body = (await res.json()) as { data: Array<{ labels: { job: string }; filler_metric?: { metrics: Array<{ value: string }> } }> };
  return new Map(body.data.filter((g) => g.filler_metric).map((g) => [g.labels.job, Number(g.filler_metric!.metrics[0].value)]));
}

describe('a full disk under --persistence.file', () => {
  let dir: string;
  let mounted = false;
  let first: ChildServer | undefined;
  let second: ChildServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-diskfull-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      throw new Error(`this test mounts a 1 MiB tmpfs and needs root (\`mount\` failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`);
    }
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    if (mounted) execFileSync('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('acknowledges only whole records and restores every acknowledged push after kill -9', async () => {
    const file = join(dir, 'pgw.data');
    const filler = join(dir, 'filler');
    await writeFile(filler, Buffer.alloc(512 * 1024));
    const flags = [`--persistence.file=${file}`, '--persistence.interval=1h', '--log.level=warn'];
    first = await startServe(flags);

    const acknowledged = new Map<string, number>();
    const failed = new Set<string>();
    const push = async (job: string, value: number) => {
      const res = await get(`${first!.url}/metrics/job/${job}`, { method: 'PUT', body: payload(value) });
      const text = await res.text();
      if (res.status === 200) acknowledged.set(job, value);
      else {
        expect(res.status, text).toBe(500);
        expect(text).toMatch(/^could not persist the change: .*ENOSPC/);
        failed.add(job);
      }
    };
    // Fill the disk: every push after the first failure fails too, until space is back.
    for (let i = 0; failed.size < 5 && i < 200; i++) await push(`j${i}`, i);
    expect(failed.size).toBe(5);
    expect(acknowledged.size).toBeGreaterThan(20);
    // A push answered 500 is not served.
    let served = await groupsServed(first.url);
    expect(served).toEqual(acknowledged);

    // Space comes back: the next records start where the last whole one ended.
    await unlink(filler);
    for (let i = 0; i < 5; i++) await push(`after${i}`, 1000 + i);
    for (const job of failed) await push(job, 2000);
    expect([...acknowledged.keys()].filter((j) => j.startsWith('after'))).toHaveLength(5);
    served = await groupsServed(first.url);
    expect(served).toEqual(acknowledged);

    await first.kill();
    second = await startServe(flags);
    expect(await groupsServed(second.url)).toEqual(acknowledged);
    // Nothing on disk had to be dropped or set aside.
    expect(second.output()).not.toContain('dropped');
    expect((await readdir(dir)).filter((f) => f !== 'pgw.data')).toEqual([]);
    expect(first.output()).toContain('level=error msg="could not append to the persistence journal"');
  });

  it('exits with status 1 when the final save on stop fails, and keeps what was acknowledged', async () => {
    const file = join(dir, 'stop.data');
    const flags = [`--persistence.file=${file}`, '--persistence.interval=1h'];
    const gateway = await startServe(flags);
    expect((await get(`${gateway.url}/metrics/job/kept`, { method: 'PUT', body: 'kept_metric 7\n' })).status).toBe(200);
    // No room left for the snapshot written on stop.
    const filler = join(dir, 'filler-stop');
    await writeFile(filler, Buffer.alloc(0));
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      // dd ends with "No space left on device": that is the point.
    }
    expect(await gateway.stop()).toBe(1);
    expect(gateway.output()).toMatch(/level=error msg="could not stop cleanly" err=".*ENOSPC/);
    await unlink(filler);
    const again = await startServe(flags);
    try {
      expect(await (await get(`${again.url}/metrics`)).text()).toContain('kept_metric{instance="",job="kept"} 7\n');
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});
