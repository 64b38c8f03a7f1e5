/**
 * kill -9 in the middle of a stream of pushes and deletes to the built CLI with
 * --persistence.file; after a restart on the same file every change acknowledged with a
 * 2xx is there, compared through /api/v1/metrics.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, get, HOOK_TIMEOUT_MS, startServe } from './support.js';

interface ApiGroup {
  labels: Record<string, string>;
  [family: string]: unknown;
}

async function apiGroups(url: string): Promise<Map<string, ApiGroup>> {
  const res = await get(`${url}/api/v1/metrics`);
  const body = (await res.json()) as { data: ApiGroup[] };
  return new Map(body.data.map((g) => [JSON.stringify(g.labels), g]));
}

const key = (labels: Record<string, string>) => JSON.stringify(labels);

// Appends only; then with a compaction every 100 ms, so that the kill also comes while a
// snapshot is written beside the journal, or put in place, as appends go on.
describe.each([
  ['with appends only', '5m'],
  ['while compactions run', '100ms'],
])('kill -9 during a stream of pushes, %s', (_, interval) => {
  let dir: string;
  let first: ChildServer | undefined;
  let second: ChildServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-kill9-'));
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await first?.kill();
    await second?.stop();
    await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('keeps every acknowledged change', async () => {
    const file = join(dir, 'pgw.data');
    // With a long compaction interval the restore reads the journal written change by change.
    const flags = [`--persistence.file=${file}`, `--persistence.interval=${interval}`, '--log.level=warn'];
    first = await startServe(flags);
    const url = first.url;

    // Groups settled before the stream, which the stream then deletes.
    for (let i = 0; i < 10; i++) {
      const res = await get(`${url}/metrics/job/doomed/instance/d${i}`, { method: 'PUT', body: `doomed_metric ${i}\n` });
      expect(res.status).toBe(200);
    }
    const before = await apiGroups(url);

    // Four writers, each with 50 groups of its own: PUT to the even ones, POST to the odd
    // ones, and now and then a DELETE of a doomed group, until the process is killed under them.
    const acknowledged = new Map<string, number>(); // group key -> seq of the last acknowledged write
    const deleted = new Set<string>();
    let acknowledgedWrites = 0;
    let nextDoomed = 0;
    let refused = 0;
    let cutOff = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (let seq = 0; !stop && seq < 100_000; seq++) {
        try {
          if (seq % 40 === 39 && nextDoomed < 10) {
            const instance = `d${nextDoomed++}`;
            const res = await get(`${url}/metrics/job/doomed/instance/${instance}`, { method: 'DELETE' }, 5000);
            await res.text();
            if (res.status === 202) deleted.add(key({ instance, job: 'doomed' }));
            else refused++;
            continue;
          }
          const labels = { instance: `w${w}-${seq % 50}`, job: 'stream' };
          const put = seq % 2 === 0;
          const res = await get(
            `${url}/metrics/job/stream/instance/${labels.instance}`,
            {
              method: put ? 'PUT' : 'POST',
              body: put ? `# TYPE seq_metric gauge\nseq_metric{writer="${w}"} ${seq}\n` : `# TYPE extra_metric counter\nextra_metric ${seq}\n`,
            },
            5000,
          );
          await res.text();
          if (res.status === 200) {
            acknowledged.set(key(labels), seq);
            acknowledgedWrites++;
          } else refused++;
        } catch {
          cutOff++; // in flight when the process died: no answer, no promise
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    // Let the stream run until enough changes are acknowledged, then kill -9 without warning.
    const deadline = Date.now() + 20_000;
    while (acknowledgedWrites < 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(writers);
    expect(refused).toBe(0);
    expect(acknowledgedWrites).toBeGreaterThanOrEqual(1000);
    expect(acknowledged.size).toBe(200);
    expect(deleted.size).toBeGreaterThan(0);

    second = await startServe(flags);
    const after = await apiGroups(second.url);

    // The settled groups are restored exactly (push times and time stamps included), unless deleted.
    for (const [k, group] of before) {
      if (deleted.has(k)) expect(after.has(k), `${k} was deleted with 202`).toBe(false);
      else expect(after.get(k), k).toEqual(group);
    }
    // Every acknowledged PUT/POST is there with its value, or with the value of the one
    // write to that group that was in flight at the kill (applied, but never answered).
    for (const [k, seq] of acknowledged) {
      const group = after.get(k) as Record<string, { metrics: Array<{ value: string }> }> | undefined;
      expect(group, `the acknowledged write ${seq} to ${k} is missing`).toBeDefined();
      const family = seq % 2 === 0 ? 'seq_metric' : 'extra_metric';
      const value = Number(group![family]?.metrics[0].value);
      expect(value === seq || (value > seq && value % 50 === seq % 50), `${family} of ${k} is ${value}; ${seq} was acknowledged`).toBe(true);
    }
    console.log(
      `kill -9: ${acknowledgedWrites} acknowledged writes to ${acknowledged.size} groups and ${deleted.size} deletes kept; ${cutOff} requests cut off`,
    );
  });
});
