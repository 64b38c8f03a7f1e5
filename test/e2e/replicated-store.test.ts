/**
 * Replicas on one replicated store (`--store=nats://...`), for real: a 3-node NATS
 * cluster (three nats-server processes) and 3 `expofmt serve` processes.
 *
 * - Concurrent pushes spread over the replicas, with conflicting pairs (one family as a
 *   counter in one group and as a gauge in another, pushed at once through two
 *   replicas): exactly one of each pair is accepted, and every replica serves the same page.
 * - A replica serves its own acknowledged change on its next scrape (read your writes).
 * - kill -9 of one NATS node and one replica during a stream of pushes: every push
 *   answered 2xx is on every surviving replica's page afterwards.
 * - Two NATS servers gone (no quorum), then all three: 503 to pushes and /-/ready, the
 *   last state still served; the servers back: ready again, changes flow between replicas.
 * - A group whose record is over the servers' max_payload: 500, served nowhere.
 * - No NATS server at start: the replica exits with status 1.
 * - Expiry (`--push.enable-ttl`, the Expofmt-TTL header): a group pushed through one
 *   replica is gone from all three within 1 s of its deadline, and
 *   `pushgateway_groups_expired_total` summed over the replicas counts it exactly once; a
 *   group pushed again in time stays. Deletion by matcher through one replica removes the
 *   matched groups on every replica; its dry run lists them and deletes nothing.
 * - Two NatsStore instances in this process, racing on purpose: both expire the same due
 *   groups at once (each group is returned by exactly one; a group pushed again is by
 *   neither), and a deletion by matcher of 300 groups (more records than one round
 *   publishes) while the other store pushes more matching groups (every group the answer
 *   lists is gone everywhere, every other stays).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '../../src/gateway/logger.js';
import { NatsStore } from '../../src/gateway/store/nats-store.js';
import { parse } from '../../src/index.js';
import { compareGroupOrder, groupOrderParts } from '../../src/merge/group.js';
import type { Labels } from '../../src/model.js';
import { type NatsCluster, startNatsCluster } from './nats-cluster.js';
import { push, type Replicas, sharedPage, startReplicas, storeState } from './replicas.js';
import { freePort, get, HOOK_TIMEOUT_MS, repoRoot, sleep, waitFor } from './support.js';

/** Waits until every replica serves the same page (own metrics aside), and returns it. */
async function samePage(urls: string[], timeoutMs = 20_000): Promise<string> {
  return waitFor('every replica to serve the same page', timeoutMs, async () => {
    const pages = await Promise.all(urls.map(sharedPage));
    if (pages.every((p) => p === pages[0])) return pages[0];
    // What differs, for the message if the pages never meet.
    const only = (a: string, b: string) => a.split('\n').filter((l) => !b.includes(`${l}\n`));
    const differ = pages.slice(1).map((p, i) => `only ${urls[0]}: ${only(pages[0], p).join(' | ')}; only ${urls[i + 1]}: ${only(p, pages[0]).join(' | ')}`);
    throw new Error(differ.join('; '));
  });
}

/** The lines of the page that are about this family. */
const linesOf = (page: string, name: string) =>
  page.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) || l.endsWith(` ${name} counter`) || l.endsWith(` ${name} gauge`));

describe('3 replicas on a 3-node NATS cluster', () => {
  let r: Replicas;
  beforeAll(async () => {
    r = await startReplicas(3, ['--web.enable-admin-api']);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => r?.stop(), HOOK_TIMEOUT_MS);

  it('accepts exactly one push of each conflicting pair, and every replica ends with the same page', async () => {
    const urls = r.replicas.map((x) => x.url);
    const PAIRS = 24;
    const pairs: Array<Promise<[{ status: number; body: string }, { status: number; body: string }]>> = [];
    const free: Array<Promise<{ status: number; body: string }>> = [];
    for (let i = 0; i < PAIRS; i++) {
      pairs.push(
        Promise.all([
          push(urls[i % 3], 'PUT', `/metrics/job/pair${i}/side/a`, `# TYPE clash_${i} counter\nclash_${i} ${i}\n`),
          push(urls[(i + 1) % 3], 'PUT', `/metrics/job/pair${i}/side/b`, `# TYPE clash_${i} gauge\nclash_${i} ${i + 0.5}\n`),
        ]),
      );
      free.push(push(urls[(i + 2) % 3], 'POST', `/metrics/job/free/n/${i}`, `# TYPE free_total counter\nfree_total ${i}\n`));
    }
    const results = await Promise.all(pairs);
    for (const r_ of await Promise.all(free)) expect(r_).toEqual({ status: 200, body: '' });
    const winners: Array<'a' | 'b'> = [];
    for (const [i, [a, b]] of results.entries()) {
      expect([a.status, b.status].sort()).toEqual([200, 400]);
      const [lost, won, side] = a.status === 200 ? [b, 'counter', 'a' as const] : [a, 'gauge', 'b' as const];
      const lostType = won === 'counter' ? 'gauge' : 'counter';
      const lostSide = side === 'a' ? 'b' : 'a';
      expect(lost.body).toBe(
        `pushed metrics are invalid or inconsistent with existing metrics: family "clash_${i}" is ${lostType} in group {job="pair${i}",side="${lostSide}"} but ${won} in group {job="pair${i}",side="${side}"}\n`,
      );
      winners.push(side);
    }
    const page = await samePage(urls);
    // The same page at the same sequence: each replica says how far it has applied the stream.
    const states = await Promise.all(urls.map(storeState));
    expect(states.map((x) => x.ready)).toEqual([1, 1, 1]);
    expect(new Set(states.map((x) => x.sequence)).size).toBe(1);
    expect(states[0].sequence).toBeGreaterThanOrEqual(3 * PAIRS);
    for (const [i, side] of winners.entries()) {
      const type = side === 'a' ? 'counter' : 'gauge';
      const value = side === 'a' ? `${i}` : `${i + 0.5}`;
      expect(linesOf(page, `clash_${i}`)).toEqual([`# TYPE clash_${i} ${type}`, `clash_${i}{instance="",job="pair${i}",side="${side}"} ${value}`]);
    }
    expect(linesOf(page, 'free_total').slice(1)).toEqual(
      Array.from({ length: PAIRS }, (_, i) => i)
        .sort((x, y) => (String(x) < String(y) ? -1 : 1))
        .map((i) => `free_total{instance="",job="free",n="${i}"} ${i}`),
    );
  });

  it('serves its own acknowledged change on the next scrape (read your writes), others follow', async () => {
    const urls = r.replicas.map((x) => x.url);
    for (let i = 0; i < 9; i++) {
      const at = urls[i % 3];
      expect(await push(at, 'PUT', '/metrics/job/ryw', `ryw_value ${i}\n`)).toEqual({ status: 200, body: '' });
      expect(linesOf(await sharedPage(at), 'ryw_value')).toEqual([`ryw_value{instance="",job="ryw"} ${i}`]);
    }
    expect(await push(urls[1], 'DELETE', '/metrics/job/ryw')).toEqual({ status: 202, body: '' });
    expect(linesOf(await sharedPage(urls[1]), 'ryw_value')).toEqual([]);
    await samePage(urls);

    // The wipe is one change too: everything goes at once, on every replica.
    expect((await get(`${urls[2]}/api/v1/admin/wipe`, { method: 'PUT' })).status).toBe(202);
    expect(await sharedPage(urls[2])).toBe('');
    expect(await samePage(urls)).toBe('');
    expect(await push(urls[0], 'PUT', '/metrics/job/after_wipe', 'after 1\n')).toEqual({ status: 200, body: '' });
    expect(linesOf(await samePage(urls), 'after')).toEqual(['after{instance="",job="after_wipe"} 1']);
  });
});

describe('3 replicas with expiry and deletion by matcher', () => {
  let r: Replicas;
  beforeAll(async () => {
    r = await startReplicas(3, ['--push.enable-ttl', '--web.enable-admin-api']);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => r?.stop(), HOOK_TIMEOUT_MS);

  /** The expiry deadline (ms) a replica's status API gives the group of this job. */
  const deadlineOf = async (url: string, job: string) => {
    const body = (await (await get(`${url}/api/v1/metrics`)).json()) as { data: Array<{ labels: { job: string }; expires_at?: string }> };
    return Date.parse(body.data.find((g) => g.labels.job === job)!.expires_at!);
  };
  const expiredTotal = async (url: string) => Number(/^pushgateway_groups_expired_total (\S+)$/m.exec(await (await get(`${url}/metrics`)).text())?.[1]);

  it('expires each group once, on every replica within 1 s of its deadline; a group pushed again in time stays', { timeout: 60_000 }, async () => {
    const urls = r.replicas.map((x) => x.url);
    const JOBS = 6;
    expect(await push(urls[0], 'PUT', '/metrics/job/renewed', 'renewed_value 1\n', { 'Expofmt-TTL': '5s' })).toEqual({ status: 200, body: '' });
    const firstDeadline = await deadlineOf(urls[0], 'renewed');
    for (let i = 0; i < JOBS; i++) {
      expect(await push(urls[i % 3], 'PUT', `/metrics/job/exp${i}`, `exp_value ${i}\n`, { 'Expofmt-TTL': '2s' })).toEqual({ status: 200, body: '' });
    }
    // Every replica has the same deadlines, set once when each push was committed.
    const deadlines = await Promise.all(Array.from({ length: JOBS }, (_, i) => deadlineOf(urls[i % 3], `exp${i}`)));
    for (const url of urls) expect(await Promise.all(Array.from({ length: JOBS }, (_, i) => deadlineOf(url, `exp${i}`)))).toEqual(deadlines);
    expect(linesOf(await samePage(urls), 'exp_value')).toHaveLength(JOBS);

    // Watch every replica until each group is gone from it; note when.
    const goneAt = urls.map(() => new Map<number, number>());
    await waitFor(
      'every group to expire on every replica',
      20_000,
      async () => {
        await Promise.all(
          urls.map(async (url, k) => {
            const page = await sharedPage(url);
            const seen = Date.now();
            for (let i = 0; i < JOBS; i++) if (!goneAt[k].has(i) && !page.includes(`job="exp${i}"`)) goneAt[k].set(i, seen);
          }),
        );
        return goneAt.every((m) => m.size === JOBS) ? true : undefined;
      },
      100,
    );
    for (const [k, gone] of goneAt.entries()) {
      for (let i = 0; i < JOBS; i++) {
        const late = gone.get(i)! - deadlines[i];
        // Not before its deadline (whole seconds of slack aside: the page is seen after the poll), not 1 s after it.
        expect({ replica: k, job: i, late: late > -100 && late <= 1000 }).toEqual({ replica: k, job: i, late: true });
      }
    }
    const lateness = goneAt.flatMap((gone) => [...gone.entries()].map(([i, at]) => at - deadlines[i]));
    console.log(`expiry: gone from a replica ${Math.min(...lateness)}..${Math.max(...lateness)} ms after the deadline`);

    // Pushed again before its first deadline (through another replica): a new deadline, 5 s on.
    expect(Date.now()).toBeLessThan(firstDeadline - 500);
    expect(await push(urls[1], 'PUT', '/metrics/job/renewed', 'renewed_value 2\n', { 'Expofmt-TTL': '5s' })).toEqual({ status: 200, body: '' });
    // It outlives its first deadline by over a second, on every replica (replica 2 learns of
    // the renewal from the stream, some milliseconds after replica 1 answered).
    const renewedDeadline = await waitFor(
      'the renewal to reach replica 2',
      5000,
      async () => {
        const deadline = await deadlineOf(urls[2], 'renewed');
        return deadline > firstDeadline ? deadline : undefined;
      },
      20,
    );
    expect(renewedDeadline).toBeGreaterThan(firstDeadline);
    await sleep(Math.max(0, firstDeadline + 1200 - Date.now()));
    expect(Date.now()).toBeLessThan(renewedDeadline);
    for (const url of urls) expect(linesOf(await sharedPage(url), 'renewed_value')).toEqual(['renewed_value{instance="",job="renewed"} 2']);

    // Then it goes too; each group was expired by exactly one replica.
    await waitFor('the renewed group to expire everywhere', 10_000, async () =>
      (await Promise.all(urls.map(sharedPage))).every((p) => !p.includes('renewed_value')) ? true : undefined,
    );
    await sleep(1000);
    const counts = await Promise.all(urls.map(expiredTotal));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(JOBS + 1);
    console.log(`expiry: pushgateway_groups_expired_total per replica ${counts.join(', ')}`);
  });

  it('deletes by matcher through one replica on every replica; the dry run lists and keeps', async () => {
    const urls = r.replicas.map((x) => x.url);
    const paths = ['/metrics/job/batch-1/env/prod', '/metrics/job/batch-2/env/dev', '/metrics/job/batch-3', '/metrics/job/api/env/dev'];
    for (const [i, path] of paths.entries()) expect(await push(urls[i % 3], 'PUT', path, `matched_value ${i}\n`)).toEqual({ status: 200, body: '' });
    const before = await samePage(urls);
    expect(linesOf(before, 'matched_value')).toHaveLength(4);
    const q = `match[]=${encodeURIComponent('{job=~"batch-.*",env!="prod"}')}`;
    const listed = [{ env: 'dev', job: 'batch-2' }, { job: 'batch-3' }];

    const dry = await push(urls[0], 'PUT', `/api/v1/admin/delete_groups?${q}&dry_run=true`);
    expect(dry.status).toBe(200);
    expect(JSON.parse(dry.body)).toEqual({ status: 'success', data: { dry_run: true, groups: listed } });
    expect(await samePage(urls)).toBe(before);

    const done = await push(urls[1], 'POST', `/api/v1/admin/delete_groups?${q}`);
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toEqual({ status: 'success', data: { dry_run: false, groups: listed } });
    // Read your writes on the replica that deleted, then the same on every replica.
    expect(linesOf(await sharedPage(urls[1]), 'matched_value')).toEqual([
      'matched_value{env="dev",instance="",job="api"} 3',
      'matched_value{env="prod",instance="",job="batch-1"} 0',
    ]);
    expect(linesOf(await samePage(urls), 'matched_value')).toEqual(linesOf(await sharedPage(urls[1]), 'matched_value'));
    // Nothing left to match: an empty list, nothing changes.
    expect(JSON.parse((await push(urls[2], 'PUT', `/api/v1/admin/delete_groups?${q}`)).body)).toEqual({
      status: 'success',
      data: { dry_run: false, groups: [] },
    });
  });
});

describe('two stores racing to expire and delete the same groups', () => {
  let nats: NatsCluster;
  let a: NatsStore;
  let b: NatsStore;
  beforeAll(async () => {
    nats = await startNatsCluster(3);
    const open = () =>
      NatsStore.open({ servers: nats.nodes.map((n) => `127.0.0.1:${n.port}`), bucket: 'race', replicas: 3, logger: new Logger({ write: () => {} }, 'error') });
    a = await open();
    b = await open();
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await nats?.stop();
  }, HOOK_TIMEOUT_MS);

  const families = (value: number) => parse(`race_value ${value}\n`).families;
  const key = (labels: Labels) => JSON.stringify(labels);
  /** Both stores at the same sequence, the stream's last. */
  const inStep = () => waitFor('both stores at one sequence', 20_000, async () => (a.sequence === b.sequence ? true : undefined), 20);

  it('expire each due group exactly once between them, and neither expires a group pushed again', { timeout: 60_000 }, async () => {
    const T = 1_800_000_000;
    for (let round = 0; round < 3; round++) {
      const pushed: Labels[] = [];
      for (let i = 0; i < 40; i++) {
        const labels = ['job', `race${round}`, 'n', String(i)];
        const store = i % 2 === 0 ? a : b;
        expect((await store.push(labels, families(i), { replace: true, now: T, expiresAt: T + (i % 4) })).accepted).toBe(true);
        pushed.push(labels);
      }
      const renewed = ['job', `renewed${round}`];
      await a.push(renewed, families(1), { replace: true, now: T, expiresAt: T + 1 });
      await b.push(renewed, families(2), { replace: true, now: T + 1, expiresAt: T + 1000 });
      await inStep();
      expect(a.expiring).toBe(41);

      const [byA, byB] = await Promise.all([a.expire(T + 10), b.expire(T + 10)]);
      const keysA = new Set(byA.map((g) => key(g.labels)));
      const both = byB.filter((g) => keysA.has(key(g.labels)));
      expect(both).toEqual([]);
      expect([...byA, ...byB].map((g) => key(g.labels)).sort()).toEqual(pushed.map(key).sort());
      for (const gone of [byA, byB]) expect(gone.map((g) => g.expiresAt)).toEqual(gone.map((g) => g.expiresAt).sort((x, y) => x! - y!));
      await inStep();
      for (const store of [a, b]) {
        expect(store.groups().map((g) => g.labels)).toEqual([renewed]);
        expect(store.get(renewed)?.expiresAt).toBe(T + 1000);
        expect(store.expiring).toBe(1);
      }
      // Nothing is due any more: neither finds anything.
      expect(await Promise.all([a.expire(T + 10), b.expire(T + 10)])).toEqual([[], []]);
      expect(await a.delete(renewed)).toBe(true);
    }
  });

  it('delete by matcher what matches at the sequence stored, matching again when other changes cut in', { timeout: 60_000 }, async () => {
    const T = 1_800_000_000;
    for (let i = 0; i < 300; i++) await a.push(['job', 'bulk', 'n', String(i)], families(i), { replace: true, now: T });
    await b.push(['job', 'kept'], families(0), { replace: true, now: T });
    await inStep();
    const late: Labels[] = [];
    const pushing = (async () => {
      for (let i = 0; i < 30; i++) {
        const labels = ['job', 'bulk', 'late', String(i)];
        expect((await b.push(labels, families(i), { replace: true, now: T })).accepted).toBe(true);
        late.push(labels);
      }
    })();
    const deleted = await a.deleteMatching([[{ name: 'job', type: '=', value: 'bulk' }]]);
    await pushing;
    await inStep();
    const deletedKeys = new Set(deleted.map(key));
    // Every group there was before, and none twice, in grouping-key order.
    expect(deletedKeys.size).toBe(deleted.length);
    for (let i = 0; i < 300; i++) expect(deletedKeys.has(key(['job', 'bulk', 'n', String(i)]))).toBe(true);
    expect(deleted).toEqual([...deleted].sort((x, y) => compareGroupOrder(groupOrderParts(x), groupOrderParts(y))));
    // What it listed is gone on both stores; every other group stays.
    const kept = [['job', 'kept'], ...late.filter((l) => !deletedKeys.has(key(l)))].map(key).sort();
    for (const store of [a, b])
      expect(
        store
          .groups()
          .map((g) => key(g.labels))
          .sort(),
      ).toEqual(kept);
  });
});

describe('a group larger than the NATS servers take', () => {
  let r: Replicas;
  beforeAll(async () => {
    r = await startReplicas(2);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => r?.stop(), HOOK_TIMEOUT_MS);

  it('is refused with 500 at once, and served nowhere', async () => {
    const [a, b] = r.replicas.map((x) => x.url);
    // 1,600 families of 100 series: about 4 MB of text, a record over the cluster's max_payload of 8 MB.
    let body = '';
    for (let f = 0; f < 1600; f++) for (let i = 0; i < 100; i++) body += `big_${f}{i="${i}"} 1\n`;
    const refused = await push(a, 'PUT', '/metrics/job/big', body);
    expect(refused.status).toBe(500);
    expect(refused.body).toMatch(/^could not persist the change: the group's record is \d+ bytes, more than the NATS servers' max_payload of 8388608 bytes\n$/);
    expect(await push(b, 'PUT', '/metrics/job/small', 'small 1\n')).toEqual({ status: 200, body: '' });
    const page = await samePage([a, b]);
    expect(page).not.toContain('big_');
    expect(linesOf(page, 'small')).toEqual(['small{instance="",job="small"} 1']);
  });
});

describe('kill -9 of a NATS node and a replica during a stream of pushes', () => {
  let r: Replicas;
  beforeAll(async () => {
    r = await startReplicas(3);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => r?.stop(), HOOK_TIMEOUT_MS);

  it('keeps every acknowledged push on every surviving replica', { timeout: 180_000 }, async () => {
    const urls = r.replicas.map((x) => x.url);
    const TOTAL = 300;
    const KILL_AT = 100;
    const acked = new Map<number, number>();
    let next = 0;
    let killed: Promise<unknown> | undefined;
    // The stream goes on past TOTAL until 50 pushes after the kill were acknowledged (a new
    // stream leader may take seconds to be elected on a busy machine: 503 meanwhile), or 60 s.
    const started = Date.now();
    const ackedAfterKill = () => [...acked.keys()].filter((i) => i > KILL_AT + 20).length;
    const more = (i: number) => i < TOTAL || (ackedAfterKill() <= 50 && Date.now() - started < 60_000);
    const worker = async () => {
      for (let i = next++; more(i); i = next++) {
        if (i === KILL_AT) killed = Promise.all([r.nats.kill(0), r.replicas[2].kill()]);
        try {
          const res = await get(`${urls[i % 3]}/metrics/job/stream/n/${i}`, { method: 'PUT', body: `stream_value ${i}\n` }, 20_000);
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) acked.set(i, res.status);
          else {
            expect([503, 500]).toContain(res.status);
            // Unavailable while a leader is elected: not acknowledged; try again shortly.
            await sleep(100);
          }
        } catch {
          // The killed replica refuses connections: not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    await killed;
    // The stream went on after the kill, through the survivors.
    expect(ackedAfterKill()).toBeGreaterThan(50);
    const survivors = urls.slice(0, 2);
    const page = await samePage(survivors, 30_000);
    const served = new Set(linesOf(page, 'stream_value'));
    const missing = [...acked.keys()].filter((i) => !served.has(`stream_value{instance="",job="stream",n="${i}"} ${i}`));
    expect(missing).toEqual([]);
  });
});

describe('a replica that loses the store', () => {
  let r: Replicas;
  beforeAll(async () => {
    r = await startReplicas(2);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => r?.stop(), HOOK_TIMEOUT_MS);

  it('answers 503 to pushes and /-/ready, keeps serving its last state, and catches up when the store is back', { timeout: 240_000 }, async () => {
    const [a, b] = r.replicas.map((x) => x.url);
    expect(await push(a, 'PUT', '/metrics/job/kept', 'kept 1\n')).toEqual({ status: 200, body: '' });
    const before = await samePage([a, b]);
    // Two of three NATS servers gone: the bucket has no quorum, though a server still answers.
    await Promise.all([0, 1].map((i) => r.nats.kill(i)));
    // The survivor may go on answering the stream's info request, as a member of a group
    // without a leader or as a leader that no longer hears from its replicas: the replica
    // must see that no quorum stands behind that answer (within the 10 s NATS itself
    // takes to call a replica lost, and a 2 s check). Pushes meanwhile are refused.
    // Until the replica knows, a push may be sent and get no answer in time: its outcome is
    // unknown (the survivor may hold it and store it once a quorum is back), and the 503
    // says so. Once the replica knows, a push is refused without being sent ('lost').
    await waitFor('/-/ready to answer 503 without a quorum', 90_000, async () => {
      const unsure = await push(b, 'PUT', '/metrics/job/unsure', 'unsure 1\n');
      expect(unsure.status).toBe(503);
      expect(unsure.body).toMatch(
        /^the store is unavailable: (the bucket's stream does not answer|the NATS store did not confirm the change within 10 s; a change sent without an answer may still be stored)/,
      );
      return (await get(`${b}/-/ready`)).status === 503 ? true : undefined;
    });
    expect((await push(b, 'PUT', '/metrics/job/lost', 'lost 1\n')).status).toBe(503);
    expect(await sharedPage(b)).toBe(before);
    await r.nats.kill(2);
    await waitFor('/-/ready to answer 503', 20_000, async () => ((await get(`${a}/-/ready`)).status === 503 ? true : undefined));
    const refused = await push(a, 'PUT', '/metrics/job/lost', 'lost 1\n');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatch(/^the store is unavailable: /);
    expect(await sharedPage(a)).toBe(before);
    expect(await sharedPage(b)).toBe(before);
    expect((await storeState(a)).ready).toBe(0);

    for (const i of [0, 1, 2]) await r.nats.restart(i);
    for (const url of [a, b])
      await waitFor(`${url}/-/ready to answer 200`, 60_000, async () => ((await get(`${url}/-/ready`)).status === 200 ? true : undefined));
    // The first changes after the store is back may wait for the stream's leader.
    const back = await waitFor(
      'a push to be taken again',
      60_000,
      async () => {
        const res = await push(b, 'PUT', '/metrics/job/back', 'back 1\n');
        return res.status === 200 ? res : undefined;
      },
      500,
    );
    expect(back.status).toBe(200);
    const after = await samePage([a, b], 30_000);
    expect(linesOf(after, 'back')).toEqual(['back{instance="",job="back"} 1']);
    expect(linesOf(after, 'kept')).toEqual(['kept{instance="",job="kept"} 1']);
    expect(linesOf(after, 'lost')).toEqual([]);
  });
});

describe('a replica whose store cannot be reached at start', () => {
  it('exits with status 1, naming the servers', async () => {
    const { spawnSync } = await import('node:child_process');
    const port = await freePort();
    const out = spawnSync(process.execPath, ['bin/expofmt.js', 'serve', '--web.listen-address=127.0.0.1:0', `--store=nats://127.0.0.1:${port}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(`level=error msg="could not start" err="cannot reach the NATS servers 127.0.0.1:${port}: `);
  });
});
