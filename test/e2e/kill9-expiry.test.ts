/**
 * kill -9 while groups expire and sets of groups are deleted by matcher (and ordinary
 * pushes go on), with --persistence.file. After a restart on the same file (with expiry
 * off, so that nothing is removed at start and what the journal holds shows), the store
 * equals some serial order of the acknowledged operations:
 *   - a set deleted by matcher (acknowledged or not) is there whole or not at all, and is
 *     not there when its deletion was acknowledged;
 *   - a group whose expiry was logged (the log line follows the journal write) does not
 *     come back; any other expiring group is there with what it was pushed, or gone (its
 *     expiry was in flight) if it was not due a second before the kill;
 *   - every acknowledged push is there; nothing else is.
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

const SETS = 30;
const SET_SIZE = 10;

describe('kill -9 during expiries and deletions by matcher', () => {
  let dir: string;
  let first: ChildServer | undefined;
  let second: ChildServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expofmt-e2e-kill9-expiry-'));
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await first?.kill();
    await second?.stop();
    await rm(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('restores a serial order of the acknowledged operations', { timeout: 120_000 }, async () => {
    const file = join(dir, 'pgw.data');
    const persistence = [`--persistence.file=${file}`, '--persistence.interval=5m'];
    first = await startServe([...persistence, '--push.enable-ttl', '--web.enable-admin-api', '--log.level=info']);
    const url = first.url;
    const put = (path: string, body: string, headers: Record<string, string> = {}) => get(`${url}${path}`, { method: 'PUT', body, headers }, 5000);

    // The sets the deleter removes, one matcher each: {job="set-k"}.
    for (let k = 0; k < SETS; k++) {
      for (let i = 0; i < SET_SIZE; i++) expect((await put(`/metrics/job/set-${k}/instance/i${i}`, `set_metric ${k}\n`)).status).toBe(200);
    }

    const acknowledged = new Map<string, number>(); // stream group -> seq of its last acknowledged PUT
    const expiringAcked = new Set<string>(); // instance of each exp group whose push was acknowledged
    const setDeleted = new Set<number>(); // acknowledged set deletions
    let setsSent = 0;
    let expiringSent = 0;
    let refused = 0;
    let stop = false;
    const guard = async (f: () => Promise<void>) => {
      try {
        await f();
      } catch {
        // in flight when the process died: no answer, no promise
      }
    };
    const streamWriter = async (w: number) => {
      for (let seq = 0; !stop; seq++) {
        await guard(async () => {
          const instance = `w${w}-${seq % 20}`;
          const res = await put(`/metrics/job/stream/instance/${instance}`, `seq_metric ${seq}\n`);
          await res.text();
          if (res.status === 200) acknowledged.set(instance, seq);
          else refused++;
        });
      }
    };
    const expiringPusher = async () => {
      for (let n = 0; !stop; n++) {
        await guard(async () => {
          expiringSent = n + 1;
          // TTLs of 0.3 to 1.5 s: expiries keep happening while the stream runs.
          const res = await put(`/metrics/job/exp/instance/e${n}`, `exp_metric ${n}\n`, { 'Expofmt-TTL': `${300 + (n % 5) * 300}ms` });
          await res.text();
          if (res.status === 200) expiringAcked.add(`e${n}`);
          else refused++;
        });
      }
    };
    const deleter = async () => {
      for (let k = 0; k < SETS && !stop; k++) {
        await guard(async () => {
          setsSent = k + 1;
          const res = await put(`/api/v1/admin/delete_groups?match[]=${encodeURIComponent(`{job="set-${k}"}`)}`, '');
          const body = (await res.json()) as { data: { groups: unknown[] } };
          if (res.status === 200 && body.data.groups.length === SET_SIZE) setDeleted.add(k);
          else refused++;
        });
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    const expiredLogged = () => new Set([...first!.output().matchAll(/msg="group expired" group="\{instance=\\"(e\d+)\\",job=\\"exp\\"\}"/g)].map((m) => m[1]));
    const workers = [streamWriter(0), streamWriter(1), expiringPusher(), deleter()];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (setDeleted.size < SETS / 3 || expiredLogged().size < 20 || acknowledged.size < 40)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(workers);
    const expired = expiredLogged();
    expect(refused).toBe(0);
    expect(setDeleted.size).toBeGreaterThanOrEqual(SETS / 3);
    expect(setDeleted.size).toBeLessThan(SETS);
    expect(expired.size).toBeGreaterThanOrEqual(20);

    // Expiry off: the restart removes nothing, so the file's content shows as it is.
    second = await startServe(persistence);
    const after = ((await (await get(`${second.url}/api/v1/metrics`)).json()) as { data: ApiGroup[] }).data;
    const value = (g: ApiGroup, family: string) => Number((g[family] as { metrics: Array<{ value: string }> }).metrics[0].value);
    const byJob = new Map<string, ApiGroup[]>();
    for (const g of after) byJob.set(g.labels.job, [...(byJob.get(g.labels.job) ?? []), g]);

    // Sets: whole or gone; gone when acknowledged; whole when never sent.
    for (let k = 0; k < SETS; k++) {
      const left = byJob.get(`set-${k}`) ?? [];
      expect([0, SET_SIZE], `set-${k} has ${left.length} groups`).toContain(left.length);
      if (setDeleted.has(k)) expect(left, `set-${k} was deleted with 200`).toHaveLength(0);
      if (k >= setsSent) expect(left, `set-${k} was never deleted`).toHaveLength(SET_SIZE);
      for (const g of left) expect(value(g, 'set_metric')).toBe(k);
    }
    // Expiring groups: a logged expiry is never undone; the rest are there as pushed, or gone.
    for (const g of byJob.get('exp') ?? []) {
      const instance = g.labels.instance;
      expect(expired.has(instance), `${instance} expired (logged) and came back`).toBe(false);
      expect(Number(instance.slice(1))).toBeLessThan(expiringSent);
      expect(value(g, 'exp_metric')).toBe(Number(instance.slice(1)));
      // Checked every 250 ms: what was due a second before the kill had expired.
      expect(Date.parse(g.expires_at as string), `${instance} was due at ${g.expires_at as string}`).toBeGreaterThan(killedAt - 1000);
    }
    // The stream: every acknowledged PUT (or the one in flight after it).
    const stream = new Map((byJob.get('stream') ?? []).map((g) => [g.labels.instance, value(g, 'seq_metric')]));
    for (const [instance, seq] of acknowledged) {
      const v = stream.get(instance);
      expect(v, `the acknowledged push ${seq} to ${instance} is missing`).toBeDefined();
      expect(v === seq || (v! > seq && v! % 20 === seq % 20), `${instance} holds ${v}; ${seq} was acknowledged`).toBe(true);
    }
    // Nothing else.
    expect([...byJob.keys()].filter((job) => !/^(set-\d+|exp|stream)$/.test(job))).toEqual([]);
    console.log(
      `kill -9 with expiry and matcher deletions: ${setDeleted.size} of ${setsSent} set deletions acknowledged, ${expired.size} expiries logged, ` +
        `${expiringAcked.size} expiring pushes and ${acknowledged.size} stream groups acknowledged; ${(byJob.get('exp') ?? []).length} expiring groups left`,
    );
  });
});
