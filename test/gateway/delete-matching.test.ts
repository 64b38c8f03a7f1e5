/**
 * Deletion by matcher (PUT/POST /api/v1/admin/delete_groups, only with
 * --web.enable-admin-api): what a selector deletes, the dry run, the 400s, and that the
 * deletion is one journal record that a restart replays whole.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Gateway, LocalStore, Logger, type MetricStore, parseFlags } from '../../src/gateway/index.js';
import { StoreUnavailableError } from '../../src/gateway/store/metric-store.js';
import { replay } from '../../src/gateway/persistence/journal.js';
import { type TestGateway, send, startTestGateway, stopAll } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-delete-matching-'));
});
afterEach(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

const GROUPS = [
  '/metrics/job/batch-1/env/prod',
  '/metrics/job/batch-2/env/dev',
  '/metrics/job/batch-3',
  '/metrics/job/xbatch-4/env/dev',
  '/metrics/job/api/env/dev',
];

async function fill(gw: TestGateway): Promise<void> {
  for (const path of GROUPS) expect((await send(gw, 'PUT', path, 'm 1\n')).status).toBe(200);
}
const groups = async (gw: TestGateway) =>
  ((await (await fetch(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<{ labels: Record<string, string> }> }).data.map((g) => g.labels);
const query = (match: string[], extra = '') => `?${match.map((m) => `match[]=${encodeURIComponent(m)}`).join('&')}${extra}`;

describe('delete_groups', () => {
  it('is not routed without --web.enable-admin-api', async () => {
    const gw = await startTestGateway();
    expect(await send(gw, 'PUT', `/api/v1/admin/delete_groups${query(['{job="a"}'])}`)).toMatchObject({ status: 404, body: '404 page not found\n' });
  });

  it('lists in a dry run exactly what it then deletes: groups matching any selector, all matchers of one', async () => {
    const gw = await startTestGateway(['--web.enable-admin-api']);
    await fill(gw);
    const q = query(['{job=~"batch-.*",env!="prod"}', '{job="api"}']);
    const dry = await send(gw, 'PUT', `/api/v1/admin/delete_groups${q}&dry_run=true`);
    const listed = {
      status: 'success',
      data: {
        dry_run: true,
        groups: [{ env: 'dev', job: 'api' }, { env: 'dev', job: 'batch-2' }, { job: 'batch-3' }],
      },
    };
    expect(dry.status).toBe(200);
    expect(dry.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(dry.body)).toEqual(listed);
    expect(await groups(gw)).toHaveLength(5);

    const real = await send(gw, 'POST', `/api/v1/admin/delete_groups${q}`);
    expect(real.status).toBe(200);
    expect(JSON.parse(real.body)).toEqual({ ...listed, data: { ...listed.data, dry_run: false } });
    // Grouping-key order (Pushgateway's): by the sorted label pairs' text.
    expect(await groups(gw)).toEqual([
      { env: 'dev', job: 'xbatch-4' },
      { env: 'prod', job: 'batch-1' },
    ]);
    expect(gw.logs.join('')).toContain('msg="deleted groups by matcher" match="{job=~\\"batch-.*\\",env!=\\"prod\\"} or {job=\\"api\\"}" groups=3');
    // Nothing matches any more: 200 with no groups.
    expect(JSON.parse((await send(gw, 'PUT', `/api/v1/admin/delete_groups${q}`)).body)).toEqual({ status: 'success', data: { dry_run: false, groups: [] } });
  });

  it('takes match[] from a form body too', async () => {
    const gw = await startTestGateway(['--web.enable-admin-api']);
    await fill(gw);
    const res = await send(gw, 'POST', '/api/v1/admin/delete_groups', `match[]=${encodeURIComponent('{env="dev"}')}`, {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(JSON.parse(res.body).data.groups).toHaveLength(3);
    expect(await groups(gw)).toEqual([{ env: 'prod', job: 'batch-1' }, { job: 'batch-3' }]);
  });

  it('answers 400 with the reason for a bad selector, and deletes nothing', async () => {
    const gw = await startTestGateway(['--web.enable-admin-api']);
    await fill(gw);
    const bad = async (q: string) => {
      const res = await send(gw, 'PUT', `/api/v1/admin/delete_groups${q}`);
      expect(res.status).toBe(400);
      return JSON.parse(res.body) as { status: string; errorType: string; error: string };
    };
    expect(await bad('')).toEqual({ status: 'error', errorType: 'bad_data', error: 'give at least one selector as match[]={job="..."}' });
    expect((await bad(query(['{job="api"}', '{job=~"("}']))).error).toBe('bad selector "{job=~\\"(\\"}": invalid regular expression "(": Unterminated group');
    expect((await bad(query(['{job!="api"}']))).error).toContain('at least one matcher that does not match the empty value');
    expect((await bad(query(['{job="api"']))).error).toBe('bad selector "{job=\\"api\\"": unexpected end of input at column 11');
    expect(await groups(gw)).toHaveLength(5);
  });

  it('is one journal record: a restart replays the deletion whole', async () => {
    const file = join(dir, 'pgw.data');
    const first = await startTestGateway(['--web.enable-admin-api', `--persistence.file=${file}`]);
    await fill(first);
    expect((await send(first, 'PUT', `/api/v1/admin/delete_groups${query(['{env="dev"}'])}`)).status).toBe(200);
    // Before the compaction at stop: the journal's last record is the deletion, all three groups in one line.
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines[lines.length - 1].slice(9))).toEqual({
      op: 'deleteGroups',
      labels: [
        ['env', 'dev', 'job', 'api'],
        ['env', 'dev', 'job', 'batch-2'],
        ['env', 'dev', 'job', 'xbatch-4'],
      ],
    });
    // Without its last line (a crash before the record was written) all three are there; with it none.
    const text = await readFile(file, 'utf8');
    const cut = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
    expect(replay(cut).groups).toHaveLength(5);
    expect(replay(text).groups.map((g) => g.labels)).toEqual([
      ['env', 'prod', 'job', 'batch-1'],
      ['job', 'batch-3'],
    ]);
    await first.stop();
    const second = await startTestGateway([`--persistence.file=${file}`]);
    expect(await groups(second)).toEqual([{ env: 'prod', job: 'batch-1' }, { job: 'batch-3' }]);
  });
});

describe('a store without deleteMatching', () => {
  it('answers 501 to a deletion, and still lists in a dry run', async () => {
    const parsed = parseFlags(['--web.enable-admin-api']);
    if ('help' in parsed) throw new Error('help');
    const logger = new Logger({ write: () => {} }, 'error', 'logfmt');
    const gateway = await Gateway.create({
      config: parsed.config,
      logger,
      defaultMetrics: false,
      // The default store, without `deleteMatching` (as a store written before it existed).
      store: async (context) =>
        Object.create(await LocalStore.open({ reserved: context.reserved, logger }), { deleteMatching: { value: undefined } }) as MetricStore,
    });
    expect((await gateway.push({ method: 'PUT', path: '/metrics/job/a', body: new TextEncoder().encode('m 1\n') })).status).toBe(200);
    expect(await gateway.deleteMatching(['{job="a"}'], true)).toEqual({
      status: 200,
      body: '{"status":"success","data":{"dry_run":true,"groups":[{"job":"a"}]}}',
    });
    expect(await gateway.deleteMatching(['{job="a"}'], false)).toEqual({
      status: 501,
      body: '{"status":"error","errorType":"internal","error":"this store cannot delete groups by matcher"}',
    });
    expect(gateway.groups()).toHaveLength(1);
    await gateway.close();
  });
});

describe('a store out of reach (a replicated store without its servers)', () => {
  it('answers 503 with the reason, as the status API says it, and deletes nothing', async () => {
    const parsed = parseFlags(['--web.enable-admin-api']);
    if ('help' in parsed) throw new Error('help');
    const logger = new Logger({ write: () => {} }, 'error', 'logfmt');
    const gateway = await Gateway.create({
      config: parsed.config,
      logger,
      defaultMetrics: false,
      store: async (context) =>
        Object.create(await LocalStore.open({ reserved: context.reserved, logger }), {
          deleteMatching: {
            value: () => Promise.reject(new StoreUnavailableError('not connected to the NATS servers')),
          },
        }) as MetricStore,
    });
    expect((await gateway.push({ method: 'PUT', path: '/metrics/job/a', body: new TextEncoder().encode('m 1\n') })).status).toBe(200);
    expect(await gateway.deleteMatching(['{job="a"}'], false)).toEqual({
      status: 503,
      body: '{"status":"error","errorType":"unavailable","error":"the store is unavailable: not connected to the NATS servers"}',
    });
    expect(gateway.groups()).toHaveLength(1);
    await gateway.close();
  });
});
