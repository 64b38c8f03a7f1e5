/**
 * `expofmt lint --group` and `expofmt merge` judge payloads exactly as `expofmt serve`
 * does (issue 17): the same verdict for every payload of a table, the same page after the
 * same pushes. And `/api/v1/metrics` writes -0 as the real Pushgateway does. Everything is
 * a real process: the built CLI, `expofmt serve`, `prometheus-pushgateway`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderProtobuf } from '../../src/index.js';
import { BIN } from '../cli/run-cli-process.js';
import { type ChildServer, HOOK_TIMEOUT_MS, freePort, get, pushedPage, requireBuiltCli, requireProgram, startChild, startServe } from './support.js';

const PROTOBUF = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const dir = mkdtempSync(join(tmpdir(), 'expofmt-agree-'));

function lintExit(body: Uint8Array | string, group: string, contentType?: string): { code: number | null; stdout: string } {
  const path = join(dir, 'payload');
  writeFileSync(path, body);
  const args = ['lint', '-f', 'json', '--group', group, ...(contentType ? ['--content-type', contentType] : []), path];
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout };
}

async function push(url: string, method: 'PUT' | 'POST', path: string, body: Uint8Array | string, contentType?: string): Promise<number> {
  const res = await get(`${url}${path}`, {
    method,
    body: typeof body === 'string' ? body : Buffer.from(body),
    headers: contentType ? { 'content-type': contentType } : {},
  });
  await res.arrayBuffer();
  return res.status;
}

let serve: ChildServer;
beforeAll(async () => {
  requireBuiltCli();
  serve = await startServe();
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await serve?.stop();
});

describe('lint --group gives the verdict expofmt serve gives', () => {
  const payloads: Array<[string, Uint8Array | string, string | undefined]> = [
    ['valid 0.0.4', '# HELP ok_total Ok.\n# TYPE ok_total counter\nok_total 1\n', undefined],
    ['OpenMetrics with an exemplar (the gateway reads 0.0.4)', '# TYPE om counter\nom_total 1 # {trace_id="a"} 1\n# EOF\n', undefined],
    ['OpenMetrics with a seconds timestamp, its own Content-Type', 'om2 1 1.5\n# EOF\n', 'application/openmetrics-text; version=1.0.0'],
    ['OpenMetrics info type', '# TYPE build info\nbuild_info{v="1"} 1\n# EOF\n', undefined],
    ['a timestamp', 'stamped 1 1700000000000\n', undefined],
    ['a repeated series', 'rep 1\nrep 2\n', undefined],
    ['a reserved label name', 'res{__x="1"} 1\n', undefined],
    ['the gateway’s own family with another type', '# TYPE process_cpu_seconds_total gauge\nprocess_cpu_seconds_total 1\n', undefined],
    ['a summary and its _count family', '# TYPE s summary\ns_count 1\n# TYPE s_count gauge\n', undefined],
    ['histogram buckets that go down (tolerated)', '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 3\nh_sum 1\nh_count 3\n', undefined],
    ['a syntax error', 'bad{a=1} 1\n', undefined],
    ['protobuf with its Content-Type', renderProtobuf([{ name: 'pb', type: 'gauge', metrics: [{ labels: [], value: 2 }] }]), PROTOBUF],
    ['protobuf sent as text', renderProtobuf([{ name: 'pb2', type: 'gauge', metrics: [{ labels: [], value: 2 }] }]), undefined],
    ['a UTF-8 metric name (UTF-8 names are off)', '{"my.metric"} 1\n', undefined],
    [
      'a UTF-8 label name in protobuf (UTF-8 names are off)',
      renderProtobuf([{ name: 'pb3', type: 'gauge', metrics: [{ labels: ['a.b', 'x'], value: 1 }] }]),
      PROTOBUF,
    ],
  ];
  for (const [name, body, contentType] of payloads) {
    it(name, async () => {
      const status = await push(serve.url, 'PUT', '/metrics/job/agree', body, contentType);
      expect([200, 400]).toContain(status);
      expect(await push(serve.url, 'PUT', '/metrics/job/agree', '')).toBe(200); // back to an empty group
      const lint = lintExit(body, 'job=agree', contentType);
      expect({ status, lint: lint.code }).toEqual({ status, lint: status === 200 ? 0 : 1 });
    });
  }
});

describe('merge prints the page expofmt serve serves after the same pushes', () => {
  it('replaces a group pushed twice (PUT), updates by family with POST, refuses timestamps', async () => {
    const files = {
      a1: '# TYPE jobs counter\njobs{q="x"} 1\n# TYPE left gauge\nleft 1\n',
      a2: '# TYPE jobs counter\njobs{q="x"} 2\n',
      b1: '# TYPE jobs counter\njobs{q="y"} 7\n',
      b2: '# TYPE other gauge\nother 3\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.prom`), text);
    const f = (name: string) => join(dir, `${name}.prom`);
    const served = await startServe();
    try {
      expect(await push(served.url, 'PUT', '/metrics/job/a', files.a1)).toBe(200);
      expect(await push(served.url, 'PUT', '/metrics/job/a', files.a2)).toBe(200);
      expect(await push(served.url, 'PUT', '/metrics/job/b', files.b1)).toBe(200);
      expect(await push(served.url, 'POST', '/metrics/job/b', files.b2)).toBe(200);
      const page = (await pushedPage(served.url)).replace(/^(# (HELP|TYPE) )?push_(failure_)?time_seconds.*\n/gm, '');
      const merged = spawnSync(
        process.execPath,
        [BIN, 'merge', '-g', 'job=a', f('a1'), '-g', 'job=a', f('a2'), '-g', 'job=b', f('b1'), '--method', 'POST', '-g', 'job=b', f('b2')],
        { encoding: 'utf8' },
      );
      expect(merged.stderr).toBe('');
      expect(merged.status).toBe(0);
      expect(merged.stdout).toBe(page);
      expect(page).toBe(
        '# TYPE jobs counter\njobs{instance="",job="a",q="x"} 2\njobs{instance="",job="b",q="y"} 7\n# TYPE other gauge\nother{instance="",job="b"} 3\n',
      );

      writeFileSync(f('stamped'), 'stamped 1 1700000000000\n');
      expect(await push(served.url, 'PUT', '/metrics/job/c', 'stamped 1 1700000000000\n')).toBe(400);
      const refused = spawnSync(process.execPath, [BIN, 'merge', '-g', 'job=c', f('stamped')], { encoding: 'utf8' });
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(`${f('stamped')}:1:1: pushed metrics must not have timestamps [E_TIMESTAMP_NOT_ALLOWED]\n`);
    } finally {
      await served.stop();
    }
  });
});

describe('/api/v1/metrics writes -0 as Pushgateway does', () => {
  it('the same "value" and "sum" strings as prometheus-pushgateway', async () => {
    const program = requireProgram('prometheus-pushgateway');
    const port = await freePort();
    const real = await startChild(program, [`--web.listen-address=127.0.0.1:${port}`], port, '/-/ready');
    try {
      const body = 'negzero -0\n# TYPE s summary\ns{quantile="0.5"} -0\ns_sum -0\ns_count 0\n';
      for (const url of [real.url, serve.url]) expect(await push(url, 'PUT', '/metrics/job/negzero', body)).toBe(200);
      const metricsOf = async (url: string) => {
        const data = (await (await get(`${url}/api/v1/metrics`)).json()) as { data: Array<Record<string, { metrics?: unknown[] }>> };
        const group = data.data.find((g) => (g.labels as unknown as Record<string, string>).job === 'negzero')!;
        return { negzero: group.negzero.metrics, s: group.s.metrics };
      };
      const theirs = await metricsOf(real.url);
      expect(theirs.negzero).toEqual([{ labels: { instance: '', job: 'negzero' }, value: '-0' }]);
      expect(await metricsOf(serve.url)).toEqual(theirs);
    } finally {
      await real.stop();
    }
  }, 60_000);
});
